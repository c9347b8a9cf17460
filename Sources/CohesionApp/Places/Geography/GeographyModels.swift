import CohesionCore
import Fluent
import Vapor

/// An area's boundary as imported from a GeoJSON file: WGS84 polygons, one row per area.
/// The geometry is kept as compact JSON (`[[[[lon, lat], …] ring] polygon]`) because both
/// databases store text well and the app only ever reads a whole level at once.
final class AreaBoundary: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "area_boundaries"
    static var councilIDField: KeyPath<AreaBoundary, FieldProperty<AreaBoundary, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Field(key: "area_code") var areaCode: String
    /// ward, lsoa or district.
    @Field(key: "level") var level: String
    @Field(key: "geometry") var geometry: String
    @Field(key: "source_file") var sourceFile: String
    @Field(key: "imported_at") var importedAt: Date

    init() {}

    static func encode(_ polygons: [GeoPolygon]) -> String {
        let raw = polygons.map { $0.rings.map { $0.map { [$0.longitude, $0.latitude] } } }
        return String(decoding: (try? JSONEncoder().encode(raw)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [GeoPolygon] {
        guard let raw = try? JSONDecoder().decode([[[[Double]]]].self, from: Data(text.utf8)) else { return [] }
        return raw.map { GeoPolygon(rings: $0.map { $0.compactMap { $0.count >= 2 ? GeoPosition(longitude: $0[0], latitude: $0[1]) : nil } }) }
    }
}

/// One postcode from the ONS postcode directory (NSPL or ONSPD) for the council's district, so
/// an address typed anywhere in the app resolves to its LSOA and ward.
final class PostcodeLocation: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "postcodes"
    static var councilIDField: KeyPath<PostcodeLocation, FieldProperty<PostcodeLocation, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    /// Normalised: upper case with one space before the inward code (`WS1 1TP`).
    @Field(key: "postcode") var postcode: String
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @OptionalField(key: "ward_code") var wardCode: String?
    @OptionalField(key: "lsoa_code") var lsoaCode: String?

    init() {}
}

struct CreateGeographyTables: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("area_boundaries")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("area_code", .string, .required)
            .field("level", .string, .required)
            .field("geometry", .string, .required)
            .field("source_file", .string, .required)
            .field("imported_at", .datetime, .required)
            .unique(on: "council_id", "area_code")
            .create()
        try await database.schema("postcodes")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("postcode", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("ward_code", .string)
            .field("lsoa_code", .string)
            .unique(on: "council_id", "postcode")
            .create()
        // A representative point inside each area (from its boundary, or the demo's seed), so a
        // hex map can keep neighbours near each other even where boundaries aren't loaded.
        try await database.schema("areas").field("latitude", .double).update()
        try await database.schema("areas").field("longitude", .double).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("areas").deleteField("longitude").update()
        try await database.schema("areas").deleteField("latitude").update()
        try await database.schema("postcodes").delete()
        try await database.schema("area_boundaries").delete()
    }
}
