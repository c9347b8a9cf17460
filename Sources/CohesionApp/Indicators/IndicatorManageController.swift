import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Setting indicators up, recomputing computed values, and partners entering theirs (on the
/// form, or many at once from a CSV file, all or nothing).
struct IndicatorManageController {
    @Sendable func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let all = try await req.tenant.query(Indicator.self).sort(\.$code).all()
        let manages = Policy.allows(user.role, .manageIndicators)
        let shown = manages ? all : all.filter { IndicatorPolicy.mayEnterValues(user, for: $0) }
        return try await req.render(IndicatorManagePage(indicators: shown, manages: manages, user: user))
    }

    @Sendable func recompute(_ req: Request) async throws -> Response {
        let outcome = try await IndicatorCatalogue.recompute(features: req.application.features, tenant: try req.tenant,
                                                            by: req.currentUser, ipAddress: req.clientAddress, now: req.now)
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Indicators.Routes.manage.path,
                              message: "\(DisplayFormat.count(outcome.values, "value")) recomputed\(outcome.added > 0 ? "; \(DisplayFormat.count(outcome.added, "indicator")) added" : "").")
    }

    // MARK: Settings

    @Sendable func new(_ req: Request) async throws -> Response {
        try await req.render(IndicatorFormPage(indicator: nil, form: IndicatorForm(indicator: nil), organisations: try await organisations(req)))
    }

    @Sendable func create(_ req: Request) async throws -> Response { try await save(req, existing: nil) }

    @Sendable func edit(_ req: Request, code: IndicatorCode) async throws -> Response {
        let indicator = try await find(req, code)
        return try await req.render(IndicatorFormPage(indicator: indicator, form: IndicatorForm(indicator: indicator), organisations: try await organisations(req)))
    }

    @Sendable func update(_ req: Request, code: IndicatorCode) async throws -> Response {
        try await save(req, existing: try await find(req, code))
    }

    private func save(_ req: Request, existing: Indicator?) async throws -> Response {
        let tenant = try req.tenant
        let orgs = try await organisations(req)
        var form = IndicatorForm(SubmittedForm(req), existing: existing, organisations: orgs.map(\.id))
        if existing == nil, form.errors["code"] == nil, try await tenant.query(Indicator.self).filter(\.$code == form.typed["code"]!).first() != nil {
            form.errors.add("code", "There is already an indicator \(form.typed["code"]!). Choose another code")
        }
        guard form.errors.isEmpty else {
            return try await req.render(IndicatorFormPage(indicator: existing, form: form, organisations: orgs), status: .unprocessableEntity)
        }
        let indicator = existing ?? tenant.adopt(Indicator())
        let before = existing.map(\.auditFields) ?? [:]
        form.apply(to: indicator, isNew: existing == nil)
        do {
            try await req.db.transaction { db in
                try await indicator.save(on: db)
                if existing == nil {
                    try await AuditLog.record(.create, .indicator, recordID: indicator.id, summary: "indicator added: \(indicator.code) \(indicator.title)",
                                              by: req.currentUser, council: tenant.councilID, on: db, request: req)
                } else {
                    try await AuditLog.recordChange(.indicator, recordID: indicator.id, before: before, after: indicator.auditFields, request: req, on: db)
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            form.errors.add("code", "There is already an indicator \(indicator.code). Choose another code")
            return try await req.render(IndicatorFormPage(indicator: existing, form: form, organisations: orgs), status: .conflict)
        }
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Indicators.Routes.manage.path, message: existing == nil ? "Indicator added." : "Indicator saved.")
    }

    // MARK: Values from partners

    @Sendable func valuesForm(_ req: Request, code: IndicatorCode) async throws -> Response {
        let indicator = try await findForEntry(req, code)
        return try await renderValues(req, indicator, form: IndicatorValueForm())
    }

    @Sendable func saveValue(_ req: Request, code: IndicatorCode) async throws -> Response {
        let indicator = try await findForEntry(req, code)
        let areas = try await AreaRollup.load(req.tenant)
        let form = IndicatorValueForm(SubmittedForm(req), unit: indicator.unit, areas: areas)
        guard form.errors.isEmpty, let value = form.value else {
            return try await renderValues(req, indicator, form: form, status: .unprocessableEntity)
        }
        try await store([value], for: indicator, req: req, what: "value entered for \(areas.names[value.areaCode] ?? value.areaCode), \(value.periodLabel)")
        return Flash.redirect(req, to: Indicators.Routes.enterValues.path(code), message: "Value saved for \(areas.names[value.areaCode] ?? value.areaCode), \(value.periodLabel).")
    }

    @Sendable func uploadValues(_ req: Request, code: IndicatorCode) async throws -> Response {
        let indicator = try await findForEntry(req, code)
        var upload: StreamedUpload?
        do {
            upload = try await StreamedUpload.receive(req, fileField: IndicatorValuesPage.fileField, maxBytes: 5 * 1_048_576)
        } catch StreamedUpload.Problem.tooLarge {
            return try await renderValues(req, indicator, form: IndicatorValueForm(), fileError: "The file is larger than 5 MB", status: .payloadTooLarge)
        }
        defer { upload?.discard() }
        guard let file = upload?.file, file.size > 0, let data = try await upload?.fileData(req) else {
            return try await renderValues(req, indicator, form: IndicatorValueForm(), fileError: "Choose a CSV file of values", status: .unprocessableEntity)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return try await renderValues(req, indicator, form: IndicatorValueForm(), fileError: "\(file.filename) is not UTF-8 text. In Excel, save it as “CSV UTF-8”", status: .unprocessableEntity)
        }
        let areas = try await AreaRollup.load(req.tenant)
        switch IndicatorValueFile.parse(text, unit: indicator.unit, areas: areas) {
        case .failure(let found):
            let problems = found.list
            return try await renderValues(req, indicator, form: IndicatorValueForm(),
                                          fileError: "\(file.filename) has \(problems.count == 1 ? "a problem" : "\(problems.count) problems"), listed below. Nothing was saved",
                                          problems: Array(problems.prefix(100)), status: .unprocessableEntity)
        case .success(let values):
            try await store(values, for: indicator, req: req, what: "\(DisplayFormat.count(values.count, "value")) imported from \(file.filename)")
            return Flash.redirect(req, to: Indicators.Routes.enterValues.path(code), message: "\(DisplayFormat.count(values.count, "value")) saved from \(file.filename).")
        }
    }

    /// Each value replaces any for the same area and period; the provenance names who entered it.
    private func store(_ values: [IndicatorSourceValue], for indicator: Indicator, req: Request, what: String) async throws {
        let user = try req.requireUser(), tenant = try req.tenant
        let id = try indicator.requireID()
        let stamped = values.map { value -> IndicatorSourceValue in
            var copy = value
            copy.source = "Entered by \(user.name) on \(DisplayFormat.date(CalendarDate.inLondon(req.now)))" + (value.source.isEmpty ? "" : ": " + value.source)
            return copy
        }
        try await req.db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            // One statement a period (a file usually has one or two), not one a value.
            for (period, same) in Dictionary(grouping: stamped, by: \.periodKey) {
                try await sql.delete(from: IndicatorValue.schema).where("indicator_id", .equal, id)
                    .where("period_key", .equal, period).where("area_code", .in, same.map(\.areaCode)).run()
            }
            try await IndicatorCatalogue.insert(stamped, for: indicator, enteredBy: user.id, now: req.now, on: db)
            try await AuditLog.record(.update, .indicator, recordID: id, summary: "\(indicator.code): \(what)",
                                      by: user, council: tenant.councilID, on: db, request: req)
        }
        req.application.publicPageCache.invalidate()
    }

    private func renderValues(_ req: Request, _ indicator: Indicator, form: IndicatorValueForm, fileError: String? = nil,
                              problems: [IndicatorValueFile.Problem] = [], status: HTTPStatus = .ok) async throws -> Response {
        let tenant = try req.tenant
        let recent = try await tenant.query(IndicatorValue.self).filter(\.$indicator.$id == indicator.requireID())
            .sort(\.$recordedAt, .descending).range(..<50).all()
        var errors = form.errors
        if let fileError { errors.add(IndicatorValuesPage.fileField, fileError) }
        return try await req.render(IndicatorValuesPage(indicator: indicator, form: form, errors: errors, problems: problems,
                                                        areas: try await AreaRollup.load(tenant), recent: recent), status: status)
    }

    private func find(_ req: Request, _ code: IndicatorCode) async throws -> Indicator {
        guard let indicator = try await req.tenant.query(Indicator.self).filter(\.$code == code.value).first() else { throw Abort(.notFound) }
        return indicator
    }

    /// A partner's own indicators only; another's answers 404, as if it weren't there.
    private func findForEntry(_ req: Request, _ code: IndicatorCode) async throws -> Indicator {
        let indicator = try await find(req, code)
        guard IndicatorPolicy.mayEnterValues(try req.requireUser(), for: indicator) else { throw Abort(.notFound) }
        return indicator
    }

    private func organisations(_ req: Request) async throws -> [(id: UUID, name: String)] {
        try await req.tenant.query(Organisation.self).sort(\.$name).all().map { ($0.id!, $0.name) }
    }
}

