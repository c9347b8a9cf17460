import Fluent
import Vapor

/// Signing in and out, passwords, first-run setup, people's accounts, API tokens and the audit
/// log: the pages over the platform's accounts (Platform/Accounts keeps the tables, sessions and
/// tokens themselves). Declared in one place (docs/adding-a-feature.md).
enum Accounts {
    static var feature: Feature {
        Feature(
            name: "Accounts",
            routes: { routes, _ in register(routes) },
            navigation: [
                NavigationEntry(label: "Users", link: Routes.users, access: .permission(.manageUsers), administration: true),
                NavigationEntry(label: "Audit log", link: Routes.auditLog, access: .permission(.viewAuditLog), administration: true),
                NavigationEntry(label: "Your account", link: Routes.account, access: .permission(.manageOwnAccount), administration: true),
            ],
            dashboardCards: [
                DashboardCard(title: "Users", link: Routes.users, access: .permission(.manageUsers)) { context in
                    let active = try await context.tenant.query(User.self).filter(\.$active == true).count()
                    return "\(DisplayFormat.count(active, "active account")). Invite people and set their roles."
                },
                DashboardCard(title: "Audit log", link: Routes.auditLog, access: .permission(.viewAuditLog)) { context in
                    let since = context.tenant.council.createdAt.map { max($0, Date().addingTimeInterval(-7 * 86_400)) } ?? Date().addingTimeInterval(-7 * 86_400)
                    let recent = try await context.tenant.query(AuditEvent.self).filter(\.$at >= since).count()
                    return "Who changed what, and every sign-in: \(DisplayFormat.count(recent, "entry", plural: "entries")) in the last 7 days."
                },
                DashboardCard(title: "Your account", link: Routes.account, access: .permission(.manageOwnAccount)) { context in
                    "Change your password and see where you are signed in."
                        + (context.user.lastSignInAt.map { " You signed in on \(DisplayFormat.dateTime($0))." } ?? "")
                },
                DashboardCard(title: "API tokens", link: Routes.tokens, access: .permission(.manageOwnAccount)) { context in
                    let tokens = try await context.tenant.query(APIToken.self).filter(\.$user.$id == context.user.requireID())
                        .filter(\.$revokedAt == nil).count()
                    return "Tokens for reading Cohesion's data from other systems: you have \(DisplayFormat.count(tokens, "active token"))."
                },
            ],
            demoSeed: AccountsDemo.seed,
            routeExamples: { context in
                var examples: [RouteExample] = []
                // The demo officer: the walk sends no valid changes, so nothing about them changes.
                if let user = try await context.tenant.query(User.self).filter(\.$email == "officer@example.org").first() {
                    let id = try user.requireID()
                    examples += [.example(Routes.user, id), .example(Routes.userActive, id)]
                }
                if let walker = context.user,
                   let token = try await context.tenant.query(APIToken.self).filter(\.$user.$id == walker.requireID())
                    .sort(\.$createdAt, .descending).first() {
                    examples.append(.example(Routes.revokeToken, try token.requireID()))
                }
                if let walker = context.user {
                    // A session of the walker's on "another browser", made for the example, so the
                    // walk ends one it isn't using.
                    let other = UserSession(tokenHash: Secrets.hash(Secrets.token()), userID: try walker.requireID(),
                                            councilID: walker.councilID, now: Date())
                    try await other.create(on: context.database)
                    examples.append(.example(Routes.endSession, try other.requireID()))
                }
                return examples
            })
    }

    enum Routes {
        static let forgotPassword = SiteRoute("forgot-password")
        static let setPassword = SiteRoute("set-password")
        static let users = SiteRoute("admin", "users")
        static let invite = SiteRoute("admin", "users", "invite")
        static let user = SiteRoute1<UUID>("admin", "users", parameter: "id")
        static let userActive = SiteRoute1<UUID>("admin", "users", parameter: "id", "active")
        static let account = SiteRoute("account")
        static let changePassword = SiteRoute("account", "password")
        static let endSession = SiteRoute1<UUID>("account", "sessions", parameter: "id", "end")
        static let endOtherSessions = SiteRoute("account", "sessions", "end-others")
        static let tokens = SiteRoute("account", "tokens")
        static let revokeToken = SiteRoute1<UUID>("account", "tokens", parameter: "id", "revoke")
        static let auditLog = SiteRoute("admin", "audit")
    }

    static func register(_ routes: RoutesBuilder) {
        let signIn = SignInController(), setup = SetupController(), users = UsersController(), tokens = TokensController()
        routes.get(PlatformRoutes.signIn, access: .anyone, use: signIn.showSignIn)
        routes.post(PlatformRoutes.signIn, access: .anyone, use: signIn.signIn)
        routes.post(PlatformRoutes.signOut, access: .signedIn, use: signIn.signOut)
        routes.get(Routes.forgotPassword, access: .anyone, use: signIn.showForgot)
        routes.post(Routes.forgotPassword, access: .anyone, use: signIn.forgot)
        routes.get(Routes.setPassword, access: .anyone, use: signIn.showSetPassword)
        routes.post(Routes.setPassword, access: .anyone, use: signIn.setPassword)
        routes.get(PlatformRoutes.setup, access: .anyone, use: setup.show)
        routes.post(PlatformRoutes.setup, access: .anyone, use: setup.create)

        routes.get(Routes.users, access: .permission(.manageUsers), use: users.index)
        routes.get(Routes.invite, access: .permission(.manageUsers), use: users.showInvite)
        routes.post(Routes.invite, access: .permission(.manageUsers), use: users.invite)
        routes.get(Routes.user, access: .permission(.manageUsers)) { req, _ in try await users.edit(req) }
        routes.post(Routes.user, access: .permission(.manageUsers)) { req, _ in try await users.update(req) }
        routes.post(Routes.userActive, access: .permission(.manageUsers)) { req, _ in try await users.setActive(req) }

        let account = AccountController()
        routes.get(Routes.account, access: .permission(.manageOwnAccount), use: account.show)
        routes.post(Routes.changePassword, access: .permission(.manageOwnAccount), use: account.changePassword)
        routes.post(Routes.endSession, access: .permission(.manageOwnAccount), use: account.endSession)
        routes.post(Routes.endOtherSessions, access: .permission(.manageOwnAccount), use: account.endOtherSessions)

        routes.get(Routes.tokens, access: .permission(.manageOwnAccount), use: tokens.index)
        routes.post(Routes.tokens, access: .permission(.manageOwnAccount), use: tokens.create)
        routes.post(Routes.revokeToken, access: .permission(.manageOwnAccount), use: tokens.revoke)

        routes.get(Routes.auditLog, access: .permission(.viewAuditLog), use: AuditController().index)
    }
}
