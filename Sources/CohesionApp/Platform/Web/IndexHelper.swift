import Fluent
import SQLKit

/// Creates plain indexes. Fluent's schema builder has no index API, but `CREATE INDEX` is the
/// same on SQLite and PostgreSQL, so one statement serves both.
enum IndexHelper {
    static func create(index name: String, on table: String, columns: [String], database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
