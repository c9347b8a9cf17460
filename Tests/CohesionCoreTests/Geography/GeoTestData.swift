@testable import CohesionCore
import Foundation

/// Finds the real boundary files in `../shared/data/boundaries` beside the project's root
/// (or in `$COHESION_SHARED_DATA/boundaries`). They are never copied into the repository.
enum GeoTestData {
    static let wards2016 = "walsall_wards_2016_martinjc.geojson"
    static let wards2022 = "walsall_wards_2022_geographr.geojson"
    static let lsoas2021 = "walsall_lsoa2021_geographr.geojson"

    static var boundariesFolder: URL {
        if let shared = ProcessInfo.processInfo.environment["COHESION_SHARED_DATA"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("boundaries")
        }
        // …/Tests/CohesionCoreTests/Geography/X.swift: up four levels is the project root.
        // Symlinks are resolved first so a scratch package pointing at these tests works too.
        var root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root.deletingLastPathComponent().appendingPathComponent("shared/data/boundaries")
    }

    static var available: Bool {
        [wards2016, wards2022, lsoas2021].allSatisfy {
            FileManager.default.fileExists(atPath: boundariesFolder.appendingPathComponent($0).path)
        }
    }

    static func load(_ name: String) throws -> BoundarySet {
        let data = try Data(contentsOf: boundariesFolder.appendingPathComponent(name))
        return try BoundarySet.decode(geoJSON: data)
    }

    static let wardCodes = (1301...1320).map { "E0500\($0)" }

    static let skipMessage = "Real boundary files not found in ../shared/data/boundaries (set COHESION_SHARED_DATA to point at the data folder)"
}
