import CohesionCore
import Fluent
import Vapor

/// The register's staff pages (list, one asset, add, edit, due for review) and the API.
/// Routes and their access are declared in Assets.swift; record rules in AssetPolicy.
struct AssetsController {
    // MARK: Listing

    @Sendable func index(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let user = try req.requireUser()
        let query = SubmittedForm(urlEncoded: req.url.query ?? "")
        var errors = FormErrors()
        var filter = DirectoryFilter(query: query, defaultPer: 25, errors: &errors)
        filter.postcode = ""
        let status = AssetStatus(rawValue: query["status"])
        var categoryFilter = filter
        let individuals = query["category"] == AssetCategory.individuals.rawValue && AssetPolicy.seesAnyIndividuals(user)
        if individuals { categoryFilter.category = nil }
        let choices = try await AssetQueries.filterChoices(tenant, index: req.application.directoryIndex)
        let result = try await AssetQueries.register(categoryFilter, status: status, onlyIndividuals: individuals, user: user,
                                                       index: req.application.directoryIndex, tenant: tenant)
        let terms = try await AssetQueries.termNames(tenant)
        let wardNames = Dictionary(uniqueKeysWithValues: choices.wards.map { ($0.code, $0.name) })
        let rows = result.items.map { asset in
            AssetListPage.Row(id: asset.id!, name: asset.name, category: asset.category.label,
                              term: asset.$taxonomyTerm.id.flatMap { terms[$0] }, ward: asset.wardCode.flatMap { wardNames[$0] } ?? "—",
                              status: asset.status, nextReview: asset.nextReview.flatMap(CalendarDate.init(iso:))?.spoken ?? "—")
        }
        var linkQuery = filter.query
        if let status { linkQuery["status"] = status.rawValue }
        if individuals { linkQuery["category"] = AssetCategory.individuals.rawValue }
        return try await req.render(AssetListPage(
            rows: rows,
            filters: AssetListPage.filterFields(filter, status: status, individuals: individuals, choices: choices,
                                                categories: AssetPolicy.categories(for: user)),
            pagination: PaginationView(page: filter.paging.page, per: filter.paging.per, total: result.total,
                                       path: Assets.Routes.index.path, query: linkQuery),
            canCreate: Policy.allows(user.role, .addAssets), canImport: Policy.allows(user.role, .importAssets),
            canManageTaxonomy: Policy.allows(user.role, .manageAssetTaxonomy), searched: filter.isFiltered || status != nil))
    }

    // MARK: One asset

    @Sendable func show(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        let user = try req.requireUser()
        let asset = try await tenant.require(Asset.self, id)
        guard AssetPolicy.mayView(user, asset) else { throw Abort(.forbidden, reason: "Only the cohesion team and the locality's lead see individuals' records.") }
        if asset.category == .individuals {
            // Reading a person's record is itself recorded (DESIGN.md: reads of personal data).
            try await AuditLog.record(.view, .asset, recordID: asset.id, summary: "Viewed an individual's record",
                                      by: user, council: tenant.councilID, on: req.db, request: req)
        }
        let details = try await AssetDetails.load(asset, tenant: tenant)
        return try await req.render(AssetPage(asset: details, canEdit: AssetPolicy.mayEdit(user, asset),
                                              canDelete: Policy.allows(user.role, .deleteAssets)))
    }

    @Sendable func reviews(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let user = try req.requireUser()
        let today = CalendarDate.inLondon(Date())
        let due = try await AssetReminders.due(for: user, tenant: tenant, today: today)
        return try await req.render(AssetReviewsPage(rows: due.map { asset in
            .init(id: asset.id!, name: asset.name, due: asset.nextReview.flatMap(CalendarDate.init(iso:))?.spoken ?? "—",
                  lastChecked: asset.lastVerified.flatMap(CalendarDate.init(iso:))?.spoken ?? "Never")
        }))
    }

    // MARK: Adding and editing

    func choices(_ req: Request, user: User) async throws -> AssetForm.Choices {
        let tenant = try req.tenant
        var organisations = try await tenant.query(Organisation.self).sort(\.$name).all().map { (id: $0.id!, name: $0.name) }
        if user.role == .partner { organisations = organisations.filter { $0.id == user.organisationID } }
        var wards = try await AssetQueries.wards(tenant)
        if user.role == .localityLead { wards = wards.filter { $0.localityID == user.localityID } }
        return AssetForm.Choices(terms: try await tenant.query(AssetTaxonomyTerm.self).sort(\.$name).all(), organisations: organisations,
                                 wards: wards.map { ($0.code, $0.name) }, categories: AssetPolicy.categories(for: user))
    }

