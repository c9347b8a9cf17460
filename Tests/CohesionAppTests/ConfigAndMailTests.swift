@testable import CohesionApp
import Foundation
import Testing

@Suite struct ConfigAndMailTests {
    @Test func configurationIsReadOnceAndBadSettingsAreNamed() throws {
        let config = try AppConfig.fromEnvironment(["DATABASE_URL": "postgres://u:p@db.example:5432/cohesion?sslmode=require",
                                                    "COHESION_PUBLIC_URL": "https://cohesion.walsall.gov.uk/",
                                                    "COHESION_LOG_FORMAT": "json"])
        #expect(config.database == .postgres(url: "postgres://u:p@db.example:5432/cohesion?sslmode=require"))
        #expect(config.publicURL == "https://cohesion.walsall.gov.uk")
        #expect(config.secureCookies)
        #expect(config.jsonLogs)
        #expect(try AppConfig.fromEnvironment([:]).database == .sqlite(path: "./cohesion.sqlite"))
        #expect(try AppConfig.fromEnvironment(["COHESION_SIGN_IN_LIMIT": "500"]).signInAttemptsPerAddress == 500)
        #expect(try AppConfig.fromEnvironment([:]).sessionMaxHours == 24)
        #expect(try AppConfig.fromEnvironment(["COHESION_SESSION_MAX_HOURS": "12.5"]).sessionMaxHours == 12.5)
        #expect(try AppConfig.fromEnvironment(["COHESION_SESSION_MAX_HOURS": "720"]).sessionMaxHours == 720)
        let bad: [(String, String)] = [("DATABASE_URL", "mysql://x"), ("COHESION_BCRYPT_COST", "40"), ("COHESION_PUBLIC_URL", "cohesion"),
                                       ("COHESION_TRUST_PROXY", "maybe"), ("COHESION_SESSION_IDLE_HOURS", "-1"),
                                       ("COHESION_LOG_FORMAT", "xml"), ("COHESION_MAIL_FROM", "nobody"), ("COHESION_SIGN_IN_LIMIT", "0"),
                                       ("COHESION_SESSION_MAX_HOURS", "0"), ("COHESION_SESSION_MAX_HOURS", "721"),
                                       ("COHESION_SESSION_MAX_HOURS", "a day")]
        for (name, value) in bad {
            #expect {
                _ = try AppConfig.fromEnvironment([name: value])
            } throws: { error in
                (error as? AppConfig.ConfigError)?.setting == name
            }
        }
    }

    @Test func outboxMailerWritesCompleteMessages() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mailer = OutboxMailer(directory: dir, from: "cohesion@walsall.gov.uk")
        try await mailer.send(MailMessage(to: "asha@example.org", subject: "Bienvenue à Cohesion", body: "Line one\nLine two"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.count == 1)
        #expect(files[0].hasSuffix(".eml"))
        let text = try String(contentsOfFile: dir + "/" + files[0], encoding: .utf8)
        for header in ["From: cohesion@walsall.gov.uk\r\n", "To: asha@example.org\r\n", "Subject: =?utf-8?B?", "Date: ", "Message-ID: <", "MIME-Version: 1.0"] {
            #expect(text.contains(header), "missing \(header)")
        }
        #expect(text.hasSuffix("\r\n\r\nLine one\r\nLine two"))
    }

    /// A subject made from what someone typed (a round's name) can't start a header of its own.
    @Test func aLineBreakInASubjectCannotAddAHeader() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await OutboxMailer(directory: dir, from: "cohesion@walsall.gov.uk")
            .send(MailMessage(to: "asha@example.org", subject: "Winter round\r\nBcc: everyone@example.org", body: "Hello"))
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: dir).first)
        let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
        #expect(!text.contains("\r\nBcc:") && !text.contains("\nBcc:") && text.contains("Subject: =?utf-8?B?"))
    }
}
