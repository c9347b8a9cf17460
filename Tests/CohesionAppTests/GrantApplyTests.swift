@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// Applying for a grant through the public pages: the whole journey by private link, what bad
/// input gets (each refusal says why and changes nothing), expired and tampered links, another
/// council's rounds, and double clicks.
@Suite struct GrantApplyTests {
    static func openRound(_ test: TestApp, _ f: Fixtures) async throws -> GrantRound {
        try #require(try await GrantRound.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).filter(\.$name == GrantsDemo.openRoundName).first())
    }

    /// The applications the test made (the demo's are marked as examples).
    static func made(_ test: TestApp) -> QueryBuilder<GrantApplication> {
        GrantApplication.query(on: test.db).filter(\.$isExample == false)
    }

    /// Starts an application and opens it from the emailed link; the browser then holds it.
    static func start(_ test: TestApp, _ browser: Browser, round: GrantRound, email: String = "chair@example.org") async throws -> String {
        let before = await test.mailer.messages.count
        let started = try await browser.post("/grants/rounds/\(round.id!.uuidString)", form: ["email": email])
        #expect(started.status == .ok && started.body.contains("Check your email"), "\(started.status) \(started.body.prefix(300))")
        let messages = await test.mailer.messages
        #expect(messages.count == before + 1 && messages.last?.to == email)
        let link = try #require(Self.link(in: messages.last?.body ?? ""))
        let opened = try await browser.get(link)
        #expect(opened.status == .seeOther && opened.location == "/grants/application")
        return link
    }

    /// The private link's path and query from an email.
    static func link(in body: String) -> String? {
        guard let range = body.range(of: #"/grants/continue\?token=[A-Za-z0-9_-]+"#, options: .regularExpression) else { return nil }
        return String(body[range])
    }

    /// A form with repeated names (checkboxes), as a browser sends it.
    static func post(_ browser: Browser, _ path: String, _ pairs: [(String, String)]) async throws -> Page {
        let body = ([(CSRF.fieldName, browser.csrfToken ?? "")] + pairs).map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        return try await browser.send(.POST, path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
    }

    static let sections: [(GrantApplicationSection, [(String, String)])] = [
        (.eligibility, [("eligibility_local", "yes"), ("eligibility_profit", "no"), ("eligibility_bank", "yes")]),
        (.organisation, [("organisation_name", "Pleck Friends Cricket Club"), ("organisation_type", "vcs_group"), ("charity_number", ""),
                         ("company_number", ""), ("constituted", "yes"), ("address", "1 Pleck Road, Walsall"), ("postcode", "ws2 9ha")]),
        (.contact, [("contact_name", "Amina Khan"), ("contact_email", "Amina@Example.org"), ("contact_phone", "07700 900123")]),
        (.project, [("project_title", "Cricket for all"), ("summary", "Summer cricket sessions open to everyone."),
                    ("activities", "Weekly sessions and a festival day with food from the families' cultures."), ("themes", "sport"), ("themes", "mixing")]),
        (.area, [("localities", "north"), ("beneficiaries", "60"), ("start_date_day", "1"), ("start_date_month", "4"), ("start_date_year", "2027"),
                 ("end_date_day", "30"), ("end_date_month", "9"), ("end_date_year", "2027")]),
        (.budget, [("requested", "1,200"), ("item_1", "Pitch hire, 20 sessions"), ("amount_1", "800"), ("item_2", "Kit and balls"), ("amount_2", "400")]),
        (.declarations, GrantApplicationAnswers.declarations.map { ("declarations", $0.code) }),
    ]

    static func fillIn(_ browser: Browser) async throws {
        for (section, pairs) in sections {
            let page = try await post(browser, "/grants/application/\(section.rawValue)", pairs)
            #expect(page.status == .seeOther, "\(section): \(page.status) \(page.body.prefix(600))")
        }
    }

    @Test func aGroupAppliesByItsPrivateLinkAndSendsOnce() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let round = try await Self.openRound(test, f)
            let browser = Browser(test)
            let list = try await browser.get("/grants")
            #expect(list.status == .ok && list.body.contains(GrantsDemo.openRoundName) && !list.body.contains(GrantsDemo.pastRoundName))
            #expect(try await browser.get("/grants/rounds/\(round.id!.uuidString)").body.contains("Start your application"))
            _ = try await Self.start(test, browser, round: round)
            var overview = try await browser.get("/grants/application")
            #expect(overview.status == .ok && overview.body.contains("You have finished 0 of 7 sections"))
            try await Self.fillIn(browser)
            overview = try await browser.get("/grants/application")
            #expect(overview.body.contains("You have answered every question"))
            let check = try await browser.get("/grants/application/check")
            #expect(check.status == .ok)
            for shown in ["Pleck Friends Cricket Club", "WS2 9HA", "amina@example.org", "North Walsall", "1 April 2027 to 30 September 2027", "£1,200", "Pitch hire, 20 sessions"] {
                #expect(check.body.contains(shown), "\(shown)")
            }
            #expect(check.body.contains("Change<span class=\"govuk-visually-hidden\"> group&#39;s name</span>") || check.body.contains("Change<span class=\"govuk-visually-hidden\"> group's name</span>"))

            // Sent twice, as a double click does: one reference, one confirmation.
            let mailsBefore = await test.mailer.messages.count
            let first = try await browser.post("/grants/application/check")
            let second = try await browser.post("/grants/application/check")
            let sent = try await Self.made(test).all()
            let reference = try #require(sent.first?.reference)
            // Numbered after the demo's, in the year it was sent.
            #expect(reference.hasPrefix("CMG-\(CalendarDate.inLondon(test.clock.now()).year)-00"))
            #expect(first.status == .ok && first.body.contains(reference), "\(first.status) \(first.body.prefix(800))")
            #expect(second.status == .ok && second.body.contains(reference))
            let confirmations = await test.mailer.messages.dropFirst(mailsBefore)
            #expect(confirmations.count == 1 && confirmations.first?.to == "amina@example.org" && confirmations.first?.subject.contains(reference) == true)
            #expect(sent.count == 1 && sent[0].state == .submitted && sent[0].requestedPence == 120_000 && sent[0].projectTitle == "Cricket for all")
            #expect(sent[0].answers.budget.map(\.pence) == [80_000, 40_000] && sent[0].answers.wardCodes.isEmpty)
            // Its page now says where it has got to, and its answers can no longer change.
            overview = try await browser.get("/grants/application")
            #expect(overview.body.contains(reference) && overview.body.contains("We are assessing it"))
            let change = try await Self.post(browser, "/grants/application/project", [("project_title", "Changed after sending")])
            #expect(change.status == .seeOther && change.location == "/grants/application")
            #expect(try await GrantApplication.find(sent[0].id, on: test.db)?.projectTitle == "Cricket for all")
        }
    }

