import Foundation

/// Which direction counts as better for an indicator. Drives the red/amber/green rating and the
/// words "improvement" and "worsening"; an indicator with no better direction (e.g. the share of
/// residents aged 65 and over) is described but never rated.
public enum IndicatorPolarity: String, Sendable, Codable, CaseIterable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"
    case neither

    public var label: String {
        switch self {
        case .higherIsBetter: "Higher is better"
        case .lowerIsBetter: "Lower is better"
        case .neither: "Neither higher nor lower is better"
        }
    }
}

/// A red/amber/green rating against an indicator's target.
public enum IndicatorRAG: String, Sendable, Codable, CaseIterable {
    case red, amber, green, none

    /// Words for the rating, so that it never depends on colour alone.
    public var label: String {
        switch self {
        case .green: "On target"
        case .amber: "Close to target"
        case .red: "Off target"
        case .none: "No target"
        }
    }
}

/// Where an indicator's ratings change. Both boundaries are inclusive: a value exactly on the
/// green threshold is green, one exactly on the amber threshold is amber.
public struct IndicatorThresholds: Sendable, Hashable, Codable {
    /// Higher-is-better: a value at or above this is green. Lower-is-better: at or below.
    public var green: Double?
    /// Between amber and green is amber; beyond amber is red. Without it, anything short of
    /// green is red.
    public var amber: Double?

    public init(green: Double? = nil, amber: Double? = nil) {
        self.green = green
        self.amber = amber
    }

    /// Problems in plain English, for the form where an officer sets the target; empty when the
    /// thresholds make sense for the polarity.
    public func validate(polarity: IndicatorPolarity) -> [String] {
        var problems: [String] = []
        if let green, !green.isFinite { problems.append("The green threshold must be a number.") }
        if let amber, !amber.isFinite { problems.append("The amber threshold must be a number.") }
        if amber != nil && green == nil {
            problems.append("Give a green threshold as well as the amber one: amber means close to the green target.")
        }
        if polarity == .neither && (green != nil || amber != nil) {
            problems.append("Thresholds need a better direction: choose whether higher or lower is better, or remove the thresholds.")
        }
        if let green, let amber, green.isFinite, amber.isFinite {
            switch polarity {
            case .higherIsBetter where amber >= green:
                problems.append("When higher is better, the amber threshold must be below the green threshold.")
            case .lowerIsBetter where amber <= green:
                problems.append("When lower is better, the amber threshold must be above the green threshold.")
            default: break
            }
        }
        return problems
    }
}

/// The rules behind an indicator tile: its rating against the target, the arrow for its trend and
/// the sentence that says the same in words, and the test used for operational rates.
public enum IndicatorRules {
    /// The rating of a value. `.none` when there is no value, no green threshold, or no better
    /// direction. Thresholds that `validate` would reject still give an answer (an amber on the
    /// wrong side of green is simply never reached) rather than failing on a live page.
    public static func rag(value: Double?, thresholds: IndicatorThresholds, polarity: IndicatorPolarity) -> IndicatorRAG {
        guard let value, value.isFinite, let green = thresholds.green, green.isFinite else { return .none }
        let amber = thresholds.amber.flatMap { $0.isFinite ? $0 : nil }
        switch polarity {
        case .neither:
            return .none
        case .higherIsBetter:
            if value >= green { return .green }
            if let amber, value >= amber { return .amber }
            return .red
        case .lowerIsBetter:
            if value <= green { return .green }
            if let amber, value <= amber { return .amber }
            return .red
        }
    }

    /// Whether a change is an improvement, given polarity: nil when there is no better direction,
    /// and also when nothing changed (or the change is not a number), which is neither.
    public static func isImprovement(change: Double, polarity: IndicatorPolarity) -> Bool? {
        guard change.isFinite, change != 0 else { return nil }
        switch polarity {
        case .higherIsBetter: return change > 0
        case .lowerIsBetter: return change < 0
        case .neither: return nil
        }
    }

    public enum Trend: String, Sendable, Codable, CaseIterable {
        case up, down, noSignificantChange, notTested
    }

    /// The arrow shown on a tile: only when the change was tested and found significant.
    /// `significant` is the test's verdict, nil when no test was possible (e.g. no intervals).
    /// Without a change to report there is nothing to test.
    public static func trend(change: Double?, significant: Bool?) -> Trend {
        guard let change, change.isFinite, let significant else { return .notTested }
        guard significant, change != 0 else { return .noSignificantChange }
        return change > 0 ? .up : .down
    }

    /// Words for a tile, e.g. "Up 8.0 points since Residents' survey 2025, a significant
    /// improvement", "No significant change since Residents' survey 2025" or "Change not tested:
    /// no interval". A change in a percentage is in percentage points ("points"); other changes
    /// are written with `format` (e.g. "Down 2.1 per 1,000 since 2024/25").
    public static func trendSentence(change: Double?, significant: Bool?, since period: String, polarity: IndicatorPolarity,
                                     format: ValueFormat, isPercent: Bool) -> String {
        guard let change, change.isFinite else { return "No earlier figure to compare with" }
        switch trend(change: change, significant: significant) {
        case .notTested:
            return "Change not tested: no interval"
        case .noSignificantChange:
            return "No significant change since \(period)"
        case .up, .down:
            let size: String
            if isPercent {
                let number = ValueFormat(decimals: format.decimals, groupsThousands: format.groupsThousands).string(abs(change))
                size = number + (number == "1" ? " point" : " points")
            } else {
                size = format.string(abs(change))
            }
            let verdict = switch isImprovement(change: change, polarity: polarity) {
            case true?: "a significant improvement"
            case false?: "a significant worsening"
            case nil: "a significant change"
            }
            return "\(change > 0 ? "Up" : "Down") \(size) since \(period), \(verdict)"
        }
    }

