import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Signing in and out, and setting a password from an emailed link (reset or invitation).
struct SignInController {
    static let lockout = SignInLockout()
    static let linkLifetime: TimeInterval = 60 * 60
    static let inviteLifetime: TimeInterval = 7 * 24 * 60 * 60

    func signInFields(email: String = "", errors: FormErrors = .init()) -> [FormField] {
        [
            FormField(name: "email", label: "Email address", kind: .email, value: email, autocomplete: "username", spellcheck: false),
            FormField(name: "password", label: "Password", kind: .password, autocomplete: "current-password"),
        ].map { $0.with(errors: errors) }
    }

    @Sendable func showSignIn(_ req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: PlatformRoutes.dashboard.path) }
        let next = safeNext(req.query[String.self, at: "next"])
        return try await req.render(SignInPage(fields: signInFields(), errors: .init(), next: next))
    }

    /// Only local paths may follow sign-in, so the link can't send people to another site.
    func safeNext(_ raw: String?) -> String {
        (raw.flatMap(SitePath.local) ?? PlatformRoutes.dashboard.path).description
    }

    @Sendable func signIn(_ req: Request) async throws -> Response {
        let form = SubmittedForm(req)
        let email = ContactDetails.normalisedEmail(form["email"])
        let password = form.values["password"] ?? ""
        let next = safeNext(form.optional("next"))
        var errors = FormErrors()
        if email.isEmpty { errors.add("email", "Enter your email address") }
        else if !ContactDetails.isPlausibleEmail(email) { errors.add("email", "Enter an email address in the correct format, like name@example.org") }
        if password.isEmpty { errors.add("password", "Enter your password") }
        let council = try req.council
        let address = req.clientAddress ?? "unknown"
        func again(_ errors: FormErrors, status: HTTPStatus = .unprocessableEntity) async throws -> Response {
            try await req.render(SignInPage(fields: signInFields(email: form["email"], errors: errors), errors: errors, next: next),
                                 status: status)
        }
        guard errors.isEmpty else { return try await again(errors) }

        let withinLimit = try await RateLimiter.hit("sign-in:\(address)", limit: req.application.cohesionConfig.signInAttemptsPerAddress,
                                                    windowSeconds: 300, now: req.now, on: req.db)
        guard withinLimit else {
            errors.add("email", "There have been too many sign-in attempts from your network. Wait 5 minutes, then try again")
            return try await again(errors, status: .tooManyRequests)
        }
        let now = req.now
        guard let user = try await TenantScope(council: council, database: req.db).query(User.self)
            .filter(\.$email == email).first() else {
            // Same words as a wrong password, so the form doesn't reveal who has an account.
            // Hash anyway, at the real cost, so the answer takes as long as for a real account.
            _ = try? await req.passwordHasher.hash("timing-equaliser")
            errors.add("email", "The email address or password is not right")
            return try await again(errors)
        }
        // The password is checked even while the account is locked, so that a locked account
        // answers the same, in the same time, whether or not the password is right.
        var matches = false
        if user.passwordHash.isEmpty {
            _ = try? await req.passwordHasher.hash("timing-equaliser")
        } else {
            matches = (try? await req.passwordHasher.verify(password, created: user.passwordHash)) ?? false
        }
        func locked() async throws -> Response {
            errors.add("email", "This account is locked for 15 minutes after too many wrong passwords. Wait, or reset your password")
            return try await again(errors, status: .tooManyRequests)
        }
        guard matches, user.active else {
            if user.active {
                let outcome = try await SignInAttempts.recordFailure(userID: user.requireID(), now: now, lockout: Self.lockout, on: req.db)
                try await AuditLog.record(.signInFailed, .user, recordID: user.id,
                    summary: Self.lockout.locks(atFailure: outcome.failures) ? "wrong password; account locked for 15 minutes" : "wrong password",
                    by: nil, council: council.requireID(), on: req.db, request: req)
                if Self.lockout.isLocked(lockedUntil: outcome.lockedUntil?.timeIntervalSince1970, now: now.timeIntervalSince1970) {
                    return try await locked()
                }
            }
            errors.add("email", "The email address or password is not right")
            return try await again(errors)
        }
        if Self.lockout.isLocked(lockedUntil: user.lockedUntil?.timeIntervalSince1970, now: now.timeIntervalSince1970) {
            return try await locked()
        }
        user.failedSignIns = 0
        user.lockedUntil = nil
        user.lastSignInAt = now
        try await user.update(on: req.db)
        try await AuditLog.record(.signIn, .user, recordID: user.id, summary: "signed in",
                                  by: user, council: council.requireID(), on: req.db, request: req)
        let response = req.redirect(to: next, redirectType: .normal)
        try await Sessions.start(for: user, request: req, response: response)
        return response
    }

    @Sendable func signOut(_ req: Request) async throws -> Response {
        let response = Flash.redirect(req, to: PlatformRoutes.home.path, message: "You have signed out")
        if let user = req.currentUser {
            try await AuditLog.record(.signOut, .user, recordID: user.id, summary: "signed out",
                                      by: user, council: user.councilID, on: req.db, request: req)
        }
        try await Sessions.end(request: req, response: response)
        return response
    }

    // MARK: Forgotten password

    func emailField(_ value: String = "") -> FormField {
        FormField(name: "email", label: "Email address", kind: .email, value: value, autocomplete: "email", spellcheck: false)
    }

    @Sendable func showForgot(_ req: Request) async throws -> Response {
        try await req.render(ForgotPasswordPage(field: emailField(), errors: .init(), sent: false))
    }

    @Sendable func forgot(_ req: Request) async throws -> Response {
        let form = SubmittedForm(req)
        let email = ContactDetails.normalisedEmail(form["email"])
        var errors = FormErrors()
        if email.isEmpty { errors.add("email", "Enter your email address") }
        else if !ContactDetails.isPlausibleEmail(email) { errors.add("email", "Enter an email address in the correct format, like name@example.org") }
        let withinLimit = try await RateLimiter.hit("forgot:\(req.clientAddress ?? "unknown")", limit: 10, windowSeconds: 900, now: req.now, on: req.db)
        if errors.isEmpty, !withinLimit { errors.add("email", "There have been too many requests from your network. Wait 15 minutes, then try again") }
        guard errors.isEmpty else {
            return try await req.render(ForgotPasswordPage(field: emailField(form["email"]).with(errors: errors), errors: errors, sent: false),
                                        status: withinLimit ? .unprocessableEntity : .tooManyRequests)
        }
        if let user = try await req.tenant.query(User.self).filter(\.$email == email).filter(\.$active == true).first() {
            try await AccountLinks.send(.reset, to: user, request: req)
        }
        // The same answer whether or not the account exists.
        return try await req.render(ForgotPasswordPage(field: emailField(), errors: .init(), sent: true))
    }

    // MARK: Setting a password from a link

    func passwordFields(_ errors: FormErrors = .init()) -> [FormField] {
        [
            FormField(name: "password", label: "New password", kind: .password,
                      hint: "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words make a strong password.",
                      autocomplete: "new-password"),
            FormField(name: "confirm", label: "Confirm new password", kind: .password, autocomplete: "new-password"),
        ].map { $0.with(errors: errors) }
    }

    @Sendable func showSetPassword(_ req: Request) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        let link = try await AccountLinks.find(token, request: req)
        return try await req.render(SetPasswordPage(link: link.map { .init(token: token, invite: $0.0.purpose == .invite, name: $0.1.name) },
                                                    fields: passwordFields(), errors: .init()),
                                    status: link == nil ? .notFound : .ok)
    }

    @Sendable func setPassword(_ req: Request) async throws -> Response {
        let form = SubmittedForm(req)
        let token = form["token"]
        guard let (link, user) = try await AccountLinks.find(token, request: req) else {
            return try await req.render(SetPasswordPage(link: nil, fields: [], errors: .init()), status: .notFound)
        }
        let password = form.values["password"] ?? ""
        var errors = FormErrors()
        if let problem = PasswordPolicy.problem(with: password) { errors.add("password", problem) }
        else if password != (form.values["confirm"] ?? "") { errors.add("confirm", "The passwords do not match") }
        guard errors.isEmpty else {
            return try await req.render(SetPasswordPage(link: .init(token: token, invite: link.purpose == .invite, name: user.name),
                                                        fields: passwordFields(errors), errors: errors),
                                        status: .unprocessableEntity)
        }
        let hash = try await req.passwordHasher.hash(password)
        let now = req.now
        try await req.db.transaction { db in
            // Claim the link in the same statement that checks it is unused, so two
            // simultaneous submissions can't both use it.
            guard try await AccountLinks.claim(link, now: now, on: db) else { throw Abort(.gone, reason: "This link has already been used.") }
            user.passwordHash = hash
            user.failedSignIns = 0
            user.lockedUntil = nil
            try await user.update(on: db)
            try await Sessions.endAll(userID: user.requireID(), on: db)
            try await AuditLog.record(.passwordReset, .user, recordID: user.id,
                summary: link.purpose == .invite ? "accepted invitation and set password" : "reset password by emailed link",
                by: user, council: user.councilID, on: db, request: req)
        }
        return Flash.redirect(req, to: PlatformRoutes.signIn.path, message: "Your password has been set. You can now sign in")
    }
}

