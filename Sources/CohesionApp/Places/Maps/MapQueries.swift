import CohesionCore
import Fluent
import SQLKit
import Vapor

/// What a map can show: a census category's share of residents, or the ethnic diversity index,
/// for every ward or LSOA, with the counts behind it.
enum MapQueries {
    static let diversityID = "diversity"

    struct Measure: Sendable {
        /// `TS021:3` (table key and category position) or `diversity`.
        let id: String
        let label: String
        let group: String
        /// What the map shows, for its heading: "Religion: Muslim".
        let title: String
    }

    struct AreaValue: Sendable {
        let code: String
        let name: String
        let value: Double?
        let count: Int?
        let total: Int?
    }

    /// Tables whose figures can be summed to `level` (published at that level, or at LSOA for wards).
    static func tables(for level: AreaKind, tenant: TenantScope) async throws -> [CensusTable] {
        let usable = level == .ward ? [AreaKind.ward.rawValue, AreaKind.lsoa.rawValue] : [level.rawValue]
        return try await tenant.query(CensusTable.self).filter(\.$level ~~ usable).sort(\.$tableKey).all()
    }

    /// Every measure a map of `level` can show: the diversity index first when TS021 is there.
    static func measures(for level: AreaKind, tenant: TenantScope) async throws -> [Measure] {
        let tables = try await tables(for: level, tenant: tenant)
        guard !tables.isEmpty else { return [] }
        let categories = try await CensusTableCategory.query(on: tenant.database).filter(\.$table.$id ~~ tables.compactMap(\.id))
            .filter(\.$isTotal == false).sort(\.$position).all()
        var result: [Measure] = []
        if tables.contains(where: { $0.tableKey == "TS021" }) {
            result.append(Measure(id: diversityID, label: "Ethnic diversity index (TS021)", group: "Ethnic group",
                                  title: "Ethnic diversity index (TS021)"))
        }
        for table in tables {
            for category in categories where category.$table.id == table.id && category.depth <= 2 {
                result.append(Measure(id: "\(table.tableKey):\(category.position)", label: "% " + category.path, group: table.topic,
                                      title: "\(table.topic): \(category.path)"))
            }
        }
        return result
    }

    /// The measure's value for every area of `level`, named, in name order. Areas with no
    /// figures have a nil value and are shown as "No data". Three queries whatever the size.
    static func values(of measureID: String, level: AreaKind, tenant: TenantScope) async throws -> [AreaValue] {
        let areas = try await AreasQueries.summaries(tenant, kinds: [level])
        let tableKey = measureID == diversityID ? "TS021" : String(measureID.split(separator: ":").dropLast().joined(separator: ":"))
        guard let table = try await tables(for: level, tenant: tenant).first(where: { $0.tableKey == tableKey }) else {
            return areas.map { AreaValue(code: $0.code, name: $0.name, value: nil, count: nil, total: nil) }
        }
        let categories = try await CensusTableCategory.query(on: tenant.database).filter(\.$table.$id == table.requireID()).sort(\.$position).all()
        let counts = try await CensusQueries.countsByArea(table: table, level: level, tenant: tenant)
        let groups = categories.filter { $0.depth == 1 && !$0.isTotal }.map(\.position)
        let totalPosition = categories.first(where: \.isTotal)?.position
        func total(_ c: [Int: Int]) -> Int { totalPosition.flatMap { c[$0] } ?? groups.reduce(0) { $0 + (c[$1] ?? 0) } }
        if measureID == diversityID {
            return areas.map { area in
                let c = counts[area.code]
                return AreaValue(code: area.code, name: area.name, value: c.flatMap { c in EthnicDiversity.index(counts: groups.map { c[$0] ?? 0 }) },
                                 count: nil, total: c.map(total))
            }
        }
        let position = Int(measureID.split(separator: ":").last ?? "") ?? -1
        return areas.map { area in
            guard let c = counts[area.code], let count = c[position] else {
                return AreaValue(code: area.code, name: area.name, value: nil, count: nil, total: nil)
            }
            let t = total(c)
            return AreaValue(code: area.code, name: area.name, value: t > 0 ? Double(count) / Double(t) * 100 : nil, count: count, total: t)
        }
    }
}
