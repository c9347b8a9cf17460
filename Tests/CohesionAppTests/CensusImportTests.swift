@testable import CohesionApp
import Fluent
import Foundation
import SQLKit
import Testing

@Suite
struct CensusImportTests {
    static let ts021 = "census2021-walsall/census2021-ts021-lsoa-walsall-broad.csv"
    static let ts030 = "census2021-walsall/census2021-ts030-lsoa-walsall.csv"

    func prepared(_ test: TestApp) async throws -> Fixtures {
        let f = try await Fixtures.make(test)
        _ = try await AreaImport.importLookup(csv: try FixtureFiles.text(AreaImportTests.lookup), council: f.walsall, on: test.db)
        return f
    }

    @Test func realTablesAddUpForTheDistrictWardsAndLocalities() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            let ethnic = try await CensusImport.importTable(csv: try FixtureFiles.text(Self.ts021), sourceFile: "ts021.csv", council: f.walsall, now: Date(), on: test.db)
            #expect(ethnic.key == "TS021")
            #expect(ethnic.areas == 169)
            _ = try await CensusImport.importTable(csv: try FixtureFiles.text(Self.ts030), sourceFile: "ts030.csv", council: f.walsall, now: Date(), on: test.db)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let profile = try await AreaProfileQuery.load(code: "E08000030", tenant: tenant)
            let ts021 = try #require(profile.tables.first { $0.key == "TS021" })
            #expect(ts021.total == 284_157)
            let religion = try #require(profile.tables.first { $0.key == "TS030" })
            #expect(religion.categories.first { $0.name == "Christian" }?.count == 126_915)
            #expect(religion.categories.first { $0.name == "Muslim" }?.count == 32_107)
            // Every ward gets a profile, and the wards add up to the district.
            var wardTotal = 0
            for ward in try await tenant.query(Area.self).filter(\.$kind == .ward).all() {
                let p = try await AreaProfileQuery.load(code: ward.code, tenant: tenant)
                let t = try #require(p.tables.first { $0.key == "TS021" }, "no TS021 for \(ward.code)")
                #expect(t.total > 0)
                wardTotal += t.total
            }
            #expect(wardTotal == 284_157)
            let southTotal = try await AreaProfileQuery.load(code: "south", tenant: tenant).tables.first { $0.key == "TS021" }?.total ?? 0
            #expect(southTotal > 0 && southTotal < 284_157)
            // The page and the API show it, with the ONS attribution.
            let page = try await Browser(test).get("/areas/E05001314")
            #expect(page.body.contains("Census 2021"))
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("Office for National Statistics"))
            #expect(page.body.contains("16,534 in all"), "Pleck's TS021 total, with a thousands separator")
            // Pleck is Walsall's most ethnically diverse ward (index 0.639 from the broad groups).
            #expect(page.body.contains("Pleck is the most diverse of 20 wards"))
            let diversity = try #require(try await AreaProfileQuery.load(code: "E05001314", tenant: tenant).diversity)
            #expect(abs(diversity.index - 0.639) < 0.001)
            #expect(diversity.rank == 1 && diversity.of == 20)
            #expect(try await AreaProfileQuery.load(code: "E05001312", tenant: tenant).diversity?.rank == 20, "Pelsall is the least diverse")
            let api = try await Browser(test).get("/api/v1/areas/E05001314/census").json(CensusProfileDTO.self)
            #expect(api.tables.map(\.key) == ["TS021", "TS030"])
            #expect(api.censusDate == "2021-03-21")
        }
    }

    @Test func reimportingReplacesTheTable() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            let csv = try FixtureFiles.text(Self.ts021)
            _ = try await CensusImport.importTable(csv: csv, sourceFile: "a.csv", council: f.walsall, now: Date(), on: test.db)
            let again = try await CensusImport.importTable(csv: csv, sourceFile: "b.csv", council: f.walsall, now: Date(), on: test.db)
            #expect(again.replaced)
            let tables = try await CensusTable.query(on: test.db).count()
            #expect(tables == 1)
            let sql = test.db as! any SQLDatabase
            struct Count: Decodable { let n: Int }
            let values = try await sql.raw("SELECT COUNT(*) AS n FROM census_values").first(decoding: Count.self)
            #expect(values?.n == 169 * 6)
        }
    }

    @Test func malformedOrForeignFilesChangeNothing() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            let csv = try FixtureFiles.text(Self.ts021)
            var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let good = lines[5]
            // A non-number.
            var cells = good.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[cells.count - 1] = "12a"
            lines[5] = cells.joined(separator: ",")
            await #expect { _ = try await CensusImport.importTable(csv: lines.joined(separator: "\n"), sourceFile: "x", council: f.walsall, now: Date(), on: test.db) }
                throws: { String(describing: $0).contains("Line 6") && String(describing: $0).contains("12a") }
            // A code from another council.
            lines[5] = good.replacingOccurrences(of: "E0101", with: "E0109")
            await #expect { _ = try await CensusImport.importTable(csv: lines.joined(separator: "\n"), sourceFile: "x", council: f.walsall, now: Date(), on: test.db) }
                throws: { String(describing: $0).contains("line 6") && String(describing: $0).contains("Nothing was imported") }
            // A missing column.
            let noCode = csv.replacingOccurrences(of: "geography code", with: "geo code")
            await #expect { _ = try await CensusImport.importTable(csv: noCode, sourceFile: "x", council: f.walsall, now: Date(), on: test.db) }
                throws: { String(describing: $0).contains("geography code") }
            let tables = try await CensusTable.query(on: test.db).count()
            #expect(tables == 0)
        }
    }

    @Test func reshapedExtractsImportAndMSOAsComeWithTheirTable() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            let ts029 = try await CensusImport.importTable(csv: try FixtureFiles.text("census2021-walsall/census2021-ts029-msoa-walsall-subset.csv"),
                                                           sourceFile: "ts029.csv", council: f.walsall, now: Date(), on: test.db)
            #expect(ts029.key == "TS029" && ts029.areas == 39 && ts029.level == "msoa")
            #expect(try await Area.query(on: test.db).filter(\.$kind == .msoa).count() == 39, "the MSOAs are created from the LSOA names")
            let cob = try await CensusImport.importTable(csv: try FixtureFiles.text("census2021-walsall/census2021-ts012-ltla-walsall-country-of-birth-detailed-long.csv"),
                                                         sourceFile: "ts012.csv", council: f.walsall, now: Date(), on: test.db)
            #expect(cob.level == "district")
            _ = try await CensusImport.importTable(csv: try FixtureFiles.text("census2021-walsall/age_gender21_ltla21_walsall.csv"),
                                                  sourceFile: "age.csv", council: f.walsall, now: Date(), on: test.db)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let district = try await AreaProfileQuery.load(code: "E08000030", tenant: tenant)
            let english = try #require(district.tables.first { $0.key == "TS029" })
            #expect(english.total == 273_400, "the two top-level groups of the 39 MSOAs")
            #expect(english.categories.first { $0.name.hasPrefix("Main language is not English") }?.count == 26_695)
            #expect(district.tables.contains { $0.key == "Age and sex" && $0.total == 284_122 })
            #expect(!english.estimated, "the district's figures are sums, not estimates")
            // Wards get population-weighted estimates from the MSOAs (TS021 gives the LSOA
            // populations), marked as estimates; together they add up to the district.
            _ = try await CensusImport.importTable(csv: try FixtureFiles.text(Self.ts021), sourceFile: "ts021.csv", council: f.walsall, now: Date(), on: test.db)
            var wardTotal = 0
            for ward in try await tenant.query(Area.self).filter(\.$kind == .ward).all() {
                let estimate = try #require(try await AreaProfileQuery.load(code: ward.code, tenant: tenant).tables.first { $0.key == "TS029" }, "\(ward.name)")
                #expect(estimate.estimated && estimate.total > 0)
                wardTotal += estimate.total
            }
            #expect(abs(wardTotal - 273_400) <= 20, "ward estimates add up to the MSOA total, give or take rounding: \(wardTotal)")
            let pleckPage = try await Browser(test).get("/areas/E05001314")
            #expect(pleckPage.body.contains("Proficiency in English language") && pleckPage.body.contains("Estimated: ONS publishes this table for MSOAs"))
            // An MSOA has its own profile.
            let msoa = try #require(try await Area.query(on: test.db).filter(\.$code == "E02002110").first())
            #expect(msoa.name == "Walsall 001")
            let msoaProfile = try await AreaProfileQuery.load(code: msoa.code, tenant: tenant)
            #expect(msoaProfile.tables.first { $0.key == "TS029" }?.total == 6_803)
            // An MSOA of another district is refused, naming it.
            let foreign = "msoa21_code,msoa_name_2011,Main language is English (English or Welsh in Wales),Main language is not English (English or Welsh in Wales),Proportion who cannot speak English (well)\nE02006899,Birmingham 001,10,2,0.1\n"
            await #expect { _ = try await CensusImport.importTable(csv: foreign, sourceFile: "x.csv", council: f.walsall, now: Date(), on: test.db) } throws: { error in
                String(describing: error).contains("line 2: E02006899")
            }
        }
    }

    @Test func theDemosWardSeedGivesProfilesRanksAndComparisonsWithoutLSOAs() async throws {
        try await withTestApp { test in
            // As in the demo: 20 wards in four localities, but no LSOA lookup.
            let f = try await Fixtures.make(test)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let seed = try String(contentsOf: Self.seedFolder.appendingPathComponent("census2021-ts021-ward-walsall.csv"), encoding: .utf8)
            let summary = try await CensusImport.importTable(csv: seed, sourceFile: "seed.csv", council: f.walsall, now: Date(), on: test.db)
            #expect(summary.level == "ward" && summary.areas == 20)
            let pleck = try await AreaProfileQuery.load(code: "E05001314", tenant: tenant)
            #expect(pleck.tables.first?.total == 16_534)
            #expect(pleck.diversity?.rank == 1 && pleck.diversity?.of == 20)
            #expect(abs((pleck.diversity?.index ?? 0) - 0.639) < 0.001, "the same index as from the LSOAs")
            #expect(try await AreaProfileQuery.load(code: "E08000030", tenant: tenant).tables.first?.total == 284_157)
            let locality = try #require(pleck.ancestors.first)
            #expect(locality.kind == .locality && pleck.comparedWith.map(\.code) == [locality.code, "E08000030"])
            let localityTotal = try #require(try await AreaProfileQuery.load(code: locality.code, tenant: tenant).tables.first).total
            #expect(localityTotal > 16_534 && localityTotal < 284_157)
            let page = try await Browser(test).get("/areas/E05001314")
            #expect(page.body.contains("Share in \(locality.name)") && page.body.contains("Share in Walsall"), "the ward is compared with its locality and district")
        }
    }

    static var seedFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Seed")
    }
}