/// Counting wrong passwords. The count and the lock change in one statement, so concurrent
/// wrong passwords can't overwrite each other's count (a read-modify-write in Swift would lose
/// updates, letting a burst of guesses in parallel slip under the lockout).
enum SignInAttempts {
    /// Adds one failure to the user's count and, when `lockout` says this failure starts a lock,
    /// locks the account from `now`. Returns the new count and the lock's end (which may be an
    /// earlier lock still running, or one long past).
    static func recordFailure(userID: UUID, now: Date, lockout: SignInLockout, on db: Database) async throws -> (failures: Int, lockedUntil: Date?) {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "The database does not speak SQL.") }
        struct Row: Decodable { let failed_sign_ins: Int; let locked_until: Date? }
        // Both SET expressions read the row as it was before this UPDATE, on SQLite and PostgreSQL
        // alike, so `failed_sign_ins + 1` is the new count in both; the modulo mirrors
        // `SignInLockout.locks(atFailure:)`. RETURNING needs SQLite 3.35 or later.
        let lockUntil = now.addingTimeInterval(lockout.lockSeconds)
        guard let row = try await sql.raw("""
            UPDATE users SET failed_sign_ins = failed_sign_ins + 1,
                locked_until = CASE WHEN (failed_sign_ins + 1) % \(bind: lockout.maxFailures) = 0 THEN \(bind: lockUntil) ELSE locked_until END
            WHERE id = \(bind: userID)
            RETURNING failed_sign_ins, locked_until
            """).first(decoding: Row.self)
        else { throw Abort(.notFound, reason: "No such user.") }
        return (row.failed_sign_ins, row.locked_until)
    }
}

