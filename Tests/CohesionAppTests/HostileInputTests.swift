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
            for route in test.app.routes.all where route.method == .POST {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component {
                        return name == "id" ? (route.path.string.contains("users") ? f.spareUser.id!.uuidString : f.organisation.id!.uuidString) : (route.path.string.contains("localities") ? "east" : "E05001301")
                    }
                    return component.description
                }.joined(separator: "/")
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
        }
    }

    @Test func everyAPIRouteSurvivesHostileParameters() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            browser.bearer = try await APITokens.create(for: f.user(.admin), label: "t", on: test.db, request: nil)
            var failures: [String] = []
            for route in test.app.routes.all where route.path.first?.description == "api" {
                // URLs stay under 8 KB, the size proxies and servers accept.
                for value in Self.hostile.map({ String($0.prefix(1_000)) }) {
                    let encoded = Browser.encode(value)
                    let path = "/" + route.path.map { component -> String in
                        if case .parameter = component { return encoded }
                        return component.description
                    }.joined(separator: "/") + "?page=\(encoded)&per=\(encoded)&kind=\(encoded)&q=\(encoded)&type=\(encoded)"
                    let page = try await browser.get(path)
                    if page.status.code >= 500 { failures.append("\(path.prefix(80)): \(page.status)") }
                    if page.status.code >= 400, page.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") != true {
                        failures.append("\(path.prefix(80)): \(page.status) is not problem+json")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }
}
