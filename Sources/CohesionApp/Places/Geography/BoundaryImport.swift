import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Stores a council's area boundaries from a GeoJSON file, one level at a time. All or nothing:
/// invalid geometry, or a code that isn't one of the council's areas at that level, changes
/// nothing and the message names the feature. Re-importing a level replaces it.
enum BoundaryImport {
    struct ImportError: Error, CustomStringConvertible { let description: String }

    struct Summary: Sendable { let level: AreaKind; let areas: Int; let codeProperty: String; let replaced: Int }

    static let levels: [AreaKind] = [.district, .ward, .lsoa]

    static func importBoundaries(geoJSON: Data, level: AreaKind, codeProperty: String?, nameProperty: String?,
                                 sourceFile: String, council: Council, now: Date, by user: User? = nil, on db: Database) async throws -> Summary {
        guard levels.contains(level) else {
            throw ImportError(description: "Boundaries can be imported for wards, LSOAs or the district, not \(level.rawValue)s.")
        }
        let set: BoundarySet
        do { set = try BoundarySet.decode(geoJSON: geoJSON, codeProperty: codeProperty, nameProperty: nameProperty) } catch {
            throw ImportError(description: error.description + ". Nothing was imported.")
        }
        let tenant = TenantScope(council: council, database: db)
        let areas = try await tenant.query(Area.self).filter(\.$kind == level).all()
        let byCode = Dictionary(uniqueKeysWithValues: areas.map { ($0.code, $0) })
        let outside = set.boundaries.enumerated().filter { byCode[$0.element.code] == nil }
        if !outside.isEmpty {
            let shown = outside.prefix(5).map { "feature \($0.offset) (\($0.element.code))" }.joined(separator: ", ")
            let hint = level == .lsoa && areas.isEmpty ? " Import the LSOA–ward lookup first (cohesion import lookup)." : ""
            throw ImportError(description: "\(outside.count) feature\(outside.count == 1 ? " is" : "s are") not \(level == .lsoa ? "LSOAs" : level.rawValue + "s") of "
                + "\(council.name) (\(shown)\(outside.count > 5 ? ", …" : "")); was the right --level given? Nothing was imported.\(hint)")
        }
        let source = String(sourceFile.suffix(200))
        return try await db.transaction { db in
            let scope = tenant.on(db)
            let replaced = try await scope.query(AreaBoundary.self).filter(\.$level == level.rawValue).count()
            try await scope.query(AreaBoundary.self).filter(\.$level == level.rawValue).delete()
            for boundary in set.boundaries {
                let row = scope.adopt(AreaBoundary())
                row.areaCode = boundary.code
                row.level = level.rawValue
                row.geometry = AreaBoundary.encode(boundary.polygons)
                row.sourceFile = source
                row.importedAt = now
                try await row.create(on: db)
                if let area = byCode[boundary.code], let point = boundary.interiorPoint(precision: 1e-5) {
                    area.latitude = point.latitude
                    area.longitude = point.longitude
                    try await area.update(on: db)
                }
            }
            try await AuditLog.write(replaced == 0 ? .create : .update, .areaBoundaries, recordID: nil,
                summary: "imported \(set.boundaries.count) \(level.rawValue) boundaries from \(source) (codes from \(set.codeProperty))",
                by: user, council: scope.councilID, ipAddress: nil, at: now, on: db)
            return Summary(level: level, areas: set.boundaries.count, codeProperty: set.codeProperty, replaced: replaced)
        }
    }
}

/// Loads the council's postcodes from an ONS postcode directory extract. Postcodes whose ward
/// and LSOA are both outside the council are left out and counted, because directory extracts
/// are usually cut by a bounding box or county and so hold the neighbours' postcodes too.
/// Re-importing replaces the council's whole directory.
enum PostcodeImport {
    struct ImportError: Error, CustomStringConvertible { let description: String }
    struct Summary: Sendable { let imported: Int; let outside: Int; let withoutCoordinates: Int; let firstOutsideLine: Int? }

    static func importDirectory(csv: String, council: Council, by user: User? = nil, on db: Database) async throws -> Summary {
        let directory: PostcodeDirectory
        do { directory = try PostcodeDirectory.parse(csv: csv) } catch { throw ImportError(description: error.description + ". Nothing was imported.") }
        let tenant = TenantScope(council: council, database: db)
        let known = Set(try await tenant.select(from: "areas").column("code").where("kind", .in, [AreaKind.ward.rawValue, AreaKind.lsoa.rawValue])
            .all(decoding: CensusImport.CodeRow.self).map(\.code))
        func isInside(_ e: PostcodeDirectory.Entry) -> Bool { [e.ward, e.lsoa].contains { $0.map { known.contains($0.value) } ?? false } }
        let inside = directory.entries.filter(isInside)
        let outside = directory.entries.filter { !isInside($0) }
        guard !inside.isEmpty else {
            throw ImportError(description: "None of the \(directory.entries.count) postcodes has a ward or LSOA of \(council.name)"
                + " (first on line \(directory.entries[0].line)). Import the LSOA–ward lookup first, or check the file is for this council. Nothing was imported.")
        }
        try await db.transaction { db in
            let scope = tenant.on(db)
            try await scope.query(PostcodeLocation.self).delete()
            guard let sql = db as? any SQLDatabase else { return }
            for start in stride(from: 0, to: inside.count, by: 300) {
                var insert = sql.insert(into: PostcodeLocation.schema)
                    .columns("id", "council_id", "postcode", "latitude", "longitude", "ward_code", "lsoa_code")
                for e in inside[start..<min(start + 300, inside.count)] {
                    insert = insert.values([SQLBind(UUID()), SQLBind(scope.councilID), SQLBind(e.postcode), SQLBind(e.latitude), SQLBind(e.longitude),
                                            SQLBind(e.ward.flatMap { known.contains($0.value) ? $0.value : nil }),
                                            SQLBind(e.lsoa.flatMap { known.contains($0.value) ? $0.value : nil })])
                }
                try await insert.run()
            }
            try await AuditLog.write(.update, .postcodes, recordID: nil,
                summary: "imported \(inside.count) postcodes (\(outside.count) outside the council left out)",
                by: user, council: scope.councilID, ipAddress: nil, at: Date(), on: db)
        }
        return Summary(imported: inside.count, outside: outside.count,
                       withoutCoordinates: inside.filter { $0.latitude == nil }.count, firstOutsideLine: outside.first?.line)
    }
}
