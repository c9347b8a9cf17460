@testable import CohesionApp
import Fluent
import Testing
import Vapor

@Suite struct LocalitiesTests {
    func wards(of code: String, _ test: TestApp, _ f: Fixtures) async throws -> [String] {
        let tenant = TenantScope(council: f.walsall, database: test.db)
        guard let locality = try await tenant.query(Area.self).filter(\.$code == code).first() else { return [] }
        return try await tenant.query(Area.self).filter(\.$parent.$id == locality.requireID()).sort(\.$code).all().map(\.code)
    }

    @Test func addingALocalityWithMistakesWritesNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let page = try await officer.post("/admin/localities/new", form: ["name": "", "code": "North", "wards": "E05009999"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Enter the locality&#39;s name") || page.body.contains("Enter the locality's name"))
            #expect(page.body.contains("There is already an area with this code"))
            #expect(page.body.contains("Select wards from the list"))
            let otherCouncilWard = try await officer.post("/admin/localities/new", form: ["name": "Central", "code": "central", "wards": "E08000031"])
            #expect(otherCouncilWard.body.contains("Select wards from the list"))
            #expect(try await Area.query(on: test.db).filter(\.$code == "central").count() == 0)
        }
    }

    @Test func wardsMoveBetweenLocalitiesAndAreAudited() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            // Two wards from South and one from West form a new Central locality.
            let body = "csrf_token=\(officer.csrfToken ?? "")&name=Central+Walsall&code=central&wards=E05001316&wards=E05001314&wards=E05001303"
            _ = try await officer.get("/admin/localities/new")
            let created = try await officer.send(.POST, "/admin/localities/new", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                 body: body.replacingOccurrences(of: "csrf_token=&", with: "csrf_token=\(officer.csrfToken!)&"))
            #expect(created.status == .seeOther)
            #expect(try await wards(of: "central", test, f) == ["E05001303", "E05001314", "E05001316"])
            #expect(try await wards(of: "south", test, f) == ["E05001309", "E05001311"])
            // Editing keeps only the chosen wards; the dropped one goes back to the district.
            let updated = try await officer.post("/admin/localities/central", form: ["name": "Central", "wards": "E05001316"])
            #expect(updated.status == .seeOther)
            #expect(try await wards(of: "central", test, f) == ["E05001316"])
            let index = try await officer.get("/admin/localities")
            #expect(index.body.contains("Wards not in a locality"))
            #expect(index.body.contains("Pleck"))
            let events = try await AuditEvent.query(on: test.db).filter(\.$recordType == "locality").all()
            #expect(events.count == 2)
            #expect(events.contains { $0.summary.contains("name: \"Central Walsall\" → \"Central\"") })
            // The public areas page follows.
            #expect(try await Browser(test).get("/areas/central").body.contains("St Matthew"))
        }
    }

    @Test func aLocalityWithLeadsCannotBeRemoved() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let admin = Browser(test)
            try await admin.signIn(f.user(.admin).email)
            let ask = try await admin.get("/admin/localities/north/delete")
            #expect(ask.body.contains("You cannot remove North Walsall yet"))
            #expect(!ask.body.contains("Yes, remove"))
            let confirm = try await admin.get("/admin/localities/east/delete")
            #expect(confirm.body.contains("Are you sure you want to remove East Walsall?"))
            #expect(confirm.body.contains("6 wards will no longer be in a locality"))
            #expect(confirm.body.contains("1 organisation will have no locality"))
            #expect(try await Area.query(on: test.db).filter(\.$code == "east").count() == 1, "asking changes nothing")
            let refused = try await admin.post("/admin/localities/north/delete")
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("Give them another locality first"))
            #expect(try await wards(of: "north", test, f).count == 6)
            let removed = try await admin.post("/admin/localities/east/delete")
            #expect(removed.status == .seeOther)
            #expect(try await Area.query(on: test.db).filter(\.$code == "east").count() == 0)
            let aldridge = try await Organisation.query(on: test.db).filter(\.$name == "Aldridge ESOL Conversation Club (example)").first()
            #expect(aldridge?.$locality.id == nil)
            #expect(try await Area.query(on: test.db).filter(\.$kind == .ward).count() == 20, "wards are kept")
        }
    }

    @Test func publicPagesAreCachedForAnonymousVisitorsAndRefreshedOnChange() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let visitor = Browser(test)
            #expect(try await visitor.get("/areas").headers.first(name: "X-Cohesion-Cache") == nil)
            let second = try await visitor.get("/areas")
            #expect(second.headers.first(name: "X-Cohesion-Cache") == "hit")
            #expect(second.headers.first(name: "Content-Security-Policy") != nil, "cached pages still get the security headers")
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let signedIn = try await officer.get("/areas")
            #expect(signedIn.headers.first(name: "X-Cohesion-Cache") == nil, "signed-in pages are never cached")
            #expect(signedIn.body.contains("Sign out"))
            _ = try await officer.post("/admin/localities/south", form: ["name": "Walsall South and Centre", "wards": "E05001314"])
            let after = try await visitor.get("/areas")
            #expect(after.headers.first(name: "X-Cohesion-Cache") == nil)
            #expect(after.body.contains("Walsall South and Centre"))
        }
    }
}
