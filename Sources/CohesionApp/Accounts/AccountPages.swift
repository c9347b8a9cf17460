import Foundation

/// `/sign-in`.
struct SignInPage: Page {
    let fields: [FormField]
    let errors: FormErrors
    /// Where to go after signing in (already checked to be a page of this site).
    let next: String

    var title: String { "Sign in" }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading("Sign in")
            Paragraph("Sign in with the email address your Cohesion account was set up with.")
            PostForm(to: PlatformRoutes.signIn.path, context) {
                Input(.type(.hidden), .name("next"), .value(next))
                FormFields(fields)
                SubmitButton("Sign in")
            }
            P(.class("govuk-body")) { TextLink("I have forgotten my password", to: Accounts.Routes.forgotPassword.path) }
        }
    }
}

/// `/forgot-password`: ask for a link, then "check your email" (the same whether or not the
/// account exists).
struct ForgotPasswordPage: Page {
    let field: FormField
    let errors: FormErrors
    let sent: Bool

    var title: String { sent ? "Check your email" : "Reset your password" }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            if sent {
                PageHeading("Check your email")
                Paragraph("If there is an account with that email address, we have sent it a link to choose a new password. The link works once and expires after an hour.")
                Paragraph("If nothing arrives in a few minutes, check your spam folder or ask your Cohesion administrator.")
            } else {
                ErrorSummary(errors)
                PageHeading("Reset your password")
                Paragraph("Enter the email address of your account. We will send you a link to choose a new password.")
                PostForm(to: Accounts.Routes.forgotPassword.path, context) {
                    FormFieldGroup(field)
                    SubmitButton("Send the link")
                }
            }
        }
    }
}

/// `/set-password?token=…`: choosing a password from an emailed link (a reset or an invitation),
/// or saying the link no longer works.
struct SetPasswordPage: Page {
    /// The link's token, its purpose and the person's name; nil when the link is unknown, used
    /// or expired.
    struct Link: Sendable { let token: String; let invite: Bool; let name: String }

    let link: Link?
    let fields: [FormField]
    let errors: FormErrors

    var title: String {
        guard let link else { return "This link has expired or has been used" }
        return link.invite ? "Set up your account" : "Choose a new password"
    }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            if let link {
                ErrorSummary(errors)
                PageHeading(title)
                if link.invite { Paragraph("Welcome, \(link.name). Choose a password to finish setting up your account.") }
                PostForm(to: Accounts.Routes.setPassword.path, context) {
                    Input(.type(.hidden), .name("token"), .value(link.token))
                    FormFields(fields)
                    SubmitButton("Save password")
                }
            } else {
                PageHeading(title)
                Paragraph("Links to set a password work once, for a limited time.")
                P(.class("govuk-body")) { TextLink("Ask for a new link", to: Accounts.Routes.forgotPassword.path) }
            }
        }
    }
}

/// `/setup`: the first run, creating the council and its first administrator.
struct SetupPage: Page {
    let fields: [FormField]
    let errors: FormErrors

    var title: String { "Set up Cohesion" }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading("Set up Cohesion")
            Paragraph("This is a new installation. Tell us about your council and create the first administrator account. You can invite the rest of your team afterwards.")
            PostForm(to: PlatformRoutes.setup.path, context) {
                FormFields(fields)
                SubmitButton("Create council and administrator")
            }
        }
    }
}

/// `/account/tokens`: a person's own API tokens.
struct TokensPage: Page {
    struct Row: Sendable {
        let id: UUID; let label: String; let prefix: String; let created: String; let lastUsed: String
        let expires: String; let expired: Bool; let revoked: Bool
    }

    let rows: [Row]
    let fields: [FormField]
    let errors: FormErrors
    /// A token just made: shown this once.
    let newToken: String?

    var title: String { "API tokens" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Your account", link: Accounts.Routes.account.path)]
    }

