@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// The area profile page and census API: what they show, and how many SQL statements a page costs.
@Suite
struct AreaProfilePageTests {
    static let ts029 = "census2021-walsall/census2021-ts029-msoa-walsall-subset.csv"

    /// The demo's census seed (ward and district figures), then the real LSOA lookup and the
    /// LSOA tables TS021 and TS030 (which replace the seed's ward TS021 and TS030) and the MSOA
    /// table TS029 (which replaces the seed's district TS029 and brings the 39 MSOAs).
    static func demoWithRealTables(_ test: TestApp) async throws -> Fixtures {
        let f = try await Fixtures.make(test)
        try await f.loadDemoCensus(test)
        _ = try await AreaImport.importLookup(csv: try FixtureFiles.text(AreaImportTests.lookup), council: f.walsall, on: test.db)
        for file in [CensusImportTests.ts021, CensusImportTests.ts030, ts029] {
            _ = try await CensusImport.importTable(csv: try FixtureFiles.text(file), sourceFile: file, council: f.walsall, now: Date(), on: test.db)
        }
        return f
    }

    /// A test app with the public page cache off and every request's statements counted.
    static func counted(_ body: (TestApp, SQLStatementCounter) async throws -> Void) async throws {
        let counter = SQLStatementCounter()
        try await withTestApp(adjust: { $0.publicPageCacheSeconds = 0 }, prepare: counter.install) { test in
            try await body(test, counter)
        }
    }

    /// Fetches `path` once to warm the council list, then again, and returns the second
    /// request's statements.
    static func statements(for path: String, _ test: TestApp, _ counter: SQLStatementCounter) async throws -> [String] {
        let browser = Browser(test)
        #expect(try await browser.get(path).status == .ok)
        var status: HTTPResponseStatus = .ok
        let statements = try await counter.statements { status = try await browser.get(path).status }
        #expect(status == .ok)
        return statements
    }

