import Foundation

/// The running sums one weighted proportion needs. Estimates for every measure and area of a
/// wave are made in one pass over its responses, adding each response into the sums of every
/// area it belongs to (its ward, the ward's locality, the district), rather than filtering the
/// responses again for each of the hundreds of measure × area cells.
public struct WeightedSums: Sendable, Hashable {
    public var respondents = 0
    public var counted = 0
    public var weight = 0.0
    public var countedWeight = 0.0
    public var squaredWeight = 0.0

    public init() {}

    public mutating func add(weight w: Double, counted isCounted: Bool) {
        respondents += 1
        weight += w
        squaredWeight += w * w
        if isCounted {
            counted += 1
            countedWeight += w
        }
    }

    /// The estimate with its Kish design effect and a Wilson interval on the effective sample
    /// size, as `SurveyEstimates.proportion` makes from the weights themselves.
    public func proportion(minimumBase: Int) -> WeightedProportion? {
        guard respondents > 0, weight > 0 else { return nil }
        let p = countedWeight / weight
        let effective = weight * weight / squaredWeight
        let deff = Double(respondents) * squaredWeight / (weight * weight)
        let se = (p * (1 - p) / effective).squareRoot()
        let interval = SurveyEstimates.wilson(proportion: p, n: effective)
        let cv: Double? = p > 0 ? se / p : nil
        return WeightedProportion(
            respondents: respondents, counted: counted, weightedBase: weight, weightedCount: countedWeight,
            proportion: p, designEffect: deff, effectiveSampleSize: effective, standardError: se,
            lower: interval.lowerBound, upper: interval.upperBound, coefficientOfVariation: cv,
            suppressed: respondents < minimumBase, unreliable: (cv ?? 0) > 0.2)
    }
}

/// Every measure's estimate in every area of one wave.
public enum SurveyEstimateTable {
    public struct Response: Sendable {
        public var weight: Double
        /// The areas the response counts in: its ward, the ward's locality, the district.
        public var areas: [String]
        public var answers: [String: String]

        public init(weight: Double, areas: [String], answers: [String: String]) {
            self.weight = weight
            self.areas = areas
            self.answers = answers
        }
    }

    public struct Cell: Sendable, Hashable {
        public var measure: String
        public var area: String

        public init(measure: String, area: String) {
            self.measure = measure
            self.area = area
        }
    }

    /// Sums are kept in a flat array indexed by measure and area, each area's code looked up
    /// once per response: a dictionary keyed by (measure, area) strings cost a fifth of
    /// recomputing a council's waves, hashing two strings for each of millions of additions
    /// (bench/README.md, issue 11).
    public static func estimate(_ responses: [Response], measures: [SurveyMeasure], minimumBase: Int) -> [Cell: WeightedProportion] {
        var areaIndex: [String: Int] = [:]
        var areaCodes: [String] = []
        var sums: [WeightedSums] = []
        var indices: [Int] = []
        for response in responses {
            indices.removeAll(keepingCapacity: true)
            for area in response.areas {
                if let index = areaIndex[area] {
                    indices.append(index)
                } else {
                    areaIndex[area] = areaCodes.count
                    indices.append(areaCodes.count)
                    areaCodes.append(area)
                    sums += Array(repeating: WeightedSums(), count: measures.count)
                }
            }
            for (m, measure) in measures.enumerated() {
                let counted: Bool
                switch measure.outcome(answers: response.answers) {
                case .counted: counted = true
                case .notCounted: counted = false
                default: continue
                }
                for index in indices { sums[index * measures.count + m].add(weight: response.weight, counted: counted) }
            }
        }
        var estimates: [Cell: WeightedProportion] = [:]
        for (a, area) in areaCodes.enumerated() {
            for (m, measure) in measures.enumerated() {
                if let estimate = sums[a * measures.count + m].proportion(minimumBase: minimumBase) {
                    estimates[Cell(measure: measure.key, area: area)] = estimate
                }
            }
        }
        return estimates
    }
}
