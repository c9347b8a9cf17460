import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The council's places: district, localities, wards, MSOAs and LSOAs, their Census 2021
/// profiles, maps, locating a point or postcode, and the ONS data imports. Declared in one place
/// (docs/adding-a-feature.md); handlers in the controllers beside this file.
enum Places {
    static var feature: Feature {
        Feature(
            name: "Places",
            migrations: [CreateAreas(), CreateCensusTables(), CreateGeographyTables(), AddAreaUpdatedAt()],
            routes: { routes, app in register(routes, cache: app.publicPageCache) },
            navigation: [
                NavigationEntry(label: "Areas", link: Routes.areas, access: .anyone, audience: .everyone),
                NavigationEntry(label: "Maps", link: Routes.maps, access: .anyone, audience: .everyone),
                NavigationEntry(label: "Localities", link: Routes.localities, access: .permission(.manageAreas), administration: true),
                NavigationEntry(label: "Data", link: Routes.data, access: .permission(.manageAreas), administration: true),
                NavigationEntry(label: "Areas", link: Routes.areas, access: .anyone, audience: .footer),
            ],
            dashboardCards: [
                DashboardCard(title: "Areas", link: Routes.areas, access: .anyone) { context in
                    let counts = try await PlacesQueries.kindCounts(context.tenant)
                    return "\(DisplayFormat.count(counts[.ward] ?? 0, "ward")) in \(DisplayFormat.count(counts[.locality] ?? 0, "locality", plural: "localities")), with their Census 2021 profiles."
                },
                DashboardCard(title: "Maps", link: Routes.maps, access: .anyone) { context in
                    let tables = try await context.tenant.query(CensusTable.self).count()
                    return "\(DisplayFormat.count(tables, "Census 2021 table")) to map by ward and neighbourhood."
                },
                DashboardCard(title: "Localities", link: Routes.localities, access: .permission(.manageAreas)) { context in
                    let counts = try await PlacesQueries.kindCounts(context.tenant)
                    return "Group wards into the localities your partners work in: \(DisplayFormat.count(counts[.locality] ?? 0, "locality", plural: "localities")) so far."
                },
                DashboardCard(title: "Data", link: Routes.data, access: .permission(.manageAreas)) { context in
                    let counts = try await PlacesQueries.kindCounts(context.tenant)
                    return "Load ONS Census tables, boundaries and postcodes: \(DisplayFormat.count(counts[.lsoa] ?? 0, "LSOA")) loaded."
                },
            ],
            auditRecordTypes: [.locality, .areas, .censusTable, .areaBoundaries, .postcodes],
            apiOperations: PlacesAPI.operations,
            apiSchemas: PlacesAPI.schemas,
            councilCreated: { council, db in
                // The district is the root of the council's areas.
                try await Area(councilID: council.requireID(), code: council.districtCode, name: council.name, kind: .district).create(on: db)
            },
            demoSeed: PlacesDemo.seed,
            routeExamples: { _ in
                let ward = AreaCode("E05001301"), locality = AreaCode("north")
                return [
                    .example(Routes.area, ward), .example(Routes.apiArea, ward), .example(Routes.apiAreaCensus, ward),
                    .example(Routes.locality, locality), .example(Routes.deleteLocality, locality),
                ]
            },
            commands: [FeatureCommand(name: "import", command: ImportCommands())])
    }

    enum Routes {
        static let areas = SiteRoute("areas")
        static let area = SiteRoute1<AreaCode>("areas", parameter: "code")
        static let maps = SiteRoute("maps")
        static let localities = SiteRoute("admin", "localities")
        static let newLocality = SiteRoute("admin", "localities", "new")
        static let locality = SiteRoute1<AreaCode>("admin", "localities", parameter: "code")
        static let deleteLocality = SiteRoute1<AreaCode>("admin", "localities", parameter: "code", "delete")
        static let data = SiteRoute("admin", "data")
        static let apiAreas = SiteRoute("api", "v1", "areas")
        static let apiLocate = SiteRoute("api", "v1", "areas", "locate")
        static let apiArea = SiteRoute1<AreaCode>("api", "v1", "areas", parameter: "code")
        static let apiAreaCensus = SiteRoute1<AreaCode>("api", "v1", "areas", parameter: "code", "census")
    }

