@testable import CohesionCore
import Foundation
import Testing

@Suite struct IndicatorRulesTests {
    static let higher = IndicatorThresholds(green: 70, amber: 60)
    static let lower = IndicatorThresholds(green: 10, amber: 15)

    @Test(arguments: [
        (75.0, IndicatorRAG.green), (70, .green), (69.99, .amber), (65, .amber), (60, .amber), (59.99, .red), (0, .red),
    ])
    func higherIsBetterIsGreenFromTheGreenThresholdUp(value: Double, expected: IndicatorRAG) {
        #expect(IndicatorRules.rag(value: value, thresholds: Self.higher, polarity: .higherIsBetter) == expected)
    }

    @Test(arguments: [
        (5.0, IndicatorRAG.green), (10, .green), (10.01, .amber), (12, .amber), (15, .amber), (15.01, .red), (100, .red),
    ])
    func lowerIsBetterIsGreenFromTheGreenThresholdDown(value: Double, expected: IndicatorRAG) {
        #expect(IndicatorRules.rag(value: value, thresholds: Self.lower, polarity: .lowerIsBetter) == expected)
    }

    @Test func noRatingWithoutAValueATargetOrADirection() {
        for value in [0.0, 10, 60, 70, 100] {
            #expect(IndicatorRules.rag(value: value, thresholds: Self.higher, polarity: .neither) == IndicatorRAG.none)
            #expect(IndicatorRules.rag(value: value, thresholds: IndicatorThresholds(), polarity: .higherIsBetter) == IndicatorRAG.none)
            #expect(IndicatorRules.rag(value: value, thresholds: IndicatorThresholds(amber: 60), polarity: .higherIsBetter) == IndicatorRAG.none)
        }
        #expect(IndicatorRules.rag(value: nil, thresholds: Self.higher, polarity: .higherIsBetter) == IndicatorRAG.none)
        #expect(IndicatorRules.rag(value: .nan, thresholds: Self.lower, polarity: .lowerIsBetter) == IndicatorRAG.none)
    }

    @Test func withoutAmberAnythingShortOfGreenIsRed() {
        let greenOnly = IndicatorThresholds(green: 70)
        #expect(IndicatorRules.rag(value: 70, thresholds: greenOnly, polarity: .higherIsBetter) == .green)
        #expect(IndicatorRules.rag(value: 69.9, thresholds: greenOnly, polarity: .higherIsBetter) == .red)
        #expect(IndicatorRules.rag(value: 70, thresholds: greenOnly, polarity: .lowerIsBetter) == .green)
        #expect(IndicatorRules.rag(value: 70.1, thresholds: greenOnly, polarity: .lowerIsBetter) == .red)
    }

    @Test func ratingsAndPolaritiesHaveWords() {
        #expect(IndicatorRAG.green.label == "On target" && IndicatorRAG.amber.label == "Close to target")
        #expect(IndicatorRAG.red.label == "Off target" && IndicatorRAG.none.label == "No target")
        #expect(IndicatorPolarity.allCases.map(\.label) == ["Higher is better", "Lower is better", "Neither higher nor lower is better"])
        #expect(IndicatorPolarity(rawValue: "higher_is_better") == .higherIsBetter && IndicatorPolarity(rawValue: "lower_is_better") == .lowerIsBetter)
    }

