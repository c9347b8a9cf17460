import CohesionCore
import Fluent
import Vapor

/// `/account`: a person's own account. They change their password (which signs them out
/// everywhere else) and see and end their other sessions.
struct AccountController {
    @Sendable func show(_ req: Request) async throws -> Response {
        try await render(req, errors: .init())
    }

    func render(_ req: Request, errors: FormErrors, status: HTTPStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let sessions = try await Sessions.list(for: user.requireID(), request: req).map { session in
            AccountPage.Session(id: session.id, started: DisplayFormat.dateTime(session.createdAt),
                                lastSeen: DisplayFormat.dateTime(session.lastSeenAt),
                                device: session.userAgent.map(Self.browserName) ?? "Not known",
                                address: session.ipAddress ?? "Not known", current: session.isCurrent)
        }
        return try await req.render(AccountPage(name: user.name, email: user.email, role: user.role.label,
                                                fields: Self.passwordFields(errors), errors: errors, sessions: sessions),
                                    status: status)
    }

    static func passwordFields(_ errors: FormErrors) -> [FormField] {
        [
            FormField(name: "current_password", label: "Your current password", kind: .password, autocomplete: "current-password"),
            FormField(name: "password", label: "New password", kind: .password,
                      hint: "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words make a strong password.",
                      autocomplete: "new-password"),
            FormField(name: "confirm", label: "Confirm new password", kind: .password, autocomplete: "new-password"),
        ].map { $0.with(errors: errors) }
    }

    /// Changing a password needs the current one, so a browser left signed in can't be used to
    /// lock its owner out; then every other session ends.
    @Sendable func changePassword(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = SubmittedForm(req)
        let current = form.values["current_password"] ?? ""
        let password = form.values["password"] ?? ""
        var errors = FormErrors()
        if current.isEmpty { errors.add("current_password", "Enter your current password") }
        else if !((try? await req.passwordHasher.verify(current, created: user.passwordHash)) ?? false) {
            errors.add("current_password", "Your current password is not right")
        }
        if let problem = PasswordPolicy.problem(with: password) { errors.add("password", problem) }
        else if password != (form.values["confirm"] ?? "") { errors.add("confirm", "The passwords do not match") }
        else if password == current { errors.add("password", "Choose a password different from your current one") }
        guard errors.isEmpty else { return try await render(req, errors: errors, status: .unprocessableEntity) }
        let hash = try await req.passwordHasher.hash(password)
        let userID = try user.requireID()
        let currentSession = req.currentSession?.id
        try await req.db.transaction { db in
            user.passwordHash = hash
            try await user.update(on: db)
            var others = UserSession.query(on: db).filter(\.$user.$id == userID)
            if let currentSession { others = others.filter(\.$id != currentSession) }
            try await others.delete()
            try await AuditLog.record(.passwordReset, .user, recordID: userID, summary: "changed own password; signed out other sessions",
                                      by: user, council: user.councilID, on: db, request: req)
        }
        return Flash.redirect(req, to: Accounts.Routes.account.path, message: "Your password has been changed. You have been signed out everywhere else")
    }

    @Sendable func endSession(_ req: Request, id: UUID) async throws -> Response {
        let user = try req.requireUser()
        guard id != req.currentSession?.id else {
            throw Abort(.badRequest, reason: "To end the session on this browser, use Sign out.")
        }
        guard try await Sessions.end(id: id, of: user.requireID(), request: req) else { throw Abort(.notFound) }
        return Flash.redirect(req, to: Accounts.Routes.account.path, message: "That session has been signed out")
    }

    @Sendable func endOtherSessions(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let others = try await Sessions.list(for: user.requireID(), request: req).filter { !$0.isCurrent }
        for session in others { try await Sessions.end(id: session.id, of: user.requireID(), request: req) }
        return Flash.redirect(req, to: Accounts.Routes.account.path,
                              message: others.isEmpty ? "You are not signed in anywhere else" : "You have been signed out everywhere else")
    }

    /// "Firefox on Windows" from a User-Agent header: enough to recognise a browser, no more.
    static func browserName(_ agent: String) -> String {
        let browsers = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl")]
        let systems = [("Windows", "Windows"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Mac OS X", "macOS"),
                       ("CrOS", "ChromeOS"), ("Linux", "Linux")]
        let browser = browsers.first { agent.contains($0.0) }?.1
        let system = systems.first { agent.contains($0.0) }?.1
        switch (browser, system) {
        case let (b?, s?): return "\(b) on \(s)"
        case let (b?, nil): return b
        case let (nil, s?): return "A browser on \(s)"
        default: return "Another browser or program"
        }
    }
}
