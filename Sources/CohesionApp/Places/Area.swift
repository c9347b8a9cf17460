import CohesionCore
import Fluent
import Vapor

/// A place in the council's hierarchy: the district, the council's localities, electoral
/// wards and LSOAs. Wards hang under their locality; a ward with no locality under the district.
final class Area: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "areas"
    static var councilIDField: KeyPath<Area, FieldProperty<Area, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    /// ONS GSS code, or for a locality the council's own short code.
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Enum(key: "kind") var kind: AreaKind
    @OptionalParent(key: "parent_id") var parent: Area?
    /// A point inside the area (WGS84), set when its boundary is imported.
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    /// When it was last created or changed: kept indexes elsewhere (the directory's names of
    /// wards) notice another process's changes by it.
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, councilID: UUID, code: String, name: String, kind: AreaKind, parentID: UUID? = nil) {
        self.id = id
        self.councilID = councilID
        self.code = code
        self.name = name
        self.kind = kind
        self.$parent.id = parentID
    }
}

struct CreateAreas: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("areas")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("parent_id", .uuid, .references("areas", "id", onDelete: .setNull))
            .unique(on: "council_id", "code")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("areas").delete()
    }
}

/// `areas.updated_at`, for noticing changes (`Area.updatedAt`). Rows from before it have none
/// until they next change; a count notices deletions.
struct AddAreaUpdatedAt: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("areas").field("updated_at", .datetime).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("areas").deleteField("updated_at").update()
    }
}

/// An area as the API gives it.
struct AreaDTO: Content {
    let code: String
    let name: String
    let kind: String
    let parentCode: String?
}

/// One area with its parents and children, as the API and the area page show it.
struct AreaDetailDTO: Content {
    let code: String
    let name: String
    let kind: String
    let parentCode: String?
    let ancestors: [AreaDTO]
    let children: [AreaDTO]
}

extension AreaDetailDTO {
    /// Each ancestor's parent is the next one up; the children's parent is the area.
    init(_ area: AreaHierarchy.Place, ancestors: [AreaHierarchy.Place], children: [AreaHierarchy.Place]) {
        func dto(_ place: AreaHierarchy.Place, parentCode: String?) -> AreaDTO {
            AreaDTO(code: place.code, name: place.name, kind: place.kind.rawValue, parentCode: parentCode)
        }
        self.init(code: area.code, name: area.name, kind: area.kind.rawValue, parentCode: ancestors.first?.code,
                  ancestors: ancestors.enumerated().map { i, a in dto(a, parentCode: i + 1 < ancestors.count ? ancestors[i + 1].code : nil) },
                  children: children.map { dto($0, parentCode: area.code) })
    }
}
