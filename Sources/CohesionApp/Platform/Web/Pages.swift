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
    /// Features' footer links (accessibility statement, privacy, cookies, contact, source code).
    let footer: [NavItem]
    let breadcrumbs: [Crumb]
    let csrfToken: String
    let flash: String?
}

/// A page's whole rendering context: the layout and the page's own view model.
struct LeafPageContext<Content: Encodable>: Encodable {
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
        let context = pageContext()
        let layout = LayoutContext(
            title: hasErrors ? "Error: \(title)" : title,
            councilName: context.councilName,
            user: currentUser.map { .init(name: $0.name, role: $0.role.label) },
            nav: context.navigation.map { .init(href: $0.link.description, label: $0.label, active: $0.current) },
            footer: context.footerLinks.map { .init(href: $0.link.description, label: $0.label, active: $0.current) },
            breadcrumbs: breadcrumbs,
            csrfToken: context.csrfToken,
            flash: context.flash
        )
        let view = try await self.view.render(template, LeafPageContext(layout: layout, content: content))
        let response = try await view.encodeResponse(status: status, for: self)
        if layout.flash != nil { Flash.clear(on: response, request: self) }
        return response
    }
}
