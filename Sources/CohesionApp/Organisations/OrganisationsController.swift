import CohesionCore
import Fluent
import Vapor

/// The staff pages to list, add and edit organisations, and the read-only API.
/// Routes and their access are declared in Organisations.swift.
struct OrganisationsController {
    // MARK: Listing

    @Sendable func index(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let filter = try OrganisationFilter(req)
        let localities = try await OrganisationQueries.localities(tenant)
        let result = try await OrganisationQueries.list(filter, localities: localities, tenant: tenant)
        let names = Dictionary(uniqueKeysWithValues: localities.map { ($0.id, $0.name) })
        let rows = try result.items.map { org in
            OrganisationListPage.Row(id: try org.requireID(), name: org.name, type: org.type.label,
                                     locality: org.$locality.id.flatMap { names[$0] } ?? "—", partnershipMember: org.partnershipMember)
        }
        return try await req.render(OrganisationListPage(
            rows: rows, filters: filter.fields(localities: localities.map { ($0.code, $0.name) }),
            pagination: PaginationView(page: filter.paging.page, per: filter.paging.per, total: result.total,
                                       path: Organisations.Routes.index.path, query: filter.query),
            canCreate: Policy.allows(try req.requireUser().role, .addOrganisations), searched: filter.isFiltered))
    }

    // MARK: One organisation

    @Sendable func show(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        let org = try await tenant.require(Organisation.self, id)
        let locality = try await tenant.find(Area.self, org.$locality.id)
        let place = try await LocateController.areas(ofPostcode: org.postcode, tenant: tenant)
        var rows: [SummaryRow] = [
            .init(key: "Type", value: org.type.label),
            .init(key: "Charity number", value: org.charityNumber ?? "Not given"),
            .init(key: "Company number", value: org.companyNumber ?? "Not given"),
            .init(key: "Locality", value: locality?.name ?? "Not in one locality", link: locality.map { Places.Routes.area.path(AreaCode($0.code)) }),
            .init(key: "Partnership member", value: org.partnershipMember ? "Yes" : "No"),
            .init(key: "Contact", value: org.contactName ?? "Not given"),
            .init(key: "Email", value: org.contactEmail ?? "Not given", externalLink: org.contactEmail.map { "mailto:" + $0 }),
            .init(key: "Phone", value: org.contactPhone ?? "Not given"),
            .init(key: "Website", value: org.website ?? "Not given", externalLink: org.website),
            .init(key: "Postcode", value: org.postcode ?? "Not given"),
            .init(key: "Notes", value: org.notes ?? "None"),
        ]
        // Where the postcode is, from the council's postcode directory when it has been imported.
        if let ward = place?.ward {
            rows.insert(.init(key: "Ward (from postcode)", value: ward.name, link: Places.Routes.area.path(AreaCode(ward.code))), at: rows.count - 1)
        }
        return try await req.render(OrganisationPage(
            id: id, name: org.name, rows: rows, canEdit: OrganisationPolicy.mayEdit(try req.requireUser(), org)))
    }

    // MARK: Adding and editing

