/// Estimates a table published for areas that cross a ward's boundary (MSOAs) for the ward, by
/// sharing each published area's counts among its LSOAs in proportion to their population, then
/// adding up the shares of the LSOAs inside the ward. This is ONS's population-weighted
/// apportionment; with equal weights it is the share of the MSOA's LSOAs that lie in the ward.
///
/// The shares of all a published area's LSOAs add to one, so estimates for areas that partition
/// the LSOAs add up to the published totals (before rounding).
public enum CensusApportionment {
    public struct Part: Sendable, Hashable {
        /// The published area (MSOA) the LSOA belongs to.
        public let publishedArea: String
        /// Its population, or any positive weight; zero or negative weights count as zero.
        public let weight: Double
        /// Whether the LSOA lies in the area being estimated.
        public let inside: Bool

        public init(publishedArea: String, weight: Double, inside: Bool) {
            self.publishedArea = publishedArea
            self.weight = weight
            self.inside = inside
        }
    }

    /// The estimated counts, one per category, rounded to whole people. A published area whose
    /// LSOAs all weigh zero is shared equally among them.
    public static func estimate(parts: [Part], publishedValues: [String: [Int]], categories: Int) -> [Int] {
        var totalWeight: [String: Double] = [:], insideWeight: [String: Double] = [:]
        var count: [String: Int] = [:], insideCount: [String: Int] = [:]
        for part in parts {
            let w = max(part.weight, 0)
            totalWeight[part.publishedArea, default: 0] += w
            count[part.publishedArea, default: 0] += 1
            if part.inside {
                insideWeight[part.publishedArea, default: 0] += w
                insideCount[part.publishedArea, default: 0] += 1
            }
        }
        var result = Array(repeating: 0.0, count: categories)
        for (area, inside) in insideCount where inside > 0 {
            guard let values = publishedValues[area] else { continue }
            let total = totalWeight[area] ?? 0
            let share = total > 0 ? (insideWeight[area] ?? 0) / total : Double(inside) / Double(count[area] ?? inside)
            for i in 0..<min(categories, values.count) { result[i] += Double(values[i]) * share }
        }
        return result.map { Int($0.rounded()) }
    }

    /// ONS names each 2021 LSOA after its MSOA plus one letter ("Walsall 015A" is in
    /// "Walsall 015"), which links the two where no lookup file is loaded.
    public static func msoaName(ofLSOANamed name: String) -> String? {
        guard let last = name.last, last.isLetter, last.isUppercase, name.count > 1 else { return nil }
        return String(name.dropLast())
    }
}