    func renderForm(_ req: Request, form: AssetForm, errors: FormErrors, existing: Asset?) async throws -> Response {
        let user = try req.requireUser()
        let choices = try await choices(req, user: user)
        return try await req.render(AssetFormPage(
            existing: try existing.map { (try $0.requireID(), $0.name) },
            submission: existing == nil ? (UUID(uuidString: form.submission)?.uuidString ?? UUID().uuidString) : nil,
            fields: form.fields(choices: choices, errors: errors, lockOrganisation: user.role == .partner),
            errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        var form = AssetForm()
        if user.role == .partner { form.organisation = user.organisationID?.uuidString ?? "" }
        return try await renderForm(req, form: form, errors: .init(), existing: nil)
    }

    /// Checks a submitted form against `asset` (new or loaded) and the user's rights; writes it
    /// to the asset when all is well.
    func apply(_ form: AssetForm, to asset: Asset, req: Request, user: User) async throws -> FormErrors {
        let tenant = try req.tenant
        var errors = FormErrors()
        let location = try await AssetLocation.resolve(form.locationInput, tenant: tenant, council: try req.council,
                                                       cache: req.application.geographyCache, errors: &errors)
        let choices = try await choices(req, user: user)
        form.validate(into: asset, choices: choices, location: location, today: CalendarDate.inLondon(Date()), errors: &errors)
        if errors.isEmpty, !AssetPolicy.mayPlace(user, locality: asset.$locality.id, organisation: asset.$organisation.id, category: asset.category) {
            switch user.role {
            case .localityLead: errors.add("postcode", "This place is outside your locality. Check the postcode, point or ward, or ask the cohesion team")
            case .partner: errors.add("organisation", "Select your own organisation")
            default: throw Abort(.forbidden, reason: "Your account can't add or change this asset.")
            }
        }
        return errors
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let tenant = try req.tenant
        let form = AssetForm(SubmittedForm(req))
        let asset = tenant.adopt(Asset())
        asset.isExample = false
        let errors = try await apply(form, to: asset, req: req, user: user)
        guard errors.isEmpty else { return try await renderForm(req, form: form, errors: errors, existing: nil) }
        asset.submissionID = UUID(uuidString: form.submission)?.uuidString
        if let earlier = try await Self.sameSubmission(asset, tenant: tenant) { return Self.alreadyAdded(req, earlier) }
        do {
            try await req.db.transaction { db in
                try await asset.create(on: db)
                try await AuditLog.record(.create, .asset, recordID: asset.id, summary: ChangeSummary.describe(created: asset.auditFields),
                                          by: user, council: tenant.councilID, on: db, request: req)
            }
        } catch {
            // The same form sent twice at once: the unique index let one through.
            guard (error as? any DatabaseError)?.isConstraintFailure == true,
                  let earlier = try await Self.sameSubmission(asset, tenant: tenant) else { throw error }
            return Self.alreadyAdded(req, earlier)
        }
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Assets.Routes.show.path(try asset.requireID()), message: "\(asset.name) has been added")
    }

    /// The asset an earlier sending of the same form added, if any.
    static func sameSubmission(_ asset: Asset, tenant: TenantScope) async throws -> Asset? {
        guard let submission = asset.submissionID else { return nil }
        return try await tenant.query(Asset.self).filter(\.$submissionID == submission).first()
    }

    static func alreadyAdded(_ req: Request, _ earlier: Asset) -> Response {
        Flash.redirect(req, to: Assets.Routes.show.path(earlier.id!), message: "\(earlier.name) has been added")
    }

    func editable(_ req: Request, id: UUID) async throws -> (Asset, User) {
        let user = try req.requireUser()
        let asset = try await req.tenant.require(Asset.self, id)
        guard AssetPolicy.mayEdit(user, asset) else { throw Abort(.forbidden, reason: "You can only change assets you look after.") }
        return (asset, user)
    }

    @Sendable func edit(_ req: Request, id: UUID) async throws -> Response {
        let (asset, _) = try await editable(req, id: id)
        let term = try await req.tenant.find(AssetTaxonomyTerm.self, asset.$taxonomyTerm.id)
        return try await renderForm(req, form: AssetForm(asset, termCode: term?.code), errors: .init(), existing: asset)
    }

    @Sendable func update(_ req: Request, id: UUID) async throws -> Response {
        let (asset, user) = try await editable(req, id: id)
        let before = asset.auditFields
        let form = AssetForm(SubmittedForm(req))
        let errors = try await apply(form, to: asset, req: req, user: user)
        guard errors.isEmpty else {
            return try await renderForm(req, form: form, errors: errors, existing: try await req.tenant.require(Asset.self, id))
        }
        try await req.db.transaction { db in
            try await asset.update(on: db)
            try await AuditLog.recordChange(.asset, recordID: asset.id, before: before, after: asset.auditFields, request: req, on: db)
        }
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Assets.Routes.show.path(id), message: "Your changes have been saved")
    }

