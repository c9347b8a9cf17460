import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Census figures for one area, as the API and the area profile show them.
struct CensusProfileDTO: Content {
    struct Category: Content { let name: String; let path: String; let count: Int; let percentage: Double? }
    struct Table: Content {
        let key: String
        let topic: String
        /// The geography the figures were published for; larger areas are sums of these.
        let publishedLevel: String
        let total: Int
        let categories: [Category]
        /// True when the figures are estimated from areas that cross this one's boundary (MSOAs
        /// shared among wards by LSOA population); absent otherwise.
        var estimated: Bool? = nil
    }

    /// How ethnically diverse a ward is, among the council's wards (needs TS021).
    struct Diversity: Content {
        /// The chance that two residents picked at random belong to different broad ethnic groups.
        let index: Double
        /// 1 is the most diverse ward.
        let rank: Int
        let of: Int
    }

    let areaCode: String
    let censusDate: String
    let source: String
    let tables: [Table]
    var diversity: Diversity?
}

extension CensusProfileDTO {
    /// The API's view of a profile: the area's own tables, without the compared areas.
    init(_ profile: AreaProfile) {
        self.init(
            areaCode: profile.area.code, censusDate: "2021-03-21", source: CensusQueries.source,
            tables: profile.tables.map { table in
                Table(key: table.key, topic: table.topic, publishedLevel: table.publishedLevel.rawValue, total: table.total,
                      categories: table.categories.map { .init(name: $0.name, path: $0.path, count: $0.count, percentage: $0.percentage) },
                      estimated: table.estimated ? true : nil)
            },
            diversity: profile.diversity.map { Diversity(index: $0.index, rank: $0.rank, of: $0.of) })
    }
}

enum CensusQueries {
    static let source = "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
        + "Contains OS data © Crown copyright and database right."

    /// A table's counts by area code and category position at `level`: as published, or summed
    /// from LSOAs to wards. One query whatever the size.
    static func countsByArea(table: CensusTable, level: AreaKind, tenant: TenantScope) async throws -> [String: [Int: Int]] {
        var result: [String: [Int: Int]] = [:]
        if table.level == level.rawValue {
            for row in try await tenant.select(from: "census_values").columns("area_code", "position", "value")
                .where("table_id", .equal, SQLBind(table.requireID())).all(decoding: ValueRow.self) {
                result[row.area_code, default: [:]][row.position] = Int(row.value)
            }
        } else {
            // An LSOA without a ward keeps its own code, which no ward has.
            for row in try await countsSummedToWards(tenant, table: table.requireID()) {
                result[row.counted_at, default: [:]][row.position] = Int(row.value)
            }
        }
        return result
    }

    struct ValueRow: Decodable { let area_code: String; let position: Int; let value: Int64 }

    struct CountRow: Decodable {
        let table_id: UUID
        /// The ward for an LSOA's counts, otherwise the published area.
        let counted_at: String
        let position: Int
        let value: Int64
    }

    /// The council's census counts by table, area and category position, each ward's LSOAs
    /// added up into one row for the ward (all but `except`, whose own row is kept): one
    /// statement, one row per ward and category instead of one per LSOA.
    ///
    /// Why the database adds LSOAs up (a GROUP BY) and Core (`AreaProfile`) the rest, rather
    /// than fetching every count and adding up in Swift: for Pleck's page with the demo seed and
    /// Walsall's real TS021, TS030 and TS029, fetching every count took 2,957 rows against 573
    /// here; in a debug build on the 2-core machine, 35–55 ms against 15–21 ms on SQLite, and
    /// 130–160 ms against 36 ms on PostgreSQL (medians of 40, decoding rows being most of it).
    /// The rows fetched grow with LSOAs × tables, so the gap widens with every table imported.
    /// A council's wards, localities and district are few enough to add up in Swift, where the
    /// arithmetic is tested without a database. `CensusAggregation`, which added LSOA rows up to
    /// wards in Swift from the ONS lookup file, was used only by its own tests and is deleted;
    /// so is the per-table SQL SUM of the old profile.
    static func countsSummedToWards(_ tenant: TenantScope, table: UUID? = nil, except: String? = nil) async throws -> [CountRow] {
        // An LSOA with no ward (its ward deleted) keeps its own row, so the district still counts it.
        let countedAt: SQLQueryString = """
            CASE WHEN \(ident: "areas").\(ident: "kind") = \(bind: AreaKind.lsoa.rawValue) AND \(ident: "wards").\(ident: "code") IS NOT NULL \
            AND \(ident: "areas").\(ident: "code") <> \(bind: except ?? "") \
            THEN \(ident: "wards").\(ident: "code") ELSE \(ident: "areas").\(ident: "code") END
            """
        var query = try tenant.select(from: "census_values")
            .column(SQLColumn("table_id", table: "census_values"))
            // A name no table has as a column: PostgreSQL would group by that column instead.
            .column(countedAt, as: "counted_at")
            .column(SQLColumn("position", table: "census_values"))
            // PostgreSQL's SUM of a bigint is numeric; the cast gives an integer on both databases.
            .column(SQLRaw("CAST(SUM(\"census_values\".\"value\") AS BIGINT)"), as: "value")
            .join("census_tables", on: SQLColumn("id", table: "census_tables"), .equal, SQLColumn("table_id", table: "census_values"))
            // Only the areas of the table's level count: the published areas themselves.
            .join("areas", on: SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("council_id", table: "areas"), .equal, SQLColumn("council_id", table: "census_values")), .and,
                SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("code", table: "areas"), .equal, SQLColumn("area_code", table: "census_values")), .and,
                    SQLBinaryExpression(SQLColumn("kind", table: "areas"), .equal, SQLColumn("level", table: "census_tables")))))
            .join(SQLAlias(SQLIdentifier("areas"), as: SQLIdentifier("wards")), method: SQLJoinMethod.left,
                  on: SQLBinaryExpression(SQLColumn("id", table: "wards"), .equal, SQLColumn("parent_id", table: "areas")))
        if let table { query = query.where(SQLColumn("table_id", table: "census_values"), .equal, SQLBind(table)) }
        return try await query
            .groupBy(SQLColumn("table_id", table: "census_values")).groupBy(SQLIdentifier("counted_at"))
            .groupBy(SQLColumn("position", table: "census_values"))
            .all(decoding: CountRow.self)
    }
}
