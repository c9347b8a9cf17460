import Fluent
import Vapor

/// One imported Census 2021 topic summary (TS021 ethnic group, TS030 religion, ...) for a
/// council. Re-importing a table replaces it whole; categories and values go with it.
final class CensusTable: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "census_tables"
    static var councilIDField: KeyPath<CensusTable, FieldProperty<CensusTable, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    /// The table identifier when known (`TS021`), otherwise the topic name: one table per key.
    @Field(key: "table_key") var tableKey: String
    @Field(key: "topic") var topic: String
    /// The geography the figures are for: lsoa, msoa, ward or district.
    @Field(key: "level") var level: String
    @Field(key: "source_file") var sourceFile: String
    @Field(key: "imported_at") var importedAt: Date

    init() {}
}

/// A category (column) of a Census table, with its place in the table's hierarchy.
final class CensusTableCategory: Model, @unchecked Sendable {
    static let schema = "census_categories"

    @ID(key: .id) var id: UUID?
    @Parent(key: "table_id") var table: CensusTable
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "path") var path: String
    @OptionalField(key: "parent_position") var parentPosition: Int?
    @Field(key: "depth") var depth: Int
    @Field(key: "is_total") var isTotal: Bool

    init() {}
}

struct CreateCensusTables: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("census_tables")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("table_key", .string, .required)
            .field("topic", .string, .required)
            .field("level", .string, .required)
            .field("source_file", .string, .required)
            .field("imported_at", .datetime, .required)
            .unique(on: "council_id", "table_key")
            .create()
        try await database.schema("census_categories")
            .id()
            .field("table_id", .uuid, .required, .references("census_tables", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("path", .string, .required)
            .field("parent_position", .int)
            .field("depth", .int, .required)
            .field("is_total", .bool, .required)
            .unique(on: "table_id", "position")
            .create()
        // Values are the bulk of the data: plain rows, read and written with SQLKit.
        try await database.schema("census_values")
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("table_id", .uuid, .required, .references("census_tables", "id", onDelete: .cascade))
            .field("area_code", .string, .required)
            .field("position", .int, .required)
            .field("value", .int64, .required)
            .unique(on: "table_id", "area_code", "position")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("census_values").delete()
        try await database.schema("census_categories").delete()
        try await database.schema("census_tables").delete()
    }
}
