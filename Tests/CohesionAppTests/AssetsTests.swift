@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// The asset register's staff pages, the public directory and the assets API, through HTTP on
/// the test database (SQLite, or PostgreSQL under scripts/with-postgres).
@Suite struct AssetsTests {
    /// A valid new asset in St Matthew's (South), found from the demo's postcode for that ward.
    static let valid = [
        "name": "Caldmore Chess Club", "category": "associations", "taxonomy_term": "sports-club",
        "description": "Chess for all ages and abilities; boards provided.", "address": "1 Caldmore Green", "postcode": "ws1 1ab",
        "contact_email": "Chess@Example.org", "contact_phone": "01922 650000", "website": "https://chess.example.org",
        "opening_times": "Tue 18:00-21:00; Sat 10:00-13:00\nclosed bank holidays", "languages": "english, Urdu",
        "communities_served": "Everyone", "cost": "free", "capacity": "30", "status": "published",
        "last_verified": "1/11/2026", "next_review": "2027-11-01",
    ]

    static func boundaries(_ test: TestApp, _ f: Fixtures) async throws {
        _ = try await BoundaryImport.importBoundaries(geoJSON: try FixtureFiles.data("boundaries/walsall_wards_2022_geographr.geojson"), level: .ward,
                                                      codeProperty: nil, nameProperty: nil, sourceFile: "wards.geojson",
                                                      council: f.walsall, now: Date(), on: test.db)
        test.app.geographyCache.invalidate(f.walsall.id!)
    }

