import CohesionCore
import Foundation

private let registerCrumbs: [Breadcrumb] = [
    .init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Assets", link: Assets.Routes.index.path),
]

/// The register's listing for staff, with the directory's filters plus status.
struct AssetListPage: Page {
    struct Row: Sendable {
        let id: UUID
        let name: String
        let category: String
        let term: String?
        let ward: String
        let status: AssetStatus
        let nextReview: String
    }

    let rows: [Row]
    let filters: [FormField]
    let pagination: PaginationView
    let canCreate: Bool
    let canImport: Bool
    let canManageTaxonomy: Bool
    let searched: Bool

    var title: String { "Asset register" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    static func filterFields(_ filter: DirectoryFilter, status: AssetStatus?, individuals: Bool, choices: AssetQueries.FilterChoices,
                             categories: [AssetCategory]) -> [FormField] {
        let category = individuals ? AssetCategory.individuals.rawValue : filter.category?.rawValue ?? ""
        return [
            FormField(name: "q", label: "Words", value: filter.words),
            FormField(name: "category", label: "Kind of asset", kind: .select, value: category,
                      options: [.init(value: "", label: "Any kind", selected: category.isEmpty)]
                        + categories.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == category) }),
            FormField(name: "locality", label: "Locality", kind: .select, value: filter.locality,
                      options: [.init(value: "", label: "Any locality", selected: filter.locality.isEmpty)]
                        + choices.localities.map { .init(value: $0.code, label: $0.name, selected: $0.code == filter.locality) }),
            FormField(name: "status", label: "Status", kind: .select, value: status?.rawValue ?? "",
                      options: [.init(value: "", label: "Any status", selected: status == nil)]
                        + AssetStatus.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == status) }),
        ]
    }

    func body(_ context: PageContext) -> HTML {
        PageHeading("Asset register")
        Paragraph("What communities already have: people's skills, groups, institutions, spaces, local businesses, stories and culture. Published assets appear in the public directory; people's skills never do.")
        Div(.class("govuk-button-group")) {
            if canCreate { ButtonLink("Add an asset", to: Assets.Routes.new.path) }
            if canImport { ButtonLink("Import or export", to: Assets.Routes.importCSV.path, secondary: true) }
            if canManageTaxonomy { ButtonLink("Types of asset", to: Assets.Routes.taxonomy.path, secondary: true) }
            ButtonLink("Due for review", to: Assets.Routes.reviews.path, secondary: true)
            ButtonLink("Who could host this?", to: Assets.Routes.hosts.path, secondary: true)
        }
        GetForm(to: Assets.Routes.index.path) {
            Div(.class("govuk-grid-row")) {
                for field in filters {
                    Div(.class("govuk-grid-column-one-half")) { FormFieldGroup(field) }
                }
            }
            SubmitButton("Search", secondary: true)
        }
        P(.class("govuk-body"), .role("status")) { "\(pagination.summary)\(searched ? " matching your search" : "")" }
        if rows.isEmpty {
            Paragraph("No assets match. Try fewer words or filters.")
        } else {
            DataTable(caption: "Assets", columns: [.init("Name"), .init("Kind"), .init("Ward"), .init("Status"), .init("Next review")]) {
                for row in rows {
                    TableRow {
                        Cell { A(.class("govuk-link"), .href(Assets.Routes.show.path(row.id))) { Text(row.name) } }
                        Cell { Text(row.term.map { "\(row.category): \($0)" } ?? row.category) }
                        Cell { Text(row.ward) }
                        Cell { AssetStatusTag(row.status) }
                        Cell { Text(row.nextReview) }
                    }
                }
            }
        }
        PaginationLinks(pagination)
    }
}

struct AssetStatusTag: HTMLContent {
    let html: HTML
    init(_ status: AssetStatus) {
        html = Tag(status.label, colour: status == .published ? "green" : status == .draft ? "grey" : "red").html
    }
}

/// One asset, as staff see it: everything, with who runs it and when it was last checked.
struct AssetPage: Page {
    let asset: AssetDetails
    let canEdit: Bool
    let canDelete: Bool

    var title: String { asset.asset.name }
    var breadcrumbs: [Breadcrumb] { registerCrumbs }

