import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Stores an ONS Census table for a council. All or nothing: every area code must be one of the
/// council's areas at the table's level, or nothing is written and the lines are named.
enum CensusImport {
    struct ImportError: Error, CustomStringConvertible { let description: String }

    struct Summary: Sendable { let key: String; let topic: String; let level: String; let areas: Int; let categories: Int; let replaced: Bool }

    static func importTable(csv: String, sourceFile: String, council: Council, now: Date, by user: User? = nil, on db: Database) async throws -> Summary {
        let table: ONSCensusTable
        do { table = try CensusFile.parse(csv: csv) } catch { throw ImportError(description: error.description + ". Nothing was imported.") }
        guard let level = table.level, [.lsoa, .msoa, .ward, .district].contains(level) else {
            throw ImportError(description: "The file's areas are not all LSOAs, MSOAs, wards or a district.")
        }
        let tenant = TenantScope(council: council, database: db)
        let known = Set(try await tenant.select(from: "areas").column("code").where("kind", .equal, level.rawValue)
            .all(decoding: CodeRow.self).map(\.code))
        let newMSOAs = level == .msoa ? try await msoasOfTheCouncil(table.areas.filter { !known.contains($0.code.value) }, tenant: tenant) : []
        let outside = table.areas.filter { !known.contains($0.code.value) && !newMSOAs.contains($0) }
        if !outside.isEmpty {
            let shown = outside.prefix(5).map { "line \($0.line): \($0.code)" }.joined(separator: ", ")
            let hint = level == .lsoa && known.isEmpty ? " Import the LSOA–ward lookup first (cohesion import lookup)." : ""
            throw ImportError(description: "\(outside.count) area code\(outside.count == 1 ? " is" : "s are") not \(level.rawValue.uppercased())s of \(council.name) (\(shown)\(outside.count > 5 ? ", …" : "")). Nothing was imported.\(hint)")
        }
        let key = table.topic.identifier ?? table.topic.name
        return try await db.transaction { db in
            let scope = tenant.on(db)
            if !newMSOAs.isEmpty {
                let district = try await scope.query(Area.self).filter(\.$kind == .district).first()
                for msoa in newMSOAs {
                    try await Area(councilID: scope.councilID, code: msoa.code.value, name: msoa.name, kind: .msoa, parentID: district?.id).create(on: db)
                }
            }
            let existing = try await scope.query(CensusTable.self).filter(\.$tableKey == key).first()
            if let existing { try await existing.delete(on: db) }
            let record = scope.adopt(CensusTable())
            record.tableKey = key
            record.topic = table.topic.name
            record.level = level.rawValue
            record.sourceFile = String(sourceFile.suffix(200))
            record.importedAt = now
            try await record.create(on: db)
            let tableID = try record.requireID()
            for (position, category) in table.categories.enumerated() {
                let row = CensusTableCategory()
                row.$table.id = tableID
                row.position = position
                row.name = category.name
                row.path = category.path.joined(separator: ": ")
                row.parentPosition = category.parent
                row.depth = category.depth
                row.isTotal = category.isTotal
                try await row.create(on: db)
            }
            try await insertValues(table, tableID: tableID, councilID: scope.councilID, on: db)
            try await AuditLog.write(existing == nil ? .create : .update, .censusTable, recordID: tableID,
                summary: "imported \(key) \(table.topic.name) for \(table.areas.count) \(level.rawValue)s from \(record.sourceFile)",
                by: user, council: scope.councilID, ipAddress: nil, at: now, on: db)
            return Summary(key: key, topic: table.topic.name, level: level.rawValue, areas: table.areas.count,
                           categories: table.categories.count, replaced: existing != nil)
        }
    }

    struct CodeRow: Decodable { let code: String }

    /// MSOAs aren't in the LSOA–ward lookup, so an MSOA table brings its own areas. An MSOA is
    /// the council's when its name is the stem of the council's LSOA names: ONS names each 2021
    /// LSOA after its MSOA plus a letter ("Walsall 015" → "Walsall 015A").
    static func msoasOfTheCouncil(_ candidates: [CensusAreaCounts], tenant: TenantScope) async throws -> [CensusAreaCounts] {
        guard !candidates.isEmpty else { return [] }
        struct NameRow: Decodable { let name: String }
        let stems = Set(try await tenant.select(from: "areas").column("name").where("kind", .equal, AreaKind.lsoa.rawValue)
            .all(decoding: NameRow.self).compactMap { CensusApportionment.msoaName(ofLSOANamed: $0.name)?.lowercased() })
        return candidates.filter { !$0.name.isEmpty && stems.contains($0.name.lowercased()) }
    }

    /// Many rows at once: one INSERT per few hundred rows keeps an import to seconds.
    static func insertValues(_ table: ONSCensusTable, tableID: UUID, councilID: UUID, on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        var rows: [[any SQLExpression]] = []
        for area in table.areas {
            for (position, value) in area.values.enumerated() {
                rows.append([SQLBind(councilID), SQLBind(tableID), SQLBind(area.code.value), SQLBind(position), SQLBind(Int64(value))])
            }
        }
        for start in stride(from: 0, to: rows.count, by: 400) {
            var insert = sql.insert(into: "census_values").columns("council_id", "table_id", "area_code", "position", "value")
            for row in rows[start..<min(start + 400, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
    }
}
