@testable import CohesionApp
import ConsoleKit
import Fluent
import Foundation
import Testing
import Vapor

/// A console that answers input from a script and records output, for running commands in tests.
final class RecordingConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var inputs: [String]
    private(set) var output = ""
    var userInfo: [AnySendableHashable: any Sendable] = [:]
    var size: (width: Int, height: Int) { (120, 40) }

    init(inputs: [String] = []) { self.inputs = inputs }

    func input(isSecure: Bool) -> String { lock.withLock { inputs.isEmpty ? "" : inputs.removeFirst() } }
    func output(_ text: ConsoleText, newLine: Bool) { lock.withLock { output += text.description + (newLine ? "\n" : "") } }
    func clear(_ type: ConsoleClear) {}
    func report(error: String, newLine: Bool) { lock.withLock { output += error + (newLine ? "\n" : "") } }
}

/// Runs `cohesion <arguments>` against the test app's database.
func runCommand(_ test: TestApp, _ arguments: [String], input: [String] = []) async throws -> String {
    let console = RecordingConsole(inputs: input)
    var context = CommandContext(console: console, input: CommandInput(arguments: ["cohesion"] + arguments))
    context.application = test.app
    try await test.app.asyncCommands.group().run(using: &context)
    return console.output
}

@Suite struct CommandsTests {
    @Test func createAdminOnAnEmptyDatabaseCreatesTheCouncil() async throws {
        try await withTestApp { test in
            _ = try await runCommand(test, ["create-admin", "--email", "Head@Example.org", "--name", "Hana Head",
                                            "--council", "Walsall Council", "--district", "E08000030"], input: ["a long admin password"])
            let council = try #require(try await Council.query(on: test.db).first())
            #expect(council.districtCode == "E08000030")
            let user = try #require(try await User.query(on: test.db).first())
            #expect(user.email == "head@example.org")
            #expect(user.role == .admin)
            #expect(try test.app.password.verify("a long admin password", created: user.passwordHash))
            #expect(try await AuditEvent.query(on: test.db).filter(\.$recordType == "user").count() == 1)
        }
    }

