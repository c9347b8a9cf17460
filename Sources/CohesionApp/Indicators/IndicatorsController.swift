import CohesionCore
import Fluent
import Vapor

/// The dashboard, an indicator's page, its exports and the API. Visitors and members see public
/// indicators only, with small counts hidden (`IndicatorQueries.publicOnly`).
struct IndicatorsController {
    @Sendable func dashboard(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let series = try await IndicatorQueries.series(tenant, publicOnly: IndicatorQueries.publicOnly(req))
        let area = req.query[String.self, at: "tag"]
        let tags = Set(series.flatMap { $0.indicator.performanceAreas + $0.indicator.equalityModules })
        let shown = area.map { tag in series.filter { ($0.indicator.performanceAreas + $0.indicator.equalityModules).contains(tag) } } ?? series
        return try await req.render(IndicatorDashboardPage(series: shown, tags: tags.sorted(), chosenTag: area.flatMap { tags.contains($0) ? $0 : nil },
                                                           districtName: try await districtName(tenant)))
    }

    @Sendable func indicator(_ req: Request, code: IndicatorCode) async throws -> Response {
        let tenant = try req.tenant
        guard let series = try await IndicatorQueries.series(tenant, publicOnly: IndicatorQueries.publicOnly(req), code: code.value).first else {
            throw Abort(.notFound)
        }
        let areas = try await AreaRollup.load(tenant)
        let chosenArea = req.query[String.self, at: "area"].flatMap { code in areas.names[code] != nil ? code : nil }
        let periodKeys = series.periods.map(\.key)
        let period = req.query[String.self, at: "period"].flatMap { periodKeys.contains($0) ? $0 : nil } ?? periodKeys.last
        var map: (svg: HTML, legend: [ChoroplethFigure.LegendEntry], notice: String?)?
        if let period {
            let values = areas.wards.map { ward in
                MapQueries.AreaValue(code: ward.code, name: ward.name, value: series.point(ward.code, period)?.value, count: nil, total: nil)
            }
            let (shapes, _, notice) = try await MapsController.mapAreas(level: .ward, values: values, tenant: tenant, cache: req.application.geographyCache)
            if !shapes.isEmpty {
                var choropleth = ChoroplethMap(title: "\(series.indicator.title) by ward", areas: shapes,
                                               values: Dictionary(uniqueKeysWithValues: values.compactMap { v in v.value.map { (v.code, $0) } }),
                                               method: .quantiles, bins: 5, format: series.indicator.unit.format, showsLabels: shapes.first?.label != nil)
                choropleth.includesLegend = false
                map = (.trusted(choropleth.svg()), ChoroplethFigure.legend(for: choropleth), notice)
            }
        }
        return try await req.render(IndicatorPage(series: series, areas: areas, chosenArea: chosenArea, period: period, map: map))
    }

    @Sendable func csv(_ req: Request, code: IndicatorCode) async throws -> Response {
        let (series, areas) = try await exportable(req, code)
        var lines = [IndicatorExportRow.headers]
        lines += IndicatorExportRow.rows(series, areas: areas).map(\.fields)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "indicator-\(code.value.lowercased()).csv")
        return Response(status: .ok, headers: headers, body: .init(string: lines.map(CSVText.line).joined(separator: "\r\n") + "\r\n"))
    }

    @Sendable func json(_ req: Request, code: IndicatorCode) async throws -> Response {
        let (series, areas) = try await exportable(req, code)
        return try jsonResponse(IndicatorAPI.ValuesDTO(indicator: IndicatorAPI.IndicatorDTO(series.indicator), values: IndicatorExportRow.rows(series, areas: areas)))
    }

    @Sendable func apiIndex(_ req: Request) async throws -> Response {
        let series = try await IndicatorQueries.series(try req.tenant, publicOnly: IndicatorQueries.publicOnly(req))
        return try jsonResponse(IndicatorAPI.ListDTO(items: series.map { IndicatorAPI.IndicatorDTO($0.indicator) }))
    }

    @Sendable func apiValues(_ req: Request, code: IndicatorCode) async throws -> Response {
        let (series, areas) = try await exportable(req, code, problem: true)
        return try jsonResponse(IndicatorAPI.ValuesDTO(indicator: IndicatorAPI.IndicatorDTO(series.indicator), values: IndicatorExportRow.rows(series, areas: areas)))
    }

    private func exportable(_ req: Request, _ code: IndicatorCode, problem: Bool = false) async throws -> (IndicatorSeries, AreaRollup) {
        let tenant = try req.tenant
        guard let series = try await IndicatorQueries.series(tenant, publicOnly: IndicatorQueries.publicOnly(req), code: code.value).first else {
            throw Abort(.notFound, reason: "There is no indicator \(code.value).")
        }
        return (series, try await AreaRollup.load(tenant))
    }

    private func jsonResponse(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(value)))
    }

    private func districtName(_ tenant: TenantScope) async throws -> String {
        let name = try await tenant.query(Area.self).filter(\.$kind == .district).first()?.name ?? tenant.council.name
        return name.hasSuffix(" Council") ? String(name.dropLast(" Council".count)) : name
    }
}

/// One row of the export: an area and a period (DESIGN: code, value, lower, upper, n, base, flags).
struct IndicatorExportRow: Codable, Sendable {
    let code: String
    let areaCode: String
    let areaName: String
    let period: String
    let periodStart: String
    let periodEnd: String
    let value: Double?
    let lower: Double?
    let upper: Double?
    let n: Int?
    let base: Double?
    let flags: [String]
    let source: String

    static let headers = ["code", "area_code", "area_name", "period", "period_start", "period_end", "value", "lower", "upper", "n", "base", "flags", "source"]

    static func rows(_ series: IndicatorSeries, areas: AreaRollup) -> [IndicatorExportRow] {
        series.points.map { p in
            IndicatorExportRow(code: series.indicator.code, areaCode: p.areaCode, areaName: areas.names[p.areaCode] ?? p.areaCode,
                               period: p.periodLabel, periodStart: p.periodStart, periodEnd: p.periodEnd,
                               value: p.value.map(round4), lower: p.lower.map(round4), upper: p.upper.map(round4),
                               n: p.respondents, base: p.base.map(round4), flags: p.flags.map(\.rawValue), source: p.source)
        }
    }

    static func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    var fields: [String] {
        [code, areaCode, areaName, period, periodStart, periodEnd, value.map { String($0) } ?? "", lower.map { String($0) } ?? "",
         upper.map { String($0) } ?? "", n.map(String.init) ?? "", base.map { String($0) } ?? "", flags.joined(separator: ";"), source]
    }
}
