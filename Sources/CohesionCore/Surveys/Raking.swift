import Foundation

/// One weighting variable's population totals, category by category: the Census counts a
/// survey's weights are raked to ("ward" → "Birchills Leamore" → 14,213).
public struct RakingMargin: Sendable, Hashable {
    public var variable: String
    /// Category → population.
    public var targets: [String: Double]

    public init(variable: String, targets: [String: Double]) {
        self.variable = variable
        self.targets = targets
    }

    /// The categories in a stable, readable order ("Ward 2" before "Ward 10").
    public var categories: [String] {
        targets.keys.sorted { $0.compare($1, options: [.numeric]) == .orderedAscending }
    }

    var total: Double { targets.values.reduce(0, +) }
}

public struct RakingOptions: Sendable, Hashable {
    /// Converged when every weighted margin is within this relative difference of its target.
    public var tolerance: Double
    /// Full passes over every margin before giving up; giving up is reported, not thrown.
    public var maxIterations: Int
    /// Bounds on each weight as a multiple of the mean weight, such as `0.2...5`. After each pass
    /// weights outside are capped at the bound and raking continues, which spreads the trimmed
    /// weight over everyone else; the result is converged only when the margins are met and every
    /// weight is within the bounds (both to `tolerance`). Bounds too tight for the margins never
    /// converge.
    public var trimming: ClosedRange<Double>?
    public var scale: Scale

    /// What the weights add up to.
    public enum Scale: String, Sendable {
        /// The number of respondents, so the mean weight is 1: the usual form for analysis.
        case sampleSize
        /// The first margin's population total, so weighted counts read as numbers of residents.
        case population
    }

    public init(tolerance: Double = 1e-9, maxIterations: Int = 200, trimming: ClosedRange<Double>? = nil, scale: Scale = .sampleSize) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.trimming = trimming
        self.scale = scale
    }
}

/// How close the weights came to one category's target.
public struct MarginCheck: Sendable, Hashable {
    public var variable: String
    public var category: String
    /// The target as used: the category's share of its margin's population applied to the
    /// weights' total (less the weight of respondents whose answer is not known).
    public var target: Double
    public var weighted: Double
    /// Respondents in the category, unweighted.
    public var respondents: Int

    public init(variable: String, category: String, target: Double, weighted: Double, respondents: Int) {
        self.variable = variable; self.category = category
        self.target = target; self.weighted = weighted; self.respondents = respondents
    }

    /// `|weighted − target| / target`; for a zero target, relative to nothing, the weighted
    /// total itself.
    public var relativeDifference: Double {
        target > 0 ? abs(weighted - target) / target : weighted
    }
}

public struct RakingResult: Sendable {
    /// One per respondent, in the order given.
    public var weights: [Double]
    /// Full passes over the margins made.
    public var iterations: Int
    public var converged: Bool
    /// The largest relative difference between a weighted margin and its target at the end.
    public var largestMarginError: Double
    /// Kish's design effect of the weights.
    public var designEffect: Double
    public var effectiveSampleSize: Double
    /// Respondents whose weight was capped by trimming at least once.
    public var trimmedCount: Int
    /// Every margin's categories, in margin order.
    public var marginReport: [MarginCheck]

    public init(weights: [Double], iterations: Int, converged: Bool, largestMarginError: Double, designEffect: Double,
                effectiveSampleSize: Double, trimmedCount: Int, marginReport: [MarginCheck]) {
        self.weights = weights; self.iterations = iterations; self.converged = converged
        self.largestMarginError = largestMarginError; self.designEffect = designEffect
        self.effectiveSampleSize = effectiveSampleSize; self.trimmedCount = trimmedCount; self.marginReport = marginReport
    }
}

/// Why a set of responses cannot be raked to its targets. Respondents are numbered from 1 in
/// the order given.
public enum RakingError: Error, Equatable, CustomStringConvertible {
    case noRespondents
    case noMargins
    /// A respondent's answer is not one of the margin's categories.
    case unknownCategory(respondent: Int, variable: String, value: String)
    /// A category with people in it has no respondents, so no weights can reach its target.
    case emptyCategory(variable: String, category: String)
    /// A margin's total differs from the first margin's by more than 1%.
    case inconsistentTotals(variable: String, total: Double, firstVariable: String, firstTotal: Double)
    case negativeTarget(variable: String, category: String, target: Double)
    case nonPositiveBaseWeight(respondent: Int, weight: Double)
    /// A margin's targets add up to zero (or it has none): there is no population to weight to.
    case noPopulation(variable: String)

