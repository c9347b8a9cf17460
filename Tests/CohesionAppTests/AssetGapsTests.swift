@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import SQLKit
import Testing

/// The gaps page (assets per 1,000 residents), "who could host this?" and the review reminders
/// command, through HTTP and the command line, on both databases.
@Suite struct AssetGapsTests {
    // MARK: Helpers

    /// Removes the demo's assets so that counts can be worked out by hand.
    static func clearAssets(_ test: TestApp, _ f: Fixtures) async throws {
        try await Asset.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).delete()
    }

    @discardableResult
    static func addAsset(_ test: TestApp, _ f: Fixtures, _ name: String, _ category: AssetCategory, ward: String?,
                         status: AssetStatus = .published) async throws -> Asset {
        let tenant = TenantScope(council: f.walsall, database: test.db)
        let asset = tenant.adopt(Asset())
        asset.name = name
        asset.description = "A test asset"
        asset.category = category
        asset.wardCode = ward
        if let ward { asset.$locality.id = try await tenant.query(Area.self).filter(\.$code == ward).first()?.$parent.id }
        asset.openingTimes = OpeningTimes()
        asset.accessibility = []
        asset.languages = []
        asset.spaceForAll = false
        asset.status = status
        asset.isExample = false
        asset.refreshSearchText(termName: nil)
        try await asset.create(on: test.db)
        return asset
    }

    /// Pleck has 10 published associations and Palfrey 2; a draft, an archived one, a published
    /// individual and one with no ward don't count in any ward.
    static func handCountedAssets(_ test: TestApp, _ f: Fixtures) async throws {
        try await clearAssets(test, f)
        for i in 1...10 { try await addAsset(test, f, "Pleck group \(i)", .associations, ward: "E05001314") }
        for i in 1...2 { try await addAsset(test, f, "Palfrey group \(i)", .associations, ward: "E05001311") }
        try await addAsset(test, f, "Pleck draft group", .associations, ward: "E05001314", status: .draft)
        try await addAsset(test, f, "Pleck closed group", .associations, ward: "E05001314", status: .archived)
        try await addAsset(test, f, "Pleck person", .individuals, ward: "E05001314")
        try await addAsset(test, f, "Somewhere hall", .physicalSpaces, ward: nil)
    }

    /// The table row of a ward (or total), from its row header to the row's end.
    static func row(_ body: String, _ header: String) -> String? {
        guard let start = body.range(of: "<th scope=\"row\" class=\"govuk-table__header\">\(header)</th>") else { return nil }
        guard let end = body.range(of: "</tr>", range: start.upperBound..<body.endIndex) else { return nil }
        return String(body[start.lowerBound..<end.lowerBound])
    }

    static func signedIn(_ test: TestApp, _ f: Fixtures, _ role: Role) async throws -> Browser {
        let browser = Browser(test)
        try await browser.signIn(f.user(role).email)
        return browser
    }

    // MARK: Gaps

    /// Pleck: 10 ÷ 16,534 × 1,000 = 0.605; Palfrey: 2 ÷ 16,692 × 1,000 = 0.120; South Walsall:
    /// 12 ÷ 66,386 × 1,000 = 0.181; all 20 wards: 12 ÷ 284,157 × 1,000 = 0.042, half of which
    /// (0.021) St Matthew's and Darlaston South, with none, fall below.
    @Test func ratesPerThousandResidentsMatchHandWorkedNumbers() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            try await f.loadDemoCensus(test)
            try await Self.handCountedAssets(test, f)
            let figures = try await AssetGaps.load(TenantScope(council: f.walsall, database: test.db))
            #expect(figures.source?.key == "TS021" && figures.source?.level == .ward, "TS021 before TS030, as published for wards")
            #expect(figures.population["E05001314"] == 16_534 && figures.population["E05001311"] == 16_692)
            let pleck = figures.provision(ward: "E05001314", .category(.associations))
            #expect(pleck.count == 10 && abs((pleck.rate ?? 0) - 0.604814) < 0.000001)
            let palfrey = figures.provision(ward: "E05001311", .category(.associations))
            #expect(palfrey.count == 2 && abs((palfrey.rate ?? 0) - 0.119818) < 0.000001)
            #expect(figures.provision(ward: "E05001314", .all).count == 10, "drafts, archived assets and people don't count")
            #expect(figures.withoutWard == 1)

            let page = try await Self.signedIn(test, f, .officer).get("/assets/gaps?locality=south&category=associations")
            #expect(page.status == .ok)
            let pleckRow = try #require(Self.row(page.body, "Pleck"))
            #expect(pleckRow.contains("16,534") && pleckRow.contains("0.60<span class=\"app-secondary-text\"> (10)</span>"))
            #expect(!pleckRow.contains(">Thin<"))
            let palfreyRow = try #require(Self.row(page.body, "Palfrey"))
            #expect(palfreyRow.contains("16,692") && palfreyRow.contains("0.12<span class=\"app-secondary-text\"> (2)</span>"))
            let total = try #require(Self.row(page.body, "South Walsall (all its wards)"))
            #expect(total.contains("66,386") && total.contains("0.18<span class=\"app-secondary-text\"> (12)</span>"))
            let council = try #require(Self.row(page.body, "All wards in \(f.walsall.name)"))
            #expect(council.contains("284,157") && council.contains("0.04<span class=\"app-secondary-text\"> (12)</span>"))
            let darlaston = try #require(Self.row(page.body, "Darlaston South"))
            #expect(darlaston.contains(">Thin<"), "none, against 0.042 across the council")
            #expect(page.body.contains("Thin provision of associations and groups in South Walsall, lowest first"))
            #expect(page.body.contains("Census 2021 table TS021 (Ethnic group), as published for wards"))
            #expect(page.body.contains("Office for National Statistics licensed under the Open Government Licence"))
            #expect(page.body.contains("1 published asset with no ward"))
            #expect(page.body.contains("class=\"app-map\"") && page.body.contains("Associations and groups per 1,000 residents, South Walsall"))
            #expect(page.body.contains("Pleck: 0.6"), "the map's ward gives its rate")
        }
    }

    @Test func wardPopulationsAddUpFromLSOAsWhenOnlyLSOATablesAreImported() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            _ = try await AreaImport.importLookup(csv: try FixtureFiles.text(AreaImportTests.lookup), council: f.walsall, on: test.db)
            for file in [CensusImportTests.ts030, CensusImportTests.ts021] {
                _ = try await CensusImport.importTable(csv: try FixtureFiles.text(file), sourceFile: file, council: f.walsall, now: Date(), on: test.db)
            }
            let figures = try await AssetGaps.load(TenantScope(council: f.walsall, database: test.db))
            #expect(figures.source?.key == "TS021" && figures.source?.level == .lsoa)
            #expect(figures.population["E05001314"] == 16_534, "Pleck's 10 LSOAs add up to the ward figure the demo seed publishes")
            #expect(figures.population.count == 20 && figures.population.values.reduce(0, +) == 284_157)
            let page = try await Self.signedIn(test, f, .viewer).get("/assets/gaps?locality=south")
            #expect(page.status == .ok && page.body.contains("added up from the LSOAs in each ward"))
        }
    }

    @Test func aWardWithoutPopulationShowsNoDataNotADivisionByZero() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            try await f.loadDemoCensus(test)
            try await Self.handCountedAssets(test, f)
            let sql = try #require(test.db as? any SQLDatabase)
            try await sql.delete(from: "census_values").where("area_code", .equal, "E05001314").run()
            let page = try await Self.signedIn(test, f, .officer).get("/assets/gaps?locality=south&category=associations")
            #expect(page.status == .ok)
            let pleck = try #require(Self.row(page.body, "Pleck"))
            #expect(pleck.contains("No data<span class=\"app-secondary-text\"> (10)</span>"), "the count is still shown")
            #expect(!pleck.contains(">Thin<") && !pleck.contains("inf") && !pleck.contains("nan"))
            // The locality's rate counts only its wards with a figure: 2 ÷ 49,852 × 1,000 = 0.04.
            let total = try #require(Self.row(page.body, "South Walsall (all its wards)"))
            #expect(total.contains("49,852") && total.contains("0.04<span class=\"app-secondary-text\"> (12)</span>"))
            #expect(page.body.contains("Pleck: No data"), "the map hatches the ward")
        }
    }

    @Test func withoutCensusFiguresTheCountsShowWithANotice() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let viewer = try await Self.signedIn(test, f, .viewer)
            let page = try await viewer.get("/assets/gaps")
            #expect(page.status == .ok)
            #expect(page.body.contains("No Census 2021 population figures for wards have been imported"))
            #expect(page.body.contains("Number of assets in East Walsall"), "the first locality by name")
            #expect(!page.body.contains("per 1,000 residents on the map") && !page.body.contains("class=\"app-map\""))
            // Aldridge Central and South has 4 published example assets, none of them a person.
            let aldridge = try #require(Self.row(page.body, "Aldridge Central and South"))
            #expect(aldridge.contains("No data") && aldridge.hasSuffix(">4</td>"))
            // A lead sees their own locality first; a panel member can't see the page.
            let lead = try await Self.signedIn(test, f, .localityLead).get("/assets/gaps")
            #expect(lead.body.contains("Number of assets in North Walsall"))
            #expect(try await Self.signedIn(test, f, .panel).get("/assets/gaps").status == .forbidden)
            let bad = try await viewer.get("/assets/gaps?locality=atlantis&category=individuals")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("Select a locality from the list") && bad.body.contains("Select a kind of asset from the list"))
            #expect(bad.body.contains("govuk-error-summary") && bad.body.contains("<title>Error: "))
        }
    }

    // MARK: Who could host this?

    /// The names of the results, in the order shown.
    static func hostNames(_ body: String) -> [String] {
        body.matches(of: /<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="\/assets\/[^"]+">([^<]+)<\/a>/)
            .map { String($0.output.1).replacingOccurrences(of: " (example)", with: "") }
    }

    @Test func hostsFilterByCapacityAccessibilityAreaAndOpeningHours() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.signedIn(test, f, .officer)
            func names(_ query: String) async throws -> [String] {
                let page = try await officer.get("/assets/hosts?" + query)
                #expect(page.status == .ok, "\(query)")
                return Self.hostNames(page.body)
            }
            // Smallest first among those that hold 200 or more.
            #expect(try await names("capacity=200") == ["Birchills Gurdwara Community Kitchen", "Pleck Mosque Community Centre", "Darlaston Town Hall"])
            // Every ticked feature must be there: a hearing loop and parking.
            #expect(try await names("access=hearing_loop&access=parking") == ["Caldmore Community Hub", "Blakenall Community Centre"])
            // Blakenall Community Centre: Mon-Fri 09:00-21:00, Sat 09:00-13:00.
            #expect(try await names("ward=E05001305&day=tuesday&from=18:00&to=21:00") == ["Blakenall Community Centre"])
            #expect(try await names("ward=E05001305&day=tuesday&from=20:00&to=22:00").isEmpty, "it closes at 21:00")
            #expect(try await names("ward=E05001305&day=saturday&from=12:00&to=14:00").isEmpty, "it closes at 13:00 on Saturdays")
            #expect(try await names("ward=E05001305&day=sunday").isEmpty)
            // A ward: the archived youth club and the cricket club (no capacity) aren't hosts.
            #expect(try await names("ward=E05001314") == ["Pleck Mosque Community Centre"])
            // A locality, with spaces of no recorded capacity last; drafts are marked.
            let hall = try #require(try await Asset.query(on: test.db).filter(\.$name == "Pelsall Methodist Church Hall (example)").first())
            hall.status = .draft
            try await hall.update(on: test.db)
            let pelsall = try await officer.get("/assets/hosts?ward=E05001312")
            #expect(Self.hostNames(pelsall.body) == ["Pelsall Methodist Church Hall", "Pelsall Common"])
            #expect(pelsall.body.contains("Pelsall Methodist Church Hall (example)</a> <strong class=\"govuk-tag govuk-tag--grey\">Draft</strong>"))
            #expect(pelsall.body.contains("capacity not recorded"))
            let north = try await names("locality=north&capacity=100")
            #expect(north == ["Blakenall Community Centre", "Leamore Primary School", "Birchills Gurdwara Community Kitchen"])
            // Each result links to its page in the register.
            #expect(pelsall.body.contains("href=\"/assets/\(try hall.requireID())\""))
            // The permission: the register's.
            #expect(try await Self.signedIn(test, f, .partner).get("/assets/hosts").status == .ok)
            #expect(try await Self.signedIn(test, f, .viewer).get("/assets/hosts").status == .forbidden)
        }
    }

    @Test func hostsExplainBadInputAndKeepIt() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.signedIn(test, f, .officer)
            func problems(_ query: String) async throws -> Page {
                let page = try await officer.get("/assets/hosts?" + query)
                #expect(page.status == .badRequest, "\(query)")
                #expect(page.body.contains("There is a problem") && page.body.contains("<title>Error: "))
                return page
            }
            let words = try await problems("capacity=lots")
            #expect(words.body.contains("Enter the number of people as a whole number, like 30"))
            #expect(words.body.contains("href=\"#capacity\"") && words.body.contains("value=\"lots\""))
            #expect(try await problems("capacity=0").body.contains("The number of people must be between 1 and 100,000"))
            let late = try await problems("day=monday&from=25:00&to=26:00")
            #expect(late.body.contains("Enter the start time as hours and minutes on the 24-hour clock, like 09:30"))
            #expect(late.body.contains("Enter the end time as hours and minutes on the 24-hour clock, like 17:00"))
            #expect(late.body.contains("value=\"25:00\""), "what was typed is kept")
            let backwards = try await problems("day=monday&from=18:00&to=17:00")
            #expect(backwards.body.contains("The end time must be after the start time") && backwards.body.contains("href=\"#to\""))
            #expect(try await problems("from=10:00&to=12:00").body.contains("Select the day you need the space on"))
            #expect(try await problems("day=monday&from=10:00").body.contains("Enter an end time, or leave both times empty"))
            #expect(try await problems("day=someday").body.contains("Select a day from the list"))
            #expect(try await problems("ward=E09999999").body.contains("Select a ward from the list"))
            #expect(try await problems("access=jetpack").body.contains("Select accessibility features from the list"))
            // A hand-edited page number shows the first page: there is no field to name in an error.
            let pageZero = try await officer.get("/assets/hosts?page=0")
            #expect(pageZero.status == .ok && !pageZero.body.contains("govuk-error-summary"))
            #expect(try await officer.get("/assets/hosts?page=99").status == .ok, "a page past the last is empty, not an error")
        }
    }

    // MARK: Review reminders

    static func setReview(_ test: TestApp, _ name: String, _ date: CalendarDate) async throws {
        let asset = try #require(try await Asset.query(on: test.db).filter(\.$name == name + " (example)").first())
        asset.nextReview = date.iso
        try await asset.update(on: test.db)
    }

    @Test func remindSendsOneMailPerOwnerOnceForEachReviewDate() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let today = CalendarDate.inLondon(test.clock.now())
            for asset in try await Asset.query(on: test.db).all() {
                asset.nextReview = today.adding(days: 100).iso
                asset.remindedFor = nil
                try await asset.update(on: test.db)
            }
            let overdue = today.adding(days: -10)
            // The partner's organisation runs two; Pelsall (North) has a lead; Palfrey (South)
            // has none, so its officers are told; an archived asset needs no review.
            for name in ["Blakenall Community Centre", "Blakenall Food Pantry", "Pelsall Methodist Church Hall", "Palfrey Park", "Old Pleck Youth Club"] {
                try await Self.setReview(test, name, overdue)
            }
            let output = try await runCommand(test, ["assets", "remind"])
            #expect(output.contains("Sent 4 reminders about 4 assets"), "\(output)")
            let messages = await test.mailer.messages
            #expect(messages.map(\.to).sorted() == ["lead.north@example.org", "officer@example.org", "partner@example.org", "spare@example.org"])
            let partner = try #require(messages.first { $0.to == "partner@example.org" })
            #expect(partner.body.contains("Blakenall Community Centre (example): review was due \(overdue.spoken)"))
            #expect(partner.body.contains("Blakenall Food Pantry (example)") && !partner.body.contains("Palfrey"))
            #expect(partner.body.contains("http://walsall.test/assets/reviews"), "the council's own address, as the deployment serves two")
            #expect(partner.subject == "2 assets to review in \(f.walsall.name) Cohesion")
            #expect(messages.first { $0.to == "lead.north@example.org" }?.body.contains("Pelsall Methodist Church Hall (example)") == true)
            #expect(messages.first { $0.to == "officer@example.org" }?.body.contains("Palfrey Park (example)") == true)
            #expect(!messages.contains { $0.body.contains("Old Pleck Youth Club") })
            let reminded = try await Asset.query(on: test.db).filter(\.$remindedFor != nil).all()
            #expect(reminded.count == 4 && reminded.allSatisfy { $0.remindedFor == overdue.iso })
            let audit = try await AuditEvent.query(on: test.db).filter(\.$recordType == "asset").all()
            #expect(audit.contains { $0.summary == "Review reminder sent to 4 people about 4 assets" && $0.userID == nil })

            // A rerun sends nothing new.
            let again = try await runCommand(test, ["assets", "remind", "--council", "walsall.test"])
            #expect(again.contains("Sent 0 reminders about 0 assets"))
            #expect(await test.mailer.messages.count == 4)

            // A later review date that falls due again is reminded about again.
            try await Self.setReview(test, "Palfrey Park", today.adding(days: -1))
            let later = try await runCommand(test, ["assets", "remind", "--council", try f.walsall.requireID().uuidString])
            #expect(later.contains("Sent 2 reminders about 1 asset"), "\(later)")
            #expect(await test.mailer.messages.count == 6)
        }
    }

    @Test func remindRefusesAnUnknownCouncilOrTask() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["assets", "remind", "--council", "nowhere.test"]) }
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["assets", "tidy"]) }
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["assets"]) }
            #expect(await test.mailer.messages.isEmpty)
            #expect(try await Asset.query(on: test.db).filter(\.$remindedFor != nil).count() == 0)
        }
    }
}
