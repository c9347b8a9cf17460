import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Census figures for one area, as the API and the area profile show them.
struct CensusProfileDTO: Content {
    struct Category: Content { let name: String; let path: String; let count: Int; let percentage: Double? }
    struct Table: Content {
        let key: String
        let topic: String
        /// The geography the figures were published for; larger areas are sums of these.
        let publishedLevel: String
        let total: Int
        let categories: [Category]
    }

    let areaCode: String
    let censusDate: String
    let source: String
    let tables: [Table]
}

enum CensusQueries {
    static let source = "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
        + "Contains OS data © Crown copyright and database right."

    /// The census tables that cover `area`, summed over the published areas inside it.
    /// Two queries per table, plus one per geography level, whatever the number of LSOAs: no N+1.
    static func profile(for area: Area, tenant: TenantScope) async throws -> CensusProfileDTO {
        let tables = try await tenant.query(CensusTable.self).sort(\.$tableKey).all()
        var result: [CensusProfileDTO.Table] = []
        var codesByLevel: [String: [String]?] = [:]
        for table in tables {
            if codesByLevel[table.level] == nil {
                codesByLevel[table.level] = .some(try await publishedCodes(inside: area, level: table.level, tenant: tenant))
            }
            guard let codes = codesByLevel[table.level] ?? nil, !codes.isEmpty else { continue }
            let categories = try await CensusTableCategory.query(on: tenant.database).filter(\.$table.$id == table.requireID())
                .sort(\.$position).all()
            let sums = try await sums(tableID: table.requireID(), codes: codes, tenant: tenant)
            guard !sums.isEmpty else { continue }
            let total = categories.first(where: \.isTotal).map { sums[$0.position] ?? 0 }
                ?? categories.filter { $0.depth == 1 }.reduce(0) { $0 + (sums[$1.position] ?? 0) }
            let shown = categories.filter { !$0.isTotal && $0.depth == 1 }
            result.append(.init(key: table.tableKey, topic: table.topic, publishedLevel: table.level, total: total,
                                categories: shown.map { c in
                                    let count = sums[c.position] ?? 0
                                    return .init(name: c.name, path: c.path, count: count,
                                                 percentage: total > 0 ? (Double(count) / Double(total) * 1000).rounded() / 10 : nil)
                                }))
        }
        return CensusProfileDTO(areaCode: area.code, censusDate: "2021-03-21", source: source, tables: result)
    }

    /// The codes of the published areas (at `level`) that make up `area`, or nil when the
    /// table can't describe it (a ward-level table for an LSOA, say).
    static func publishedCodes(inside area: Area, level: String, tenant: TenantScope) async throws -> [String]? {
        if area.kind.rawValue == level { return [area.code] }
        guard level == AreaKind.lsoa.rawValue else { return nil }
        switch area.kind {
        case .district:
            return try await tenant.select(from: "areas").column("code").where("kind", .equal, level).all(decoding: CodeRow.self).map(\.code)
        case .ward:
            return try await tenant.query(Area.self).filter(\.$parent.$id == area.requireID()).filter(\.$kind == .lsoa).all().map(\.code)
        case .locality:
            let wards = try await tenant.query(Area.self).filter(\.$parent.$id == area.requireID()).filter(\.$kind == .ward).all()
            let ids = wards.compactMap(\.id)
            guard !ids.isEmpty else { return [] }
            return try await tenant.query(Area.self).filter(\.$parent.$id ~~ ids).filter(\.$kind == .lsoa).all().map(\.code)
        default:
            return nil
        }
    }

    struct CodeRow: Decodable { let code: String }
    struct SumRow: Decodable { let position: Int; let total: Int64 }

    static func sums(tableID: UUID, codes: [String], tenant: TenantScope) async throws -> [Int: Int] {
        let rows = try await tenant.select(from: "census_values").column("position")
            // PostgreSQL's SUM of a bigint is numeric; the cast gives an integer on both databases.
            .column(SQLRaw("CAST(SUM(\"value\") AS BIGINT)"), as: "total")
            .where("table_id", .equal, tableID).where("area_code", .in, codes)
            .groupBy("position").all(decoding: SumRow.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.position, Int($0.total)) })
    }
}
