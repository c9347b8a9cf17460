import Fluent

/// The one ordered list of migrations: each feature's, in the order of `Features.all`.
/// Append only: never reorder or edit a migration that has shipped; add a new one instead.
/// Fluent records applied migrations by name, so an existing database is unaffected by where
/// a feature sits in the list. Every migration runs on SQLite and PostgreSQL.
enum CohesionMigrations {
    static var all: [any Migration] { Features.all.flatMap(\.migrations) }
}
