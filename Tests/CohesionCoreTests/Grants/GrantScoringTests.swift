@testable import CohesionCore
import Foundation
import Testing

/// Weighted scores worked by hand, conflicted reviewers left out, disagreement flagged, and the
/// panel's ranking against the money left.
@Suite struct GrantScoringTests {
    static let criteria = [
        AssessmentCriterion(code: "mixing", title: "Brings together people from different backgrounds", weight: 40, maximumScore: 5),
        AssessmentCriterion(code: "need", title: "Meets a need in the area", weight: 30, maximumScore: 5),
        AssessmentCriterion(code: "value", title: "Value for money", weight: 30, maximumScore: 10),
    ]

    @Test func aWeightedScoreIsEachCriterionsShareOfItsScaleWeighted() throws {
        // 40 × 4/5 + 30 × 3/5 + 30 × 7/10 = 32 + 18 + 21 = 71 of 100.
        let percentage = try #require(GrantScoring.weightedPercentage(["mixing": 4, "need": 3, "value": 7], criteria: Self.criteria))
        #expect(abs(percentage - 71) < 1e-9)
        #expect(GrantScoring.weightedPercentage(["mixing": 5, "need": 5, "value": 10], criteria: Self.criteria) == 100)
        #expect(GrantScoring.weightedPercentage(["mixing": 0, "need": 0, "value": 0], criteria: Self.criteria) == 0)
        // Weights need not add to 100: 1, 1 is half and half. 1 × 2/4 + 1 × 4/4 = 1.5 of 2 = 75%.
        let even = [AssessmentCriterion(code: "a", title: "A", weight: 1, maximumScore: 4), AssessmentCriterion(code: "b", title: "B", weight: 1, maximumScore: 4)]
        #expect(GrantScoring.weightedPercentage(["a": 2, "b": 4], criteria: even) == 75)
    }

    @Test func incompleteOrOutOfRangeScoresAreNamedAndScoreNothing() {
        #expect(GrantScoring.problems(in: ["mixing": 6, "value": -1, "extra": 2], criteria: Self.criteria) == [
            "mixing": "Score Brings together people from different backgrounds from 0 to 5",
            "need": "Score Meets a need in the area",
            "value": "Score Value for money from 0 to 10",
            "extra": "extra is not one of this round's criteria",
        ])
        #expect(GrantScoring.weightedPercentage(["mixing": 4, "need": 3], criteria: Self.criteria) == nil)
        #expect(GrantScoring.problems(in: [AssessmentCriterion(code: "a", title: "A", weight: 0, maximumScore: 5),
                                           AssessmentCriterion(code: "a", title: "A", weight: 1, maximumScore: 0)]) ==
            ["": "Each criterion needs its own code", "a": "Scores for A must run from 0 to between 1 and 100"])
        #expect(GrantScoring.problems(in: []) == ["": "Add at least one criterion"])
    }

    @Test func anApplicationsScoreLeavesOutConflictedAndUnfinishedReviews() throws {
        let a = UUID(), b = UUID(), c = UUID(), d = UUID()
        let score = GrantScoring.score([
            GrantReviewScores(reviewer: a, scores: ["mixing": 4, "need": 3, "value": 7]),   // 71
            GrantReviewScores(reviewer: b, scores: ["mixing": 2, "need": 5, "value": 9]),   // 16 + 30 + 27 = 73
            GrantReviewScores(reviewer: c, conflicted: true, scores: [:]),
            GrantReviewScores(reviewer: d, scores: ["mixing": 5]),
        ], criteria: Self.criteria)
        #expect(score.reviewers == 2)
        #expect(abs(try #require(score.percentage) - 72) < 1e-9)
        #expect(abs(score.spread - 2) < 1e-9)
        // 4 and 2 on a 0–5 scale are not half the scale apart (2 < 2.5); 3 and 5 neither.
        #expect(score.disputedCriteria.isEmpty)
        let split = GrantScoring.score([
            GrantReviewScores(reviewer: a, scores: ["mixing": 5, "need": 3, "value": 1]),
            GrantReviewScores(reviewer: b, scores: ["mixing": 1, "need": 3, "value": 6]),
        ], criteria: Self.criteria)
        #expect(split.disputedCriteria == ["mixing", "value"])
        #expect(GrantScoring.score([], criteria: Self.criteria) == .init(percentage: nil, reviewers: 0, spread: 0, disputedCriteria: []))
    }

    @Test func thePanelPackRanksByScoreAndShowsWhereTheMoneyRunsOut() {
        let ids = (0..<5).map { _ in UUID() }
        let pack = GrantScoring.panelPack([
            (ids[0], "CMG-2026-0001", 150_000, 60),
            (ids[1], "CMG-2026-0002", 200_000, 85),
            (ids[2], "CMG-2026-0003", 100_000, nil),
            (ids[3], "CMG-2026-0004", 120_000, 85),
            (ids[4], "CMG-2026-0005", 80_000, 72.5),
        ], remainingPence: 400_000)
        #expect(pack.map(\.reference) == ["CMG-2026-0004", "CMG-2026-0002", "CMG-2026-0005", "CMG-2026-0001", "CMG-2026-0003"])
        #expect(pack.map(\.runningTotalPence) == [120_000, 320_000, 400_000, 550_000, 650_000])
        #expect(pack.map(\.withinBudget) == [true, true, true, false, false])
    }
}
