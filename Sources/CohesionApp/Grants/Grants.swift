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
                NavigationEntry(label: "Grants", link: Routes.manage, access: .permission(.manageGrants)),
                NavigationEntry(label: "Reviews", link: Routes.reviews, access: .permission(.reviewGrants)),
                NavigationEntry(label: "Grants reports", link: Routes.reports, access: .permission(.viewGrantReports)),
                NavigationEntry(label: "Community grants", link: Routes.rounds, access: .anyone, audience: .footer),
                NavigationEntry(label: "Grants as open data (360Giving)", link: Routes.openDataJSON, access: .anyone, audience: .footer),
            ],
            dashboardCards: [
                DashboardCard(title: "Grants", link: Routes.manage, access: .permission(.manageGrants)) { context in
                    let waiting = try await context.tenant.query(GrantApplication.self).filter(\.$state ~~ [.submitted, .eligibilityChecked, .atPanel]).count()
                    return "\(DisplayFormat.count(waiting, "application")) waiting for a decision."
                },
                DashboardCard(title: "Grant reviews", link: Routes.reviews, access: .permission(.reviewGrants)) { context in
                    let open = try await context.tenant.query(GrantReview.self).filter(\.$reviewer.$id == context.user.requireID())
                        .filter(\.$submittedAt == nil).count()
                    return "\(DisplayFormat.count(open, "application")) to review."
                },
            ],
            auditRecordTypes: [.grantApplication, .grantFund],
            demoSeed: GrantsDemo.seed,
            routeExamples: GrantsDemo.routeExamples,
            commands: [FeatureCommand(name: "grants", command: GrantCommands())],
            indicatorSources: GrantIndicators.sources)
    }

    enum Routes {
        // Applying: public, no account.
        static let rounds = SiteRoute("grants")
        static let round = SiteRoute1<UUID>("grants", "rounds", parameter: "id")
        static let continueLink = SiteRoute("grants", "continue")
        static let renewLink = SiteRoute("grants", "continue", "new-link")
        static let application = SiteRoute("grants", "application")
        static let check = SiteRoute("grants", "application", "check")
        static let report = SiteRoute("grants", "application", "report")
        static let section = SiteRoute1<GrantApplicationSection>("grants", "application", parameter: "section")
        // The cohesion team.
        static let manage = SiteRoute("grants", "manage")
        static let manageRound = SiteRoute1<UUID>("grants", "manage", "rounds", parameter: "id")
        static let newFund = SiteRoute("grants", "manage", "funds", "new")
        static let editFund = SiteRoute1<UUID>("grants", "manage", "funds", parameter: "id")
        static let newRound = SiteRoute("grants", "manage", "rounds", "new")
        static let editRound = SiteRoute1<UUID>("grants", "manage", "rounds", parameter: "id", "edit")
        static let panelPack = SiteRoute1<UUID>("grants", "manage", "rounds", parameter: "id", "panel-pack")
        static let manageApplication = SiteRoute1<UUID>("grants", "manage", "applications", parameter: "id")
        static let schedulePayment = SiteRoute1<UUID>("grants", "manage", "applications", parameter: "id", "payments")
        static let signOffReport = SiteRoute1<UUID>("grants", "manage", "applications", parameter: "id", "report")
        static let markPaid = SiteRoute1<UUID>("grants", "manage", "payments", parameter: "id", "paid")
        static let photo = SiteRoute1<UUID>("grants", "manage", "photos", parameter: "id")
        // Reports.
        static let reports = SiteRoute("grants", "reports")
        static let reportsCSV = SiteRoute("grants", "reports.csv")
        // Open data.
        static let openDataJSON = SiteRoute("grants", "360giving.json")
        static let openDataCSV = SiteRoute("grants", "360giving.csv")
        // The grant panel.
        static let reviews = SiteRoute("grants", "reviews")
        static let review = SiteRoute1<UUID>("grants", "reviews", parameter: "id")
    }

    static func register(_ routes: RoutesBuilder) {
        let apply = GrantApplyController()
        routes.get(Routes.rounds, access: .anyone, use: apply.rounds)
        routes.get(Routes.round, access: .anyone, use: apply.round)
        routes.post(Routes.round, access: .anyone, use: apply.start)
        routes.get(Routes.continueLink, access: .anyone, use: apply.continueLink)
        routes.post(Routes.renewLink, access: .anyone, use: apply.renewLink)
        routes.get(Routes.application, access: .anyone, use: apply.overview)
        routes.get(Routes.report, access: .anyone, use: apply.reportForm)
        // Up to three photos of 5 MB each, with the text.
        routes.post(Routes.report, access: .anyone, maxBody: "16mb", use: apply.sendReport)
        routes.get(Routes.check, access: .anyone, use: apply.check)
        routes.post(Routes.check, access: .anyone, use: apply.submit)
        routes.get(Routes.section, access: .anyone, use: apply.section)
        routes.post(Routes.section, access: .anyone, use: apply.saveSection)

        let openData = GrantOpenData()
        routes.get(Routes.openDataJSON, access: .anyone, use: openData.json)
        routes.get(Routes.openDataCSV, access: .anyone, use: openData.csv)

        let manage = GrantManageController(), review = GrantReviewController()
        routes.get(Routes.manage, access: .permission(.manageGrants), use: manage.overview)
        let reports = GrantReportsController()
        routes.get(Routes.reports, access: .permission(.viewGrantReports), use: reports.page)
        routes.get(Routes.reportsCSV, access: .permission(.viewGrantReports), use: reports.csv)
        let setup = GrantSetupController()
        routes.get(Routes.newFund, access: .permission(.manageGrants), use: setup.newFund)
        routes.post(Routes.newFund, access: .permission(.manageGrants), use: setup.createFund)
        routes.get(Routes.editFund, access: .permission(.manageGrants), use: setup.editFund)
        routes.post(Routes.editFund, access: .permission(.manageGrants), use: setup.updateFund)
        routes.get(Routes.newRound, access: .permission(.manageGrants), use: setup.newRound)
        routes.post(Routes.newRound, access: .permission(.manageGrants), use: setup.createRound)
        routes.get(Routes.editRound, access: .permission(.manageGrants), use: setup.editRound)
        routes.post(Routes.editRound, access: .permission(.manageGrants), use: setup.updateRound)
        routes.get(Routes.manageRound, access: .permission(.manageGrants), use: manage.round)
        routes.get(Routes.panelPack, access: .permission(.manageGrants), use: manage.panelPack)
        routes.get(Routes.manageApplication, access: .permission(.manageGrants), use: manage.application)
        routes.post(Routes.manageApplication, access: .permission(.manageGrants), use: manage.act)
        routes.post(Routes.schedulePayment, access: .permission(.manageGrants), use: manage.schedulePayment)
        routes.post(Routes.markPaid, access: .permission(.manageGrants), use: manage.markPaid)
        routes.post(Routes.signOffReport, access: .permission(.manageGrants), use: manage.signOffReport)
        routes.get(Routes.photo, access: .permission(.manageGrants), use: manage.photo)
        routes.get(Routes.reviews, access: .permission(.reviewGrants), use: review.queue)
        routes.get(Routes.review, access: .permission(.reviewGrants), use: review.review)
        routes.post(Routes.review, access: .permission(.reviewGrants), use: review.save)
    }

    /// The kinds of group that may apply, in the group's words (the register's own types).
    static var organisationTypes: [(value: String, label: String)] {
        OrganisationType.allCases.filter { $0 != .statutoryBody }.map { ($0.rawValue, $0.label) }
    }
}

extension Permission {
    /// Funds, rounds, applications and decisions: the cohesion team.
    static let manageGrants = Permission("manage grants", roles: [.admin, .officer])
    /// Reviewing and scoring the applications one is assigned: the grant panel.
    static let reviewGrants = Permission("review grant applications", roles: [.panel])
    /// Awards and success rates by area, kind of group and theme: aggregates about groups, for
    /// the team and elected members.
    static let viewGrantReports = Permission("view grants reports", roles: [.admin, .officer, .viewer])
}

extension AuditRecordType {
    static let grantApplication = AuditRecordType(key: "grant_application", label: "Grant application")
    static let grantFund = AuditRecordType(key: "grant_fund", label: "Grant fund")
}
