import CohesionCore
import Fluent
import Vapor

/// The public pages and API for the council's areas.
struct AreasController {
    struct LocalityGroup: Encodable {
        let code: String
        let name: String
        let wards: [AreaDTO]
    }

    struct AreasPage: Encodable {
        let district: AreaDTO?
        let localities: [LocalityGroup]
        let unassignedWards: [AreaDTO]
        let wardCount: Int
    }

    /// The district, localities and wards: the whole list fits in one query.
    static func areaTree(_ tenant: TenantScope) async throws -> AreasPage {
        let areas = try await AreasQueries.summaries(tenant, kinds: [.district, .locality, .ward])
        let byID = Dictionary(uniqueKeysWithValues: areas.map { ($0.id, $0) })
        func dto(_ a: AreasQueries.AreaSummary) -> AreaDTO {
            AreaDTO(code: a.code, name: a.name, kind: a.kind, parentCode: a.parent_id.flatMap { byID[$0]?.code })
        }
        let wards = areas.filter { $0.kind == AreaKind.ward.rawValue }
        let localityAreas = areas.filter { $0.kind == AreaKind.locality.rawValue }
        let localities = localityAreas.map { locality in
            LocalityGroup(code: locality.code, name: locality.name, wards: wards.filter { $0.parent_id == locality.id }.map(dto))
        }
        let localityIDs = Set(localityAreas.map(\.id))
        let unassigned = wards.filter { !localityIDs.contains($0.parent_id ?? UUID()) }.map(dto)
        let district = areas.first { $0.kind == AreaKind.district.rawValue }
        return AreasPage(district: district.map(dto), localities: localities, unassignedWards: unassigned, wardCount: wards.count)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        try await req.render(AreaListPage(tree: try await Self.areaTree(req.tenant)))
    }

    struct AreaPage: Encodable {
        struct CensusRow: Encodable { let name: String; let count: String; let percentage: String; let comparisons: [String] }
        struct CensusSection: Encodable {
            let key: String; let topic: String; let total: String; let chart: String; let note: String?
            /// The larger areas this one is compared with, as column headings ("Walsall").
            let comparedWith: [String]
            let rows: [CensusRow]
        }
        let area: AreaDetailDTO
        let kindLabel: String
        let childHeading: String?
        let census: [CensusSection]
        let censusSource: String
        let diversity: String?
        let comparedWith: String?
        /// Tables ONS publishes only for larger areas, named with where to find them.
        let elsewhere: String?
        let elsewhereCode: String?
        /// Usual residents on census day, from the first table that covers the whole population
        /// (TS021 when imported), with where it comes from.
        let population: String?
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let detail = try await AreasQueries.detail(code: req.parameters.get("code") ?? "", tenant: tenant)
        let area = try await AreasQueries.area(code: detail.code, tenant: tenant)
        let profile = try await CensusQueries.profile(for: area, tenant: tenant)
        let comparisons = try await Self.comparisons(for: detail, tenant: tenant)
        let shown = Set(profile.tables.map(\.key))
        let elsewhere = comparisons.last?.profile.tables.filter { !shown.contains($0.key) }.map(\.topic) ?? []
        let sections = profile.tables.map { table in
            let others = comparisons.compactMap { c in c.profile.tables.first { $0.key == table.key }.map { (c.name, $0) } }
            return
            AreaPage.CensusSection(
                key: table.key, topic: table.topic, total: DisplayFormat.count(table.total),
                chart: BarChart(title: "\(table.topic), \(detail.name), Census 2021",
                                bars: table.categories.map { .init(label: $0.name, count: $0.count, percentage: $0.percentage) }).svg(),
                note: table.estimated == true
                    ? "Estimated: ONS publishes this table for MSOAs, which cross ward boundaries. Each MSOA's figures are shared among its LSOAs by population and the shares inside this area added up."
                    : table.publishedLevel == area.kind.rawValue ? nil
                    : "Sum of the \(table.publishedLevel.uppercased()) figures inside this area; ONS perturbs each small-area figure slightly.",
                comparedWith: others.map(\.0),
                rows: table.categories.map { category in
                    .init(name: category.name, count: DisplayFormat.count(category.count), percentage: Self.percent(category.percentage),
                          comparisons: others.map { Self.percent($0.1.categories.first { $0.path == category.path }?.percentage) })
                })
        }
        let kind = AreaKind(rawValue: detail.kind) ?? .ward
        let childHeading: String? = switch kind {
        case .district: "Localities and wards"
        case .locality: "Wards in this locality"
        case .ward: "Neighbourhoods (LSOAs) in this ward"
        default: nil
        }
        var crumbs: [LayoutContext.Crumb] = [.init(href: "/", label: "Home"), .init(href: "/areas", label: "Areas")]
        crumbs += detail.ancestors.reversed().map { .init(href: "/areas/" + $0.code, label: $0.name) }
        return try await req.renderPage("places/show", title: detail.name,
            AreaPage(area: detail, kindLabel: kind.label, childHeading: detail.children.isEmpty ? nil : childHeading,
                     census: sections, censusSource: CensusQueries.source,
                     diversity: profile.diversity.map {
                         "\(String(format: "%.2f", $0.index)): the chance that two residents picked at random belong to different broad ethnic groups. "
                             + "\(detail.name) is \(Self.ordinal($0.rank)) most diverse of \($0.of) wards."
                     },
                     comparedWith: comparisons.isEmpty ? nil : comparisons.map(\.name).joined(separator: " and "),
                     elsewhere: elsewhere.isEmpty ? nil : elsewhere.joined(separator: ", "),
                     elsewhereCode: detail.ancestors.first { $0.kind == AreaKind.district.rawValue }?.code,
                     population: Self.population(profile)),
            breadcrumbs: crumbs)
    }

