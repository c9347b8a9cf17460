import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The council's finer types of asset within the six ABCD categories. A new council starts with
/// these; officers add, rename and describe them.
enum AssetTaxonomy {
    static let defaults: [(AssetCategory, String, String)] = [
        (.individuals, "skills-to-share", "Skills to share"),
        (.individuals, "interpreting", "Languages and interpreting"),
        (.associations, "residents-association", "Residents' association"),
        (.associations, "faith-group", "Faith group"),
        (.associations, "sports-club", "Sports club"),
        (.associations, "womens-group", "Women's group"),
        (.associations, "youth-group", "Youth group"),
        (.associations, "cultural-association", "Cultural or community association"),
        (.institutions, "school", "School or college"),
        (.institutions, "library", "Library"),
        (.institutions, "esol-provider", "ESOL and English classes"),
        (.institutions, "health-service", "Health service"),
        (.institutions, "advice-service", "Advice service"),
        (.physicalSpaces, "community-centre", "Community hall or centre"),
        (.physicalSpaces, "place-of-worship", "Place of worship"),
        (.physicalSpaces, "green-space", "Park or green space"),
        (.physicalSpaces, "community-garden", "Allotment or community garden"),
        (.physicalSpaces, "sports-facility", "Sports facility"),
        (.economicExchange, "local-business", "Local business"),
        (.economicExchange, "market", "Market"),
        (.economicExchange, "food-bank", "Food bank or pantry"),
        (.economicExchange, "community-cafe", "Community café"),
        (.storiesAndCulture, "heritage", "Heritage and local history"),
        (.storiesAndCulture, "festival", "Festival or celebration"),
        (.storiesAndCulture, "arts-group", "Arts and music"),
    ]

    static func createDefaults(for councilID: UUID, on db: Database) async throws {
        for (category, code, name) in defaults {
            let term = AssetTaxonomyTerm()
            term.councilID = councilID
            term.category = category
            term.code = code
            term.name = name
            try await term.create(on: db)
        }
    }

    /// A term's code: lower-case letters, digits and hyphens, as in a web address.
    static let codeRule = TextRule(minLength: 2, maxLength: 60, pattern: "^[a-z0-9]+(-[a-z0-9]+)*$")
}

/// The officers' pages for the taxonomy: list, add, edit.
struct AssetTaxonomyController {
    @Sendable func index(_ req: Request) async throws -> Response {
        let terms = try await req.tenant.query(AssetTaxonomyTerm.self).sort(\.$name).all()
        struct Count: Decodable { let taxonomy_term_id: UUID?; let n: Int }
        let counts = try await req.tenant.select(from: Asset.schema).column("taxonomy_term_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").groupBy("taxonomy_term_id").all(decoding: Count.self)
        let byTerm = Dictionary(counts.compactMap { c in c.taxonomy_term_id.map { ($0, c.n) } }, uniquingKeysWith: +)
        return try await req.render(AssetTaxonomyPage(groups: AssetCategory.allCases.map { category in
            (category, terms.filter { $0.category == category }.map { ($0.id!, $0.name, $0.code, byTerm[$0.id!] ?? 0) })
        }))
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        try await req.render(AssetTermFormPage(existing: nil, fields: Self.fields(category: "", code: "", name: "", description: "", errors: .init(), isNew: true),
                                               errors: .init()))
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let form = SubmittedForm(req)
        let term = tenant.adopt(AssetTaxonomyTerm())
        var errors = try await Self.validate(form, into: term, tenant: tenant, isNew: true)
        if errors.isEmpty {
            do {
                try await req.db.transaction { db in
                    try await term.create(on: db)
                    try await AuditLog.record(.create, .assetTaxonomyTerm, recordID: term.id, summary: ChangeSummary.describe(created: term.auditFields),
                                              by: req.currentUser, council: tenant.councilID, on: db, request: req)
                }
                req.application.publicPageCache.invalidate()
                return Flash.redirect(req, to: Assets.Routes.taxonomy.path, message: "\(term.name) has been added")
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Two officers adding the same code at once: the unique index decides.
                errors.add("code", "A type with this code already exists")
            }
        }
        return try await req.render(AssetTermFormPage(existing: nil, fields: Self.fields(category: form["category"], code: form["code"], name: form["name"],
                                                                                          description: form["description"], errors: errors, isNew: true),
                                                      errors: errors), status: .unprocessableEntity)
    }

    @Sendable func edit(_ req: Request, id: UUID) async throws -> Response {
        let term = try await req.tenant.require(AssetTaxonomyTerm.self, id)
        return try await req.render(AssetTermFormPage(existing: (id, term.name),
                                                      fields: Self.fields(category: term.category.rawValue, code: term.code, name: term.name,
                                                                          description: term.description ?? "", errors: .init(), isNew: false),
                                                      errors: .init()))
    }

