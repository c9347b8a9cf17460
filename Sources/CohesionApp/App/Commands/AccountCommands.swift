import CohesionCore
import Fluent
import SQLKit
import Vapor

/// `cohesion create-admin --email E --name N [--council NAME --district CODE [--contact-email E]]`,
/// password on stdin.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The administrator's email address")
        var email: String?
        @Option(name: "name", help: "The administrator's full name")
        var name: String?
        @Option(name: "council", help: "Council name (required when the database has no council yet)")
        var council: String?
        @Option(name: "district", help: "ONS district code, e.g. E08000030 (with --council; or to choose among several councils)")
        var district: String?
        @Option(name: "host", help: "Host name a new council is served on (needed when the database already serves a council)")
        var host: String?
        @Option(name: "contact-email", help: "A new council's address for residents to contact its cohesion team (shown on /contact)")
        var contactEmail: String?
    }

    var help: String { "Creates an administrator (and, with --council and --district, their council); the password is read from standard input" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let rawEmail = signature.email, ContactDetails.isPlausibleEmail(rawEmail) else {
            throw UsageError.missing("--email (a valid email address)")
        }
        guard let name = signature.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw UsageError.missing("--name")
        }
        // Hidden when typed at a terminal; read as a plain line when piped in.
        let password = context.console.input(isSecure: isatty(0) != 0)
        if let problem = PasswordPolicy.problem(with: password) {
            throw UsageError("password (standard input)", problem)
        }
        var contactEmail: String?
        if let raw = signature.contactEmail {
            guard ContactDetails.isPlausibleEmail(raw) else { throw UsageError("contact-email", "\(raw) is not an email address like cohesion@walsall.gov.uk") }
            contactEmail = raw.trimmingCharacters(in: .whitespaces)
        }
        let council = try await Self.council(app: app, name: signature.council, district: signature.district, host: signature.host,
                                             contactEmail: contactEmail)
        let email = ContactDetails.normalisedEmail(rawEmail)
        if try await User.query(on: app.db).filter(\.$councilID == council.requireID()).filter(\.$email == email).first() != nil {
            throw UsageError("email", "an account with this email already exists")
        }
        let user = User(councilID: try council.requireID(), email: email, name: name,
                        passwordHash: try await app.password.async.hash(password), role: .admin)
        try await app.db.transaction { db in
            try await user.create(on: db)
            try await AuditLog.write(.create, .user, recordID: user.id,
                                     summary: "created on the command line; " + ChangeSummary.describe(created: user.auditFields),
                                     by: nil, council: council.requireID(), ipAddress: nil, at: Date(), on: db)
        }
        await app.councilDirectory.invalidate()
        context.console.success("Created administrator \(email) for \(council.name).")
    }

    /// The council to add to: the one whose district is named, a new one when --council names
    /// it too, or the only one there is. A contact address is only for a council made here.
    static func council(app: Application, name: String?, district: String?, host: String?, contactEmail: String? = nil) async throws -> Council {
        let councils = try await Council.query(on: app.db).all()
        let existingCouncil = UsageError("contact-email", "it is set only when create-admin creates a council; "
            + "to change an existing council's address, use cohesion council set-contact")
        if let district {
            guard let code = GSSCode(district), code.kind == .district else {
                throw UsageError("district", "\(district) is not an ONS district code like E08000030")
            }
            if let match = councils.first(where: { $0.districtCode == code.value }) {
                if contactEmail != nil { throw existingCouncil }
                return match
            }
            guard let name, !name.isEmpty else { throw UsageError("district", "no council has district \(district); add --council NAME to create it") }
            let host = host?.lowercased().trimmingCharacters(in: .whitespaces)
            if !councils.isEmpty, (host ?? "").isEmpty {
                throw UsageError.missing("--host (a second council needs its own host name, like cohesion.othertown.gov.uk)")
            }
            if let host, councils.contains(where: { $0.host == host }) { throw UsageError("host", "another council already uses \(host)") }
            return try await Councils.create(name: name, districtCode: code.value, host: host, contactEmail: contactEmail,
                                             features: app.features, on: app.db)
        }
        if councils.isEmpty {
            throw UsageError.missing("--council and --district (the database has no council yet)")
        }
        guard councils.count == 1 else {
            throw UsageError.missing("--district (this database serves several councils)")
        }
        if contactEmail != nil { throw existingCouncil }
        return councils[0]
    }
}

