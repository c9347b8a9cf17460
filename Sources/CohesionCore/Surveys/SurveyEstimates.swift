import Foundation

/// A weighted share of a survey's respondents giving a counted answer ("agree" or "strongly
/// agree" that people from different backgrounds get on well together), with the uncertainty
/// that weighting adds.
public struct WeightedProportion: Sendable, Hashable, Codable {
    /// Respondents in the base, unweighted.
    public var respondents: Int
    /// Respondents in the base giving a counted answer, unweighted.
    public var counted: Int
    public var weightedBase: Double
    public var weightedCount: Double
    /// `weightedCount / weightedBase`, from 0 to 1.
    public var proportion: Double
    /// Kish's design effect of the base's weights.
    public var designEffect: Double
    /// The base's respondents discounted for unequal weights: the sample size the margin of
    /// error is worked on.
    public var effectiveSampleSize: Double
    /// `sqrt(p(1 − p) / effectiveSampleSize)`.
    public var standardError: Double
    /// The 95% (or chosen) Wilson interval on the effective sample size.
    public var lower: Double
    public var upper: Double
    /// `standardError / proportion`; nil when the proportion is 0.
    public var coefficientOfVariation: Double?
    /// Too few respondents to publish: fewer than the minimum base.
    public var suppressed: Bool
    /// The coefficient of variation is over 20%, the usual threshold (ONS and others) for
    /// flagging an estimate to be used with caution.
    public var unreliable: Bool

    public init(respondents: Int, counted: Int, weightedBase: Double, weightedCount: Double, proportion: Double,
                designEffect: Double, effectiveSampleSize: Double, standardError: Double, lower: Double, upper: Double,
                coefficientOfVariation: Double?, suppressed: Bool, unreliable: Bool) {
        self.respondents = respondents; self.counted = counted
        self.weightedBase = weightedBase; self.weightedCount = weightedCount; self.proportion = proportion
        self.designEffect = designEffect; self.effectiveSampleSize = effectiveSampleSize
        self.standardError = standardError; self.lower = lower; self.upper = upper
        self.coefficientOfVariation = coefficientOfVariation; self.suppressed = suppressed; self.unreliable = unreliable
    }
}

/// Whether two weighted proportions differ by more than chance would explain: a two-sided z test
/// on the normal approximation.
public struct DifferenceTest: Sendable, Hashable, Codable {
    /// First less second, as a proportion (0.05 is five percentage points).
    public var difference: Double
    public var standardError: Double
    public var z: Double
    /// Two-sided.
    public var pValue: Double
    /// `pValue < 0.05`.
    public var significant: Bool

    public init(difference: Double, standardError: Double, z: Double, pValue: Double, significant: Bool) {
        self.difference = difference; self.standardError = standardError; self.z = z
        self.pValue = pValue; self.significant = significant
    }
}

/// Estimates from weighted survey responses on the effective sample size: Kish's design effect
/// stands in for the survey design, which for a council's postal or online residents' survey is
/// a simple random sample raked to Census margins. This is what the Local Government
/// Association's and most councils' published residents' surveys do; it is slightly
/// conservative next to the linearised variance of a calibrated estimator.
public enum SurveyEstimates {
    /// The normal quantile for a two-sided 95% interval, to full precision.
    public static let z95 = 1.959963984540054

    /// Kish's design effect from unequal weights, `n·Σw² / (Σw)²`: 1 when every weight is equal,
    /// larger the more they vary. 1 for no weights, so that callers need not special-case it.
    public static func designEffect(_ weights: [Double]) -> Double {
        let (sum, sumOfSquares) = sums(weights)
        guard sum > 0 else { return 1 }
        return Double(weights.count) * sumOfSquares / (sum * sum)
    }

    /// `(Σw)² / Σw²`: the number of equally weighted respondents giving the same precision.
    public static func effectiveSampleSize(_ weights: [Double]) -> Double {
        let (sum, sumOfSquares) = sums(weights)
        guard sumOfSquares > 0 else { return 0 }
        return sum * sum / sumOfSquares
    }

    private static func sums(_ weights: [Double]) -> (sum: Double, sumOfSquares: Double) {
        weights.reduce((0, 0)) { ($0.0 + $1, $0.1 + $1 * $1) }
    }

