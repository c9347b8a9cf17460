@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// The register's CSV import and export, through HTTP: all or nothing, every problem reported by
/// line and column, ids that must be this council's, and an export that imports back unchanged.
@Suite struct AssetTransferTests {
    static let header = AssetCSV.header.joined(separator: ",")

    /// A CSV row from named cells (the rest blank), in the header's order.
    static func row(_ cells: [String: String]) -> String {
        AssetCSV.header.map { quoted(cells[$0] ?? "") }.joined(separator: ",")
    }

    /// RFC 4180 quoting, always.
    static func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func file(_ rows: [[String: String]]) -> String {
        ([header] + rows.map(row)).joined(separator: "\r\n") + "\r\n"
    }

    static func officer(_ test: TestApp, _ f: Fixtures) async throws -> Browser {
        let browser = Browser(test)
        try await browser.signIn(f.user(.officer).email)
        return browser
    }

    static func importCSV(_ browser: Browser, _ text: String, filename: String = "assets.csv") async throws -> Page {
        try await browser.postMultipart("/assets/import", fields: [:], files: [(field: "csv_file", filename: filename, content: text)])
    }

    static func assets(_ test: TestApp, _ f: Fixtures) async throws -> [Asset] {
        try await Asset.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).sort(\.$name).all()
    }

    static func snapshot(_ test: TestApp, _ f: Fixtures) async throws -> [String] {
        try await assets(test, f).map { "\($0.id!) \($0.auditFields.sorted { $0.key < $1.key })" }
    }

    /// The flash message the register shows after a redirect.
    static func flash(_ browser: Browser, after page: Page) async throws -> String {
        #expect(page.status == .seeOther, "\(page.status): \(page.body.prefix(2_000))")
        return try await browser.get(page.location ?? "/assets").body
    }

    @Test func thePageOffersBothImportsTheTemplateTheGuideAndTheExport() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let page = try await Self.officer(test, f).get("/assets/import")
            #expect(page.status == .ok)
            for text in ["name=\"csv_file\"", "name=\"openreferral_file\"", "enctype=\"multipart/form-data\"", "/assets/template.csv",
                         "/assets/export.csv", "What each column means", "opening_times", "stories_and_culture"] {
                #expect(page.body.contains(text), "the page lacks \(text)")
            }
        }
    }

    @Test func theTemplateIsTheHeaderAndAnExampleRowThatImports() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = try await Self.officer(test, f)
            let template = try await browser.get("/assets/template.csv")
            #expect(template.status == .ok)
            #expect(template.headers.first(name: "Content-Type") == "text/csv; charset=utf-8")
            #expect(template.headers.first(name: "Content-Disposition") == "attachment; filename=\"assets-template.csv\"")
            #expect(template.body.hasPrefix("\u{FEFF}" + Self.header + "\r\n"))
            guard case .success(let rows) = AssetCSV.parse(template.body) else { Issue.record("the template doesn't parse"); return }
            #expect(rows.count == 1)
            let before = try await Self.assets(test, f).count
            let message = try await Self.flash(browser, after: try await Self.importCSV(browser, template.body))
            #expect(message.contains("Imported 1 asset: 1 added, 0 changed"))
            #expect(try await Self.assets(test, f).count == before + 1)
        }
    }

    @Test func aGoodFileAddsAndChangesAssetsInOneGoWithAnAuditEntryEach() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = try await Self.officer(test, f)
            let existing = try await Self.assets(test, f).first { $0.name == "Bloxwich Library (example)" }!
            let text = Self.file([
                ["name": "Caldmore Chess Club", "category": "associations", "taxonomy_term": "cultural-association",
                 "organisation": "caldmore women's network (example)", "postcode": "ws1 4ab", "opening_times": "Thu 18:00-21:00",
                 "languages": "English; Urdu", "accessibility": "step_free_access; hearing_loop", "cost": "free", "status": "published"],
                ["name": "Aldridge Seed Swap", "category": "Economic exchange", "latitude": "52.6060", "longitude": "-1.9170", "ward_code": "E05001301"],
                ["id": existing.id!.uuidString, "name": "Bloxwich Library", "category": "institutions", "taxonomy_term": "library",
                 "postcode": "WS3 2BB", "status": "published", "contact_phone": "+44 1922 650000"],
            ])
            let before = try await AuditEvent.query(on: test.db).count()
            let message = try await Self.flash(browser, after: try await Self.importCSV(browser, text))
            #expect(message.contains("Imported 3 assets: 2 added, 1 changed"))
            let assets = try await Self.assets(test, f)
            let chess = try #require(assets.first { $0.name == "Caldmore Chess Club" })
            #expect(chess.wardCode == "E05001311" && chess.locationSource == "postcode" && chess.postcode == "WS1 4AB")
            #expect(chess.$organisation.id != nil && chess.status == .published && chess.isExample == false)
            #expect(chess.languages == ["English", "Urdu"] && chess.accessibility == [.stepFreeAccess, .hearingLoop])
            #expect(chess.searchText.contains(" chess ") && chess.searchText.contains(" cultural "))
            #expect(chess.$locality.id != nil)
            let seeds = try #require(assets.first { $0.name == "Aldridge Seed Swap" })
            #expect(seeds.category == .economicExchange && seeds.wardCode == "E05001301" && seeds.status == .draft)
            let library = try #require(assets.first { $0.id == existing.id })
            #expect(library.name == "Bloxwich Library" && library.contactPhone == "+44 1922 650000" && library.isExample == false)
            #expect(try await AuditEvent.query(on: test.db).count() == before + 3)
        }
    }

    @Test func oneBadRowChangesNothingAndTheReportNamesItsLineAndColumn() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = try await Self.officer(test, f)
            let before = try await Self.snapshot(test, f)
            let text = Self.file([
                ["name": "Good Group", "category": "associations"],
                ["name": "Bad Postcode Group", "category": "associations", "postcode": "WS1"],
                ["name": "Another Good Group", "category": "associations"],
            ])
            let page = try await Self.importCSV(browser, text, filename: "groups.csv")
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Error: Import and export assets"))
            #expect(page.body.contains("groups.csv has a problem"))
            #expect(page.body.contains("<td class=\"govuk-table__cell\">3</td>"), "line 3, the bad row")
            #expect(page.body.contains("postcode") && page.body.contains("is not a UK postcode"))
            #expect(try await Self.snapshot(test, f) == before)
        }
    }

    @Test func problemsFoundAgainstTheCouncilAreReportedPerLineAndChangeNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = try await Self.officer(test, f)
            // Another council's asset: its id must not reach it, nor say that it exists.
            let foreign = Asset()
            foreign.councilID = try f.otherton.requireID()
            foreign.name = "Otherton Hall"; foreign.description = ""; foreign.category = .physicalSpaces
            foreign.openingTimes = OpeningTimes(); foreign.accessibility = []; foreign.languages = []
            foreign.spaceForAll = false; foreign.status = .published; foreign.isExample = false; foreign.searchText = ""
            try await foreign.create(on: test.db)
            let before = try await Self.snapshot(test, f)
            let text = Self.file([
                ["id": foreign.id!.uuidString, "name": "Hijacked", "category": "physical_spaces"],
                ["id": UUID().uuidString, "name": "Unknown", "category": "physical_spaces"],
                ["name": "No Such Organisation's Group", "category": "associations", "organisation": "Nobody Trust"],
                ["name": "Wrong Type", "category": "associations", "taxonomy_term": "library"],
                ["name": "Unknown Type", "category": "associations", "taxonomy_term": "no-such-type"],
                ["name": "Elsewhere Ward", "category": "associations", "ward_code": "E05000001"],
                ["name": "Unknown Postcode", "category": "associations", "postcode": "WS1 9ZZ"],
            ])
            let page = try await Self.importCSV(browser, text)
            #expect(page.status == .unprocessableEntity)
            for (line, column, problem) in [
                (2, "id", "no asset with this id in Walsall Council"), (3, "id", "no asset with this id in Walsall Council"),
                (4, "organisation", "no organisation called “Nobody Trust” in Walsall Council"),
                (5, "taxonomy_term", "“library” is a type of institutions, not of associations and groups"),
                (6, "taxonomy_term", "“no-such-type” is not a type in Walsall Council&#39;s taxonomy"),
                (7, "ward_code", "E05000001 is not a ward of Walsall Council"),
                (8, "postcode", "WS1 9ZZ is not in Walsall Council&#39;s postcode directory"),
            ] {
                let row = "<td class=\"govuk-table__cell\">\(line)</td><td class=\"govuk-table__cell app-break-words\">\(column)</td><td class=\"govuk-table__cell\">"
                #expect(page.body.contains(row), "line \(line), \(column)")
                #expect(page.body.contains(problem), "\(problem)")
            }
            #expect(!page.body.contains("Otherton Hall"))
            #expect(try await Self.snapshot(test, f) == before)
            #expect(try await Asset.find(foreign.id, on: test.db)?.name == "Otherton Hall")
        }
    }

    @Test func aPointOutsideTheCouncilIsRefused() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            _ = try await BoundaryImport.importBoundaries(geoJSON: try FixtureFiles.data(BoundaryImportTests.wards2022), level: .ward, codeProperty: nil,
                                                          nameProperty: nil, sourceFile: "wards", council: f.walsall, now: Date(), on: test.db)
            test.app.geographyCache.invalidate(try f.walsall.requireID())
            let browser = try await Self.officer(test, f)
            let before = try await Self.snapshot(test, f)
            let text = Self.file([
                ["name": "Inside", "category": "associations", "latitude": "52.5860", "longitude": "-1.9829"],
                ["name": "Westminster", "category": "associations", "latitude": "51.4995", "longitude": "-0.1248"],
            ])
            let page = try await Self.importCSV(browser, text)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("<td class=\"govuk-table__cell\">3</td><td class=\"govuk-table__cell app-break-words\">latitude</td>"))
            #expect(page.body.contains("That point is outside Walsall Council"))
            #expect(try await Self.snapshot(test, f) == before)
            // The point inside is placed in its ward by the boundaries.
            let ok = try await Self.importCSV(browser, Self.file([["name": "Inside", "category": "associations", "latitude": "52.5860", "longitude": "-1.9829"]]))
            #expect(ok.status == .seeOther)
            let inside = try #require(try await Self.assets(test, f).first { $0.name == "Inside" })
            #expect(inside.locationSource == "point" && inside.wardCode != nil)
        }
    }

    @Test func anExportImportsBackUnchanged() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = try await Self.officer(test, f)
            let export = try await browser.get("/assets/export.csv")
            #expect(export.status == .ok)
            #expect(export.headers.first(name: "Content-Type") == "text/csv; charset=utf-8")
            let today = CalendarDate.inLondon(test.app.services.clock.now()).iso
            #expect(export.headers.first(name: "Content-Disposition") == "attachment; filename=\"assets-walsall-council-\(today).csv\"")
            #expect(export.body.hasPrefix("\u{FEFF}id,name,"))
            // Every asset but people's skills, in any status.
            let assets = try await Self.assets(test, f)
            let shared = assets.filter { $0.category != .individuals }
            guard case .success(let rows) = AssetCSV.parse(export.body) else { Issue.record("the export doesn't parse"); return }
            #expect(Set(rows.compactMap(\.id)) == Set(shared.map { $0.id! }))
            #expect(!export.body.contains("Amira K.") && export.body.contains("Old Pleck Youth Club") && export.body.contains("Brownhills Men's Shed"))
            // Importing it changes nothing but the example marks; a second round changes nothing at all.
            let before = try await Self.snapshot(test, f)
            let first = try await Self.flash(browser, after: try await Self.importCSV(browser, export.body))
            #expect(first.contains("Imported \(shared.count) assets: 0 added, \(shared.count) changed"))
            #expect(try await Self.snapshot(test, f) == before)
            let again = try await browser.get("/assets/export.csv")
            #expect(again.body == export.body)
            let second = try await Self.flash(browser, after: try await Self.importCSV(browser, again.body))
            #expect(second.contains("0 added, 0 changed, \(shared.count) already up to date"))
        }
    }

    @Test func formulasAreGuardedInTheExportAndTheGuardIsTakenOffOnImport() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = try await Self.officer(test, f)
            let text = Self.file([
                ["name": "=HYPERLINK(\"http://evil.example\",\"Click\")", "category": "associations", "contact_phone": "+44 1922 650000",
                 "description": "@SUM(1+1)", "cost_details": "-2+3", "communities_served": "+cmd|' /C calc'!A0", "address": "-1 Negative Street"],
            ])
            #expect(try await Self.importCSV(browser, text).status == .seeOther)
            let export = try await browser.get("/assets/export.csv").body
            #expect(export.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\""))
            #expect(export.contains(",'@SUM(1+1),") && export.contains(",'-2+3,") && export.contains(",'+cmd|' /C calc'!A0,"))
            #expect(export.contains(",'-1 Negative Street,"))
            #expect(export.contains(",+44 1922 650000,"), "a phone number stays readable")
            #expect(!export.contains(",'-1.") && !export.contains(",'+44"))
            // The guarded file imports back to the same text.
            let message = try await Self.flash(browser, after: try await Self.importCSV(browser, export))
            #expect(message.contains("0 added"))
            let asset = try #require(try await Self.assets(test, f).first { $0.name.hasPrefix("=HYPERLINK") })
            #expect(asset.description == "@SUM(1+1)" && asset.costDetails == "-2+3" && asset.communitiesServed == "+cmd|' /C calc'!A0")
        }
    }

    @Test func theGuardKeepsNumbersAndPhoneNumbersReadable() {
        for safe in ["+44 1922 650000", "-1.9829", "01922 650000", "Plain text", "", "1+1", "+44 (0)1922-650000"] {
            #expect(FormulaGuard.guarded(safe) == safe, "\(safe)")
        }
        for risky in ["=1+1", "@SUM(A1)", "+cmd", "-cmd", "+1+cmd|' /C calc'!A0", "-2+3", "\tx", "\rx", "+", "-", "+(44) 1922"] {
            #expect(FormulaGuard.guarded(risky) == "'" + risky, "\(risky)")
            #expect(FormulaGuard.unguarded(FormulaGuard.guarded(risky)) == risky)
        }
    }

    @Test func aFileThatIsNotTheRightKindIsExplainedOnTheForm() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = try await Self.officer(test, f)
            let empty = try await browser.postMultipart("/assets/import", fields: [:], files: [])
            #expect(empty.status == .unprocessableEntity && empty.body.contains("Choose a CSV file to import"))
            let wrong = try await Self.importCSV(browser, "name,colour\nx,blue\n")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("there is no column called “colour”") && wrong.body.contains("the “category” column is missing"))
            let individual = try await Self.importCSV(browser, Self.file([["name": "A Person", "category": "individuals"]]))
            #expect(individual.status == .unprocessableEntity && individual.body.contains("recorded one by one with their consent"))
        }
    }

    @Test func manyProblemsAreListedUpToTheLimitWithHowManyMore() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = try await Self.officer(test, f)
            let rows = (1...230).map { ["name": "Group \($0)", "category": "associations", "organisation": "Nobody \($0)"] }
            let page = try await Self.importCSV(browser, Self.file(rows))
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("has 230 problems"))
            #expect(page.body.contains("And 30 more problems"))
            #expect(page.body.components(separatedBy: "no organisation called").count - 1 == 200)
        }
    }
}
