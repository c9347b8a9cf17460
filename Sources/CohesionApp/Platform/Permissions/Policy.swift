import Vapor

/// Something a route or an action needs, with the roles that have it. Each feature declares its
/// own permissions beside its routes (in its own folder),
/// so the platform grants nothing by name. Two permissions are the same when their names are.
struct Permission: Hashable, Sendable, CustomStringConvertible {
    let name: String
    let roles: Set<Role>

    init(_ name: String, roles: Set<Role>) {
        self.name = name
        self.roles = roles
    }

    static func == (a: Permission, b: Permission) -> Bool { a.name == b.name }
    func hash(into hasher: inout Hasher) { hasher.combine(name) }
    var description: String { name }

    /// Every role: things anyone signed in may do, such as seeing their dashboard.
    static let allRoles = Set(Role.allCases)
}

extension Permission {
    // The platform's own permissions: the signed-in service itself and its administration.
    static let viewDashboard = Permission("view dashboard", roles: allRoles)
    static let manageOwnAccount = Permission("manage own account and API tokens", roles: allRoles)
    static let manageUsers = Permission("manage users", roles: [.admin])
    static let viewAuditLog = Permission("view audit log", roles: [.admin])
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
        case .permission(let p): p.name
        }
    }
}

/// The one permission policy for route-level questions ("may an officer edit organisations?").
/// Record-level and field-level questions ("may this partner edit this organisation's type?")
/// belong to the feature that owns the record, which asks them after loading it.
enum Policy {
    static func allows(_ role: Role, _ permission: Permission) -> Bool {
        permission.roles.contains(role)
    }

    static func allows(_ user: User?, _ access: Access) -> Bool {
        switch access {
        case .anyone: true
        case .signedIn: user != nil
        case .permission(let permission): user.map { allows($0.role, permission) } ?? false
        }
    }
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
            let here = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: PlatformRoutes.signIn.path.with("next", here))
        }
        throw Abort(.forbidden, reason: "Your account does not give you access to this.")
    }
}

extension Request {
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
