/// Everything an area's profile shows: the area with its ancestors and children, and for each
/// Census 2021 table its counts and shares, the same shares in the larger areas it is compared
/// with (its locality and the district), and for a ward its ethnic diversity rank.
///
/// Built in one go from plain rows (the council's areas, its tables, their counts), so that a
/// page costs a few queries whatever the number of tables, wards or LSOAs, and the arithmetic is
/// tested here without a database.
public struct AreaProfile: Sendable, Equatable {
    public typealias Place = AreaHierarchy.Place

    public let area: Place
    /// Parent, grandparent and so on, nearest first.
    public let ancestors: [Place]
    public let children: [Place]
    /// The larger areas whose shares sit beside this one's: its locality and district, nearest first.
    public let comparedWith: [Place]
    public let tables: [Table]
    /// Tables the last compared area (the district) has and this area has not: ONS publishes
    /// them only for larger areas.
    public let tablesOnlyForLargerAreas: [TableHeading]
    /// For a ward, when TS021 is published for wards or LSOAs.
    public let diversity: Diversity?

    public struct TableHeading: Sendable, Hashable {
        public let key: String
        public let topic: String
    }

    public struct Table: Sendable, Hashable {
        public let key: String
        public let topic: String
        /// The geography the figures were published for; larger areas are sums of these.
        public let publishedLevel: AreaKind
        /// Estimated from areas that cross this one's boundary (MSOAs shared among wards by
        /// LSOA population) rather than added up.
        public let estimated: Bool
        public let total: Int
        /// The top-level categories, in the table's order.
        public let categories: [Category]
        /// The same table in each compared area that has it, nearest first.
        public let comparisons: [Comparison]
    }

    public struct Category: Sendable, Hashable {
        public let name: String
        /// The category's place in the table's hierarchy, "Asian, Asian British or Asian Welsh: Indian".
        public let path: String
        public let count: Int
        /// Per cent of the table's total, to one decimal place; nil when the total is zero.
        public let percentage: Double?
    }

    public struct Comparison: Sendable, Hashable {
        public let area: Place
        /// One per category of the table, matched by path; nil where the compared area has no
        /// such category or a zero total.
        public let percentages: [Double?]
    }

    public struct Diversity: Sendable, Hashable {
        /// The chance that two residents picked at random belong to different broad ethnic
        /// groups, to three decimal places.
        public let index: Double
        /// 1 is the most diverse ward.
        public let rank: Int
        /// The number of wards ranked.
        public let of: Int
    }
}

// MARK: - Inputs

/// A census table as stored: its categories in position order.
public struct CensusTableDefinition: Sendable, Hashable {
    public struct Category: Sendable, Hashable {
        public let position: Int
        public let name: String
        public let path: String
        public let depth: Int
        public let isTotal: Bool

        public init(position: Int, name: String, path: String, depth: Int, isTotal: Bool) {
            self.position = position
            self.name = name
            self.path = path
            self.depth = depth
            self.isTotal = isTotal
        }
    }

    public let key: String
    public let topic: String
    /// The geography ONS published it for.
    public let level: AreaKind
    public let categories: [Category]

    public init(key: String, topic: String, level: AreaKind, categories: [Category]) {
        self.key = key
        self.topic = topic
        self.level = level
        self.categories = categories
    }
}

/// Counts by table key, then by the area they are counted at, then by category position.
///
/// An area's figure is the sum of the counts at it and at the areas inside it, so the counts may
/// be the published ones (a row per LSOA) or already added up to a larger area (a row per ward
/// holding the sum of its LSOAs): both give the same profile.
public typealias CensusCounts = [String: [String: [Int: Int]]]

// MARK: - Building

extension AreaProfile {
    /// The profile of the area `code`, or nil when the council has no such area.
    ///
    /// - Parameters:
    ///   - tables: in the order the profile lists them.
    ///   - counts: every table's counts at the council's areas (see `CensusCounts`).
    ///   - lsoaPopulation: usual residents of each LSOA, the weights for sharing an MSOA's
    ///     figures among its LSOAs; an LSOA missing from it weighs 1.
    public init?(code: String, hierarchy: AreaHierarchy, tables: [CensusTableDefinition], counts: CensusCounts,
                 lsoaPopulation: [String: Double] = [:]) {
        guard let area = hierarchy.place(code) else { return nil }
        let figures = AreaFigures(hierarchy: hierarchy, counts: counts, lsoaPopulation: lsoaPopulation)
        let compared = Self.comparedAreas(of: area, in: hierarchy)
        let own = tables.compactMap { figures.table($0, for: area) }
        let others = compared.map { place in (place, tables.compactMap { figures.table($0, for: place) }) }
        let shown = Set(own.map(\.key))
        self.area = area
        ancestors = hierarchy.ancestors(of: code)
        children = hierarchy.children(of: code)
        comparedWith = compared
        self.tables = own.map { table in
            table.comparing(with: others.compactMap { place, tables in tables.first { $0.key == table.key }.map { (place, $0) } })
        }
        tablesOnlyForLargerAreas = others.last?.1.filter { !shown.contains($0.key) }.map { TableHeading(key: $0.key, topic: $0.topic) } ?? []
        diversity = area.kind == .ward ? figures.diversity(of: area, tables: tables) : nil
    }

    /// The larger areas a profile is compared with: the locality and district it lies in.
    public static func comparedAreas(of area: Place, in hierarchy: AreaHierarchy) -> [Place] {
        hierarchy.ancestors(of: area.code).filter { [.locality, .district].contains($0.kind) }
    }

