import CohesionCore
import Fluent
import Vapor

/// Staff pages to list, add and edit organisations, and the read-only API.
struct OrganisationsController {
    func register(_ routes: RoutesBuilder) {
        routes.on(.GET, "organisations", access: .permission(.viewOrganisations), use: index)
        routes.on(.GET, "organisations", "new", access: .permission(.addOrganisations), use: new)
        routes.form("organisations", "new", access: .permission(.addOrganisations), use: create)
        routes.on(.GET, "organisations", ":id", access: .permission(.viewOrganisations), use: show)
        routes.on(.GET, "organisations", ":id", "edit", access: .permission(.editOrganisations), use: edit)
        routes.form("organisations", ":id", "edit", access: .permission(.editOrganisations), use: update)
        let api = routes.grouped("api", "v1")
        api.on(.GET, "organisations", access: .permission(.viewOrganisations), use: apiIndex)
        api.on(.GET, "organisations", ":id", access: .permission(.viewOrganisations), use: apiShow)
    }

    // MARK: Listing

    struct Row: Encodable {
        let id: String
        let name: String
        let type: String
        let locality: String
        let partnershipMember: Bool
    }

    struct IndexPage: Encodable {
        let rows: [Row]
        let filters: [FormField]
        let pagination: PaginationView
        let canCreate: Bool
        let searched: Bool
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let filter = try OrganisationFilter(req)
        let localities = try await OrganisationQueries.localities(tenant)
        let result = try await OrganisationQueries.list(filter, localities: localities, tenant: tenant)
        let names = Dictionary(uniqueKeysWithValues: localities.map { ($0.id, $0.name) })
        let rows = result.items.map { org in
            Row(id: org.id!.uuidString, name: org.name, type: org.type.label,
                locality: org.$locality.id.flatMap { names[$0] } ?? "—", partnershipMember: org.partnershipMember)
        }
        let user = try req.requireUser()
        let page = IndexPage(
            rows: rows, filters: filter.fields(localities: localities.map { ($0.code, $0.name) }),
            pagination: PaginationView(page: filter.paging.page, per: filter.paging.per, total: result.total,
                                       basePath: "/organisations", query: filter.query),
            canCreate: Policy.allows(user.role, .addOrganisations), searched: filter.isFiltered)
        return try await req.renderPage("organisations/index", title: "Organisations", page,
                                        breadcrumbs: [.init(href: "/dashboard", label: "Dashboard")])
    }

    // MARK: One organisation

    struct ShowPage: Encodable {
        let id: String
        let name: String
        let rows: [SummaryRow]
        let canEdit: Bool
    }

    struct SummaryRow: Encodable { let key: String; let value: String; let href: String? }

    @Sendable func show(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let org = try await tenant.require(Organisation.self, req.parameters.get("id", as: UUID.self))
        let locality = try await tenant.find(Area.self, org.$locality.id)
        let place = try await LocateController.areas(ofPostcode: org.postcode, tenant: tenant)
        var rows: [SummaryRow] = [
            .init(key: "Type", value: org.type.label, href: nil),
            .init(key: "Charity number", value: org.charityNumber ?? "Not given", href: nil),
            .init(key: "Company number", value: org.companyNumber ?? "Not given", href: nil),
            .init(key: "Locality", value: locality?.name ?? "Not in one locality", href: locality.map { "/areas/" + $0.code }),
            .init(key: "Partnership member", value: org.partnershipMember ? "Yes" : "No", href: nil),
            .init(key: "Contact", value: org.contactName ?? "Not given", href: nil),
            .init(key: "Email", value: org.contactEmail ?? "Not given", href: org.contactEmail.map { "mailto:" + $0 }),
            .init(key: "Phone", value: org.contactPhone ?? "Not given", href: nil),
            .init(key: "Website", value: org.website ?? "Not given", href: org.website),
            .init(key: "Postcode", value: org.postcode ?? "Not given", href: nil),
            .init(key: "Notes", value: org.notes ?? "None", href: nil),
        ]
        // Where the postcode is, from the council's postcode directory when it has been imported.
        if let ward = place?.ward {
            rows.insert(.init(key: "Ward (from postcode)", value: ward.name, href: "/areas/" + ward.code), at: rows.count - 1)
        }
        return try await req.renderPage("organisations/show", title: org.name,
            ShowPage(id: try org.requireID().uuidString, name: org.name, rows: rows, canEdit: Policy.mayEdit(try req.requireUser(), org)),
            breadcrumbs: [.init(href: "/dashboard", label: "Dashboard"), .init(href: "/organisations", label: "Organisations")])
    }

