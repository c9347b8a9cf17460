import CohesionCore
import Fluent
import Vapor

/// One entry in the audit log: who did what to which record, when and from where.
final class AuditEvent: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "audit_events"
    static var councilIDField: KeyPath<AuditEvent, FieldProperty<AuditEvent, UUID>> { \.$councilID }

    enum Action: String, Codable, CaseIterable, Sendable {
        case create, update, delete
        /// A read of a person's record, where DESIGN.md asks for reads to be recorded.
        case view
        case signIn = "sign_in", signInFailed = "sign_in_failed", signOut = "sign_out"
        case passwordReset = "password_reset"

        var label: String {
            switch self {
            case .create: "Created"
            case .update: "Changed"
            case .delete: "Deleted"
            case .view: "Viewed"
            case .signIn: "Signed in"
            case .signInFailed: "Failed sign-in"
            case .signOut: "Signed out"
            case .passwordReset: "Password set"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @OptionalField(key: "user_id") var userID: UUID?
    /// The actor's name at the time, kept so the log still reads after a user is removed.
    @Field(key: "actor") var actor: String
    @Enum(key: "action") var action: Action
    @Field(key: "record_type") var recordType: String
    @OptionalField(key: "record_id") var recordID: String?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "ip_address") var ipAddress: String?
    @Field(key: "at") var at: Date

    init() {}
}

struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("user_id", .uuid)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string)
            .field("summary", .string, .required)
            .field("ip_address", .string)
            .field("at", .datetime, .required)
            .create()
        try await IndexHelper.create(index: "audit_events_council_at", on: "audit_events", columns: ["council_id", "at"], database: database)
    }

    func revert(on database: Database) async throws {
        try await database.schema("audit_events").delete()
    }
}

/// Writes audit entries. Call it with the same database handle as the change, inside the
/// change's transaction, so an entry exists exactly when the change does.
enum AuditLog {
    static func record(
        _ action: AuditEvent.Action, _ type: AuditRecordType, recordID: UUID?, summary: String,
        by user: User?, council: UUID, on db: Database, request: Request
    ) async throws {
        try await write(action, type, recordID: recordID, summary: summary, by: user,
                        council: council, ipAddress: request.clientAddress, at: request.now, on: db)
    }

    /// The same, for commands and other work outside a request.
    static func write(
        _ action: AuditEvent.Action, _ type: AuditRecordType, recordID: UUID?, summary: String,
        by user: User?, council: UUID, ipAddress: String?, at: Date, on db: Database
    ) async throws {
        let event = AuditEvent()
        event.councilID = council
        event.userID = user?.id
        event.actor = user?.name ?? "System"
        event.action = action
        event.recordType = type.key
        event.recordID = recordID?.uuidString
        event.summary = summary
        event.ipAddress = ipAddress
        event.at = at
        try await event.create(on: db)
    }

    /// Records a change to a record, naming the fields that changed.
    static func recordChange(
        _ type: AuditRecordType, recordID: UUID?, before: [String: String], after: [String: String],
        request: Request, on db: Database
    ) async throws {
        try await record(.update, type, recordID: recordID,
                         summary: ChangeSummary.describe(before: before, after: after),
                         by: request.currentUser, council: try request.council.requireID(), on: db, request: request)
    }
}
