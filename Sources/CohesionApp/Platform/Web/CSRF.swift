import Crypto
import Foundation
import Vapor

/// Cross-site request forgery protection. Every form that changes something carries a token in
/// the hidden field `csrf_token`, checked (in constant time) before the handler runs:
///
/// - Signed in, the token is bound to the session: HMAC-SHA256 keyed by the raw session token
///   (which only the browser holds; the database keeps its SHA-256) over a fixed label. A
///   forged cross-site form can't compute it, a token shown in one session is refused with
///   another session's cookie, and a token from before sign-in is refused after it. It needs
///   no server-side secret or state, so any app process can check it.
/// - Before sign-in (the sign-in, forgotten password, set password and setup forms) there is
///   no session to bind to, so the double-submit pattern is used: a random token in an
///   HttpOnly, SameSite cookie and the same token in the field. A cross-site form can't read
///   the cookie, so can't supply the field. The cookie is replaced at sign-in.
enum CSRF {
    static let fieldName = "csrf_token"
    /// What the session-bound token signs. Changing it invalidates every open form.
    static let sessionLabel = "cohesion csrf v1"

    private struct TokenKey: StorageKey { typealias Value = String }

    /// The token to put in this page's forms, minting a double-submit cookie for a browser that
    /// is not signed in and has none yet.
    static func token(for request: Request) -> String {
        if let session = signedInSessionToken(request) { return sessionBound(session) }
        if let fresh = request.storage[TokenKey.self] { return fresh }
        if let existing = request.cookie(.csrf), existing.count >= 32 { return existing }
        let minted = Secrets.token()
        request.storage[TokenKey.self] = minted
        return minted
    }

    /// The token for forms shown in the session whose raw cookie value is `sessionToken`.
    static func sessionBound(_ sessionToken: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(sessionLabel.utf8), using: SymmetricKey(data: Data(sessionToken.utf8)))
        return Secrets.base64URL(Data(code))
    }

    /// The raw session token of a signed-in request; nil before sign-in.
    private static func signedInSessionToken(_ request: Request) -> String? {
        guard request.currentSession != nil, let token = request.cookie(.session), !token.isEmpty else { return nil }
        return token
    }

    static func verify(_ request: Request) async throws {
        // URL-encoded forms are read directly (they may repeat keys); other bodies through Vapor's decoders.
        let isURLEncoded = request.headers.contentType == .urlEncodedForm
        let field = (isURLEncoded ? SubmittedForm(request).optional(fieldName) : (try? request.content.get(String.self, at: fieldName))) ?? ""
        try verify(request, submitted: field)
    }

    /// Checks a submitted token: the session-bound one once signed in, the double-submit cookie
    /// before. Called with a token the handler read itself for a streamed upload.
    static func verify(_ request: Request, submitted field: String) throws {
        let expected = signedInSessionToken(request).map(sessionBound) ?? request.cookie(.csrf) ?? ""
        guard expected.count >= 32, Secrets.constantTimeEqual(expected, field) else {
            throw Abort(.forbidden, reason: "This form has expired or was not sent from this site. Go back, reload the page and try again.")
        }
    }

    /// Replaces the double-submit cookie (at sign-in), so a token planted before sign-in is
    /// useless once the person signs out again.
    static func rotate(request: Request, response: Response) {
        let minted = Secrets.token()
        request.storage[TokenKey.self] = minted
        response.setCookie(.csrf, minted, for: request)
    }

    struct CookieMiddleware: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
            let response = try await next.respond(to: request)
            let name = AppCookie.csrf.name(secure: request.application.cohesionConfig.secureCookies)
            if let minted = request.storage[TokenKey.self], response.cookies[name] == nil {
                response.setCookie(.csrf, minted, for: request)
            }
            return response
        }
    }
}
