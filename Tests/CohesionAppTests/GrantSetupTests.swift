@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// Setting grants up: a fund whose budget can't fall below what is committed, and a round whose
/// questions and criteria are data officers edit, fixed once groups have applied or reviewers
/// have scored.
@Suite struct GrantSetupTests {
    static func roundForm(_ overrides: [(String, String)] = []) -> [(String, String)] {
        var pairs: [(String, String)] = [
            ("name", "Spring round 2027"), ("reference_prefix", "spr"), ("opens", "1/3/2027"), ("closes", "30/4/2027"),
            ("minimum", "100"), ("maximum", "1,000"), ("guidance", "Small grants for bringing people together."),
            ("question_1", "Is your group based in the borough?"), ("question_1_ineligible", "no"), ("question_1_why", "These grants are for local groups."),
            ("criterion_1", "Brings people together"), ("criterion_1_weight", "60"), ("criterion_1_maximum", "5"),
            ("criterion_2", "Value for money"), ("criterion_2_weight", "40"), ("criterion_2_maximum", "5"),
            ("priority_north", "on"), ("priority_E05999999", "on"),
        ]
        for (name, value) in overrides {
            pairs.removeAll { $0.0 == name }
            pairs.append((name, value))
        }
        return pairs
    }

    @Test func anOfficerSetsUpAFundAndARound() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            _ = try await officer.signIn(f.users[.officer]!.email)
            var page = try await officer.post("/grants/manage/funds/new", form: ["name": "", "budget": "lots"])
            #expect(page.status == .unprocessableEntity && page.body.contains("Enter the fund") && page.body.contains("Enter the budget in pounds"))
            page = try await officer.post("/grants/manage/funds/new", form: ["name": "Cohesion grants 2027/28", "budget": "50,000"])
            #expect(page.status == .seeOther)
            let fund = try #require(try await GrantFund.query(on: test.db).filter(\.$name == "Cohesion grants 2027/28").first())
            #expect(fund.budgetPence == 5_000_000 && fund.committedPence == 0 && fund.councilID == f.walsall.id)

            var pairs = Self.roundForm([("fund", fund.id!.uuidString), ("maximum", "50"), ("closes", "31/2/2027"), ("question_1_why", ""), ("criterion_2_weight", "0")])
            page = try await GrantApplyTests.post(officer, "/grants/manage/rounds/new", pairs)
            #expect(page.status == .unprocessableEntity)
            for message in ["The largest grant must be at least the smallest", "as a real date", "Say why a group that answers no to question 1", "Give criterion 2 a weight from 1 to 100"] {
                #expect(page.body.contains(message), "\(message)")
            }
            #expect(page.body.contains("Spring round 2027"))
            pairs = Self.roundForm([("fund", fund.id!.uuidString)])
            page = try await GrantApplyTests.post(officer, "/grants/manage/rounds/new", pairs)
            #expect(page.status == .seeOther, "\(page.status) \(page.body.prefix(1000))")
            let round = try #require(try await GrantRound.query(on: test.db).filter(\.$name == "Spring round 2027").first())
            #expect(round.referencePrefix == "SPR" && round.minimumPence == 10_000 && round.maximumPence == 100_000 && !round.isExample)
            #expect(round.eligibility == [EligibilityQuestion(code: "q1", question: "Is your group based in the borough?", ineligibleAnswer: false, whyIneligible: "These grants are for local groups.")])
            #expect(round.criteria.map(\.weight) == [60, 40] && round.priorityAreas == ["north"])
            #expect(CalendarDate.inLondon(round.opensAt) == CalendarDate(iso: "2027-03-01") && CalendarDate.inLondon(round.closesAt) == CalendarDate(iso: "2027-05-01"))
            #expect(LondonClock.wallClock(at: round.closesAt).time == LocalTime(hour: 0, minute: 0))

            // The budget can't fall below what is committed.
            let demoFund = try #require(try await GrantFund.query(on: test.db).filter(\.$name == GrantsDemo.fundName).first())
            page = try await officer.post("/grants/manage/funds/\(demoFund.id!.uuidString)", form: ["name": demoFund.name, "budget": "2,000"])
            #expect(page.status == .conflict && page.body.contains("£2,300 is already committed"))
            #expect(try await GrantFund.find(demoFund.id, on: test.db)?.budgetPence == 8_700_000)
            // Another council's officer finds neither.
            let other = Browser(test, host: "other.test")
            _ = try await other.signIn(f.otherUsers[.officer]!.email)
            #expect(try await other.get("/grants/manage/funds/\(fund.id!.uuidString)").status == .notFound)
            #expect(try await other.get("/grants/manage/rounds/\(round.id!.uuidString)/edit").status == .notFound)
        }
    }

    @Test func questionsAndCriteriaAreFixedOnceUsed() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            _ = try await officer.signIn(f.users[.officer]!.email)
            // The demo's open round has applications, so its questions can't change; the wording of
            // the guidance can.
            let round = try await GrantApplyTests.openRound(test, f)
            let edit = "/grants/manage/rounds/\(round.id!.uuidString)/edit"
            let form = try await officer.get(edit)
            #expect(form.status == .ok && form.body.contains("Groups have already applied"))
            var pairs = Self.roundForm([("name", round.name), ("reference_prefix", "CMG"), ("question_1", "A new question?"), ("question_1_why", "x")])
            var page = try await GrantApplyTests.post(officer, edit, pairs)
            #expect(page.status == .unprocessableEntity && page.body.contains("its eligibility questions can"))
            // The same questions and criteria, as the form shows them, save.
            pairs = [("name", round.name), ("reference_prefix", "CMG"), ("opens", "1/11/2026"), ("closes", "20/1/2027"), ("minimum", "250"),
                     ("maximum", "2500"), ("guidance", "New guidance.")]
            for (n, q) in round.eligibility.enumerated() {
                pairs += [("question_\(n + 1)", q.question), ("question_\(n + 1)_hint", q.hint), ("question_\(n + 1)_ineligible", q.ineligibleAnswer ? "yes" : "no"),
                          ("question_\(n + 1)_why", q.whyIneligible)]
            }
            for (n, c) in round.criteria.enumerated() {
                pairs += [("criterion_\(n + 1)", c.title), ("criterion_\(n + 1)_weight", String(c.weight)), ("criterion_\(n + 1)_maximum", String(c.maximumScore))]
            }
            page = try await GrantApplyTests.post(officer, edit, pairs)
            #expect(page.status == .seeOther, "\(page.status) \(page.body.prefix(1500))")
            let saved = try #require(try await GrantRound.find(round.id, on: test.db))
            #expect(saved.guidance == "New guidance." && saved.eligibility == round.eligibility && saved.criteria == round.criteria)
        }
    }
}
