@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

/// Groups the survey suites so that `swift test --filter Surveys` runs them.
enum Surveys {}

/// Twelve respondents, sex and age, raked to margins that disagree with the sample (it has too
/// many women and too many over-65s). The reference weights are R's:
///
/// ```r
/// library(survey)   # 4.1.1
/// d <- data.frame(
///   sex = c("F","F","F","F","F","F","F","M","M","M","M","M"),
///   age = c("16-34","35-64","35-64","65+","65+","65+","65+","16-34","16-34","35-64","65+","65+"),
///   bw  = c(1,2,1,1,3,1,1,2,1,1,1,2))
/// m <- list(data.frame(sex = c("F","M"), Freq = c(5100, 4900)),
///           data.frame(age = c("16-34","35-64","65+"), Freq = c(2900, 4300, 2800)))
/// r <- rake(svydesign(ids = ~1, data = d, weights = ~rep(1, 12)), list(~sex, ~age), m,
///           control = list(maxit = 1000, epsilon = 1e-15))
/// sprintf("%.17g", weights(r))
/// #  "803.36375266845948" "1301.0940748961705" "1301.0940748961705" "423.61202438479984"
/// #  "423.61202438479984" "423.61202438479984" "423.61202438479984" "1048.3181236657704"
/// #  "1048.3181236657704" "1697.8118502076588" "552.77595123040044" "552.77595123040044"
/// sprintf("%.17g", weights(r) * 12 / sum(weights(r)))
/// #  "0.96403650320215128" "1.5613128898754047" "1.5613128898754047" "0.50833442926175976"
/// #  "0.50833442926175976" "0.50833442926175976" "0.50833442926175976" "1.2579817483989246"
/// #  "1.2579817483989246" "2.0373742202491907" "0.66333114147648053" "0.66333114147648053"
/// r2 <- rake(svydesign(ids = ~1, data = d, weights = ~bw), list(~sex, ~age), m,
///            control = list(maxit = 1000, epsilon = 1e-15))
/// sprintf("%.17g", weights(r2))
/// #  "549.75143048882137" "1943.4865258325017" "971.74326291625084" "272.50313012707102"
/// #  "817.50939038121317" "272.50313012707102" "272.50313012707102" "1566.832379674119"
/// #  "783.41618983705951" "1384.7702112512472" "388.32707307919128" "776.65414615838256"
/// ```
enum RakingExample {
    static let sex = ["F", "F", "F", "F", "F", "F", "F", "M", "M", "M", "M", "M"]
    static let age = ["16-34", "35-64", "35-64", "65+", "65+", "65+", "65+", "16-34", "16-34", "35-64", "65+", "65+"]
    static let baseWeights: [Double] = [1, 2, 1, 1, 3, 1, 1, 2, 1, 1, 1, 2]
    static let trust = [true, false, true, true, true, false, true, false, false, true, true, false]
    static var values: [[String?]] { zip(sex, age).map { [$0, $1] } }
    static let margins = [
        RakingMargin(variable: "sex", targets: ["F": 5100, "M": 4900]),
        RakingMargin(variable: "age", targets: ["16-34": 2900, "35-64": 4300, "65+": 2800]),
    ]
    static let rPopulationWeights = [
        803.36375266845948, 1301.0940748961705, 1301.0940748961705, 423.61202438479984,
        423.61202438479984, 423.61202438479984, 423.61202438479984, 1048.3181236657704,
        1048.3181236657704, 1697.8118502076588, 552.77595123040044, 552.77595123040044,
    ]
    static let rSampleSizeWeights = [
        0.96403650320215128, 1.5613128898754047, 1.5613128898754047, 0.50833442926175976,
        0.50833442926175976, 0.50833442926175976, 0.50833442926175976, 1.2579817483989246,
        1.2579817483989246, 2.0373742202491907, 0.66333114147648053, 0.66333114147648053,
    ]
    static let rBaseWeighted = [
        549.75143048882137, 1943.4865258325017, 971.74326291625084, 272.50313012707102,
        817.50939038121317, 272.50313012707102, 272.50313012707102, 1566.832379674119,
        783.41618983705951, 1384.7702112512472, 388.32707307919128, 776.65414615838256,
    ]
}

