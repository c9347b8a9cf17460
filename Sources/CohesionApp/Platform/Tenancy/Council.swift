import Fluent
import Vapor

/// A council served by this deployment (a tenant). Every domain row belongs to one.
extension Council {
    /// Where this council's pages are, for links in emails and open data: the configured public
    /// address (`COHESION_PUBLIC_URL`), on the council's own host where it has one.
    func siteURL(configured: String) -> String {
        guard let host, !host.isEmpty, var components = URLComponents(string: configured) else { return configured }
        components.host = host
        components.port = nil
        return components.string ?? configured
    }
}

final class Council: Model, @unchecked Sendable {
    static let schema = "councils"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// The ONS code of the local authority district, e.g. E08000030 for Walsall.
    @Field(key: "district_code") var districtCode: String
    /// The host name this council is served on, for deployments serving several councils.
    @OptionalField(key: "host") var host: String?
    /// Where residents contact the cohesion team, shown on the contact page. Nil: the page sends
    /// them to the council's main website instead.
    @OptionalField(key: "contact_email") var contactEmail: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, name: String, districtCode: String, host: String? = nil, contactEmail: String? = nil) {
        self.id = id
        self.name = name
        self.districtCode = districtCode
        self.host = host
        self.contactEmail = contactEmail
    }

    /// What the audit log records of a change.
    var auditFields: [String: String] {
        ["name": name, "district_code": districtCode, "host": host ?? "", "contact_email": contactEmail ?? ""]
    }
}

struct CreateCouncils: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("councils")
            .id()
            .field("name", .string, .required)
            .field("district_code", .string, .required)
            .field("host", .string)
            .field("created_at", .datetime)
            .unique(on: "district_code")
            .unique(on: "host")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("councils").delete()
    }
}

/// The cohesion team's contact address, for the contact page (`cohesion council set-contact`).
struct AddCouncilContactEmail: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("councils").field("contact_email", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("councils").deleteField("contact_email").update()
    }
}
