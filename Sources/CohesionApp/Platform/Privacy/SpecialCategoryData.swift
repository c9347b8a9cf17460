import Fluent
import SQLKit
import Vapor

/// A column of a feature's table holding values sealed with `FieldCipher`. Features declare
/// theirs (`Feature.encryptedColumns`) so that `cohesion keys rotate` can re-encrypt them all.
struct EncryptedColumn: Sendable, Hashable {
    let table: String
    let column: String
    /// The table's primary key column.
    var idColumn: String = "id"

    /// Bound into every value as authenticated data.
    var context: String { table + "." + column }
}

extension Application {
    private struct FieldCipherKey: StorageKey { typealias Value = FieldCipher }

    /// Set up once by `configure` from `COHESION_FIELD_KEYS` (or the development key).
    var fieldCipher: FieldCipher {
        get { storage[FieldCipherKey.self] ?? FieldCipher(keys: [FieldCipher.developmentKey]) }
        set { storage[FieldCipherKey.self] = newValue }
    }
}

extension Request {
    var fieldCipher: FieldCipher { application.fieldCipher }
}

/// Opening sealed values is a read of special category data, which DESIGN.md asks to be audited:
/// every read goes through here and leaves one entry naming who, how many records, which field
/// and why ("Read the ethnic group of 612 survey responses to weight Spring 2026").
enum SpecialCategoryRead {
    struct Reader {
        let user: User?
        let council: UUID
        let ipAddress: String?
        let at: Date

        init(request: Request) throws {
            user = request.currentUser
            council = try request.council.requireID()
            ipAddress = request.clientAddress
            at = request.now
        }

        init(user: User?, council: UUID, ipAddress: String?, at: Date) {
            self.user = user
            self.council = council
            self.ipAddress = ipAddress
            self.at = at
        }
    }

    /// Opens each sealed value (nil stays nil) and writes the audit entry, in `db`'s transaction
    /// when there is one. `what` names the field in words ("ethnic group"), `records` the
    /// records in the plural ("survey responses").
    static func open(_ sealed: [String?], column: EncryptedColumn, cipher: FieldCipher, what: String, records: String,
                     purpose: String, type: AuditRecordType, recordID: UUID?, by reader: Reader, on db: Database) async throws -> [String?] {
        let opened = try sealed.map { value throws(FieldCipher.Failure) in try value.map { v throws(FieldCipher.Failure) in try cipher.open(v, column: column.context) } }
        let count = sealed.lazy.filter { $0 != nil }.count
        try await AuditLog.write(.view, type, recordID: recordID,
                                 summary: "Read the \(what) of \(DisplayFormat.count(count)) \(records) \(purpose)",
                                 by: reader.user, council: reader.council, ipAddress: reader.ipAddress, at: reader.at, on: db)
        return opened
    }
}

/// `cohesion keys generate|rotate`: field encryption keys (docs/operations.md, "Encryption keys").
struct KeyCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["generate": GenerateKeyCommand(), "rotate": RotateKeysCommand()] }
    var help: String { "Makes and rotates the keys that encrypt special category answers" }
}

struct GenerateKeyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "id", help: "A short name for the key, like 2026a (letters, digits, - and _)")
        var id: String?
    }

    var help: String { "Prints a new random key as id:secret, to put first in COHESION_FIELD_KEYS" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let id = signature.id ?? Self.defaultID(context.application.services.clock.now())
        guard FieldCipher.isKeyID(id) else { throw UsageError("id", "must be 1 to 20 letters, digits, - or _") }
        context.console.output(FieldCipher.generateKey(id: id), style: .plain)
    }

    static func defaultID(_ now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "k%04d%02d%02d", c.year!, c.month!, c.day!)
    }
}

/// Re-seals every value not sealed with the current key, in batches, each value replaced only
/// if it is still the one read (so a concurrent edit is never overwritten). Safe to rerun and to
/// stop half-way: values already current are skipped.
struct RotateKeysCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Re-encrypts every special category value with the first key in COHESION_FIELD_KEYS" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let counts = try await Self.rotate(columns: app.features.flatMap(\.encryptedColumns), cipher: app.fieldCipher, on: app.db)
        for (column, count) in counts {
            context.console.output("\(column.context): \(DisplayFormat.count(count, "value")) re-encrypted with key \(app.fieldCipher.current.id).", style: .plain)
        }
    }

    struct Row: Decodable {
        let id: UUID
        let value: String
    }

    static func rotate(columns: [EncryptedColumn], cipher: FieldCipher, on db: Database, batch: Int = 500) async throws -> [(EncryptedColumn, Int)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var done: [(EncryptedColumn, Int)] = []
        let currentPrefix = FieldCipher.prefix + cipher.current.id + "."
        for column in columns {
            var count = 0
            while true {
                let rows = try await sql.select()
                    .column(SQLAlias(SQLIdentifier(column.idColumn), as: SQLIdentifier("id")))
                    .column(SQLAlias(SQLIdentifier(column.column), as: SQLIdentifier("value")))
                    .from(column.table)
                    .where(SQLIdentifier(column.column), .isNot, SQLLiteral.null)
                    // Compared exactly: LIKE would read `_` in a key id as any character, and
                    // SQLite's LIKE ignores case, so values under `k1` would pass for `K1`'s.
                    .where(SQLFunction("substr", args: SQLIdentifier(column.column), SQLLiteral.numeric("1"),
                                       SQLLiteral.numeric(String(currentPrefix.count))), .notEqual, SQLBind(currentPrefix))
                    .limit(batch)
                    .all(decoding: Row.self)
                if rows.isEmpty { break }
                try await db.transaction { tx in
                    guard let tsql = tx as? any SQLDatabase else { return }
                    for row in rows {
                        let plain = try cipher.open(row.value, column: column.context)
                        try await tsql.update(column.table)
                            .set(SQLIdentifier(column.column), to: SQLBind(cipher.seal(plain, column: column.context)))
                            .where(SQLIdentifier(column.idColumn), .equal, SQLBind(row.id))
                            .where(SQLIdentifier(column.column), .equal, SQLBind(row.value))
                            .run()
                    }
                }
                count += rows.count
            }
            done.append((column, count))
        }
        return done
    }
}
