import CohesionCore
import Foundation
import SQLKit
import Vapor

/// Reads what an area's profile needs as plain rows and builds the `AreaProfile` with Core's
/// arithmetic. At most four statements whatever the number of tables, wards or LSOAs: the
/// council's areas; its tables with their categories; its counts, LSOAs added up to their wards;
/// and, when MSOA figures are shared among LSOAs, the LSOAs' populations.
enum AreaProfileQuery {
    static func load(code raw: String, tenant: TenantScope) async throws -> AreaProfile {
        let hierarchy = try await hierarchy(tenant)
        guard let area = hierarchy.place(GSSCode(raw)?.value ?? raw) else { throw notFound(raw) }
        let tables = try await tables(tenant)
        // An LSOA's own page needs its own counts, so they stay out of its ward's sum.
        let counts = tables.isEmpty ? [] : try await CensusQueries.countsSummedToWards(tenant, except: area.code)
        let population = AreaProfile.needsLSOAPopulation(area, in: hierarchy, tables: tables.map(\.definition))
            ? try await lsoaPopulation(tables, tenant: tenant) : [:]
        let keys = Dictionary(uniqueKeysWithValues: tables.map { ($0.id, $0.definition.key) })
        var byTable: CensusCounts = [:]
        for row in counts {
            guard let key = keys[row.table_id] else { continue }
            byTable[key, default: [:]][row.counted_at, default: [:]][row.position] = Int(row.value)
        }
        guard let profile = AreaProfile(code: area.code, hierarchy: hierarchy, tables: tables.map(\.definition), counts: byTable,
                                        lsoaPopulation: population) else { throw notFound(raw) }
        return profile
    }

    /// One area with its ancestors and children, without its census figures: one statement.
    static func detail(code raw: String, tenant: TenantScope) async throws -> AreaDetailDTO {
        let hierarchy = try await hierarchy(tenant)
        guard let area = hierarchy.place(GSSCode(raw)?.value ?? raw) else { throw notFound(raw) }
        return AreaDetailDTO(area, ancestors: hierarchy.ancestors(of: area.code), children: hierarchy.children(of: area.code))
    }

    static func notFound(_ raw: String) -> Abort {
        Abort(.notFound, reason: "There is no area with the code ‘\(raw.prefix(40))’ in this council.")
    }

    /// Every area of the council, in name order: a few hundred rows.
    static func hierarchy(_ tenant: TenantScope) async throws -> AreaHierarchy {
        let rows = try await AreasQueries.summaries(tenant, kinds: AreaKind.allCases)
        let codeOfID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.code) })
        return AreaHierarchy(rows.compactMap { row in
            AreaKind(rawValue: row.kind).map { .init(code: row.code, name: row.name, kind: $0, parentCode: row.parent_id.flatMap { codeOfID[$0] }) }
        })
    }

    struct StoredTable {
        let id: UUID
        let definition: CensusTableDefinition
    }

    /// The council's tables with their categories, in table key order: one statement.
    static func tables(_ tenant: TenantScope) async throws -> [StoredTable] {
        struct Row: Decodable {
            let table_id: UUID, table_key: String, topic: String, level: String
            let position: Int, name: String, path: String, depth: Int, is_total: Bool
        }
        let rows = try await tenant.select(from: "census_tables")
            .column(SQLColumn("id", table: "census_tables"), as: "table_id")
            .columns(SQLColumn("table_key", table: "census_tables"), SQLColumn("topic", table: "census_tables"), SQLColumn("level", table: "census_tables"))
            .columns(["position", "name", "path", "depth", "is_total"].map { SQLColumn($0, table: "census_categories") })
            .join("census_categories", on: SQLColumn("table_id", table: "census_categories"), .equal, SQLColumn("id", table: "census_tables"))
            .orderBy(SQLColumn("table_key", table: "census_tables")).orderBy(SQLColumn("position", table: "census_categories"))
            .all(decoding: Row.self)
        var order: [UUID] = []
        var byTable: [UUID: [Row]] = [:]
        for row in rows {
            if byTable[row.table_id] == nil { order.append(row.table_id) }
            byTable[row.table_id, default: []].append(row)
        }
        return order.compactMap { id in
            guard let categories = byTable[id], let first = categories.first, let level = AreaKind(rawValue: first.level) else { return nil }
            return StoredTable(id: id, definition: CensusTableDefinition(
                key: first.table_key, topic: first.topic, level: level,
                categories: categories.map { .init(position: $0.position, name: $0.name, path: $0.path, depth: $0.depth, isTotal: $0.is_total) }))
        }
    }

    /// Usual residents of each LSOA from TS021's total, when TS021 is imported for LSOAs: one statement.
    static func lsoaPopulation(_ tables: [StoredTable], tenant: TenantScope) async throws -> [String: Double] {
        guard let table = tables.first(where: { $0.definition.key == "TS021" && $0.definition.level == .lsoa }),
              let total = table.definition.categories.first(where: \.isTotal) else { return [:] }
        struct Row: Decodable { let area_code: String; let value: Int64 }
        let rows = try await tenant.select(from: "census_values").columns("area_code", "value")
            .where("table_id", .equal, SQLBind(table.id)).where("position", .equal, SQLBind(total.position)).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.area_code, Double($0.value)) }, uniquingKeysWith: { first, _ in first })
    }
}
