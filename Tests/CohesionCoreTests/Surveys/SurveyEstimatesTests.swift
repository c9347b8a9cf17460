@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

extension Surveys {
    @Suite struct SurveyEstimatesWorkedExampleTests {
        /// Newcombe (1998), example (c): 81 of 263, Wilson 95% interval 0.2553 to 0.3662. Full
        /// precision from R: `prop.test(81, 263, correct = FALSE)$conf.int`
        /// → 0.25528851987827428 0.36620957698280016.
        @Test func wilsonMatchesNewcombeAndR() {
            let interval = SurveyEstimates.wilson(proportion: 81.0 / 263, n: 263)
            #expect(abs(interval.lowerBound - 0.25528851987827428) < 1e-12)
            #expect(abs(interval.upperBound - 0.36620957698280016) < 1e-12)
            #expect(String(format: "%.4f–%.4f", interval.lowerBound, interval.upperBound) == "0.2553–0.3662")
        }

        /// At 0% the interval is not zero-width: 0 of 10 gives 0 to z²/(n + z²) = 3.8415/13.8415.
        @Test func wilsonAtTheEnds() {
            let none = SurveyEstimates.wilson(proportion: 0, n: 10)
            #expect(none.lowerBound == 0)
            let z2 = SurveyEstimates.z95 * SurveyEstimates.z95
            #expect(abs(none.upperBound - z2 / (10 + z2)) < 1e-12)
            let all = SurveyEstimates.wilson(proportion: 1, n: 10)
            #expect(all.upperBound == 1 && abs(all.lowerBound - 10 / (10 + z2)) < 1e-12)
            #expect(SurveyEstimates.wilson(proportion: 0.5, n: 0) == 0...1)
        }

        /// By hand: weights 1, 1, 2, 4. Σw = 8, Σw² = 1 + 1 + 4 + 16 = 22.
        /// Kish deff = 4·22/64 = 1.375; n_eff = 64/22 = 2.909…
        @Test func kishDesignEffectByHand() {
            #expect(abs(SurveyEstimates.designEffect([1, 1, 2, 4]) - 1.375) < 1e-15)
            #expect(abs(SurveyEstimates.effectiveSampleSize([1, 1, 2, 4]) - 64.0 / 22) < 1e-15)
            #expect(SurveyEstimates.designEffect([3, 3, 3]) == 1)
            #expect(SurveyEstimates.effectiveSampleSize([3, 3, 3]) == 3)
        }

        /// The point estimate is R's `svymean` on the raked design of `RakingExample`:
        ///
        /// ```r
        /// d$trust <- c(1,0,1,1,1,0,1,0,0,1,1,0)
        /// r1 <- rake(svydesign(ids = ~1, data = d, weights = ~rep(1, 12)), list(~sex, ~age), m,
        ///            control = list(maxit = 1000, epsilon = 1e-15))
        /// sprintf("%.17g", coef(svymean(~trust, r1)))    # "0.56258817021570884"
        /// svymean(~trust, r1, deff = TRUE)               # mean 0.56259, SE 0.16060, DEff 1.1543
        /// w <- weights(r1); 12 * sum(w^2) / sum(w)^2     # 1.2528603421692108
        /// ```
        ///
        /// R's SE and DEff are not comparable: `svymean` linearises the raking (it knows the margins
        /// were fixed, which lowers the variance), and its DEff compares with simple random sampling
        /// of the population, not Kish's weighting effect. Kish's formula is what R gives when asked
        /// for it directly, as above.
        @Test func aWeightedProportionMatchesSvymean() throws {
            let estimate = try #require(SurveyEstimates.proportion(weights: RakingExample.rPopulationWeights, counted: RakingExample.trust))
            #expect(abs(estimate.proportion - 0.56258817021570884) < 1e-14)
            #expect(abs(estimate.designEffect - 1.2528603421692108) < 1e-12)
            let raked = try Raking.rake(values: RakingExample.values, margins: RakingExample.margins)
            let fromRaking = try #require(SurveyEstimates.proportion(weights: raked.weights, counted: RakingExample.trust))
            #expect(abs(fromRaking.proportion - 0.56258817021570884) < 1e-9)
        }

