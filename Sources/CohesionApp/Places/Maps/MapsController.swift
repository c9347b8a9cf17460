import CohesionCore
import Fluent
import Vapor

/// `/maps`: a choropleth of any imported census measure by ward or LSOA, drawn on the server as
/// SVG, with the same figures in a sortable table. Works without JavaScript: the measure, level
/// and sort order are plain GET parameters.
struct MapsController {
    typealias Option = MapsPage.Option
    typealias OptionGroup = MapsPage.OptionGroup
    typealias Row = MapsPage.Row
    typealias SortLink = MapsPage.SortLink
    typealias LegendEntry = MapsPage.LegendEntry

    enum SortKey: String { case name, value }

    @Sendable func show(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let hasLSOAs = try await tenant.query(Area.self).filter(\.$kind == .lsoa).first() != nil
        let level: AreaKind = (req.query[String.self, at: "level"] == "lsoa" && hasLSOAs) ? .lsoa : .ward
        let measures = try await MapQueries.measures(for: level, tenant: tenant)
        let requested = req.query[String.self, at: "measure"]
        let measure = measures.first { $0.id == requested } ?? measures.first
        let sort = SortKey(rawValue: req.query[String.self, at: "sort"] ?? "") ?? .name
        let descending = req.query[String.self, at: "order"] == "desc"
        let page = try await Self.page(level: level, hasLSOAs: hasLSOAs, measures: measures, measure: measure, sort: sort,
                                       descending: descending, tenant: tenant, cache: req.application.geographyCache)
        return try await req.render(page)
    }

    static func page(level: AreaKind, hasLSOAs: Bool, measures: [MapQueries.Measure], measure: MapQueries.Measure?, sort: SortKey,
                     descending: Bool, tenant: TenantScope, cache: GeographyCache) async throws -> MapsPage {
        let levelOptions = [Option(value: "ward", label: "Electoral wards", selected: level == .ward)]
            + (hasLSOAs ? [Option(value: "lsoa", label: "Neighbourhoods (LSOAs)", selected: level == .lsoa)] : [])
        var groups: [OptionGroup] = []
        for m in measures {
            let option = Option(value: m.id, label: m.label, selected: m.id == measure?.id)
            if groups.last?.label == m.group { groups[groups.count - 1] = OptionGroup(label: m.group, options: groups[groups.count - 1].options + [option]) }
            else { groups.append(OptionGroup(label: m.group, options: [option])) }
        }
        let isDiversity = measure?.id == MapQueries.diversityID
        let valueHeading = isDiversity ? "Diversity index" : "Share of residents"
        func link(_ key: SortKey) -> SortLink {
            let nextDescending = sort == key ? !descending : key == .value
            let query = [("measure", measure?.id ?? ""), ("level", level.rawValue), ("sort", key.rawValue), ("order", nextDescending ? "desc" : "asc")]
            return SortLink(href: Places.Routes.maps.path.with(query: query), ariaSort: sort == key ? (descending ? "descending" : "ascending") : "none")
        }
        guard let measure else {
            return MapsPage(measureGroups: [], levels: levelOptions, heading: nil, svg: nil, legend: [], mapKind: nil,
                            notice: "No Census 2021 tables have been imported yet, so there is nothing to map. An administrator can load them with cohesion import census.",
                            rows: [], valueHeading: valueHeading, showsCounts: false, sortByName: link(.name), sortByValue: link(.value),
                            source: CensusQueries.source)
        }
        var values = try await MapQueries.values(of: measure.id, level: level, tenant: tenant)
        values.sort { a, b in
            if sort == .value, a.value != b.value {
                guard let x = a.value else { return false }
                guard let y = b.value else { return true }
                return descending ? x > y : x < y
            }
            return descending && sort == .name ? a.name > b.name : a.name < b.name
        }
        let format: ValueFormat = isDiversity ? ValueFormat(decimals: 3) : .percent
        let levelName = level == .ward ? "ward" : "LSOA"
        let heading = "\(measure.title) by \(levelName), Census 2021"
        let (areas, kind, notice) = try await mapAreas(level: level, values: values, tenant: tenant, cache: cache)
        var map = ChoroplethMap(
            title: heading, areas: areas, values: Dictionary(uniqueKeysWithValues: values.compactMap { v in v.value.map { (v.code, $0) } }),
            method: .quantiles, bins: 5, format: format, showsLabels: kind == "hex")
        map.includesLegend = false
        let legend = areas.isEmpty ? [] : ChoroplethFigure.legend(for: map)
        return MapsPage(
            measureGroups: groups, levels: levelOptions, heading: heading, svg: areas.isEmpty ? nil : .trusted(map.svg()), legend: legend, mapKind: kind, notice: notice,
            rows: values.map { v in
                Row(code: v.code, name: v.name, value: v.value.map(format.string) ?? "No data",
                    count: v.count.map(DisplayFormat.count) ?? "", total: v.total.map(DisplayFormat.count) ?? "No data")
            },
            valueHeading: valueHeading, showsCounts: !isDiversity, sortByName: link(.name), sortByValue: link(.value), source: CensusQueries.source)
    }

    /// The shapes to draw: imported boundaries projected to British National Grid; for wards
    /// without boundaries, a hex map (neighbours kept near when the wards have points).
    static func mapAreas(level: AreaKind, values: [MapQueries.AreaValue], tenant: TenantScope,
                        cache: GeographyCache) async throws -> ([MapArea], String?, String?) {
        let wanted = Set(values.map(\.code))
        if let projected = try await cache.projected(tenant)[level] {
            let names = Dictionary(uniqueKeysWithValues: values.map { ($0.code, $0.name) })
            let areas = projected.filter { wanted.contains($0.code) }.map { area in
                var named = area
                named.name = names[area.code] ?? area.name
                return named
            }
            return (areas, "boundaries", nil)
        }
        guard level == .ward else {
            return ([], nil, "LSOA boundaries have not been imported, so this level is shown as a table only.")
        }
        let points = try await tenant.query(Area.self).filter(\.$kind == .ward).all()
        let byCode = Dictionary(uniqueKeysWithValues: points.map { ($0.code, $0) })
        let items = values.map { v in
            HexMapLayout.Item(code: v.code, name: v.name, centroid: byCode[v.code].flatMap { a in
                a.latitude.flatMap { lat in a.longitude.map { GeoPosition(latitude: lat, longitude: $0) } }
            })
        }
        return (HexMapLayout.layout(items), "hex",
                "Ward boundaries have not been imported, so each ward is drawn as an equal hexagon, placed near its real position where known.")
    }
}
