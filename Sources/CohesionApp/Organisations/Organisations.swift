import Fluent
import Vapor

/// Partner, voluntary and community organisations: what this feature adds to the app, in one
/// place (docs/adding-a-feature.md). Handlers are in OrganisationsController, pages in
/// OrganisationPages, the API in OrganisationAPI.
enum Organisations {
    static var feature: Feature {
        Feature(
            name: "Organisations",
            migrations: [CreateOrganisations(), AddOrganisationUnverifiedSource()],
            routes: { routes, _ in register(routes) },
            navigation: [NavigationEntry(label: "Organisations", link: Routes.index, access: .permission(.viewOrganisations))],
            dashboardCards: [
                DashboardCard(title: "Organisations", link: Routes.index, access: .permission(.viewOrganisations)) { context in
                    let count = try await context.tenant.query(Organisation.self).count()
                    let members = try await context.tenant.query(Organisation.self).filter(\.$partnershipMember == true).count()
                    return "\(DisplayFormat.count(count, "partner, voluntary and community organisation")), \(members) in the cohesion partnership."
                },
            ],
            auditRecordTypes: [.organisation],
            apiOperations: OrganisationAPI.operations,
            apiSchemas: OrganisationAPI.schemas,
            demoSeed: OrganisationDemo.seed,
            routeExamples: { context in
                guard let org = try await context.tenant.query(Organisation.self).sort(\.$name).first() else { return [] }
                let id = try org.requireID()
                return [.example(Routes.show, id), .example(Routes.edit, id), .example(Routes.apiShow, id)]
            })
    }

    enum Routes {
        static let index = SiteRoute("organisations")
        static let new = SiteRoute("organisations", "new")
        static let show = SiteRoute1<UUID>("organisations", parameter: "id")
        static let edit = SiteRoute1<UUID>("organisations", parameter: "id", "edit")
        static let apiIndex = SiteRoute("api", "v1", "organisations")
        static let apiShow = SiteRoute1<UUID>("api", "v1", "organisations", parameter: "id")
    }

    static func register(_ routes: RoutesBuilder) {
        let controller = OrganisationsController()
        routes.get(Routes.index, access: .permission(.viewOrganisations), use: controller.index)
        routes.get(Routes.new, access: .permission(.addOrganisations), use: controller.new)
        routes.post(Routes.new, access: .permission(.addOrganisations), use: controller.create)
        routes.get(Routes.show, access: .permission(.viewOrganisations), use: controller.show)
        routes.get(Routes.edit, access: .permission(.editOrganisations), use: controller.edit)
        routes.post(Routes.edit, access: .permission(.editOrganisations), use: controller.update)
        routes.get(Routes.apiIndex, access: .permission(.viewOrganisations), use: controller.apiIndex)
        routes.get(Routes.apiShow, access: .permission(.viewOrganisations), use: controller.apiShow)
    }
}

extension Permission {
    /// Everyone but elected members and leadership, who see aggregates only.
    static let viewOrganisations = Permission("view organisations", roles: [.admin, .officer, .localityLead, .partner, .panel, .safetyPartner])
    /// Locality leads add organisations in their own locality (`OrganisationPolicy`).
    static let addOrganisations = Permission("add organisations", roles: [.admin, .officer, .localityLead])
    /// Leads edit those in their locality, partners their own organisation's contact details.
    static let editOrganisations = Permission("edit organisations", roles: [.admin, .officer, .localityLead, .partner])
}

extension AuditRecordType {
    static let organisation = AuditRecordType(key: "organisation", label: "Organisation")
}
