import Vapor

/// Registering a route from its `SiteRoute` definition, with the access it needs. Every route
/// in the app goes through these functions, which record the route's template and access
/// for the route-walking tests, and put a CSRF check in front of every form submission.
extension RoutesBuilder {
    @discardableResult
    func get<R: AsyncResponseEncodable>(
        _ route: SiteRoute, access: Access, use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        register(.GET, route.pathComponents, template: route.template, access: access, use: handler)
    }

    @discardableResult
    func get<Value, R: AsyncResponseEncodable>(
        _ route: SiteRoute1<Value>, access: Access, use handler: @escaping @Sendable (Request, Value) async throws -> R
    ) -> Route {
        register(.GET, route.pathComponents, template: route.template, access: access) { request in
            try await handler(request, try route.value(of: request))
        }
    }

    /// A form submission: access first, then the CSRF token, then the handler; the body is read
    /// into memory (up to 1 MB).
    @discardableResult
    func post<R: AsyncResponseEncodable>(
        _ route: SiteRoute, access: Access, use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        register(.POST, route.pathComponents, template: route.template, access: access, csrf: true, use: handler)
    }

    /// A form with files small enough to read into memory (photos on a report): as `post`, with
    /// a larger body limit.
    @discardableResult
    func post<R: AsyncResponseEncodable>(
        _ route: SiteRoute, access: Access, maxBody: ByteCount, use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        register(.POST, route.pathComponents, template: route.template, access: access, body: .collect(maxSize: maxBody), csrf: true, use: handler)
    }

    /// A file upload the handler reads as it arrives (`StreamedUpload.receive`), which checks
    /// the CSRF token from the streamed fields before the handler does anything with them.
    @discardableResult
    func upload<R: AsyncResponseEncodable>(
        _ route: SiteRoute, access: Access, use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        let route = register(.POST, route.pathComponents, template: route.template, access: access, body: .stream, use: handler)
        route.userInfo["csrf"] = true
        return route
    }

    /// A streamed file upload to a route with a parameter (a file for one record).
    @discardableResult
    func upload<Value, R: AsyncResponseEncodable>(
        _ route: SiteRoute1<Value>, access: Access, use handler: @escaping @Sendable (Request, Value) async throws -> R
    ) -> Route {
        let registered = register(.POST, route.pathComponents, template: route.template, access: access, body: .stream) { request in
            try await handler(request, try route.value(of: request))
        }
        registered.userInfo["csrf"] = true
        return registered
    }

    @discardableResult
    func post<Value, R: AsyncResponseEncodable>(
        _ route: SiteRoute1<Value>, access: Access, use handler: @escaping @Sendable (Request, Value) async throws -> R
    ) -> Route {
        register(.POST, route.pathComponents, template: route.template, access: access, csrf: true) { request in
            try await handler(request, try route.value(of: request))
        }
    }

    private func register<R: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], template: String, access: Access,
        body: HTTPBodyStreamStrategy = .collect(maxSize: "1mb"), csrf: Bool = false,
        use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        let route = grouped(AccessMiddleware(access: access)).on(method, path, body: body) { request async throws -> R in
            if csrf { try await CSRF.verify(request) }
            return try await handler(request)
        }
        route.userInfo["access"] = access
        route.userInfo["template"] = template
        if csrf { route.userInfo["csrf"] = true }
        return route
    }
}

extension Route {
    /// The access a route declared when it was registered, read by the permission test.
    var access: Access? { userInfo["access"] as? Access }
    /// The route's template as its `SiteRoute` writes it: `/organisations/{id}/edit`.
    var template: String { userInfo["template"] as? String ?? "/" + path.map(\.description).joined(separator: "/") }
}
