import Logging
import NIOConcurrencyHelpers
import Vapor

/// Records the SQL statements the app runs while it answers requests, on SQLite and PostgreSQL
/// alike.
///
/// Both drivers run statements through SQLKit, which logs each one as "Executing query" with its
/// text in the `sql` metadata, at `sqlLogLevel` (`.debug`, set in `configureDatabase`), on the
/// logger of the `Database` that runs it. `req.db` is made with the request's logger, so a
/// middleware put first gives every request a logger that also records those lines. Statements
/// through `app.db` (commands, seeding) are not seen, which is what a test of a page wants.
/// Tests assert a lower bound too, so a change to the log level can't make a count pass unseen.
final class SQLStatementCounter: Sendable {
    private let recorded = NIOLockedValueBox<[String]>([])

    var statements: [String] { recorded.withLockedValue { $0 } }
    var count: Int { statements.count }

    func reset() { recorded.withLockedValue { $0.removeAll() } }
    fileprivate func record(_ sql: String) { recorded.withLockedValue { $0.append(sql) } }

    /// Adds the counting middleware after every other one, so it counts the page's own
    /// statements: not resolving the council, which each process caches for a few seconds (a
    /// slow test run could otherwise see the cache lapse between two requests).
    func install(on app: Application) {
        app.middleware.use(Middleware(counter: self), at: .end)
    }

    /// The statements run while `body` runs (one request, usually).
    func statements(during body: () async throws -> Void) async rethrows -> [String] {
        reset()
        try await body()
        return statements
    }

    struct Middleware: AsyncMiddleware {
        let counter: SQLStatementCounter

        func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
            var logger = request.logger
            logger.handler = Handler(wrapped: logger.handler, counter: counter)
            request.logger = logger
            return try await next.respond(to: request)
        }
    }

    /// Passes every message on to the request's own handler at that handler's level, and records
    /// the SQL of every statement, whatever that level.
    struct Handler: LogHandler {
        var wrapped: any LogHandler
        let counter: SQLStatementCounter

        var metadata: Logger.Metadata {
            get { wrapped.metadata }
            set { wrapped.metadata = newValue }
        }

        var metadataProvider: Logger.MetadataProvider? {
            get { wrapped.metadataProvider }
            set { wrapped.metadataProvider = newValue }
        }

        /// The lowest level, so that SQLKit's debug lines reach `log`.
        var logLevel: Logger.Level {
            get { .trace }
            set { wrapped.logLevel = newValue }
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { wrapped[metadataKey: key] }
            set { wrapped[metadataKey: key] = newValue }
        }

        func log(event: LogEvent) {
            if event.message.description == "Executing query", case .string(let sql)? = event.metadata?["sql"] {
                counter.record(sql)
            }
            if event.level >= wrapped.logLevel { wrapped.log(event: event) }
        }
    }
}