func isClose(_ a: Double, _ b: Double, relative: Double) -> Bool {
    abs(a - b) <= relative * abs(b)
}

func expectClose(_ actual: [Double], _ expected: [Double], relative: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        #expect(abs(a - e) <= relative * abs(e), "weight \(i + 1): \(a) against \(e)", sourceLocation: sourceLocation)
    }
}

extension Surveys {
    @Suite struct RakingWorkedExampleTests {
        @Test func matchesRSurveyRakeOnTheSampleSizeScale() throws {
            let result = try Raking.rake(values: RakingExample.values, margins: RakingExample.margins,
                                         options: .init(tolerance: 1e-13))
            #expect(result.converged)
            expectClose(result.weights, RakingExample.rSampleSizeWeights, relative: 1e-9)
            #expect(abs(result.weights.reduce(0, +) - 12) < 1e-12)
            #expect(result.largestMarginError <= 1e-13)
            #expect(result.trimmedCount == 0)
        }

        @Test func matchesRSurveyRakeOnThePopulationScale() throws {
            let result = try Raking.rake(values: RakingExample.values, margins: RakingExample.margins,
                                         options: .init(tolerance: 1e-13, scale: .population))
            expectClose(result.weights, RakingExample.rPopulationWeights, relative: 1e-9)
            let report = result.marginReport
            #expect(report.map(\.variable) == ["sex", "sex", "age", "age", "age"])
            #expect(report.map(\.category) == ["F", "M", "16-34", "35-64", "65+"])
            #expect(report.map(\.respondents) == [7, 5, 3, 3, 6])
            expectClose(report.map(\.target), [5100, 4900, 2900, 4300, 2800], relative: 1e-15)
            expectClose(report.map(\.weighted), [5100, 4900, 2900, 4300, 2800], relative: 1e-12)
        }

        @Test func startsFromBaseWeightsAsRDoes() throws {
            let result = try Raking.rake(values: RakingExample.values, margins: RakingExample.margins,
                                         baseWeights: RakingExample.baseWeights, options: .init(tolerance: 1e-13, scale: .population))
            expectClose(result.weights, RakingExample.rBaseWeighted, relative: 1e-9)
        }

        @Test func theDefaultToleranceIsWithinOneInAMillionOfR() throws {
            let result = try Raking.rake(values: RakingExample.values, margins: RakingExample.margins)
            #expect(result.converged)
            #expect(result.largestMarginError <= 1e-9)
            expectClose(result.weights, RakingExample.rSampleSizeWeights, relative: 1e-8)
            #expect(abs(result.designEffect - SurveyEstimates.designEffect(RakingExample.rSampleSizeWeights)) < 1e-8)
        }

        /// ONS tables are perturbed, so margins' totals differ a little: each is used as
        /// proportions of its own total, which is the same as rescaling it to the first's.
        @Test func marginsWithinOnePercentAreRescaledToTheFirst() throws {
            let off = [RakingExample.margins[0],
                       RakingMargin(variable: "age", targets: ["16-34": 2900 * 1.009, "35-64": 4300 * 1.009, "65+": 2800 * 1.009])]
            let result = try Raking.rake(values: RakingExample.values, margins: off, options: .init(tolerance: 1e-13, scale: .population))
            expectClose(result.weights, RakingExample.rPopulationWeights, relative: 1e-9)
            #expect(abs(result.weights.reduce(0, +) - 10_000) < 1e-8)
        }

        /// A respondent in a category with no population can stand for nobody.
        @Test func aZeroTargetGivesItsRespondentsNoWeight() throws {
            let margins = [RakingExample.margins[0],
                           RakingMargin(variable: "age", targets: ["16-34": 0, "35-64": 4300, "65+": 2800 + 2900])]
            let result = try Raking.rake(values: RakingExample.values, margins: margins)
            #expect(result.converged)
            #expect([0, 7, 8].map { result.weights[$0] } == [0, 0, 0])
            #expect(abs(result.weights.reduce(0, +) - 12) < 1e-9)
        }
    }
}