    func body(_ context: PageContext) -> HTML {
        let a = asset.asset
        PageHeading(a.name, caption: asset.term.map { "\(a.category.label): \($0.name)" } ?? a.category.label)
        if a.category == .individuals {
            Div(.class("govuk-inset-text")) {
                "A person's skills: personal data, recorded with their consent on \(a.consentRecordedOn.flatMap(CalendarDate.init(iso:))?.spoken ?? "an unknown date"). Never shown in public. Your viewing is recorded."
            }
        }
        SummaryList(AssetSummary.rows(asset, staff: true))
        Div(.class("govuk-button-group")) {
            if canEdit { ButtonLink("Edit", to: Assets.Routes.edit.path(a.id!), secondary: true, hiddenSuffix: " " + a.name) }
            if canDelete { ButtonLink("Delete", to: Assets.Routes.delete.path(a.id!), secondary: true, hiddenSuffix: " " + a.name) }
            if a.isPublic { A(.class("govuk-link"), .href(Assets.Routes.directoryEntry.path(a.id!))) { "See it in the public directory" } }
        }
    }
}

/// The rows that describe an asset, shared by the staff page and the public directory page
/// (which leaves out what only staff need).
enum AssetSummary {
    static func rows(_ details: AssetDetails, staff: Bool) -> [SummaryRow] {
        let a = details.asset
        var rows: [SummaryRow] = []
        if !a.description.isEmpty { rows.append(.init(key: a.category == .individuals ? "Skills" : "About", value: a.description)) }
        if let org = details.organisationName {
            rows.append(.init(key: "Run by", value: org, link: staff ? a.$organisation.id.map { Organisations.Routes.show.path($0) } : nil))
        }
        let place = [a.address, a.postcode].compactMap { $0 }.joined(separator: ", ")
        if !place.isEmpty { rows.append(.init(key: "Address", value: place)) }
        if let ward = details.ward { rows.append(.init(key: "Ward", value: ward.name, link: Places.Routes.area.path(AreaCode(ward.code)))) }
        if let locality = details.locality, staff { rows.append(.init(key: "Locality", value: locality.name)) }
        if let name = a.contactName, staff { rows.append(.init(key: "Contact", value: name)) }
        // The public page has its own "How to get in touch" and "Accessibility" sections.
        if let email = a.contactEmail, staff { rows.append(.init(key: "Email", value: email, externalLink: "mailto:" + email)) }
        if let phone = a.contactPhone, staff { rows.append(.init(key: "Phone", value: phone, externalLink: "tel:" + phone.filter { $0.isNumber || $0 == "+" })) }
        if let website = a.website, staff { rows.append(.init(key: "Website", value: website, externalLink: website)) }
        if !a.accessibility.isEmpty, staff { rows.append(.init(key: "Accessibility", value: a.accessibility.map(\.label).joined(separator: ", "))) }
        if !a.languages.isEmpty { rows.append(.init(key: "Languages spoken", value: a.languages.joined(separator: ", "))) }
        if let served = a.communitiesServed { rows.append(.init(key: "Who it is for", value: served)) }
        if a.minimumAge != nil || a.maximumAge != nil { rows.append(.init(key: "Ages", value: ages(a))) }
        if let cost = a.cost { rows.append(.init(key: "Cost", value: [cost.label, a.costDetails].compactMap { $0 }.joined(separator: ": "))) }
        if let capacity = a.capacity { rows.append(.init(key: "Capacity", value: DisplayFormat.count(capacity, "person", plural: "people"))) }
        if a.spaceForAll { rows.append(.init(key: "Space for All", value: "Yes: a warm, welcoming space anyone can use")) }
        if staff {
            rows.append(.init(key: "Status", value: a.status.label))
            rows.append(.init(key: "Last checked", value: a.lastVerified.flatMap(CalendarDate.init(iso:))?.spoken ?? "Never"))
            rows.append(.init(key: "Next review", value: a.nextReview.flatMap(CalendarDate.init(iso:))?.spoken ?? "Not set"))
            if let source = a.locationSource { rows.append(.init(key: "Ward found from", value: source == "chosen" ? "Chosen by hand" : "The \(source)")) }
            if a.isExample { rows.append(.init(key: "Example", value: "An example record for the demonstration")) }
        } else if let verified = a.lastVerified.flatMap(CalendarDate.init(iso:)) {
            rows.append(.init(key: "Details last checked", value: verified.spoken))
        }
        return rows
    }