    public var description: String {
        switch self {
        case .noRespondents:
            "There are no survey responses to weight."
        case .noMargins:
            "There are no population targets to weight the responses to."
        case let .unknownCategory(respondent, variable, value):
            "Respondent \(respondent)'s answer for “\(variable)” is “\(value)”, which is not one of the categories in the population targets for “\(variable)”."
        case let .emptyCategory(variable, category):
            "No respondent is in “\(category)” for “\(variable)”, so no weights can reach its population target; combine it with a neighbouring category or collect more responses."
        case let .inconsistentTotals(variable, total, firstVariable, firstTotal):
            "The population targets for “\(variable)” add up to \(Raking.plain(total)) but those for “\(firstVariable)” add up to \(Raking.plain(firstTotal)); they differ by more than 1%, so they cannot describe the same population."
        case let .negativeTarget(variable, category, target):
            "The population target for “\(category)” in “\(variable)” is \(Raking.plain(target)), but a population must be a number, zero or more."
        case let .nonPositiveBaseWeight(respondent, weight):
            "Respondent \(respondent)'s starting weight is \(Raking.plain(weight)), but every starting weight must be a number greater than zero."
        case let .noPopulation(variable):
            "The population targets for “\(variable)” add up to zero, so there is nothing to weight the responses to."
        }
    }
}

/// Raking (iterative proportional fitting, Deming and Stephan 1940): weights that make a survey's
/// weighted counts match the population on several variables at once (age and sex, ethnic group,
/// ward) when the cross-classified counts are unknown or too thin to post-stratify on. Each pass
/// scales the weights to meet each margin in turn until all are met together. The weights are
/// R's `survey::rake`'s to within the convergence tolerances (tested on a worked example, and in
/// `bench/survey-rake.R` on generated surveys).
public enum Raking {
    /// Rakes respondents to the margins. `values[i][v]` is respondent `i`'s category for
    /// `margins[v].variable`; nil means not known (a "prefer not to say"). `baseWeights` are the
    /// starting (design) weights, all 1 when nil.
    ///
    /// Margins' totals may differ by up to 1% (ONS perturbs its tables, so their totals rarely
    /// agree exactly); each margin's targets are used as proportions of its own total, which
    /// rescales every margin to the first margin's total.
    ///
    /// A respondent not known on a variable keeps their weight in that variable's step, and the
    /// known respondents are scaled to the margin's proportions applied to their own share of the
    /// total. This lets a council keep "prefer not to say" answers rather than drop the whole
    /// response (or impute an answer): the respondent still counts, is weighted on the variables
    /// they did answer, and stands for people like them who did not say, while the margin holds
    /// among those who did. Respondents in a category whose target is zero get a weight of zero.
    ///
    /// - Precondition: every `values[i]` has one entry per margin, and `baseWeights`, when given,
    ///   one per respondent.
    public static func rake(values: [[String?]], margins: [RakingMargin], baseWeights: [Double]? = nil,
                            options: RakingOptions = .init()) throws(RakingError) -> RakingResult {
        let problem = try Problem(values: values, margins: margins, baseWeights: baseWeights, options: options)
        return problem.solve()
    }

    /// A number as an officer would write it: 14213, 0.5, −3.
    static func plain(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(describing: x)
    }
}

/// The validated inputs, with each respondent's categories as indices.
private struct Problem {
    let margins: [RakingMargin]
    /// Per margin, its categories in report order.
    let categories: [[String]]
    /// Per margin, each category's share of the margin's population.
    let shares: [[Double]]
    /// `codes[v][i]`: respondent `i`'s category index in margin `v`, or nil when not known.
    let codes: [[Int?]]
    let startingWeights: [Double]
    /// What the weights add up to.
    let total: Double
    let options: RakingOptions

    init(values: [[String?]], margins: [RakingMargin], baseWeights: [Double]?, options: RakingOptions) throws(RakingError) {
        guard !values.isEmpty else { throw .noRespondents }
        guard let first = margins.first else { throw .noMargins }
        precondition(values.allSatisfy { $0.count == margins.count }, "each respondent needs one value per margin")
        precondition(baseWeights == nil || baseWeights!.count == values.count, "one base weight per respondent")
        try Self.checkTargets(margins)
        let base = baseWeights ?? Array(repeating: 1, count: values.count)
        for (i, w) in base.enumerated() where !(w > 0 && w.isFinite) {
            throw .nonPositiveBaseWeight(respondent: i + 1, weight: w)
        }
        self.margins = margins
        categories = margins.map(\.categories)
        shares = zip(margins, categories).map { margin, categories in
            categories.map { margin.targets[$0]! / margin.total }
        }
        codes = try Self.codes(values: values, margins: margins, categories: categories)
        let total = options.scale == .population ? first.total : Double(values.count)
        let baseTotal = base.reduce(0, +)
        self.total = total
        startingWeights = base.map { $0 * total / baseTotal }
        self.options = options
        try checkEveryCategoryReachable()
    }

    static func checkTargets(_ margins: [RakingMargin]) throws(RakingError) {
        for margin in margins {
            for category in margin.categories {
                let target = margin.targets[category]!
                if !(target >= 0 && target.isFinite) { throw .negativeTarget(variable: margin.variable, category: category, target: target) }
            }
            if margin.total <= 0 { throw .noPopulation(variable: margin.variable) }
        }
        let first = margins[0]
        for margin in margins.dropFirst() where abs(margin.total - first.total) > 0.01 * first.total {
            throw .inconsistentTotals(variable: margin.variable, total: margin.total, firstVariable: first.variable, firstTotal: first.total)
        }
    }

