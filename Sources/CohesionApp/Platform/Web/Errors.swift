import Vapor

/// An RFC 9457 problem details body, with the field errors when input was invalid.
struct Problem: Content {
    struct FieldError: Content { let field: String; let message: String }

    var type: String = "about:blank"
    var title: String
    var status: Int
    var detail: String?
    var instance: String?
    var errors: [FieldError]?
}

/// An error that carries field errors, for the API (problem+json) to list them.
struct ValidationProblem: AbortError {
    let errors: FormErrors
    var status: HTTPResponseStatus { .badRequest }
    var reason: String { errors.items.map(\.message).joined(separator: ". ") }
}

/// Refuses addresses that carry a NUL character (`%00`): no real path or search contains one,
/// and PostgreSQL rejects it in text, so it would otherwise surface as a database error.
struct RejectNULMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let url = request.url.string
        if url.contains("\0") || url.range(of: "%00", options: .caseInsensitive) != nil {
            throw Abort(.badRequest, reason: "The address contains a NUL character (%00), which is not allowed.")
        }
        return try await next.respond(to: request)
    }
}

/// Turns every error into a proper answer: problem+json for the API, a friendly page for
/// people. Never a stack trace; unexpected errors are logged with the request id and shown
/// as a plain "sorry" page.
struct CohesionErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request: request)
        }
    }

    func response(for error: Error, request: Request) async -> Response {
        var status: HTTPResponseStatus
        var reason: String?
        var headers = HTTPHeaders()
        var fields: [Problem.FieldError]?
        switch error {
        case let problem as ValidationProblem:
            status = problem.status
            reason = problem.reason
            fields = problem.errors.problemFields
        case let abort as AbortError:
            status = abort.status
            reason = abort.reason == status.reasonPhrase ? nil : abort.reason
            headers = abort.headers
        case is DecodingError:
            status = .badRequest
            reason = "The request could not be read. Check the format of what was sent."
        default:
            status = .internalServerError
            request.logger.error("Unhandled error: \(String(reflecting: error))")
        }
        if status == .internalServerError { reason = nil }
        if status == .notFound, request.route == nil, request.isAPI {
            let allowed = Self.methodsAllowed(for: request.url.path, in: request.application.routes.all)
            if !allowed.isEmpty {
                status = .methodNotAllowed
                reason = "\(request.method.rawValue) is not allowed here. Use \(allowed.joined(separator: " or "))."
                headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
            }
        }
        // The OpenAPI document promises this header on every 401 (RFC 9110 requires it).
        if status == .unauthorized, request.isAPI, !headers.contains(name: .wwwAuthenticate) {
            headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
        }
        if request.isAPI || request.url.path == "/metrics" || request.url.path == "/healthz" {
            return problemResponse(status: status, detail: reason, fields: fields, headers: headers, request: request)
        }
        return await pageResponse(status: status, detail: reason, headers: headers, request: request)
    }

    /// The methods registered for a path, so that a wrong method gets 405 rather than 404.
    static func methodsAllowed(for path: String, in routes: [Route]) -> [String] {
        let parts = path.split(separator: "/").map(String.init)
        let methods = routes.filter { route in
            route.path.count == parts.count && zip(route.path, parts).allSatisfy { component, part in
                if case .constant(let text) = component { return text == part }
                return true
            }
        }.map(\.method.rawValue)
        return Array(Set(methods)).sorted()
    }

    func problemResponse(status: HTTPResponseStatus, detail: String?, fields: [Problem.FieldError]?,
                         headers: HTTPHeaders, request: Request) -> Response {
        let problem = Problem(title: status.reasonPhrase, status: Int(status.code), detail: detail,
                              instance: request.url.path, errors: fields)
        var headers = headers
        headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        return Response(status: status, headers: headers, body: .init(data: body))
    }

    func pageResponse(status: HTTPResponseStatus, detail: String?, headers: HTTPHeaders, request: Request) async -> Response {
        let heading: String
        switch status {
        case .notFound: heading = "Page not found"
        case .forbidden: heading = "You cannot see this page"
        case .unauthorized: heading = "Sign in to see this page"
        case .tooManyRequests: heading = "Too many attempts"
        case .internalServerError: heading = "Sorry, there is a problem with the service"
        case .badRequest: heading = "There is a problem with what was sent"
        default: heading = status.reasonPhrase
        }
        if let response = try? await request.render(ErrorPage(heading: heading, detail: detail, status: status), status: status) {
            for (name, value) in headers where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
                response.headers.replaceOrAdd(name: name, value: value)
            }
            return response
        }
        let text = "\(heading)\n\(detail ?? "")"
        return Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: text))
    }
}

/// The page people see when something can't be shown: not found, not allowed, a mistake in
/// what was sent, or a fault (never with its details).
struct ErrorPage: Page {
    let heading: String
    let detail: String?
    let status: HTTPResponseStatus

    var title: String { heading }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(heading)
            if let detail { Paragraph(detail) }
            switch status {
            case .notFound:
                Paragraph("If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.")
                P(.class("govuk-body")) { TextLink("Go to the home page", to: PlatformRoutes.home.path) }
            case .internalServerError:
                Paragraph("Try again later. If it keeps happening, tell the council's cohesion team what you were doing.")
            case .forbidden:
                Paragraph("If you think you should have access, ask your Cohesion administrator.")
                P(.class("govuk-body")) { TextLink("Go to your dashboard", to: PlatformRoutes.dashboard.path) }
            default:
                HTML.empty
            }
        }
    }
}