    func renderForm(_ req: Request, form: OrganisationForm, errors: FormErrors, existing: Organisation?) async throws -> Response {
        let user = try req.requireUser()
        let localities = try await OrganisationQueries.localities(req.tenant, for: user)
        let editable = existing == nil ? Set(OrganisationForm.Field.allCases) : OrganisationPolicy.editableFields(for: user)
        var locked: [SummaryRow] = []
        if let existing, editable != Set(OrganisationForm.Field.allCases) {
            let locality = try await req.tenant.find(Area.self, existing.$locality.id)
            locked = [
                .init(key: "Name", value: existing.name), .init(key: "Type", value: existing.type.label),
                .init(key: "Charity number", value: existing.charityNumber ?? "Not given"),
                .init(key: "Company number", value: existing.companyNumber ?? "Not given"),
                .init(key: "Locality", value: locality?.name ?? "Not in one locality"),
                .init(key: "Partnership member", value: existing.partnershipMember ? "Yes" : "No"),
                .init(key: "Notes", value: existing.notes ?? "None"),
            ]
        }
        return try await req.render(OrganisationFormPage(
            existing: try existing.map { (try $0.requireID(), $0.name) },
            fields: form.fields(localities: localities.map { ($0.code, $0.name) }, errors: errors, editable: editable),
            lockedFields: locked, errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        var form = OrganisationForm()
        if user.role == .localityLead, let locality = try await req.tenant.find(Area.self, user.localityID) { form.locality = locality.code }
        return try await renderForm(req, form: form, errors: .init(), existing: nil)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let tenant = try req.tenant
        let form = OrganisationForm(SubmittedForm(req))
        let localities = try await OrganisationQueries.localityIDs(tenant, for: user)
        let org = tenant.adopt(Organisation())
        var errors = form.validate(into: org, localities: localities)
        if errors.isEmpty, !OrganisationPolicy.mayCreate(user, inLocality: org.$locality.id) {
            if user.role == .localityLead { errors.add("locality", "Select your own locality") }
            else { throw Abort(.forbidden, reason: "Your account can't add organisations.") }
        }
        guard errors.isEmpty else { return try await renderForm(req, form: form, errors: errors, existing: nil) }
        try await req.db.transaction { db in
            try await org.create(on: db)
            try await AuditLog.record(.create, .organisation, recordID: org.id,
                summary: ChangeSummary.describe(created: org.auditFields), by: user, council: tenant.councilID, on: db, request: req)
        }
        return Flash.redirect(req, to: Organisations.Routes.show.path(try org.requireID()), message: "\(org.name) has been added")
    }

    /// The organisation, if `user` may edit it; otherwise 403 (or 404 when it isn't this council's).
    func editable(_ req: Request, id: UUID) async throws -> (Organisation, User) {
        let user = try req.requireUser()
        let org = try await req.tenant.require(Organisation.self, id)
        guard OrganisationPolicy.mayEdit(user, org) else { throw Abort(.forbidden, reason: "You can only edit organisations you look after.") }
        return (org, user)
    }

    @Sendable func edit(_ req: Request, id: UUID) async throws -> Response {
        let (org, _) = try await editable(req, id: id)
        let locality = try await req.tenant.find(Area.self, org.$locality.id)
        return try await renderForm(req, form: OrganisationForm(org, localityCode: locality?.code), errors: .init(), existing: org)
    }

    @Sendable func update(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        let (org, user) = try await editable(req, id: id)
        let before = org.auditFields
        let current = try await tenant.find(Area.self, org.$locality.id)
        let original = OrganisationForm(org, localityCode: current?.code)
        let submitted = SubmittedForm(req)
        let editableFields = OrganisationPolicy.editableFields(for: user)
        let refused = OrganisationForm.lockedChanges(in: submitted, original: original, editable: editableFields)
        guard refused.isEmpty else {
            throw Abort(.forbidden, reason: "Your account can change only the contact details of this organisation, not its "
                + refused.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ") + ". Ask the cohesion team.")
        }
        let form = OrganisationForm(submitted).keeping(original, except: editableFields)
        var localities = try await OrganisationQueries.localityIDs(tenant, for: user)
        // A partner or lead may keep an organisation's current locality even if it isn't theirs.
        if let current { localities[current.code] = current.id }
        var errors = form.validate(into: org, localities: localities)
        if errors.isEmpty, org.$locality.id != current?.id, !OrganisationPolicy.mayAssign(user, locality: org.$locality.id) {
            errors.add("locality", "Select your own locality")
        }
        guard errors.isEmpty else {
            return try await renderForm(req, form: form, errors: errors, existing: try await tenant.require(Organisation.self, id))
        }
        try await req.db.transaction { db in
            try await org.update(on: db)
            try await AuditLog.recordChange(.organisation, recordID: org.id, before: before, after: org.auditFields, request: req, on: db)
        }
        return Flash.redirect(req, to: Organisations.Routes.show.path(id), message: "Your changes have been saved")
    }

    // MARK: API

    @Sendable func apiIndex(_ req: Request) async throws -> PageDTO<OrganisationDTO> {
        let tenant = try req.tenant
        let filter = try OrganisationFilter(req, api: true)
        let localities = try await OrganisationQueries.localities(tenant)
        let result = try await OrganisationQueries.list(filter, localities: localities, tenant: tenant)
        let codes = Dictionary(uniqueKeysWithValues: localities.map { ($0.id, $0.code) })
        return PageDTO(items: result.items.map { OrganisationDTO($0, localityCode: $0.$locality.id.flatMap { codes[$0] }) },
                       page: filter.paging.page, per: filter.paging.per, total: result.total)
    }

    @Sendable func apiShow(_ req: Request, id: UUID) async throws -> OrganisationDTO {
        let tenant = try req.tenant
        let org = try await tenant.require(Organisation.self, id)
        let locality = try await tenant.find(Area.self, org.$locality.id)
        return OrganisationDTO(org, localityCode: locality?.code)
    }
}

/// The listing's filters, read from the query string and checked.
struct OrganisationFilter {
    var search = ""
    var type: OrganisationType?
    var locality = ""
    /// nil: everyone; true: partnership members only; false: non-members only.
    var partnership: Bool?
    var paging: PageRequest

    /// What `q` may be (the OpenAPI document states the same): up to 100 characters.
    static let searchRule = TextRule.freeText(maxLength: 100)
    /// `locality` is any code; an unknown one matches nothing.
    static let localityRule = TextRule.freeText()
    static let partnershipChoices: [String: Bool?] = ["": nil, "any": nil, "yes": true, "true": true, "no": false, "false": false]
    /// Organisations per page in the API when the request doesn't say (the page shows 25).
    static let apiDefaultPer = 50

    init(_ req: Request, api: Bool = false) throws {
        var errors = FormErrors()
        paging = PageRequest.from(req, defaultPer: api ? Self.apiDefaultPer : 25, errors: &errors)
        let searchText = req.query[String.self, at: "q"] ?? ""
        search = searchText.trimmingCharacters(in: .whitespaces)
        if !Self.searchRule.accepts(searchText) { errors.add("q", "Search must be \(Self.searchRule.maxLength ?? 0) characters or fewer") }
        if let raw = req.query[String.self, at: "type"], !raw.isEmpty {
            type = OrganisationType(rawValue: raw)
            if type == nil { errors.add("type", "type must be one of: " + OrganisationType.allCases.map(\.rawValue).joined(separator: ", ")) }
        }
        locality = req.query[String.self, at: "locality"] ?? ""
        let partnerText = req.query[String.self, at: "partnership_member"] ?? ""
        if let choice = Self.partnershipChoices[partnerText] {
            partnership = choice
        } else {
            errors.add("partnership_member", "partnership_member must be yes or no")
        }
        if !errors.isEmpty {
            if api { throw ValidationProblem(errors: errors) }
            // On the page, ignore a hand-edited bad filter rather than failing the listing.
            if errors["type"] != nil { type = nil }
            if errors["q"] != nil { search = String(search.unicodeScalars.prefix(Self.searchRule.maxLength ?? 0)) }
        }
    }

    var isFiltered: Bool { !search.isEmpty || type != nil || !locality.isEmpty || partnership != nil }

    var query: [String: String] {
        ["q": search, "type": type?.rawValue ?? "", "locality": locality, "partnership_member": partnership.map { $0 ? "yes" : "no" } ?? ""]
    }

    func fields(localities: [(code: String, name: String)]) -> [FormField] {
        [
            FormField(name: "q", label: "Name contains", value: search),
            FormField(name: "type", label: "Type", kind: .select, value: type?.rawValue ?? "",
                      options: [.init(value: "", label: "Any type", selected: type == nil)]
                        + OrganisationType.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == type) }),
            FormField(name: "locality", label: "Locality", kind: .select, value: locality,
                      options: [.init(value: "", label: "Any locality", selected: locality.isEmpty)]
                        + localities.map { .init(value: $0.code, label: $0.name, selected: $0.code == locality) }),
            FormField(name: "partnership_member", label: "Partnership", kind: .select, value: partnership.map { $0 ? "yes" : "no" } ?? "",
                      options: [.init(value: "", label: "Members and others", selected: partnership == nil),
                                .init(value: "yes", label: "Partnership members", selected: partnership == true),
                                .init(value: "no", label: "Not partnership members", selected: partnership == false)]),
        ]
    }
}

/// Organisation queries, apart from HTTP.
enum OrganisationQueries {
    struct Locality { let id: UUID; let code: String; let name: String }

