import CohesionCore
import Fluent
import Vapor

/// The kinds of organisation the cohesion team works with.
enum OrganisationType: String, Codable, CaseIterable, Sendable {
    case vcsGroup = "vcs_group"
    case charity
    case cic
    case school
    case faithGroup = "faith_group"
    case statutoryBody = "statutory_body"
    case business
    case other

    var label: String {
        switch self {
        case .vcsGroup: "Voluntary or community group"
        case .charity: "Registered charity"
        case .cic: "Community interest company (CIC)"
        case .school: "School or college"
        case .faithGroup: "Faith group"
        case .statutoryBody: "Statutory body (council, police, NHS)"
        case .business: "Local business"
        case .other: "Other"
        }
    }
}

/// A partner, VCS group, school, faith group, statutory body or CIC.
final class Organisation: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "organisations"
    static var councilIDField: KeyPath<Organisation, FieldProperty<Organisation, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Field(key: "name") var name: String
    @Enum(key: "type") var type: OrganisationType
    @OptionalField(key: "charity_number") var charityNumber: String?
    @OptionalField(key: "company_number") var companyNumber: String?
    @OptionalParent(key: "locality_id") var locality: Area?
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "website") var website: String?
    @OptionalField(key: "postcode") var postcode: String?
    @Field(key: "partnership_member") var partnershipMember: Bool
    @OptionalField(key: "notes") var notes: String?
    /// Where an organisation came from when no officer entered it ("Grant application
    /// CMG-2026-0042"): unverified until an officer checks it and clears this. Nil: entered or
    /// checked by staff.
    @OptionalField(key: "unverified_source") var unverifiedSource: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// The fields as text, for audit summaries of what changed.
    var auditFields: [String: String] {
        [
            "name": name, "type": type.rawValue, "charity_number": charityNumber ?? "",
            "company_number": companyNumber ?? "", "locality": $locality.id?.uuidString ?? "",
            "contact_name": contactName ?? "", "contact_email": contactEmail ?? "",
            "contact_phone": contactPhone ?? "", "website": website ?? "", "postcode": postcode ?? "",
            "partnership_member": partnershipMember ? "yes" : "no", "notes": notes ?? "",
        ]
    }
}

struct CreateOrganisations: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("type", .string, .required)
            .field("charity_number", .string)
            .field("company_number", .string)
            .field("locality_id", .uuid, .references("areas", "id", onDelete: .setNull))
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("website", .string)
            .field("postcode", .string)
            .field("partnership_member", .bool, .required)
            .field("notes", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("organisations").delete()
    }
}

/// `organisations.unverified_source` (`Organisation.unverifiedSource`).
struct AddOrganisationUnverifiedSource: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("organisations").field("unverified_source", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("organisations").deleteField("unverified_source").update()
    }
}