    /// The Wilson score interval (Wilson 1927; Newcombe 1998, method 3). Unlike the textbook
    /// `p ± z·se` it stays within 0 to 1 and is not zero-width at 0% or 100%, which matters for
    /// the small wards and groups a council reports on. `n` may be fractional (an effective
    /// sample size); with no sample it is the whole of 0 to 1.
    public static func wilson(proportion p: Double, n: Double, z: Double = z95) -> ClosedRange<Double> {
        guard n > 0 else { return 0...1 }
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let halfWidth = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // Rounding can put an end a hair outside 0...1 or past the estimate at 0% or 100%.
        let lower = min(max(centre - halfWidth, 0), p)
        let upper = max(min(centre + halfWidth, 1), p)
        return lower...upper
    }

    /// A weighted proportion from the respondents in the base: `weights[i]` and whether
    /// respondent `i` gave a counted answer. The caller has already removed those outside the
    /// base ("don't know", not asked). Nil when there is nobody in the base or their weights
    /// add to nothing.
    public static func proportion(weights: [Double], counted: [Bool], minimumBase: Int = 30) -> WeightedProportion? {
        precondition(weights.count == counted.count, "one counted flag per weight")
        let weightedBase = weights.reduce(0, +)
        guard !weights.isEmpty, weightedBase > 0 else { return nil }
        let weightedCount = zip(weights, counted).reduce(0.0) { $1.1 ? $0 + $1.0 : $0 }
        let p = min(max(weightedCount / weightedBase, 0), 1)
        let effective = effectiveSampleSize(weights)
        let standardError = (p * (1 - p) / effective).squareRoot()
        let interval = wilson(proportion: p, n: effective)
        let cv: Double? = p > 0 ? standardError / p : nil
        return WeightedProportion(
            respondents: weights.count, counted: counted.filter { $0 }.count,
            weightedBase: weightedBase, weightedCount: weightedCount, proportion: p,
            designEffect: designEffect(weights), effectiveSampleSize: effective,
            standardError: standardError, lower: interval.lowerBound, upper: interval.upperBound,
            coefficientOfVariation: cv, suppressed: weights.count < minimumBase, unreliable: (cv ?? 0) > 0.2)
    }

    /// `a` against `b` drawn independently: this year's wave against last year's, or one ward
    /// against another.
    public static func difference(_ a: WeightedProportion, _ b: WeightedProportion) -> DifferenceTest {
        let difference = a.proportion - b.proportion
        let standardError = (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
        return test(difference: difference, standardError: standardError)
    }

    /// An area against the whole district it is part of, from the area and the rest of the
    /// district. Testing the area against the district directly would count the area's own
    /// respondents on both sides, so the two would not be independent. With `f` the area's share
    /// of the district's weight, `p_district = f·p_area + (1 − f)·p_rest`, so
    /// `p_area − p_district = (1 − f)(p_area − p_rest)`: the reported difference and its standard
    /// error are the area-against-rest ones scaled by `1 − f`, and the z and p value are the same.
    public static func differenceFromWhole(part: WeightedProportion, rest: WeightedProportion) -> DifferenceTest {
        let whole = part.weightedBase + rest.weightedBase
        let restShare = whole > 0 ? rest.weightedBase / whole : 0
        let againstRest = difference(part, rest)
        // Scaling both by 1 − f leaves z as it was; it is taken from the unscaled pair so that
        // f = 1 (a rest with no weight) cannot turn it into 0/0.
        return DifferenceTest(difference: restShare * againstRest.difference, standardError: restShare * againstRest.standardError,
                              z: againstRest.z, pValue: againstRest.pValue, significant: againstRest.significant)
    }

    private static func test(difference: Double, standardError: Double) -> DifferenceTest {
        let z: Double
        if standardError > 0 { z = difference / standardError }
        else { z = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity) }
        let pValue = twoSidedPValue(z)
        return DifferenceTest(difference: difference, standardError: standardError, z: z, pValue: pValue, significant: pValue < 0.05)
    }

    /// `2·(1 − Φ(|z|))`, written as `erfc(|z|/√2)` so that large z keep their precision rather
    /// than cancelling to 0.
    static func twoSidedPValue(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }
}
