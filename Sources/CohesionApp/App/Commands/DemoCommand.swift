import CohesionCore
import Fluent
import Vapor

/// `cohesion demo [--reset] [--password P] [--port N]`: seeds a demonstration council and serves it.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "reset", help: "Delete everything in the database and seed it again")
        var reset: Bool
        @Option(name: "password", help: "Password for every demo account (otherwise one is generated)")
        var password: String?
        @Option(name: "port", help: "Port to serve on (default 8080)")
        var port: Int?
        @Flag(name: "no-serve", help: "Seed the database, print the details and stop")
        var noServe: Bool
    }

    var help: String { "Creates (or with --reset recreates) a demonstration council and serves it on 127.0.0.1" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if case .postgres = app.cohesionConfig.database {
            // --reset wipes the database: never let the demo near a real PostgreSQL database.
            throw UsageError("database", "the demo runs on SQLite only. Unset DATABASE_URL (and set COHESION_SQLITE_PATH if you like)")
        }
        if let password = signature.password, let problem = PasswordPolicy.problem(with: password) {
            throw UsageError("password", problem)
        }
        if signature.reset {
            context.console.info("Resetting the demo database…")
            try await app.autoRevert()
        }
        try await app.autoMigrate()
        let password = signature.password ?? Self.generatedPassword()
        let council = try await DemoSeed.seed(features: app.features, passwordHash: try await app.password.async.hash(password),
                                              seedFolder: app.directory.resourcesDirectory + "Seed/", cipher: app.fieldCipher, on: app.db)
        await app.councilDirectory.invalidate()
        let port = signature.port ?? 8080
        let accountLines = AccountsDemo.accounts.map { "  " + $0.role.label.padding(toLength: 42, withPad: " ", startingAt: 0) + " " + $0.email }
        let details = """

        Cohesion demo: \(council.name) (\(council.districtCode)), 20 wards in 4 illustrative localities, Census 2021 ward figures (ONS).
        Open http://127.0.0.1:\(port)/ and sign in with any of these (password for all: \(password)):
        \(accountLines.joined(separator: "\n"))
        Emails (password resets, invitations) are printed here unless COHESION_MAIL_OUTBOX is set.

        """
        context.console.output(details.consoleText())
        guard !signature.noServe else { return }
        var serve = context
        serve.input = CommandInput(arguments: ["cohesion", "--hostname", "127.0.0.1", "--port", String(port)])
        guard let command = app.asyncCommands.commands["serve"] else { throw Abort(.internalServerError) }
        try await command.run(using: &serve)
    }

    /// Three short words and a number: easy to type, hard to guess.
    static func generatedPassword() -> String {
        let words = ["amber", "canal", "lantern", "meadow", "harbour", "orchard", "willow", "copper", "thistle",
                     "beacon", "saffron", "granite", "juniper", "marble", "pebble", "quartz", "ripple", "tundra"]
        var rng = SystemRandomNumberGenerator()
        let chosen = (0..<3).map { _ in words.randomElement(using: &rng)! }
        return chosen.joined(separator: "-") + "-" + String(Int.random(in: 10...99, using: &rng))
    }
}