extension Surveys {
    @Suite struct RakingMissingValueTests {
        /// Worked by hand: one variable, targets 50/50; two known respondents in A, one in B, and
        /// one not known. The unknown keeps weight 1; the known three share the other 3 half and
        /// half: A's two get 0.75 each, B's one gets 1.5.
        @Test func aRespondentNotKnownKeepsTheirWeightAndTheOthersMeetTheProportions() throws {
            let result = try Raking.rake(values: [["A"], ["A"], ["B"], [nil]],
                                         margins: [RakingMargin(variable: "v", targets: ["A": 500, "B": 500])])
            expectClose(result.weights, [0.75, 0.75, 1.5, 1], relative: 1e-12)
            #expect(result.marginReport.map(\.target) == [1.5, 1.5])
            #expect(result.marginReport.map(\.respondents) == [2, 1])
        }

        @Test func aRespondentNotKnownOnOneVariableIsStillRakedOnTheOthers() throws {
            var values = RakingExample.values
            values.append(["F", nil])
            let result = try Raking.rake(values: values, margins: RakingExample.margins)
            #expect(result.converged)
            let females = result.weights.indices.filter { values[$0][0] == "F" }.map { result.weights[$0] }.reduce(0, +)
            #expect(abs(females - 13 * 0.51) < 1e-8)
            #expect(result.weights[12] != 1)
        }
    }
}

extension Surveys {
    @Suite struct RakingErrorTests {
        static func error(values: [[String?]] = RakingExample.values, margins: [RakingMargin] = RakingExample.margins,
                          baseWeights: [Double]? = nil) -> RakingError? {
            do {
                _ = try Raking.rake(values: values, margins: margins, baseWeights: baseWeights)
                return nil
            } catch {
                return error
            }
        }

        @Test func noRespondents() {
            #expect(Self.error(values: []) == .noRespondents)
            #expect(RakingError.noRespondents.description == "There are no survey responses to weight.")
        }

        @Test func noMargins() {
            #expect(Self.error(values: [[], []], margins: []) == .noMargins)
            #expect(RakingError.noMargins.description == "There are no population targets to weight the responses to.")
        }

        @Test func unknownCategoryNamesTheRespondentFromOne() {
            var values = RakingExample.values
            values[4][1] = "65-74"
            let error = Self.error(values: values)
            #expect(error == .unknownCategory(respondent: 5, variable: "age", value: "65-74"))
            #expect(error?.description == "Respondent 5's answer for “age” is “65-74”, which is not one of the categories in the population targets for “age”.")
        }

        @Test func emptyCategory() {
            let margins = [RakingExample.margins[0],
                           RakingMargin(variable: "age", targets: ["16-34": 2900, "35-64": 4300, "65+": 2800, "0-15": 1])]
            let error = Self.error(margins: margins)
            #expect(error == .emptyCategory(variable: "age", category: "0-15"))
            #expect(error?.description == "No respondent is in “0-15” for “age”, so no weights can reach its population target; combine it with a neighbouring category or collect more responses.")
        }

        @Test func aCategoryWhoseOnlyRespondentsAreNotKnownIsEmpty() {
            var values = RakingExample.values
            for i in values.indices where values[i][1] == "35-64" { values[i][1] = nil }
            #expect(Self.error(values: values) == .emptyCategory(variable: "age", category: "35-64"))
        }

        @Test func inconsistentTotalsBeyondOnePercent() {
            let margins = [RakingExample.margins[0], RakingMargin(variable: "age", targets: ["16-34": 2900, "35-64": 4300, "65+": 2900])]
            #expect(Self.error(margins: margins) == nil)   // 10,100 is within 1% of 10,000
            let far = [RakingExample.margins[0], RakingMargin(variable: "age", targets: ["16-34": 2900, "35-64": 4300, "65+": 3001])]
            let error = Self.error(margins: far)
            #expect(error == .inconsistentTotals(variable: "age", total: 10_201, firstVariable: "sex", firstTotal: 10_000))
            #expect(error?.description == "The population targets for “age” add up to 10201 but those for “sex” add up to 10000; they differ by more than 1%, so they cannot describe the same population.")
        }

