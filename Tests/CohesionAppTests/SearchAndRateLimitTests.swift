@testable import CohesionApp
import Fluent
import Foundation
import SQLKit
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

    @Test func sweepingDeletesExpiredRowsAndKeepsLiveOnes() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let db = test.db
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let lifetime = SessionLifetime(idle: 8 * 3600, absolute: 24 * 3600)
            let user = try f.user(.officer).requireID(), council = try f.walsall.requireID()
            func session(_ name: String, created: TimeInterval, lastSeen: TimeInterval) async throws -> UserSession {
                let s = UserSession(tokenHash: name, userID: user, councilID: council, now: now.addingTimeInterval(-created))
                s.lastSeenAt = now.addingTimeInterval(-lastSeen)
                try await s.create(on: db)
                return s
            }
            let live = try await session("live", created: 23 * 3600, lastSeen: 7 * 3600)
            _ = try await session("idle", created: 9 * 3600, lastSeen: 8 * 3600)
            _ = try await session("too old", created: 24 * 3600, lastSeen: 60)
            func link(_ name: String, expiresIn: TimeInterval, used: Bool) async throws -> AccountLink {
                let l = AccountLink(tokenHash: name, userID: user, purpose: .reset, expiresAt: now.addingTimeInterval(expiresIn))
                if used { l.usedAt = now.addingTimeInterval(-60) }
                try await l.create(on: db)
                return l
            }
            let unused = try await link("unused", expiresIn: 60, used: false)
            _ = try await link("used", expiresIn: 60, used: true)
            _ = try await link("expired", expiresIn: 0, used: false)
            _ = try await RateLimiter.hit("recent", limit: 5, windowSeconds: 300, now: now.addingTimeInterval(-3600), on: db)
            _ = try await RateLimiter.hit("old", limit: 5, windowSeconds: 300, now: now.addingTimeInterval(-2 * 86_400), on: db)

            let report = try await Housekeeping.sweep(now: now, lifetime: lifetime, on: db)
            #expect(report == Housekeeping.Report(sessions: 2, accountLinks: 2, rateLimitWindows: 1))
            #expect(try await UserSession.query(on: db).all().map(\.id) == [live.id])
            #expect(try await AccountLink.query(on: db).all().map(\.id) == [unused.id])
            struct Window: Decodable { let bucket: String }
            let windows = try await (db as! any SQLDatabase).select().column("bucket").from("rate_limit_windows").all(decoding: Window.self)
            #expect(windows.map(\.bucket) == ["recent"])
            #expect(try await Housekeeping.sweep(now: now, lifetime: lifetime, on: db) == Housekeeping.Report(), "safe to rerun")
        }
    }

    @Test func onlyServingStartsTheSweepSchedule() {
        #expect(HousekeepingSchedule.serves(["serve"]))
        #expect(HousekeepingSchedule.serves(["serve", "--hostname", "127.0.0.1"]))
        #expect(HousekeepingSchedule.serves([]), "serve is the default command")
        #expect(HousekeepingSchedule.serves(["demo", "--port", "8081"]))
        #expect(!HousekeepingSchedule.serves(["demo", "--no-serve"]))
        for command in ["migrate", "sweep", "token", "create-admin", "backup", "import", "routes"] {
            #expect(!HousekeepingSchedule.serves([command]), "\(command)")
        }
    }
}
