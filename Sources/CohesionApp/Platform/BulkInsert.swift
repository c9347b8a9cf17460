import Fluent
import SQLKit

/// Many plain rows written with as few statements as SQLite allows: it takes at most 32,766
/// bound values in one statement, so rows go in batches sized by their number of columns.
/// `nil` is written as NULL, so rows with and without a value share one statement.
enum BulkInsert {
    static func rows<Row: Encodable>(_ rows: [Row], into table: String, on db: Database) async throws {
        guard let first = rows.first, let sql = db as? any SQLDatabase else { return }
        let columns = max(Mirror(reflecting: first).children.count, 1)
        let perStatement = max(1, 32_000 / columns)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            try await sql.insert(into: table).models(Array(rows[start..<min(start + perStatement, rows.count)]), nilEncodingStrategy: .asNil).run()
        }
    }
}

extension Array {
    /// The array in pieces of at most `size`, for `IN (…)` lists within the same limit.
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
