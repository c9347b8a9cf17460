import Fluent
import Vapor

/// The admin page to browse and filter the audit log.
struct AuditController {

    struct Filter {
        var action: AuditEvent.Action?
        var recordType = ""
        var userID: UUID?
        var from: Date?
        var to: Date?
        var raw: [String: String] = [:]
        var errors = FormErrors()

        init(_ req: Request) {
            for key in ["action", "record_type", "user", "from", "to"] { raw[key] = req.query[String.self, at: key] ?? "" }
            if let text = raw["action"], !text.isEmpty {
                action = AuditEvent.Action(rawValue: text)
                if action == nil { errors.add("action", "Select an action from the list") }
            }
            recordType = raw["record_type"] ?? ""
            if let text = raw["user"], !text.isEmpty {
                userID = UUID(uuidString: text)
                if userID == nil { errors.add("user", "Select a user from the list") }
            }
            from = Self.date(raw["from"], field: "from", label: "From", errors: &errors)
            to = Self.date(raw["to"], field: "to", label: "To", errors: &errors).map { $0.addingTimeInterval(86_400) }
            if let from, let to, from >= to { errors.add("to", "‘To’ date must be the same as or after the ‘From’ date") }
        }

        /// A calendar date typed as YYYY-MM-DD, taken as the start of that day in Europe/London.
        static func date(_ text: String?, field: String, label: String, errors: inout FormErrors) -> Date? {
            guard let text, !text.isEmpty else { return nil }
            let parts = text.split(separator: "-").compactMap { Int($0) }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/London")!
            guard parts.count == 3, (2000...2100).contains(parts[0]), let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                  calendar.component(.day, from: date) == parts[2] else {
                errors.add(field, "‘\(label)’ must be a real date, like 2026-03-27")
                return nil
            }
            return date
        }
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let filter = Filter(req)
        var ignored = FormErrors()
        let paging = PageRequest.from(req, defaultPer: 50, errors: &ignored)
        var query = tenant.query(AuditEvent.self)
        if filter.errors.isEmpty {
            if let action = filter.action { query = query.filter(\.$action == action) }
            if !filter.recordType.isEmpty { query = query.filter(\.$recordType == filter.recordType) }
            if let user = filter.userID { query = query.filter(\.$userID == user) }
            if let from = filter.from { query = query.filter(\.$at >= from) }
            if let to = filter.to { query = query.filter(\.$at < to) }
        }
        let total = try await query.count()
        let events = try await query.copy().sort(\.$at, .descending).range(paging.offset..<(paging.offset + paging.per)).all()
        let users = try await tenant.query(User.self).sort(\.$name).all()
        let recordTypes = req.application.features.flatMap(\.auditRecordTypes)
        let labels = Dictionary(recordTypes.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })
        let rows = events.map { e in
            AuditLogPage.Row(at: DisplayFormat.dateTime(e.at), actor: e.actor, action: e.action.label,
                             recordType: labels[e.recordType] ?? e.recordType, summary: e.summary, ipAddress: e.ipAddress ?? "")
        }
        let filters = [
            FormField(name: "action", label: "Action", kind: .select, value: filter.raw["action"] ?? "",
                      options: [.init(value: "", label: "Any action", selected: filter.action == nil)]
                        + AuditEvent.Action.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == filter.action) }),
            FormField(name: "record_type", label: "Record", kind: .select, value: filter.recordType,
                      options: [.init(value: "", label: "Any record", selected: filter.recordType.isEmpty)]
                        + recordTypes.map { .init(value: $0.key, label: $0.label, selected: $0.key == filter.recordType) }),
            FormField(name: "user", label: "By", kind: .select, value: filter.raw["user"] ?? "",
                      options: [.init(value: "", label: "Anyone", selected: filter.userID == nil)]
                        + users.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == filter.userID) }),
            FormField(name: "from", label: "From (YYYY-MM-DD)", value: filter.raw["from"] ?? "", widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "to", label: "To (YYYY-MM-DD)", value: filter.raw["to"] ?? "", widthClass: "govuk-input--width-10", spellcheck: false),
        ].map { $0.with(errors: filter.errors) }
        let page = AuditLogPage(rows: rows, filters: filters,
                                pagination: PaginationView(page: paging.page, per: paging.per, total: total, path: Accounts.Routes.auditLog.path, query: filter.raw),
                                errors: filter.errors)
        return try await req.render(page, status: filter.errors.isEmpty ? .ok : .badRequest)
    }
}
