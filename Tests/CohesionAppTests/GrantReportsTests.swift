@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// The grants reports: the demo's decided spring round by locality, ward, kind of group and
/// theme, on the page and as CSV, for the team and elected members only.
@Suite struct GrantReportsTests {
    @Test func theDemosRoundsAreReportedByAreaKindAndTheme() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let viewer = Browser(test)
            _ = try await viewer.signIn(f.users[.viewer]!.email)
            let page = try await viewer.get("/grants/reports")
            #expect(page.status == .ok && page.body.contains("By locality") && page.body.contains("By theme"))
            // North: the football award (£800) of one decided application.
            let csv = try await viewer.get("/grants/reports.csv?table=locality")
            #expect(csv.status == .ok && csv.headers.first(name: "Content-Type")?.hasPrefix("text/csv") == true)
            let rows = try CSVReader.records(in: csv.body).map(\.fields)
            #expect(rows[0].first == "Locality")
            let north = try #require(rows.first { $0.count > 1 && $0[1] == "north" })
            #expect(Array(north[2...6]) == ["1", "1", "1", "100", "800.00"], "\(north)")
            // South: the kitchen (£1,500, decided) and the faith forum (sent, not decided).
            let south = try #require(rows.first { $0.count > 1 && $0[1] == "south" })
            #expect(Array(south[2...6]) == ["2", "1", "1", "100", "1500.00"], "\(south)")
            // West: the quilt, declined; the walks are a draft and don't count.
            let west = try #require(rows.first { $0.count > 1 && $0[1] == "west" })
            #expect(Array(west[2...6]) == ["1", "1", "0", "0", "0.00"], "\(west)")
            let themes = try CSVReader.records(in: try await viewer.get("/grants/reports.csv?table=theme").body).map(\.fields)
            #expect(themes.first { $0.count > 1 && $0[1] == "older" }.map { Array($0[2...4]) } == ["1", "0", "0"])
            #expect(try await viewer.get("/grants/reports.csv?table=nonsense").status == .notFound)
            // Money per 1,000 residents comes with a census table of residents.
            try await f.loadDemoCensus(test)
            let wards = try CSVReader.records(in: try await viewer.get("/grants/reports.csv?table=ward").body).map(\.fields)
            let awarded = wards.dropFirst().filter { $0[6] != "0.00" }
            #expect(!awarded.isEmpty && awarded.allSatisfy { !$0[7].isEmpty && !$0[8].isEmpty })
            // A partner or panel member can't see them.
            let partner = Browser(test)
            _ = try await partner.signIn(f.users[.partner]!.email)
            #expect(try await partner.get("/grants/reports").status == .forbidden)
        }
    }
}