    static func localities(_ tenant: TenantScope) async throws -> [Locality] {
        try await tenant.query(Area.self).filter(\.$kind == .locality).sort(\.$name).all()
            .map { Locality(id: $0.id!, code: $0.code, name: $0.name) }
    }

    /// The localities a user may pick on the form: a lead only their own.
    static func localities(_ tenant: TenantScope, for user: User) async throws -> [Locality] {
        let all = try await localities(tenant)
        return user.role == .localityLead ? all.filter { $0.id == user.localityID } : all
    }

    static func localityIDs(_ tenant: TenantScope, for user: User) async throws -> [String: UUID] {
        Dictionary(uniqueKeysWithValues: try await localities(tenant, for: user).map { ($0.code, $0.id) })
    }

    static func list(_ filter: OrganisationFilter, localities: [Locality], tenant: TenantScope) async throws -> (items: [Organisation], total: Int) {
        var query = tenant.query(Organisation.self)
        if !filter.search.isEmpty { query = Search.contains(query, \.$name, filter.search, on: tenant.database) }
        if let type = filter.type { query = query.filter(\.$type == type) }
        if !filter.locality.isEmpty {
            let id = localities.first { $0.code == filter.locality }?.id ?? UUID()
            query = query.filter(\.$locality.$id == id)
        }
        if let partnership = filter.partnership { query = query.filter(\.$partnershipMember == partnership) }
        let total = try await query.count()
        let items = try await query.copy().sort(\.$name)
            .range(filter.paging.offset..<(filter.paging.offset + filter.paging.per)).all()
        return (items, total)
    }
}
