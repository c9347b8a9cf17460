import CohesionCore
import Fluent
import Vapor

/// What communities already have: the asset register (asset-based community development's six
/// categories), the public directory, community suggestions and their moderation, gaps per
/// 1,000 residents, "who could host this?", Open Referral UK 3.0, imports and exports, review
/// reminders and the API. Declared in one place (docs/adding-a-feature.md).
enum Assets {
    static var feature: Feature {
        Feature(
            name: "Assets",
            migrations: [CreateAssets(), AddTaxonomyTermUpdatedAt()],
            routes: { routes, app in register(routes, cache: app.publicPageCache) },
            navigation: [
                NavigationEntry(label: "Directory", link: Routes.directory, access: .anyone, audience: .everyone),
                NavigationEntry(label: "Assets", link: Routes.index, access: .permission(.viewAssets)),
                NavigationEntry(label: "Gaps", link: Routes.gaps, access: .permission(.viewAssetGaps)),
                NavigationEntry(label: "Community directory", link: Routes.directory, access: .anyone, audience: .footer),
                NavigationEntry(label: "Open Referral UK", link: Routes.openReferralRoot, access: .anyone, audience: .footer),
            ],
            dashboardCards: [
                DashboardCard(title: "Assets", link: Routes.index, access: .permission(.viewAssets)) { context in
                    let counts = try await AssetQueries.statusCounts(context.tenant)
                    return "\(DisplayFormat.count(counts[.published] ?? 0, "published asset")) in the directory, \(counts[.draft] ?? 0) in draft."
                },
                DashboardCard(title: "Assets due for review", link: Routes.reviews, access: .permission(.editAssets)) { context in
                    let due = try await AssetReminders.dueCount(for: context.user, tenant: context.tenant, today: CalendarDate.inLondon(Date()))
                    return due == 0 ? "None of the assets you look after is past its review date."
                        : "\(DisplayFormat.count(due, "asset")) you look after \(due == 1 ? "is" : "are") past the review date."
                },
                DashboardCard(title: "Suggestions from residents", link: Routes.suggestions, access: .permission(.moderateAssetSuggestions)) { context in
                    let pending = try await context.tenant.query(AssetSuggestion.self).filter(\.$status == .pending).count()
                    return "\(DisplayFormat.count(pending, "suggestion")) waiting for review."
                },
            ],
            auditRecordTypes: [.asset, .assetTaxonomyTerm, .assetSuggestion],
            apiOperations: AssetAPI.operations,
            apiSchemas: AssetAPI.schemas,
            councilCreated: { council, db in try await AssetTaxonomy.createDefaults(for: council.requireID(), on: db) },
            demoSeed: AssetsDemo.seed,
            routeExamples: AssetsDemo.routeExamples,
            commands: [FeatureCommand(name: "assets", command: AssetCommands())],
            indicatorSources: AssetIndicators.sources,
            configure: { app in
                let index = DirectoryIndex()
                app.directoryIndex = index
                app.databases.middleware.use(DirectoryIndex.Invalidation(index: index))
            })
    }

