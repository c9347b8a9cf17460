import Foundation
import Vapor

/// An email to send. Kept plain: Cohesion's messages are short notices with a link.
public struct MailMessage: Sendable, Equatable {
    public var to: String
    public var subject: String
    public var body: String
}

/// Sends email. The live implementation writes RFC 5322 files to an outbox folder that the
/// council's mail relay picks up; tests and the demo capture messages in memory instead.
public protocol Mailer: Sendable {
    func send(_ message: MailMessage) async throws
}

/// Keeps every message in memory, for tests and the demo (which also prints them).
public actor CapturingMailer: Mailer {
    public private(set) var messages: [MailMessage] = []
    let echo: Bool

    public init(echo: Bool = false) { self.echo = echo }

    public func send(_ message: MailMessage) async throws {
        messages.append(message)
        if echo {
            print("\n--- Email (captured, not sent) to \(message.to): \(message.subject)\n\(message.body)\n---\n")
        }
    }

    public func last(to address: String) -> MailMessage? {
        messages.last { $0.to == address }
    }
}

/// Writes each message as an `.eml` file in a folder, for a local mail relay to deliver.
public struct OutboxMailer: Mailer {
    let directory: String
    let from: String

    public init(directory: String, from: String) {
        self.directory = directory
        self.from = from
    }

    public func send(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let id = UUID().uuidString
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let headers = [
            "From: \(from)", "To: \(message.to)", "Subject: \(Self.encodedHeader(message.subject))",
            "Date: \(Self.rfc5322Date(Date()))", "Message-ID: <\(id)@\(domain)>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        let text = headers.joined(separator: "\r\n") + "\r\n\r\n" + message.body.replacingOccurrences(of: "\n", with: "\r\n")
        // Write then rename, so a relay watching the folder never picks up half a message.
        let temporary = directory + "/." + id + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        try FileManager.default.moveItem(atPath: temporary, toPath: directory + "/" + id + ".eml")
    }

    /// RFC 2047 encoding for a header with characters beyond ASCII (a council name with an accent).
    /// A header value as one line: plain ASCII as it is, anything else (including a line break,
    /// which would start a header of its own) as an RFC 2047 encoded word.
    static func encodedHeader(_ text: String) -> String {
        text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F } ? text
            : "=?utf-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

/// The current time, behind a protocol so tests can move it (lockouts, expiring links).
public protocol Clock: Sendable {
    func now() -> Date
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock tests can set and advance.
public final class TestClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date()) { current = start }

    public func now() -> Date { lock.withLock { current } }
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Everything beyond the database that the app reaches out to.
public struct AppServices: Sendable {
    public var mailer: any Mailer
    public var clock: any Clock

    public init(mailer: any Mailer, clock: any Clock = SystemClock()) {
        self.mailer = mailer
        self.clock = clock
    }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = AppServices }

    public var services: AppServices {
        get { storage[ServicesKey.self] ?? AppServices(mailer: CapturingMailer()) }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var services: AppServices { application.services }
    var now: Date { application.services.clock.now() }
}
