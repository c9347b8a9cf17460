@testable import CohesionCore
import Foundation

/// The real Walsall boundary files in `Tests/Fixtures/boundaries/`.
enum GeoTestData {
    static let wards2016 = "boundaries/walsall_wards_2016_martinjc.geojson"
    static let wards2022 = "boundaries/walsall_wards_2022_geographr.geojson"
    static let lsoas2021 = "boundaries/walsall_lsoa2021_geographr.geojson"

    static func load(_ file: String) throws -> BoundarySet {
        try BoundarySet.decode(geoJSON: FixtureFiles.data(file))
    }

    static let wardCodes = (1301...1320).map { "E0500\($0)" }
}
