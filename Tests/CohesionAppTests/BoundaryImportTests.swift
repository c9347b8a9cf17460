@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing

@Suite
struct BoundaryImportTests {
    static let wards2016 = "boundaries/walsall_wards_2016_martinjc.geojson"
    static let wards2022 = "boundaries/walsall_wards_2022_geographr.geojson"
    static let lsoas = "boundaries/walsall_lsoa2021_geographr.geojson"
    static let postcodes = "postcodes/walsall-postcodes-nspl-layout.csv"

    func prepared(_ test: TestApp) async throws -> Fixtures {
        let f = try await Fixtures.make(test)
        _ = try await AreaImport.importLookup(csv: try FixtureFiles.text(AreaImportTests.lookup), council: f.walsall, on: test.db)
        return f
    }

    func importLevel(_ file: String, _ level: AreaKind, _ f: Fixtures, _ test: TestApp, codeProperty: String? = nil) async throws -> BoundaryImport.Summary {
        let summary = try await BoundaryImport.importBoundaries(geoJSON: try FixtureFiles.data(file), level: level, codeProperty: codeProperty, nameProperty: nil,
                                                                sourceFile: file, council: f.walsall, now: Date(), on: test.db)
        test.app.geographyCache.invalidate(try f.walsall.requireID())
        return summary
    }

    @Test func bothWardFilesAndTheLSOAFileImportAndEveryWardsPointLocatesToIt() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            let detailed = try await importLevel(Self.wards2016, .ward, f, test)
            #expect(detailed.areas == 20 && detailed.codeProperty == "WD13CD" && detailed.replaced == 0)
            let simplified = try await importLevel(Self.wards2022, .ward, f, test)
            #expect(simplified.areas == 20 && simplified.codeProperty == "WD22CD" && simplified.replaced == 20)
            let lsoas = try await importLevel(Self.lsoas, .lsoa, f, test)
            #expect(lsoas.areas == 169 && lsoas.codeProperty == "LSOA21CD")
            #expect(try await AreaBoundary.query(on: test.db).count() == 189)
            // Every ward now has a point inside it, for the hex map.
            let wards = try await Area.query(on: test.db).filter(\.$kind == .ward).filter(\.$councilID == f.walsall.requireID()).all()
            #expect(wards.count == 20 && wards.allSatisfy { $0.latitude != nil && $0.longitude != nil })

