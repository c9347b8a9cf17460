import Foundation
import CohesionCore
import Fluent

/// The demonstration council's places: Walsall's real district and 20 electoral wards (ONS codes
/// and names as in the ONS LSOA 2021 → ward 2024 lookup), grouped into four localities, and the
/// Census 2021 facts and the wards' 2022 boundaries in `Resources/Seed` (see its README).
///
/// The grouping into North, South, East and West is ILLUSTRATIVE: our own choice by geography
/// for the demo, not the council's published locality map.
enum PlacesDemo {
    static let localities: [(code: String, name: String, wards: [(String, String)])] = [
        ("north", "North Walsall", [
            ("E05001304", "Birchills Leamore"), ("E05001305", "Blakenall"), ("E05001306", "Bloxwich East"),
            ("E05001307", "Bloxwich West"), ("E05001308", "Brownhills"), ("E05001312", "Pelsall"),
        ]),
        ("east", "East Walsall", [
            ("E05001301", "Aldridge Central and South"), ("E05001302", "Aldridge North and Walsall Wood"),
            ("E05001310", "Paddock"), ("E05001313", "Pheasey Park Farm"), ("E05001315", "Rushall-Shelfield"),
            ("E05001318", "Streetly"),
        ]),
        ("south", "South Walsall", [
            ("E05001309", "Darlaston South"), ("E05001311", "Palfrey"), ("E05001314", "Pleck"), ("E05001316", "St Matthew's"),
        ]),
        ("west", "West Walsall", [
            ("E05001303", "Bentley and Darlaston North"), ("E05001317", "Short Heath"),
            ("E05001319", "Willenhall North"), ("E05001320", "Willenhall South"),
        ]),
    ]

    @Sendable static func seed(_ demo: DemoContext) async throws {
        let tenant = demo.tenant
        if try await tenant.query(Area.self).filter(\.$kind == .locality).first() == nil {
            let district = try await tenant.query(Area.self).filter(\.$kind == .district).first()
            for locality in localities {
                let area = Area(councilID: tenant.councilID, code: locality.code, name: locality.name, kind: .locality, parentID: district?.id)
                try await area.create(on: demo.database)
                for (code, name) in locality.wards {
                    try await Area(councilID: tenant.councilID, code: code, name: name, kind: .ward, parentID: area.id).create(on: demo.database)
                }
            }
        }
        if demo.seedFiles {
            try await census(demo)
            try await wardBoundaries(demo)
        }
    }

    /// The wards' real boundaries (`Resources/Seed/walsall-wards-2022.geojson`), so `/maps` draws
    /// them, unless the council already has ward boundaries.
    static func wardBoundaries(_ demo: DemoContext) async throws {
        guard try await demo.tenant.query(AreaBoundary.self).filter(\.$level == AreaKind.ward.rawValue).first() == nil else { return }
        let file = "walsall-wards-2022.geojson"
        let data = try Data(contentsOf: URL(fileURLWithPath: demo.seedFolder + file))
        _ = try await BoundaryImport.importBoundaries(geoJSON: data, level: .ward, codeProperty: nil, nameProperty: nil,
                                                      sourceFile: file, council: demo.council, now: demo.now, on: demo.database)
    }

    /// Loads the census seed files and a point per ward for the hex map, unless the council
    /// already has census tables.
    static func census(_ demo: DemoContext) async throws {
        let tenant = demo.tenant
        guard try await tenant.query(CensusTable.self).first() == nil else { return }
        let files = try FileManager.default.contentsOfDirectory(atPath: demo.seedFolder)
            .filter { $0.hasPrefix("census2021-") && $0.hasSuffix(".csv") }.sorted()
        for file in files {
            let text = try String(contentsOfFile: demo.seedFolder + file, encoding: .utf8)
            _ = try await CensusImport.importTable(csv: text, sourceFile: file, council: demo.council, now: demo.now, on: demo.database)
        }
        if let points = try? String(contentsOfFile: demo.seedFolder + "walsall-ward-points.csv", encoding: .utf8) {
            let wards = Dictionary(uniqueKeysWithValues: try await tenant.query(Area.self).filter(\.$kind == .ward).all().map { ($0.code, $0) })
            for line in points.split(separator: "\n").dropFirst() {
                let cells = line.split(separator: ",").map(String.init)
                guard cells.count == 4, let ward = wards[cells[0]], let lat = Double(cells[2]), let lon = Double(cells[3]) else { continue }
                ward.latitude = lat
                ward.longitude = lon
                try await ward.update(on: demo.database)
            }
        }
    }
}
