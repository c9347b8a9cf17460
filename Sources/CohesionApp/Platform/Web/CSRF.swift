import Vapor

/// Cross-site request forgery protection by the double-submit pattern: every browser gets a
/// random token in an HttpOnly, SameSite cookie and every form carries the same token in a
/// hidden field. A forged cross-site form can't read the cookie, so can't supply the field.
/// The token is replaced at sign-in so one planted before sign-in is useless after it.
enum CSRF {
    static let cookieName = "cohesion_csrf"
    static let fieldName = "csrf_token"

    private struct TokenKey: StorageKey { typealias Value = String }

    /// The token to put in this page's forms, minting one if the browser has none yet.
    static func token(for request: Request) -> String {
        if let fresh = request.storage[TokenKey.self] { return fresh }
        if let existing = request.cookies[cookieName]?.string, existing.count >= 32 { return existing }
        let minted = Secrets.token()
        request.storage[TokenKey.self] = minted
        return minted
    }

    static func verify(_ request: Request) async throws {
        // URL-encoded forms are read directly (they may repeat keys); other bodies through Vapor's decoders.
        let isURLEncoded = request.headers.contentType == .urlEncodedForm
        let field = (isURLEncoded ? SubmittedForm(request).optional(fieldName) : (try? request.content.get(String.self, at: fieldName))) ?? ""
        try verify(request, submitted: field)
    }

    /// Checks a token that was read from the body by the handler (a streamed upload).
    static func verify(_ request: Request, submitted field: String) throws {
        let cookie = request.cookies[cookieName]?.string ?? ""
        guard cookie.count >= 32, Secrets.constantTimeEqual(cookie, field) else {
            throw Abort(.forbidden, reason: "This form has expired or was not sent from this site. Go back, reload the page and try again.")
        }
    }

    static func rotate(request: Request, response: Response) {
        let minted = Secrets.token()
        request.storage[TokenKey.self] = minted
        response.cookies[cookieName] = cookie(minted, request: request)
    }

    static func cookie(_ value: String, request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, path: "/", isSecure: request.application.cohesionConfig.secureCookies,
                          isHTTPOnly: true, sameSite: .lax)
    }

    struct CookieMiddleware: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
            let response = try await next.respond(to: request)
            if let minted = request.storage[TokenKey.self], response.cookies[cookieName] == nil {
                response.cookies[cookieName] = cookie(minted, request: request)
            }
            return response
        }
    }
}