            // A known point in each ward (inside its detailed 2016 boundary) locates to that ward.
            let reference = try BoundarySet.decode(geoJSON: try FixtureFiles.data(Self.wards2016))
            let browser = Browser(test)
            for ward in reference.boundaries {
                let point = try #require(ward.interiorPoint())
                let located = try await browser.get("/api/v1/areas/locate?lat=\(point.latitude)&lon=\(point.longitude)")
                #expect(located.status == .ok, "\(ward.code): \(located.body)")
                let body = try located.json(LocateController.LocatedAreas.self)
                #expect(body.ward?.code == ward.code, "\(ward.name) at \(point)")
                #expect(body.district?.code == "E08000030")
                #expect(body.lsoa != nil && body.method == "boundaries")
            }
            // A point inside an LSOA's own polygon is placed in that LSOA, and the LSOA's ward is named.
            let lsoaSet = try BoundarySet.decode(geoJSON: try FixtureFiles.data(Self.lsoas))
            for lsoa in lsoaSet.boundaries.prefix(25) {
                let point = try #require(lsoa.interiorPoint())
                let answer = try await browser.get("/api/v1/areas/locate?lat=\(point.latitude)&lon=\(point.longitude)")
                #expect(answer.status == .ok, "\(lsoa.code): \(answer.body)")
                #expect(try answer.json(LocateController.LocatedAreas.self).lsoa?.code == lsoa.code)
            }
            // A ward placed in a locality answers with the locality too.
            let pleck = try #require(wards.first { $0.code == "E05001314" })
            pleck.$parent.id = f.northLocality.id
            try await pleck.update(on: test.db)
            let point = try #require(reference["E05001314"]?.interiorPoint())
            let located = try await browser.get("/api/v1/areas/locate?lat=\(point.latitude)&lon=\(point.longitude)").json(LocateController.LocatedAreas.self)
            #expect(located.ward?.name == "Pleck" && located.locality?.code == "north")
        }
    }

    @Test func withOnlyLSOABoundariesTheWardComesFromTheLookup() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            _ = try await importLevel(Self.lsoas, .lsoa, f, test)
            let lsoa = try #require(try BoundarySet.decode(geoJSON: try FixtureFiles.data(Self.lsoas))["E01010241"])
            let point = try #require(lsoa.interiorPoint())
            let body = try await Browser(test).get("/api/v1/areas/locate?lat=\(point.latitude)&lon=\(point.longitude)").json(LocateController.LocatedAreas.self)
            #expect(body.lsoa?.code == "E01010241")
            #expect(body.ward?.code == "E05001301", "Walsall 015A's best-fit ward in the lookup is Aldridge Central and South")
        }
    }

    @Test func brokenOrForeignFilesChangeNothingAndSayWhy() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            _ = try await importLevel(Self.wards2022, .ward, f, test)
            let before = try await AreaBoundary.query(on: test.db).all().map(\.geometry)
            let original = try FixtureFiles.text(Self.wards2022)

            func attempt(_ text: String, _ level: AreaKind = .ward, codeProperty: String? = nil) async -> String {
                do {
                    _ = try await BoundaryImport.importBoundaries(geoJSON: Data(text.utf8), level: level, codeProperty: codeProperty,
                                                                  nameProperty: nil, sourceFile: "bad.geojson", council: f.walsall, now: Date(), on: test.db)
                    return "imported"
                } catch { return String(describing: error) }
            }
            // A broken polygon: the first ring of the first feature no longer closes.
            var json = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
            var features = json["features"] as! [[String: Any]]
            var geometry = features[0]["geometry"] as! [String: Any]
            let code = (features[0]["properties"] as! [String: Any])["WD22CD"] as! String
            if geometry["type"] as? String == "Polygon" {
                var rings = geometry["coordinates"] as! [[[Double]]]
                rings[0].removeLast()
                geometry["coordinates"] = rings
            } else {
                var polygons = geometry["coordinates"] as! [[[[Double]]]]
                polygons[0][0].removeLast()
                geometry["coordinates"] = polygons
            }
            features[0]["geometry"] = geometry
            json["features"] = features
            let broken = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
            let message = await attempt(broken)
            #expect(message.contains("Feature 0 (\(code))") && message.contains("not closed"), "\(message)")
            #expect(message.contains("Nothing was imported"))

            // A code from another council.
            let foreign = original.replacingOccurrences(of: "E05001305", with: "E05000650")
            let foreignMessage = await attempt(foreign)
            #expect(foreignMessage.contains("E05000650") && foreignMessage.contains("not wards of Walsall"), "\(foreignMessage)")
            // The right file at the wrong level.
            #expect(await attempt(original, .lsoa).contains("not LSOAs of Walsall"))
            // A property that isn't there, and files that aren't boundaries at all.
            #expect(await attempt(original, codeProperty: "LSOA21CD").contains("has no \"LSOA21CD\" code"))
            #expect(await attempt("{\"type\":\"Feature\"}").contains("FeatureCollection"))
            #expect(await attempt("not json").contains("not valid JSON"))
            #expect(await attempt(original, .locality).contains("not locality"))

            let after = try await AreaBoundary.query(on: test.db).all().map(\.geometry)
            #expect(after == before, "a refused file leaves the boundaries as they were")
        }
    }

    @Test func theLocateAPIExplainsBadQuestions() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            let browser = Browser(test)
            let none = try await browser.get("/api/v1/areas/locate?lat=52.58&lon=-1.98")
            #expect(none.status == .notFound && none.body.contains("No boundaries have been imported"))
            _ = try await importLevel(Self.wards2022, .ward, f, test)
            let missing = try await browser.get("/api/v1/areas/locate")
            #expect(missing.status == .badRequest && missing.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            #expect(missing.body.contains("\"lat\""))
            let half = try await browser.get("/api/v1/areas/locate?lat=52.58")
            #expect(half.status == .badRequest && half.body.contains("lon is missing"))
            let out = try await browser.get("/api/v1/areas/locate?lat=95&lon=-1.98")
            #expect(out.status == .badRequest && out.body.contains("lat must be a number from -90 to 90"))
            let words = try await browser.get("/api/v1/areas/locate?lat=north&lon=west")
            #expect(words.status == .badRequest)
            let london = try await browser.get("/api/v1/areas/locate?lat=51.5007&lon=-0.1246")
            #expect(london.status == .notFound)
            #expect(london.body.contains("is outside Walsall"), "\(london.body)")
            let both = try await browser.get("/api/v1/areas/locate?postcode=WS1%201TP&lat=52.58&lon=-1.98")
            #expect(both.status == .badRequest && both.body.contains("not both"))
            let notAPostcode = try await browser.get("/api/v1/areas/locate?postcode=WALSALL")
            #expect(notAPostcode.status == .badRequest && notAPostcode.body.contains("full UK postcode"))
            // The demo's few illustrative postcodes are removed: no directory at all.
            try await PostcodeLocation.query(on: test.db).delete()
            let noDirectory = try await browser.get("/api/v1/areas/locate?postcode=WS1%201TP")
            #expect(noDirectory.status == .notFound && noDirectory.body.contains("No postcode directory"))
            // Another council sees none of Walsall's boundaries.
            let other = try await browser.get("/api/v1/areas/locate?lat=52.58&lon=-1.98", headers: [("Host", "other.test")])
            #expect(other.status == .notFound && other.body.contains("Otherton"))
        }
    }

    @Test func postcodesResolveToTheirAreasAndOthersAreLeftOutAndCounted() async throws {
        try await withTestApp { test in
            let f = try await prepared(test)
            _ = try await importLevel(Self.wards2022, .ward, f, test)
            // An extract in NSPL's layout (Tests/Fixtures/README.md says how it was made).
            let csv = try FixtureFiles.text(Self.postcodes)
            let summary = try await PostcodeImport.importDirectory(csv: csv, council: f.walsall, on: test.db)
            #expect(summary.imported == 2 && summary.outside == 2 && summary.firstOutsideLine == 3)
            // The last row's codes are Walsall's, but WS2 9AA has no codes, only a point; B1 1AA is Birmingham.
            let browser = Browser(test)
            let known = try await browser.get("/api/v1/areas/locate?postcode=ws11tp").json(LocateController.LocatedAreas.self)
            #expect(known.postcode == "WS1 1TP" && known.ward?.code == "E05001316" && known.lsoa?.code == "E01010369")
            #expect(known.method == "postcode directory")
            // The directory's point for WS1 1TP lies in the LSOA and ward the directory names.
            _ = try await importLevel(Self.lsoas, .lsoa, f, test)
            let latitude = try #require(known.latitude), longitude = try #require(known.longitude)
            let byPoint = try await browser.get("/api/v1/areas/locate?lat=\(latitude)&lon=\(longitude)").json(LocateController.LocatedAreas.self)
            #expect(byPoint.lsoa?.code == known.lsoa?.code && byPoint.ward?.code == known.ward?.code)
            // An organisation's postcode now names its ward on its page.
            f.organisation.postcode = "WS1 1TP"
            try await f.organisation.update(on: test.db)
            let officer = Browser(test)
            try await officer.signIn("officer@example.org")
            let orgPage = try await officer.get("/organisations/\(try f.organisation.requireID())")
            #expect(orgPage.body.contains("Ward (from postcode)") && orgPage.body.contains("href=\"/areas/E05001316\""))
            let birmingham = try await browser.get("/api/v1/areas/locate?postcode=B1%201AA")
            #expect(birmingham.status == .notFound && birmingham.body.contains("not in Walsall"))
            // A file with a bad latitude names the line and column and changes nothing.
            let bad = "pcds,lat,long,osward,lsoa21\nWS1 1TP,52.585,-1.982,E05001315,E01010400\nWS1 2AB,fifty-two,-1.98,E05001315,E01010400\n"
            await #expect { _ = try await PostcodeImport.importDirectory(csv: bad, council: f.walsall, on: test.db) } throws: { error in
                let text = String(describing: error)
                return text.contains("Line 3, column 2") && text.contains("lat") && text.contains("Nothing was imported")
            }
            let noColumn = "pcds,long,osward\nWS1 1TP,-1.982,E05001315\n"
            await #expect { _ = try await PostcodeImport.importDirectory(csv: noColumn, council: f.walsall, on: test.db) } throws: { error in
                String(describing: error).contains("lat")
            }
            #expect(try await PostcodeLocation.query(on: test.db).count() == 2)
        }
    }

    @Test func theImportCommandsLoadBoundariesAndPostcodes() async throws {
        try await withTestApp { test in
            _ = try await runCommand(test, ["create-admin", "--email", "a@example.org", "--name", "A", "--council", "Walsall Council",
                                            "--district", "E08000030"], input: ["a long admin password"])
            _ = try await runCommand(test, ["import", "lookup", "--file", FixtureFiles.url(AreaImportTests.lookup).path])
            let wards = FixtureFiles.url(Self.wards2016).path
            let output = try await runCommand(test, ["import", "boundaries", "--file", wards, "--level", "ward"])
            #expect(output.contains("Imported 20 ward boundaries for Walsall Council (codes from WD13CD)"))
            let again = try await runCommand(test, ["import", "boundaries", "--file", wards, "--level", "WARD", "--code-property", "WD13CD", "--name-property", "WD13NM"])
            #expect(again.contains("replacing 20"))
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["import", "boundaries", "--file", wards]) }
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["import", "boundaries", "--file", wards, "--level", "county"]) }
            let postcodes = try await runCommand(test, ["import", "postcodes", "--file", FixtureFiles.url(Self.postcodes).path])
            #expect(postcodes.contains("Imported 2 postcodes for Walsall Council (1 without a grid reference); left out 2 in other councils (first on line 3)."))
        }
    }
}