    enum Routes {
        // The register (staff).
        static let index = SiteRoute("assets")
        static let new = SiteRoute("assets", "new")
        static let show = SiteRoute1<UUID>("assets", parameter: "id")
        static let edit = SiteRoute1<UUID>("assets", parameter: "id", "edit")
        static let delete = SiteRoute1<UUID>("assets", parameter: "id", "delete")
        static let reviews = SiteRoute("assets", "reviews")
        static let hosts = SiteRoute("assets", "hosts")
        static let gaps = SiteRoute("assets", "gaps")
        static let importCSV = SiteRoute("assets", "import")
        static let importOpenReferral = SiteRoute("assets", "import", "openreferral")
        static let exportCSV = SiteRoute("assets", "export.csv")
        static let templateCSV = SiteRoute("assets", "template.csv")
        static let taxonomy = SiteRoute("assets", "taxonomy")
        static let newTerm = SiteRoute("assets", "taxonomy", "new")
        static let term = SiteRoute1<UUID>("assets", "taxonomy", parameter: "id")
        static let suggestions = SiteRoute("assets", "suggestions")
        static let suggestion = SiteRoute1<UUID>("assets", "suggestions", parameter: "id")
        // The public directory.
        static let directory = SiteRoute("directory")
        static let directoryEntry = SiteRoute1<UUID>("directory", parameter: "id")
        static let suggestNew = SiteRoute("directory", "suggest")
        static let suggestCorrection = SiteRoute1<UUID>("directory", parameter: "id", "suggest")
        // Open Referral UK 3.0.
        static let openReferralRoot = SiteRoute("openreferral")
        static let openReferralServices = SiteRoute("openreferral", "services")
        static let openReferralService = SiteRoute1<UUID>("openreferral", "services", parameter: "id")
        static let openReferralServiceAtLocations = SiteRoute("openreferral", "service_at_locations")
        static let openReferralServiceAtLocation = SiteRoute1<UUID>("openreferral", "service_at_locations", parameter: "id")
        static let openReferralTaxonomies = SiteRoute("openreferral", "taxonomies")
        static let openReferralTaxonomy = SiteRoute1<UUID>("openreferral", "taxonomies", parameter: "id")
        static let openReferralTaxonomyTerms = SiteRoute("openreferral", "taxonomy_terms")
        static let openReferralTaxonomyTerm = SiteRoute1<UUID>("openreferral", "taxonomy_terms", parameter: "id")
        // The API.
        static let apiIndex = SiteRoute("api", "v1", "assets")
        static let apiShow = SiteRoute1<UUID>("api", "v1", "assets", parameter: "id")
    }

    static func register(_ routes: RoutesBuilder, cache: PublicPageCache) {
        let register = AssetsController(), directory = DirectoryController(), suggestions = AssetSuggestionsController()
        let gaps = AssetGapsController(), transfer = AssetTransferController(), taxonomy = AssetTaxonomyController()
        let openReferral = OpenReferralController()

        routes.get(Routes.index, access: .permission(.viewAssets), use: register.index)
        routes.get(Routes.new, access: .permission(.addAssets), use: register.new)
        routes.post(Routes.new, access: .permission(.addAssets), use: register.create)
        routes.get(Routes.reviews, access: .permission(.editAssets), use: register.reviews)
        routes.get(Routes.hosts, access: .permission(.viewAssets), use: gaps.hosts)
        routes.get(Routes.gaps, access: .permission(.viewAssetGaps), use: gaps.show)
        routes.get(Routes.show, access: .permission(.viewAssets), use: register.show)
        routes.get(Routes.edit, access: .permission(.editAssets), use: register.edit)
        routes.post(Routes.edit, access: .permission(.editAssets), use: register.update)
        routes.get(Routes.delete, access: .permission(.deleteAssets), use: register.confirmDelete)
        routes.post(Routes.delete, access: .permission(.deleteAssets), use: register.delete)

        routes.get(Routes.importCSV, access: .permission(.importAssets), use: transfer.form)
        routes.upload(Routes.importCSV, access: .permission(.importAssets), use: transfer.importCSV)
        routes.upload(Routes.importOpenReferral, access: .permission(.importAssets), use: transfer.importOpenReferral)
        routes.get(Routes.exportCSV, access: .permission(.importAssets), use: transfer.exportCSV)
        routes.get(Routes.templateCSV, access: .permission(.importAssets), use: transfer.templateCSV)

        routes.get(Routes.taxonomy, access: .permission(.manageAssetTaxonomy), use: taxonomy.index)
        routes.get(Routes.newTerm, access: .permission(.manageAssetTaxonomy), use: taxonomy.new)
        routes.post(Routes.newTerm, access: .permission(.manageAssetTaxonomy), use: taxonomy.create)
        routes.get(Routes.term, access: .permission(.manageAssetTaxonomy), use: taxonomy.edit)
        routes.post(Routes.term, access: .permission(.manageAssetTaxonomy), use: taxonomy.update)

        routes.get(Routes.suggestions, access: .permission(.moderateAssetSuggestions), use: suggestions.queue)
        routes.get(Routes.suggestion, access: .permission(.moderateAssetSuggestions), use: suggestions.review)
        routes.post(Routes.suggestion, access: .permission(.moderateAssetSuggestions), use: suggestions.decide)

        // Public pages are kept briefly for visitors (PublicPageCache), keyed on what each reads.
        routes.grouped(PublicPageCache.Middleware(cache: cache, query: DirectoryFilter.queryNames))
            .get(Routes.directory, access: .anyone, use: directory.search)
        routes.grouped(PublicPageCache.Middleware(cache: cache, query: []))
            .get(Routes.directoryEntry, access: .anyone, use: directory.entry)
        routes.get(Routes.suggestNew, access: .anyone, use: suggestions.newForm)
        routes.post(Routes.suggestNew, access: .anyone, use: suggestions.submitNew)
        routes.get(Routes.suggestCorrection, access: .anyone, use: suggestions.correctionForm)
        routes.post(Routes.suggestCorrection, access: .anyone, use: suggestions.submitCorrection)

        // Open Referral answers JSON, errors included, readable from any origin; like the public
        // pages, answers are kept for a few seconds (the CORS header is added outside the cache,
        // which keeps only the body and its type).
        let openReferralRoutes = routes.grouped(OpenReferralResponses())
            .grouped(PublicPageCache.Middleware(cache: cache, query: OpenReferralController.queryNames))
        openReferralRoutes.get(Routes.openReferralRoot, access: .anyone, use: openReferral.root)
        openReferralRoutes.get(Routes.openReferralServices, access: .anyone, use: openReferral.services)
        openReferralRoutes.get(Routes.openReferralService, access: .anyone, use: openReferral.service)
        openReferralRoutes.get(Routes.openReferralServiceAtLocations, access: .anyone, use: openReferral.serviceAtLocations)
        openReferralRoutes.get(Routes.openReferralServiceAtLocation, access: .anyone, use: openReferral.serviceAtLocation)
        openReferralRoutes.get(Routes.openReferralTaxonomies, access: .anyone, use: openReferral.taxonomies)
        openReferralRoutes.get(Routes.openReferralTaxonomy, access: .anyone, use: openReferral.taxonomy)
        openReferralRoutes.get(Routes.openReferralTaxonomyTerms, access: .anyone, use: openReferral.taxonomyTerms)
        openReferralRoutes.get(Routes.openReferralTaxonomyTerm, access: .anyone, use: openReferral.taxonomyTerm)

        routes.get(Routes.apiIndex, access: .anyone, use: register.apiIndex)
        routes.get(Routes.apiShow, access: .anyone, use: register.apiShow)
    }
}

