@testable import CohesionApp
import Fluent
import Foundation
import Testing
import Vapor

/// The helpers that hold database-specific behaviour, run on whichever database the suite uses.
@Suite struct SearchAndRateLimitTests {
    @Test func caseInsensitiveContainsTreatsWildcardsLiterally() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            func names(_ term: String) async throws -> [String] {
                try await Search.contains(tenant.query(Organisation.self), \.$name, term, on: test.db).sort(\.$name).all().map(\.name)
            }
            #expect(try await names("caldmore WOMEN") == ["Caldmore Women's Network (example)"])
            #expect(try await names("(EXAMPLE)").count == 7)
            #expect(try await names("%").isEmpty)
            #expect(try await names("_").isEmpty)
            #expect(try await names("\\").isEmpty)
            #expect(try await names("Women's").count == 1, "quotes are bound, not spliced into SQL")
            #expect(try await names("Otherton").isEmpty, "search stays inside the council")
        }
    }

    @Test func rateLimitCountsHitsPerWindowUnderConcurrency() async throws {
        try await withTestApp { test in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let db = test.db
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await RateLimiter.hit("test-bucket", limit: 12, windowSeconds: 300, now: now, on: db) }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 12, "exactly the limit is allowed, however the hits interleave")
            #expect(try await RateLimiter.hit("test-bucket", limit: 12, windowSeconds: 300, now: now.addingTimeInterval(300), on: db))
            #expect(try await RateLimiter.hit("other-bucket", limit: 1, windowSeconds: 300, now: now, on: db))
        }
    }

    @Test func accountLinksCanBeClaimedOnlyOnce() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let link = AccountLink(tokenHash: "h", userID: f.user(.officer).id!, purpose: .reset, expiresAt: Date().addingTimeInterval(60))
            try await link.create(on: test.db)
            let db = test.db
            let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await AccountLinks.claim(link, now: Date(), on: db) } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(claims.filter { $0 }.count == 1)
        }
    }
}