        /// By hand: weights 2, 2, 1, 1, 1, 1, counted the first, third and fourth.
        /// Base 8, count 4, p = 0.5; Σw² = 12, n_eff = 64/12 = 5.333…, deff = 6·12/64 = 1.125;
        /// se = √(0.25/5.333…) = √0.046875 = 0.21651; cv = 0.433 > 0.2.
        @Test func aWeightedProportionByHand() throws {
            let estimate = try #require(SurveyEstimates.proportion(weights: [2, 2, 1, 1, 1, 1], counted: [true, false, true, true, false, false]))
            #expect(estimate.respondents == 6 && estimate.counted == 3)
            #expect(estimate.weightedBase == 8 && estimate.weightedCount == 4 && estimate.proportion == 0.5)
            #expect(abs(estimate.effectiveSampleSize - 64.0 / 12) < 1e-12)
            #expect(abs(estimate.designEffect - 1.125) < 1e-12)
            #expect(abs(estimate.standardError - 0.046875.squareRoot()) < 1e-12)
            let wilson = SurveyEstimates.wilson(proportion: 0.5, n: 64.0 / 12)
            #expect(estimate.lower == wilson.lowerBound && estimate.upper == wilson.upperBound)
            #expect(abs(try #require(estimate.coefficientOfVariation) - 2 * 0.046875.squareRoot()) < 1e-12)
            #expect(estimate.suppressed && estimate.unreliable)
            #expect(SurveyEstimates.proportion(weights: [2, 2, 1, 1, 1, 1], counted: [true, false, true, true, false, false], minimumBase: 6)?.suppressed == false)
        }

        @Test func aLargeEvenBaseIsNeitherSuppressedNorUnreliable() throws {
            let estimate = try #require(SurveyEstimates.proportion(weights: Array(repeating: 1, count: 400), counted: (0..<400).map { $0 < 240 }))
            #expect(!estimate.suppressed && !estimate.unreliable)
            #expect(abs(estimate.standardError - (0.24 / 400).squareRoot()) < 1e-15)
        }

        @Test func nothingToEstimateFrom() throws {
            #expect(SurveyEstimates.proportion(weights: [], counted: []) == nil)
            #expect(SurveyEstimates.proportion(weights: [0, 0], counted: [true, false]) == nil)
            let none = try #require(SurveyEstimates.proportion(weights: [1, 2], counted: [false, false]))
            #expect(none.proportion == 0 && none.coefficientOfVariation == nil && !none.unreliable && none.upper > 0)
        }
    }
}

extension Surveys {
    @Suite struct DifferenceTestTests {
        static func even(_ counted: Int, of n: Int) -> WeightedProportion {
            SurveyEstimates.proportion(weights: Array(repeating: 1, count: n), counted: (0..<n).map { $0 < counted })!
        }

        static func withStandardError(_ p: Double, _ se: Double, base: Double = 100) -> WeightedProportion {
            WeightedProportion(respondents: 100, counted: 50, weightedBase: base, weightedCount: p * base, proportion: p, designEffect: 1,
                               effectiveSampleSize: 100, standardError: se, lower: 0, upper: 1, coefficientOfVariation: se / p,
                               suppressed: false, unreliable: false)
        }

        /// By hand, with R for the normal tail (`2 * pnorm(-z)`):
        /// 60% of 400 against 55% of 400: se = √(0.24/400 + 0.2475/400) = 0.0349106,
        /// z = 0.05/0.0349106 = 1.4322297480788659, p = 0.15207808079297513: not significant.
        /// 60% against 53%: se = √(0.24/400 + 0.2491/400) = 0.034967842369811722,
        /// z = 2.0018392687686126, p = 0.045302021056653749: significant.
        @Test func twoWavesByHand() {
            let notSignificant = SurveyEstimates.difference(Self.even(240, of: 400), Self.even(220, of: 400))
            #expect(abs(notSignificant.difference - 0.05) < 1e-15)
            #expect(abs(notSignificant.z - 1.4322297480788659) < 1e-12)
            #expect(abs(notSignificant.pValue - 0.15207808079297513) < 1e-12)
            #expect(!notSignificant.significant)
            let significant = SurveyEstimates.difference(Self.even(240, of: 400), Self.even(212, of: 400))
            #expect(abs(significant.standardError - 0.034967842369811722) < 1e-15)
            #expect(abs(significant.z - 2.0018392687686126) < 1e-12)
            #expect(abs(significant.pValue - 0.045302021056653749) < 1e-12)
            #expect(significant.significant)
            #expect(SurveyEstimates.difference(Self.even(212, of: 400), Self.even(240, of: 400)).z < -2)
        }

