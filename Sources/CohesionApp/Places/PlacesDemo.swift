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

    /// A point inside each ward (Resources/Seed/walsall-ward-points.csv), so the demo works
    /// whether or not the seed files are loaded.
    static let wardPoints: [String: GeoPosition] = [
        "E05001301": .init(latitude: 52.59956, longitude: -1.91528), "E05001302": .init(latitude: 52.6292, longitude: -1.9243),
        "E05001303": .init(latitude: 52.58042, longitude: -2.02513), "E05001304": .init(latitude: 52.59993, longitude: -2.00366),
        "E05001305": .init(latitude: 52.6068, longitude: -1.98083), "E05001306": .init(latitude: 52.62448, longitude: -1.995),
        "E05001307": .init(latitude: 52.62102, longitude: -2.01652), "E05001308": .init(latitude: 52.64895, longitude: -1.93966),
        "E05001309": .init(latitude: 52.56381, longitude: -2.04412), "E05001310": .init(latitude: 52.57301, longitude: -1.95275),
        "E05001311": .init(latitude: 52.56708, longitude: -1.97895), "E05001312": .init(latitude: 52.6306, longitude: -1.96972),
        "E05001313": .init(latitude: 52.56692, longitude: -1.92156), "E05001314": .init(latitude: 52.57902, longitude: -2.00399),
        "E05001315": .init(latitude: 52.61132, longitude: -1.95025), "E05001316": .init(latitude: 52.58666, longitude: -1.96834),
        "E05001317": .init(latitude: 52.59978, longitude: -2.03702), "E05001318": .init(latitude: 52.57731, longitude: -1.89169),
        "E05001319": .init(latitude: 52.61235, longitude: -2.03996), "E05001320": .init(latitude: 52.58556, longitude: -2.05279),
    ]

    /// The demo's postcodes (seeded into the postcode directory): illustrative,
    /// in each ward's real postcode district, at the ward's point. Their real NSPL rows may
    /// place them elsewhere.
    static let demoPostcodes: [String: String] = [
        "E05001301": "WS9 8AB", "E05001302": "WS9 9AB", "E05001303": "WS2 0AB", "E05001304": "WS3 2AB", "E05001305": "WS3 1AB",
        "E05001306": "WS3 3AB", "E05001307": "WS3 2BB", "E05001308": "WS8 6AB", "E05001309": "WS10 8AB", "E05001310": "WS1 2AB",
        "E05001311": "WS1 4AB", "E05001312": "WS3 4AB", "E05001313": "B43 7AB", "E05001314": "WS2 9AB", "E05001315": "WS4 1AB",
        "E05001316": "WS1 1AB", "E05001317": "WV12 5AB", "E05001318": "B74 3AB", "E05001319": "WV12 4AB", "E05001320": "WV13 2AB",
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
        try await postcodes(demo)
        if demo.seedFiles {
            try await census(demo)
            try await wardBoundaries(demo)
        }
    }

    /// The demo's illustrative postcodes, one per ward, so "near a postcode" works in the demo,
    /// unless the council already has a postcode directory.
    static func postcodes(_ demo: DemoContext) async throws {
        guard try await demo.tenant.query(PostcodeLocation.self).first() == nil else { return }
        for (ward, postcode) in demoPostcodes {
            let row = demo.tenant.adopt(PostcodeLocation())
            row.postcode = postcode
            row.wardCode = ward
            row.latitude = wardPoints[ward]?.latitude
            row.longitude = wardPoints[ward]?.longitude
            try await row.create(on: demo.database)
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