        @Test func negativeTarget() {
            let margins = [RakingMargin(variable: "sex", targets: ["F": 5100, "M": -4900]), RakingExample.margins[1]]
            let error = Self.error(margins: margins)
            #expect(error == .negativeTarget(variable: "sex", category: "M", target: -4900))
            #expect(error?.description == "The population target for “M” in “sex” is -4900, but a population must be a number, zero or more.")
        }

        @Test func nonPositiveBaseWeight() {
            var weights = RakingExample.baseWeights
            weights[2] = 0
            let error = Self.error(baseWeights: weights)
            #expect(error == .nonPositiveBaseWeight(respondent: 3, weight: 0))
            #expect(error?.description == "Respondent 3's starting weight is 0, but every starting weight must be a number greater than zero.")
            weights[2] = .nan
            #expect(Self.error(baseWeights: weights) != nil)
        }

        @Test func noPopulation() {
            let margins = [RakingMargin(variable: "sex", targets: ["F": 0, "M": 0]), RakingExample.margins[1]]
            let error = Self.error(margins: margins)
            #expect(error == .noPopulation(variable: "sex"))
            #expect(error?.description == "The population targets for “sex” add up to zero, so there is nothing to weight the responses to.")
        }
    }
}

extension Surveys {
    @Suite struct RakingConvergenceTests {
        /// Nobody is both F and 65+ or both M and 16-34, so "F" must equal "16-34": 60% against 30%.
        @Test func conflictingMarginsDoNotConverge() throws {
            let values: [[String?]] = [["F", "16-34"], ["F", "16-34"], ["M", "65+"], ["M", "65+"]]
            let margins = [RakingMargin(variable: "sex", targets: ["F": 60, "M": 40]),
                           RakingMargin(variable: "age", targets: ["16-34": 30, "65+": 70])]
            let result = try Raking.rake(values: values, margins: margins, options: .init(maxIterations: 50))
            #expect(!result.converged)
            #expect(result.iterations == 50)
            #expect(result.largestMarginError > 0.1)
        }

        /// Meeting the margins needs a weight of about 4 times the mean; trimming at 2 cannot.
        @Test func trimmingTooTightToMeetTheMarginsDoesNotConverge() throws {
            let values: [[String?]] = Array(repeating: ["F"], count: 9) + [["M"]]
            let margins = [RakingMargin(variable: "sex", targets: ["F": 60, "M": 40])]
            let result = try Raking.rake(values: values, margins: margins, options: .init(maxIterations: 30, trimming: 0.5...2))
            #expect(!result.converged)
            #expect(result.iterations == 30)
            #expect(result.trimmedCount == 1)
            let untrimmed = try Raking.rake(values: values, margins: margins)
            #expect(untrimmed.converged)
            expectClose(untrimmed.weights, Array(repeating: 6.0 / 9, count: 9) + [4], relative: 1e-12)
        }

        /// Raking alone gives respondent 10 (the only M aged 16-34) 2.64 times the mean weight.
        /// Capped at 2, the margins can still be met: the two young women at 1.5, the five older
        /// women at 0.4, the two older men at 1.5 (each margin is then 5 and 5).
        @Test func trimmingCapsWeightsAndStillMeetsTheMargins() throws {
            let values: [[String?]] = [["F", "16-34"], ["F", "16-34"], ["F", "65+"], ["F", "65+"], ["F", "65+"], ["F", "65+"], ["F", "65+"],
                                       ["M", "65+"], ["M", "65+"], ["M", "16-34"]]
            let margins = [RakingMargin(variable: "sex", targets: ["F": 50, "M": 50]),
                           RakingMargin(variable: "age", targets: ["16-34": 50, "65+": 50])]
            let untrimmed = try Raking.rake(values: values, margins: margins)
            #expect(abs(untrimmed.weights[9] - 2.639320225002103) < 1e-8)
            let result = try Raking.rake(values: values, margins: margins, options: .init(trimming: 0.3...2))
            #expect(result.converged)
            #expect(result.trimmedCount >= 1)
            #expect(result.weights.allSatisfy { $0 <= 2 * (1 + 1e-9) && $0 >= 0.3 * (1 - 1e-9) })
            expectClose(result.weights, [1.5, 1.5, 0.4, 0.4, 0.4, 0.4, 0.4, 1.5, 1.5, 2], relative: 1e-8)
            #expect(result.largestMarginError <= 1e-9)
            #expect(abs(result.weights.reduce(0, +) - 10) < 1e-9)
            #expect(result.designEffect < untrimmed.designEffect)
        }

