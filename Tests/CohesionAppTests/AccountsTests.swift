import AsyncHTTPClient
@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
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
            let cookieHeader = page.headers[canonicalForm: "Set-Cookie"].first { $0.hasPrefix(AppCookie.session.rawValue) } ?? ""
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

    // MARK: Bcrypt off the request threads

    /// Bcrypt must not hold up other requests. The observable: while every bcrypt thread is busy
    /// with a sign-in, a request that needs no hashing (GET /healthz) is still answered. The
    /// hasher here holds each check until the test lets go, standing in for a slow bcrypt
    /// without depending on timings (which the rest of the suite, running alongside, would
    /// upset). A check made on the event loop or Swift's cooperative pool
    /// (`req.password.verify`), or on Vapor's shared blocking pool (`req.password.async`, where
    /// `FileMiddleware` and SQLite also queue), leaves /healthz waiting until the checks give up.
    @Test func passwordHashingDoesNotHoldUpOtherRequests() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let gate = GatedHasher(giveUpAfter: 10)
            test.app.passwords.use { _ in gate }
            let busy = max(System.coreCount, 2)
            var browsers: [Browser] = []
            for _ in 0..<busy {
                let browser = Browser(test)
                _ = try await browser.get("/sign-in")
                browsers.append(browser)
            }
            // Probes get their own client: the shared one may be using every connection it
            // allows to a host for the sign-ins.
            let probeClient = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                async let signIns: [HTTPStatus] = withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for browser in browsers {
                        group.addTask { try await browser.post("/sign-in", form: ["email": f.user(.officer).email, "password": "wrong password"]).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                var waited = 0
                while gate.holding < busy, waited < 500 {
                    try await Task.sleep(for: .milliseconds(10))
                    waited += 1
                }
                #expect(gate.holding == busy, "every bcrypt thread is busy with a sign-in")
                var request = HTTPClientRequest(url: test.baseURL + "/healthz")
                request.headers.add(name: "Host", value: "walsall.test")
                let response = try await probeClient.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 16)
                let heldDuringProbe = gate.holding
                gate.open()
                #expect(response.status == .ok)
                #expect(heldDuringProbe == busy, "/healthz was answered while the checks were still running")
                #expect(try await signIns == Array(repeating: .unprocessableEntity, count: busy))
            } catch {
                gate.open()
                try await probeClient.shutdown()
                throw error
            }
            try await probeClient.shutdown()
        }
    }

    // MARK: Lockout under concurrency

    @Test func concurrentWrongPasswordsAreAllCountedAndLockTheAccount() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = f.user(.officer)
            var browsers: [Browser] = []
            for _ in 0..<10 {
                let browser = Browser(test)
                _ = try await browser.get("/sign-in")
                browsers.append(browser)
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for browser in browsers {
                    group.addTask { try await browser.post("/sign-in", form: ["email": officer.email, "password": "wrong password"]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(Set(statuses).isSubset(of: [.unprocessableEntity, .tooManyRequests]))
            let after = try #require(try await User.find(officer.id, on: test.db))
            #expect(after.failedSignIns == 10, "every wrong password counted, however they interleaved")
            #expect(after.lockedUntil.map { $0 > test.clock.now() } == true)
            #expect(try await AuditEvent.query(on: test.db).filter(\.$action == .signInFailed).count() == 10)
            let locked = try await Browser(test).post("/sign-in", form: ["email": officer.email, "password": Fixtures.password])
            #expect(locked.status == .tooManyRequests, "the right password is refused while the account is locked")
            #expect(locked.body.contains("This account is locked"))
            test.clock.advance(by: 15 * 60 + 1)
            try await Browser(test).signIn(officer.email)
            let cleared = try #require(try await User.find(officer.id, on: test.db))
            #expect(cleared.failedSignIns == 0)
            #expect(cleared.lockedUntil == nil)
        }
    }

    @Test func theFailureCountFollowsTheLockoutPolicyInOneStatement() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let id = try f.user(.officer).requireID()
            let policy = SignInLockout()
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            var expected = (failures: 0, lockedUntil: Double?.none)
            for attempt in 1...11 {
                let outcome = try await SignInAttempts.recordFailure(userID: id, now: now.addingTimeInterval(Double(attempt)), lockout: policy, on: test.db)
                let step = policy.afterFailure(previousFailures: expected.failures, now: now.timeIntervalSince1970 + Double(attempt))
                expected = (step.failures, step.lockedUntil ?? expected.lockedUntil)
                #expect(outcome.failures == expected.failures)
                #expect(outcome.lockedUntil?.timeIntervalSince1970 == expected.lockedUntil, "attempt \(attempt)")
            }
            #expect(expected.lockedUntil == now.timeIntervalSince1970 + 10 + 900, "the tenth failure started the latest lock")
        }
    }

    // MARK: Cookies

    @Test func cookiesKeepTheirPlainNamesOverHTTP() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            let form = try await browser.get("/sign-in")
            let csrf = try #require(form.setCookie("cohesion_csrf"))
            #expect(!csrf.contains("Secure"))
            let page = try await browser.post("/sign-in", form: ["email": f.user(.officer).email, "password": Fixtures.password])
            let session = try #require(page.setCookie("cohesion_session"))
            #expect(session.contains("Path=/") && session.contains("HttpOnly") && !session.contains("Secure"))
            let out = try await browser.post("/sign-out")
            #expect(out.setCookie("cohesion_flash") != nil)
        }
    }

    @Test func cookiesOverHTTPSUseTheHostPrefix() async throws {
        try await withTestApp(adjust: { $0.publicURL = "https://cohesion.example.gov.uk"; $0.secureCookies = true }) { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            func checkPrefixRules(_ header: String?) {
                guard let header else { Issue.record("cookie not set"); return }
                #expect(header.hasPrefix("__Host-cohesion_"))
                #expect(header.contains("; Secure") && header.contains("; Path=/") && header.contains("; HttpOnly"), "\(header)")
                #expect(!header.lowercased().contains("domain="), "\(header)")
            }
            let form = try await browser.get("/sign-in")
            checkPrefixRules(form.setCookie("__Host-cohesion_csrf"))
            #expect(form.setCookie("cohesion_csrf") == nil)
            let page = try await browser.post("/sign-in", form: ["email": f.user(.officer).email, "password": Fixtures.password])
            #expect(page.status == .seeOther)
            checkPrefixRules(page.setCookie("__Host-cohesion_session"))
            #expect(try await browser.get("/dashboard").body.contains("Welcome, Olu Officer"))
            // A cookie under the plain name (planted over HTTP, say) is not read over HTTPS.
            let planted = Browser(test)
            planted.setCookieValue("cohesion_session", try #require(browser.cookies["__Host-cohesion_session"]))
            #expect(try await planted.get("/dashboard").isRedirectToSignIn)
            let out = try await browser.post("/sign-out")
            #expect(out.status == .seeOther)
            checkPrefixRules(out.setCookie("__Host-cohesion_flash"))
            #expect(try await browser.get("/").body.contains("You have signed out"))
        }
    }

    // MARK: CSRF bound to the session

    @Test func signedInFormTokensAreBoundToTheSession() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let first = Browser(test)
            try await first.signIn(f.user(.officer).email)
            let second = Browser(test)
            let beforeSignIn = try #require(try await second.get("/sign-in").csrfField)
            try await second.signIn(f.user(.officer).email)
            let firstToken = try #require(try await first.get("/account/tokens").csrfField)
            let secondToken = try #require(try await second.get("/account/tokens").csrfField)
            #expect(firstToken != secondToken)

            // The same person's other session: its token is refused with this session's cookie.
            let crossed = try await second.post("/account/tokens", form: ["label": "crossed", CSRF.fieldName: firstToken], csrf: false)
            #expect(crossed.status == .forbidden)
            // A double-submit token from before sign-in is refused after it, even with its cookie.
            let stale = try await second.post("/account/tokens", form: ["label": "stale", CSRF.fieldName: beforeSignIn], csrf: false)
            #expect(stale.status == .forbidden)
            #expect(try await APIToken.query(on: test.db).count() == 0)
            // The token the page showed works.
            let right = try await second.post("/account/tokens", form: ["label": "right", CSRF.fieldName: secondToken], csrf: false)
            #expect(right.status == .ok)
            #expect(right.body.contains("Your new token"))
            #expect(try await APIToken.query(on: test.db).count() == 1)
            // Signed out again, the double-submit cookie protects the sign-in form as before.
            _ = try await second.post("/sign-out", form: [CSRF.fieldName: secondToken], csrf: false)
            let form = try await second.get("/sign-in")
            #expect(form.csrfField == second.cookies["cohesion_csrf"])
            #expect(try await second.post("/sign-in", form: ["email": f.user(.officer).email, "password": Fixtures.password,
                                                             CSRF.fieldName: secondToken], csrf: false).status == .forbidden)
        }
    }

    // MARK: Session lifetime

    @Test func sessionsEndAtTheAbsoluteLimitEvenWhenInUse() async throws {
        try await withTestApp(adjust: { $0.sessionIdleHours = 8; $0.sessionMaxHours = 24 }) { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.officer).email)
            for _ in 0..<5 {
                test.clock.advance(by: 4 * 3600)
                #expect(try await browser.get("/dashboard").status == .ok, "in use, within 24 hours")
            }
            test.clock.advance(by: 4 * 3600 + 1)
            #expect(try await browser.get("/dashboard").isRedirectToSignIn, "24 hours after sign-in, however recently used")
            #expect(try await UserSession.query(on: test.db).count() == 0)
        }
    }

    @Test func sessionsEndAfterTheIdleLimit() async throws {
        try await withTestApp(adjust: { $0.sessionMaxHours = 720 }) { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.officer).email)
            test.clock.advance(by: 8 * 3600 - 1)
            #expect(try await browser.get("/dashboard").status == .ok, "used just inside 8 hours, which starts them again")
            test.clock.advance(by: 8 * 3600 - 1)
            #expect(try await browser.get("/dashboard").status == .ok)
            test.clock.advance(by: 8 * 3600 + 1)
            #expect(try await browser.get("/dashboard").isRedirectToSignIn)
        }
    }

    // MARK: Session metadata

    @Test func sessionsAreListedNewestFirstAndEndedOnlyByTheirOwner() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = f.user(.officer)
            let laptop = Browser(test)
            _ = try await laptop.get("/sign-in")
            _ = try await laptop.post("/sign-in", form: ["email": officer.email, "password": Fixtures.password])
            test.clock.advance(by: 60)
            let phone = Browser(test)
            let longAgent = "Phone/1.0 " + String(repeating: "x", count: 300)
            _ = try await phone.send(.GET, "/sign-in", headers: [("User-Agent", longAgent)])
            let signedIn = try await phone.send(.POST, "/sign-in", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("User-Agent", longAgent)],
                body: "email=\(Browser.encode(officer.email))&password=\(Browser.encode(Fixtures.password))&csrf_token=\(phone.csrfToken ?? "")")
            #expect(signedIn.status == .seeOther)
            try await Browser(test).signIn(f.user(.admin).email)

            let sessions = try await UserSession.query(on: test.db).filter(\.$user.$id == officer.requireID()).sort(\.$createdAt).all()
            #expect(sessions.count == 2)
            let request = Request(application: test.app, on: test.app.eventLoopGroup.next())
            request.currentUser = officer
            request.currentSession = sessions[0]
            let listed = try await Sessions.list(for: officer.requireID(), request: request)
            #expect(listed.map(\.id) == [sessions[1].id, sessions[0].id], "newest first, the admin's not among them")
            #expect(listed.map(\.isCurrent) == [false, true])
            #expect(listed[0].userAgent == String(longAgent.prefix(200)))
            #expect(listed[1].userAgent != listed[0].userAgent)
            #expect(listed.allSatisfy { $0.ipAddress == "127.0.0.1" })
            #expect(listed[0].createdAt == listed[1].createdAt.addingTimeInterval(60))

            // Someone else's id, or another user's session, ends nothing.
            #expect(try await Sessions.end(id: sessions[1].requireID(), of: f.user(.admin).requireID(), request: request) == false)
            #expect(try await Sessions.end(id: UUID(), of: officer.requireID(), request: request) == false)
            #expect(try await phone.get("/dashboard").status == .ok)
            #expect(try await Sessions.end(id: sessions[1].requireID(), of: officer.requireID(), request: request))
            #expect(try await phone.get("/dashboard").isRedirectToSignIn)
            #expect(try await laptop.get("/dashboard").status == .ok)
            let audit = try await AuditEvent.query(on: test.db).filter(\.$action == .signOut).all()
            #expect(audit.count == 1)
            #expect(audit.first?.summary.hasPrefix("ended the session signed in at") == true)
            #expect(audit.first?.userID == officer.id)

            // Sessions past their limits are not listed, even before they are swept.
            test.clock.advance(by: 9 * 3600)
            #expect(try await Sessions.list(for: officer.requireID(), request: request).isEmpty)
        }
    }

    // MARK: API token expiry

    @Test func apiTokensExpireWhenAsked() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.officer).email)
            let form = try await browser.get("/account/tokens")
            #expect(form.body.contains("value=\"90\" checked"), "90 days is the default")
            for label in ["30 days", "90 days", "1 year", "Never"] { #expect(form.body.contains(">\(label)</label>")) }
            let bad = try await browser.post("/account/tokens", form: ["label": "Bad", "expires": "forever"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Choose when the token expires"))

            let created = test.clock.now()
            let monthly = try #require(try await browser.post("/account/tokens", form: ["label": "Monthly", "expires": "30"])
                .body.firstMatch(of: /coh_[A-Za-z0-9_-]{43}/).map { String($0.output) })
            let forever = try #require(try await browser.post("/account/tokens", form: ["label": "Forever", "expires": "never"])
                .body.firstMatch(of: /coh_[A-Za-z0-9_-]{43}/).map { String($0.output) })
            let monthlyRecord = try #require(try await APIToken.query(on: test.db).filter(\.$label == "Monthly").first())
            #expect(monthlyRecord.expiresAt.map { abs($0.timeIntervalSince(created) - 30 * 86_400) < 1 } == true)
            #expect(try await APIToken.query(on: test.db).filter(\.$label == "Forever").first()?.expiresAt == nil)
            let listing = try await browser.get("/account/tokens").body
            #expect(listing.contains(DisplayFormat.dateTime(monthlyRecord.expiresAt!)))
            #expect(listing.components(separatedBy: "<td class=\"govuk-table__cell\">Never</td>").count - 1 == 3,
                    "neither token used yet; only ‘Forever’ never expires")

            let api = Browser(test)
            api.bearer = monthly
            #expect(try await api.get("/api/v1/organisations").status == .ok)
            test.clock.advance(by: 30 * 86_400 - 5)
            #expect(try await api.get("/api/v1/organisations").status == .ok, "still inside its 30 days")
            test.clock.advance(by: 10)
            let expired = try await api.get("/api/v1/organisations")
            #expect(expired.status == .unauthorized)
            #expect(expired.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true)
            #expect(expired.headers.first(name: "WWW-Authenticate") == "Bearer error=\"invalid_token\"")
            #expect(try expired.json(Problem.self).detail?.hasPrefix("The API token has expired") == true)
            let later = Browser(test)
            try await later.signIn(f.user(.officer).email)
            #expect(try await later.get("/account/tokens").body.contains("Expired</strong>"))
            let lasting = Browser(test)
            lasting.bearer = forever
            test.clock.advance(by: 400 * 86_400)
            #expect(try await lasting.get("/api/v1/organisations").status == .ok)
        }
    }
}

/// A password hasher that holds every call until `open()` (or until `giveUpAfter` seconds, so a
/// failing test can't hang the suite), then refuses the password.
final class GatedHasher: PasswordHasher, @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false
    private var inside = 0
    private let giveUpAfter: TimeInterval

    init(giveUpAfter: TimeInterval) { self.giveUpAfter = giveUpAfter }

    /// How many calls are being held now.
    var holding: Int { condition.withLock { inside } }

    func open() {
        condition.withLock {
            isOpen = true
            condition.broadcast()
        }
    }

    private func hold() {
        condition.withLock {
            inside += 1
            let deadline = Date().addingTimeInterval(giveUpAfter)
            while !isOpen, condition.wait(until: deadline) {}
            inside -= 1
        }
    }

    func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
        hold()
        return Array("not a real hash".utf8)
    }

    func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws -> Bool {
        hold()
        return false
    }
}