/// `cohesion token create --email E --name LABEL [--expires-in-days N]`.
struct TokenCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["create": CreateTokenCommand()] }
    var help: String { "Manages API tokens" }
}

struct CreateTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Email of the user the token acts for")
        var email: String?
        @Option(name: "name", help: "A label saying what will use the token")
        var name: String?
        @Option(name: "district", help: "ONS district code, when the database serves several councils")
        var district: String?
        @Option(name: "expires-in-days", help: "Days until the token stops working, 1 to 3650 (without it, the token does not expire)")
        var expiresInDays: String?
    }

    var help: String { "Prints a new API token for a user" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let email = signature.email.map(ContactDetails.normalisedEmail), !email.isEmpty else {
            throw UsageError.missing("--email")
        }
        guard let label = signature.name?.trimmingCharacters(in: .whitespaces), !label.isEmpty, label.count <= 100 else {
            throw UsageError.missing("--name (a label of up to 100 characters)")
        }
        var expiresAt: Date?
        if let raw = signature.expiresInDays {
            guard let days = Int(raw), (1...3650).contains(days) else {
                throw UsageError("--expires-in-days", "\(raw) is not a whole number of days from 1 to 3650")
            }
            expiresAt = app.services.clock.now().addingTimeInterval(Double(days) * 86_400)
        }
        var query = User.query(on: app.db).filter(\.$email == email).filter(\.$active == true)
        if let district = signature.district {
            guard let council = try await Council.query(on: app.db).filter(\.$districtCode == district.uppercased()).first() else {
                throw UsageError("district", "no council has district \(district)")
            }
            query = query.filter(\.$councilID == (try council.requireID()))
        }
        let users = try await query.all()
        guard users.count == 1, let user = users.first else {
            throw UsageError("email", users.isEmpty ? "no active user has this email" : "several councils have this user: add --district")
        }
        let token = try await APITokens.create(for: user, label: label, expiresAt: expiresAt, on: app.db, request: nil)
        context.console.output(token, style: .plain)
    }
}

/// `cohesion sweep`: deletes expired sessions, used or expired account links and old rate-limit
/// windows (`Housekeeping.sweep`), and says how many. Safe to rerun; `serve` does it every 15 minutes.
struct SweepCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Deletes expired sessions, used or expired account links and rate-limit windows older than a day" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let report = try await Housekeeping.sweep(now: app.services.clock.now(), lifetime: SessionLifetime(app.cohesionConfig), on: app.db)
        context.console.output(report.description, style: .plain)
    }
}

/// `cohesion backup --output FILE`: a consistent copy of a SQLite database, safe while the app runs.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", help: "Where to write the backup (must not exist)")
        var output: String?
    }

    var help: String { "Writes a consistent copy of the SQLite database (for PostgreSQL, explains pg_dump)" }

    struct BackupError: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let output = signature.output, !output.isEmpty else { throw UsageError.missing("--output") }
        switch app.cohesionConfig.database {
        case .postgres:
            throw BackupError(description: """
                This deployment uses PostgreSQL, which has its own consistent backup tool. Run, for example:
                  pg_dump --format=custom --file=\(output) "$DATABASE_URL"
                and restore with pg_restore. See docs/operations.md.
                """)
        case .sqliteMemory:
            throw BackupError(description: "The database is in memory; there is nothing to back up.")
        case .sqlite:
            guard !FileManager.default.fileExists(atPath: output) else {
                throw BackupError(description: "\(output) already exists; choose a new file name.")
            }
            guard let sql = app.db as? any SQLDatabase else { throw BackupError(description: "The database does not speak SQL.") }
            // VACUUM INTO writes a transactionally consistent copy while other connections keep working.
            try await sql.raw("VACUUM INTO \(bind: output)").run()
            context.console.success("Backed up to \(output).")
        }
    }
}

/// A mistake in a command's arguments: printed as a usage message, and the command exits non-zero.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ argument: String, _ reason: String) { description = "Invalid \(argument): \(reason)" }

    static func missing(_ argument: String) -> UsageError {
        var error = UsageError("", "")
        error = UsageError(description: "Missing or invalid argument: \(argument). Run with --help for usage.")
        return error
    }

    private init(description: String) { self.description = description }
}
