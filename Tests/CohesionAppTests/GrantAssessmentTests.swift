@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// Assessing a sent application through the staff pages: eligibility (the group becomes an
/// unverified organisation), review by the panel (a conflict declared before anything is seen),
/// the panel pack, and the award with its letter and the fund's figures. Refusals change nothing.
@Suite struct GrantAssessmentTests {
    /// A group's application sent through the public pages; its id.
    static func sentApplication(_ test: TestApp, _ f: Fixtures, email: String = "chair@example.org") async throws -> GrantApplication {
        let round = try await GrantApplyTests.openRound(test, f)
        let group = Browser(test)
        _ = try await GrantApplyTests.start(test, group, round: round, email: email)
        try await GrantApplyTests.fillIn(group)
        let sent = try await group.post("/grants/application/check")
        #expect(sent.status == .ok && sent.body.contains("Application sent"))
        return try #require(try await GrantApplyTests.made(test).filter(\.$state == .submitted).sort(\.$submittedAt, .descending).first())
    }

    static func act(_ browser: Browser, _ application: GrantApplication, _ pairs: [(String, String)]) async throws -> Page {
        try await GrantApplyTests.post(browser, "/grants/manage/applications/\(application.id!.uuidString)", pairs)
    }

    static func state(_ test: TestApp, _ application: GrantApplication) async throws -> GrantApplicationState? {
        try await GrantApplication.find(application.id, on: test.db)?.state
    }

    @Test func fromEligibilityThroughReviewAndPanelToAnAward() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let application = try await Self.sentApplication(test, f)
            let officer = Browser(test)
            _ = try await officer.signIn(f.users[.officer]!.email)
            let round = try #require(try await GrantRound.find(application.$round.id, on: test.db))

