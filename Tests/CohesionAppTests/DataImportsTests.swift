@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing

@Suite
struct DataImportsTests {
    @Test func anOfficerLoadsTheONSFilesFromTheBrowser() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn("officer@example.org")
            let empty = try await officer.get("/admin/data")
            #expect(empty.status == .ok && empty.body.contains("No Census tables yet") && empty.body.contains("enctype=\"multipart/form-data\""))

            let steps: [(kind: String, file: String, says: String)] = [
                ("lookup", AreaImportTests.lookup, "Imported 20 wards and 169 LSOAs"),
                ("census", CensusImportTests.ts021, "Imported TS021 (Ethnic group) for 169 LSOAs"),
                ("census", "census2021-walsall/census2021-ts029-msoa-walsall-subset.csv", "Imported TS029"),
                ("boundaries-ward", BoundaryImportTests.wards2022, "Imported 20 ward boundaries"),
                ("boundaries-lsoa", BoundaryImportTests.lsoas, "Imported 169 LSOA boundaries"),
            ]
            for step in steps {
                let answer = try await officer.postMultipart("/admin/data", fields: ["kind": step.kind],
                                                             files: [("file", (step.file as NSString).lastPathComponent, try FixtureFiles.text(step.file))])
                #expect(answer.status == .seeOther, "\(step.kind): \(answer.body.prefix(300))")
                let page = try await officer.get("/admin/data")
                #expect(page.body.contains(step.says), "\(step.kind)")
            }
            let loaded = try await officer.get("/admin/data")
            #expect(loaded.body.contains("169 LSOAs (169 with boundaries)") && loaded.body.contains("39 MSOAs"))
            // The upload is audited under the officer's name.
            let audit = try await AuditEvent.query(on: test.db).filter(\.$recordType == "census_table").first()
            #expect(audit?.actor == "Olu Officer")
            #expect(try await AuditEvent.query(on: test.db).filter(\.$recordType == "area_boundaries").filter(\.$actor != "System").count() == 2)
            // The map now uses the uploaded boundaries straight away.
            let map = try await Browser(test).get("/maps?level=lsoa")
            #expect(map.body.components(separatedBy: "class=\"cohesion-map-area\"").count - 1 == 169)
        }
    }

    @Test func aRefusedFileIsExplainedOnTheFormAndChangesNothing() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn("officer@example.org")
            let nothing = try await officer.postMultipart("/admin/data", fields: [:], files: [])
            #expect(nothing.status == .unprocessableEntity)
            #expect(nothing.body.contains("There is a problem") && nothing.body.contains("Select the kind of file") && nothing.body.contains("Choose a file to import"))
            // A non-number on line 3: the line, column and reason are on the form, the kind is kept, nothing is stored.
            let lines = try FixtureFiles.text(CensusImportTests.ts021).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            _ = try await officer.postMultipart("/admin/data", fields: ["kind": "lookup"], files: [("file", "lookup.csv", try FixtureFiles.text(AreaImportTests.lookup))])
            var broken = lines
            var cells = broken[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[4] = "lots"
            broken[2] = cells.joined(separator: ",")
            let answer = try await officer.postMultipart("/admin/data", fields: ["kind": "census"], files: [("file", "ts021.csv", broken.joined(separator: "\n"))])
            #expect(answer.status == .unprocessableEntity)
            #expect(answer.body.contains("ts021.csv: Line 3, column 5") && answer.body.contains("lots"), "\(answer.body)")
            #expect(answer.body.contains("value=\"census\" aria-describedby=\"kind-1-hint\" checked"), "the kind chosen is kept")
            #expect(try await CensusTable.query(on: test.db).count() == 0)
            // A partner may not load data.
            let partner = Browser(test)
            try await partner.signIn("partner@example.org")
            #expect(try await partner.get("/admin/data").status == .forbidden)
        }
    }

    /// Uploads are streamed to a temporary file: one over the limit is refused with a clear
    /// message once the limit is passed, a form without its token is refused before anything is
    /// imported, and no temporary file is left behind either way.
    @Test func uploadsAreStreamedCheckedAndCleanedUp() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uploads-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withTestApp(adjust: { $0.uploadLimitMegabytes = 2 }, prepare: { $0.temporaryUploadFolder = folder }) { test in
            _ = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn("officer@example.org")

            let huge = String(repeating: "x", count: 2 * 1_048_576 + 1024)
            let tooBig = try await officer.postMultipart("/admin/data", fields: ["kind": "lookup"], files: [("file", "huge.csv", huge)])
            #expect(tooBig.status == .payloadTooLarge)
            #expect(tooBig.body.contains("The file is larger than 2 MB"))
            #expect(try await Area.query(on: test.db).filter(\.$kind == .lsoa).count() == 0)

            // The same upload without the form's token: refused, nothing imported.
            officer.omitCSRFField = true
            let forged = try await officer.postMultipart("/admin/data", fields: ["kind": "lookup"],
                                                         files: [("file", "lookup.csv", try FixtureFiles.text(AreaImportTests.lookup))])
            officer.omitCSRFField = false
            #expect(forged.status == .forbidden)
            #expect(try await Area.query(on: test.db).filter(\.$kind == .lsoa).count() == 0)

            // A form field that is not multipart is a clear 400, not a crash.
            let wrongType = try await officer.post("/admin/data", form: ["kind": "lookup"])
            #expect(wrongType.status == .badRequest)

            let ok = try await officer.postMultipart("/admin/data", fields: ["kind": "lookup"],
                                                     files: [("file", "lookup.csv", try FixtureFiles.text(AreaImportTests.lookup))])
            #expect(ok.status == .seeOther)
            #expect(try await Area.query(on: test.db).filter(\.$kind == .lsoa).count() == 169)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "temporary upload files were left behind")
        }
    }
}