    // MARK: Adding and editing

    struct FormPage: Encodable {
        let heading: String
        let action: String
        let cancel: String
        let fields: [FormField]
        let errors: [FormErrors.Item]
        let submitLabel: String
    }

    func renderForm(_ req: Request, form: OrganisationForm, errors: FormErrors, existing: Organisation?) async throws -> Response {
        let localities = try await OrganisationQueries.localities(req.tenant, for: try req.requireUser())
        let heading = existing.map { "Edit \($0.name)" } ?? "Add an organisation"
        let action = existing.map { "/organisations/\($0.id!.uuidString)/edit" } ?? "/organisations/new"
        let page = FormPage(heading: heading, action: action,
                            cancel: existing.map { "/organisations/\($0.id!.uuidString)" } ?? "/organisations",
                            fields: form.fields(localities: localities.map { ($0.code, $0.name) }, errors: errors),
                            errors: errors.items, submitLabel: existing == nil ? "Add organisation" : "Save changes")
        return try await req.renderPage("organisations/form", title: heading, page,
            breadcrumbs: [.init(href: "/dashboard", label: "Dashboard"), .init(href: "/organisations", label: "Organisations")],
            errors: errors, status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        var form = OrganisationForm()
        form.type = ""
        if user.role == .localityLead, let locality = try await req.tenant.find(Area.self, user.$locality.id) { form.locality = locality.code }
        return try await renderForm(req, form: form, errors: .init(), existing: nil)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let tenant = try req.tenant
        let form = OrganisationForm(SubmittedForm(req))
        let localities = try await OrganisationQueries.localityIDs(tenant, for: user)
        let org = tenant.adopt(Organisation())
        var errors = form.validate(into: org, localities: localities)
        if errors.isEmpty, !Policy.mayCreateOrganisation(user, inLocality: org.$locality.id) {
            if user.role == .localityLead { errors.add("locality", "Select your own locality") }
            else { throw Abort(.forbidden, reason: "Your account can't add organisations.") }
        }
        guard errors.isEmpty else { return try await renderForm(req, form: form, errors: errors, existing: nil) }
        try await req.db.transaction { db in
            try await org.create(on: db)
            try await AuditLog.record(.create, recordType: "organisation", recordID: org.id,
                summary: ChangeSummary.describe(created: org.auditFields), by: user, council: tenant.councilID, on: db, request: req)
        }
        return Flash.redirect(req, to: "/organisations/\(try org.requireID())", message: "\(org.name) has been added")
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let org = try await tenant.require(Organisation.self, req.parameters.get("id", as: UUID.self))
        guard Policy.mayEdit(try req.requireUser(), org) else { throw Abort(.forbidden, reason: "You can only edit organisations you look after.") }
        let locality = try await tenant.find(Area.self, org.$locality.id)
        return try await renderForm(req, form: OrganisationForm(org, localityCode: locality?.code), errors: .init(), existing: org)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let user = try req.requireUser()
        let org = try await tenant.require(Organisation.self, req.parameters.get("id", as: UUID.self))
        guard Policy.mayEdit(user, org) else { throw Abort(.forbidden, reason: "You can only edit organisations you look after.") }
        let before = org.auditFields
        let form = OrganisationForm(SubmittedForm(req))
        var localities = try await OrganisationQueries.localityIDs(tenant, for: user)
        // A partner or lead may keep an organisation's current locality even if it isn't theirs.
        if let current = try await tenant.find(Area.self, org.$locality.id) { localities[current.code] = current.id }
        var errors = form.validate(into: org, localities: localities)
        if errors.isEmpty, org.$locality.id != before["locality"].flatMap(UUID.init(uuidString:)),
           !Policy.mayAssign(user, locality: org.$locality.id) {
            errors.add("locality", "Select your own locality")
        }
        guard errors.isEmpty else {
            let original = try await tenant.require(Organisation.self, org.id)
            return try await renderForm(req, form: form, errors: errors, existing: original)
        }
        try await req.db.transaction { db in
            try await org.update(on: db)
            try await AuditLog.recordChange(recordType: "organisation", recordID: org.id, before: before,
                                            after: org.auditFields, request: req, on: db)
        }
        return Flash.redirect(req, to: "/organisations/\(try org.requireID())", message: "Your changes have been saved")
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

    @Sendable func apiShow(_ req: Request) async throws -> OrganisationDTO {
        guard let id = req.parameters.get("id", as: UUID.self) else {
            throw ValidationProblem(errors: { var e = FormErrors(); e.add("id", "id must be a UUID, like 3f2b8c1e-1d2a-4c1b-9e8f-0a1b2c3d4e5f"); return e }())
        }
        let tenant = try req.tenant
        let org = try await tenant.require(Organisation.self, id)
        let locality = try await tenant.find(Area.self, org.$locality.id)
        return OrganisationDTO(org, localityCode: locality?.code)
    }
}

/// An organisation as the API gives it.
struct OrganisationDTO: Content {
    let id: UUID
    let name: String
    let type: String
    let charityNumber: String?
    let companyNumber: String?
    let localityCode: String?
    let partnershipMember: Bool
    let contactName: String?
    let contactEmail: String?
    let contactPhone: String?
    let website: String?
    let postcode: String?

    init(_ org: Organisation, localityCode: String?) {
        id = org.id!
        name = org.name
        type = org.type.rawValue
        charityNumber = org.charityNumber
        companyNumber = org.companyNumber
        self.localityCode = localityCode
        partnershipMember = org.partnershipMember
        contactName = org.contactName
        contactEmail = org.contactEmail
        contactPhone = org.contactPhone
        website = org.website
        postcode = org.postcode
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

    init(_ req: Request, api: Bool = false) throws {
        var errors = FormErrors()
        paging = PageRequest.from(req, defaultPer: api ? 50 : 25, errors: &errors)
        search = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        if search.count > 100 { errors.add("q", "Search must be 100 characters or fewer") }
        if let raw = req.query[String.self, at: "type"], !raw.isEmpty {
            type = OrganisationType(rawValue: raw)
            if type == nil { errors.add("type", "type must be one of: " + OrganisationType.allCases.map(\.rawValue).joined(separator: ", ")) }
        }
        locality = req.query[String.self, at: "locality"] ?? ""
        let partnerText = req.query[String.self, at: "partnership_member"] ?? ""
        partnership = ["yes", "true"].contains(partnerText) ? true : ["no", "false"].contains(partnerText) ? false : nil
        if !["", "yes", "true", "no", "false", "any"].contains(partnerText) {
            errors.add("partnership_member", "partnership_member must be yes or no")
        }
        if !errors.isEmpty {
            if api { throw ValidationProblem(errors: errors) }
            // On the page, ignore a hand-edited bad filter rather than failing the listing.
            if errors["type"] != nil { type = nil }
            if errors["q"] != nil { search = String(search.prefix(100)) }
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
        return user.role == .localityLead ? all.filter { $0.id == user.$locality.id } : all
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
