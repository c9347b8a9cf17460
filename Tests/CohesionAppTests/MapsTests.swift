@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing

@Suite
struct MapsTests {
    func loaded(_ test: TestApp, boundaries: Bool) async throws -> Fixtures {
        let f = try await Fixtures.make(test)
        _ = try await AreaImport.importLookup(csv: try FixtureFiles.text(AreaImportTests.lookup), council: f.walsall, on: test.db)
        for file in [CensusImportTests.ts021, CensusImportTests.ts030] {
            _ = try await CensusImport.importTable(csv: try FixtureFiles.text(file), sourceFile: file, council: f.walsall, now: Date(), on: test.db)
        }
        if boundaries {
            for (file, level) in [(BoundaryImportTests.wards2016, AreaKind.ward), (BoundaryImportTests.lsoas, .lsoa)] {
                _ = try await BoundaryImport.importBoundaries(geoJSON: try FixtureFiles.data(file), level: level, codeProperty: nil,
                                                              nameProperty: nil, sourceFile: file, council: f.walsall, now: Date(), on: test.db)
            }
        }
        test.app.geographyCache.invalidate(try f.walsall.requireID())
        test.app.publicPageCache.invalidate()
        return f
    }

    func areaPaths(_ html: String) -> Int { html.components(separatedBy: "class=\"cohesion-map-area\"").count - 1 }

    @Test func wardAndLSOAChoroplethsDrawEveryAreaWithALegendAndTable() async throws {
        try await withTestApp { test in
            _ = try await loaded(test, boundaries: true)
            let browser = Browser(test)
            let wards = try await browser.get("/maps")
            #expect(wards.status == .ok)
            #expect(wards.body.contains("Ethnic diversity index (TS021) by ward, Census 2021"), "the diversity index is the default measure")
            #expect(areaPaths(wards.body) == 20)
            #expect(wards.body.contains("role=\"img\"") && wards.body.contains("Pleck: 0.639"), "each area's title gives its value")
            #expect(wards.body.contains("Office for National Statistics"))
            // Sorted by value, most diverse first, Pleck leads the table.
            let sorted = try await browser.get("/maps?measure=diversity&level=ward&sort=value&order=desc")
            let firstRow = try #require(sorted.body.range(of: "<tbody")).upperBound
            let pleck = try #require(sorted.body.range(of: "Pleck", range: firstRow..<sorted.body.endIndex)).lowerBound
            let pelsall = try #require(sorted.body.range(of: "Pelsall", range: firstRow..<sorted.body.endIndex)).lowerBound
            #expect(pleck < pelsall)
            #expect(sorted.body.contains("aria-sort=\"descending\""))
            // A religion share by LSOA: all 169 LSOAs drawn.
            let muslimPosition = try await CensusTableCategory.query(on: test.db).filter(\.$name == "Muslim").first()?.position
            let lsoa = try await browser.get("/maps?measure=TS030:\(try #require(muslimPosition))&level=lsoa")
            #expect(lsoa.status == .ok)
            #expect(lsoa.body.contains("Religion: Muslim by LSOA, Census 2021"))
            #expect(areaPaths(lsoa.body) == 169)
            #expect(lsoa.body.contains("Walsall 015A"))
            // An unknown measure or level falls back to the defaults rather than failing.
            let odd = try await browser.get("/maps?measure=XX:99&level=county")
            #expect(odd.status == .ok && areaPaths(odd.body) == 20)
        }
    }

    @Test func withoutBoundariesWardsAreAHexMap() async throws {
        try await withTestApp { test in
            _ = try await loaded(test, boundaries: false)
            let page = try await Browser(test).get("/maps")
            #expect(page.status == .ok)
            #expect(page.body.contains("equal hexagon"))
            #expect(areaPaths(page.body) == 20)
            let lsoa = try await Browser(test).get("/maps?level=lsoa")
            #expect(lsoa.body.contains("LSOA boundaries have not been imported") && areaPaths(lsoa.body) == 0)
            #expect(lsoa.body.contains("Walsall 015A"), "the table still lists every LSOA")
        }
    }

    @Test func aCouncilWithNoCensusDataIsToldHowToLoadIt() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let page = try await Browser(test).get("/maps", headers: [("Host", "other.test")])
            #expect(page.status == .ok && page.body.contains("No Census 2021 tables have been imported yet"))
        }
    }
}