            let overview = try await officer.get("/grants/manage")
            #expect(overview.status == .ok && overview.body.contains(GrantsDemo.fundName) && overview.body.contains("£87,000"))
            let list = try await officer.get("/grants/manage/rounds/\(round.id!.uuidString)")
            #expect(list.status == .ok && list.body.contains(application.reference!) && list.body.contains("Pleck Friends Cricket Club"))
            let page = try await officer.get("/grants/manage/applications/\(application.id!.uuidString)")
            #expect(page.status == .ok && page.body.contains("Cricket for all") && page.body.contains("Pitch hire, 20 sessions")
                    && page.body.contains("Confirm it is eligible"))

            // Eligible: the group becomes an organisation, marked unverified.
            var answer = try await Self.act(officer, application, [("action", "confirm_eligible")])
            #expect(answer.status == .seeOther, "\(answer.status) \(answer.body.prefix(500))")
            #expect(try await Self.state(test, application) == .eligibilityChecked)
            let organisation = try #require(try await Organisation.query(on: test.db).filter(\.$name == "Pleck Friends Cricket Club").first())
            #expect(organisation.unverifiedSource?.contains(application.reference!) == true && organisation.councilID == f.walsall.id)
            #expect(try await GrantApplication.find(application.id, on: test.db)?.$organisation.id == organisation.id)

            // Review: without a reviewer it is refused and nothing moves.
            answer = try await Self.act(officer, application, [("action", "start_review")])
            #expect(answer.status == .unprocessableEntity && answer.body.contains("Choose at least one reviewer"))
            #expect(try await Self.state(test, application) == .eligibilityChecked)
            let panel = try #require(f.users[.panel])
            answer = try await Self.act(officer, application, [("action", "start_review"), ("reviewers", panel.id!.uuidString)])
            #expect(answer.status == .seeOther)
            #expect(try await Self.state(test, application) == .inReview)

            // The panel member says whether they have a conflict before they see the application.
            let reviewer = Browser(test)
            _ = try await reviewer.signIn(panel.email)
            let queue = try await reviewer.get("/grants/reviews")
            #expect(queue.status == .ok && queue.body.contains(application.reference!))
            let reviewPath = "/grants/reviews/\(application.id!.uuidString)"
            var review = try await reviewer.get(reviewPath)
            #expect(review.status == .ok && review.body.contains("conflict of interest") && !review.body.contains("Weekly sessions and a festival day"))
            // Scores sent before saying: refused.
            answer = try await GrantApplyTests.post(reviewer, reviewPath, [("step", "scores"), ("score_mixing", "4")])
            #expect(answer.status == .unprocessableEntity && answer.body.contains("Say whether you have a conflict of interest"))
            answer = try await GrantApplyTests.post(reviewer, reviewPath, [("step", "conflict"), ("conflicted", "no")])
            #expect(answer.status == .seeOther)
            review = try await reviewer.get(reviewPath)
            #expect(review.body.contains("Weekly sessions and a festival day") && review.body.contains("Brings together people from different backgrounds"))
            answer = try await GrantApplyTests.post(reviewer, reviewPath, [("step", "scores"), ("score_mixing", "9"), ("score_need", "3"), ("score_value", "5"), ("send", "yes")])
            #expect(answer.status == .unprocessableEntity, "a score above the scale")
            answer = try await GrantApplyTests.post(reviewer, reviewPath, [("step", "scores"), ("score_mixing", "4"), ("score_need", "3"), ("score_value", "5"),
                                                                          ("comments", "Strong mixing; costs are fair."), ("send", "yes")])
            #expect(answer.status == .seeOther, "\(answer.status) \(answer.body.prefix(400))")
            let sentReview = try #require(try await GrantReview.query(on: test.db).filter(\.$application.$id == application.id!).first())
            #expect(sentReview.submittedAt != nil && sentReview.scores == ["mixing": 4, "need": 3, "value": 5])
            // The panel member can't reach the staff pages.
            #expect(try await reviewer.get("/grants/manage").status == .forbidden)

            // At panel: the pack ranks it with its score, the amount and the money left.
            answer = try await Self.act(officer, application, [("action", "send_to_panel")])
            #expect(answer.status == .seeOther)
            #expect(try await Self.state(test, application) == .atPanel)
            // The round favours North Walsall, where the project is: the pack says so, as the round's page does.
            round.priorityAreas = ["north"]
            try await round.update(on: test.db)
            #expect(try await Browser(test).get("/grants/rounds/\(round.id!.uuidString)").body.contains("especially welcomes projects for people in: North Walsall"))
            let pack = try await officer.get("/grants/manage/rounds/\(round.id!.uuidString)/panel-pack")
            #expect(pack.body.contains(">Priority area<") && pack.body.contains("Priority areas for this round: North Walsall"))
            // (4/5·40 + 3/5·30 + 5/5·30) = 80%.
            #expect(pack.status == .ok && pack.body.contains("80%") && pack.body.contains("£1,200") && pack.body.contains("Strong mixing; costs are fair."))

            // Award more than asked: refused. Then in part, with a reason and conditions, and a letter.
            answer = try await Self.act(officer, application, [("action", "award"), ("amount", "1500")])
            #expect(answer.status == .unprocessableEntity)
            #expect(try await Self.state(test, application) == .atPanel)
            let mailsBefore = await test.mailer.messages.count
            answer = try await Self.act(officer, application, [("action", "award"), ("amount", "1,000"), ("reason", "The kit is funded elsewhere."),
                                                               ("conditions", "Send photos of the festival day.")])
            #expect(answer.status == .seeOther, "\(answer.status) \(answer.body.prefix(400))")
            let awarded = try #require(try await GrantApplication.find(application.id, on: test.db))
            #expect(awarded.state == .awarded && awarded.awardedPence == 100_000)
            let fund = try #require(try await GrantFund.find(round.$fund.id, on: test.db))
            // The demo's past awards (£1,500 and £800) and this one.
            #expect(fund.committedPence == 230_000 + 100_000)
            let letters = await test.mailer.messages.dropFirst(mailsBefore)
            #expect(letters.count == 1 && letters.first?.to == "amina@example.org")
            #expect(letters.first.map { $0.body.contains("£1,000") && $0.body.contains("Send photos of the festival day.") && $0.body.contains("The kit is funded elsewhere.") } == true)
            let after = try await officer.get("/grants/manage")
            #expect(after.body.contains("£3,300") && after.body.contains("£83,700"))
        }
    }

    @Test func aDeclineNeedsAReasonAndTheLetterSaysIt() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let application = try await Self.sentApplication(test, f)
            let officer = Browser(test)
            _ = try await officer.signIn(f.users[.officer]!.email)
            var answer = try await Self.act(officer, application, [("action", "decline_ineligible"), ("reason", "")])
            #expect(answer.status == .unprocessableEntity && answer.body.contains("Give the reason"))
            #expect(try await Self.state(test, application) == .submitted)
            answer = try await Self.act(officer, application, [("action", "award"), ("amount", "100")])
            #expect(answer.status == .conflict || answer.status == .unprocessableEntity)
            #expect(try await Self.state(test, application) == .submitted)
            answer = try await Self.act(officer, application, [("action", "not_an_action")])
            #expect(answer.status == .unprocessableEntity)
            #expect(try await Self.state(test, application) == .submitted)
            answer = try await Self.act(officer, application, [("action", "decline_ineligible"), ("reason", "The group is based outside the borough.")])
            #expect(answer.status == .seeOther)
            #expect(try await Self.state(test, application) == .declined)
            let letter = await test.mailer.messages.last
            #expect(letter?.to == "amina@example.org" && letter?.body.contains("The group is based outside the borough.") == true)
            // Another council's officer finds nothing.
            let other = Browser(test, host: "other.test")
            _ = try await other.signIn(f.otherUsers[.officer]!.email)
            #expect(try await other.get("/grants/manage/applications/\(application.id!.uuidString)").status == .notFound)
            #expect(try await Self.act(other, application, [("action", "withdraw")]).status == .notFound)
        }
    }
}
