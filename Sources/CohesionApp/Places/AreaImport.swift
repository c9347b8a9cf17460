import CohesionCore
import Fluent
import Vapor

/// Loads the ONS LSOA → ward → district lookup into a council's areas: creates or renames its
/// wards and LSOAs and hangs each LSOA under its ward. All or nothing: a file with a bad row,
/// or with a row for another district, changes nothing and says which line is wrong.
enum AreaImport {
    struct Summary: Equatable, Sendable {
        var wardsCreated = 0, wardsRenamed = 0, lsoasCreated = 0, lsoasUpdated = 0
        var lsoaCount = 0, wardCount = 0
    }

    struct ImportError: Error, CustomStringConvertible {
        let description: String
    }

    static func importLookup(csv: String, council: Council, by user: User? = nil, on db: Database) async throws -> Summary {
        let lookup: AreaLookup
        do { lookup = try AreaLookup.parse(csv: csv) } catch { throw ImportError(description: error.description) }
        let foreign = lookup.entries.filter { $0.district.value != council.districtCode }
        if let first = foreign.first {
            throw ImportError(description: "Line \(first.line): LSOA \(first.lsoa) is in district \(first.district), not \(council.name)'s "
                + "\(council.districtCode). \(foreign.count) row\(foreign.count == 1 ? "" : "s") belong to another council; nothing was imported.")
        }
        return try await db.transaction { db in
            let tenant = TenantScope(council: council, database: db)
            guard let district = try await tenant.query(Area.self).filter(\.$kind == .district).first() else {
                throw ImportError(description: "\(council.name) has no district area; run setup first.")
            }
            let existing = try await tenant.query(Area.self).filter(\.$kind ~~ [.ward, .lsoa]).all()
            var byCode = Dictionary(uniqueKeysWithValues: existing.map { ($0.code, $0) })
            var summary = Summary(lsoaCount: lookup.entries.count, wardCount: lookup.wards.count)
            for (code, name) in lookup.wardNames.sorted(by: { $0.key.value < $1.key.value }) {
                if let ward = byCode[code.value] {
                    guard ward.kind == .ward else { throw ImportError(description: "\(code) already exists as a \(ward.kind.rawValue), not a ward.") }
                    if ward.name != name { ward.name = name; try await ward.update(on: db); summary.wardsRenamed += 1 }
                } else {
                    let ward = Area(councilID: tenant.councilID, code: code.value, name: name, kind: .ward, parentID: district.id)
                    try await ward.create(on: db)
                    byCode[code.value] = ward
                    summary.wardsCreated += 1
                }
            }
            for entry in lookup.entries {
                let wardID = byCode[entry.ward.value]?.id
                if let lsoa = byCode[entry.lsoa.value] {
                    guard lsoa.kind == .lsoa else { throw ImportError(description: "Line \(entry.line): \(entry.lsoa) already exists as a \(lsoa.kind.rawValue).") }
                    if lsoa.name != entry.lsoaName || lsoa.$parent.id != wardID {
                        lsoa.name = entry.lsoaName
                        lsoa.$parent.id = wardID
                        try await lsoa.update(on: db)
                        summary.lsoasUpdated += 1
                    }
                } else {
                    try await Area(councilID: tenant.councilID, code: entry.lsoa.value, name: entry.lsoaName, kind: .lsoa, parentID: wardID).create(on: db)
                    summary.lsoasCreated += 1
                }
            }
            try await AuditLog.write(.update, .areas, recordID: nil,
                summary: "imported the LSOA–ward lookup: \(summary.wardCount) wards (\(summary.wardsCreated) new, \(summary.wardsRenamed) renamed), "
                    + "\(summary.lsoaCount) LSOAs (\(summary.lsoasCreated) new, \(summary.lsoasUpdated) changed)",
                by: user, council: tenant.councilID, ipAddress: nil, at: Date(), on: db)
            return summary
        }
    }
}

/// `cohesion import lookup --file F [--district CODE]`.
struct ImportCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] {
        ["lookup": ImportLookupCommand(), "census": ImportCensusCommand(), "boundaries": ImportBoundariesCommand(), "postcodes": ImportPostcodesCommand()]
    }
    var help: String { "Imports ONS data files: the LSOA-ward lookup, Census 2021 tables, boundaries and postcodes" }

    /// The bytes of the file named by `--file`, with a usage error that says what is wrong.
    static func readData(_ path: String?) throws -> (path: String, data: Data) {
        guard let path, !path.isEmpty else { throw UsageError.missing("--file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("file", "\(path) can't be read") }
        return (path, data)
    }

    /// The same, as UTF-8 text.
    static func readText(_ path: String?) throws -> (path: String, text: String) {
        let (path, data) = try readData(path)
        guard let text = String(data: data, encoding: .utf8) else { throw UsageError("file", "\(path) is not UTF-8 text") }
        return (path, text)
    }
}

struct ImportLookupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "file", help: "An LSOA → ward → district lookup CSV in the ONS layout")
        var file: String?
        @Option(name: "district", help: "ONS district code, when the database serves several councils")
        var district: String?
    }

    var help: String { "Creates the council's wards and LSOAs from an ONS lookup file; safe to rerun" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let (_, text) = try ImportCommands.readText(signature.file)
        let council = try await CreateAdminCommand.council(app: app, name: nil, district: signature.district, host: nil)
        let summary = try await AreaImport.importLookup(csv: text, council: council, on: app.db)
        app.publicPageCache.invalidate()
        context.console.success("Imported \(summary.wardCount) wards and \(summary.lsoaCount) LSOAs for \(council.name): "
            + "\(summary.wardsCreated) wards and \(summary.lsoasCreated) LSOAs new, \(summary.wardsRenamed + summary.lsoasUpdated) changed.")
    }
}

