@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// Reviewers come from the panel, say whether they have a conflict of interest before anything
/// else, can't score when conflicted, and can't change scores once sent.
@Suite struct GrantReviewTests {
    static let criteria = [
        AssessmentCriterion(code: "mixing", title: "Brings people together", weight: 60, maximumScore: 5),
        AssessmentCriterion(code: "need", title: "Meets a need", weight: 40, maximumScore: 5),
    ]

    static func eligible(_ test: TestApp) async throws -> (GrantBudgetTests.Setup, UUID, User, User) {
        let s = try await GrantBudgetTests.setUp(test, budgetPence: 1_000_000)
        let id = try #require(try await GrantSubmissionTests.drafts(s, count: 1, on: test.db).first)
        let now = GrantSubmissionTests.inRound
        _ = try await GrantSubmission.submit(id, tenant: s.tenant, now: now)
        _ = try await GrantTransitions.move(id, .confirmEligible, by: .officer, user: s.officer, input: .init(), tenant: s.tenant, now: now)
        let panel = try #require(try await User.query(on: test.db).filter(\.$councilID == s.tenant.councilID).filter(\.$role == .panel).first())
        let second = User(councilID: s.tenant.councilID, email: "panel2@example.org", name: "Second Panel Member", passwordHash: "x", role: .panel)
        try await second.create(on: test.db)
        return (s, id, panel, second)
    }

    @Test func reviewersMustBeOnTheCouncilsPanel() async throws {
        try await withTestApp { test in
            let (s, id, panel, _) = try await Self.eligible(test)
            let now = GrantSubmissionTests.inRound
            for wrong in [[try s.officer.requireID()], [], [UUID()]] {
                await #expect(throws: GrantDecisionRefused(reason: .workflow(.incomplete(.reviewers)),
                                                           message: wrong.isEmpty ? "Choose at least one reviewer" : "Choose reviewers from the grant panel")) {
                    try await GrantReviews.startReview(id, reviewers: wrong, by: s.officer, tenant: s.tenant, now: now)
                }
            }
            // Another council's panel member is not this council's.
            let otherPanel = try #require(try await User.query(on: test.db).filter(\.$councilID != s.tenant.councilID).filter(\.$role == .panel).first())
            await #expect(throws: GrantDecisionRefused(reason: .workflow(.incomplete(.reviewers)), message: "Choose reviewers from the grant panel")) {
                try await GrantReviews.startReview(id, reviewers: [try otherPanel.requireID()], by: s.officer, tenant: s.tenant, now: now)
            }
            #expect(try await GrantApplication.find(id, on: test.db)?.state == .eligibilityChecked)
            #expect(try await GrantReview.query(on: test.db).count() == 0)
            let started = try await GrantReviews.startReview(id, reviewers: [try panel.requireID(), try panel.requireID()], by: s.officer, tenant: s.tenant, now: now)
            #expect(started.state == .inReview)
            #expect(try await GrantReview.query(on: test.db).count() == 1)
        }
    }

    @Test func aConflictIsDeclaredFirstAndAConflictedReviewerCannotScore() async throws {
        try await withTestApp { test in
            let (s, id, panel, second) = try await Self.eligible(test)
            let now = GrantSubmissionTests.inRound
            _ = try await GrantReviews.startReview(id, reviewers: [try panel.requireID(), try second.requireID()], by: s.officer, tenant: s.tenant, now: now)
            func score(_ reviewer: User, _ scores: [String: Int], submit: Bool) async throws -> GrantReview {
                try await GrantReviews.score(scores, comments: "Strong local links", submit: submit, on: id, criteria: Self.criteria, by: reviewer, tenant: s.tenant, now: now)
            }
            await #expect(throws: GrantDecisionRefused(reason: .workflow(.notAllowed), message: "Say whether you have a conflict of interest before you review this application")) {
                try await score(panel, ["mixing": 4, "need": 3], submit: true)
            }
            await #expect(throws: GrantDecisionRefused(reason: .review, message: "Say what the conflict of interest is, for the record")) {
                try await GrantReviews.declare(conflicted: true, note: "  ", on: id, by: panel, tenant: s.tenant)
            }
            _ = try await GrantReviews.declare(conflicted: true, note: "I am the group's treasurer", on: id, by: panel, tenant: s.tenant)
            await #expect(throws: GrantDecisionRefused(reason: .workflow(.notAllowed), message: "You have a conflict of interest, so you can't score this application")) {
                try await score(panel, ["mixing": 4, "need": 3], submit: true)
            }
            await #expect(throws: GrantDecisionRefused(reason: .review,
                                                       message: "You have said you have a conflict of interest. Ask an officer if that was a mistake")) {
                try await GrantReviews.declare(conflicted: false, note: "", on: id, by: panel, tenant: s.tenant)
            }

            _ = try await GrantReviews.declare(conflicted: false, note: "", on: id, by: second, tenant: s.tenant)
            await #expect(throws: GrantDecisionRefused(reason: .review, message: "Comments must be 5,000 characters or fewer")) {
                try await GrantReviews.score(["mixing": 4], comments: String(repeating: "é", count: 5_001), submit: false, on: id,
                                             criteria: Self.criteria, by: second, tenant: s.tenant, now: now)
            }
            await #expect(throws: GrantDecisionRefused(reason: .review, message: "Score Meets a need")) {
                try await score(second, ["mixing": 4], submit: true)
            }
            await #expect(throws: GrantDecisionRefused(reason: .review, message: "Score Brings people together from 0 to 5")) {
                try await score(second, ["mixing": 9], submit: false)
            }
            #expect(try await score(second, ["mixing": 4], submit: false).submittedAt == nil)   // a draft may be partial
            let sent = try await score(second, ["mixing": 4, "need": 3], submit: true)
            #expect(sent.submittedAt != nil && sent.scores == ["mixing": 4, "need": 3])
            await #expect(throws: GrantDecisionRefused(reason: .workflow(.wrongState), message: "You have sent your scores to the panel; they can't be changed now")) {
                try await score(second, ["mixing": 5, "need": 5], submit: true)
            }
            // The application's score counts the second reviewer only: 60 × 4/5 + 40 × 3/5 = 72.
            let reviews = try await GrantReview.query(on: test.db).filter(\.$application.$id == id).all()
                .map { GrantReviewScores(reviewer: $0.$reviewer.id, conflicted: $0.conflicted ?? false, scores: $0.submittedAt == nil ? [:] : $0.scores) }
            let score = GrantScoring.score(reviews, criteria: Self.criteria)
            #expect(score.reviewers == 1 && score.percentage.map { abs($0 - 72) < 1e-9 } == true)
        }
    }

    @Test func someoneNotAssignedHasNoReview() async throws {
        try await withTestApp { test in
            let (s, id, panel, second) = try await Self.eligible(test)
            _ = try await GrantReviews.startReview(id, reviewers: [try panel.requireID()], by: s.officer, tenant: s.tenant, now: GrantSubmissionTests.inRound)
            await #expect(throws: Abort.self) {
                try await GrantReviews.declare(conflicted: false, note: "", on: id, by: second, tenant: s.tenant)
            }
        }
    }
}
