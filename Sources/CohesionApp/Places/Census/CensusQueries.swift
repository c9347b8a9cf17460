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
        /// True when the figures are estimated from areas that cross this one's boundary (MSOAs
        /// shared among wards by LSOA population); absent otherwise.
        var estimated: Bool? = nil
    }

    /// How ethnically diverse a ward is, among the council's wards (needs TS021).
    struct Diversity: Content {
        /// The chance that two residents picked at random belong to different broad ethnic groups.
        let index: Double
        /// 1 is the most diverse ward.
        let rank: Int
        let of: Int
    }

    let areaCode: String
    let censusDate: String
    let source: String
    let tables: [Table]
    var diversity: Diversity?
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
            let estimated = table.level == AreaKind.msoa.rawValue && [.ward, .locality].contains(area.kind)
            let codes = codesByLevel[table.level] ?? nil
            guard estimated || !(codes ?? []).isEmpty else { continue }
            let categories = try await CensusTableCategory.query(on: tenant.database).filter(\.$table.$id == table.requireID())
                .sort(\.$position).all()
            let sums = estimated ? try await estimateFromMSOAs(table: table, categories: categories.count, area: area, tenant: tenant)
                : try await sums(tableID: table.requireID(), codes: codes ?? [], tenant: tenant)
            guard !sums.isEmpty else { continue }
            let total = categories.first(where: \.isTotal).map { sums[$0.position] ?? 0 }
                ?? categories.filter { $0.depth == 1 }.reduce(0) { $0 + (sums[$1.position] ?? 0) }
            let shown = categories.filter { !$0.isTotal && $0.depth == 1 }
            result.append(.init(key: table.tableKey, topic: table.topic, publishedLevel: table.level, total: total,
                                categories: shown.map { c in
                                    let count = sums[c.position] ?? 0
                                    return .init(name: c.name, path: c.path, count: count,
                                                 percentage: total > 0 ? (Double(count) / Double(total) * 1000).rounded() / 10 : nil)
                                }, estimated: estimated ? true : nil))
        }
        var profile = CensusProfileDTO(areaCode: area.code, censusDate: "2021-03-21", source: source, tables: result)
        if area.kind == .ward, let ranking = try await wardDiversity(tenant: tenant),
           let mine = ranking.first(where: { $0.area == area.code }) {
            profile.diversity = .init(index: (mine.index * 1000).rounded() / 1000, rank: mine.rank, of: ranking.count)
        }
        return profile
    }

    /// The ethnic diversity index of every ward from TS021's broad groups (published for wards,
    /// or summed from LSOAs), ranked: four queries whatever the number of wards.
    static func wardDiversity(tenant: TenantScope) async throws -> [DiversityRank<String>]? {
        guard let table = try await tenant.query(CensusTable.self).filter(\.$tableKey == "TS021").first(),
              [AreaKind.lsoa.rawValue, AreaKind.ward.rawValue].contains(table.level) else { return nil }
        let groups = try await CensusTableCategory.query(on: tenant.database).filter(\.$table.$id == table.requireID())
            .filter(\.$depth == 1).filter(\.$isTotal == false).all().map(\.position)
        let counts = try await countsByArea(table: table, level: .ward, tenant: tenant)
        let indices = counts.compactMapValues { c in EthnicDiversity.index(counts: groups.map { c[$0] ?? 0 }) }
        return EthnicDiversity.ranking(indices)
    }

    struct ValueRow: Decodable { let area_code: String; let position: Int; let value: Int64 }
    struct ParentRow: Decodable { let code: String; let ward: String }

    /// A table's counts by area code and category position at `level`: as published, or summed
    /// from LSOAs to wards through the lookup. Two queries whatever the size.
    static func countsByArea(table: CensusTable, level: AreaKind, tenant: TenantScope) async throws -> [String: [Int: Int]] {
        let rows = try await tenant.select(from: "census_values").columns("area_code", "position", "value")
            .where("table_id", .equal, SQLBind(table.requireID())).all(decoding: ValueRow.self)
        var wardOf: [String: String] = [:]
        if table.level != level.rawValue {
            let lsoas = try await tenant.select(from: "areas").column(SQLColumn("code", table: "areas"))
                .column(SQLColumn("code", table: "wards"), as: "ward")
                .join(SQLAlias(SQLIdentifier("areas"), as: SQLIdentifier("wards")), on: SQLColumn("id", table: "wards"), .equal, SQLColumn("parent_id", table: "areas"))
                .where(SQLColumn("kind", table: "areas"), .equal, SQLBind(AreaKind.lsoa.rawValue))
                .all(decoding: ParentRow.self)
            wardOf = Dictionary(lsoas.map { ($0.code, $0.ward) }, uniquingKeysWith: { a, _ in a })
        }
        var result: [String: [Int: Int]] = [:]
        for row in rows {
            guard let code = table.level == level.rawValue ? row.area_code : wardOf[row.area_code] else { continue }
            result[code, default: [:]][row.position, default: 0] += Int(row.value)
        }
        return result
    }

    /// The codes of the published areas (at `level`) that make up `area`, or nil when the
    /// table can't describe it (a ward-level table for an LSOA, an MSOA table for a ward).
    static func publishedCodes(inside area: Area, level: String, tenant: TenantScope) async throws -> [String]? {
        if area.kind.rawValue == level { return [area.code] }
        switch (AreaKind(rawValue: level), area.kind) {
        case (.some(let published), .district) where published != .locality:
            return try await tenant.select(from: "areas").column("code").where("kind", .equal, level).all(decoding: CodeRow.self).map(\.code)
        case (.lsoa, .ward), (.ward, .locality):
            return try await tenant.query(Area.self).filter(\.$parent.$id == area.requireID()).filter(\.$kind == AreaKind(rawValue: level)!).all().map(\.code)
        case (.lsoa, .locality):
            let wards = try await tenant.query(Area.self).filter(\.$parent.$id == area.requireID()).filter(\.$kind == .ward).all()
            let ids = wards.compactMap(\.id)
            guard !ids.isEmpty else { return [] }
            return try await tenant.query(Area.self).filter(\.$parent.$id ~~ ids).filter(\.$kind == .lsoa).all().map(\.code)
        default:
            return nil
        }
    }

    /// A ward's or locality's share of an MSOA table: each MSOA's counts shared among its LSOAs
    /// by population (TS021 totals where imported, else equally), the LSOAs inside added up.
    static func estimateFromMSOAs(table: CensusTable, categories: Int, area: Area, tenant: TenantScope) async throws -> [Int: Int] {
        let inside = Set(try await publishedCodes(inside: area, level: AreaKind.lsoa.rawValue, tenant: tenant) ?? [])
        guard !inside.isEmpty else { return [:] }
        struct NameRow: Decodable { let code: String; let name: String; let kind: String }
        let named = try await tenant.select(from: "areas").columns("code", "name", "kind")
            .where("kind", .in, [AreaKind.lsoa.rawValue, AreaKind.msoa.rawValue]).all(decoding: NameRow.self)
        let msoaByName = Dictionary(named.filter { $0.kind == AreaKind.msoa.rawValue }.map { ($0.name.lowercased(), $0.code) }, uniquingKeysWith: { a, _ in a })
        let population = try await lsoaPopulation(tenant: tenant)
        let parts = named.filter { $0.kind == AreaKind.lsoa.rawValue }.compactMap { lsoa in
            CensusApportionment.msoaName(ofLSOANamed: lsoa.name).flatMap { msoaByName[$0.lowercased()] }.map {
                CensusApportionment.Part(publishedArea: $0, weight: population[lsoa.code] ?? 1, inside: inside.contains(lsoa.code))
            }
        }
        var published: [String: [Int]] = [:]
        for row in try await tenant.select(from: "census_values").columns("area_code", "position", "value")
            .where("table_id", .equal, SQLBind(table.requireID())).all(decoding: ValueRow.self) where row.position < categories {
            published[row.area_code, default: Array(repeating: 0, count: categories)][row.position] = Int(row.value)
        }
        let estimate = CensusApportionment.estimate(parts: parts, publishedValues: published, categories: categories)
        return Dictionary(uniqueKeysWithValues: estimate.enumerated().map { ($0, $1) })
    }

    /// Usual residents of each LSOA from TS021's total, when TS021 is imported for LSOAs.
    static func lsoaPopulation(tenant: TenantScope) async throws -> [String: Double] {
        guard let table = try await tenant.query(CensusTable.self).filter(\.$tableKey == "TS021").filter(\.$level == AreaKind.lsoa.rawValue).first(),
              let total = try await CensusTableCategory.query(on: tenant.database).filter(\.$table.$id == table.requireID())
                .filter(\.$isTotal == true).first() else { return [:] }
        struct Row: Decodable { let area_code: String; let value: Int64 }
        let rows = try await tenant.select(from: "census_values").columns("area_code", "value")
            .where("table_id", .equal, SQLBind(table.requireID())).where("position", .equal, SQLBind(total.position)).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.area_code, Double($0.value)) }, uniquingKeysWith: { a, _ in a })
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
