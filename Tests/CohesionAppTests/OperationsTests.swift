@testable import CohesionApp
import Fluent
import SQLKit
import Foundation
import Testing
import Vapor

@Suite struct OperationsTests {
    @Test func healthAndMetrics() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            let health = try await browser.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.body.contains("\"status\":\"ok\""))
            _ = try await browser.get("/areas")
            _ = try await browser.get("/areas/E05001301")
            let metrics = try await browser.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.body.contains("http_requests_total"))
            #expect(metrics.body.contains("http_request_duration_seconds_bucket"))
            #expect(metrics.body.contains("path=\"/areas/:code\""), "requests are counted by route pattern, not raw path")
        }
    }

    @Test func everyResponseCarriesSecurityHeaders() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            for path in ["/", "/areas", "/sign-in", "/no-such-page", "/api/v1/areas", "/css/app.css", "/healthz"] {
                let page = try await browser.get(path)
                #expect(page.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(page.headers.first(name: "Referrer-Policy") != nil, "\(path)")
                #expect(page.headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
            }
            let csrf = try await Browser(test).get("/sign-in").headers[canonicalForm: "Set-Cookie"].first { $0.hasPrefix(AppCookie.csrf.rawValue) } ?? ""
            #expect(csrf.contains("HttpOnly"))
            #expect(csrf.lowercased().contains("samesite"))
        }
    }

    @Test func unknownPagesGetAFriendly404AndErrorsNoStackTrace() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let page = try await Browser(test).get("/this/does/not/exist")
            #expect(page.status == .notFound)
            #expect(page.body.contains("Page not found"))
            #expect(page.body.contains("govuk-header"))
            let garbage = try await Browser(test).send(.POST, "/sign-in", headers: [("Content-Type", "application/json")], body: "{not json")
            #expect(garbage.status == .forbidden, "no CSRF token in a body that can't be read")
            #expect(!garbage.body.contains("DecodingError"))
        }
    }

    @Test func openAPIDocumentListsEveryAPIRoute() async throws {
        try await withTestApp { test in
            let page = try await Browser(test).get("/api/openapi.json")
            #expect(page.status == .ok)
            let doc = try page.json(JSONValue.self)
            #expect(doc["openapi"] == "3.1.0")
            guard case .object(let paths)? = doc["paths"] else { Issue.record("no paths"); return }
            let apiRoutes = test.app.routes.all.filter { $0.template.hasPrefix("/api/v1/") }
            #expect(apiRoutes.count >= 4)
            for route in apiRoutes {
                let path = route.template
                let operation = paths[path]?[route.method.rawValue.lowercased()]
                #expect(operation != nil, "\(route.method) \(path) is missing from /api/openapi.json")
                #expect(operation?["responses"]?["401"] != nil, "\(path) must document 401")
            }
        }
    }

    @Test func sqliteUsesWriteAheadLogging() async throws {
        guard !TestApp.usesPostgres else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wal-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await withTestApp(adjust: { $0.database = .sqlite(path: path) }) { test in
            let sql = test.db as! any SQLDatabase
            struct Row: Decodable { let journal_mode: String }
            let mode = try await sql.raw("PRAGMA journal_mode").first(decoding: Row.self)
            #expect(mode?.journal_mode == "wal")
        }
    }
}