    @Sendable func update(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        let term = try await tenant.require(AssetTaxonomyTerm.self, id)
        let before = term.auditFields
        let form = SubmittedForm(req)
        let errors = try await Self.validate(form, into: term, tenant: tenant, isNew: false)
        guard errors.isEmpty else {
            return try await req.render(AssetTermFormPage(existing: (id, before["name"] ?? ""),
                                                          fields: Self.fields(category: term.category.rawValue, code: term.code, name: form["name"],
                                                                              description: form["description"], errors: errors, isNew: false),
                                                          errors: errors), status: .unprocessableEntity)
        }
        try await req.db.transaction { db in
            try await term.update(on: db)
            try await AuditLog.recordChange(.assetTaxonomyTerm, recordID: term.id, before: before, after: term.auditFields, request: req, on: db)
        }
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Assets.Routes.taxonomy.path, message: "Your changes have been saved")
    }

    /// The category and code are fixed once a term exists (assets, CSV files and Open Referral
    /// consumers refer to them); the name and description can change.
    static func validate(_ form: SubmittedForm, into term: AssetTaxonomyTerm, tenant: TenantScope, isNew: Bool) async throws -> FormErrors {
        var errors = FormErrors()
        if isNew {
            let category = AssetCategory(rawValue: form["category"])
            if category == nil { errors.add("category", "Select the kind of asset this is a type of") }
            let code = form["code"].lowercased()
            if !AssetTaxonomy.codeRule.accepts(code) { errors.add("code", "Enter a code of lower-case letters, digits and hyphens, like community-hall") }
            else if try await tenant.query(AssetTaxonomyTerm.self).filter(\.$code == code).first() != nil { errors.add("code", "A type with this code already exists") }
            if let category { term.category = category }
            term.code = code
        }
        let name = form["name"], description = form["description"]
        if name.isEmpty { errors.add("name", "Enter the type's name") } else if name.count > 100 { errors.add("name", "Name must be 100 characters or fewer") }
        if description.count > 500 { errors.add("description", "Description must be 500 characters or fewer") }
        term.name = name
        term.description = description.isEmpty ? nil : description
        return errors
    }

    static func fields(category: String, code: String, name: String, description: String, errors: FormErrors, isNew: Bool) -> [FormField] {
        var fields: [FormField] = []
        if isNew {
            fields.append(FormField(name: "category", label: "Kind of asset", kind: .radios, value: category,
                                    options: AssetCategory.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == category) }))
            fields.append(FormField(name: "code", label: "Code", value: code, hint: "Lower-case letters, digits and hyphens, like community-hall. It can't be changed later",
                                    widthClass: "govuk-input--width-20", spellcheck: false))
        }
        fields.append(FormField(name: "name", label: "Name", value: name))
        fields.append(FormField(name: "description", label: "Description (optional)", kind: .textarea, value: description))
        return fields.map { $0.with(errors: errors) }
    }
}

struct AssetTaxonomyPage: Page {
    let groups: [(AssetCategory, [(id: UUID, name: String, code: String, count: Int)])]

    var title: String { "Types of asset" }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Assets", link: Assets.Routes.index.path)]
    }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        Paragraph("The finer types within the six kinds of community asset. They are published as an Open Referral UK taxonomy.")
        P(.class("govuk-body")) { ButtonLink("Add a type", to: Assets.Routes.newTerm.path) }
        for (category, terms) in groups {
            DataTable(caption: category.label, captionVisible: true, columns: [.init("Type"), .init("Code"), .init("Assets", numeric: true)]) {
                for term in terms {
                    TableRow {
                        Cell { A(.class("govuk-link"), .href(Assets.Routes.term.path(term.id))) { Text(term.name) } }
                        Cell { Code { Text(term.code) } }
                        Cell(DisplayFormat.count(term.count), numeric: true)
                    }
                }
            }
        }
    }
}

struct AssetTermFormPage: Page {
    let existing: (id: UUID, name: String)?
    let fields: [FormField]
    let errors: FormErrors

    var title: String { existing.map { "Edit \($0.name)" } ?? "Add a type of asset" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Types of asset", link: Assets.Routes.taxonomy.path)]
    }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title)
            PostForm(to: existing.map { Assets.Routes.term.path($0.id) } ?? Assets.Routes.newTerm.path, context) {
                FormFields(fields)
                Div(.class("govuk-button-group")) {
                    SubmitButton(existing == nil ? "Add type" : "Save changes")
                    A(.class("govuk-link"), .href(Assets.Routes.taxonomy.path)) { "Cancel" }
                }
            }
        }
    }
}