    @Test func addingAnAssetWithMistakesKeepsInputAndWritesNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            try await Self.boundaries(test, f)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let before = try await Asset.query(on: test.db).count()
            let cases: [([String: String], String, String)] = [
                (["postcode": "NOT A POSTCODE"], "postcode", "Enter a real postcode"),
                (["postcode": "WS9 9ZZ"], "postcode", "is not in Walsall"),
                (["postcode": "", "latitude": "51.5007", "longitude": "-0.1246"], "latitude", "That point is outside Walsall"),
                (["postcode": "", "latitude": "52.58", "longitude": ""], "longitude", "Enter both the latitude and the longitude"),
                (["opening_times": "Mon 09:00-12:00, 11:00-14:00"], "opening_times", "overlap"),
                (["opening_times": "Wed 25:00-26:00"], "opening_times", "is not a time of day"),
                (["opening_times": "Mon 13:00-12:00"], "opening_times", "before it opens"),
                (["name": String(repeating: "x", count: 201)], "name", "Name must be 200 characters or fewer"),
                (["capacity": "lots"], "capacity", "Enter the capacity as a whole number"),
                (["taxonomy_term": "library"], "taxonomy_term", "is a type of institutions"),
                (["category": "individuals", "status": "draft"], "consent_recorded_on", "without their consent"),
                (["category": "individuals", "status": "published", "consent_recorded_on": "1/11/2026", "consent_note": "form"], "status", "never published"),
                (["last_verified": "31/2/2026"], "last_verified", "as a real date"),
                (["next_review": "2020-01-01"], "next_review", "must be after"),
                (["minimum_age": "18", "maximum_age": "11"], "maximum_age", "The oldest age"),
                (["organisation": UUID().uuidString], "organisation", "Select an organisation from the list"),
                (["name": "Chess \u{202E}bulc"], "name", "Remove the hidden character"),
                (["address": "1 Green\u{0007}"], "address", "Remove the hidden character"),
            ]
            for (changes, field, message) in cases {
                var form = Self.valid
                form.merge(changes) { $1 }
                let page = try await officer.post("/assets/new", form: form)
                #expect(page.status == .unprocessableEntity, "\(changes)")
                #expect(page.body.contains("<title>Error: Add an asset"), "\(changes)")
                #expect(page.body.contains("href=\"#\(field)\""), "\(changes): no error linked to \(field)")
                #expect(page.body.contains(MarkupText.escape(message)) || page.body.contains(message), "\(changes): missing “\(message)”")
                // What was typed comes back.
                #expect(page.body.contains("Caldmore Chess Club") || changes["name"] != nil)
            }
            #expect(try await Asset.query(on: test.db).count() == before)
            #expect(try await AuditEvent.query(on: test.db).filter(\.$recordType == "asset").count() == 0)
        }
    }

    @Test func addingAndEditingAnAssetFindsItsPlaceAndIsAudited() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let created = try await officer.post("/assets/new", form: Self.valid)
            #expect(created.status == .seeOther)
            let asset = try #require(try await Asset.query(on: test.db).filter(\.$name == "Caldmore Chess Club").first())
            #expect(asset.postcode == "WS1 1AB")
            #expect(asset.wardCode == "E05001316")
            #expect(asset.locationSource == "postcode")
            let south = try #require(try await Area.query(on: test.db).filter(\.$councilID == f.walsall.id!).filter(\.$code == "south").first())
            #expect(asset.$locality.id == south.id)
            #expect(asset.contactEmail == "chess@example.org")
            #expect(asset.languages == ["English", "Urdu"])
            #expect(asset.lastVerified == "2026-11-01")
            #expect(asset.openingTimes.closedOnBankHolidays)
            #expect(asset.openingTimes.weekly[.tuesday] == [OpeningPeriod(opens: LocalTime(hour: 18), closes: LocalTime(hour: 21))])
            let audit = try #require(try await AuditEvent.query(on: test.db).filter(\.$recordType == "asset").first())
            #expect(audit.action == .create)
            #expect(audit.summary.contains("Caldmore Chess Club"))
            let show = try await officer.get(created.location!)
            #expect(show.body.contains("Caldmore Chess Club has been added"))
            #expect(show.body.contains("St Matthew"))

            var edit = Self.valid
            edit["capacity"] = "40"
            edit["postcode"] = ""
            edit["ward"] = "E05001314"
            let saved = try await officer.post("/assets/\(asset.id!)/edit", form: edit)
            #expect(saved.status == .seeOther)
            let changed = try #require(try await Asset.find(asset.id, on: test.db))
            #expect(changed.capacity == 40)
            #expect(changed.wardCode == "E05001314")
            #expect(changed.locationSource == "chosen")
            let change = try #require(try await AuditEvent.query(on: test.db).filter(\.$recordType == "asset").filter(\.$action == .update).first())
            #expect(change.summary.contains("capacity"))
            #expect(change.summary.contains("ward"))
        }
    }

    @Test func leadsAndPartnersChangeOnlyWhatTheyLookAfter() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let east = try #require(try await Asset.query(on: test.db).filter(\.$name == "Aldridge Youth Centre (example)").first())
            let north = try #require(try await Asset.query(on: test.db).filter(\.$name == "Blakenall Community Centre (example)").first())
            let lead = Browser(test)
            try await lead.signIn(f.user(.localityLead).email)
            #expect(try await lead.get("/assets/\(east.id!)/edit").status == .forbidden)
            var form = AssetForm(east, termCode: "community-centre")
            var fields = Self.fields(form)
            fields["name"] = "Taken over"
            #expect(try await lead.post("/assets/\(east.id!)/edit", form: fields).status == .forbidden)
            #expect(try await Asset.find(east.id, on: test.db)?.name == "Aldridge Youth Centre (example)")
            // Their own locality's asset: yes; but not moved out of it.
            #expect(try await lead.get("/assets/\(north.id!)/edit").status == .ok)
            form = AssetForm(north, termCode: "community-centre")
            fields = Self.fields(form)
            fields["latitude"] = ""
            fields["longitude"] = ""
            fields["postcode"] = "WS1 1AB"
            let moved = try await lead.post("/assets/\(north.id!)/edit", form: fields)
            #expect(moved.status == .unprocessableEntity)
            #expect(moved.body.contains("outside your locality"))
            #expect(try await Asset.find(north.id, on: test.db)?.wardCode == "E05001305")
            // A lead can't add an asset in another locality either.
            var south = Self.valid
            south["name"] = "Lead's South Asset"
            #expect(try await lead.post("/assets/new", form: south).status == .unprocessableEntity)

            // The partner works for Bloxwich Community Partnership: its assets only.
            let partner = Browser(test)
            try await partner.signIn(f.user(.partner).email)
            let own = try #require(try await Asset.query(on: test.db).filter(\.$organisation.$id == f.organisation.id!).first())
            #expect(try await partner.get("/assets/\(own.id!)/edit").status == .ok)
            #expect(try await partner.get("/assets/\(east.id!)/edit").status == .forbidden)
            var theirs = Self.valid
            theirs["name"] = "Partner's New Space"
            theirs["organisation"] = f.organisation.id!.uuidString
            #expect(try await partner.post("/assets/new", form: theirs).status == .seeOther)
            var someoneElses = theirs
            someoneElses["name"] = "Not theirs"
            someoneElses["organisation"] = ""
            #expect(try await partner.post("/assets/new", form: someoneElses).status == .unprocessableEntity)
            #expect(try await Asset.query(on: test.db).filter(\.$name == "Not theirs").count() == 0)
        }
    }

    /// The form's fields as posted, from an asset's current values.
    static func fields(_ form: AssetForm) -> [String: String] {
        ["name": form.name, "category": form.category, "taxonomy_term": form.taxonomyTerm, "description": form.description,
         "organisation": form.organisation, "address": form.address, "postcode": form.postcode, "latitude": form.latitude,
         "longitude": form.longitude, "ward": form.ward, "opening_times": form.openingTimes, "languages": form.languages,
         "cost": form.cost, "capacity": form.capacity, "status": form.status, "last_verified": form.lastVerified, "next_review": form.nextReview]
    }

    @Test func individualsAreNeverPublicAndReadingThemIsRecorded() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let person = try #require(try await Asset.query(on: test.db).filter(\.$category == .individuals).filter(\.$wardCode == "E05001307").first())
            let visitor = Browser(test)
            #expect(try await visitor.get("/directory/\(person.id!)").status == .notFound)
            #expect(try await visitor.get("/api/v1/assets/\(person.id!)").status == .notFound)
            #expect(!(try await visitor.get("/directory?q=electrician").body.contains("Dave")))
            let partner = Browser(test)
            try await partner.signIn(f.user(.partner).email)
            #expect(try await partner.get("/assets/\(person.id!)").status == .forbidden)
            #expect(!(try await partner.get("/assets?q=electrician").body.contains("Dave")))
            // Even a published individual (written directly) stays out of public view.
            person.status = .published
            try await person.update(on: test.db)
            #expect(try await visitor.get("/directory/\(person.id!)").status == .notFound)
            let api = try await visitor.get("/api/v1/assets?q=electrician")
            #expect(try api.json(PageDTO<AssetDTO>.self).total == 0)
            // The North lead sees the North individual, and the read is audited.
            let lead = Browser(test)
            try await lead.signIn(f.user(.localityLead).email)
            #expect(try await lead.get("/assets/\(person.id!)").status == .ok)
            let read = try await AuditEvent.query(on: test.db).filter(\.$action == .view).filter(\.$recordID == person.id!.uuidString).count()
            #expect(read == 1)
        }
    }

    @Test func wordSearchIgnoresCaseAndAccentsAlike() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            var form = Self.valid
            form["name"] = "Café Ölçek Zürich"
            form["description"] = "Turkish and Kurdish tea room"
            #expect(try await officer.post("/assets/new", form: form).status == .seeOther)
            let visitor = Browser(test)
            // (The demo has other cafés: each query names this one.)
            for query in ["ZURICH", "zürich café", "olcek ZURICH", "ÖLÇEK", "CAFE olcek"] {
                let page = try await visitor.get("/api/v1/assets?q=" + Browser.encode(query))
                #expect(try page.json(PageDTO<AssetDTO>.self).items.map(\.name) == ["Café Ölçek Zürich"], "\(query)")
            }
            // Every word must match; a word matches from its start.
            #expect(try await visitor.get("/api/v1/assets?q=zurich+library").json(PageDTO<AssetDTO>.self).total == 0)
            #expect(try await visitor.get("/api/v1/assets?q=urich").json(PageDTO<AssetDTO>.self).total == 0)
            // LIKE's wildcards are only text.
            #expect(try await visitor.get("/api/v1/assets?q=%25").json(PageDTO<AssetDTO>.self).total
                    == (try await visitor.get("/api/v1/assets").json(PageDTO<AssetDTO>.self).total))
        }
    }

    @Test func directoryFiltersNearAPostcodeAndOpenNow() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let visitor = Browser(test)
            // Nearest first to the demo postcode in St Matthew's.
            let near = try await visitor.get("/api/v1/assets?postcode=ws1+1ab&per=5").json(PageDTO<AssetDTO>.self)
            let distances = near.items.compactMap(\.distanceMetres)
            #expect(distances.count == 5)
            #expect(distances == distances.sorted())
            #expect(near.items.first?.wardCode == "E05001316")
            // A page past the last is an empty page with links back, not an error.
            let past = try await visitor.get("/directory?page=999")
            #expect(past.status == .ok && past.body.contains("No results") == false && past.body.contains("Page 1"))
            // A hand-edited page number shows the first page: there is no field to name in an error.
            let junk = try await visitor.get("/directory?page=abc&per=5000")
            #expect(junk.status == .ok && !junk.body.contains("govuk-error-summary"))
            let unknown = try await visitor.get("/directory?postcode=WS9+9ZZ")
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("We couldn"))
            // Filters combine.
            let bsl = try await visitor.get("/api/v1/assets?access=bsl&access=step_free_access").json(PageDTO<AssetDTO>.self)
            #expect(bsl.total > 0)
            #expect(bsl.items.allSatisfy { $0.accessibility.contains("bsl") && $0.accessibility.contains("step_free_access") })
            let urdu = try await visitor.get("/api/v1/assets?language=URDU&per=200").json(PageDTO<AssetDTO>.self)
            #expect(urdu.total > 0)
            #expect(urdu.items.allSatisfy { $0.languages.contains("Urdu") })
            let bad = try await visitor.get("/api/v1/assets?access=wings&cost=cheap")
            #expect(bad.status == .badRequest)
            #expect(bad.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            // Open now: the library (Mon-Fri 09:00-18:00, closed on bank holidays) at fixed instants.
            var filter = DirectoryFilter()
            filter.words = "walsall central library"
            filter.openNow = true
            func opens(_ iso: String) async throws -> Bool {
                let now = try #require(ISO8601DateFormatter().date(from: iso))
                return try await DirectoryQuery.run(filter, scope: .publicOnly, index: test.app.directoryIndex, tenant: tenant, origin: nil, now: now).total == 1
            }
            #expect(try await opens("2026-07-01T08:30:00Z"))   // Wednesday 09:30 BST
            #expect(!(try await opens("2026-12-02T08:30:00Z"))) // Wednesday 08:30 GMT
            #expect(!(try await opens("2026-12-28T12:00:00Z"))) // the Boxing Day substitute bank holiday
            #expect(try await opens("2026-12-29T12:00:00Z"))
        }
    }

    @Test func directoryEntryHasStructuredDataThatCantBreakOut() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            var form = Self.valid
            form["category"] = "physical_spaces"
            form["taxonomy_term"] = "community-centre"
            form["name"] = "Hall </script><script>alert(1)</script>"
            #expect(try await officer.post("/assets/new", form: form).status == .seeOther)
            let asset = try #require(try await Asset.query(on: test.db).filter(\.$category == .physicalSpaces).filter(\.$name ~~ "alert").first())
            let page = try await Browser(test).get("/directory/\(asset.id!)")
            #expect(page.status == .ok)
            #expect(!page.body.contains("<script>alert(1)"))
            let start = try #require(page.body.range(of: "<script type=\"application/ld+json\">"))
            let end = try #require(page.body.range(of: "</script>", range: start.upperBound..<page.body.endIndex))
            let json = try JSONSerialization.jsonObject(with: Data(page.body[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
            #expect(json?["@type"] as? String == "CivicStructure")
            #expect(json?["name"] as? String == "Hall </script><script>alert(1)</script>")
            let hours = json?["openingHoursSpecification"] as? [[String: Any]]
            #expect(hours?.first?["dayOfWeek"] as? String == "https://schema.org/Tuesday")
            #expect(hours?.first?["opens"] as? String == "18:00")
            #expect((json?["address"] as? [String: Any])?["postalCode"] as? String == "WS1 1AB")
            // Drafts and archived assets aren't public.
            asset.status = .draft
            try await asset.update(on: test.db)
            test.app.publicPageCache.invalidate()
            #expect(try await Browser(test).get("/directory/\(asset.id!)").status == .notFound)
        }
    }

    @Test func theAPIShowsDraftsOnlyToStaff() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let visitor = Browser(test)
            let all = try await visitor.get("/api/v1/assets?per=200").json(PageDTO<AssetDTO>.self)
            #expect(all.items.allSatisfy { $0.status == "published" && $0.category != "individuals" })
            #expect(try await visitor.get("/api/v1/assets?status=draft").json(PageDTO<AssetDTO>.self).total == 0)
            #expect(try await visitor.get("/api/v1/assets?status=secret").status == .badRequest)
            #expect(try await visitor.get("/api/v1/assets?postcode=WS9+9ZZ").status == .notFound)
            let draft = try #require(try await Asset.query(on: test.db).filter(\.$status == .draft).filter(\.$category != .individuals).first())
            #expect(try await visitor.get("/api/v1/assets/\(draft.id!)").status == .notFound)
            #expect(try await visitor.get("/api/v1/assets/not-a-uuid").status == .badRequest)
            let officer = Browser(test)
            officer.bearer = try await APITokens.create(for: f.user(.officer), label: "t", on: test.db, request: nil)
            let drafts = try await officer.get("/api/v1/assets?status=draft").json(PageDTO<AssetDTO>.self)
            #expect(drafts.items.map(\.id).contains(draft.id!))
            #expect(drafts.items.allSatisfy { $0.category != "individuals" })
            #expect(try await officer.get("/api/v1/assets/\(draft.id!)").status == .ok)
            // Another council's asset is not there at all.
            let other = Browser(test, host: "other.test")
            #expect(try await other.get("/api/v1/assets/\(draft.id!)").status == .notFound)
            #expect(try await other.get("/api/v1/assets").json(PageDTO<AssetDTO>.self).total == 0)
        }
    }

    @Test func officersEditTheTaxonomy() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let added = try await officer.post("/assets/taxonomy/new", form: ["category": "physical_spaces", "code": "Bus-Shelter", "name": "Bus shelter"])
            #expect(added.status == .seeOther)
            let term = try #require(try await AssetTaxonomyTerm.query(on: test.db).filter(\.$code == "bus-shelter").filter(\.$councilID == f.walsall.id!).first())
            let duplicate = try await officer.post("/assets/taxonomy/new", form: ["category": "physical_spaces", "code": "bus-shelter", "name": "Again"])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.body.contains("already exists"))
            let bad = try await officer.post("/assets/taxonomy/new", form: ["category": "nope", "code": "no spaces!", "name": ""])
            for message in ["Select the kind of asset", "Enter a code of lower-case letters", "Enter the type"] {
                #expect(bad.body.contains(message) || bad.body.contains(MarkupText.escape(message)), "\(message)")
            }
            #expect(try await officer.post("/assets/taxonomy/\(term.id!)", form: ["name": "Bus shelter or stop", "category": "individuals"]).status == .seeOther)
            let renamed = try #require(try await AssetTaxonomyTerm.find(term.id, on: test.db))
            #expect(renamed.name == "Bus shelter or stop")
            #expect(renamed.category == .physicalSpaces)
            // Another council's term is not Walsall's to edit.
            let others = try #require(try await AssetTaxonomyTerm.query(on: test.db).filter(\.$councilID == f.otherton.id!).first())
            #expect(try await officer.get("/assets/taxonomy/\(others.id!)").status == .notFound)
        }
    }

    @Test func aPersonsRecordIsDeletedWhenTheyWithdrawConsent() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let person = try #require(try await Asset.query(on: test.db).filter(\.$category == .individuals).first())
            let lead = Browser(test)
            try await lead.signIn(f.user(.localityLead).email)
            #expect(try await lead.post("/assets/\(person.id!)/delete", form: ["confirm": "yes"]).status == .forbidden)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            #expect(try await officer.get("/assets/\(person.id!)/delete").body.contains("withdraw their consent"))
            // Without the form's confirmation, nothing goes.
            #expect(try await officer.post("/assets/\(person.id!)/delete").status == .unprocessableEntity)
            #expect(try await Asset.find(person.id, on: test.db) != nil)
            let deleted = try await officer.post("/assets/\(person.id!)/delete", form: ["confirm": "yes"])
            #expect(deleted.status == .seeOther)
            #expect(try await Asset.find(person.id, on: test.db) == nil)
            let audit = try #require(try await AuditEvent.query(on: test.db).filter(\.$action == .delete).filter(\.$recordID == person.id!.uuidString).first())
            #expect(audit.summary == "Deleted an individual's record")
            #expect(!audit.summary.contains(person.name))
            // Another council's officer can't reach it.
            let asset = try #require(try await Asset.query(on: test.db).filter(\.$category == .associations).first())
            let other = Browser(test, host: "other.test")
            try await other.signIn(f.otherUsers[.officer]!.email)
            #expect(try await other.post("/assets/\(asset.id!)/delete", form: ["confirm": "yes"]).status == .notFound)
            #expect(try await Asset.find(asset.id, on: test.db) != nil)
        }
    }

    @Test func aDoubleClickAddsAnAssetOnce() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let form = try await officer.get("/assets/new")
            let submission = try #require(form.body.firstMatch(of: /name="submission" value="([0-9A-F-]{36})"/)?.1)
            var fields = Self.valid
            fields["submission"] = String(submission)
            // Twice in a row, then twice at once.
            let first = try await officer.post("/assets/new", form: fields)
            let second = try await officer.post("/assets/new", form: fields)
            #expect(first.status == .seeOther && second.status == .seeOther && first.location == second.location)
            fields["submission"] = UUID().uuidString
            let twice = fields
            async let a = officer.post("/assets/new", form: twice)
            async let b = officer.post("/assets/new", form: twice)
            let (x, y) = try await (a, b)
            #expect(x.status == .seeOther && y.status == .seeOther && x.location == y.location)
            #expect(try await Asset.query(on: test.db).filter(\.$name == "Caldmore Chess Club").count() == 2)
            // A form with mistakes keeps its id, so fixing it and sending still adds one.
            fields["submission"] = UUID().uuidString
            fields["postcode"] = "nope"
            let wrong = try await officer.post("/assets/new", form: fields)
            #expect(wrong.body.contains(fields["submission"]!))
        }
    }

    /// The demo: about 60 example assets, marked as examples, in all four localities and
    /// all six categories, two pending suggestions, and wards with no published asset (gaps).
    @Test func theDemoRegisterIsRealisticAndShowsGaps() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let assets = try await Asset.query(on: test.db).filter(\.$councilID == f.walsall.id!).all()
            #expect((55...70).contains(assets.count), "\(assets.count) demo assets")
            #expect(assets.allSatisfy { $0.isExample && $0.name.hasSuffix("(example)") })
            #expect(Set(assets.map(\.category)) == Set(AssetCategory.allCases))
            let localities = try await Area.query(on: test.db).filter(\.$councilID == f.walsall.id!).filter(\.$kind == .locality).all()
            #expect(localities.count == 4)
            #expect(localities.allSatisfy { locality in assets.contains { $0.$locality.id == locality.id } })
            #expect(assets.filter { $0.category == .individuals }.allSatisfy { $0.status != .published && $0.consentRecordedOn != nil })
            let pending = try await AssetSuggestion.query(on: test.db).filter(\.$councilID == f.walsall.id!).filter(\.$status == .pending).count()
            #expect(pending == 2)
            let wards = try await Area.query(on: test.db).filter(\.$councilID == f.walsall.id!).filter(\.$kind == .ward).all().map(\.code)
            let served = Set(assets.filter(\.isPublic).compactMap(\.wardCode))
            #expect(wards.contains { !served.contains($0) }, "no ward is without a published asset, so the gaps page has no gap to show")
        }
    }
}
