import Fluent
import Vapor

extension Request {
    private struct UserKey: StorageKey { typealias Value = User }
    private struct SessionKey: StorageKey { typealias Value = UserSession }

    /// The signed-in user (by session cookie for pages, by bearer token for the API).
    var currentUser: User? {
        get { storage[UserKey.self] }
        set { storage[UserKey.self] = newValue }
    }

    var currentSession: UserSession? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }

    func requireUser() throws -> User {
        guard let user = currentUser else { throw Abort(.unauthorized) }
        return user
    }
}

/// Bcrypt's own threads. Bcrypt is deliberately slow (a quarter of a second at cost 12), so it
/// must not run where other requests wait: not on the event loops or Swift's cooperative pool,
/// which run every handler, and not on Vapor's `threadPool` either (`req.password.async`),
/// because that is NIO's shared blocking pool, also used for the file lookup `FileMiddleware`
/// makes on every request and for every SQLite query. A burst of sign-ins would queue all of
/// them behind the hashes (see `AccountsTests.passwordHashingDoesNotHoldUpOtherRequests`).
enum PasswordHashing {
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(System.coreCount, 2))
        pool.start()
        return pool
    }()
}

extension Request {
    /// Hashes and verifies passwords on `PasswordHashing.threads`, resuming on this request's
    /// event loop: Vapor's `req.password.async`, on threads of its own. Use it for every
    /// password hash or check made while serving a request.
    var passwordHasher: AsyncPasswordHasher {
        application.password.sync.async(on: PasswordHashing.threads, hopTo: eventLoop)
    }
}

/// Cohesion's cookies, and the one place that names and shapes them. Over HTTPS
/// (`AppConfig.secureCookies`) every name carries the `__Host-` prefix: a browser then accepts
/// the cookie only when it is `Secure`, has `Path=/` and no `Domain`, so neither a plain-HTTP
/// page nor another host under the same domain can plant or overwrite it. Only the prefixed name
/// is read over HTTPS. All are `HttpOnly` and `SameSite=Lax`.
enum AppCookie: String, CaseIterable, Sendable {
    case session = "cohesion_session"
    case csrf = "cohesion_csrf"
    case flash = "cohesion_flash"
    /// The token of a private link opened by someone without an account (a group's grant
    /// application), moved here from the link so that it leaves the address bar.
    case privateLink = "cohesion_link"

    func name(secure: Bool) -> String { secure ? "__Host-" + rawValue : rawValue }

    func value(_ string: String, secure: Bool, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: string, maxAge: maxAge, domain: nil, path: "/", isSecure: secure,
                          isHTTPOnly: true, sameSite: .lax)
    }
}

extension Request {
    /// The value of one of Cohesion's cookies, under the name this deployment uses.
    func cookie(_ cookie: AppCookie) -> String? {
        cookies[cookie.name(secure: application.cohesionConfig.secureCookies)]?.string
    }
}

extension Response {
    /// Sets (or, with `maxAge: 0`, removes) one of Cohesion's cookies.
    func setCookie(_ cookie: AppCookie, _ value: String, maxAge: Int? = nil, for request: Request) {
        let secure = request.application.cohesionConfig.secureCookies
        cookies[cookie.name(secure: secure)] = cookie.value(value, secure: secure, maxAge: maxAge)
    }
}

/// How long a signed-in session lasts: it ends after `idle` without use, and `absolute` after
/// sign-in however much it is used, whichever comes first.
struct SessionLifetime: Sendable {
    let idle: TimeInterval
    let absolute: TimeInterval

    init(idle: TimeInterval, absolute: TimeInterval) {
        self.idle = idle
        self.absolute = absolute
    }

    init(_ config: AppConfig) {
        self.init(idle: config.sessionIdleHours * 3600, absolute: config.sessionMaxHours * 3600)
    }

    func isLive(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) < idle && now.timeIntervalSince(createdAt) < absolute
    }
}

extension Request {
    var sessionLifetime: SessionLifetime { SessionLifetime(application.cohesionConfig) }
}