/// `cohesion import census --file F [--district CODE]`: one ONS Census 2021 topic summary.
struct ImportCensusCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "file", help: "A Census 2021 topic summary CSV in the ONS bulk layout (LSOA, MSOA, ward or district)")
        var file: String?
        @Option(name: "district", help: "ONS district code, when the database serves several councils")
        var district: String?
    }

    var help: String { "Imports a Census 2021 table; re-importing replaces it; a bad row changes nothing" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let (path, text) = try ImportCommands.readText(signature.file)
        let council = try await CreateAdminCommand.council(app: app, name: nil, district: signature.district, host: nil)
        let summary = try await CensusImport.importTable(csv: text, sourceFile: URL(fileURLWithPath: path).lastPathComponent,
                                                         council: council, now: Date(), on: app.db)
        app.publicPageCache.invalidate()
        context.console.success("\(summary.replaced ? "Replaced" : "Imported") \(summary.key) (\(summary.topic)): "
            + "\(summary.categories) categories for \(summary.areas) \(summary.level)s of \(council.name).")
    }
}

/// `cohesion import boundaries --file F.geojson --level ward|lsoa|district`.
struct ImportBoundariesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "file", help: "A GeoJSON FeatureCollection of Polygon/MultiPolygon features in WGS84 longitude/latitude")
        var file: String?
        @Option(name: "level", help: "ward, lsoa or district")
        var level: String?
        @Option(name: "code-property", help: "The property holding the GSS code (found by itself: WD24CD, LSOA21CD, LAD24CD, ...)")
        var codeProperty: String?
        @Option(name: "name-property", help: "The property holding the area name (default: the code property's NM partner)")
        var nameProperty: String?
        @Option(name: "district", help: "ONS district code, when the database serves several councils")
        var district: String?
    }

    var help: String { "Imports area boundaries for maps and locating; re-importing a level replaces it; invalid geometry changes nothing" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let levelText = signature.level, !levelText.isEmpty else { throw UsageError.missing("--level") }
        guard let level = AreaKind(rawValue: levelText.lowercased()), BoundaryImport.levels.contains(level) else {
            throw UsageError("level", "must be ward, lsoa or district, not \(levelText)")
        }
        let (path, data) = try ImportCommands.readData(signature.file)
        let council = try await CreateAdminCommand.council(app: app, name: nil, district: signature.district, host: nil)
        let summary = try await BoundaryImport.importBoundaries(
            geoJSON: data, level: level, codeProperty: signature.codeProperty, nameProperty: signature.nameProperty,
            sourceFile: URL(fileURLWithPath: path).lastPathComponent, council: council, now: Date(), on: app.db)
        app.publicPageCache.invalidate()
        app.geographyCache.invalidate(try council.requireID())
        context.console.success("Imported \(summary.areas) \(level == .lsoa ? "LSOA" : level.rawValue) boundaries for \(council.name) (codes from \(summary.codeProperty))"
            + (summary.replaced > 0 ? ", replacing \(summary.replaced)." : "."))
    }
}

/// `cohesion import postcodes --file F`: an NSPL or ONSPD extract.
struct ImportPostcodesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "file", help: "A postcode directory CSV (NSPL or ONSPD columns: pcds, lat, long, osward/ward, lsoa21)")
        var file: String?
        @Option(name: "district", help: "ONS district code, when the database serves several councils")
        var district: String?
    }

    var help: String { "Imports the council's postcodes so addresses resolve to LSOAs and wards; replaces the previous directory" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let (_, text) = try ImportCommands.readText(signature.file)
        let council = try await CreateAdminCommand.council(app: app, name: nil, district: signature.district, host: nil)
        let summary = try await PostcodeImport.importDirectory(csv: text, council: council, on: app.db)
        context.console.success("Imported \(summary.imported) postcodes for \(council.name)"
            + (summary.withoutCoordinates > 0 ? " (\(summary.withoutCoordinates) without a grid reference)" : "")
            + (summary.outside > 0 ? "; left out \(summary.outside) in other councils (first on line \(summary.firstOutsideLine ?? 0))." : "."))
    }
}