    static func register(_ routes: RoutesBuilder, cache: PublicPageCache) {
        let areas = AreasController(), maps = MapsController(), localities = LocalitiesController(), data = DataImportsController()
        // Public pages are kept for a few seconds for visitors (PublicPageCache), keyed on the
        // route and the query parameters each reads.
        let cached = routes.grouped(PublicPageCache.Middleware(cache: cache, query: []))
        cached.get(Routes.areas, access: .anyone, use: areas.index)
        cached.get(Routes.area, access: .anyone, use: areas.show)
        routes.grouped(PublicPageCache.Middleware(cache: cache, query: ["measure", "level", "sort", "order"]))
            .get(Routes.maps, access: .anyone, use: maps.show)

        routes.get(Routes.localities, access: .permission(.manageAreas), use: localities.index)
        routes.get(Routes.newLocality, access: .permission(.manageAreas), use: localities.new)
        routes.post(Routes.newLocality, access: .permission(.manageAreas), use: localities.create)
        routes.get(Routes.locality, access: .permission(.manageAreas)) { req, _ in try await localities.edit(req) }
        routes.post(Routes.locality, access: .permission(.manageAreas)) { req, _ in try await localities.update(req) }
        routes.get(Routes.deleteLocality, access: .permission(.manageAreas)) { req, _ in try await localities.confirmDelete(req) }
        routes.post(Routes.deleteLocality, access: .permission(.manageAreas)) { req, _ in try await localities.delete(req) }

        routes.get(Routes.data, access: .permission(.manageAreas), use: data.index)
        routes.upload(Routes.data, access: .permission(.manageAreas), use: data.upload)

        routes.get(Routes.apiAreas, access: .anyone, use: areas.apiIndex)
        routes.get(Routes.apiLocate, access: .anyone, use: LocateController().locate)
        routes.get(Routes.apiArea, access: .anyone) { req, _ in try await areas.apiShow(req) }
        routes.get(Routes.apiAreaCensus, access: .anyone) { req, _ in try await areas.apiCensus(req) }
    }
}

extension Permission {
    /// Group wards into localities and load the ONS data: the cohesion team.
    static let manageAreas = Permission("manage areas and data", roles: [.admin, .officer])
}

extension AuditRecordType {
    static let locality = AuditRecordType(key: "locality", label: "Locality")
    static let areas = AuditRecordType(key: "areas", label: "Wards and LSOAs (lookup)")
    static let censusTable = AuditRecordType(key: "census_table", label: "Census table")
    static let areaBoundaries = AuditRecordType(key: "area_boundaries", label: "Boundaries")
    static let postcodes = AuditRecordType(key: "postcodes", label: "Postcode directory")
}

/// An area's code in an address: an ONS GSS code (`E05001301`, any case) or a locality's own
/// code (`north`). Unknown codes are answered by the handler, which names them.
struct AreaCode: PathParameter, Hashable {
    /// GSS codes and locality codes are letters, digits and hyphens; the OpenAPI document
    /// publishes this rule for `{code}`.
    static let rule = TextRule(minLength: 1, maxLength: 60, pattern: "^[A-Za-z0-9-]+$")
    let value: String

    init(_ value: String) { self.value = value }

    init?(pathComponent: String) {
        guard Self.rule.accepts(pathComponent) else { return nil }
        value = pathComponent
    }

    var pathComponent: String { value }
    static var expectedForm: String {
        "an area code of 1 to \(rule.maxLength ?? 0) letters, digits and hyphens, like E05001301 or north"
    }
}

/// Small queries the cards and pages share.
enum PlacesQueries {
    /// How many areas of each kind the council has, in one query.
    static func kindCounts(_ tenant: TenantScope) async throws -> [AreaKind: Int] {
        struct Row: Decodable { let kind: String; let n: Int }
        let rows = try await tenant.select(from: "areas").column("kind").column(SQLRaw("COUNT(*)"), as: "n").groupBy("kind").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in AreaKind(rawValue: row.kind).map { ($0, row.n) } })
    }
}