/// Single-use, expiring links sent by email.
enum AccountLinks {
    static func send(_ purpose: AccountLink.Purpose, to user: User, request: Request) async throws {
        let token = Secrets.token()
        let lifetime = purpose == .invite ? SignInController.inviteLifetime : SignInController.linkLifetime
        // A new link replaces any unused earlier one.
        try await AccountLink.query(on: request.db).filter(\.$user.$id == user.requireID()).filter(\.$usedAt == nil).delete()
        try await AccountLink(tokenHash: Secrets.hash(token), userID: user.requireID(), purpose: purpose,
                              expiresAt: request.now.addingTimeInterval(lifetime)).create(on: request.db)
        let url = request.application.cohesionConfig.publicURL + Accounts.Routes.setPassword.path.with("token", token).description
        let council = try request.council.name
        let message: MailMessage
        switch purpose {
        case .reset:
            message = MailMessage(to: user.email, subject: "Reset your Cohesion password",
                body: "Hello \(user.name),\n\nSomeone asked to reset the password for your \(council) Cohesion account. "
                    + "To choose a new password, open this link within an hour:\n\n\(url)\n\n"
                    + "The link works once. If you did not ask for this, you can ignore this email: your password has not changed.")
        case .invite:
            message = MailMessage(to: user.email, subject: "You have been invited to \(council) Cohesion",
                body: "Hello \(user.name),\n\nYou have been given an account on \(council)'s community cohesion service. "
                    + "To set your password and sign in, open this link within 7 days:\n\n\(url)\n\nThe link works once.")
        }
        try await request.services.mailer.send(message)
    }

    /// Marks the link used in the same statement that checks it is unused, so two simultaneous
    /// submissions can't both use it. True when this call claimed it.
    static func claim(_ link: AccountLink, now: Date, on db: Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        struct Row: Decodable { let id: UUID }
        let rows = try await sql.update("account_links").set("used_at", to: now)
            .where("id", .equal, link.requireID()).where("used_at", .is, SQLLiteral.null)
            .returning("id").all(decoding: Row.self)
        return rows.count == 1
    }

    /// The unused, unexpired link for a token, with its user (who must belong to this council).
    static func find(_ token: String, request: Request) async throws -> (AccountLink, User)? {
        guard !token.isEmpty, let council = request.councilIfResolved else { return nil }
        guard let link = try await AccountLink.query(on: request.db).filter(\.$tokenHash == Secrets.hash(token))
            .filter(\.$usedAt == nil).with(\.$user).first() else { return nil }
        guard link.expiresAt > request.now, link.user.councilID == council.id, link.user.active else { return nil }
        return (link, link.user)
    }
}
