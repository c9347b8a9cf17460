@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

@Suite struct BoundaryIndexRealDataTests {
    /// The detailed 2016 file is the reference: the pole of inaccessibility of each ward must
    /// locate back to that ward. The heavily simplified 2022 file is then asked about the same
    /// points; simplification moves borders by tens of metres, so a few could differ, and the
    /// test reports every mismatch rather than hiding it.
    @Test
    func aPointInsideEachWardLocatesToThatWard() throws {
        let detailed = try GeoTestData.load(GeoTestData.wards2016)
        let simplified = try GeoTestData.load(GeoTestData.wards2022)
        let detailedIndex = BoundaryIndex(detailed), simplifiedIndex = BoundaryIndex(simplified)
        var mismatches: [String] = []
        for ward in detailed.boundaries {
            let point = try #require(ward.interiorPoint())
            #expect(detailedIndex.code(containing: point) == ward.code, "\(ward.code) \(ward.name) at \(point)")
            #expect(detailedIndex.boundaries(containing: point).count == 1)
            let other = simplifiedIndex.code(containing: point)
            if other != ward.code { mismatches.append("\(ward.code) → \(other ?? "nothing") at \(point)") }
        }
        print("2016 ward interior points located in the simplified 2022 file: \(20 - mismatches.count)/20 agree; mismatches: \(mismatches)")
        #expect(mismatches.count <= 2, "\(mismatches)")
        for ward in simplified.boundaries {
            let point = try #require(ward.interiorPoint())
            #expect(simplifiedIndex.code(containing: point) == ward.code, "2022 \(ward.code)")
        }
    }

    @Test
    func everyLSOALocatesToItselfAndMostlyToItsBestFitWard() throws {
        let lsoas = try GeoTestData.load(GeoTestData.lsoas2021)
        let wards = BoundaryIndex(try GeoTestData.load(GeoTestData.wards2022))
        let index = BoundaryIndex(lsoas)
        var wardAgreement = 0
        for lsoa in lsoas.boundaries {
            let point = try #require(lsoa.interiorPoint())
            #expect(index.code(containing: point) == lsoa.code)
            if wards.code(containing: point) == lsoa.properties["WD24CD"] { wardAgreement += 1 }
        }
        print("LSOA interior points inside their best-fit 2024 ward (2022 boundaries): \(wardAgreement)/169")
        #expect(wardAgreement >= 150, "best-fit lookup and boundaries should mostly agree")
    }

    /// Measures rather than asserts a time: timing belongs in bench/, but the figure is printed
    /// so a slow regression is visible in the test log.
    @Test
    func locatingAHundredThousandRandomPoints() throws {
        let lsoas = try GeoTestData.load(GeoTestData.lsoas2021)
        let index = BoundaryIndex(lsoas)
        let box = try #require(lsoas.boundingBox)
        var generator = SystemRandomNumberGenerator()
        let points = (0..<100_000).map { _ in
            GeoPosition(longitude: Double.random(in: box.minLongitude...box.maxLongitude, using: &generator),
                        latitude: Double.random(in: box.minLatitude...box.maxLatitude, using: &generator))
        }
        var found = 0
        let elapsed = ContinuousClock().measure {
            for p in points where index.code(containing: p) != nil { found += 1 }
        }
        print("Located 100,000 random points among 169 LSOAs in \(elapsed); \(found) fell inside Walsall")
        #expect(found > 40_000)
    }
}

@Suite struct BoundaryIndexPropertyTests {
    /// A convex polygon from sorted angles on a circle around (lon, lat).
    static func convexPolygon(lon: Double, lat: Double, radius: Double, angles: [Double]) -> GeoPolygon {
        let sorted = Array(Set(angles)).sorted()
        var ring = sorted.map { GeoPosition(longitude: lon + radius * cos($0), latitude: lat + radius * sin($0)) }
        ring.append(ring[0])
        return GeoPolygon(rings: [ring])
    }

    @Test func aPointInsideARandomConvexPolygonIsFoundAndOneFarOutsideIsNot() async {
        let angles = Gen.double(in: 0..<(2 * Double.pi)).array(of: 3...40)
        await propertyCheck(input: Gen.double(in: -170...170), Gen.double(in: -80...80), Gen.double(in: 0.001...5), angles) { lon, lat, radius, angles in
            let polygon = Self.convexPolygon(lon: lon, lat: lat, radius: radius, angles: angles)
            let ring = polygon.outerRing.dropLast()
            guard ring.count >= 3, PlaneGeometry.area(polygon.outerRing) > radius * radius * 1e-6 else { return }
            let mean = GeoPosition(longitude: ring.map(\.longitude).reduce(0, +) / Double(ring.count),
                                   latitude: ring.map(\.latitude).reduce(0, +) / Double(ring.count))
            let index = BoundaryIndex([Boundary(code: "E05000001", name: "Test", polygons: [polygon])], cellsPerSide: 8)
            #expect(index.code(containing: mean) == "E05000001", "mean of vertices \(mean)")
            let far = GeoPosition(longitude: lon + 3 * radius, latitude: lat - 3 * radius)
            #expect(index.code(containing: far) == nil)
        }
    }

    @Test func holesAreOutsideAndOtherPartsOfAMultiPolygonAreInside() {
        let outer = [(0.0, 0.0), (4, 0), (4, 4), (0, 4), (0, 0)].map { GeoPosition(longitude: $0.0, latitude: $0.1) }
        let hole = [(1.0, 1.0), (3, 1), (3, 3), (1, 3), (1, 1)].map { GeoPosition(longitude: $0.0, latitude: $0.1) }
        let island = [(10.0, 0.0), (11, 0), (11, 1), (10, 0)].map { GeoPosition(longitude: $0.0, latitude: $0.1) }
        let area = Boundary(code: "A", name: "A", polygons: [GeoPolygon(rings: [outer, hole]), GeoPolygon(rings: [island])])
        let index = BoundaryIndex([area])
        #expect(index.code(containing: GeoPosition(longitude: 0.5, latitude: 2)) == "A")
        #expect(index.code(containing: GeoPosition(longitude: 2, latitude: 2)) == nil)
        #expect(index.code(containing: GeoPosition(longitude: 10.8, latitude: 0.3)) == "A")
        #expect(index.code(containing: GeoPosition(longitude: 7, latitude: 0.5)) == nil)
    }

    /// Two squares sharing the edge x = 1: every point on it belongs to exactly one of them,
    /// the eastern one, whichever order they were given in.
    @Test func pointsOnASharedBorderGetOneDeterministicAnswer() async {
        func square(_ x: Double, _ code: String) -> Boundary {
            let ring = [(x, 0.0), (x + 1, 0), (x + 1, 1), (x, 1), (x, 0)].map { GeoPosition(longitude: $0.0, latitude: $0.1) }
            return Boundary(code: code, name: code, polygons: [GeoPolygon(rings: [ring])])
        }
        let west = square(0, "W"), east = square(1, "E")
        let forwards = BoundaryIndex([west, east]), backwards = BoundaryIndex([east, west])
        await propertyCheck(input: Gen.double(in: 0.0..<1.0)) { y in
            let p = GeoPosition(longitude: 1, latitude: y)
            #expect(forwards.boundaries(containing: p).map(\.code) == ["E"])
            #expect(backwards.code(containing: p) == "E")
        }
    }
}
