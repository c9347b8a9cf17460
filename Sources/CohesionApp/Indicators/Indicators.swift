import CohesionCore
import Fluent
import Vapor

/// The indicator framework: indicators with their definitions, sources, targets and tags;
/// values per area and period with their provenance; the dashboard for members and the public
/// (disclosure-controlled), exports and the API. Values come from other features' declared
/// sources (`Feature.indicatorSources`: the survey's measures, assets, grants) and from partner
/// services, who enter theirs on a form or from a CSV file (docs/adding-a-feature.md).
enum Indicators {
    static var feature: Feature {
        Feature(
            name: "Indicators",
            migrations: [CreateIndicators()],
            routes: { routes, app in register(routes, cache: app.publicPageCache) },
            navigation: [
                NavigationEntry(label: "Indicators", link: Routes.dashboard, access: .anyone, audience: .everyone),
                NavigationEntry(label: "Manage indicators", link: Routes.manage, access: .permission(.manageIndicators), administration: true),
            ],
            dashboardCards: [
                DashboardCard(title: "Indicators", link: Routes.dashboard, access: .anyone) { context in
                    let count = try await context.tenant.query(Indicator.self).count()
                    return "\(DisplayFormat.count(count, "cohesion indicator")), with their intervals and targets."
                },
            ],
            auditRecordTypes: [.indicator],
            apiOperations: IndicatorAPI.operations,
            apiSchemas: IndicatorAPI.schemas,
            demoSeed: IndicatorsDemo.seed,
            routeExamples: IndicatorsDemo.routeExamples,
            commands: [FeatureCommand(name: "indicators", command: IndicatorCommands())])
    }

    enum Routes {
        static let dashboard = SiteRoute("indicators")
        static let indicator = SiteRoute1<IndicatorCode>("indicators", parameter: "code")
        static let valuesCSV = SiteRoute1<IndicatorCode>("indicators", parameter: "code", "values.csv")
        static let valuesJSON = SiteRoute1<IndicatorCode>("indicators", parameter: "code", "values.json")
        static let manage = SiteRoute("indicators", "manage")
        static let recompute = SiteRoute("indicators", "manage", "recompute")
        static let new = SiteRoute("indicators", "manage", "new")
        static let edit = SiteRoute1<IndicatorCode>("indicators", "manage", parameter: "code")
        static let enterValues = SiteRoute1<IndicatorCode>("indicators", "manage", parameter: "code", "values")
        static let uploadValues = SiteRoute1<IndicatorCode>("indicators", "manage", parameter: "code", "values", "upload")
        static let apiIndex = SiteRoute("api", "v1", "indicators")
        static let apiValues = SiteRoute1<IndicatorCode>("api", "v1", "indicators", parameter: "code", "values")
    }

    static func register(_ routes: RoutesBuilder, cache: PublicPageCache) {
        let view = IndicatorsController()
        // The dashboard and indicator pages are kept for a few seconds for visitors
        // (PublicPageCache), keyed on the query parameters each reads; recomputing and entering
        // values clear the cache.
        routes.grouped(PublicPageCache.Middleware(cache: cache, query: ["tag"]))
            .get(Routes.dashboard, access: .anyone, use: view.dashboard)
        routes.grouped(PublicPageCache.Middleware(cache: cache, query: ["area", "period"]))
            .get(Routes.indicator, access: .anyone, use: view.indicator)
        routes.get(Routes.valuesCSV, access: .anyone, use: view.csv)
        routes.get(Routes.valuesJSON, access: .anyone, use: view.json)
        routes.get(Routes.apiIndex, access: .anyone, use: view.apiIndex)
        routes.get(Routes.apiValues, access: .anyone, use: view.apiValues)

        let manage = IndicatorManageController()
        routes.get(Routes.manage, access: .permission(.enterIndicatorValues), use: manage.list)
        routes.post(Routes.recompute, access: .permission(.manageIndicators), use: manage.recompute)
        routes.get(Routes.new, access: .permission(.manageIndicators), use: manage.new)
        routes.post(Routes.new, access: .permission(.manageIndicators), use: manage.create)
        routes.get(Routes.edit, access: .permission(.manageIndicators), use: manage.edit)
        routes.post(Routes.edit, access: .permission(.manageIndicators), use: manage.update)
        routes.get(Routes.enterValues, access: .permission(.enterIndicatorValues), use: manage.valuesForm)
        routes.post(Routes.enterValues, access: .permission(.enterIndicatorValues), use: manage.saveValue)
        routes.upload(Routes.uploadValues, access: .permission(.enterIndicatorValues), use: manage.uploadValues)
    }
}

/// An indicator's code in a path: letters, digits and hyphens, as the form allows.
struct IndicatorCode: PathParameter, Hashable {
    /// The form's rule and the OpenAPI document's, in one place.
    static let rule = TextRule(minLength: 1, maxLength: 20, pattern: "^[A-Za-z0-9-]+$")
    let value: String

    init?(pathComponent: String) {
        guard Self.rule.accepts(pathComponent) else { return nil }
        value = pathComponent.uppercased()
    }

    var pathComponent: String { value }
    static var expectedForm: String { "an indicator code of 1 to 20 letters, digits and hyphens, like COH-01" }
}

extension Permission {
    static let manageIndicators = Permission("manage indicators", roles: [.admin, .officer])
    /// Partners enter values only for the indicators their organisation supplies (`IndicatorPolicy`).
    static let enterIndicatorValues = Permission("enter indicator values", roles: [.admin, .officer, .partner, .safetyPartner])
}

extension AuditRecordType {
    static let indicator = AuditRecordType(key: "indicator", label: "Indicator")
}

/// Who may enter an indicator's values: the team, and the users of the partner organisation that
/// supplies it.
enum IndicatorPolicy {
    static func mayEnterValues(_ user: User, for indicator: Indicator) -> Bool {
        guard indicator.sourceKind == .partner else { return false }
        if user.role == .admin || user.role == .officer { return true }
        return indicator.partnerOrganisationID != nil && indicator.partnerOrganisationID == user.organisationID
    }
}