    static func ages(_ a: Asset) -> String {
        switch (a.minimumAge, a.maximumAge) {
        case let (from?, to?): "\(from) to \(to)"
        case let (from?, nil): "\(from) and over"
        case let (nil, to?): "Up to \(to)"
        default: "All ages"
        }
    }
}

/// When an asset is open, as a table of the week with the bank holiday and date notes.
struct OpeningTimesTable: HTMLContent {
    let html: HTML
    init(_ times: OpeningTimes, openNow: Bool?) {
        if times.isEmpty {
            html = Paragraph("No opening times are recorded: get in touch to ask when it is open.").html
            return
        }
        html = HTML.joined([
            openNow.map { open in P(.class("govuk-body")) { Tag(open ? "Open now" : "Closed now", colour: open ? "green" : "grey") }.html } ?? .empty,
            DataTable(caption: "Opening times", columns: [.init("Day"), .init("Open")]) {
                for row in times.summaryRows {
                    TableRow {
                        RowHeader(row.day)
                        Cell(row.hours)
                    }
                }
            }.html,
            times.notes.isEmpty ? .empty : Ul(.class("govuk-list govuk-list--bullet")) {
                for note in times.notes { Li { Text(note) } }
            }.html,
        ])
    }
}

/// Adding or editing an asset.
struct AssetFormPage: Page {
    let existing: (id: UUID, name: String)?
    /// The new asset form's one-off id (`AssetForm.submission`).
    let submission: String?
    let fields: [FormField]
    let errors: FormErrors

    var title: String { existing.map { "Edit \($0.name)" } ?? "Add an asset" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] { registerCrumbs }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title)
            PostForm(to: existing.map { Assets.Routes.edit.path($0.id) } ?? Assets.Routes.new.path, context) {
                if let submission { Input(.type(.hidden), .name("submission"), .value(submission)) }
                FormFields(fields)
                Div(.class("govuk-button-group")) {
                    SubmitButton(existing == nil ? "Add asset" : "Save changes")
                    A(.class("govuk-link"), .href(existing.map { Assets.Routes.show.path($0.id) } ?? Assets.Routes.index.path)) { "Cancel" }
                }
            }
        }
    }
}

/// The assets someone looks after that are past their review date.
struct AssetReviewsPage: Page {
    struct Row: Sendable { let id: UUID; let name: String; let due: String; let lastChecked: String }
    let rows: [Row]

    var title: String { "Assets due for review" }
    var breadcrumbs: [Breadcrumb] { registerCrumbs }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        if rows.isEmpty {
            Paragraph("None of the assets you look after is past its review date.")
        } else {
            Paragraph("Check each one's details with the people who run it, then set the date it was last checked and the next review date.")
            DataTable(caption: "Assets due for review", columns: [.init("Asset"), .init("Review was due"), .init("Last checked")]) {
                for row in rows {
                    TableRow {
                        Cell { A(.class("govuk-link"), .href(Assets.Routes.edit.path(row.id))) { Text(row.name) } }
                        Cell(row.due)
                        Cell(row.lastChecked)
                    }
                }
            }
        }
    }
}

/// "Are you sure?" before an asset is deleted for good.
struct AssetDeletePage: Page {
    let id: UUID
    let name: String
    let isPerson: Bool

    var title: String { "Delete \(name)?" }
    var breadcrumbs: [Breadcrumb] { registerCrumbs }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(title)
            if isPerson {
                Paragraph("Delete a person's record when they withdraw their consent or ask to be removed. Their details are removed for good; the audit log keeps only that a record was deleted.")
            } else {
                Paragraph("This removes the asset and any suggestions about it for good. To take it out of the directory but keep its history, edit it and set its status to archived instead.")
            }
            PostForm(to: Assets.Routes.delete.path(id), context) {
                Input(.type(.hidden), .name("confirm"), .value("yes"))
                Div(.class("govuk-button-group")) {
                    SubmitButton("Delete", warning: true)
                    A(.class("govuk-link"), .href(Assets.Routes.show.path(id))) { "Cancel" }
                }
            }
        }
    }
}
