@testable import CohesionCore
import PropertyBased
import Testing

@Suite struct GeoDistanceTests {
    /// Rosetta Code's haversine task: Nashville (BNA, 36.12, -86.67) to Los Angeles (LAX, 33.94,
    /// -118.40) is 2886.444442837983 km on a sphere of radius 6371.0 km. Distances scale with the
    /// radius, so ours (6371.0088 km) is that times 6371.0088 / 6371.
    @Test func matchesThePublishedWorkedExample() {
        let bna = GeoPosition(latitude: 36.12, longitude: -86.67), lax = GeoPosition(latitude: 33.94, longitude: -118.40)
        let expected = 2_886_444.442837983 * 6_371_008.8 / 6_371_000
        #expect(abs(GeoDistance.metres(from: bna, to: lax) - expected) < 0.001)
        #expect(abs(GeoDistance.metres(from: lax, to: bna) - expected) < 0.001)
    }

    @Test func aDegreeOfLatitudeAndOfLongitudeOnTheEquator() {
        let metresPerDegree = 6_371_008.8 * .pi / 180
        #expect(abs(GeoDistance.metres(from: .init(latitude: 52, longitude: -2), to: .init(latitude: 53, longitude: -2)) - metresPerDegree) < 1e-6)
        #expect(abs(GeoDistance.metres(from: .init(latitude: 0, longitude: 0), to: .init(latitude: 0, longitude: 1)) - metresPerDegree) < 1e-6)
        #expect(GeoDistance.metres(from: .init(latitude: 52.586, longitude: -1.982), to: .init(latitude: 52.586, longitude: -1.982)) == 0)
        // Antipodes: half the circumference (to a metre: asin is ill-conditioned there), no NaN from rounding.
        #expect(abs(GeoDistance.metres(from: .init(latitude: 10, longitude: 20), to: .init(latitude: -10, longitude: -160)) - 6_371_008.8 * .pi) < 1)
    }

    @Test func symmetricAndObeysTheTriangleInequality() async {
        let lat = Gen.double(in: 49...61), long = Gen.double(in: -9...2)
        await propertyCheck(input: lat, long, lat, long) { a1, b1, a2, b2 in
            let a = GeoPosition(latitude: a1, longitude: b1), b = GeoPosition(latitude: a2, longitude: b2)
            let via = GeoPosition(latitude: (a1 + a2) / 2, longitude: b1)
            let ab = GeoDistance.metres(from: a, to: b)
            #expect(abs(ab - GeoDistance.metres(from: b, to: a)) < 1e-6)
            #expect(ab <= GeoDistance.metres(from: a, to: via) + GeoDistance.metres(from: via, to: b) + 1e-6)
            #expect(ab >= 0)
        }
    }

    @Test(arguments: [(350.0, "350 m"), (347, "350 m"), (1200, "1.2 km"), (1249, "1.2 km"), (12_000, "12 km"), (12_400, "12 km"),
                      (0, "less than 10 m"), (4, "less than 10 m"), (5, "10 m"), (994, "990 m"), (995, "1 km"), (1000, "1 km"),
                      (1960, "2 km"), (9_940, "9.9 km"), (9_950, "10 km"), (1_250_000, "1,250 km"), (-3, "less than 10 m")])
    func spokenDistances(metres: Double, spoken: String) {
        #expect(GeoDistance.spoken(metres) == spoken)
    }
}
