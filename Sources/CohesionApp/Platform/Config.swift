import Foundation
import Vapor

/// Settings read once from the environment at start-up. A malformed setting stops start-up
/// with a message naming it, rather than surfacing later as a confusing failure.
public struct AppConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqlite(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var database: DatabaseChoice
    /// Bcrypt work factor. 12 in production; tests use the minimum (4) to stay fast.
    public var bcryptCost: Int
    /// Public address of the service, used in links sent by email.
    public var publicURL: String
    /// Whether the service sits behind TLS (adds HSTS and Secure cookies).
    public var secureCookies: Bool
    /// Trust `X-Forwarded-For` from a reverse proxy when counting sign-in attempts.
    public var trustForwardedFor: Bool
    /// Hours a signed-in session lasts without use before it ends.
    public var sessionIdleHours: Double
    /// Hours a signed-in session lasts at most, however much it is used.
    public var sessionMaxHours: Double
    /// Sign-in attempts one address may make in 5 minutes before being refused.
    public var signInAttemptsPerAddress: Int
    /// Folder where outgoing email is written as .eml files for a relay; nil prints it instead.
    public var mailOutbox: String?
    public var mailFrom: String
    /// One JSON object per log line instead of Vapor's text format.
    public var jsonLogs: Bool
    /// Seconds a public page rendered for anonymous visitors is reused; 0 turns the cache off.
    public var publicPageCacheSeconds: Int
    /// Seconds an area's census profile read from the database is reused by this process; 0 reads
    /// it on every request. Changes made in this process clear it at once.
    public var censusCacheSeconds: Int = 60
    /// The largest file the data page takes, in megabytes; the proxy's body limit must allow it.
    public var uploadLimitMegabytes: Int = 30
    /// Where the source code of the running version can be had, as the AGPL requires (`/source`).
    public var sourceURL: String
    /// The version running: `COHESION_SOURCE_VERSION`, else the git commit of the working
    /// directory's checkout, else "unknown".
    public var sourceVersion: String
    /// The council's 360Giving publisher prefix (`360G-walsallcouncil`), registered with
    /// 360Giving: `COHESION_360GIVING_PREFIX`. Unset, one is made from the council's name.
    public var threeSixtyGivingPrefix: String?
    /// The council's org-id as a funder (`GB-LAE-WLL`, from org-id.guide's local authority
    /// list): `COHESION_FUNDER_ORG_ID`. Unset, the publisher prefix and `-COUNCIL`.
    public var funderOrgID: String?
    /// Keys that encrypt special category answers (`COHESION_FIELD_KEYS`), current first. Empty
    /// means the public development key, which production refuses (`productionProblem`).
    var fieldKeys: [FieldCipher.Key] = []

    public static let defaultSourceURL = "https://github.com/cohesion-platform/cohesion"
    public static let unknownVersion = "unknown"

    public init(
        database: DatabaseChoice = .sqlite(path: "./cohesion.sqlite"),
        bcryptCost: Int = 12,
        publicURL: String = "http://127.0.0.1:8080",
        secureCookies: Bool = false,
        trustForwardedFor: Bool = false,
        sessionIdleHours: Double = 8,
        sessionMaxHours: Double = 24,
        signInAttemptsPerAddress: Int = 30,
        mailOutbox: String? = nil,
        mailFrom: String = "cohesion@localhost",
        jsonLogs: Bool = false,
        publicPageCacheSeconds: Int = 10,
        sourceURL: String = AppConfig.defaultSourceURL,
        sourceVersion: String = AppConfig.unknownVersion
    ) {
        self.database = database
        self.bcryptCost = bcryptCost
        self.publicURL = publicURL
        self.secureCookies = secureCookies
        self.trustForwardedFor = trustForwardedFor
        self.sessionIdleHours = sessionIdleHours
        self.sessionMaxHours = sessionMaxHours
        self.signInAttemptsPerAddress = signInAttemptsPerAddress
        self.mailOutbox = mailOutbox
        self.mailFrom = mailFrom
        self.jsonLogs = jsonLogs
        self.publicPageCacheSeconds = publicPageCacheSeconds
        self.sourceURL = sourceURL
        self.sourceVersion = sourceVersion
    }

    public struct ConfigError: Error, CustomStringConvertible {
        public let setting: String
        public let reason: String
        public var description: String { "Configuration error in \(setting): \(reason)" }
    }

    /// Reads the settings from the environment. See README "Configuration". The version
    /// running is looked up in `workingDirectory`'s git checkout when not given.
    public static func fromEnvironment(
        _ env: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> AppConfig {
        var config = AppConfig()
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), URL(string: url)?.host != nil else {
                throw ConfigError(setting: "DATABASE_URL", reason: "must look like postgres://user:password@host:5432/database")
            }
            config.database = .postgres(url: url)
        } else if let path = env["COHESION_SQLITE_PATH"], !path.isEmpty {
            config.database = path == ":memory:" ? .sqliteMemory : .sqlite(path: path)
        }
        if let raw = env["COHESION_BCRYPT_COST"] {
            guard let cost = Int(raw), (4...31).contains(cost) else {
                throw ConfigError(setting: "COHESION_BCRYPT_COST", reason: "must be a whole number from 4 to 31")
            }
            config.bcryptCost = cost
        }
        if let raw = env["COHESION_PUBLIC_URL"] {
            guard let url = URL(string: raw), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigError(setting: "COHESION_PUBLIC_URL", reason: "must be an http or https address")
            }
            config.publicURL = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            config.secureCookies = url.scheme == "https"
        }
        config.trustForwardedFor = try flag(env, "COHESION_TRUST_PROXY") ?? false
        if let raw = env["COHESION_SESSION_IDLE_HOURS"] {
            guard let hours = Double(raw), hours > 0, hours <= 24 * 30 else {
                throw ConfigError(setting: "COHESION_SESSION_IDLE_HOURS", reason: "must be a number of hours between 0 and 720")
            }
            config.sessionIdleHours = hours
        }
        if let raw = env["COHESION_SESSION_MAX_HOURS"] {
            guard let hours = Double(raw), hours >= 1, hours <= 24 * 30 else {
                throw ConfigError(setting: "COHESION_SESSION_MAX_HOURS", reason: "must be a number of hours from 1 to 720")
            }
            config.sessionMaxHours = hours
        }
        if let outbox = env["COHESION_MAIL_OUTBOX"], !outbox.isEmpty { config.mailOutbox = outbox }
        if let from = env["COHESION_MAIL_FROM"], !from.isEmpty {
            guard from.contains("@"), !from.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw ConfigError(setting: "COHESION_MAIL_FROM", reason: "must be an email address, like cohesion@walsall.gov.uk")
            }
            config.mailFrom = from
        }
        if let format = env["COHESION_LOG_FORMAT"], !format.isEmpty {
            guard ["json", "text"].contains(format) else {
                throw ConfigError(setting: "COHESION_LOG_FORMAT", reason: "must be json or text")
            }
            config.jsonLogs = format == "json"
        }
        if let raw = env["COHESION_PUBLIC_PAGE_CACHE_SECONDS"] {
            guard let seconds = Int(raw), (0...3600).contains(seconds) else {
                throw ConfigError(setting: "COHESION_PUBLIC_PAGE_CACHE_SECONDS", reason: "must be a whole number of seconds from 0 (off) to 3600")
            }
            config.publicPageCacheSeconds = seconds
        }
        if let raw = env["COHESION_CENSUS_CACHE_SECONDS"] {
            guard let seconds = Int(raw), (0...86_400).contains(seconds) else {
                throw ConfigError(setting: "COHESION_CENSUS_CACHE_SECONDS", reason: "must be a whole number of seconds from 0 (off) to 86400")
            }
            config.censusCacheSeconds = seconds
        }
        if let raw = env["COHESION_UPLOAD_LIMIT_MB"] {
            guard let megabytes = Int(raw), (1...1024).contains(megabytes) else {
                throw ConfigError(setting: "COHESION_UPLOAD_LIMIT_MB", reason: "must be a whole number of megabytes from 1 to 1024")
            }
            config.uploadLimitMegabytes = megabytes
        }
        if let raw = env["COHESION_SIGN_IN_LIMIT"] {
            guard let limit = Int(raw), (1...100_000).contains(limit) else {
                throw ConfigError(setting: "COHESION_SIGN_IN_LIMIT", reason: "must be a whole number of sign-in attempts from 1 to 100000")
            }
            config.signInAttemptsPerAddress = limit
        }
        if let raw = env["COHESION_360GIVING_PREFIX"], !raw.isEmpty {
            guard raw.wholeMatch(of: /(360G-)?[A-Za-z0-9-]{1,60}/) != nil else {
                throw ConfigError(setting: "COHESION_360GIVING_PREFIX", reason: "must be a 360Giving prefix of letters, digits and hyphens, like 360G-walsallcouncil")
            }
            config.threeSixtyGivingPrefix = raw
        }
        if let raw = env["COHESION_FUNDER_ORG_ID"], !raw.isEmpty {
            guard raw.wholeMatch(of: /[A-Z]{2}-[A-Z]{2,5}-[A-Za-z0-9-]{1,40}/) != nil else {
                throw ConfigError(setting: "COHESION_FUNDER_ORG_ID", reason: "must be an org-id like GB-LAE-WLL (see org-id.guide)")
            }
            config.funderOrgID = raw
        }
        if let raw = env["COHESION_FIELD_KEYS"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            config.fieldKeys = try FieldCipher.parseKeys(raw).get()
        }
        if let raw = env["COHESION_SOURCE_URL"], !raw.isEmpty {
            guard let url = URL(string: raw), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                  !raw.contains(where: { $0.isWhitespace }) else {
                throw ConfigError(setting: "COHESION_SOURCE_URL", reason: "must be the http or https address of the source code, like \(defaultSourceURL)")
            }
            config.sourceURL = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        }
        // A version set explicitly wins: a package or container built without `.git` knows
        // its own version better than whatever checkout it happens to run in.
        if let raw = env["COHESION_SOURCE_VERSION"], !raw.isEmpty {
            guard isPlausibleVersion(raw) else {
                throw ConfigError(setting: "COHESION_SOURCE_VERSION",
                                  reason: "must be a version or git commit, like 1.4.0 or 3f2b9c1, of up to 100 letters, digits and . - _ + /")
            }
            config.sourceVersion = raw
        } else if let commit = GitCheckout.commit(in: workingDirectory) {
            config.sourceVersion = commit
        }
        return config
    }

    static func isPlausibleVersion(_ text: String) -> Bool {
        (1...100).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_+/".contains($0)) }
    }

    /// Why this configuration must not run in `environment`, or nil. In production the commands
    /// that answer web requests (`serve`, also Vapor's default, and `demo` when it serves) send
    /// password reset and invitation emails, and without an outbox those links would be printed
    /// to the log, where anyone who reads the journal could take over an account. The other
    /// commands (`migrate`, `create-admin`, `backup`, `import`, `routes`, `--help`...) never
    /// send email, so they still run: an operator can migrate, back up or read the help from a
    /// shell that lacks the mail setting, and refusing them would protect nothing.
    ///
    /// Special category answers are sealed with `COHESION_FIELD_KEYS`; without it they would be
    /// sealed with the development key, which is in the source code, so production refuses to
    /// serve without one too.
    public static func productionProblem(environment: Environment, config: AppConfig) -> ConfigError? {
        guard environment == .production, answersWebRequests(environment.arguments) else { return nil }
        if config.mailOutbox == nil {
            return ConfigError(setting: "COHESION_MAIL_OUTBOX", reason: """
                must be set when VAPOR_ENV is production. Without it, password reset and invitation emails \
                would be printed to the log instead of being sent. Set it to the folder your mail relay \
                collects from (see docs/operations.md, "Email delivery").
                """)
        }
        guard config.fieldKeys.isEmpty else { return nil }
        return ConfigError(setting: "COHESION_FIELD_KEYS", reason: """
            must be set when VAPOR_ENV is production. It holds the keys that encrypt special category \
            answers (ethnic group, religion, disability). Make one with `cohesion keys generate` and keep \
            it in your secrets store (see docs/operations.md, "Encryption keys").
            """)
    }

    /// Whether `cohesion <arguments>` serves the site. `arguments` starts with the program.
    static func answersWebRequests(_ arguments: [String]) -> Bool {
        let words = Array(arguments.dropFirst())
        if words.contains("--help") || words.contains("-h") { return false }
        guard let command = words.first, !command.hasPrefix("-") else { return true } // Vapor's default command is serve
        switch command {
        case "serve": return true
        case "demo": return !words.contains("--no-serve")
        default: return false
        }
    }

    static func flag(_ env: [String: String], _ name: String) throws -> Bool? {
        guard let raw = env[name] else { return nil }
        switch raw.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no", "": return false
        default: throw ConfigError(setting: name, reason: "must be true or false")
        }
    }
}

