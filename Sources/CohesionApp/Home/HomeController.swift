import Fluent
import Vapor

/// The public home page and the staff dashboard.
struct HomeController {
    func register(_ routes: RoutesBuilder, cache: PublicPageCache) {
        routes.grouped(PublicPageCache.Middleware(cache: cache, query: [])).on(.GET, access: .anyone, use: home)
        routes.on(.GET, "dashboard", access: .permission(.viewDashboard), use: dashboard)
    }

    struct HomePage: Encodable { let wardCount: Int; let localityCount: Int; let signedIn: Bool }

    @Sendable func home(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let wards = try await tenant.query(Area.self).filter(\.$kind == .ward).count()
        let localities = try await tenant.query(Area.self).filter(\.$kind == .locality).count()
        return try await req.renderPage("home/index", title: "Community cohesion in \(tenant.council.name)",
                                        HomePage(wardCount: wards, localityCount: localities, signedIn: req.currentUser != nil))
    }

    struct Card: Encodable { let href: String; let title: String; let body: String }
    struct DashboardPage: Encodable { let name: String; let role: String; let scope: String?; let cards: [Card] }

    @Sendable func dashboard(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let tenant = try req.tenant
        var cards = [Card(href: "/areas", title: "Areas", body: "Wards and localities in \(tenant.council.name), with their Census 2021 profiles."),
                     Card(href: "/maps", title: "Maps", body: "Census 2021 measures mapped by ward and neighbourhood.")]
        if Policy.allows(user.role, .viewOrganisations) {
            let count = try await tenant.query(Organisation.self).count()
            cards.append(Card(href: "/organisations", title: "Organisations",
                              body: "\(count) partner, voluntary and community organisation\(count == 1 ? "" : "s")."))
        }
        if Policy.allows(user.role, .manageAreas) {
            cards.append(Card(href: "/admin/localities", title: "Localities", body: "Group wards into the localities your partners work in."))
            cards.append(Card(href: "/admin/data", title: "Data", body: "Load ONS Census tables, boundaries and postcodes."))
        }
        if Policy.allows(user.role, .manageUsers) {
            let count = try await tenant.query(User.self).filter(\.$active == true).count()
            cards.append(Card(href: "/admin/users", title: "Users", body: "\(count) active account\(count == 1 ? "" : "s"). Invite people and set their roles."))
        }
        if Policy.allows(user.role, .viewAuditLog) {
            cards.append(Card(href: "/admin/audit", title: "Audit log", body: "Who changed what, and every sign-in."))
        }
        cards.append(Card(href: "/account/tokens", title: "API tokens", body: "Tokens for reading Cohesion's data from other systems."))
        var scope: String?
        if let locality = try await tenant.find(Area.self, user.$locality.id) { scope = "Locality: \(locality.name)" }
        if let org = try await tenant.find(Organisation.self, user.$organisation.id) { scope = "Organisation: \(org.name)" }
        return try await req.renderPage("home/dashboard", title: "Dashboard",
                                        DashboardPage(name: user.name, role: user.role.label, scope: scope, cards: cards))
    }
}
