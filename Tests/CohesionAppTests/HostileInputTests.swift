@testable import CohesionApp
import Fluent
import Testing
import Vapor

/// Every form and API route, sent hostile input, answers with a clear error and never a 500.
@Suite struct HostileInputTests {
    static let hostile = [
        String(repeating: "x", count: 20_000), "'; DROP TABLE organisations; --", "<script>alert(1)</script>",
        "\u{0}", "💥🏳️‍🌈", "../../etc/passwd", "%00%ff", "-1", "99999999999999999999", " ",
    ]

    @Test func everyFormRouteSurvivesHostileValues() async throws {
        try await withTestApp(adjust: { $0.signInAttemptsPerAddress = 100_000 }) { test in
            let f = try await Fixtures.make(test)
            let fields = ["name", "email", "password", "confirm", "type", "charity_number", "company_number", "locality",
                          "contact_email", "contact_phone", "website", "postcode", "partnership_member", "notes", "role",
                          "organisation", "active", "label", "token", "next", "council_name", "district_code"]
            var failures: [String] = []
            // The revoke route's example is the admin's newest token: give them one.
            _ = try await APITokens.create(for: f.user(.admin), label: "t", on: test.db, request: nil)
            let organisationsBefore = try await Self.organisations(test)
            for stop in try await RouteWalk.stops(test, council: f.walsall, examplesFor: f.user(.admin)) where stop.method == "POST" {
                let path = stop.path
                for value in Self.hostile {
                    let browser = Browser(test)
                    try await browser.signIn(f.user(.admin).email)
                    let page = try await browser.post(path, form: Dictionary(uniqueKeysWithValues: fields.map { ($0, value) }))
                    if page.status.code >= 500 { failures.append("\(path) with \(value.prefix(20)): \(page.status)") }
                    if page.body.contains("<script>alert(1)</script>") { failures.append("\(path) echoed script unescaped") }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            let org = try await Organisation.find(f.organisation.id, on: test.db)
            #expect(org?.name == f.organisation.name, "no hostile value was saved over a real record")
            #expect(try await Self.organisations(test) == organisationsBefore, "the walk's example organisation is unchanged too")
        }
    }

    @Test func everyAPIRouteSurvivesHostileParameters() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            browser.bearer = try await APITokens.create(for: f.user(.admin), label: "t", on: test.db, request: nil)
            var failures: [String] = []
            for stop in try await RouteWalk.stops(test, council: f.walsall, examplesFor: f.user(.admin)) where stop.isAPI {
                // URLs stay under 8 KB, the size proxies and servers accept.
                for value in Self.hostile.map({ String($0.prefix(1_000)) }) {
                    let encoded = Browser.encode(value)
                    let query = "?page=\(encoded)&per=\(encoded)&kind=\(encoded)&q=\(encoded)&type=\(encoded)"
                    // The hostile value in the path's parameter, and in the query of the example's real record.
                    let hostilePath = "/" + stop.route.path.map { component -> String in
                        if case .parameter = component { return encoded }
                        return component.description
                    }.joined(separator: "/")
                    for path in Set([hostilePath, stop.path]).map({ $0 + query }) {
                        let page = try await browser.get(path)
                        if page.status.code >= 500 { failures.append("\(path.prefix(80)): \(page.status)") }
                        if page.status.code >= 400, page.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") != true {
                            failures.append("\(path.prefix(80)): \(page.status) is not problem+json")
                        }
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    static func organisations(_ test: TestApp) async throws -> [String] {
        try await Organisation.query(on: test.db).sort(\.$name).all().map { "\($0.id!) \($0.name) \($0.type) \($0.notes ?? "")" }
    }
}
