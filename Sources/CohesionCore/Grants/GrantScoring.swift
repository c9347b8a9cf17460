import Foundation

/// One thing reviewers score an application on, with its weight and scale: "Brings together
/// people from different backgrounds", weight 40, scored 0 to 5. A round's criteria are data
/// officers edit.
public struct AssessmentCriterion: Sendable, Equatable, Codable {
    public let code: String
    public let title: String
    /// Relative weight: weights 40, 30, 30 count 40%, 30%, 30%.
    public let weight: Int
    /// Scores run from 0 to this.
    public let maximumScore: Int

    public init(code: String, title: String, weight: Int, maximumScore: Int) {
        self.code = code; self.title = title; self.weight = weight; self.maximumScore = maximumScore
    }
}

/// One reviewer's scores for one application. A reviewer who declared a conflict of interest
/// has none, and counts for nothing.
public struct GrantReviewScores: Sendable, Equatable {
    public let reviewer: UUID
    public let conflicted: Bool
    /// By criterion code.
    public let scores: [String: Int]

    public init(reviewer: UUID, conflicted: Bool = false, scores: [String: Int]) {
        self.reviewer = reviewer; self.conflicted = conflicted; self.scores = scores
    }
}

/// Weighted scores, how far reviewers disagree, and the panel's ranking against the money left.
public enum GrantScoring {
    /// What is wrong with a round's criteria, by criterion code ("" for the list), or nothing.
    public static func problems(in criteria: [AssessmentCriterion]) -> [String: String] {
        var problems: [String: String] = [:]
        if criteria.isEmpty { problems[""] = "Add at least one criterion" }
        if Set(criteria.map(\.code)).count != criteria.count { problems[""] = "Each criterion needs its own code" }
        for criterion in criteria {
            if criterion.weight < 1 { problems[criterion.code] = "Give \(criterion.title) a weight of 1 or more" }
            else if !(1...100).contains(criterion.maximumScore) { problems[criterion.code] = "Scores for \(criterion.title) must run from 0 to between 1 and 100" }
        }
        return problems
    }

    /// What is wrong with a reviewer's scores, by criterion code, or nothing: every criterion
    /// scored, within its scale.
    public static func problems(in scores: [String: Int], criteria: [AssessmentCriterion]) -> [String: String] {
        var problems: [String: String] = [:]
        for criterion in criteria {
            guard let score = scores[criterion.code] else { problems[criterion.code] = "Score \(criterion.title)"; continue }
            if !(0...criterion.maximumScore).contains(score) {
                problems[criterion.code] = "Score \(criterion.title) from 0 to \(criterion.maximumScore)"
            }
        }
        for code in scores.keys where !criteria.contains(where: { $0.code == code }) { problems[code] = "\(code) is not one of this round's criteria" }
        return problems
    }

    /// A reviewer's scores as a percentage: each criterion's share of its scale, weighted.
    /// Nil when the scores are incomplete or out of range.
    public static func weightedPercentage(_ scores: [String: Int], criteria: [AssessmentCriterion]) -> Double? {
        guard !criteria.isEmpty, problems(in: scores, criteria: criteria).isEmpty else { return nil }
        let totalWeight = criteria.reduce(0) { $0 + $1.weight }
        let weighted = criteria.reduce(0.0) { sum, c in sum + Double(c.weight) * Double(scores[c.code]!) / Double(c.maximumScore) }
        return 100 * weighted / Double(totalWeight)
    }

    /// An application's score: the mean of its unconflicted reviewers' complete scores.
    public struct ApplicationScore: Sendable, Equatable {
        /// Nil until a reviewer has scored it.
        public let percentage: Double?
        public let reviewers: Int
        /// Highest less lowest reviewer percentage: how far the reviewers disagree.
        public let spread: Double
        /// Criteria on which reviewers are at least half the scale apart: for moderation.
        public let disputedCriteria: [String]
    }

    public static func score(_ reviews: [GrantReviewScores], criteria: [AssessmentCriterion]) -> ApplicationScore {
        let counted = reviews.filter { !$0.conflicted && weightedPercentage($0.scores, criteria: criteria) != nil }
        let percentages = counted.compactMap { weightedPercentage($0.scores, criteria: criteria) }
        let disputed = criteria.filter { criterion in
            let values = counted.compactMap { $0.scores[criterion.code] }
            guard let low = values.min(), let high = values.max() else { return false }
            return 2 * (high - low) >= criterion.maximumScore
        }.map(\.code)
        return ApplicationScore(
            percentage: percentages.isEmpty ? nil : percentages.reduce(0, +) / Double(percentages.count),
            reviewers: counted.count,
            spread: (percentages.max() ?? 0) - (percentages.min() ?? 0),
            disputedCriteria: disputed)
    }

    /// One line of the panel pack.
    public struct PanelLine: Sendable, Equatable {
        public let application: UUID
        public let reference: String
        public let requestedPence: Int
        public let percentage: Double?
        /// What the applications ranked so far ask for, this one included.
        public let runningTotalPence: Int
        /// Whether the money left covers the running total.
        public let withinBudget: Bool
    }

    /// Applications ranked for the panel: highest score first; equal scores by the smaller
    /// request, then reference; unscored last. The running total of requests shows where the
    /// money left runs out.
    public static func panelPack(_ applications: [(id: UUID, reference: String, requestedPence: Int, percentage: Double?)],
                                 remainingPence: Int) -> [PanelLine] {
        let ranked = applications.sorted { a, b in
            switch (a.percentage, b.percentage) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (a.requestedPence, a.reference) < (b.requestedPence, b.reference)
            }
        }
        var total = 0
        return ranked.map { item in
            total += item.requestedPence
            return PanelLine(application: item.id, reference: item.reference, requestedPence: item.requestedPence, percentage: item.percentage,
                             runningTotalPence: total, withinBudget: total <= remainingPence)
        }
    }
}