extension Permission {
    /// The register itself (drafts, contact details, review dates): the team and its partners.
    /// Elected members and leadership see the gaps (aggregates) and the public directory.
    static let viewAssets = Permission("view the asset register", roles: [.admin, .officer, .localityLead, .partner])
    /// Leads add assets in their locality, partners those their organisation runs (`AssetPolicy`).
    static let addAssets = Permission("add assets", roles: [.admin, .officer, .localityLead, .partner])
    static let editAssets = Permission("edit assets", roles: [.admin, .officer, .localityLead, .partner])
    /// Deleting is for when a record must go (a person withdraws consent): archiving keeps the
    /// history, so the cohesion team decides.
    static let deleteAssets = Permission("delete assets", roles: [.admin, .officer])
    /// Imports and exports cover the whole council, so they stay with the cohesion team.
    static let importAssets = Permission("import and export assets", roles: [.admin, .officer])
    static let manageAssetTaxonomy = Permission("edit the asset taxonomy", roles: [.admin, .officer])
    /// Leads decide corrections to assets in their locality; new assets are for officers.
    static let moderateAssetSuggestions = Permission("review suggestions", roles: [.admin, .officer, .localityLead])
    static let viewAssetGaps = Permission("view asset gaps", roles: [.admin, .officer, .localityLead, .partner, .viewer])
}

extension AuditRecordType {
    static let asset = AuditRecordType(key: "asset", label: "Asset")
    static let assetTaxonomyTerm = AuditRecordType(key: "asset_taxonomy_term", label: "Asset taxonomy term")
    static let assetSuggestion = AuditRecordType(key: "asset_suggestion", label: "Asset suggestion")
}