        @Test func noIterationsAllowedReportsTheStartingWeights() throws {
            let result = try Raking.rake(values: RakingExample.values, margins: RakingExample.margins, options: .init(maxIterations: 0))
            #expect(!result.converged)
            #expect(result.iterations == 0)
            #expect(result.weights == Array(repeating: 1, count: 12))
        }
    }
}

extension Surveys {
    /// Random feasible problems: two or three variables, every combination of categories answered
    /// at least once (so weights meeting any positive margins exist), then random extra respondents.
    @Suite struct RakingProperties {
        struct Case {
            var values: [[String?]]
            var margins: [RakingMargin]
        }

        /// `sizes` are the variables' category counts; `targets` supply the populations; `extras` the
        /// additional respondents' categories, taken modulo each count (`notKnown` makes an extra's
        /// first variable not known when it lands on 0).
        static func feasible(sizes: [Int], targets: [Int], extras: [Int], notKnown: Bool = false) -> Case {
            var values: [[String?]] = [[]]
            for size in sizes { values = values.flatMap { row in (0..<size).map { row + ["c\($0)"] } } }
            for (k, extra) in extras.enumerated() {
                var row: [String?] = sizes.enumerated().map { v, size in "c\((extra / (v + 1) + k) % size)" }
                if notKnown, extra % 3 == 0 { row[extra % sizes.count] = nil }
                values.append(row)
            }
            var next = 0
            let margins = sizes.enumerated().map { v, size in
                let raw = (0..<size).map { _ in defer { next += 1 }; return Double(targets[next % targets.count]) }
                // Every margin on the first one's total, give or take the perturbation ONS allows.
                let total = 100_000.0 * (v == 0 ? 1 : 1.004)
                let sum = raw.reduce(0, +)
                return RakingMargin(variable: "v\(v)", targets: Dictionary(uniqueKeysWithValues: raw.enumerated().map { ("c\($0)", $1 * total / sum) }))
            }
            return Case(values: values, margins: margins)
        }

        static let sizes = Gen.int(in: 2...5).array(of: 2...3)
        static let targets = Gen.int(in: 1...20_000).array(of: 15)
        static let extras = Gen.int(in: 0...10_000).array(of: 0...60)

        @Test func weightsMeetEveryMarginArePositiveAndAddUp() async {
            await propertyCheck(input: Self.sizes, Self.targets, Self.extras, Gen.bool) { sizes, targets, extras, population in
                let problem = Self.feasible(sizes: sizes, targets: targets, extras: extras)
                let result = try Raking.rake(values: problem.values, margins: problem.margins,
                                             options: .init(maxIterations: 2_000, scale: population ? .population : .sampleSize))
                #expect(result.converged)
                for check in result.marginReport {
                    #expect(isClose(check.weighted, check.target, relative: 1e-9))
                    let margin = problem.margins.first { $0.variable == check.variable }!
                    let share = margin.targets[check.category]! / margin.targets.values.reduce(0, +)
                    let total = population ? 100_000.0 : Double(problem.values.count)
                    #expect(isClose(check.target, share * total, relative: 1e-9))
                }
                #expect(result.weights.allSatisfy { $0 > 0 })
                let expectedTotal = population ? 100_000 : Double(problem.values.count)
                #expect(isClose(result.weights.reduce(0, +), expectedTotal, relative: 1e-9))
                #expect(result.designEffect >= 1 - 1e-12)
                let n = Double(problem.values.count)
                #expect(result.effectiveSampleSize <= n * (1 + 1e-12))
            }
        }

