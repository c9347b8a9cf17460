import Fluent
import Vapor

/// The platform's own tables, as two features so that the app's one list orders every
/// migration: councils come before everything (every row belongs to one), and the accounts
/// tables come after the features their scopes refer to (a locality lead's locality, a
/// partner's organisation). Their pages live in the Accounts feature.
enum PlatformFeatures {
    static var councils: Feature {
        Feature(name: "Councils", migrations: [CreateCouncils(), AddCouncilContactEmail()], auditRecordTypes: [.council])
    }

    static var accounts: Feature {
        Feature(
            name: "Users, sessions and the audit log",
            migrations: [
                CreateUsers(), CreateUserSessions(), CreateAccountLinks(), CreateAPITokens(),
                CreateAuditEvents(), CreateRateLimitWindows(),
                AddAPITokenExpiry(), AddUserSessionDetails(),
            ],
            auditRecordTypes: [.user, .apiToken])
    }
}

extension AuditRecordType {
    static let council = AuditRecordType(key: "council", label: "Council")
    static let user = AuditRecordType(key: "user", label: "User")
    static let apiToken = AuditRecordType(key: "api_token", label: "API token")
}