    // MARK: Deleting

    @Sendable func confirmDelete(_ req: Request, id: UUID) async throws -> Response {
        let asset = try await req.tenant.require(Asset.self, id)
        guard AssetPolicy.mayView(try req.requireUser(), asset) else { throw Abort(.forbidden) }
        return try await req.render(AssetDeletePage(id: id, name: asset.name, isPerson: asset.category == .individuals))
    }

    /// Removes the asset and the suggestions about it, in one transaction with its audit entry
    /// (which, for a person, doesn't repeat their details).
    @Sendable func delete(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        let user = try req.requireUser()
        let asset = try await tenant.require(Asset.self, id)
        guard AssetPolicy.mayView(user, asset) else { throw Abort(.forbidden) }
        let name = asset.name, isPerson = asset.category == .individuals
        // The form says so explicitly: a bare POST (a mistaken script, a crawler) deletes nothing.
        guard SubmittedForm(req)["confirm"] == "yes" else {
            return try await req.render(AssetDeletePage(id: id, name: name, isPerson: isPerson), status: .unprocessableEntity)
        }
        try await req.db.transaction { db in
            try await AssetSuggestion.query(on: db).filter(\.$asset.$id == id).delete()
            try await asset.delete(on: db)
            try await AuditLog.record(.delete, .asset, recordID: id,
                                      summary: isPerson ? "Deleted an individual's record" : "Deleted \(name)",
                                      by: user, council: tenant.councilID, on: db, request: req)
        }
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Assets.Routes.index.path, message: isPerson ? "The person's record has been deleted" : "\(name) has been deleted")
    }

    // MARK: API

    /// Anyone may read published assets; a signed-in member of staff with the register's
    /// permission also sees drafts and archived ones (never individuals: the API has no
    /// record-level audit of reads).
    @Sendable func apiIndex(_ req: Request) async throws -> PageDTO<AssetDTO> {
        let tenant = try req.tenant
        let query = SubmittedForm(urlEncoded: req.url.query ?? "")
        var errors = FormErrors()
        let filter = DirectoryFilter(query: query, defaultPer: AssetAPI.defaultPer, errors: &errors)
        let staff = req.currentUser.map { Policy.allows($0.role, .viewAssets) } ?? false
        let status = query["status"].isEmpty ? nil : AssetStatus(rawValue: query["status"])
        if !query["status"].isEmpty, status == nil { errors.add("status", "status must be draft, published or archived") }
        guard errors.isEmpty else { throw ValidationProblem(errors: errors) }
        // The public see published assets only: asking for drafts finds none rather than failing.
        if !staff, let status, status != .published {
            return PageDTO(items: [], page: filter.paging.page, per: filter.paging.per, total: 0)
        }
        var origin: GeoPosition?
        if !filter.postcode.isEmpty {
            switch try await DirectoryQuery.origin(ofPostcode: filter.postcode, tenant: tenant, council: try req.council) {
            case .success(let point): origin = point
            case .failure(let problem): throw Abort(.notFound, reason: problem.message)
            }
        }
        let result = try await DirectoryQuery.run(filter, scope: staff ? .register(includeIndividuals: false, localityForIndividuals: nil, status: status) : .publicOnly,
                                                  index: req.application.directoryIndex, tenant: tenant, origin: origin, now: Date())
        let details = try await AssetDetails.load(result.items, tenant: tenant, reference: AssetReference.kept(tenant, index: req.application.directoryIndex))
        return PageDTO(items: details.map { AssetDTO($0, distance: result.distances[$0.asset.id!]) },
                       page: filter.paging.page, per: filter.paging.per, total: result.total)
    }

    @Sendable func apiShow(_ req: Request, id: UUID) async throws -> AssetDTO {
        let tenant = try req.tenant
        let staff = req.currentUser.map { Policy.allows($0.role, .viewAssets) } ?? false
        guard let asset = try await tenant.find(Asset.self, id), asset.category.mayBePublic, staff || asset.isPublic else {
            throw Abort(.notFound, reason: "No published asset has that id.")
        }
        return AssetDTO(try await AssetDetails.load(asset, tenant: tenant), distance: nil)
    }
}
