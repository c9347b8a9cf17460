@testable import CohesionApp
import CohesionCore
import Fluent
import Testing
import Vapor

@Suite struct AccountsTests {
    @Test func signInRotatesTokensAndSignOutEndsTheSession() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            _ = try await browser.get("/sign-in")
            let csrfBefore = browser.csrfToken
            let page = try await browser.post("/sign-in", form: ["email": "  OFFICER@example.org ", "password": Fixtures.password, "next": "/organisations"])
            #expect(page.status == .seeOther)
            #expect(page.location == "/organisations")
            #expect(browser.csrfToken != csrfBefore, "the CSRF token is replaced at sign-in")
            let cookieHeader = page.headers[canonicalForm: "Set-Cookie"].first { $0.hasPrefix(SessionCookie.name) } ?? ""
            #expect(cookieHeader.contains("HttpOnly"))
            #expect(cookieHeader.lowercased().contains("samesite=lax"))
            #expect(try await browser.get("/dashboard").body.contains("Welcome, Olu Officer"))
            let audit = try await AuditEvent.query(on: test.db).filter(\.$action == .signIn).all()
            #expect(audit.map(\.userID) == [f.user(.officer).id])
            let out = try await browser.post("/sign-out")
            #expect(out.status == .seeOther)
            #expect(try await browser.get("/dashboard").isRedirectToSignIn)
            #expect(try await UserSession.query(on: test.db).count() == 0)
        }
    }

    @Test func signInRefusesOffSiteRedirects() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            _ = try await browser.get("/sign-in")
            let page = try await browser.post("/sign-in", form: ["email": "officer@example.org", "password": Fixtures.password, "next": "//evil.example/"])
            #expect(page.location == "/dashboard")
        }
    }

    @Test func badSignInShowsErrorsAndKeepsTheEmail() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            let empty = try await browser.post("/sign-in", form: [:])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.contains("govuk-error-summary"))
            #expect(empty.body.contains("Enter your email address"))
            #expect(empty.body.contains("Enter your password"))
            #expect(empty.body.contains("<title>Error: Sign in"))
            let wrong = try await browser.post("/sign-in", form: ["email": "officer@example.org", "password": "not the password"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("The email address or password is not right"))
            #expect(wrong.body.contains("value=\"officer@example.org\""))
            let unknown = try await browser.post("/sign-in", form: ["email": "nobody@example.org", "password": "whatever123"])
            #expect(unknown.body.contains("The email address or password is not right"), "no hint whether the account exists")
        }
    }

    @Test func fiveWrongPasswordsLockTheAccountForFifteenMinutes() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            for _ in 0..<5 {
                _ = try await browser.post("/sign-in", form: ["email": "officer@example.org", "password": "wrong password"])
            }
            let locked = try await browser.post("/sign-in", form: ["email": "officer@example.org", "password": Fixtures.password])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.contains("locked"))
            #expect(try await AuditEvent.query(on: test.db).filter(\.$action == .signInFailed).count() == 5)
            test.clock.advance(by: 15 * 60 + 1)
            try await browser.signIn(f.user(.officer).email)
        }
    }

    @Test func tooManyAttemptsFromOneAddressAreRefused() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            var statuses: [HTTPStatus] = []
            for i in 0..<(test.app.cohesionConfig.signInAttemptsPerAddress + 1) {
                statuses.append(try await browser.post("/sign-in", form: ["email": "person\(i)@example.org", "password": "guess-\(i)-guess"]).status)
            }
            #expect(statuses.last == .tooManyRequests)
            #expect(statuses.dropLast().allSatisfy { $0 == .unprocessableEntity })
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefusedAndChangeNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.officer).email)
            let page = try await browser.post("/organisations/new", form: ["name": "Forged", "type": "vcs_group"], csrf: false)
            #expect(page.status == .forbidden)
            let wrongToken = try await browser.post("/organisations/new", form: ["name": "Forged", "type": "vcs_group", "csrf_token": String(repeating: "a", count: 43)], csrf: false)
            #expect(wrongToken.status == .forbidden)
            #expect(try await Organisation.query(on: test.db).filter(\.$name == "Forged").count() == 0)
        }
    }

    @Test func passwordResetByASingleUseExpiringLink() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            _ = try await browser.get("/forgot-password")
            let sent = try await browser.post("/forgot-password", form: ["email": "officer@example.org"])
            #expect(sent.body.contains("Check your email"))
            let unknown = try await browser.post("/forgot-password", form: ["email": "nobody@example.org"])
            #expect(unknown.body.contains("Check your email"), "same answer for unknown addresses")
            let mail = try #require(await test.mailer.last(to: "officer@example.org"))
            #expect(await test.mailer.messages.count == 1)
            let token = try #require(mail.body.split(separator: "token=").last.map { String($0.prefix { !$0.isWhitespace }) })
            #expect(try await browser.get("/set-password?token=\(token)").status == .ok)
            let weak = try await browser.post("/set-password", form: ["token": token, "password": "short", "confirm": "short"])
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.body.contains("Password must be 10 characters or more"))
            let mismatch = try await browser.post("/set-password", form: ["token": token, "password": "a new long passphrase", "confirm": "something else"])
            #expect(mismatch.body.contains("The passwords do not match"))
            let done = try await browser.post("/set-password", form: ["token": token, "password": "a new long passphrase", "confirm": "a new long passphrase"])
            #expect(done.status == .seeOther)
            try await browser.signIn(f.user(.officer).email, password: "a new long passphrase")
            // Used once, it is gone.
            let again = try await Browser(test).post("/set-password", form: ["token": token, "password": "another passphrase", "confirm": "another passphrase"])
            #expect(again.status == .notFound)
        }
    }

    @Test func passwordResetLinksExpireAfterAnHour() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            _ = try await browser.post("/forgot-password", form: ["email": "officer@example.org"])
            let mail = try #require(await test.mailer.last(to: "officer@example.org"))
            let token = String(mail.body.split(separator: "token=")[1].prefix { !$0.isWhitespace })
            test.clock.advance(by: 3601)
            let page = try await browser.get("/set-password?token=\(token)")
            #expect(page.status == .notFound)
            #expect(page.body.contains("This link has expired or has been used"))
        }
    }

    @Test func adminInvitesAUserWhoSetsAPassword() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let admin = Browser(test)
            try await admin.signIn(f.user(.admin).email)
            let missing = try await admin.post("/admin/users/invite", form: ["name": "New Lead", "email": "lead2@example.org", "role": "locality_lead"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("Select the locality this locality lead works in"))
            #expect(missing.body.contains("value=\"lead2@example.org\""))
            #expect(try await User.query(on: test.db).filter(\.$email == "lead2@example.org").count() == 0)
            let duplicate = try await admin.post("/admin/users/invite", form: ["name": "Dup", "email": "OFFICER@example.org", "role": "officer"])
            #expect(duplicate.body.contains("There is already an account with this email address"))
            let ok = try await admin.post("/admin/users/invite", form: ["name": "New Lead", "email": "lead2@example.org", "role": "locality_lead", "locality": "south"])
            #expect(ok.status == .seeOther)
            let mail = try #require(await test.mailer.last(to: "lead2@example.org"))
            let token = String(mail.body.split(separator: "token=")[1].prefix { !$0.isWhitespace })
            let newcomer = Browser(test)
            #expect(try await newcomer.get("/set-password?token=\(token)").body.contains("Set up your account"))
            _ = try await newcomer.post("/set-password", form: ["token": token, "password": "lanterns over the canal", "confirm": "lanterns over the canal"])
            try await newcomer.signIn("lead2@example.org", password: "lanterns over the canal")
            #expect(try await newcomer.get("/dashboard").body.contains("South Walsall"))
        }
    }

    @Test func adminChangesRolesAndDeactivates() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let spare = Browser(test)
            try await spare.signIn(f.spareUser.email)
            let admin = Browser(test)
            try await admin.signIn(f.user(.admin).email)
            let changed = try await admin.post("/admin/users/\(f.spareUser.id!)", form: ["name": "Spare User", "role": "viewer"])
            #expect(changed.status == .seeOther)
            #expect(try await User.find(f.spareUser.id, on: test.db)?.role == .viewer)
            #expect(try await spare.get("/organisations").status == .forbidden, "the new role applies at once")
            let deactivated = try await admin.post("/admin/users/\(f.spareUser.id!)/active", form: ["active": "false"])
            #expect(deactivated.status == .seeOther)
            #expect(try await spare.get("/dashboard").isRedirectToSignIn)
            let self_ = try await admin.post("/admin/users/\(f.user(.admin).id!)/active", form: ["active": "false"])
            #expect(self_.status == .badRequest)
            let demote = try await admin.post("/admin/users/\(f.user(.admin).id!)", form: ["name": "Alex Admin", "role": "officer"])
            #expect(demote.status == .unprocessableEntity)
            let events = try await AuditEvent.query(on: test.db).filter(\.$recordType == "user").filter(\.$action == .update).all()
            #expect(events.contains { $0.summary.contains("role: \"officer\" → \"viewer\"") })
            #expect(events.contains { $0.summary.contains("active: \"yes\" → \"no\"") })
        }
    }

    @Test func firstRunSetupCreatesTheCouncilAndAdmin() async throws {
        try await withTestApp { test in
            let browser = Browser(test, host: "127.0.0.1")
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.location == "/setup")
            #expect(try await browser.get("/setup").status == .ok)
            let bad = try await browser.post("/setup", form: ["council_name": "Walsall Council", "district_code": "E05001301", "name": "", "email": "x", "password": "short"])
            #expect(bad.status == .unprocessableEntity)
            for message in ["Enter a district code like E08000030", "Enter your full name", "Enter an email address in the correct format", "Password must be 10 characters or more"] {
                #expect(bad.body.contains(message), "missing: \(message)")
            }
            #expect(bad.body.contains("value=\"Walsall Council\""))
            #expect(try await Council.query(on: test.db).count() == 0)
            let ok = try await browser.post("/setup", form: ["council_name": "Walsall Council", "district_code": "e08000030", "name": "First Admin",
                                                             "email": "first@example.org", "password": "a long first password"])
            #expect(ok.status == .seeOther)
            #expect(try await browser.get("/dashboard").body.contains("Welcome, First Admin"))
            #expect(try await Area.query(on: test.db).filter(\.$code == "E08000030").count() == 1)
            #expect(try await Browser(test).get("/setup").status == .notFound, "setup is gone once a council exists")
            #expect(try await Browser(test).post("/setup", form: ["council_name": "Evil"]).status == .notFound)
        }
    }
}
