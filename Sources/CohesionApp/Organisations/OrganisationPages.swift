import Foundation

/// The organisations listing, with its search and filters.
struct OrganisationListPage: Page {
    struct Row: Sendable { let id: UUID; let name: String; let type: String; let locality: String; let partnershipMember: Bool }

    let rows: [Row]
    let filters: [FormField]
    let pagination: PaginationView
    let canCreate: Bool
    let searched: Bool

    var title: String { "Organisations" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading("Organisations")
        if canCreate {
            P(.class("govuk-body")) { ButtonLink("Add an organisation", to: Organisations.Routes.new.path) }
        }
        GetForm(to: Organisations.Routes.index.path) {
            Div(.class("govuk-grid-row")) {
                for field in filters {
                    Div(.class("govuk-grid-column-one-half")) { FormFieldGroup(field) }
                }
            }
            SubmitButton("Search", secondary: true)
        }
        P(.class("govuk-body"), .role("status")) { "\(pagination.summary)\(searched ? " matching your search" : "")" }
        if rows.isEmpty {
            Paragraph("No organisations match. Try a shorter name or fewer filters.")
        } else {
            DataTable(caption: "Organisations", columns: [.init("Name"), .init("Type"), .init("Locality"), .init("Partnership")]) {
                for row in rows {
                    TableRow {
                        Cell { A(.class("govuk-link"), .href(Organisations.Routes.show.path(row.id))) { Text(row.name) } }
                        Cell { Text(row.type) }
                        Cell { Text(row.locality) }
                        Cell { if row.partnershipMember { Tag("Member", colour: "blue") } else { "—" } }
                    }
                }
            }
        }
        PaginationLinks(pagination)
    }
}

/// One organisation.
struct OrganisationPage: Page {
    let id: UUID
    let name: String
    let rows: [SummaryRow]
    let canEdit: Bool

    var title: String { name }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Organisations", link: Organisations.Routes.index.path)]
    }

    func body(_ context: PageContext) -> HTML {
        PageHeading(name, caption: "Organisation")
        SummaryList(rows)
        if canEdit {
            P(.class("govuk-body")) { ButtonLink("Edit", to: Organisations.Routes.edit.path(id), secondary: true, hiddenSuffix: " " + name) }
        }
    }
}

/// Adding an organisation, or editing one. A partner's form has only the contact details,
/// with the rest shown above it.
struct OrganisationFormPage: Page {
    /// The organisation being edited (id and name), or nil when adding one.
    let existing: (id: UUID, name: String)?
    let fields: [FormField]
    /// What the person may not change here, shown for reference.
    let lockedFields: [SummaryRow]
    let errors: FormErrors

    var title: String { existing.map { "Edit \($0.name)" } ?? "Add an organisation" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Organisations", link: Organisations.Routes.index.path)]
    }

    func body(_ context: PageContext) -> HTML {
        Div(.class("govuk-grid-row")) {
            Div(.class("govuk-grid-column-two-thirds")) {
                ErrorSummary(errors)
                PageHeading(title)
                if !lockedFields.isEmpty {
                    Paragraph("You can change the contact details. To change anything else, ask the cohesion team.")
                    SummaryList(lockedFields)
                }
                PostForm(to: existing.map { Organisations.Routes.edit.path($0.id) } ?? Organisations.Routes.new.path, context) {
                    FormFields(fields)
                    Div(.class("govuk-button-group")) {
                        SubmitButton(existing == nil ? "Add organisation" : "Save changes")
                        A(.class("govuk-link"), .href(existing.map { Organisations.Routes.show.path($0.id) } ?? Organisations.Routes.index.path)) { "Cancel" }
                    }
                }
            }
        }
    }
}