        /// With "prefer not to say" answers, the margins hold among those who answered, and the
        /// weights still add up to the sample size.
        @Test func notKnownAnswersLeaveTheMarginsHoldingAmongThoseWhoAnswered() async {
            await propertyCheck(input: Self.sizes, Self.targets, Self.extras) { sizes, targets, extras in
                let problem = Self.feasible(sizes: sizes, targets: targets, extras: extras, notKnown: true)
                let result = try Raking.rake(values: problem.values, margins: problem.margins, options: .init(maxIterations: 2_000))
                #expect(result.converged)
                for (v, margin) in problem.margins.enumerated() {
                    let known = problem.values.indices.filter { problem.values[$0][v] != nil }
                    let knownTotal = known.map { result.weights[$0] }.reduce(0, +)
                    let marginTotal = margin.targets.values.reduce(0, +)
                    for (category, target) in margin.targets {
                        let weighted = known.filter { problem.values[$0][v] == category }.map { result.weights[$0] }.reduce(0, +)
                        #expect(isClose(weighted / knownTotal, target / marginTotal, relative: 1e-8))
                    }
                }
                let n = Double(problem.values.count)
                #expect(isClose(result.weights.reduce(0, +), n, relative: 1e-9))
            }
        }

        /// Someone who answered none of the weighting questions keeps a weight of 1 and changes
        /// nobody else's: the others are raked to the same proportions of the same total, n.
        @Test func aRespondentKnownOnNothingChangesNobodyElsesWeight() async {
            await propertyCheck(input: Self.sizes, Self.targets, Self.extras) { sizes, targets, extras in
                let problem = Self.feasible(sizes: sizes, targets: targets, extras: extras)
                let without = try Raking.rake(values: problem.values, margins: problem.margins, options: .init(maxIterations: 2_000))
                let blank = [String?](repeating: nil, count: sizes.count)
                let with = try Raking.rake(values: problem.values + [blank], margins: problem.margins, options: .init(maxIterations: 2_000))
                #expect(abs(with.weights.last! - 1) < 1e-12)
                expectClose(Array(with.weights.dropLast()), without.weights, relative: 1e-12)
            }
        }

        /// Only the base weights' relative sizes matter.
        @Test func scalingTheBaseWeightsChangesNothing() async {
            await propertyCheck(input: Self.sizes, Self.targets, Self.extras, Gen.double(in: 0.01...1000)) { sizes, targets, extras, factor in
                let problem = Self.feasible(sizes: sizes, targets: targets, extras: extras)
                let base = problem.values.indices.map { Double($0 % 4 + 1) }
                let a = try Raking.rake(values: problem.values, margins: problem.margins, baseWeights: base, options: .init(maxIterations: 2_000))
                let b = try Raking.rake(values: problem.values, margins: problem.margins, baseWeights: base.map { $0 * factor },
                                        options: .init(maxIterations: 2_000))
                expectClose(b.weights, a.weights, relative: 1e-8)
            }
        }

        /// Whenever trimming converges, every weight is within the bounds and the margins are met.
        @Test func convergedTrimmedWeightsAreWithinTheBounds() async {
            await propertyCheck(input: Self.sizes, Self.targets, Self.extras) { sizes, targets, extras in
                let problem = Self.feasible(sizes: sizes, targets: targets, extras: extras)
                let result = try Raking.rake(values: problem.values, margins: problem.margins,
                                             options: .init(maxIterations: 500, trimming: 0.3...3))
                guard result.converged else { return }
                let mean = result.weights.reduce(0, +) / Double(result.weights.count)
                #expect(abs(mean - 1) < 1e-9)
                #expect(result.weights.allSatisfy { $0 >= 0.3 * (1 - 1e-9) && $0 <= 3 * (1 + 1e-9) })
                #expect(result.largestMarginError <= 1e-9)
            }
        }
    }
}
