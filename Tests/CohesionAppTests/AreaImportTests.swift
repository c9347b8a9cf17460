@testable import CohesionApp
import Fluent
import Foundation
import Testing

@Suite
struct AreaImportTests {
    static let lookup = "census2021-walsall/walsall_lsoa21_to_ward24_lookup.csv"

    @Test func theRealLookupGivesWalsall169LSOAsIn20Wards() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let csv = try FixtureFiles.text(Self.lookup)
            let summary = try await AreaImport.importLookup(csv: csv, council: f.walsall, on: test.db)
            #expect(summary.lsoaCount == 169)
            #expect(summary.wardCount == 20)
            #expect(summary.wardsCreated == 0, "the demo's wards are kept, with their localities")
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let lsoas = try await tenant.query(Area.self).filter(\.$kind == .lsoa).all()
            #expect(lsoas.count == 169)
            let wards = try await tenant.query(Area.self).filter(\.$kind == .ward).all()
            #expect(wards.count == 20)
            let wardIDs = Set(wards.compactMap(\.id))
            #expect(lsoas.allSatisfy { wardIDs.contains($0.$parent.id ?? UUID()) })
            let aldridge = try #require(wards.first { $0.code == "E05001301" })
            #expect(lsoas.filter { $0.$parent.id == aldridge.id }.count == 9)
            #expect(aldridge.$parent.id != nil)
            // Rerunning changes nothing.
            let again = try await AreaImport.importLookup(csv: csv, council: f.walsall, on: test.db)
            #expect(again.lsoasCreated == 0 && again.lsoasUpdated == 0 && again.wardsRenamed == 0)
            // The ward page now lists its neighbourhoods.
            let page = try await Browser(test).get("/areas/E05001301")
            #expect(page.body.contains("Neighbourhoods (LSOAs) in this ward"))
            #expect(page.body.contains("Walsall 015A"))
        }
    }

    @Test func aBadOrForeignFileChangesNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let csv = try FixtureFiles.text(Self.lookup)
            var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[37] = lines[37].replacingOccurrences(of: "E08000030", with: "E08000031")
            await #expect {
                _ = try await AreaImport.importLookup(csv: lines.joined(separator: "\n"), council: f.walsall, on: test.db)
            } throws: { error in
                String(describing: error).contains("Line 38") && String(describing: error).contains("E08000031")
            }
            var broken = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            broken[10] = "E0101X,Walsall 999Z,E05001301,Aldridge Central and South,E08000030,Walsall"
            await #expect {
                _ = try await AreaImport.importLookup(csv: broken.joined(separator: "\n"), council: f.walsall, on: test.db)
            } throws: { error in
                String(describing: error).contains("Line 11")
            }
            let lsoas = try await Area.query(on: test.db).filter(\.$kind == .lsoa).count()
            #expect(lsoas == 0)
        }
    }

    @Test func theImportCommandCreatesWardsOnAFreshCouncil() async throws {
        try await withTestApp { test in
            _ = try await runCommand(test, ["create-admin", "--email", "a@example.org", "--name", "A", "--council", "Walsall Council",
                                            "--district", "E08000030"], input: ["a long admin password"])
            let path = FixtureFiles.url(Self.lookup).path
            let output = try await runCommand(test, ["import", "lookup", "--file", path])
            #expect(output.contains("Imported 20 wards and 169 LSOAs"))
            let wards = try await Area.query(on: test.db).filter(\.$kind == .ward).count()
            #expect(wards == 20)
            let census = FixtureFiles.url("census2021-walsall/census2021-ts030-lsoa-walsall.csv").path
            let imported = try await runCommand(test, ["import", "census", "--file", census])
            #expect(imported.contains("Imported TS030 (Religion): 10 categories for 169 lsoas"))
            let replaced = try await runCommand(test, ["import", "census", "--file", census])
            #expect(replaced.contains("Replaced TS030"))
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["import", "census", "--file", path]) }
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["import", "lookup", "--file", "/nonexistent.csv"]) }
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["import", "lookup"]) }
        }
    }
}
