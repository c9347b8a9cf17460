@testable import CohesionCore
import PropertyBased
import Testing

/// The one-pass estimates a wave's page and indicators read must equal what
/// `SurveyEstimates.proportion` makes from the same weights, area by area.
@Suite struct SurveyEstimateTableTests {
    static let belonging = CommunityLifeSurvey.measures(items: CommunityLifeSurvey.items).first { $0.key == "belonging" }!

    @Test func eachAreasEstimateEqualsTheDirectOne() async {
        await propertyCheck(input: Gen.int(in: 1...400), Gen.int(in: 0...1_000_000)) { count, seed in
            var state = UInt64(seed) &+ 1
            func next() -> Double {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Double(state >> 11) / Double(1 << 53)
            }
            let answers = ["very_strongly", "fairly_strongly", "not_very_strongly", "not_at_all_strongly", "dont_know"]
            let responses = (0..<count).map { _ in
                SurveyEstimateTable.Response(weight: 0.2 + next() * 3, areas: [next() < 0.5 ? "W1" : "W2", "D"],
                                             answers: next() < 0.1 ? [:] : ["belonging": answers[Int(next() * 5)]])
            }
            let table = SurveyEstimateTable.estimate(responses, measures: [Self.belonging], minimumBase: 30)
            for area in ["W1", "W2", "D"] {
                let inBase = responses.filter { $0.areas.contains(area) && Self.belonging.outcome(answers: $0.answers).isInBase }
                let direct = SurveyEstimates.proportion(weights: inBase.map(\.weight),
                                                        counted: inBase.map { Self.belonging.outcome(answers: $0.answers) == .counted },
                                                        minimumBase: 30)
                let made = table[SurveyEstimateTable.Cell(measure: "belonging", area: area)]
                #expect((direct == nil) == (made == nil))
                guard let direct, let made else { continue }
                #expect(made.respondents == direct.respondents && made.counted == direct.counted && made.suppressed == direct.suppressed)
                for (a, b) in [(made.proportion, direct.proportion), (made.lower, direct.lower), (made.upper, direct.upper),
                               (made.designEffect, direct.designEffect), (made.effectiveSampleSize, direct.effectiveSampleSize),
                               (made.standardError, direct.standardError)] {
                    #expect(abs(a - b) <= 1e-9 * max(1, abs(b)))
                }
            }
        }
    }

    @Test func excludedAndUnansweredAreOutOfTheBase() {
        let responses = [
            SurveyEstimateTable.Response(weight: 1, areas: ["D"], answers: ["belonging": "very_strongly"]),
            SurveyEstimateTable.Response(weight: 3, areas: ["D"], answers: ["belonging": "not_at_all_strongly"]),
            SurveyEstimateTable.Response(weight: 5, areas: ["D"], answers: ["belonging": "dont_know"]),
            SurveyEstimateTable.Response(weight: 7, areas: ["D"], answers: [:]),
        ]
        let estimate = SurveyEstimateTable.estimate(responses, measures: [Self.belonging], minimumBase: 30)[.init(measure: "belonging", area: "D")]!
        #expect(estimate.respondents == 2 && estimate.proportion == 0.25 && estimate.suppressed)
        // Kish: n·Σw²/(Σw)² = 2·10/16.
        #expect(estimate.designEffect == 1.25)
    }
}
