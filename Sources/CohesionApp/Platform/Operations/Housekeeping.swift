import Fluent
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// Deletes rows that can never be used again: sessions past their idle or absolute limit,
/// account links that were used or have expired, and rate-limit windows more than a day old.
/// Expired rows are already refused where they are read; sweeping keeps the tables small and
/// stops them holding addresses and browser details longer than needed. Run by
/// `cohesion sweep` and every 15 minutes by `cohesion serve` (`HousekeepingSchedule`).
enum Housekeeping {
    struct Report: Sendable, Equatable {
        var sessions = 0
        var accountLinks = 0
        var rateLimitWindows = 0

        var description: String {
            "Deleted \(sessions) expired session\(sessions == 1 ? "" : "s"), "
                + "\(accountLinks) used or expired account link\(accountLinks == 1 ? "" : "s") and "
                + "\(rateLimitWindows) rate-limit window\(rateLimitWindows == 1 ? "" : "s") older than a day."
        }
    }

    /// Rate-limit windows are at most 15 minutes long; a day keeps recent ones for inspection.
    static let rateLimitRetention: TimeInterval = 86_400

    /// Deletes what has expired by `now`. Safe to run again, and from several processes at once.
    static func sweep(now: Date, lifetime: SessionLifetime, on db: Database) async throws -> Report {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "The database does not speak SQL.") }
        var report = Report()
        report.sessions = try await sql.delete(from: "user_sessions")
            .where("last_seen_at", .lessThanOrEqual, SQLBind(now.addingTimeInterval(-lifetime.idle)))
            .orWhere("created_at", .lessThanOrEqual, SQLBind(now.addingTimeInterval(-lifetime.absolute)))
            .returning("id").all().count
        report.accountLinks = try await sql.delete(from: "account_links")
            .where("used_at", .isNot, SQLLiteral.null)
            .orWhere("expires_at", .lessThanOrEqual, SQLBind(now))
            .returning("id").all().count
        report.rateLimitWindows = try await sql.delete(from: "rate_limit_windows")
            .where("window_start", .lessThan, SQLBind(Int64(now.timeIntervalSince1970 - rateLimitRetention)))
            .returning("bucket").all().count
        return report
    }
}

/// Runs `Housekeeping.sweep` every 15 minutes while the app serves HTTP (`cohesion serve`, or
/// the demo when it serves). Other commands, and tests (which never boot the app), don't sweep.
/// A failed sweep is logged and tried again next time; it never stops the server.
struct HousekeepingSchedule: LifecycleHandler {
    static let interval: TimeAmount = .minutes(15)
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)

    /// Whether the command line starts a server: `serve` (also the default command) or the
    /// demo without `--no-serve`. The command is the first argument not starting with `-`, as
    /// ConsoleKit reads it.
    static func serves(_ arguments: [String]) -> Bool {
        switch arguments.first(where: { !$0.hasPrefix("-") }) ?? "serve" {
        case "serve": true
        case "demo": !arguments.contains("--no-serve")
        default: false
        }
    }

    func didBootAsync(_ application: Application) async throws {
        guard application.environment != .testing, Self.serves(application.environment.commandInput.arguments) else { return }
        let logger = application.logger
        let loop = application.eventLoopGroup.next()
        let repeated = loop.scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: Self.interval) { _ in
            loop.makeFutureWithTask {
                do {
                    let report = try await Housekeeping.sweep(now: application.services.clock.now(),
                                                              lifetime: SessionLifetime(application.cohesionConfig), on: application.db)
                    logger.info("Housekeeping: \(report.description)")
                } catch {
                    logger.error("Housekeeping sweep failed; trying again in 15 minutes: \(String(reflecting: error))")
                }
            }
        }
        task.withLockedValue { $0 = repeated }
    }

    func shutdown(_ application: Application) {
        task.withLockedValue { $0?.cancel(); $0 = nil }
    }

    func shutdownAsync(_ application: Application) async {
        shutdown(application)
    }
}
