import Fluent
import Vapor

/// A person who signs in. Email is unique within a council and stored lower-cased.
final class User: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "users"
    static var councilIDField: KeyPath<User, FieldProperty<User, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    /// Bcrypt hash; empty until an invited user sets a password.
    @Field(key: "password_hash") var passwordHash: String
    @Enum(key: "role") var role: Role
    /// The locality a locality lead works in (an area's id; see `Role.scope`).
    @OptionalField(key: "locality_id") var localityID: UUID?
    /// The organisation a partner works for (an organisation's id).
    @OptionalField(key: "organisation_id") var organisationID: UUID?
    @Field(key: "active") var active: Bool
    @Field(key: "failed_sign_ins") var failedSignIns: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(councilID: UUID, email: String, name: String, passwordHash: String, role: Role,
         localityID: UUID? = nil, organisationID: UUID? = nil) {
        self.councilID = councilID
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.role = role
        self.localityID = localityID
        self.organisationID = organisationID
        self.active = true
        self.failedSignIns = 0
    }

    var auditFields: [String: String] {
        [
            "email": email, "name": name, "role": role.rawValue,
            "locality": localityID?.uuidString ?? "", "organisation": organisationID?.uuidString ?? "",
            "active": active ? "yes" : "no",
        ]
    }
}

struct CreateUsers: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("users")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("locality_id", .uuid, .references("areas", "id", onDelete: .setNull))
            .field("organisation_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("active", .bool, .required)
            .field("failed_sign_ins", .int, .required)
            .field("locked_until", .datetime)
            .field("last_sign_in_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "council_id", "email")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("users").delete()
    }
}

/// A signed-in browser session. The cookie holds a random token; only its SHA-256 is stored,
/// so a copy of the database can't be used to take over a session.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "council_id") var councilID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    /// The browser's `User-Agent` at sign-in, cut to 200 characters, so people can tell their
    /// sessions apart.
    @OptionalField(key: "user_agent") var userAgent: String?
    /// The address signed in from (see `Request.clientAddress`).
    @OptionalField(key: "ip_address") var ipAddress: String?

    init() {}

    init(tokenHash: String, userID: UUID, councilID: UUID, now: Date, userAgent: String? = nil, ipAddress: String? = nil) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.councilID = councilID
        self.createdAt = now
        self.lastSeenAt = now
        self.userAgent = userAgent
        self.ipAddress = ipAddress
    }
}

struct CreateUserSessions: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("user_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("user_sessions").delete()
    }
}

/// A single-use link sent by email: to reset a password, or to accept an invitation.
final class AccountLink: Model, @unchecked Sendable {
    static let schema = "account_links"

    enum Purpose: String, Codable, Sendable { case reset, invite }

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Enum(key: "purpose") var purpose: Purpose
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, purpose: Purpose, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.purpose = purpose
        self.expiresAt = expiresAt
    }
}

struct CreateAccountLinks: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("account_links")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("account_links").delete()
    }
}

/// An API token. Shown once when created; only its SHA-256 is kept.
final class APIToken: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "api_tokens"
    static var councilIDField: KeyPath<APIToken, FieldProperty<APIToken, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "user_id") var user: User
    @Field(key: "label") var label: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the token, so people can tell their tokens apart.
    @Field(key: "prefix") var prefix: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// When the token stops working; nil for a token that does not expire.
    @OptionalField(key: "expires_at") var expiresAt: Date?

    init() {}

    init(councilID: UUID, userID: UUID, label: String, tokenHash: String, prefix: String, expiresAt: Date? = nil) {
        self.councilID = councilID
        self.$user.id = userID
        self.label = label
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.expiresAt = expiresAt
    }
}

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("label", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}

/// API tokens may carry an expiry date (nullable: earlier tokens, and those made to last, have none).
struct AddAPITokenExpiry: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("api_tokens").field("expires_at", .datetime).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("api_tokens").deleteField("expires_at").update()
    }
}

/// The browser and address a session was signed in from, for the account page's session list.
/// Sessions started before this migration have neither.
struct AddUserSessionDetails: AsyncMigration {
    func prepare(on database: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("user_sessions").field("user_agent", .string).update()
        try await database.schema("user_sessions").field("ip_address", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("user_sessions").deleteField("ip_address").update()
        try await database.schema("user_sessions").deleteField("user_agent").update()
    }
}