/// Reads the session cookie, and for the API the bearer token, and sets `currentUser`.
/// A session or token from another council, for a deactivated user, past its idle or absolute
/// limit, or (for a token) past its expiry counts as signed out.
struct AuthenticationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if let council = request.councilIfResolved {
            if request.isAPI {
                try await authenticateToken(request, council: council)
            } else {
                try await authenticateSession(request, council: council)
            }
        }
        return try await next.respond(to: request)
    }

    func authenticateSession(_ request: Request, council: Council) async throws {
        guard let token = request.cookie(.session), !token.isEmpty else { return }
        guard let session = try await UserSession.query(on: request.db)
            .filter(\.$tokenHash == Secrets.hash(token))
            .filter(\.$councilID == council.requireID())
            .join(User.self, on: \UserSession.$user.$id == \User.$id)
            .first()
        else { return }
        let user = try session.joined(User.self)
        let now = request.now
        guard user.active, request.sessionLifetime.isLive(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) else {
            try await session.delete(on: request.db)
            return
        }
        // Touch the session at most every five minutes, not on every request.
        if now.timeIntervalSince(session.lastSeenAt) > 300 {
            session.lastSeenAt = now
            try await session.update(on: request.db)
        }
        request.currentUser = user
        request.currentSession = session
    }

    static func invalidToken(_ reason: String) -> Abort {
        Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""], reason: reason)
    }

    func authenticateToken(_ request: Request, council: Council) async throws {
        guard let bearer = request.headers.bearerAuthorization?.token else { return }
        guard let token = try await APIToken.query(on: request.db)
            .filter(\.$tokenHash == Secrets.hash(bearer))
            .filter(\.$councilID == council.requireID())
            .filter(\.$revokedAt == nil)
            .join(User.self, on: \APIToken.$user.$id == \User.$id)
            .first()
        else {
            throw Self.invalidToken("The API token is not recognised, has been revoked, or belongs to another council.")
        }
        let now = request.now
        if let expiry = token.expiresAt, expiry <= now {
            throw Self.invalidToken("The API token has expired. Create a new one at /account/tokens.")
        }
        let user = try token.joined(User.self)
        guard user.active else {
            throw Self.invalidToken("The account this API token belongs to has been deactivated.")
        }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 300 }) ?? true {
            token.lastUsedAt = now
            try await token.update(on: request.db)
        }
        request.currentUser = user
    }
}

/// Starting, listing and ending signed-in sessions.
enum Sessions {
    /// The most of a browser's `User-Agent` kept with a session.
    static let userAgentLength = 200

    /// Starts a new session for `user` and sets its cookie on `response`. A fresh token each
    /// time means a session id seen before sign-in is worthless after it. The browser and
    /// address are kept so that people can recognise their sessions. Expired sessions are
    /// deleted by `Housekeeping.sweep`.
    static func start(for user: User, request: Request, response: Response) async throws {
        let token = Secrets.token()
        let session = UserSession(tokenHash: Secrets.hash(token), userID: try user.requireID(),
                                  councilID: user.councilID, now: request.now,
                                  userAgent: request.headers.first(name: .userAgent).map { String($0.prefix(userAgentLength)) },
                                  ipAddress: request.clientAddress)
        try await session.create(on: request.db)
        response.setCookie(.session, token, for: request)
        CSRF.rotate(request: request, response: response)
    }

    /// Ends the request's own session (signing out).
    static func end(request: Request, response: Response) async throws {
        if let session = request.currentSession { try await session.delete(on: request.db) }
        response.setCookie(.session, "", maxAge: 0, for: request)
    }

    /// Ends every session of a user (after a password change or deactivation).
    static func endAll(userID: UUID, on db: Database) async throws {
        try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
    }

    /// One live session, as a person's account page lists it.
    struct Summary: Sendable, Equatable {
        let id: UUID
        let createdAt: Date
        let lastSeenAt: Date
        let userAgent: String?
        let ipAddress: String?
        /// Whether this is the session the request was made with.
        let isCurrent: Bool
    }

    /// A user's live sessions, newest first.
    static func list(for userID: UUID, request: Request) async throws -> [Summary] {
        let now = request.now, lifetime = request.sessionLifetime
        let sessions = try await UserSession.query(on: request.db)
            .filter(\.$user.$id == userID)
            .filter(\.$lastSeenAt > now.addingTimeInterval(-lifetime.idle))
            .filter(\.$createdAt > now.addingTimeInterval(-lifetime.absolute))
            .sort(\.$createdAt, .descending)
            .all()
        let current = request.currentSession?.id
        return try sessions.map { session in
            Summary(id: try session.requireID(), createdAt: session.createdAt, lastSeenAt: session.lastSeenAt,
                    userAgent: session.userAgent, ipAddress: session.ipAddress, isCurrent: session.id == current)
        }
    }

    /// Ends one of `userID`'s sessions, and records who ended it. False when that user has no
    /// such session, so one person can't end another's by guessing ids.
    @discardableResult
    static func end(id: UUID, of userID: UUID, request: Request) async throws -> Bool {
        try await request.db.transaction { db in
            guard let session = try await UserSession.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first() else {
                return false
            }
            try await session.delete(on: db)
            try await AuditLog.record(.signOut, .user, recordID: userID,
                summary: "ended the session signed in at \(DisplayFormat.dateTime(session.createdAt))"
                    + (session.ipAddress.map { " from \($0)" } ?? ""),
                by: request.currentUser, council: session.councilID, on: db, request: request)
            return true
        }
    }
}