    @Test func thresholdsThatMakeSenseHaveNoProblems() {
        #expect(Self.higher.validate(polarity: .higherIsBetter).isEmpty)
        #expect(Self.lower.validate(polarity: .lowerIsBetter).isEmpty)
        #expect(IndicatorThresholds(green: 70).validate(polarity: .higherIsBetter).isEmpty)
        for polarity in IndicatorPolarity.allCases { #expect(IndicatorThresholds().validate(polarity: polarity).isEmpty) }
    }

    @Test func thresholdProblemsAreExplained() {
        #expect(IndicatorThresholds(amber: 60).validate(polarity: .higherIsBetter)
            == ["Give a green threshold as well as the amber one: amber means close to the green target."])
        #expect(IndicatorThresholds(green: 60, amber: 70).validate(polarity: .higherIsBetter)
            == ["When higher is better, the amber threshold must be below the green threshold."])
        #expect(IndicatorThresholds(green: 60, amber: 60).validate(polarity: .higherIsBetter).count == 1, "an empty amber band is a mistake")
        #expect(IndicatorThresholds(green: 15, amber: 10).validate(polarity: .lowerIsBetter)
            == ["When lower is better, the amber threshold must be above the green threshold."])
        #expect(Self.higher.validate(polarity: .neither)
            == ["Thresholds need a better direction: choose whether higher or lower is better, or remove the thresholds."])
        #expect(IndicatorThresholds(green: .nan).validate(polarity: .higherIsBetter) == ["The green threshold must be a number."])
    }

    @Test func improvementDependsOnPolarity() {
        #expect(IndicatorRules.isImprovement(change: 2, polarity: .higherIsBetter) == true)
        #expect(IndicatorRules.isImprovement(change: -2, polarity: .higherIsBetter) == false)
        #expect(IndicatorRules.isImprovement(change: -2, polarity: .lowerIsBetter) == true)
        #expect(IndicatorRules.isImprovement(change: 2, polarity: .lowerIsBetter) == false)
        #expect(IndicatorRules.isImprovement(change: 2, polarity: .neither) == nil)
        #expect(IndicatorRules.isImprovement(change: 0, polarity: .higherIsBetter) == nil, "no change is neither better nor worse")
    }

    @Test(arguments: [
        (Double?.some(8), Bool?.some(true), IndicatorRules.Trend.up), (-3, true, .down), (8, false, .noSignificantChange),
        (-3, false, .noSignificantChange), (0, true, .noSignificantChange), (8, nil, .notTested), (nil, true, .notTested), (nil, nil, .notTested),
    ])
    func anArrowOnlyForATestedSignificantChange(change: Double?, significant: Bool?, expected: IndicatorRules.Trend) {
        #expect(IndicatorRules.trend(change: change, significant: significant) == expected)
    }

    @Test func trendSentencesSayTheChangeAndWhetherItMatters() {
        let since = "Residents' survey 2025"
        func sentence(_ change: Double?, _ significant: Bool?, _ polarity: IndicatorPolarity = .higherIsBetter,
                      format: ValueFormat = .percent, isPercent: Bool = true) -> String {
            IndicatorRules.trendSentence(change: change, significant: significant, since: since, polarity: polarity, format: format, isPercent: isPercent)
        }
        #expect(sentence(8, true) == "Up 8.0 points since Residents' survey 2025, a significant improvement")
        #expect(sentence(-3.24, true) == "Down 3.2 points since Residents' survey 2025, a significant worsening")
        #expect(sentence(-3.24, true, .lowerIsBetter) == "Down 3.2 points since Residents' survey 2025, a significant improvement")
        #expect(sentence(5, true, .neither) == "Up 5.0 points since Residents' survey 2025, a significant change")
        #expect(sentence(1, true, format: .integer) == "Up 1 point since Residents' survey 2025, a significant improvement")
        #expect(sentence(2.1, false) == "No significant change since Residents' survey 2025")
        #expect(sentence(2.1, nil) == "Change not tested: no interval")
        #expect(sentence(nil, nil) == "No earlier figure to compare with")
        let rate = ValueFormat(decimals: 1, suffix: " per 1,000")
        #expect(sentence(-2.14, true, .lowerIsBetter, format: rate, isPercent: false)
            == "Down 2.1 per 1,000 since Residents' survey 2025, a significant improvement")
        #expect(sentence(1234.6, true, format: .integer, isPercent: false).hasPrefix("Up 1,235 since"), "grouped as everywhere else")
    }

    @Test func ratesPerThousandResidents() {
        #expect(IndicatorRules.perThousand(25, population: 5000) == 5)
        #expect(IndicatorRules.perThousand(0, population: 5000) == 0)
        #expect(IndicatorRules.perThousand(25, population: 0) == nil)
        #expect(IndicatorRules.perThousand(25, population: -10) == nil)
        #expect(IndicatorRules.perThousand(1, population: 3).map { abs($0 - 333.333_333) < 1e-5 } == true)
    }

    /// p-values from R 4.2.2, `poisson.test(c(count1, count2), c(population1, population2))$p.value`:
    /// ```
    /// cases <- list(c(10,20,1000,1000), c(30,15,5000,4800), c(120,90,26000,25500), c(0,5,3000,3100),
    ///   c(7,7,1000,1000), c(5,0,1000,2000), c(412,350,285000,287000), c(3,11,2500,1200), c(52,40,12000,12000),
    ///   c(5,9,1000,1000), c(41200,40100,2900000,2850000), c(0,0,100,100))
    /// for (x in cases) { r <- poisson.test(c(x[1],x[2]), c(x[3],x[4]))
    ///   cat(sprintf("(%d, %g, %d, %g, %.10f),\n", x[1], x[3], x[2], x[4], r$p.value)) }
    /// ```
    /// printed the rows below (count1, population1, count2, population2, p).
    @Test(arguments: [
        (10, 1000.0, 20, 1000.0, 0.0987371467),
        (30, 5000, 15, 4800, 0.0374163040),
        (120, 26000, 90, 25500, 0.0621682271),
        (0, 3000, 5, 3100, 0.0626679882),
        (7, 1000, 7, 1000, 1.0000000000),
        (5, 1000, 0, 2000, 0.0041152263),
        (412, 285000, 350, 287000, 0.0203719081),
        (3, 2500, 11, 1200, 0.0005294787),
        (52, 12000, 40, 12000, 0.2513221035),
        (5, 1000, 9, 1000, 0.4239501953),  // p = 1/2: the mirror outcome ties, counted by R's 1e-7 tolerance
        (41200, 2.9e6, 40100, 2.85e6, 0.1680931690),
        (0, 100, 0, 100, 1.0000000000),
    ])
    func ratesDifferMatchesRsPoissonTest(count1: Int, population1: Double, count2: Int, population2: Double, expected: Double) {
        let result = IndicatorRules.ratesDiffer(count1: count1, population1: population1, count2: count2, population2: population2)
        #expect(abs(result.pValue - expected) < 1e-6, "\(count1)/\(population1) vs \(count2)/\(population2): \(result.pValue), R says \(expected)")
        #expect(result.significant == (expected < 0.05))
        // Swapping the two rates is the same question.
        let swapped = IndicatorRules.ratesDiffer(count1: count2, population1: population2, count2: count1, population2: population1)
        #expect(abs(swapped.pValue - expected) < 1e-6)
    }

    @Test func nothingToTestWithoutAPopulation() {
        let noPopulation = IndicatorRules.ratesDiffer(count1: 5, population1: 0, count2: 9, population2: 1000)
        #expect(noPopulation.pValue == 1 && !noPopulation.significant)
        #expect(IndicatorRules.ratesDiffer(count1: -1, population1: 10, count2: 9, population2: 1000).significant == false)
    }
}
