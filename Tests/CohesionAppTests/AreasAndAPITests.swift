@testable import CohesionApp
import Fluent
import Testing
import Vapor

@Suite struct AreasAndAPITests {
    @Test func areasPagesShowTheHierarchy() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            let index = try await browser.get("/areas")
            #expect(index.status == .ok)
            #expect(index.body.contains("has 20 electoral wards"))
            for name in ["North Walsall", "East Walsall", "South Walsall", "West Walsall", "St Matthew&#39;s", "Willenhall South"] {
                #expect(index.body.contains(name) || index.body.contains(name.replacingOccurrences(of: "&#39;", with: "'")), "missing \(name)")
            }
            let ward = try await browser.get("/areas/e05001316")
            #expect(ward.status == .ok)
            #expect(ward.body.contains("South Walsall"))
            #expect(ward.body.contains("Walsall Council"))
            let locality = try await browser.get("/areas/south")
            #expect(locality.body.contains("Wards in this locality"))
            #expect(locality.body.contains("Pleck"))
            let missing = try await browser.get("/areas/E05999999")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("There is no area with the code"))
        }
    }

    @Test func areasAPIListsFiltersAndPaginates() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            let wards = try await browser.get("/api/v1/areas?kind=ward&per=5&page=2").json(PageDTO<AreaDTO>.self)
            #expect(wards.total == 20)
            #expect(wards.items.count == 5)
            #expect(wards.items.allSatisfy { $0.kind == "ward" && $0.parentCode != nil })
            let all = try await browser.get("/api/v1/areas?per=200").json(PageDTO<AreaDTO>.self)
            #expect(all.total == 25)
            let detail = try await browser.get("/api/v1/areas/E05001314").json(AreaDetailDTO.self)
            #expect(detail.name == "Pleck")
            #expect(detail.ancestors.map(\.code) == ["south", "E08000030"])
            #expect(detail.parentCode == "south")
            #expect(detail.ancestors.first?.parentCode == "E08000030")
        }
    }

    @Test func badAPIInputGetsProblemDetails() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            let bad = try await browser.get("/api/v1/areas?kind=galaxy&page=0&per=1000")
            #expect(bad.status == .badRequest)
            #expect(bad.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true)
            let problem = try bad.json(Problem.self)
            #expect(problem.status == 400)
            #expect(Set(problem.errors?.map(\.field) ?? []) == ["kind", "page", "per"])
            let missing = try await browser.get("/api/v1/areas/NOPE")
            #expect(missing.status == .notFound)
            #expect(try missing.json(Problem.self).detail?.contains("no area") == true)
            let noToken = try await browser.get("/api/v1/organisations")
            #expect(noToken.status == .unauthorized)
            #expect(noToken.headers.first(name: "WWW-Authenticate")?.hasPrefix("Bearer") == true)
            browser.bearer = "coh_not_a_real_token"
            #expect(try await browser.get("/api/v1/areas").status == .unauthorized, "a wrong token is an error, not anonymous access")
            browser.bearer = try await APITokens.create(for: f.user(.officer), label: "t", on: test.db, request: nil)
            let malformed = try await browser.get("/api/v1/organisations/not-a-uuid")
            #expect(malformed.status == .badRequest)
            #expect(try malformed.json(Problem.self).errors?.first?.field == "id")
            #expect(try await browser.get("/api/v1/organisations/\(UUID())").status == .notFound)
            let badType = try await browser.get("/api/v1/organisations?type=spaceship")
            #expect(badType.status == .badRequest)
            let wrongMethod = try await browser.send(.DELETE, "/api/v1/areas")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers.first(name: "Allow") == "GET")
            #expect(try await browser.send(.POST, "/api/v1/organisations/\(UUID())").status == .methodNotAllowed)
            #expect(try await browser.get("/api/v1/areas?kind=").status == .ok, "an empty filter means any")
            let unknownRoute = try await browser.get("/api/v1/nothing-here")
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test func organisationsAPIReturnsDTOsAndRevokedTokensStopWorking() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            browser.bearer = try await APITokens.create(for: f.user(.panel), label: "t", on: test.db, request: nil)
            let list = try await browser.get("/api/v1/organisations?q=caldmore").json(PageDTO<OrganisationDTO>.self)
            #expect(list.items.count == 1)
            #expect(list.items.first?.charityNumber == "1100001")
            #expect(list.items.first?.localityCode == "south")
            let one = try await browser.get("/api/v1/organisations/\(f.organisation.id!)").json(OrganisationDTO.self)
            #expect(one.name == f.organisation.name)
            try await APIToken.query(on: test.db).set(\.$revokedAt, to: Date()).update()
            #expect(try await browser.get("/api/v1/organisations").status == .unauthorized)
        }
    }

    @Test func tokensPageCreatesShowsOnceAndRevokes() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.viewer).email)
            let empty = try await browser.post("/account/tokens", form: ["label": " "])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.contains("Enter a name for the token"))
            let created = try await browser.post("/account/tokens", form: ["label": "Power BI"])
            let token = try #require(created.body.firstMatch(of: /coh_[A-Za-z0-9_-]{43}/).map { String($0.output) })
            #expect(!(try await browser.get("/account/tokens").body.contains(token)), "shown only once")
            let record = try #require(try await APIToken.query(on: test.db).filter(\.$label == "Power BI").first())
            #expect(record.tokenHash != token)
            let api = Browser(test)
            api.bearer = token
            #expect(try await api.get("/api/v1/areas").status == .ok)
            #expect(try await api.get("/api/v1/organisations").status == .forbidden, "viewers see aggregates only")
            _ = try await browser.post("/account/tokens/\(record.id!)/revoke")
            #expect(try await api.get("/api/v1/areas").status == .unauthorized)
            // Another user's token can't be revoked through this page.
            _ = try await APITokens.create(for: f.user(.officer), label: "theirs", on: test.db, request: nil)
            let theirs = try #require(try await APIToken.query(on: test.db).filter(\.$label == "theirs").first())
            #expect(try await browser.post("/account/tokens/\(theirs.id!)/revoke").status == .notFound)
        }
    }

    @Test func auditLogPageFiltersAndRejectsBadDates() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let admin = Browser(test)
            try await admin.signIn(f.user(.admin).email)
            _ = try await admin.post("/organisations/\(f.organisation.id!)/edit", form: ["name": "Renamed Group", "type": "vcs_group", "locality": "north"])
            let page = try await admin.get("/admin/audit?action=update&record_type=organisation")
            #expect(page.body.contains("Renamed Group"))
            #expect(!page.body.contains("<td class=\"govuk-table__cell\">Signed in</td>"))
            let bad = try await admin.get("/admin/audit?from=2026-02-30&to=yesterday")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("‘From’ must be a real date"))
            #expect(bad.body.contains("value=\"2026-02-30\""))
        }
    }
}