    @Test func createAdminAddsASecondCouncilOnlyWithItsOwnHost() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["create-admin", "--email", "boss@third.example", "--name", "Boss", "--council", "Third Council",
                                                "--district", "E08000032"], input: ["a long admin password"])
            }
            _ = try await runCommand(test, ["create-admin", "--email", "boss@third.example", "--name", "Boss", "--council", "Third Council",
                                            "--district", "E08000032", "--host", "Third.Test"], input: ["a long admin password"])
            let third = try #require(try await Council.query(on: test.db).filter(\.$districtCode == "E08000032").first())
            #expect(third.host == "third.test")
            await test.app.councilDirectory.invalidate()
            let browser = Browser(test, host: "third.test")
            try await browser.signIn("boss@third.example", password: "a long admin password")
            #expect(try await browser.get("/dashboard").body.contains("Third Council"))
        }
    }

    @Test func createAdminRefusesBadArgumentsAndChangesNothing() async throws {
        try await withTestApp { test in
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["create-admin", "--email", "not-an-email", "--name", "X"], input: ["a long admin password"])
            }
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["create-admin", "--email", "a@example.org", "--name", "X"], input: ["a long admin password"])
            }
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["create-admin", "--email", "a@example.org", "--name", "X", "--council", "C", "--district", "E08000030"], input: ["short"])
            }
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["create-admin", "--bogus"])
            }
            let councils = try await Council.query(on: test.db).count()
            let users = try await User.query(on: test.db).count()
            #expect(councils == 0)
            #expect(users == 0)
        }
    }

    @Test func tokenCreatePrintsAWorkingToken() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let output = try await runCommand(test, ["token", "create", "--email", f.user(.officer).email, "--name", "Nightly export"])
            let token = output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(token.hasPrefix("coh_"))
            let browser = Browser(test)
            browser.bearer = token
            #expect(try await browser.get("/api/v1/organisations").status == .ok)
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["token", "create", "--email", "nobody@example.org", "--name", "x"])
            }
        }
    }

    @Test func backupWritesAConsistentCopyOfTheSQLiteDatabase() async throws {
        guard !TestApp.usesPostgres else {
            // On PostgreSQL the command explains pg_dump instead.
            try await withTestApp { test in
                await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["backup", "--output", "/tmp/x.dump"]) }
            }
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohesion-backup-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("live.sqlite").path
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try await withTestApp(adjust: { $0.database = .sqlite(path: source) }) { test in
            _ = try await Fixtures.make(test)
            _ = try await runCommand(test, ["backup", "--output", copy])
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["backup", "--output", copy]) }
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["backup"]) }
        }
        // The copy is a working database with the same records.
        try await withTestApp(migrate: false, adjust: { $0.database = .sqlite(path: copy) }) { test in
            let organisations = try await Organisation.query(on: test.db).count()
            let wards = try await Area.query(on: test.db).filter(\.$kind == .ward).count()
            #expect(organisations == 8)
            #expect(wards == 20)
        }
    }

    @Test func demoSeedIsWalsallWithTwentyWardsInFourLocalities() async throws {
        guard !TestApp.usesPostgres else {
            // The demo refuses PostgreSQL, so --reset can never wipe a real database.
            try await withTestApp { test in
                await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["demo", "--no-serve"]) }
                let councils = try await Council.query(on: test.db).count()
                #expect(councils == 0)
            }
            return
        }
        try await withTestApp { test in
            _ = try await runCommand(test, ["demo", "--password", "demo password 123", "--no-serve"])
            _ = try await runCommand(test, ["demo", "--password", "demo password 123", "--no-serve"])
            let wards = try await Area.query(on: test.db).filter(\.$kind == .ward).all()
            #expect(wards.count == 20)
            #expect(Set(wards.map(\.code)) == Set((1301...1320).map { "E0500\($0)" }))
            #expect(try await Area.query(on: test.db).filter(\.$kind == .locality).count() == 4)
            #expect(try await User.query(on: test.db).count() == Role.allCases.count, "rerunning does not duplicate")
            #expect(Set(try await User.query(on: test.db).all().map(\.role)) == Set(Role.allCases))
            // Census 2021 figures from Resources/Seed, loaded once, so profiles and maps are populated.
            let tables = try await CensusTable.query(on: test.db).all()
            #expect(Set(tables.map(\.tableKey)) == ["TS021", "TS030", "TS029", "TS004", "Age and sex"])
            #expect(wards.count == 20)
            let pleckPage = try await Browser(test).get("/areas/E05001314")
            #expect(pleckPage.body.contains("16,534 in all") && pleckPage.body.contains("the most diverse of 20 wards"))
            #expect(pleckPage.body.contains("16,534 (Census 2021, TS021 ethnic group)"), "the population is in the summary")
            #expect(pleckPage.body.contains("ONS publishes some tables only for larger areas: Age and sex, Country of birth, Proficiency in English language"))
            let map = try await Browser(test).get("/maps")
            #expect(map.body.components(separatedBy: "class=\"cohesion-map-area\"").count - 1 == 20)
            #expect(try await Area.query(on: test.db).filter(\.$kind == .ward).filter(\.$latitude != nil).count() == 20, "ward points for the hex map")
            let reset = try await runCommand(test, ["demo", "--reset", "--password", "demo password 456", "--no-serve"])
            #expect(reset.contains("admin@example.org"))
            #expect(reset.contains("demo password 456"))
            #expect(try await Organisation.query(on: test.db).count() == OrganisationDemo.organisations.count)
        }
    }

    @Test func sweepDeletesExpiredSessionsAndSaysHowMany() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.officer).email)
            let stale = UserSession(tokenHash: "stale", userID: try f.user(.admin).requireID(), councilID: try f.walsall.requireID(),
                                    now: test.clock.now().addingTimeInterval(-9 * 3600))
            try await stale.create(on: test.db)
            let first = try await runCommand(test, ["sweep"])
            #expect(first.contains("Deleted 1 expired session, 0 used or expired account links and 0 rate-limit windows older than a day."))
            #expect(try await browser.get("/dashboard").status == .ok, "the live session is kept")
            let again = try await runCommand(test, ["sweep"])
            #expect(again.contains("Deleted 0 expired sessions"))
        }
    }

    @Test func tokenCreateCanSetAnExpiry() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let email = f.user(.officer).email
            let output = try await runCommand(test, ["token", "create", "--email", email, "--name", "Weekly", "--expires-in-days", "7"])
            let token = output.trimmingCharacters(in: .whitespacesAndNewlines)
            let record = try #require(try await APIToken.query(on: test.db).filter(\.$label == "Weekly").first())
            #expect(record.expiresAt.map { abs($0.timeIntervalSince(test.clock.now()) - 7 * 86_400) < 1 } == true)
            _ = try await runCommand(test, ["token", "create", "--email", email, "--name", "Lasting"])
            #expect(try await APIToken.query(on: test.db).filter(\.$label == "Lasting").first()?.expiresAt == nil)
            for bad in ["0", "3651", "seven", "-1"] {
                await #expect(throws: (any Error).self, "\(bad)") {
                    _ = try await runCommand(test, ["token", "create", "--email", email, "--name", "Bad", "--expires-in-days", bad])
                }
            }
            #expect(try await APIToken.query(on: test.db).filter(\.$label == "Bad").count() == 0)
            let browser = Browser(test)
            browser.bearer = token
            test.clock.advance(by: 7 * 86_400 + 1)
            #expect(try await browser.get("/api/v1/organisations").status == .unauthorized)
        }
    }
}
