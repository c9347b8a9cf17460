import Fluent
import Vapor

/// The public home page and the staff dashboard.
struct HomeController {
    @Sendable func home(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let wards = try await tenant.query(Area.self).filter(\.$kind == .ward).count()
        let localities = try await tenant.query(Area.self).filter(\.$kind == .locality).count()
        return try await req.render(HomePage(councilName: tenant.council.name, wardCount: wards, localityCount: localities,
                                             signedIn: req.currentUser != nil))
    }

    @Sendable func dashboard(_ req: Request) async throws -> Response {
        try await req.render(try await Self.dashboardPage(for: try req.requireUser(), tenant: try req.tenant,
                                                          features: req.application.features))
    }

    /// Every feature's cards that this user may follow, each with its live figure. Apart from
    /// the handler so the rendering benchmark (bench/http.sh) builds the very same model.
    static func dashboardPage(for user: User, tenant: TenantScope, features: [Feature]) async throws -> DashboardPage {
        let context = DashboardContext(tenant: tenant, user: user)
        var cards: [DashboardPage.Card] = []
        for card in features.flatMap(\.dashboardCards) where Policy.allows(user, card.access) {
            cards.append(.init(title: card.title, link: card.link.path, summary: try await card.summary(context)))
        }
        var scope: String?
        if let locality = try await tenant.find(Area.self, user.localityID) { scope = "Locality: \(locality.name)" }
        if let org = try await tenant.find(Organisation.self, user.organisationID) { scope = "Organisation: \(org.name)" }
        return DashboardPage(name: user.name, role: user.role.label, scope: scope, cards: cards)
    }
}

struct HomePage: Page {
    let councilName: String
    let wardCount: Int
    let localityCount: Int
    let signedIn: Bool

    var title: String { "Community cohesion in \(councilName)" }

    func body(_ context: PageContext) -> HTML {
        Div(.class("govuk-grid-row")) {
            Div(.class("govuk-grid-column-two-thirds")) {
                H1(.class("govuk-heading-xl")) { Text(title) }
                P(.class("govuk-body-l")) {
                    "This service helps the council, its partners and residents build a place where people from different backgrounds get on well together."
                }
                Paragraph("The council's cohesion team works with voluntary and community groups in each part of the borough. Together they run programmes such as English classes, school linking and community dialogue, support local events, give small grants to community groups, and keep track of tensions and hate incidents so they can act early.")
                H2(.class("govuk-heading-m")) { "Find groups and places near you" }
                Paragraph("Community groups, halls, classes, warm spaces and services, with their opening times and how to get in touch.")
                P(.class("govuk-body")) { A(.class("govuk-link"), .href(Assets.Routes.directory.path)) { "Search the community directory" } }
                H2(.class("govuk-heading-m")) { "Find out about your area" }
                Paragraph("See the \(DisplayFormat.count(wardCount, "electoral ward"))\(localityCount > 0 ? " and \(DisplayFormat.count(localityCount, "locality", plural: "localities"))" : "") that the service works across.")
                P(.class("govuk-body")) { A(.class("govuk-link"), .href(Places.Routes.areas.path)) { "Browse areas" } }
                if signedIn {
                    P(.class("govuk-body")) { A(.class("govuk-link"), .href(PlatformRoutes.dashboard.path)) { "Go to your dashboard" } }
                } else {
                    H2(.class("govuk-heading-m")) { "Council staff and partners" }
                    P(.class("govuk-body")) { A(.class("govuk-link"), .href(PlatformRoutes.signIn.path)) { "Sign in to Cohesion" } }
                }
            }
        }
    }
}

struct DashboardPage: Page {
    struct Card: Sendable { let title: String; let link: SitePath; let summary: String }

    let name: String
    let role: String
    let scope: String?
    let cards: [Card]

    var title: String { "Dashboard" }

    func body(_ context: PageContext) -> HTML {
        Span(.class("govuk-caption-l")) { Text(role + (scope.map { " · " + $0 } ?? "")) }
        H1(.class("govuk-heading-l")) { "Welcome, \(name)" }
        Ul(.class("app-card-grid govuk-list")) {
            for card in cards {
                Li(.class("app-card")) {
                    H2(.class("app-card__title govuk-heading-s")) { A(.class("govuk-link"), .href(card.link)) { Text(card.title) } }
                    P(.class("app-card__body govuk-body-s")) { Text(card.summary) }
                }
            }
        }
    }
}