    static func codes(values: [[String?]], margins: [RakingMargin], categories: [[String]]) throws(RakingError) -> [[Int?]] {
        let indexByCategory = categories.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
        var codes = Array(repeating: [Int?](repeating: nil, count: values.count), count: margins.count)
        for (i, row) in values.enumerated() {
            for (v, value) in row.enumerated() {
                guard let value else { continue }
                guard let index = indexByCategory[v][value] else {
                    throw .unknownCategory(respondent: i + 1, variable: margins[v].variable, value: value)
                }
                codes[v][i] = index
            }
        }
        return codes
    }

    func checkEveryCategoryReachable() throws(RakingError) {
        for v in margins.indices {
            var respondents = Array(repeating: 0, count: categories[v].count)
            for case let c? in codes[v] { respondents[c] += 1 }
            for (c, share) in shares[v].enumerated() where share > 0 && respondents[c] == 0 {
                throw .emptyCategory(variable: margins[v].variable, category: categories[v][c])
            }
        }
    }

    func solve() -> RakingResult {
        var weights = startingWeights
        var trimmed = Set<Int>()
        var iterations = 0
        var converged = false
        while iterations < options.maxIterations {
            for v in margins.indices { rakeToMargin(v, &weights) }
            iterations += 1
            let withinBounds = outsideBounds(weights, slack: options.tolerance).isEmpty
            if largestError(weights) <= options.tolerance && withinBounds {
                converged = true
                break
            }
            trimmed.formUnion(trim(&weights))
        }
        return RakingResult(
            weights: weights, iterations: iterations, converged: converged, largestMarginError: largestError(weights),
            designEffect: SurveyEstimates.designEffect(weights), effectiveSampleSize: SurveyEstimates.effectiveSampleSize(weights),
            trimmedCount: trimmed.count, marginReport: checks(weights))
    }

    /// Weighted total per category of margin `v`, and the weight of those not known on it.
    func sums(_ v: Int, _ weights: [Double]) -> (byCategory: [Double], notKnown: Double) {
        var byCategory = Array(repeating: 0.0, count: categories[v].count)
        var notKnown = 0.0
        for (i, code) in codes[v].enumerated() {
            if let code { byCategory[code] += weights[i] } else { notKnown += weights[i] }
        }
        return (byCategory, notKnown)
    }

    /// The targets as used: the margin's shares of the weight held by those known on it. Taking
    /// the total as `total` less the unknowns' weight (rather than the knowns' current weight,
    /// the same thing between raking steps) restores the total after trimming.
    func targets(_ v: Int, notKnown: Double) -> [Double] {
        let known = max(total - notKnown, 0)
        return shares[v].map { $0 * known }
    }

    func rakeToMargin(_ v: Int, _ weights: inout [Double]) {
        let (byCategory, notKnown) = sums(v, weights)
        let factors = zip(targets(v, notKnown: notKnown), byCategory).map { target, sum in
            // A category emptied by a zero target elsewhere cannot be scaled up; it is left for
            // the convergence check to report.
            sum > 0 ? target / sum : 0
        }
        for (i, code) in codes[v].enumerated() {
            if let code { weights[i] *= factors[code] }
        }
    }

    func checks(_ weights: [Double]) -> [MarginCheck] {
        margins.indices.flatMap { v in
            let (byCategory, notKnown) = sums(v, weights)
            var respondents = Array(repeating: 0, count: categories[v].count)
            for case let c? in codes[v] { respondents[c] += 1 }
            return zip(targets(v, notKnown: notKnown), byCategory).enumerated().map { c, pair in
                MarginCheck(variable: margins[v].variable, category: categories[v][c], target: pair.0, weighted: pair.1,
                            respondents: respondents[c])
            }
        }
    }

    func largestError(_ weights: [Double]) -> Double {
        checks(weights).map(\.relativeDifference).max() ?? 0
    }

    /// The trimming bounds in weight units: the mean weight never changes, as every step keeps
    /// the total.
    var bounds: ClosedRange<Double>? {
        guard let trimming = options.trimming else { return nil }
        let mean = total / Double(startingWeights.count)
        return (trimming.lowerBound * mean)...(trimming.upperBound * mean)
    }

    func outsideBounds(_ weights: [Double], slack: Double) -> [Int] {
        guard let bounds else { return [] }
        let low = bounds.lowerBound * (1 - slack), high = bounds.upperBound * (1 + slack)
        return weights.indices.filter { weights[$0] < low || weights[$0] > high }
    }

    /// Caps weights at the bounds; returns who was capped.
    func trim(_ weights: inout [Double]) -> [Int] {
        guard let bounds else { return [] }
        let capped = outsideBounds(weights, slack: 0)
        for i in capped { weights[i] = min(max(weights[i], bounds.lowerBound), bounds.upperBound) }
        return capped
    }
}
