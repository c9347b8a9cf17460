import Vapor

/// Things a route or an action may need. Each route declares one (see `Access`).
enum Permission: String, CaseIterable, Sendable {
    case viewDashboard
    case viewOrganisations
    case addOrganisations
    case editOrganisations
    case manageAreas
    case manageUsers
    case viewAuditLog
    case manageOwnTokens
}

/// Who may reach a route: anyone, anyone signed in, or holders of a permission.
enum Access: Hashable, Sendable, CustomStringConvertible {
    case anyone
    case signedIn
    case permission(Permission)

    var description: String {
        switch self {
        case .anyone: "public"
        case .signedIn: "signed in"
        case .permission(let p): p.rawValue
        }
    }
}

/// The one permission policy. Route-level questions ("may an officer edit organisations?")
/// go through `allows`; record-level ones ("may this partner edit this organisation?") through
/// the `may…` functions, which handlers call after loading the record.
enum Policy {
    static func allows(_ role: Role, _ permission: Permission) -> Bool {
        switch permission {
        case .viewDashboard, .manageOwnTokens:
            true
        case .viewOrganisations:
            role != .viewer
        case .addOrganisations:
            [.admin, .officer, .localityLead].contains(role)
        case .editOrganisations:
            [.admin, .officer, .localityLead, .partner].contains(role)
        case .manageAreas:
            role == .admin || role == .officer
        case .manageUsers, .viewAuditLog:
            role == .admin
        }
    }

    static func allows(_ user: User?, _ access: Access) -> Bool {
        switch access {
        case .anyone: true
        case .signedIn: user != nil
        case .permission(let permission): user.map { allows($0.role, permission) } ?? false
        }
    }

    /// Partners create nothing new here: their organisation already exists.
    static func mayCreateOrganisation(_ user: User, inLocality localityID: UUID?) -> Bool {
        switch user.role {
        case .admin, .officer: true
        case .localityLead: localityID != nil && localityID == user.$locality.id
        default: false
        }
    }

    /// A locality lead edits organisations in their locality; a partner only their own.
    static func mayEdit(_ user: User, _ organisation: Organisation) -> Bool {
        switch user.role {
        case .admin, .officer: true
        case .localityLead: organisation.$locality.id != nil && organisation.$locality.id == user.$locality.id
        case .partner: organisation.id != nil && organisation.id == user.$organisation.id
        default: false
        }
    }

    /// Whether `user` may give an organisation a new locality (a lead may not move it out of theirs).
    static func mayAssign(_ user: User, locality localityID: UUID?) -> Bool {
        switch user.role {
        case .localityLead: localityID != nil && localityID == user.$locality.id
        default: true
        }
    }
}

extension Route {
    /// The access a route declared when it was registered, read by the permission test.
    var access: Access? { userInfo["access"] as? Access }
}

/// Refuses requests that lack the route's access: pages redirect to sign-in (or show 403),
/// the API answers 401 or 403 as problem+json.
struct AccessMiddleware: AsyncMiddleware {
    let access: Access

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let user = request.currentUser
        if Policy.allows(user, access) { return try await next.respond(to: request) }
        if user == nil {
            if request.isAPI { throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "Sign in with an API token: send it as 'Authorization: Bearer <token>'.") }
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: "/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/dashboard"))
        }
        throw Abort(.forbidden, reason: "Your account does not give you access to this.")
    }
}

extension Request {
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}

extension RoutesBuilder {
    /// Registers a route together with the access it needs. Every route in the app is
    /// registered through this (or `form`), which the route × role test checks.
    @discardableResult
    func on<R: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: PathComponent..., access: Access,
        body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        let route = grouped(AccessMiddleware(access: access)).on(method, path, body: body, use: handler)
        route.userInfo["access"] = access
        return route
    }

    /// Registers a form submission: access is checked first, then the CSRF token, then the handler.
    @discardableResult
    func form<R: AsyncResponseEncodable>(
        _ path: PathComponent..., access: Access, maxSize: ByteCount = "1mb",
        use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        let route = grouped(AccessMiddleware(access: access))
            .on(.POST, path, body: .collect(maxSize: maxSize)) { request async throws -> R in
                try CSRF.verify(request)
                return try await handler(request)
            }
        route.userInfo["access"] = access
        route.userInfo["csrf"] = true
        return route
    }
}
