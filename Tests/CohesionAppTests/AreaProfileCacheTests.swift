@testable import CohesionApp
import Fluent
import Foundation
import Testing
import Vapor

/// An area's census profile is read once and kept by the process: later requests for the page
/// or the census API make no census statements, and an upload or a locality's change in this
/// process shows at once.
@Suite struct AreaProfileCacheTests {
    @Test func profilesAreKeptUntilTheCouncilsPlacesChange() async throws {
        let counter = SQLStatementCounter()
        try await withTestApp(adjust: { $0.publicPageCacheSeconds = 0; $0.censusCacheSeconds = 600 }, prepare: counter.install) { test in
            let f = try await AreaProfilePageTests.demoWithRealTables(test)
            let visitor = Browser(test)
            let first = try await visitor.get("/areas/E05001314")
            #expect(first.status == .ok && first.body.contains("Pleck is the most diverse of 20 wards"))
            var page = first
            let statements = try await counter.statements { page = try await visitor.get("/areas/e05001314") }
            #expect(page.status == .ok && page.body.contains("16,534"))
            #expect(statements.isEmpty, "a kept profile needs no statements: \(statements)")
            #expect(try await counter.statements { _ = try await visitor.get("/api/v1/areas/E05001314/census") }.isEmpty)
            // Another council's ward of the same code is its own entry (and here, not an area at all).
            #expect(try await Browser(test, host: "other.test").get("/areas/E05001314").status == .notFound)

            // An officer moves Pleck into North Walsall: the page says so at once.
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let north = try await officer.get("/admin/localities/north")
            let wards = north.body.matches(of: /name="wards" type="checkbox" value="(E\d+)" checked/).map { String($0.output.1) }
            let saved = try await officer.send(.POST, "/admin/localities/north", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                               body: (["name=North+Walsall", "csrf_token=\(Browser.encode(officer.csrfToken ?? ""))"]
                                                      + (wards + ["E05001314"]).map { "wards=\($0)" }).joined(separator: "&"))
            #expect(saved.status == .seeOther)
            page = try await visitor.get("/areas/E05001314")
            #expect(page.body.contains("Shares are compared with North Walsall and Walsall Council."))

            // An upload on the data page replaces TS030: the kept profile is dropped.
            let religion = try FixtureFiles.text(CensusImportTests.ts030)
            #expect(try await officer.postMultipart("/admin/data", fields: ["kind": "census"], files: [("file", "ts030-again.csv", religion)]).status == .seeOther)
            let afterUpload = try await counter.statements { page = try await visitor.get("/areas/E05001314") }
            #expect(!afterUpload.isEmpty, "the upload dropped the kept profile, so the page is read again")
        }
    }
}
