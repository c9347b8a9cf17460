/// Census counts summed from LSOAs up to wards, the council's localities and the district.
///
/// LSOAs nest in wards only on a best-fit basis, so ward figures built this way are estimates;
/// ONS also perturbs each table, so sums never exactly equal a published total. Codes that can't
/// be placed are listed, never silently dropped, so a page can say what was left out.
public struct CensusAggregation: Sendable, Equatable {
    public let wards: [GSSCode: [Int]]
    /// Keyed by the council's own locality code.
    public let localities: [String: [Int]]
    public let districts: [GSSCode: [Int]]
    /// Areas in the table that the lookup doesn't know: outside the council, or a newer code.
    public let codesOutsideLookup: [GSSCode]
    /// LSOAs in the lookup with no row in the table: their wards' sums are short by that much.
    public let lookupLSOAsMissingFromTable: [GSSCode]
    /// Wards with values but no locality in the map given.
    public let wardsWithoutLocality: [GSSCode]

    /// Sums an LSOA-level table. A table at another level ends up entirely in `codesOutsideLookup`.
    public init(table: ONSCensusTable, lookup: AreaLookup, localityOfWard: [GSSCode: String] = [:]) {
        self.init(lsoaValues: table.valuesByArea, lookup: lookup, localityOfWard: localityOfWard)
    }

    public init(lsoaValues: [GSSCode: [Int]], lookup: AreaLookup, localityOfWard: [GSSCode: String] = [:]) {
        let toWards = Self.sum(lsoaValues, by: lookup.wardOfLSOA)
        let toDistricts = Self.sum(lsoaValues, by: lookup.districtOfLSOA)
        let toLocalities = Self.sum(toWards.sums, by: localityOfWard)
        wards = toWards.sums
        districts = toDistricts.sums
        localities = localityOfWard.isEmpty ? [:] : toLocalities.sums
        codesOutsideLookup = toWards.unplaced
        wardsWithoutLocality = localityOfWard.isEmpty ? [] : toLocalities.unplaced
        lookupLSOAsMissingFromTable = lookup.entries.map(\.lsoa).filter { lsoaValues[$0] == nil }.sorted { $0.value < $1.value }
    }

    /// Adds each area's counts into its parent's, cell by cell. Returns the sums and, sorted,
    /// the areas that have no parent in the map.
    public static func sum<Parent: Hashable>(_ values: [GSSCode: [Int]], by parentOf: [GSSCode: Parent]) -> (sums: [Parent: [Int]], unplaced: [GSSCode]) {
        var sums: [Parent: [Int]] = [:]
        var unplaced: [GSSCode] = []
        for (code, counts) in values {
            guard let parent = parentOf[code] else {
                unplaced.append(code)
                continue
            }
            sums[parent] = add(sums[parent] ?? [], counts)
        }
        return (sums, unplaced.sorted { $0.value < $1.value })
    }

    private static func add(_ a: [Int], _ b: [Int]) -> [Int] {
        (0..<max(a.count, b.count)).map { (a.indices.contains($0) ? a[$0] : 0) + (b.indices.contains($0) ? b[$0] : 0) }
    }
}