    /// A rate per 1,000 residents: nil when the population is not a positive number.
    public static func perThousand(_ count: Double, population: Double) -> Double? {
        guard population > 0, population.isFinite, count.isFinite else { return nil }
        return count / population * 1000
    }

    /// Whether two Poisson rates differ (count1 events among population1 against count2 among
    /// population2), for saying whether an operational rate changed significantly.
    ///
    /// The exact conditional test: given the total c1 + c2, c1 is Binomial(c1 + c2,
    /// p1 / (p1 + p2)) when the rates are equal. The two-sided p-value adds up every outcome no
    /// more likely than the one seen, exactly as R's `poisson.test(c(c1, c2), c(p1, p2))` (via
    /// `binom.test`) does, including its 1e-7 relative tolerance for ties. Significant at p < 0.05.
    /// With no events, or a population that is not positive, there is nothing to test: p = 1.
    public static func ratesDiffer(count1: Int, population1: Double, count2: Int, population2: Double) -> (pValue: Double, significant: Bool) {
        guard count1 >= 0, count2 >= 0, population1 > 0, population2 > 0, population1.isFinite, population2.isFinite else {
            return (1, false)
        }
        let p = binomialTwoSidedPValue(successes: count1, trials: count1 + count2, probability: population1 / (population1 + population2))
        return (p, p < 0.05)
    }

    /// R's two-sided `binom.test` p-value. The sums run outwards from the observed count and stop
    /// once terms can no longer change the total, so large counts cost little.
    static func binomialTwoSidedPValue(successes x: Int, trials n: Int, probability p: Double) -> Double {
        guard n > 0, p > 0, p < 1 else { return 1 }
        let distribution = Binomial(trials: n, probability: p)
        let mean = Double(n) * p
        if Double(x) == mean { return 1 }
        let limit = distribution.logPMF(x) + log1p(1e-7)
        if Double(x) < mean {
            // The first count on the upper side as unlikely as x: the pmf only falls beyond the mean.
            let first = firstIndex(in: Int(mean.rounded(.up))...n) { distribution.logPMF($0) <= limit }
            return min(1, distribution.sum(from: x, downTo: 0) + (first.map { distribution.sum(from: $0, upTo: n) } ?? 0))
        } else {
            // The last count on the lower side as unlikely as x: the pmf only rises towards the mean.
            let last = lastIndex(in: 0...Int(mean.rounded(.down))) { distribution.logPMF($0) <= limit }
            return min(1, distribution.sum(from: x, upTo: n) + (last.map { distribution.sum(from: $0, downTo: 0) } ?? 0))
        }
    }

    /// The first index where a predicate that stays true once true holds.
    private static func firstIndex(in range: ClosedRange<Int>, where holds: (Int) -> Bool) -> Int? {
        var lo = range.lowerBound, hi = range.upperBound + 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if holds(mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo <= range.upperBound ? lo : nil
    }

    /// The last index where a predicate that stays true up to some point holds.
    private static func lastIndex(in range: ClosedRange<Int>, where holds: (Int) -> Bool) -> Int? {
        var lo = range.lowerBound - 1, hi = range.upperBound
        while lo < hi {
            let mid = hi - (hi - lo) / 2
            if holds(mid) { lo = mid } else { hi = mid - 1 }
        }
        return lo >= range.lowerBound ? lo : nil
    }
}

/// The binomial distribution in logs, so that thousands of events don't underflow.
struct Binomial {
    let trials: Int
    let logP: Double, logQ: Double, logChooseBase: Double

    init(trials: Int, probability p: Double) {
        self.trials = trials
        logP = log(p)
        logQ = log1p(-p)
        logChooseBase = lgamma(Double(trials) + 1)
    }

    func logPMF(_ k: Int) -> Double {
        guard k >= 0, k <= trials else { return -.infinity }
        return logChooseBase - lgamma(Double(k) + 1) - lgamma(Double(trials - k) + 1) + Double(k) * logP + Double(trials - k) * logQ
    }

    /// P(start ≤ X ≤ end), summed from `start` upwards. Only for tails beyond the mode, where
    /// terms fall, so stopping when they stop mattering is safe.
    func sum(from start: Int, upTo end: Int) -> Double {
        var total = 0.0
        var k = start
        while k <= end {
            let term = exp(logPMF(k))
            total += term
            if term <= total * 1e-17 { break }
            k += 1
        }
        return total
    }

    /// P(end ≤ X ≤ start), summed from `start` downwards, for tails below the mode.
    func sum(from start: Int, downTo end: Int) -> Double {
        var total = 0.0
        var k = start
        while k >= end {
            let term = exp(logPMF(k))
            total += term
            if term <= total * 1e-17 { break }
            k -= 1
        }
        return total
    }
}
