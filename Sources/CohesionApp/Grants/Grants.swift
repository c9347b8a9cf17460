import CohesionCore
import Fluent
import Vapor

/// Community cohesion micro-grants: funds and rounds, applications through `GrantWorkflow`,
/// awards that hold to the budget, and 360Giving open data. Declared in one place
/// (docs/adding-a-feature.md). Built in parts (issue 10): so far the tables, the award, reviews,
/// and the public application (rounds, question pages, a private link, checking and sending).
enum Grants {
    static var feature: Feature {
        Feature(
            name: "Grants",
            migrations: [CreateGrants()],
            routes: { routes, _ in register(routes) },
            navigation: [
                NavigationEntry(label: "Community grants", link: Routes.rounds, access: .anyone, audience: .footer),
            ],
            auditRecordTypes: [.grantApplication, .grantFund],
            demoSeed: GrantsDemo.seed,
            routeExamples: GrantsDemo.routeExamples)
    }

    enum Routes {
        // Applying: public, no account.
        static let rounds = SiteRoute("grants")
        static let round = SiteRoute1<UUID>("grants", "rounds", parameter: "id")
        static let continueLink = SiteRoute("grants", "continue")
        static let renewLink = SiteRoute("grants", "continue", "new-link")
        static let application = SiteRoute("grants", "application")
        static let check = SiteRoute("grants", "application", "check")
        static let section = SiteRoute1<GrantApplicationSection>("grants", "application", parameter: "section")
    }

    static func register(_ routes: RoutesBuilder) {
        let apply = GrantApplyController()
        routes.get(Routes.rounds, access: .anyone, use: apply.rounds)
        routes.get(Routes.round, access: .anyone, use: apply.round)
        routes.post(Routes.round, access: .anyone, use: apply.start)
        routes.get(Routes.continueLink, access: .anyone, use: apply.continueLink)
        routes.post(Routes.renewLink, access: .anyone, use: apply.renewLink)
        routes.get(Routes.application, access: .anyone, use: apply.overview)
        routes.get(Routes.check, access: .anyone, use: apply.check)
        routes.post(Routes.check, access: .anyone, use: apply.submit)
        routes.get(Routes.section, access: .anyone, use: apply.section)
        routes.post(Routes.section, access: .anyone, use: apply.saveSection)
    }

    /// The kinds of group that may apply, in the group's words (the register's own types).
    static var organisationTypes: [(value: String, label: String)] {
        OrganisationType.allCases.filter { $0 != .statutoryBody }.map { ($0.rawValue, $0.label) }
    }
}

extension AuditRecordType {
    static let grantApplication = AuditRecordType(key: "grant_application", label: "Grant application")
    static let grantFund = AuditRecordType(key: "grant_fund", label: "Grant fund")
}
