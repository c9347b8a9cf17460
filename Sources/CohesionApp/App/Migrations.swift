import Fluent

/// The one ordered list of migrations. Append only: never reorder or edit a migration that has
/// shipped; add a new one instead. Every migration runs on SQLite and PostgreSQL.
enum CohesionMigrations {
    static let all: [any Migration] = [
        CreateCouncils(),
        CreateAreas(),
        CreateOrganisations(),
        CreateUsers(),
        CreateUserSessions(),
        CreateAccountLinks(),
        CreateAPITokens(),
        CreateAuditEvents(),
        CreateRateLimitWindows(),
        CreateCensusTables(),
        CreateGeographyTables(),
        AddAPITokenExpiry(),
        AddUserSessionDetails(),
    ]
}