        /// Either side of 5%: a combined se of 0.01 (0.006 and 0.008) and differences of 1.96 and
        /// 1.95 points. R: `2 * pnorm(-1.96)` = 0.0499957903, `2 * pnorm(-1.95)` = 0.05117611904.
        @Test func eitherSideOfFivePercent() {
            let just = SurveyEstimates.difference(Self.withStandardError(0.5196, 0.006), Self.withStandardError(0.5, 0.008))
            #expect(abs(just.pValue - 0.0499957903) < 1e-9)
            #expect(just.significant)
            let not = SurveyEstimates.difference(Self.withStandardError(0.5195, 0.006), Self.withStandardError(0.5, 0.008))
            #expect(abs(not.pValue - 0.05117611904) < 1e-9)
            #expect(!not.significant)
        }

        /// By hand: an area of weight 100 at 70% (se 0.04) in a district of 1,000 whose other 900
        /// are at 60% (se 0.015). The district is 0.1·70% + 0.9·60% = 61%, so the area is 9 points
        /// above it; se = 0.9·√(0.04² + 0.015²) = 0.038448016853928894; z = 0.1/√(0.04² + 0.015²)
        /// = 2.3408229439226114, p = 0.019241289593884749 (R, `2 * pnorm(-z)`).
        @Test func anAreaAgainstItsDistrictByHand() {
            let test = SurveyEstimates.differenceFromWhole(part: Self.withStandardError(0.7, 0.04, base: 100),
                                                           rest: Self.withStandardError(0.6, 0.015, base: 900))
            #expect(abs(test.difference - 0.09) < 1e-12)
            #expect(abs(test.standardError - 0.038448016853928894) < 1e-12)
            #expect(abs(test.z - 2.3408229439226114) < 1e-12)
            #expect(abs(test.pValue - 0.019241289593884749) < 1e-12)
            #expect(test.significant)
        }

        @Test func noUncertaintyAndNoDifference() {
            let same = SurveyEstimates.difference(Self.even(0, of: 50), Self.even(0, of: 80))
            #expect(same.z == 0 && same.pValue == 1 && !same.significant)
        }
    }
}

extension Surveys {
    @Suite struct SurveyEstimatesProperties {
        static let weights = Gen.double(in: 0.05...20).array(of: 1...80)
        static let counted = Gen.bool.array(of: 80)

        @Test func anIntervalContainsItsEstimateWithinZeroToOne() async {
            await propertyCheck(input: Self.weights, Self.counted) { weights, counted in
                let estimate = try #require(SurveyEstimates.proportion(weights: weights, counted: Array(counted.prefix(weights.count))))
                #expect(0 <= estimate.lower && estimate.lower <= estimate.proportion)
                #expect(estimate.proportion <= estimate.upper && estimate.upper <= 1)
                #expect(estimate.lower < estimate.upper)
            }
        }

        @Test func weightingNeverAddsPrecision() async {
            await propertyCheck(input: Self.weights) { weights in
                #expect(SurveyEstimates.designEffect(weights) >= 1 - 1e-12)
                #expect(SurveyEstimates.effectiveSampleSize(weights) <= Double(weights.count) * (1 + 1e-12))
                #expect(SurveyEstimates.effectiveSampleSize(weights) > 0)
            }
        }

        @Test func wilsonIsWithinZeroToOneAndContainsTheProportion() async {
            await propertyCheck(input: Gen.double(in: 0...1), Gen.double(in: 0.5...10_000)) { p, n in
                let interval = SurveyEstimates.wilson(proportion: p, n: n)
                #expect(interval.lowerBound >= 0 && interval.upperBound <= 1)
                #expect(interval.contains(p))
            }
        }

        /// The test's sign follows the difference, and swapping the two leaves p unchanged.
        @Test func aDifferenceIsSymmetric() async {
            await propertyCheck(input: Gen.int(in: 0...300), Gen.int(in: 0...300)) { a, b in
                let first = DifferenceTestTests.even(a, of: 300), second = DifferenceTestTests.even(b, of: 300)
                let forward = SurveyEstimates.difference(first, second), backward = SurveyEstimates.difference(second, first)
                #expect(forward.difference == -backward.difference && forward.pValue == backward.pValue)
                #expect(forward.pValue >= 0 && forward.pValue <= 1)
            }
        }
    }
}