    static func population(_ profile: CensusProfileDTO) -> String? {
        let everyone = profile.tables.filter { $0.estimated != true && ["TS021", "TS030", "TS004", "TS007A", "TS012"].contains($0.key) }
        guard let table = everyone.first(where: { $0.key == "TS021" }) ?? everyone.first else { return nil }
        return "\(DisplayFormat.count(table.total)) (Census 2021, \(table.key) \(table.topic.lowercased()))"
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0) } ?? "—" }

    /// The locality and district an area sits in, with their census profiles, for side-by-side shares.
    static func comparisons(for detail: AreaDetailDTO, tenant: TenantScope) async throws -> [(name: String, profile: CensusProfileDTO)] {
        var result: [(name: String, profile: CensusProfileDTO)] = []
        for ancestor in detail.ancestors where [AreaKind.locality.rawValue, AreaKind.district.rawValue].contains(ancestor.kind) {
            let area = try await AreasQueries.area(code: ancestor.code, tenant: tenant)
            result.append((ancestor.name, try await CensusQueries.profile(for: area, tenant: tenant)))
        }
        return result
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return n == 1 ? "the" : "the \(n)\(suffix)"
    }

    @Sendable func apiIndex(_ req: Request) async throws -> PageDTO<AreaDTO> {
        var errors = FormErrors()
        let paging = PageRequest.from(req, defaultPer: PlacesAPI.defaultPer, errors: &errors)
        let kindText = req.query[String.self, at: "kind"].flatMap { $0.isEmpty ? nil : $0 }
        let kind = kindText.flatMap(AreaKind.init(rawValue:))
        if kindText != nil, kind == nil {
            errors.add("kind", "kind must be one of: " + AreaKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard errors.isEmpty else { throw ValidationProblem(errors: errors) }
        return try await AreasQueries.list(kind: kind, paging: paging, tenant: req.tenant)
    }

    @Sendable func apiCensus(_ req: Request) async throws -> CensusProfileDTO {
        let tenant = try req.tenant
        let area = try await AreasQueries.area(code: req.parameters.get("code") ?? "", tenant: tenant)
        return try await CensusQueries.profile(for: area, tenant: tenant)
    }

    @Sendable func apiShow(_ req: Request) async throws -> AreaDetailDTO {
        try await AreasQueries.detail(code: req.parameters.get("code") ?? "", tenant: req.tenant)
    }
}

/// The area queries, separate from HTTP so they can be tested and reused.
enum AreasQueries {
    /// An area row without Fluent's model machinery, for listings.
    struct AreaSummary: Decodable, Sendable {
        let id: UUID
        let code: String
        let name: String
        let kind: String
        let parent_id: UUID?
    }

    static func summaries(_ tenant: TenantScope, kinds: [AreaKind]) async throws -> [AreaSummary] {
        try await tenant.select(from: "areas").columns("id", "code", "name", "kind", "parent_id")
            .where("kind", .in, kinds.map(\.rawValue)).orderBy("name").all(decoding: AreaSummary.self)
    }

    static func dto(_ area: Area, parentCode: String?) -> AreaDTO {
        AreaDTO(code: area.code, name: area.name, kind: area.kind.rawValue, parentCode: parentCode)
    }

    static func list(kind: AreaKind?, paging: PageRequest, tenant: TenantScope) async throws -> PageDTO<AreaDTO> {
        var query = tenant.query(Area.self)
        if let kind { query = query.filter(\.$kind == kind) }
        let total = try await query.count()
        let rows = try await query.copy().sort(\.$kind).sort(\.$code).range(paging.offset..<(paging.offset + paging.per)).all()
        let parentIDs = Set(rows.compactMap { $0.$parent.id })
        let parents = parentIDs.isEmpty ? [] : try await tenant.query(Area.self).filter(\.$id ~~ parentIDs).all()
        let codes = Dictionary(uniqueKeysWithValues: parents.compactMap { p in p.id.map { ($0, p.code) } })
        return PageDTO(items: rows.map { dto($0, parentCode: $0.$parent.id.flatMap { codes[$0] }) },
                       page: paging.page, per: paging.per, total: total)
    }

    /// One area by code (case-insensitive for GSS codes), or a 404 that names the code.
    static func area(code raw: String, tenant: TenantScope) async throws -> Area {
        let code = GSSCode(raw)?.value ?? raw
        guard let area = try await tenant.query(Area.self).filter(\.$code == code).first() else {
            throw Abort(.notFound, reason: "There is no area with the code ‘\(raw.prefix(40))’ in this council.")
        }
        return area
    }

    /// One area by code, its ancestors nearest first, its children.
    static func detail(code raw: String, tenant: TenantScope) async throws -> AreaDetailDTO {
        let area = try await area(code: raw, tenant: tenant)
        var ancestors: [AreaDTO] = []
        var parentID = area.$parent.id
        var seen = Set<UUID>()
        while let id = parentID, !seen.contains(id), let parent = try await tenant.find(Area.self, id) {
            seen.insert(id)
            ancestors.append(dto(parent, parentCode: nil))
            parentID = parent.$parent.id
        }
        // Each ancestor's parent is the next one up.
        ancestors = ancestors.enumerated().map { i, a in
            AreaDTO(code: a.code, name: a.name, kind: a.kind, parentCode: i + 1 < ancestors.count ? ancestors[i + 1].code : nil)
        }
        let children = try await tenant.query(Area.self).filter(\.$parent.$id == area.requireID()).sort(\.$name).all()
        return AreaDetailDTO(code: area.code, name: area.name, kind: area.kind.rawValue, parentCode: ancestors.first?.code,
                             ancestors: ancestors, children: children.map { dto($0, parentCode: area.code) })
    }
}
