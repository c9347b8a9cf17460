@testable import CohesionApp
import Fluent
import Testing
import Vapor

/// A user of one council can't read or change another council's records through any route.
@Suite struct TenancyIsolationTests {
    @Test func otherCouncilsAdminCannotReachWalsallRecordsThroughAnyRoute() async throws {
        try await withTestApp(adjust: { $0.signInAttemptsPerAddress = 100_000 }) { test in
            let f = try await Fixtures.make(test)
            // A Walsall token, so the walk's revoke example is a real Walsall record.
            _ = try await APITokens.create(for: f.user(.admin), label: "w", on: test.db, request: nil)
            let otherToken = try await APITokens.create(for: f.otherUsers[.admin]!, label: "o", on: test.db, request: nil)
            let before = try await snapshot(test.db, council: f.walsall.id!)
            let walsallOrganisations = try await Organisation.query(on: test.db).filter(\.$councilID == f.walsall.id!).all().map(\.name)
            var leaks: [String] = []
            // Every route, with its parameter filled by a Walsall record (the Walsall admin's examples).
            for stop in try await RouteWalk.stops(test, council: f.walsall, examplesFor: f.user(.admin)) {
                let path = stop.path
                let browser = Browser(test, host: "other.test")
                if stop.isAPI { browser.bearer = otherToken } else { try await browser.signIn(f.otherUsers[.admin]!.email) }
                let form = ["name": "Hijacked", "type": "charity", "charity_number": "1000001", "role": "viewer", "active": "false", "label": "x"]
                let page = stop.method == "POST" ? try await browser.post(path, form: form) : try await browser.get(path)
                let secrets = [f.organisation.name, f.user(.officer).email, "Aldridge Central and South", "Walsall Council", "North Walsall"] + walsallOrganisations
                for secret in secrets where page.body.contains(secret) {
                    leaks.append("\(stop) showed ‘\(secret)’ (\(page.status))")
                }
            }
            #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
            #expect(try await snapshot(test.db, council: f.walsall.id!) == before, "a Walsall record changed")
        }
    }

    @Test func sessionsAndTokensDoNotCrossCouncils() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let walsall = Browser(test, host: "walsall.test")
            try await walsall.signIn(f.user(.admin).email)
            // The same cookies sent to the other council's host are not a session there.
            let stolen = Browser(test, host: "other.test")
            for (name, value) in walsall.cookies { stolen.setCookie(name, value) }
            #expect(try await stolen.get("/dashboard").isRedirectToSignIn)
            // A Walsall token is refused on Otherton's API.
            let token = try await APITokens.create(for: f.user(.admin), label: "w", on: test.db, request: nil)
            let api = Browser(test, host: "other.test")
            api.bearer = token
            #expect(try await api.get("/api/v1/organisations").status == .unauthorized)
            // Listing on Otherton shows only Otherton's organisation.
            let other = Browser(test, host: "other.test")
            other.bearer = try await APITokens.create(for: f.otherUsers[.officer]!, label: "o", on: test.db, request: nil)
            let list = try await other.get("/api/v1/organisations").json(PageDTO<OrganisationDTO>.self)
            #expect(list.items.map(\.name) == ["Otherton Secret Society"])
            // Signing in to Otherton with Walsall's credentials fails.
            let wrong = Browser(test, host: "other.test")
            _ = try await wrong.get("/sign-in")
            let page = try await wrong.post("/sign-in", form: ["email": f.user(.admin).email, "password": Fixtures.password])
            #expect(page.status == .unprocessableEntity)
        }
    }

    @Test func unknownHostWithSeveralCouncilsIsNotServed() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let page = try await Browser(test, host: "nobody.test").get("/areas")
            #expect(page.status == .notFound)
        }
    }

    func snapshot(_ db: Database, council: UUID) async throws -> [String] {
        let orgs = try await Organisation.query(on: db).filter(\.$councilID == council).sort(\.$name).all().map { "\($0.id!) \($0.name) \($0.$locality.id?.uuidString ?? "")" }
        let users = try await User.query(on: db).filter(\.$councilID == council).sort(\.$email).all().map { "\($0.email) \($0.role) \($0.active) \($0.name)" }
        let areas = try await Area.query(on: db).filter(\.$councilID == council).sort(\.$code).all().map { "\($0.code) \($0.name) \($0.$parent.id?.uuidString ?? "")" }
        let tokens = try await APIToken.query(on: db).filter(\.$councilID == council).sort(\.$label).all().map { "\($0.id!) \($0.revokedAt == nil)" }
        return orgs + users + tokens + areas
    }
}

extension Browser {
    func setCookie(_ name: String, _ value: String) { setCookieValue(name, value) }
}
