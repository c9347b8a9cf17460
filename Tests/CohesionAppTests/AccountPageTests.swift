@testable import CohesionApp
import Fluent
import Testing
import Vapor

/// `/account`: changing one's own password, and seeing and ending one's other sessions.
@Suite struct AccountPageTests {
    @Test func changingYourPasswordNeedsTheCurrentOneAndSignsYouOutEverywhereElse() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let email = f.user(.partner).email
            let laptop = Browser(test), phone = Browser(test)
            try await laptop.signIn(email)
            try await phone.signIn(email)

            var page = try await laptop.post("/account/password", form: ["current_password": "not my password",
                                                                         "password": "a brand new long password", "confirm": "a brand new long password"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("<title>Error: Your account"))
            #expect(page.body.contains("Your current password is not right") && page.body.contains("href=\"#current_password\""))
            page = try await laptop.post("/account/password", form: ["current_password": Fixtures.password,
                                                                     "password": "a brand new long password", "confirm": "something else entirely"])
            #expect(page.body.contains("The passwords do not match"))
            page = try await laptop.post("/account/password", form: ["current_password": Fixtures.password, "password": "short", "confirm": "short"])
            #expect(page.status == .unprocessableEntity)
            // Nothing changed: the old password still signs in.
            try await Browser(test).signIn(email)

            page = try await laptop.post("/account/password", form: ["current_password": Fixtures.password,
                                                                     "password": "a brand new long password", "confirm": "a brand new long password"])
            #expect(page.status == .seeOther && page.location == "/account")
            #expect(try await laptop.get("/account").body.contains("Your password has been changed"))
            #expect(try await phone.get("/dashboard").isRedirectToSignIn, "the other session ended")
            let fresh = Browser(test)
            _ = try await fresh.get("/sign-in")
            #expect(try await fresh.post("/sign-in", form: ["email": email, "password": Fixtures.password]).status == .unprocessableEntity)
            try await Browser(test).signIn(email, password: "a brand new long password")
            let audit = try await AuditEvent.query(on: test.db).filter(\.$action == .passwordReset).filter(\.$userID == f.user(.partner).id).all()
            #expect(audit.map(\.summary) == ["changed own password; signed out other sessions"])
        }
    }

    @Test func youSeeYourSessionsAndCanEndOnlyYourOthers() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let email = f.user(.officer).email
            let laptop = Browser(test), phone = Browser(test)
            try await laptop.signIn(email)
            phone.userAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"
            try await phone.signIn(email)
            var page = try await laptop.get("/account")
            #expect(page.status == .ok)
            #expect(page.body.contains("This browser"))
            #expect(page.body.components(separatedBy: "/account/sessions/").count - 1 == 2, "one end link for the phone, one 'everywhere else' form")

            // Another person's session can't be ended by guessing its id.
            let admin = Browser(test)
            try await admin.signIn(f.user(.admin).email)
            let adminSession = try #require(try await UserSession.query(on: test.db).filter(\.$user.$id == f.user(.admin).id!).first())
            #expect(try await laptop.post("/account/sessions/\(adminSession.id!)/end").status == .notFound)
            #expect(try await admin.get("/dashboard").status == .ok)

            let phoneSession = try #require(try await UserSession.query(on: test.db).filter(\.$user.$id == f.user(.officer).id!)
                .filter(\.$userAgent != nil).all().first { $0.userAgent?.contains("iPhone") == true })
            page = try await laptop.get("/account")
            #expect(page.body.contains("Safari on iPhone"))
            #expect(try await laptop.post("/account/sessions/\(phoneSession.id!)/end").status == .seeOther)
            #expect(try await phone.get("/dashboard").isRedirectToSignIn)
            #expect(try await laptop.get("/dashboard").status == .ok)

            // Ending this browser's own session goes through Sign out instead.
            let mine = try #require(try await UserSession.query(on: test.db).filter(\.$user.$id == f.user(.officer).id!).first())
            #expect(try await laptop.post("/account/sessions/\(mine.id!)/end").status == .badRequest)

            let tablet = Browser(test)
            try await tablet.signIn(email)
            #expect(try await laptop.post("/account/sessions/end-others").status == .seeOther)
            #expect(try await tablet.get("/dashboard").isRedirectToSignIn)
            #expect(try await laptop.get("/dashboard").status == .ok)
        }
    }

    @Test func browsersAreNamedWithoutKeepingMoreThanThat() {
        #expect(AccountController.browserName("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36") == "Chrome on Windows")
        #expect(AccountController.browserName("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0") == "Firefox on Linux")
        #expect(AccountController.browserName("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15") == "Safari on macOS")
        #expect(AccountController.browserName("AsyncHTTPClient") == "Another browser or program")
    }
}
