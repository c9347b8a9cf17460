@testable import CohesionApp
import Fluent
import Foundation
import Testing
import Vapor

/// The pages every council site must have (accessibility, privacy, cookies, contact, source
/// code), the settings behind them, and production's refusal to run without a mail outbox.
@Suite struct AboutTests {
    static let pages: [(path: String, heading: String, title: String)] = [
        ("/accessibility", "Accessibility statement for Community cohesion", "Accessibility statement"),
        ("/privacy", "Privacy notice", "Privacy notice"),
        ("/cookies", "Cookies", "Cookies"),
        ("/contact", "Contact us", "Contact us"),
        ("/source", "Source code", "Source code"),
    ]

    /// The `<footer>` of a page, so a link elsewhere on the page doesn't count.
    static func footer(_ page: Page) -> String {
        guard let start = page.body.range(of: "<footer") else { return "" }
        return String(page.body[start.lowerBound...])
    }

    static func expectFooterLinks(_ page: Page, on path: String) {
        let footer = footer(page)
        for (href, label) in [("/accessibility", "Accessibility statement"), ("/privacy", "Privacy"), ("/cookies", "Cookies"),
                              ("/contact", "Contact"), ("/source", "Source code")] {
            #expect(footer.contains("href=\"\(href)\">\(label)</a>"), "\(path): footer lacks \(label)")
        }
        let links = footer.matches(of: /href="([^"]+)"/).map { String($0.output.1) }
        #expect(links.count == Set(links).count, "\(path): a footer link appears twice: \(links)")
    }

    @Test func everyPageAnswersAVisitorWithItsHeadingAndEveryPageHasTheFooterLinks() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let visitor = Browser(test)
            for (path, heading, title) in Self.pages {
                let page = try await visitor.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.body.contains("<h1 class=\"govuk-heading-l\">\(heading)</h1>"), "\(path) has no <h1> \(heading)")
                #expect(page.body.contains("<title>\(title) – Walsall Council Cohesion</title>"), "\(path)")
                Self.expectFooterLinks(page, on: path)
            }
            // Typed pages, the Leaf pages that remain, an error page, and pages for a signed-in user.
            for path in ["/", "/areas", "/maps", "/sign-in", "/no-such-page"] {
                Self.expectFooterLinks(try await visitor.get(path), on: path)
            }
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            for path in ["/dashboard", "/organisations", "/account/tokens", "/accessibility"] {
                let page = try await officer.get(path)
                #expect(page.status == .ok, "\(path)")
                Self.expectFooterLinks(page, on: path)
            }
        }
    }

    @Test func theCookiesPageListsExactlyTheCookiesTheServiceSets() async throws {
        try await withTestApp(adjust: { $0.sessionIdleHours = 2 }) { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            var seen: [String: String] = [:]
            func record(_ page: Page) {
                for header in page.headers[canonicalForm: "Set-Cookie"] {
                    let name = header.split(separator: "=", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces)
                    if seen[name] == nil { seen[name] = String(header) } // as first set, not as cleared
                }
            }
            // Everything a visitor and a signed-in person do that sets cookies: a form page, signing
            // in, a page, a change with a one-off message, and signing out.
            record(try await browser.get("/sign-in"))
            record(try await browser.post("/sign-in", form: ["email": f.user(.officer).email, "password": Fixtures.password]))
            record(try await browser.get("/dashboard"))
            record(try await browser.post("/organisations/new", form: ["name": "Cookie Test Club", "type": "vcs_group"]))
            record(try await browser.post("/sign-out"))
            #expect(seen.count == 3, "cookies seen: \(seen.keys.sorted())")

            let page = try await Browser(test).get("/cookies")
            let table = String(page.body[page.body.range(of: "<table")!.lowerBound...])
            let listed = table.matches(of: /<code>([^<]+)<\/code>/).map { String($0.output.1) }
            #expect(Set(listed) == Set(seen.keys))
            #expect(listed.count == Set(listed).count, "each cookie once")
            // What the page says of expiry matches what the cookies say.
            #expect(seen[AppCookie.flash.name(secure: false)]?.contains("Max-Age=60") == true)
            #expect(page.body.contains("After 60 seconds"))
            #expect(page.body.contains("after 2 hours without use"))
            for name in [AppCookie.session.name(secure: false), AppCookie.csrf.name(secure: false)] {
                #expect(seen[name]?.contains("Max-Age") == false && seen[name]?.contains("Expires") == false, "\(name) lasts until the browser closes")
            }
            #expect(page.body.contains("strictly necessary"))
            #expect(page.body.contains("do not show a cookie banner"))
        }
    }

    @Test func theContactPageShowsTheCouncilsAddressWhenSetAndTheCouncilsWebsiteOtherwise() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let visitor = Browser(test)
            let fallback = "Contact Walsall Council through its main website. Ask for the community cohesion team."
            var page = try await visitor.get("/contact")
            #expect(page.body.contains(fallback))
            #expect(!page.body.contains("mailto:"))
            #expect(page.body.contains("Do not use this page to report a crime or a hate incident. In an emergency, call 999."))
            #expect(page.body.contains("call 101") && page.body.contains("href=\"https://www.report-it.org.uk/\""))

            // A bad address changes nothing.
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["council", "set-contact", "--email", "cohesion at walsall"])
            }
            await #expect(throws: (any Error).self) { _ = try await runCommand(test, ["council", "set-contact"]) }
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["council", "set-contact", "--email", "a@b.example", "--district", "E08000099"])
            }
            // This database serves two councils, so the command must be told which.
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["council", "set-contact", "--email", "cohesion@walsall.gov.uk"])
            }
            #expect(try await Council.query(on: test.db).filter(\.$contactEmail != nil).count() == 0)
            #expect(try await AuditEvent.query(on: test.db).filter(\.$recordType == "council").count() == 0)

            _ = try await runCommand(test, ["council", "set-contact", "--email", "cohesion@walsall.gov.uk", "--district", "E08000030"])
            page = try await visitor.get("/contact")
            #expect(page.body.contains("<a class=\"govuk-link\" href=\"mailto:cohesion@walsall.gov.uk\">cohesion@walsall.gov.uk</a>"))
            #expect(!page.body.contains(fallback))
            #expect(try await visitor.get("/accessibility").body.contains("mailto:cohesion@walsall.gov.uk"))
            // Only Walsall's page changed.
            #expect(try await Browser(test, host: "other.test").get("/contact").body.contains("Contact Otherton Council through its main website."))
            let entry = try #require(try await AuditEvent.query(on: test.db).filter(\.$recordType == "council").first())
            #expect(entry.summary.contains("contact_email: (blank) → \"cohesion@walsall.gov.uk\""))
            #expect(entry.action == .update)

            _ = try await runCommand(test, ["council", "set-contact", "--clear", "--district", "E08000030"])
            #expect(try await visitor.get("/contact").body.contains(fallback))
            #expect(try await AuditEvent.query(on: test.db).filter(\.$recordType == "council").count() == 2)
        }
    }

    @Test func createAdminGivesANewCouncilItsContactAddress() async throws {
        try await withTestApp { test in
            let arguments = ["create-admin", "--email", "head@example.org", "--name", "Hana Head", "--council", "Walsall Council",
                             "--district", "E08000030"]
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, arguments + ["--contact-email", "not an email"], input: ["a long admin password"])
            }
            #expect(try await Council.query(on: test.db).count() == 0, "a bad address creates nothing")
            _ = try await runCommand(test, arguments + ["--contact-email", "cohesion@walsall.gov.uk"], input: ["a long admin password"])
            let council = try #require(try await Council.query(on: test.db).first())
            #expect(council.contactEmail == "cohesion@walsall.gov.uk")
            #expect(try await Browser(test).get("/contact").body.contains("mailto:cohesion@walsall.gov.uk"))
            // An existing council's address is changed with `council set-contact`, not here.
            await #expect(throws: (any Error).self) {
                _ = try await runCommand(test, ["create-admin", "--email", "second@example.org", "--name", "Sam Second",
                                                "--contact-email", "other@walsall.gov.uk"], input: ["a long admin password"])
            }
            #expect(try await User.query(on: test.db).count() == 1)
            _ = try await runCommand(test, ["council", "set-contact", "--email", "team@walsall.gov.uk"])
            #expect(try await Council.query(on: test.db).first()?.contactEmail == "team@walsall.gov.uk")
        }
    }

    @Test func theSourcePageShowsTheVersionAndAddressFromConfiguration() async throws {
        let commit = "3f2b9c1d0e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"
        try await withTestApp(adjust: { $0.sourceURL = "https://git.walsall.gov.uk/cohesion"; $0.sourceVersion = commit }) { test in
            _ = try await Fixtures.make(test)
            let page = try await Browser(test).get("/source")
            #expect(page.body.contains(commit))
            #expect(page.body.contains("href=\"https://git.walsall.gov.uk/cohesion\">https://git.walsall.gov.uk/cohesion</a>"))
            #expect(page.body.contains("the git commit the website was built from"))
            #expect(page.body.contains("href=\"https://www.gnu.org/licenses/agpl-3.0.html\""))
        }
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let page = try await Browser(test).get("/source")
            #expect(page.body.contains("Not recorded"))
            #expect(page.body.contains("href=\"\(AppConfig.defaultSourceURL)\""))
        }
    }

    // MARK: Settings

    @Test func sourceSettingsAreReadOnceAndBadOnesAreNamed() throws {
        let empty = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let config = try AppConfig.fromEnvironment(["COHESION_SOURCE_URL": "https://git.walsall.gov.uk/cohesion/",
                                                    "COHESION_SOURCE_VERSION": "1.4.0+walsall.2"], workingDirectory: empty)
        #expect(config.sourceURL == "https://git.walsall.gov.uk/cohesion")
        #expect(config.sourceVersion == "1.4.0+walsall.2")
        let defaults = try AppConfig.fromEnvironment([:], workingDirectory: empty)
        #expect(defaults.sourceURL == "https://github.com/cohesion-platform/cohesion")
        #expect(defaults.sourceVersion == "unknown")
        for (name, value) in [("COHESION_SOURCE_URL", "git@github.com:council/cohesion.git"), ("COHESION_SOURCE_URL", "ftp://example.org/x"),
                              ("COHESION_SOURCE_VERSION", "1.0 beta"), ("COHESION_SOURCE_VERSION", "<script>"),
                              ("COHESION_SOURCE_VERSION", String(repeating: "a", count: 101))] {
            #expect {
                _ = try AppConfig.fromEnvironment([name: value], workingDirectory: empty)
            } throws: { error in
                (error as? AppConfig.ConfigError)?.setting == name
            }
        }
    }

    @Test func theVersionIsReadFromTheGitCheckoutWithoutGit() throws {
        let commit = "0123456789abcdef0123456789abcdef01234567"
        let other = "89abcdef0123456789abcdef0123456789abcdef"
        func version(_ files: [String: String]) throws -> String {
            let dir = try Self.folder(files)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            return try AppConfig.fromEnvironment([:], workingDirectory: dir).sourceVersion
        }
        // A branch, as a loose ref and as a packed one.
        #expect(try version([".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": commit + "\n"]) == commit)
        #expect(try version([".git/HEAD": "ref: refs/heads/main\n",
                             ".git/packed-refs": "# pack-refs with: peeled fully-peeled sorted\n\(other) refs/heads/dev\n\(commit) refs/heads/main\n^\(other)\n"])
                == commit)
        // A detached HEAD (a release checked out by tag).
        #expect(try version([".git/HEAD": commit + "\n"]) == commit)
        // A linked worktree: `.git` is a file; the branch lives in the common folder.
        #expect(try version([".git": "gitdir: repo/.git/worktrees/site\n",
                             "repo/.git/worktrees/site/HEAD": "ref: refs/heads/site\n",
                             "repo/.git/worktrees/site/commondir": "../..\n",
                             "repo/.git/refs/heads/site": commit + "\n"]) == commit)
        // Nothing usable: no checkout, a branch with no commit yet, a ref leading out of .git, garbage.
        #expect(try version([:]) == "unknown")
        #expect(try version([".git/HEAD": "ref: refs/heads/main\n"]) == "unknown")
        #expect(try version([".git/HEAD": "ref: refs/../../secret\n", "secret": commit]) == "unknown")
        #expect(try version([".git/HEAD": "not a commit\n"]) == "unknown")
        // A version given in the settings wins over the checkout's.
        let dir = try Self.folder([".git/HEAD": commit + "\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try AppConfig.fromEnvironment(["COHESION_SOURCE_VERSION": "2.0.0"], workingDirectory: dir).sourceVersion == "2.0.0")
    }

    /// A new folder holding `files` (path → text).
    static func folder(_ files: [String: String] = [:]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cohesion-about-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root.path
    }

    // MARK: Production needs a way to send email

    @Test func productionRefusesOnlyTheCommandsThatSendEmailWithoutAnOutbox() {
        func problem(_ environment: String, _ arguments: [String], outbox: String? = nil, keys: String? = "k1:" + Data(repeating: 7, count: 32).base64EncodedString()) -> String? {
            var config = AppConfig()
            config.mailOutbox = outbox
            config.fieldKeys = keys.map { try! FieldCipher.parseKeys($0).get() } ?? []
            return AppConfig.productionProblem(environment: Environment(name: environment, arguments: ["cohesion"] + arguments),
                                               config: config)?.setting
        }
        #expect(problem("production", ["serve", "--hostname", "127.0.0.1"]) == "COHESION_MAIL_OUTBOX")
        #expect(problem("production", []) == "COHESION_MAIL_OUTBOX", "no command serves")
        #expect(problem("production", ["--port", "8080"]) == "COHESION_MAIL_OUTBOX")
        #expect(problem("production", ["demo"]) == "COHESION_MAIL_OUTBOX")
        #expect(problem("production", ["serve"], outbox: "/var/lib/cohesion/outbox") == nil)
        #expect(problem("production", ["serve"], outbox: "/var/lib/cohesion/outbox", keys: nil) == "COHESION_FIELD_KEYS",
                "special category answers would be sealed with the public development key")
        #expect(problem("production", ["migrate", "--yes"], keys: nil) == nil)
        #expect(problem("development", ["serve"]) == nil)
        #expect(problem("testing", ["serve"]) == nil)
        for command in [["migrate", "--yes"], ["create-admin", "--email", "a@b.example"], ["backup", "--output", "x"],
                        ["import", "census", "--file", "x.csv"], ["routes"], ["serve", "--help"], ["--help"], ["demo", "--no-serve"]] {
            #expect(problem("production", command) == nil, "\(command) sends no email")
        }
    }

    @Test func configureRefusesToServeInProductionWithoutAnOutbox() async throws {
        func configured(_ arguments: [String], outbox: String?) async throws -> Application {
            let app = try await Application.make(Environment(name: "production", arguments: ["cohesion"] + arguments))
            app.logger.logLevel = .error
            var config = AppConfig(database: .sqliteMemory, bcryptCost: 4)
            config.mailOutbox = outbox
            config.fieldKeys = try FieldCipher.parseKeys("test:" + Data(repeating: 9, count: 32).base64EncodedString()).get()
            do {
                try await configure(app, config: config, services: AppServices(mailer: CapturingMailer()))
            } catch {
                try await app.asyncShutdown()
                throw error
            }
            return app
        }
        await #expect {
            _ = try await configured(["serve"], outbox: nil)
        } throws: { error in
            guard let error = error as? AppConfig.ConfigError else { return false }
            return error.setting == "COHESION_MAIL_OUTBOX" && error.description.contains("VAPOR_ENV is production")
        }
        let serving = try await configured(["serve"], outbox: FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID())").path)
        #expect(!serving.routes.all.isEmpty)
        try await serving.asyncShutdown()
        let migrating = try await configured(["migrate", "--yes"], outbox: nil)
        #expect(!migrating.routes.all.isEmpty)
        try await migrating.asyncShutdown()
    }
}
