import Fluent
import FluentSQL
import SQLKit

/// Case-insensitive "contains" search, the one place that knows the databases differ:
/// PostgreSQL's LIKE is case-sensitive so it gets ILIKE; SQLite's LIKE already ignores ASCII case.
/// Both are tested on both databases in `SearchAndRateLimitTests`.
enum Search {
    static func isPostgres(_ db: Database) -> Bool {
        (db as? any SQLDatabase)?.dialect.name == "postgresql"
    }

    /// The LIKE pattern for a term, with the wildcards people might type escaped.
    static func pattern(for term: String) -> String {
        let escaped = term.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%" + escaped + "%"
    }

    static func contains<M: Model>(
        _ query: QueryBuilder<M>, _ field: KeyPath<M, FieldProperty<M, String>>, _ term: String, on db: Database
    ) -> QueryBuilder<M> {
        let column = SQLColumn(SQLIdentifier(M.path(for: field)[0].description), table: SQLIdentifier(M.schemaOrAlias))
        return query.filter(.sql(LikeExpression(column: column, op: isPostgres(db) ? "ILIKE" : "LIKE", pattern: pattern(for: term))))
    }

    struct LikeExpression: SQLExpression {
        let column: SQLColumn
        let op: String
        let pattern: String

        func serialize(to serializer: inout SQLSerializer) {
            column.serialize(to: &serializer)
            serializer.write(" \(op) ")
            serializer.write(bind: pattern)
            serializer.write(" ESCAPE '\\'")
        }
    }
}