/// The commit a git checkout is on, read from its files so that neither `git` nor the network
/// is needed: `.git/HEAD`, then the branch it names in `.git/refs/` or `.git/packed-refs`. A
/// linked worktree's `.git` is a file naming its own folder, whose `commondir` holds the refs.
enum GitCheckout {
    static func commit(in directory: String) -> String? {
        let dotGit = URL(fileURLWithPath: directory).appendingPathComponent(".git")
        guard let gitDir = gitDirectory(dotGit), let head = firstLine(gitDir.appendingPathComponent("HEAD")) else { return nil }
        guard head.hasPrefix("ref: ") else { return isCommit(head) ? head : nil }
        let ref = String(head.dropFirst(5)).trimmingCharacters(in: .whitespaces)
        guard ref.hasPrefix("refs/"), !ref.split(separator: "/").contains("..") else { return nil }
        let common = firstLine(gitDir.appendingPathComponent("commondir")).map { resolve($0, from: gitDir) } ?? gitDir
        for folder in [gitDir, common] {
            if let loose = firstLine(folder.appendingPathComponent(ref)), isCommit(loose) { return loose }
        }
        // packed-refs lines are "<commit> <ref>"; "#" lines are comments, "^" lines peel tags.
        for line in (text(common.appendingPathComponent("packed-refs")) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[1] == ref, isCommit(String(parts[0])) { return String(parts[0]) }
        }
        return nil
    }

    /// `.git` itself, or the folder a worktree's `.git` file names (`gitdir: PATH`).
    private static func gitDirectory(_ dotGit: URL) -> URL? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        guard let line = firstLine(dotGit), line.hasPrefix("gitdir: ") else { return nil }
        return resolve(String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces), from: dotGit.deletingLastPathComponent())
    }

    private static func resolve(_ path: String, from folder: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path).standardizedFileURL
    }

    /// A file's text, or nil when it is missing, unreadable or implausibly large.
    private static func text(_ url: URL) -> String? {
        guard let data = try? Data(contentsOf: url), data.count < 10_000_000 else { return nil }
        return String(data: data, encoding: .utf8)
    }

    private static func firstLine(_ url: URL) -> String? {
        text(url)?.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A full SHA-1 (40) or SHA-256 (64) object name in lower-case hexadecimal.
    static func isCommit(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    public var cohesionConfig: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }
}
