import CohesionCore
import Vapor

/// A ward map of figures about assets (results of a search, assets per 1,000 residents), drawn
/// like `/maps`: on the imported ward boundaries, or as hexagons where there are none.
struct WardMapView: Sendable {
    let svg: HTML
    let legend: [ChoroplethFigure.LegendEntry]
    let notice: String?
}

enum AssetMaps {
    /// `values` by ward code; wards without a value are drawn as "no data". `wards` are the
    /// council's wards, already loaded by the caller; `only` limits the map to some of them (a
    /// locality's); nil draws them all.
    static func wards(_ all: [AssetQueries.Ward], title: String, values: [String: Double], format: ValueFormat, only: Set<String>? = nil,
                      tenant: TenantScope, cache: GeographyCache) async throws -> WardMapView? {
        let wards = all.filter { only?.contains($0.code) ?? true }
        guard !wards.isEmpty else { return nil }
        let areaValues = wards.map { MapQueries.AreaValue(code: $0.code, name: $0.name, value: values[$0.code], count: nil, total: nil) }
        let (areas, kind, notice) = try await MapsController.mapAreas(level: .ward, values: areaValues, tenant: tenant, cache: cache)
        guard !areas.isEmpty else { return nil }
        var map = ChoroplethMap(title: title, areas: areas, values: values.filter { code, _ in wards.contains { $0.code == code } },
                                method: .quantiles, bins: 4, format: format, showsLabels: kind == "hex", idPrefix: "asset-map")
        map.includesLegend = false
        return WardMapView(svg: .trusted(map.svg()), legend: ChoroplethFigure.legend(for: map), notice: notice)
    }
}
