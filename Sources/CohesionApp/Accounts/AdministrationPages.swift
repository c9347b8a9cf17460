import Foundation

/// `/admin/users`: every account in the council.
struct UserListPage: Page {
    struct Row: Sendable {
        let id: UUID; let name: String; let email: String; let role: String; let scope: String
        let active: Bool; let lastSignIn: String
    }

    let rows: [Row]

    var title: String { "Users" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading("Users")
        P(.class("govuk-body")) { ButtonLink("Invite a user", to: Accounts.Routes.invite.path) }
        DataTable(caption: "Accounts in this council",
                  columns: [.init("Name"), .init("Email"), .init("Role"), .init("Works in or for"), .init("Status"), .init("Last sign-in")]) {
            for row in rows {
                TableRow {
                    Cell { TextLink(row.name, to: Accounts.Routes.user.path(row.id)) }
                    Cell(row.email)
                    Cell(row.role)
                    Cell(row.scope)
                    Cell { if row.active { Tag("Active", colour: "green") } else { Tag("Deactivated", colour: "grey") } }
                    Cell(row.lastSignIn)
                }
            }
        }
    }
}

/// Inviting someone, or changing their account; with deactivating or reactivating it.
struct UserFormPage: Page {
    /// The account being changed (not the administrator's own), or nil when inviting.
    struct Existing: Sendable { let id: UUID; let active: Bool; let isSelf: Bool }

    let heading: String
    let existing: Existing?
    let fields: [FormField]
    let errors: FormErrors

    var title: String { heading }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Users", link: Accounts.Routes.users.path)]
    }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(heading)
            PostForm(to: existing.map { Accounts.Routes.user.path($0.id) } ?? Accounts.Routes.invite.path, context) {
                FormFields(fields)
                Div(.class("govuk-button-group")) {
                    SubmitButton(existing == nil ? "Send invitation" : "Save changes")
                    TextLink("Cancel", to: Accounts.Routes.users.path)
                }
            }
            if let existing, !existing.isSelf {
                H2(.class("govuk-heading-m")) { existing.active ? "Deactivate this account" : "Reactivate this account" }
                Paragraph(existing.active
                          ? "They will be signed out at once, their API tokens revoked, and they will not be able to sign in."
                          : "They will be able to sign in again with their existing password.")
                PostForm(to: Accounts.Routes.userActive.path(existing.id), context) {
                    Input(.type(.hidden), .name("active"), .value(existing.active ? "false" : "true"))
                    if existing.active {
                        SubmitButton("Deactivate account", warning: true)
                    } else {
                        SubmitButton("Reactivate account", secondary: true)
                    }
                }
            }
        }
    }
}

/// `/admin/audit`: who did what to which record, newest first, with filters.
struct AuditLogPage: Page {
    struct Row: Sendable {
        let at: String; let actor: String; let action: String; let recordType: String
        let summary: String; let ipAddress: String
    }

    let rows: [Row]
    let filters: [FormField]
    let pagination: PaginationView
    let errors: FormErrors

    var title: String { "Audit log" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        ErrorSummary(errors)
        PageHeading("Audit log")
        Form(.method(.get), .action(Accounts.Routes.auditLog.path), .novalidate, .class("app-filter")) {
            Div(.class("govuk-grid-row")) {
                for field in filters {
                    Div(.class("govuk-grid-column-one-third")) { FormFieldGroup(field) }
                }
            }
            SubmitButton("Filter", secondary: true)
        }
        Paragraph(pagination.summary)
        DataTable(caption: "Audit entries, newest first",
                  columns: [.init("When"), .init("Who"), .init("What"), .init("Record"), .init("Details"), .init("From")]) {
            for row in rows {
                TableRow {
                    Cell(row.at)
                    Cell(row.actor)
                    Cell(row.action)
                    Cell(row.recordType)
                    Cell(row.summary)
                    Cell(row.ipAddress)
                }
            }
        }
        PaginationLinks(pagination)
    }
}