    func body(_ context: PageContext) -> HTML {
        ErrorSummary(errors)
        PageHeading("API tokens")
        if let newToken {
            Div(.class("govuk-panel govuk-panel--confirmation")) {
                H2(.class("govuk-panel__title")) { "Your new token" }
                Div(.class("govuk-panel__body")) { "Copy it now: it will not be shown again." }
            }
            P(.class("govuk-body app-code"), .id("new-token")) { Text(newToken) }
            Paragraph {
                "Send it with each request as "
                Code { "Authorization: Bearer" }
                " followed by the token. See the "
                TextLink("API description", to: PlatformRoutes.openAPI.path)
                "."
            }
        }
        Paragraph("A token lets another system read Cohesion's data as you, with your permissions. Revoke any token you no longer need.")
        if !rows.isEmpty {
            DataTable(caption: "Your tokens", captionVisible: true,
                      columns: [.init("Name"), .init("Starts with"), .init("Created"), .init("Last used"), .init("Expires"),
                                .init(heading: Span(.class("govuk-visually-hidden")) { "Action" }.html)]) {
                for row in rows {
                    TableRow {
                        Cell(row.label)
                        Cell { Code { "\(row.prefix)…" } }
                        Cell(row.created)
                        Cell(row.lastUsed)
                        Cell {
                            Text(row.expires)
                            if row.expired {
                                " "
                                Tag("Expired", colour: "grey")
                            }
                        }
                        Cell {
                            if row.revoked {
                                Tag("Revoked", colour: "grey")
                            } else {
                                PostForm(to: Accounts.Routes.revokeToken.path(row.id), context) {
                                    Button(.buttonType(.submit), .class("govuk-button govuk-button--warning govuk-!-margin-bottom-0")) {
                                        "Revoke"
                                        Span(.class("govuk-visually-hidden")) { Text(" " + row.label) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        H2(.class("govuk-heading-m")) { "Create a token" }
        PostForm(to: Accounts.Routes.tokens.path, context) {
            FormFields(fields)
            SubmitButton("Create token")
        }
    }
}

/// `/account`: a person's own account: change their password, and see and end their sessions.
struct AccountPage: Page {
    struct Session: Sendable {
        let id: UUID; let started: String; let lastSeen: String; let device: String; let address: String; let current: Bool
    }

    let name: String
    let email: String
    let role: String
    let fields: [FormField]
    let errors: FormErrors
    let sessions: [Session]

    var title: String { "Your account" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        ErrorSummary(errors)
        PageHeading("Your account")
        SummaryList([SummaryRow(key: "Name", value: name), SummaryRow(key: "Email address", value: email), SummaryRow(key: "Role", value: role)])
        Paragraph {
            "To change your name, email address or role, ask your Cohesion administrator. Your "
            TextLink("API tokens", to: Accounts.Routes.tokens.path)
            " are on their own page."
        }
        TwoThirds {
            H2(.class("govuk-heading-m"), .id("change-password")) { "Change your password" }
            PostForm(to: Accounts.Routes.changePassword.path, context) {
                FormFields(fields)
                SubmitButton("Change password")
            }
        }
        H2(.class("govuk-heading-m")) { "Where you are signed in" }
        Paragraph("If you see a place you don't recognise, sign it out and change your password.")
        DataTable(caption: "Your sessions", columns: [.init("Signed in"), .init("Last used"), .init("Browser"), .init("From"),
                                                      .init(heading: Span(.class("govuk-visually-hidden")) { "Action" }.html)]) {
            for session in sessions {
                TableRow {
                    Cell(session.started)
                    Cell(session.lastSeen)
                    Cell(session.device)
                    Cell(session.address)
                    Cell {
                        if session.current {
                            Tag("This browser", colour: "green")
                        } else {
                            PostForm(to: Accounts.Routes.endSession.path(session.id), context) {
                                Button(.buttonType(.submit), .class("govuk-button govuk-button--secondary govuk-!-margin-bottom-0")) {
                                    "Sign out"
                                    Span(.class("govuk-visually-hidden")) { " the session from \(session.started)" }
                                }
                            }
                        }
                    }
                }
            }
        }
        if sessions.contains(where: { !$0.current }) {
            PostForm(to: Accounts.Routes.endOtherSessions.path, context) {
                SubmitButton("Sign out everywhere else", warning: true)
            }
        }
    }
}
