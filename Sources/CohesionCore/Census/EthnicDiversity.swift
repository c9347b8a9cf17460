/// How ethnically mixed an area is: the chance that two residents picked at random belong to
/// different ethnic groups.
public enum EthnicDiversity {
    /// Simpson's diversity index in its finite-population form,
    /// `1 − Σ nᵢ(nᵢ − 1) / (N(N − 1))`, picking the two residents without replacement.
    ///
    /// This is the exact answer to "two different people", and it gives 0 for an area where
    /// everyone is in one group whatever its size. The with-replacement form `1 − Σpᵢ²` differs
    /// by well under 0.001 at LSOA sizes (about 1,500 residents) and above.
    /// Returns `nil` when there are fewer than two residents, where the question has no answer.
    /// Pass one count per group, each resident counted once (not a total or a subtotal as well).
    public static func index(counts: [Int]) -> Double? {
        let total = counts.reduce(0, +)
        guard total >= 2, counts.allSatisfy({ $0 >= 0 }) else { return nil }
        let samePairs = counts.reduce(0.0) { $0 + Double($1) * Double($1 - 1) }
        return 1 - samePairs / (Double(total) * Double(total - 1))
    }

    /// The index for each area of a table, using the groups at `depth` (1: TS021's five broad
    /// groups; 2: its nineteen detailed groups).
    public static func indices(in table: ONSCensusTable, depth: Int = 1) -> [GSSCode: Double] {
        let groups = table.partition(atDepth: depth)
        return indices(of: table.valuesByArea, groups: groups)
    }

    /// The index for each area from counts vectors, taking only the `groups` positions.
    public static func indices<Area: Hashable>(of values: [Area: [Int]], groups: [Int]) -> [Area: Double] {
        values.compactMapValues { counts in
            index(counts: groups.compactMap { counts.indices.contains($0) ? counts[$0] : nil })
        }
    }

    /// Areas from most to least diverse. Rank 1 is the most diverse; equal indices share a rank
    /// and the next rank skips (1, 2, 2, 4), the way league tables are usually read.
    /// Areas with equal indices are listed in order of their code, so the order is stable.
    public static func ranking<Area: Hashable & Sendable & CustomStringConvertible>(_ indices: [Area: Double]) -> [DiversityRank<Area>] {
        let sorted = indices.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.description < $1.key.description }
        var result: [DiversityRank<Area>] = []
        for (position, item) in sorted.enumerated() {
            let rank = result.last.map { $0.index == item.value ? $0.rank : position + 1 } ?? 1
            result.append(DiversityRank(area: item.key, index: item.value, rank: rank))
        }
        return result
    }
}

/// An area's place in a diversity ranking.
public struct DiversityRank<Area: Hashable & Sendable>: Sendable, Hashable {
    public let area: Area
    public let index: Double
    public let rank: Int
}