    /// The page's text, tags removed and charts left out: a table row reads as its cells in order.
    /// The page's text as a reader sees it: between the tags, entities decoded, HTML's runs of
    /// spaces read as one.
    static func texts(_ html: String) -> [String] {
        html.replacing(/<svg[\s\S]*?<\/svg>/, with: "").split(separator: /<[^>]*>/)
            .map { text in
                String(text).replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
                    .replacing("&#39;", with: "'").replacing("&amp;", with: "&").replacing(/\s+/, with: " ")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            .filter { !$0.isEmpty }
    }

    static func shows(_ texts: [String], _ run: [String]) -> Bool {
        texts.indices.contains { i in texts[i...].starts(with: run) }
    }

    /// The figures the page showed before it was built from one `AreaProfile` (every area page
    /// and census API answer was compared whole, on both databases, when the change was made).
    @Test func theProfilesShowTheSameFiguresAsBefore() async throws {
        try await withTestApp(adjust: { $0.publicPageCacheSeconds = 0 }) { test in
            _ = try await Self.demoWithRealTables(test)
            let browser = Browser(test)
            let pleck = Self.texts(try await browser.get("/areas/E05001314").body)
            for run in [
                ["Usual residents", "16,534 (Census 2021, TS021 ethnic group)", "Locality", "South Walsall", "District", "Walsall Council"],
                ["Residents counted by the Census held on 21 March 2021. Shares are compared with South Walsall and Walsall Council."],
                ["Ethnic diversity index", "0.64: the chance that two residents picked at random belong to different broad ethnic groups. Pleck is the most diverse of 20 wards."],
                ["Ethnic group", "Sum of the LSOA figures inside this area; ONS perturbs each small-area figure slightly.", "Ethnic group: usual residents by category (16,534 in all)",
                 "Category", "Residents", "Share", "Share in South Walsall", "Share in Walsall Council",
                 "Asian, Asian British or Asian Welsh", "7,802", "47.2%", "39.2%", "18.7%"],
                ["White", "5,894", "35.6%", "46.5%", "71.3%", "Other ethnic group", "661", "4.0%", "3.0%", "2.1%"],
                ["Proficiency in English language: usual residents by category (15,747 in all)"],
                ["Main language is English (English or Welsh in Wales)", "11,976", "76.1%", "80.5%", "90.2%"],
                ["Religion: usual residents by category (16,538 in all)"],
                ["Jewish", "2", "0.0%", "0.0%", "0.0%", "Muslim", "6,258", "37.8%", "30.0%", "11.3%"],
                ["ONS publishes some tables only for larger areas: Age and sex, Country of birth. See them on the", "district's profile"],
            ] {
                #expect(Self.shows(pleck, run), "Pleck: \(run)")
            }
            #expect(pleck.filter { ["Ethnic group", "Proficiency in English language", "Religion"].contains($0) }
                == ["Ethnic group", "Proficiency in English language", "Religion"], "one section per table, in table key order")
            #expect(pleck.contains { $0.hasPrefix("Estimated: ONS publishes this table for MSOAs") })

            let south = Self.texts(try await browser.get("/areas/south").body)
            #expect(Self.shows(south, ["Residents counted by the Census held on 21 March 2021. Shares are compared with Walsall Council."]))
            for total in ["Ethnic group: usual residents by category (66,386 in all)", "Proficiency in English language: usual residents by category (63,319 in all)",
                          "Religion: usual residents by category (66,390 in all)"] {
                #expect(south.contains(total), "South Walsall: \(total)")
            }
            let district = Self.texts(try await browser.get("/areas/E08000030").body)
            #expect(!district.contains { $0.contains("Shares are compared") } && !district.contains { $0.hasPrefix("ONS publishes some tables") })
            for total in ["Age and sex: usual residents by category (284,122 in all)", "Country of birth: usual residents by category (284,123 in all)",
                          "Ethnic group: usual residents by category (284,157 in all)", "Proficiency in English language: usual residents by category (273,400 in all)",
                          "Religion: usual residents by category (284,101 in all)"] {
                #expect(district.contains(total), "Walsall: \(total)")
            }
            let lsoa = Self.texts(try await browser.get("/areas/E01010269").body)
            #expect(Self.shows(lsoa, ["Usual residents", "1,639 (Census 2021, TS021 ethnic group)", "Part of", "Pleck", "Locality", "South Walsall"]))
            #expect(Self.shows(lsoa, ["Asian, Asian British or Asian Welsh", "987", "60.2%", "39.2%", "18.7%"]))
            let msoa = Self.texts(try await browser.get("/areas/E02002110").body)
            #expect(Self.shows(msoa, ["Main language is English (English or Welsh in Wales)", "6,649", "97.7%", "90.2%"]))
            #expect(Self.shows(msoa, ["ONS publishes some tables only for larger areas: Age and sex, Country of birth, Ethnic group, Religion. See them on the"]))

            let api = try await browser.get("/api/v1/areas/E05001314/census").json(CensusProfileDTO.self)
            #expect(api.areaCode == "E05001314" && api.censusDate == "2021-03-21" && api.source == CensusQueries.source)
            #expect(api.tables.map(\.key) == ["TS021", "TS029", "TS030"])
            #expect(api.tables.map(\.estimated) == [nil, true, nil], "estimated is left out unless true")
            #expect(api.tables.map(\.publishedLevel) == ["lsoa", "msoa", "lsoa"])
            #expect(api.tables.map(\.total) == [16_534, 15_747, 16_538])
            #expect(api.tables[0].categories.first.map { [$0.name, $0.path, "\($0.count)", "\($0.percentage ?? -1)"] }
                == ["Asian, Asian British or Asian Welsh", "Asian, Asian British or Asian Welsh", "7802", "47.2"])
            #expect(api.diversity.map { [$0.index, Double($0.rank), Double($0.of)] } == [0.639, 1, 20])
        }
    }

    @Test func aWardPageCostsAtMostFiveStatementsWithTheDemoSeed() async throws {
        try await Self.counted { test, counter in
            let f = try await Fixtures.make(test)
            try await f.loadDemoCensus(test)
            let statements = try await Self.statements(for: "/areas/E05001314", test, counter)
            #expect((1...5).contains(statements.count), "\(statements.count) statements:\n\(statements.joined(separator: "\n"))")
        }
    }

    @Test func aWardPageCostsAtMostFiveStatementsWithTheRealLSOAAndMSOATables() async throws {
        try await Self.counted { test, counter in
            _ = try await Self.demoWithRealTables(test)
            let statements = try await Self.statements(for: "/areas/E05001314", test, counter)
            #expect((1...5).contains(statements.count), "\(statements.count) statements:\n\(statements.joined(separator: "\n"))")
            let api = try await Self.statements(for: "/api/v1/areas/E05001314/census", test, counter)
            #expect((1...5).contains(api.count), "\(api.count) statements:\n\(api.joined(separator: "\n"))")
        }
    }

    /// A locality's and the district's pages take as many statements as a ward's, however many
    /// wards they hold.
    @Test func localityAndDistrictPagesDoNotGrowWithTheirWards() async throws {
        try await Self.counted { test, counter in
            let f = try await Self.demoWithRealTables(test)
            let ward = try await Self.statements(for: "/areas/E05001314", test, counter).count
            var counts: [String: Int] = [:]
            for path in ["/areas/south", "/areas/E08000030", "/areas/E01010241", "/areas/E02002110"] {
                counts[path] = try await Self.statements(for: path, test, counter).count
                #expect((1...ward).contains(counts[path]!), "\(path): \(counts[path]!) statements, a ward page \(ward)")
            }
            // Ten more wards in South Walsall, each with an LSOA: the same statements.
            let south = try #require(try await Area.query(on: test.db).filter(\.$code == "south").first())
            for i in 0..<10 {
                let ward = Area(councilID: f.walsall.id!, code: "E0599990\(i)", name: "New ward \(i)", kind: .ward, parentID: south.id)
                try await ward.create(on: test.db)
                try await Area(councilID: f.walsall.id!, code: "E0199990\(i)", name: "New 999\(i)A", kind: .lsoa, parentID: ward.id).create(on: test.db)
            }
            for path in ["/areas/south", "/areas/E08000030"] {
                #expect(try await Self.statements(for: path, test, counter).count == counts[path], "\(path)")
            }
        }
    }
}
