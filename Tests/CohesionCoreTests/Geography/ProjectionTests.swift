@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

@Suite struct BritishNationalGridTests {
    static func degrees(_ d: Double, _ m: Double, _ s: Double) -> Double { d + m / 60 + s / 3600 }

    /// Ordnance Survey, "A guide to coordinate systems in Great Britain", annex C worked example
    /// of the Transverse Mercator projection: 52°39′27.2531″N 1°43′4.5177″E on OSGB36 gives
    /// E 651409.903 m, N 313177.270 m.
    @Test func transverseMercatorMatchesTheOSGuideWorkedExample() {
        let p = BritishNationalGrid.transverseMercator(latitude: Self.degrees(52, 39, 27.2531), longitude: Self.degrees(1, 43, 4.5177))
        #expect(abs(p.easting - 651_409.903) < 0.01, "\(p.easting)")
        #expect(abs(p.northing - 313_177.270) < 0.01, "\(p.northing)")
        let back = BritishNationalGrid.inverseTransverseMercator(p)
        #expect(abs(back.latitude - Self.degrees(52, 39, 27.2531)) < 1e-8)
        #expect(abs(back.longitude - Self.degrees(1, 43, 4.5177)) < 1e-8)
    }

    /// EPSG Guidance Note 7-2, Transverse Mercator example for OSGB 1936 / British National Grid:
    /// 50°30′N 0°30′E gives E 577274.99 m, N 69740.50 m.
    @Test func transverseMercatorMatchesTheEPSGGuidanceNoteExample() {
        let p = BritishNationalGrid.transverseMercator(latitude: 50.5, longitude: 0.5)
        #expect(abs(p.easting - 577_274.99) < 0.02, "\(p.easting)")
        #expect(abs(p.northing - 69_740.50) < 0.02, "\(p.northing)")
    }

    /// OS guide, "Helmert transformation worked example": ETRS89 (3790644.900, -110149.210,
    /// 5111482.970) m becomes OSGB36 (3790269.549, -110038.064, 5111050.261) m.
    @Test func helmertMatchesTheOSGuideWorkedExample() {
        let out = BritishNationalGrid.Helmert.wgs84ToOSGB36.apply(Cartesian(x: 3_790_644.900, y: -110_149.210, z: 5_111_482.970))
        #expect(abs(out.x - 3_790_269.549) < 0.001, "\(out.x)")
        #expect(abs(out.y - (-110_038.064)) < 0.001, "\(out.y)")
        #expect(abs(out.z - 5_111_050.261) < 0.001, "\(out.z)")
    }

    /// End to end against a published point: Geo::Coordinates::OSTN02's documentation (Toby
    /// Thurston, after OS's OSTN02 transformation) gives grid reference TR 143 599
    /// (E 614300, N 159900) for ETRS89 51.297880°N 1.072628°E. The Helmert transformation is
    /// OS's ~5 m approximation of OSTN, so agreement within 5 m is what is expected.
    @Test func wgs84ToNationalGridAgreesWithOSTNWithinAFewMetres() {
        let p = BritishNationalGrid.project(GeoPosition(latitude: 51.297880, longitude: 1.072628))
        let error = hypot(p.easting - 614_300, p.northing - 159_900)
        print("BNG check TR143599: got E \(p.easting), N \(p.northing); \(error) m from the OSTN02 figure")
        #expect(error < 5)
    }

    /// A broad sanity check: Walsall lies on OS sheet squares SJ/SK/SO/SP around the 400 km
    /// easting (2°W is the grid's central meridian) and 300 km northing.
    @Test
    func walsallProjectsNearTheCentralMeridian() throws {
        let wards = try GeoTestData.load(GeoTestData.wards2016)
        let points = wards.boundaries.flatMap { $0.polygons.flatMap(\.outerRing) }.map(BritishNationalGrid.project)
        let eastings = points.map(\.easting), northings = points.map(\.northing)
        print("Walsall in BNG: E \(eastings.min() ?? 0)–\(eastings.max() ?? 0), N \(northings.min() ?? 0)–\(northings.max() ?? 0)")
        #expect(eastings.allSatisfy { (390_000...415_000).contains($0) })
        #expect(northings.allSatisfy { (285_000...315_000).contains($0) })
    }

    @Test func projectionRoundTripsAcrossGreatBritain() async {
        await propertyCheck(input: Gen.double(in: 49.9...60.8), Gen.double(in: -7.5...1.8)) { lat, lon in
            let original = GeoPosition(latitude: lat, longitude: lon)
            let back = BritishNationalGrid.unproject(BritishNationalGrid.project(original))
            // 1e-6 degrees is about 10 cm.
            #expect(abs(back.latitude - lat) < 1e-6 && abs(back.longitude - lon) < 1e-6, "\(original) → \(back)")
            let mercator = WebMercator.unproject(WebMercator.project(original))
            #expect(abs(mercator.latitude - lat) < 1e-9 && abs(mercator.longitude - lon) < 1e-9)
        }
    }
}
