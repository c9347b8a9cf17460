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

enum SessionCookie {
    static let name = "cohesion_session"

    static func make(_ value: String, config: AppConfig, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, maxAge: maxAge, path: "/", isSecure: config.secureCookies,
                          isHTTPOnly: true, sameSite: .lax)
    }
}

/// Reads the session cookie, and for the API the bearer token, and sets `currentUser`.
/// A session or token from another council, for a deactivated user, or past its idle limit
/// counts as signed out.
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
        guard let token = request.cookies[SessionCookie.name]?.string, !token.isEmpty else { return }
        guard let session = try await UserSession.query(on: request.db)
            .filter(\.$tokenHash == Secrets.hash(token))
            .filter(\.$councilID == council.requireID())
            .join(User.self, on: \UserSession.$user.$id == \User.$id)
            .first()
        else { return }
        let user = try session.joined(User.self)
        let now = request.now
        let idleLimit = request.application.cohesionConfig.sessionIdleHours * 3600
        guard user.active, now.timeIntervalSince(session.lastSeenAt) < idleLimit else {
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

    func authenticateToken(_ request: Request, council: Council) async throws {
        guard let bearer = request.headers.bearerAuthorization?.token else { return }
        guard let token = try await APIToken.query(on: request.db)
            .filter(\.$tokenHash == Secrets.hash(bearer))
            .filter(\.$councilID == council.requireID())
            .filter(\.$revokedAt == nil)
            .join(User.self, on: \APIToken.$user.$id == \User.$id)
            .first()
        else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""],
                        reason: "The API token is not recognised, has been revoked, or belongs to another council.")
        }
        let user = try token.joined(User.self)
        guard user.active else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""],
                        reason: "The account this API token belongs to has been deactivated.")
        }
        let now = request.now
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 300 }) ?? true {
            token.lastUsedAt = now
            try await token.update(on: request.db)
        }
        request.currentUser = user
    }
}

/// Starting and ending signed-in sessions.
enum Sessions {
    /// Starts a new session for `user` and sets its cookie on `response`. A fresh token each
    /// time means a session id seen before sign-in is worthless after it.
    static func start(for user: User, request: Request, response: Response) async throws {
        let token = Secrets.token()
        let session = UserSession(tokenHash: Secrets.hash(token), userID: try user.requireID(),
                                  councilID: user.councilID, now: request.now)
        try await session.create(on: request.db)
        // Sessions past their idle limit are worthless; clear them out while we are here.
        let idle = request.application.cohesionConfig.sessionIdleHours * 3600
        try await UserSession.query(on: request.db).filter(\.$lastSeenAt < request.now.addingTimeInterval(-idle)).delete()
        response.cookies[SessionCookie.name] = SessionCookie.make(token, config: request.application.cohesionConfig, maxAge: nil)
        CSRF.rotate(request: request, response: response)
    }

    static func end(request: Request, response: Response) async throws {
        if let session = request.currentSession { try await session.delete(on: request.db) }
        response.cookies[SessionCookie.name] = SessionCookie.make("", config: request.application.cohesionConfig, maxAge: 0)
    }

    /// Ends every session of a user (after a password change or deactivation).
    static func endAll(userID: UUID, on db: Database) async throws {
        try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
    }
}
