import Fluent
import SQLKit
import Vapor

/// Fixed-window counters kept in the database, so the limit holds across app processes.
/// `Housekeeping.sweep` deletes windows more than a day old.
struct CreateRateLimitWindows: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("rate_limit_windows")
            .field("bucket", .string, .required)
            .field("window_start", .int64, .required)
            .field("hits", .int64, .required)
            .unique(on: "bucket", "window_start")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("rate_limit_windows").delete()
    }
}

enum RateLimiter {
    /// Counts one hit in the current window and says whether the bucket is still within `limit`.
    /// The upsert is a single statement with the same syntax on SQLite (3.35+) and PostgreSQL,
    /// so concurrent hits can't both read a stale count.
    static func hit(_ bucket: String, limit: Int, windowSeconds: Int, now: Date, on db: Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return true }
        let window = Int64(now.timeIntervalSince1970) / Int64(windowSeconds) * Int64(windowSeconds)
        struct Row: Decodable { let hits: Int64 }
        let row = try await sql.raw("""
            INSERT INTO rate_limit_windows (bucket, window_start, hits) VALUES (\(bind: bucket), \(bind: window), 1)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
            RETURNING hits
            """).first(decoding: Row.self)
        return (row?.hits ?? 1) <= Int64(limit)
    }
}

extension Request {
    /// The client's address, from `X-Forwarded-For` only when configured to trust a proxy. The
    /// last entry is the one our proxy added; earlier ones are whatever the client claimed.
    var clientAddress: String? {
        if application.cohesionConfig.trustForwardedFor,
           let forwarded = headers[canonicalForm: "X-Forwarded-For"].last {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress
    }
}
