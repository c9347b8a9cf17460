import Vapor

/// A page of the service. Its stored properties are the page's model (built by the handler from
/// query results, every formatting decision already made, so it can be checked without HTML) and
/// `body` is its view: the main content, drawn inside the shared layout (`Layout`).
///
///     struct ThanksPage: Page {
///         let name: String
///         var title: String { "Thank you" }
///         func body(_ context: PageContext) -> HTML { PageHeading("Thank you, \(name)") }
///     }
///
/// A handler returns `try await req.render(ThanksPage(name: user.name))`.
protocol Page: Sendable {
    /// The page's name, first in the browser's title bar.
    var title: String { get }
    /// Where the page sits, shown above it (not including the page itself).
    var breadcrumbs: [Breadcrumb] { get }
    /// True when the page shows form errors: the title then starts "Error: ", as GOV.UK pages
    /// do, so screen reader users hear at once that the form needs attention.
    var hasErrors: Bool { get }
    /// schema.org facts about what the page shows, as JSON-LD in the page's head, so search
    /// engines and maps can read it.
    var structuredData: StructuredData? { get }
    @HTMLBuilder func body(_ context: PageContext) -> HTML
}

extension Page {
    var breadcrumbs: [Breadcrumb] { [] }
    var hasErrors: Bool { false }
    var structuredData: StructuredData? { nil }
}

/// A JSON-LD document for a page's head. Made from an `Encodable` value; `<`, `>` and `&` are
/// written as `\u003c`, `\u003e`, `\u0026` so that no text in it can close the script element.
struct StructuredData: Sendable {
    let json: String

    init(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
        json = text.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    var html: HTML { .trusted("<script type=\"application/ld+json\">" + json + "</script>") }
}

struct Breadcrumb: Sendable {
    let label: String
    let link: SitePath
}

/// What the layout and a page's forms need from the request: who is signed in, the form token,
/// the navigation they may follow, a one-off message.
struct PageContext: Sendable {
    struct SignedInUser: Sendable { let name: String; let role: String }
    struct Link: Sendable { let label: String; let link: SitePath; let current: Bool }

    let councilName: String
    let user: SignedInUser?
    let navigation: [Link]
    let footerLinks: [Link]
    let csrfToken: String
    let flash: String?
}

extension Request {
    /// Renders a page inside the layout.
    func render(_ page: some Page, status: HTTPStatus = .ok) async throws -> Response {
        let context = pageContext()
        let document = Layout.document(page, context)
        var headers = HTTPHeaders()
        headers.contentType = .html
        let response = Response(status: status, headers: headers, body: .init(string: document.rendered))
        if context.flash != nil { Flash.clear(on: response, request: self) }
        return response
    }

    func pageContext() -> PageContext {
        let user = currentUser
        let path = url.path
        func isCurrent(_ link: SitePath) -> Bool {
            link.path == "/" ? path == "/" : (path == link.path || path.hasPrefix(link.path + "/"))
        }
        var menu: [PageContext.Link] = []
        var administration: [PageContext.Link] = []
        var footer: [PageContext.Link] = []
        for entry in application.features.flatMap(\.navigation) where Policy.allows(user, entry.access) {
            let link = PageContext.Link(label: entry.label, link: entry.link.path, current: isCurrent(entry.link.path))
            switch entry.audience {
            case .footer: footer.append(link)
            case .visitors where user != nil, .staff where user == nil: break
            default: if entry.administration { administration.append(link) } else { menu.append(link) }
            }
        }
        menu += administration
        return PageContext(
            councilName: councilIfResolved?.name ?? "Cohesion",
            user: user.map { .init(name: $0.name, role: $0.role.label) },
            navigation: menu, footerLinks: footer,
            csrfToken: CSRF.token(for: self), flash: Flash.take(from: self))
    }
}

/// A one-off message shown on the next page (e.g. "Your changes have been saved"), carried in a cookie
/// so it survives the redirect after a form without any server-side state.
enum Flash {
    static func set(_ message: String, on response: Response, request: Request) {
        response.setCookie(.flash, Data(message.utf8).base64EncodedString(), maxAge: 60, for: request)
    }

    static func take(from request: Request) -> String? {
        guard let raw = request.cookie(.flash), !raw.isEmpty,
              let data = Data(base64Encoded: raw) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    static func clear(on response: Response, request: Request) {
        response.setCookie(.flash, "", maxAge: 0, for: request)
    }

    /// Redirects after a successful form (POST/redirect/GET) with a message for the next page.
    static func redirect(_ request: Request, to location: SitePath, message: String) -> Response {
        let response = request.redirect(to: location)
        set(message, on: response, request: request)
        return response
    }
}