extension Indicator {
    var auditFields: [String: String] {
        ["title": title, "definition": definition, "unit": unit.label, "polarity": polarity.label,
         "target": target.map(IndicatorForm.number) ?? "", "on target from": greenThreshold.map(IndicatorForm.number) ?? "",
         "close to target from": amberThreshold.map(IndicatorForm.number) ?? "", "public": isPublic ? "yes" : "no",
         "partner": partnerOrganisationID?.uuidString ?? "",
         "tags": (performanceAreas + marmotObjectives + equalityModules).joined(separator: "; ")]
    }
}

/// A partner's CSV of values: `area_code,period,period_start,period_end,value[,lower,upper,n,source]`.
enum IndicatorValueFile {
    struct Problem: Sendable { let line: Int; let column: String; let message: String }
    struct Problems: Error { let list: [Problem] }

    static let columns = ["area_code", "period", "period_start", "period_end", "value", "lower", "upper", "n", "source"]
    static let required = ["area_code", "period", "period_start", "period_end", "value"]
    static let formField = ["area_code": "area", "period": "period", "period_start": "starts", "period_end": "ends", "value": "value",
                            "lower": "lower", "upper": "upper", "n": "n", "source": "source"]

    static func parse(_ text: String, unit: IndicatorUnit, areas: AreaRollup) -> Result<[IndicatorSourceValue], Problems> {
        let records: [CSVRecord]
        do { records = try CSVReader.records(in: text) } catch { return .failure(Problems(list: [Problem(line: 1, column: "", message: error.description)])) }
        guard let header = records.first else { return .failure(Problems(list: [Problem(line: 1, column: "", message: "The file is empty")])) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "\u{FEFF}", with: "") }
        let missing = required.filter { !names.contains($0) }
        guard missing.isEmpty else {
            return .failure(Problems(list: [Problem(line: header.line, column: missing.joined(separator: ", "),
                                     message: "The header row needs the columns \(required.joined(separator: ", ")); \(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") missing")]))
        }
        var problems: [Problem] = [], values: [IndicatorSourceValue] = [], seen: [String: Int] = [:]
        let body = records.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        if body.count > 10_000 { return .failure(Problems(list: [Problem(line: 0, column: "", message: "The file has more than 10,000 rows: split it")])) }
        for record in body {
            guard record.fields.count == names.count else {
                problems.append(Problem(line: record.line, column: "", message: "The row has \(record.fields.count) values but the header has \(names.count) columns"))
                continue
            }
            var row: [String: String] = [:]
            for (name, field) in zip(names, record.fields) { if let key = formField[name] { row[key] = field } }
            switch IndicatorValueForm.check(row, unit: unit, areas: areas) {
            case .failure(let found):
                let columnOf = Dictionary(formField.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                problems += found.list.map { Problem(line: record.line, column: columnOf[$0.field] ?? $0.field, message: $0.message) }
            case .success(let value):
                let key = value.areaCode + "|" + value.periodKey
                if let first = seen[key] {
                    problems.append(Problem(line: record.line, column: "area_code", message: "The same area and period as line \(first)"))
                } else {
                    seen[key] = record.line
                    values.append(value)
                }
            }
        }
        if values.isEmpty && problems.isEmpty { problems.append(Problem(line: 2, column: "", message: "The file has no values under its header")) }
        return problems.isEmpty ? .success(values) : .failure(Problems(list: problems))
    }
}