    @Test func badAnswersAreRefusedSayingWhyAndChangeNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let round = try await Self.openRound(test, f)
            let browser = Browser(test)
            _ = try await Self.start(test, browser, round: round)
            try await Self.fillIn(browser)
            let application = try #require(try await Self.made(test).first())
            let cases: [(GrantApplicationSection, [(String, String)], String, String)] = [
                (.budget, [("requested", "1,200"), ("item_1", "Pitch hire"), ("amount_1", "800"), ("item_2", "Kit"), ("amount_2", "300")],
                 "budget", "Your budget lines add up to £1,100, but you are asking for £1,200"),
                (.budget, [("requested", "3000"), ("item_1", "Pitch hire"), ("amount_1", "3000")], "requested", "Ask for £2,500 or less"),
                (.budget, [("requested", "12,50"), ("item_1", "Pitch hire"), ("amount_1", "800")], "requested", "Enter an amount in pounds"),
                (.organisation, [("organisation_name", "Pleck Friends"), ("organisation_type", "vcs_group"), ("charity_number", "12"),
                                 ("constituted", "yes"), ("address", "1 Pleck Road"), ("postcode", "WS2 9HA")], "charity_number", "Enter a registered charity number"),
                (.area, [("localities", "north"), ("beneficiaries", "60"), ("start_date_day", "31"), ("start_date_month", "2"), ("start_date_year", "2027"),
                         ("end_date_day", "1"), ("end_date_month", "3"), ("end_date_year", "2027")], "start_date", "as a real date"),
                (.area, [("localities", "north"), ("beneficiaries", "60"), ("start_date_day", "1"), ("start_date_month", "9"), ("start_date_year", "2027"),
                         ("end_date_day", "1"), ("end_date_month", "3"), ("end_date_year", "2027")], "end_date", "must end on or after"),
                (.area, [("localities", "E05999999"), ("beneficiaries", "60")], "localities", "Select areas from the list"),
                (.project, [("project_title", String(repeating: "x", count: 151)), ("summary", "s"), ("activities", "a")], "project_title", "150 characters or fewer"),
                (.project, [("project_title", "Bell\u{7}"), ("summary", "s"), ("activities", "a")], "project_title", "Type it again without them"),
                (.contact, [("contact_name", "Amina"), ("contact_email", "not an address")], "contact_email", "in the right format"),
            ]
            for (section, pairs, field, message) in cases {
                let page = try await Self.post(browser, "/grants/application/\(section.rawValue)", pairs)
                #expect(page.status == .unprocessableEntity, "\(section) \(field): \(page.status)")
                #expect(page.body.contains("There is a problem") && page.body.contains("href=\"#\(field)\"") && page.body.contains(message),
                        "\(section) \(field): \(page.body.prefix(1500))")
                // What was typed comes back.
                for (name, value) in pairs where name != "localities" && !value.contains("\u{7}") {
                    #expect(page.body.contains(value), "\(section) \(field): \(name) kept")
                }
                let after = try #require(try await GrantApplication.find(application.id, on: test.db))
                #expect(after.answersJSON == application.answersJSON, "\(section) \(field) changed the answers")
            }
            // An ineligible answer says why, and the application can't be sent.
            let ineligible = try await Self.post(browser, "/grants/application/eligibility",
                                                 [("eligibility_local", "yes"), ("eligibility_profit", "yes"), ("eligibility_bank", "yes")])
            #expect(ineligible.status == .ok && ineligible.body.contains("These grants are for not-for-profit groups"))
            let refused = try await browser.post("/grants/application/check")
            #expect(refused.status == .unprocessableEntity && refused.body.contains("These grants are for not-for-profit groups"))
            #expect(try await GrantApplication.find(application.id, on: test.db)?.state == .draft)
        }
    }

    @Test func aClosedRoundTakesNoApplicationsAndSendsNone() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let past = try #require(try await GrantRound.query(on: test.db).filter(\.$name == GrantsDemo.pastRoundName).first())
            let browser = Browser(test)
            let page = try await browser.post("/grants/rounds/\(past.id!.uuidString)", form: ["email": "chair@example.org"])
            #expect(page.status == .unprocessableEntity && page.body.contains("has closed"))
            let mails = await test.mailer.messages
            #expect(try await Self.made(test).count() == 0 && mails.isEmpty)
            // Started while open, sent after it closed: refused, still a draft.
            let round = try await Self.openRound(test, f)
            _ = try await Self.start(test, browser, round: round)
            try await Self.fillIn(browser)
            // The round closes tomorrow; the group sends the day after.
            round.closesAt = test.clock.now().addingTimeInterval(86_400)
            try await round.update(on: test.db)
            test.clock.advance(by: 2 * 86_400)
            let late = try await browser.post("/grants/application/check")
            #expect(late.status == .unprocessableEntity && late.body.contains("closed on"))
            #expect(try await Self.made(test).first()?.state == .draft)
            #expect(try await Self.made(test).first()?.reference == nil)
        }
    }

    @Test func anExpiredLinkOffersANewOneAndTheOldOneStopsWorking() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let round = try await Self.openRound(test, f)
            let browser = Browser(test)
            let link = try await Self.start(test, browser, round: round)
            test.clock.advance(by: GrantApplyController.linkLifetime + 60)
            let expired = try await Browser(test).get(link)
            #expect(expired.status == .gone && expired.body.contains("This link has expired") && !expired.body.contains("chair@example.org"))
            #expect(try await browser.get("/grants/application").status == .gone)
            let token = String(link.split(separator: "=").last!)
            let renewer = Browser(test)
            _ = try await renewer.get("/grants")
            let renewed = try await renewer.post("/grants/continue/new-link", form: ["token": token])
            #expect(renewed.status == .ok && renewed.body.contains("Check your email"))
            let last = await test.mailer.messages.last
            let newLink = try #require(Self.link(in: last?.body ?? ""))
            #expect(newLink != link && last?.to == "chair@example.org")
            #expect(try await Browser(test).get(link).status == .notFound)
            #expect(try await Browser(test).get(newLink).status == .seeOther)
        }
    }

    @Test func tamperedLinksAndAnotherCouncilsRoundsFindNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let round = try await Self.openRound(test, f)
            let browser = Browser(test)
            let link = try await Self.start(test, browser, round: round)
            // The same token at another council's address: not found there.
            #expect(try await Browser(test, host: "other.test").get(link).status == .notFound)
            for path in ["/grants/continue?token=" + String(repeating: "A", count: 43), "/grants/continue?token=short", "/grants/continue",
                         "/grants/rounds/\(UUID().uuidString)", "/grants/rounds/not-a-uuid", "/grants/application/not-a-section"] {
                #expect(try await Browser(test).get(path).status == .notFound, "\(path)")
            }
            #expect(try await Browser(test, host: "other.test").get("/grants/rounds/\(round.id!.uuidString)").status == .notFound)
            // A browser that never opened a link has no application.
            let stranger = Browser(test)
            #expect(try await stranger.get("/grants/application").status == .notFound)
            #expect(try await Self.post(stranger, "/grants/application/project", [("project_title", "x")]).status == .notFound)
            // A cookie with a made-up token is no better.
            stranger.setCookieValue(stranger.cookieName(.privateLink), String(repeating: "B", count: 43))
            #expect(try await stranger.get("/grants/application/check").status == .notFound)
        }
    }

    @Test func startingTwiceByDoubleClickMakesOneApplication() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let round = try await Self.openRound(test, f)
            let browser = Browser(test)
            _ = try await browser.get("/grants")
            async let one = browser.post("/grants/rounds/\(round.id!.uuidString)", form: ["email": "chair@example.org"])
            async let two = browser.post("/grants/rounds/\(round.id!.uuidString)", form: ["email": "Chair@Example.org "])
            let pages = try await [one, two]
            #expect(pages.allSatisfy { $0.status == .ok && $0.body.contains("Check your email") })
            #expect(try await Self.made(test).count() == 1)
            #expect(await test.mailer.messages.count == 1)
            let empty = try await browser.post("/grants/rounds/\(round.id!.uuidString)", form: ["email": ""])
            #expect(empty.status == .unprocessableEntity && empty.body.contains("Enter your email address"))
        }
    }
}