    /// Whether the profile of `area` shares MSOA figures among LSOAs (for itself or a compared
    /// area), so that the LSOAs' populations are worth loading.
    public static func needsLSOAPopulation(_ area: Place, in hierarchy: AreaHierarchy, tables: [CensusTableDefinition]) -> Bool {
        tables.contains { $0.level == .msoa } && ([area] + comparedAreas(of: area, in: hierarchy)).contains(where: AreaFigures.isEstimatedFromMSOAs)
    }
}

/// The arithmetic: adding counts up to an area, MSOA estimates, totals, shares, diversity.
struct AreaFigures {
    let hierarchy: AreaHierarchy
    let counts: CensusCounts
    let lsoaPopulation: [String: Double]

    /// Wards and localities cut across MSOAs, so their MSOA figures are estimates.
    static func isEstimatedFromMSOAs(_ area: AreaProfile.Place) -> Bool { [.ward, .locality].contains(area.kind) }

    /// The table for `area`, or nil when no published area of the table lies inside it.
    func table(_ table: CensusTableDefinition, for area: AreaProfile.Place) -> AreaProfile.Table? {
        let estimated = table.level == .msoa && Self.isEstimatedFromMSOAs(area)
        guard let sums = estimated ? estimateFromMSOAs(table, for: area) : sum(table, inside: area) else { return nil }
        let total = table.categories.first(where: \.isTotal).map { sums[$0.position] ?? 0 }
            ?? table.categories.filter { $0.depth == 1 }.reduce(0) { $0 + (sums[$1.position] ?? 0) }
        let shown = table.categories.filter { !$0.isTotal && $0.depth == 1 }
        return AreaProfile.Table(
            key: table.key, topic: table.topic, publishedLevel: table.level, estimated: estimated, total: total,
            categories: shown.map { category in
                let count = sums[category.position] ?? 0
                return .init(name: category.name, path: category.path, count: count, percentage: Self.percentage(count, of: total))
            },
            comparisons: [])
    }

    /// Per cent to one decimal place, as ONS tables show shares.
    static func percentage(_ count: Int, of total: Int) -> Double? {
        total > 0 ? (Double(count) / Double(total) * 1000).rounded() / 10 : nil
    }

    /// The counts at `area` and at every area inside it, added up; nil when there are none.
    func sum(_ table: CensusTableDefinition, inside area: AreaProfile.Place) -> [Int: Int]? {
        var sums: [Int: Int]?
        for (code, values) in counts[table.key] ?? [:] where hierarchy.contains(area, code) {
            sums = (sums ?? [:]).merging(values, uniquingKeysWith: +)
        }
        return sums
    }

    /// An MSOA table for a ward or locality: each MSOA's counts shared among its LSOAs by
    /// population, the shares of the LSOAs inside added up. Nil when no LSOA lies inside.
    func estimateFromMSOAs(_ table: CensusTableDefinition, for area: AreaProfile.Place) -> [Int: Int]? {
        let lsoas = hierarchy.places.filter { $0.kind == .lsoa }
        let inside = Set(lsoas.filter { hierarchy.contains(area, $0.code) }.map(\.code))
        guard !inside.isEmpty else { return nil }
        // ONS names each LSOA after its MSOA, which links the two without a lookup file.
        let msoaByName = Dictionary(hierarchy.places.filter { $0.kind == .msoa }.map { ($0.name.lowercased(), $0.code) },
                                    uniquingKeysWith: { first, _ in first })
        let parts = lsoas.compactMap { lsoa in
            CensusApportionment.msoaName(ofLSOANamed: lsoa.name).flatMap { msoaByName[$0.lowercased()] }.map {
                CensusApportionment.Part(publishedArea: $0, weight: lsoaPopulation[lsoa.code] ?? 1, inside: inside.contains(lsoa.code))
            }
        }
        let width = table.categories.count
        let published = (counts[table.key] ?? [:]).mapValues { values in
            (0..<width).map { values[$0] ?? 0 }
        }
        let estimate = CensusApportionment.estimate(parts: parts, publishedValues: published, categories: width)
        return Dictionary(uniqueKeysWithValues: estimate.enumerated().map { ($0, $1) })
    }

    /// The ward's ethnic diversity index from TS021's broad groups and its rank among the
    /// council's wards, when TS021 is published for wards or LSOAs.
    func diversity(of ward: AreaProfile.Place, tables: [CensusTableDefinition]) -> AreaProfile.Diversity? {
        guard let table = tables.first(where: { $0.key == "TS021" }), [.lsoa, .ward].contains(table.level) else { return nil }
        let groups = table.categories.filter { $0.depth == 1 && !$0.isTotal }.map(\.position)
        var byWard: [String: [Int: Int]] = [:]
        for (code, values) in counts[table.key] ?? [:] {
            guard let wardCode = hierarchy.nearest(.ward, from: code)?.code else { continue }
            byWard[wardCode, default: [:]].merge(values, uniquingKeysWith: +)
        }
        let indices = byWard.compactMapValues { counts in EthnicDiversity.index(counts: groups.map { counts[$0] ?? 0 }) }
        let ranking = EthnicDiversity.ranking(indices)
        guard let mine = ranking.first(where: { $0.area == ward.code }) else { return nil }
        return .init(index: (mine.index * 1000).rounded() / 1000, rank: mine.rank, of: ranking.count)
    }
}

extension AreaProfile.Table {
    /// This table with the shares of the same categories in other areas' tables.
    func comparing(with others: [(AreaProfile.Place, AreaProfile.Table)]) -> Self {
        .init(key: key, topic: topic, publishedLevel: publishedLevel, estimated: estimated, total: total, categories: categories,
              comparisons: others.map { place, other in
                  .init(area: place, percentages: categories.map { category in
                      other.categories.first { $0.path == category.path }?.percentage
                  })
              })
    }
}
