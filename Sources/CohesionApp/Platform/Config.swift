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
    /// Re-read templates on every request (while editing them); otherwise they are cached.
    public var reloadTemplates: Bool
    /// Seconds a public page rendered for anonymous visitors is reused; 0 turns the cache off.
    public var publicPageCacheSeconds: Int

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
        reloadTemplates: Bool = false,
        publicPageCacheSeconds: Int = 10
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
        self.reloadTemplates = reloadTemplates
        self.publicPageCacheSeconds = publicPageCacheSeconds
    }

    public struct ConfigError: Error, CustomStringConvertible {
        public let setting: String
        public let reason: String
        public var description: String { "Configuration error in \(setting): \(reason)" }
    }

    /// Reads the settings from the environment. See README "Configuration".
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
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
        config.reloadTemplates = try flag(env, "COHESION_RELOAD_TEMPLATES") ?? false
        if let raw = env["COHESION_PUBLIC_PAGE_CACHE_SECONDS"] {
            guard let seconds = Int(raw), (0...3600).contains(seconds) else {
                throw ConfigError(setting: "COHESION_PUBLIC_PAGE_CACHE_SECONDS", reason: "must be a whole number of seconds from 0 (off) to 3600")
            }
            config.publicPageCacheSeconds = seconds
        }
        if let raw = env["COHESION_SIGN_IN_LIMIT"] {
            guard let limit = Int(raw), (1...100_000).contains(limit) else {
                throw ConfigError(setting: "COHESION_SIGN_IN_LIMIT", reason: "must be a whole number of sign-in attempts from 1 to 100000")
            }
            config.signInAttemptsPerAddress = limit
        }
        return config
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

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    public var cohesionConfig: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }
}
