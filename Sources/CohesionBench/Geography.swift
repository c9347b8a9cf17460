import CohesionCore
import Foundation

// Geography benchmarks on the real Walsall boundaries (bench/geography.sh runs this on a release
// build). Prints Markdown rows. Usage: cohesion-bench DATA_FOLDER (the ../shared/data folder).

/// Wall-clock seconds of `body`, best of `runs` (the least disturbed by other work on the machine).
func best(of runs: Int, _ body: () -> Void) -> Double {
    var fastest = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return fastest
}

/// A fixed pseudo-random sequence (SplitMix64) so every run locates the same points.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func runGeography(folder: URL) throws {
    func load(_ path: String) throws -> BoundarySet {
        try BoundarySet.decode(geoJSON: try Data(contentsOf: folder.appendingPathComponent(path)))
    }

    let wards = try load("boundaries/walsall_wards_2016_martinjc.geojson")
    let lsoas = try load("boundaries/walsall_lsoa2021_geographr.geojson")
    guard let box = lsoas.boundingBox else { fatalError("no LSOA boundaries") }

    print("| measure | result |")
    print("|---|---:|")

    var indexes: (BoundaryIndex, BoundaryIndex)?
    let build = best(of: 5) { indexes = (BoundaryIndex(wards), BoundaryIndex(lsoas)) }
    print("| build the ward and LSOA point-in-polygon indexes | \(String(format: "%.1f", build * 1000)) ms |")
    let (wardIndex, lsoaIndex) = indexes!

    var generator = SplitMix64(state: 2021)
    let points = (0..<100_000).map { _ in
        GeoPosition(longitude: Double.random(in: box.minLongitude...box.maxLongitude, using: &generator),
                    latitude: Double.random(in: box.minLatitude...box.maxLatitude, using: &generator))
    }
    var found = 0
    let locate = best(of: 3) {
        found = 0
        for p in points {
            if lsoaIndex.code(containing: p) != nil { found += 1 }
            _ = wardIndex.code(containing: p)
        }
    }
    print("| locate 100,000 random points in the district's box (LSOA and ward each) | \(Int(Double(points.count) / locate).formatted()) points/s (\(String(format: "%.0f", locate * 1000)) ms; \(found.formatted()) inside an LSOA) |")

    func choropleth(_ set: BoundarySet, label: String) {
        var generator = SplitMix64(state: 7)
        let values = Dictionary(uniqueKeysWithValues: set.boundaries.map { ($0.code, Double.random(in: 0...60, using: &generator)) })
        var svg = ""
        let time = best(of: 20) {
            let areas = set.boundaries.map { MapArea(boundary: $0, projection: .britishNationalGrid) }
            var map = ChoroplethMap(title: "bench", areas: areas, values: values, format: .percent)
            map.includesLegend = false
            svg = map.svg()
        }
        print("| render the \(label) choropleth (project to British National Grid, classify, SVG) | \(String(format: "%.2f", time * 1000)) ms (\(set.boundaries.count) areas, \((svg.utf8.count / 1024).formatted()) KiB) |")
    }
    choropleth(wards, label: "ward (detailed 2016 file)")
    choropleth(lsoas, label: "LSOA")
}
