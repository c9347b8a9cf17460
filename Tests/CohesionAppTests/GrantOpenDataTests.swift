@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// `/grants/360giving.json` and `.csv`: the demo's standing awards (and only those) in the
/// standard's shapes, identified as the standard says; nothing from another council. The
/// package is validated against the standard's schema by Tests/e2e/threesixtygiving_check.py
/// in the e2e run; here its content is checked against the register.
@Suite struct GrantOpenDataTests {
    typealias JSON = [String: Any]

    @Test func theDemosAwardsArePublishedWithTheirRecipientsAndWards() async throws {
        try await withTestApp(adjust: { $0.threeSixtyGivingPrefix = "360G-walsallcouncil"; $0.funderOrgID = "GB-LAE-WLL" }) { test in
            let f = try await Fixtures.make(test)
            let page = try await Browser(test).get("/grants/360giving.json")
            #expect(page.status == .ok && page.headers.first(name: "Access-Control-Allow-Origin") == "*")
            let package = try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? JSON)
            #expect(package["version"] as? String == "1.4")
            let grants = try #require(package["grants"] as? [JSON])
            // The spring round's award being reported on and the closed one; not the declined, the draft or those in progress.
            #expect(grants.compactMap { $0["title"] as? String }.sorted() == ["Cook and share", "Kick-off together"])
            let football = try #require(grants.first { $0["title"] as? String == "Kick-off together" })
            #expect((football["id"] as? String)?.hasPrefix("360G-walsallcouncil-CMG-") == true)
            #expect(football["amountAwarded"] as? Double == 800 && football["amountAppliedFor"] as? Double == 1200 && football["currency"] as? String == "GBP")
            let recipient = try #require((football["recipientOrganization"] as? [JSON])?.first)
            #expect(recipient["id"] as? String == "GB-CHC-1123456" && recipient["charityNumber"] as? String == "1123456")
            #expect((football["fundingOrganization"] as? [JSON])?.first?["id"] as? String == "GB-LAE-WLL")
            // For the North locality: each of its wards, by GSS code, as wards.
            let locations = try #require(football["beneficiaryLocation"] as? [JSON])
            let north: UUID? = try f.northLocality.requireID()
            let northWards = try await Area.query(on: test.db).filter(\.$parent.$id == north).all().map(\.code)
            #expect(!northWards.isEmpty && Set(locations.compactMap { $0["geoCode"] as? String }) == Set(northWards))
            #expect(locations.allSatisfy { $0["geoCodeType"] as? String == "WD" && $0["countryCode"] as? String == "GB" })
            let kitchen = try #require(grants.first { $0["title"] as? String == "Cook and share" })
            let unregistered = try #require((kitchen["recipientOrganization"] as? [JSON])?.first?["id"] as? String)
            #expect(unregistered.hasPrefix("360G-walsallcouncil-ORG-"))

            let csv = try await Browser(test).get("/grants/360giving.csv")
            #expect(csv.status == .ok && csv.headers.first(name: "Content-Type")?.hasPrefix("text/csv") == true)
            let rows = try CSVReader.records(in: csv.body)
            let standard = try CSVReader.records(in: FixtureFiles.text("360giving/grants-sheet-header.csv")).first!.fields
            // Several locations are numbered as 360Giving's flattening numbers a list ("Beneficiary Location:0:Name").
            let titles = rows[0].fields.map { $0.replacing(/:[0-9]+:/, with: ":") }
            #expect(Set(titles).isSubset(of: Set(standard)), "\(Set(titles).subtracting(standard))")
            #expect(rows.count == 3)
            // Another council has awarded nothing: no package (the standard needs a grant), an empty sheet.
            #expect(try await Browser(test, host: "other.test").get("/grants/360giving.json").status == .notFound)
        }
    }
}
