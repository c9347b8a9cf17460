import Foundation

/// How many assets an area has for the people who live there: the count, the usual residents
/// the census gives it, and assets per 1,000 residents. A rate per head, not a raw count, is
/// what lets a small ward and a large one be compared, so thin provision stands out.
public struct Provision: Sendable, Hashable {
    public let count: Int
    /// Usual residents on census day; nil when the census has no figure for the area.
    public let population: Int?

    public init(count: Int, population: Int?) {
        self.count = count
        self.population = population
    }

    /// Assets per 1,000 residents; nil without a population figure (or with a population of
    /// none), which pages show as "No data" rather than dividing by zero.
    public var rate: Double? { ProvisionArithmetic.perThousand(count: count, population: population) }
}

/// Several areas taken together (a locality's wards, the whole council). Every asset counts in
/// `count`, but the rate is worked out only from the areas that have a population figure, so
/// that an area without one neither inflates the rate (its assets over no residents) nor
/// lowers it (its residents missing); `areasWithoutPopulation` says how many were left out.
public struct CombinedProvision: Sendable, Hashable {
    public let count: Int
    /// The assets in the areas that have a population figure: the rate's numerator.
    public let countWithPopulation: Int
    /// The residents of the areas that have a figure: the rate's denominator.
    public let population: Int
    public let areasWithoutPopulation: Int

    public init(count: Int, countWithPopulation: Int, population: Int, areasWithoutPopulation: Int) {
        self.count = count
        self.countWithPopulation = countWithPopulation
        self.population = population
        self.areasWithoutPopulation = areasWithoutPopulation
    }

    /// Assets per 1,000 residents of the areas with a figure; nil when none has one.
    public var rate: Double? { ProvisionArithmetic.perThousand(count: countWithPopulation, population: population) }
}

public enum ProvisionArithmetic {
    /// Rates are per this many residents.
    public static let residents = 1_000.0
    /// An area is thin when its rate is below this fraction of the benchmark (the council's).
    public static let thinFraction = 0.5

    public static func perThousand(count: Int, population: Int?) -> Double? {
        guard let population, population > 0 else { return nil }
        return Double(count) / Double(population) * residents
    }

    public static func combined(_ areas: [Provision]) -> CombinedProvision {
        let known = areas.filter { ($0.population ?? 0) > 0 }
        return CombinedProvision(count: areas.reduce(0) { $0 + $1.count }, countWithPopulation: known.reduce(0) { $0 + $1.count },
                                 population: known.reduce(0) { $0 + ($1.population ?? 0) },
                                 areasWithoutPopulation: areas.count - known.count)
    }

    /// Whether a rate is below `fraction` of the benchmark. Nothing is thin beside a benchmark
    /// of nothing (no such asset anywhere), and an area with no rate is "No data", not thin.
    public static func isThin(_ rate: Double?, benchmark: Double?, fraction: Double = thinFraction) -> Bool {
        guard let rate, let benchmark, benchmark > 0 else { return false }
        return rate < benchmark * fraction
    }

    /// The imported census tables that give usual residents by ward, most preferred first:
    /// tables published for wards or for LSOAs (which nest in wards and add up to them; MSOAs
    /// don't nest and a district is one figure), whose total is all usual residents (not, as
    /// TS029's, residents aged 3 and over). TS021 first, as the profile pages use it, then the
    /// age tables, then any other; a ward table before an LSOA one, as published beats summed.
    public static func populationTables(in tables: [CensusTableDefinition]) -> [CensusTableDefinition] {
        let preferred = ["TS021", "TS007A", "TS007", "TS001", "TS030", "TS004", "TS012"]
        func rank(_ table: CensusTableDefinition) -> (Int, Int, String) {
            (preferred.firstIndex(of: table.key.uppercased()) ?? preferred.count, table.level == .ward ? 0 : 1, table.key)
        }
        return tables.filter { table in
            [.ward, .lsoa].contains(table.level) && table.categories.contains { $0.isTotal && isAllUsualResidents($0.name) }
        }.sorted { rank($0) < rank($1) }
    }

    /// "All usual residents", as ONS names a whole-population total, in any case.
    static func isAllUsualResidents(_ name: String) -> Bool {
        name.trimmingCharacters(in: .whitespaces).lowercased() == "all usual residents"
    }
}
