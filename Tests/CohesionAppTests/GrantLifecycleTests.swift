@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// An application's whole life through the database: each move recorded in its history with who
/// and why, refusals changing nothing, and a withdrawn award's money going back to the fund.
@Suite struct GrantLifecycleTests {
    @Test func fromDraftToClosedEachMoveIsRecorded() async throws {
        try await withTestApp { test in
            let s = try await GrantBudgetTests.setUp(test, budgetPence: 1_000_000)
            let id = try #require(try await GrantSubmissionTests.drafts(s, count: 1, requestedPence: 150_000, on: test.db).first)
            let now = GrantSubmissionTests.inRound
            func move(_ action: GrantAction, _ input: GrantTransitionInput = .init()) async throws -> GrantApplicationState {
                try await GrantTransitions.move(id, action, by: .officer, user: s.officer, input: input, tenant: s.tenant, now: now).state
            }
            #expect(try await GrantSubmission.submit(id, tenant: s.tenant, now: now).state == .submitted)
            #expect(try await move(.confirmEligible) == .eligibilityChecked)
            #expect(try await move(.startReview, .init(reviewerCount: 2)) == .inReview)
            #expect(try await move(.sendToPanel) == .atPanel)
            #expect(try await GrantDecisions.award(id, input: .init(amountPence: 150_000, conditions: "Send photos of the picnic"),
                                                   by: s.officer, tenant: s.tenant).state == .awarded)
            #expect(try await move(.startMonitoring) == .inMonitoring)
            #expect(try await move(.close, .init(reason: "Report received and signed off")) == .closed)

            let history = try await GrantApplicationEvent.query(on: test.db).filter(\.$application.$id == id).sort(\.$at).all()
            #expect(history.map(\.action) == [.submit, .confirmEligible, .startReview, .sendToPanel, .award, .startMonitoring, .close])
            #expect(history.map(\.toState) == [.submitted, .eligibilityChecked, .inReview, .atPanel, .awarded, .inMonitoring, .closed])
            #expect(history[0].actor == .applicant && history[0].$user.id == nil)
            #expect(history.dropFirst().allSatisfy { $0.actor == .officer && $0.$user.id == s.officer.id })
            #expect(history[4].amountPence == 150_000 && history[4].conditions == "Send photos of the picnic")
            #expect(history[6].reason == "Report received and signed off")
            #expect(try await GrantFund.find(s.fund.id, on: test.db)?.committedPence == 150_000)
            await #expect(throws: GrantDecisionRefused(reason: .workflow(.wrongState), message: "An application that is closed can't be withdrawn.")) {
                try await GrantTransitions.move(id, .withdraw, by: .officer, user: s.officer, input: .init(), tenant: s.tenant, now: now)
            }
        }
    }

    @Test func refusedMovesChangeNothing() async throws {
        try await withTestApp { test in
            let s = try await GrantBudgetTests.setUp(test, budgetPence: 1_000_000)
            let id = try #require(try await GrantSubmissionTests.drafts(s, count: 1, on: test.db).first)
            let now = GrantSubmissionTests.inRound
            _ = try await GrantSubmission.submit(id, tenant: s.tenant, now: now)
            await #expect(throws: GrantDecisionRefused(reason: .workflow(.incomplete(.reason)), message: "Give the reason, which the applicant will be told")) {
                try await GrantTransitions.move(id, .declineIneligible, by: .officer, user: s.officer, input: .init(reason: " "), tenant: s.tenant, now: now)
            }
            await #expect(throws: GrantDecisionRefused(reason: .workflow(.notAllowed), message: "Only an officer can do this: confirm it is eligible.")) {
                try await GrantTransitions.move(id, .confirmEligible, by: .reviewer, user: s.officer, input: .init(), tenant: s.tenant, now: now)
            }
            await #expect(throws: GrantDecisionRefused(reason: .workflow(.wrongState), message: "An application that is received can't be sent to panel.")) {
                try await GrantTransitions.move(id, .sendToPanel, by: .officer, user: s.officer, input: .init(), tenant: s.tenant, now: now)
            }
            #expect(try await GrantApplication.find(id, on: test.db)?.state == .submitted)
            #expect(try await GrantApplicationEvent.query(on: test.db).count() == 1)
            // Returned to the group with what to change, then declined as not eligible, with the reason kept.
            #expect(try await GrantTransitions.move(id, .returnToApplicant, by: .officer, user: s.officer,
                                                    input: .init(reason: "Add your constitution"), tenant: s.tenant, now: now).state == .draft)
            _ = try await GrantSubmission.submit(id, tenant: s.tenant, now: now)
            let declined = try await GrantTransitions.move(id, .declineIneligible, by: .officer, user: s.officer,
                                                           input: .init(reason: "The group is not based in Walsall"), tenant: s.tenant, now: now)
            #expect(declined.state == .declined && declined.decidedAt != nil)
            // Sent again after its return: the same reference, not a new one.
            #expect(declined.reference == "CMG-2026-0001")
        }
    }

    @Test func aWithdrawnAwardGivesItsMoneyBackToTheFund() async throws {
        try await withTestApp { test in
            let s = try await GrantBudgetTests.setUp(test, budgetPence: 300_000)
            let ids = try await GrantBudgetTests.applicationsAtPanel(s, count: 2, requestedPence: 200_000, on: test.db)
            _ = try await GrantDecisions.award(ids[0], input: .init(amountPence: 200_000), by: s.officer, tenant: s.tenant)
            let withdrawn = try await GrantTransitions.move(ids[0], .withdraw, by: .applicant, user: nil,
                                                            input: .init(reason: "Our venue closed"), tenant: s.tenant, now: Date())
            #expect(withdrawn.state == .withdrawn)
            #expect(try await GrantFund.find(s.fund.id, on: test.db)?.committedPence == 0)
            // The money is there for the next award.
            _ = try await GrantDecisions.award(ids[1], input: .init(amountPence: 200_000), by: s.officer, tenant: s.tenant)
            #expect(try await GrantFund.find(s.fund.id, on: test.db)?.committedPence == 200_000)
        }
    }
}
