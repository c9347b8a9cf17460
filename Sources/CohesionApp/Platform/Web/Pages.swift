import Vapor

/// What every page's layout needs: title, navigation, who is signed in, the form token.
struct LayoutContext: Encodable {
    struct NavItem: Encodable { let href: String; let label: String; let active: Bool }
    struct Crumb: Encodable { let href: String?; let label: String }
    struct SignedInUser: Encodable { let name: String; let role: String }

    let title: String
    let councilName: String
    let user: SignedInUser?
    let nav: [NavItem]
    let breadcrumbs: [Crumb]
    let csrfToken: String
    let flash: String?
}

/// A page's whole rendering context: the layout and the page's own view model.
struct PageContext<Content: Encodable>: Encodable {
    let layout: LayoutContext
    let content: Content
}

struct EmptyContent: Encodable {}

extension Request {
    /// Renders a page inside the layout. `errors` puts "Error: " before the title, as GOV.UK
    /// pages do, so screen reader users hear at once that the form needs attention.
    func renderPage<C: Encodable>(
        _ template: String, title: String, _ content: C, breadcrumbs: [LayoutContext.Crumb] = [],
        errors: FormErrors? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let hasErrors = !(errors?.isEmpty ?? true)
        let layout = LayoutContext(
            title: hasErrors ? "Error: \(title)" : title,
            councilName: councilIfResolved?.name ?? "Cohesion",
            user: currentUser.map { .init(name: $0.name, role: $0.role.label) },
            nav: navigation(),
            breadcrumbs: breadcrumbs,
            csrfToken: CSRF.token(for: self),
            flash: Flash.take(from: self)
        )
        let view = try await self.view.render(template, PageContext(layout: layout, content: content))
        let response = try await view.encodeResponse(status: status, for: self)
        if layout.flash != nil { Flash.clear(on: response, request: self) }
        return response
    }

    /// The service navigation for whoever is signed in; only links they may follow.
    func navigation() -> [LayoutContext.NavItem] {
        let path = url.path
        var items: [(String, String, Access)] = []
        if currentUser == nil {
            items = [("/", "Home", .anyone), ("/areas", "Areas", .anyone), ("/maps", "Maps", .anyone)]
        } else {
            items = [
                ("/dashboard", "Dashboard", .permission(.viewDashboard)),
                ("/areas", "Areas", .anyone),
                ("/maps", "Maps", .anyone),
                ("/organisations", "Organisations", .permission(.viewOrganisations)),
                ("/admin/localities", "Localities", .permission(.manageAreas)),
                ("/admin/data", "Data", .permission(.manageAreas)),
                ("/admin/users", "Users", .permission(.manageUsers)),
                ("/admin/audit", "Audit log", .permission(.viewAuditLog)),
                ("/account/tokens", "API tokens", .permission(.manageOwnTokens)),
            ]
        }
        return items.filter { Policy.allows(currentUser, $0.2) }.map { href, label, _ in
            let active = href == "/" ? path == "/" : (path == href || path.hasPrefix(href + "/"))
            return .init(href: href, label: label, active: active)
        }
    }
}

/// A one-off message shown on the next page (e.g. "Organisation added"), carried in a cookie
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
    static func redirect(_ request: Request, to location: String, message: String) -> Response {
        let response = request.redirect(to: location, redirectType: .normal)
        set(message, on: response, request: request)
        return response
    }
}
