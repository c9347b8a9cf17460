import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The gaps page's figures, apart from HTTP: published assets per ward and category against each
/// ward's usual residents from the imported Census 2021 tables.
///
/// The counts are of published assets that are not people, which anyone can already count in
/// the public directory, so they need no disclosure control: suppressing small counts protects
/// people, and these cells count halls and groups, never residents. Individuals (personal data,
/// never public), drafts and archived assets are left out.
enum AssetGaps {
    /// One column of the table: a category, or every public one together.
    enum Column: Hashable, Sendable {
        case all
        case category(AssetCategory)

        static let every: [Column] = AssetCategory.allCases.filter(\.mayBePublic).map { .category($0) } + [.all]

        var label: String {
            switch self {
            case .all: "All kinds"
            case .category(let category): category.label
            }
        }

        var category: AssetCategory? { if case .category(let c) = self { c } else { nil } }
    }

    /// Where the residents came from: the table, and whether the figures were published for
    /// wards or added up from the LSOAs in each ward.
    struct PopulationSource: Sendable {
        let key: String
        let topic: String
        let level: AreaKind
    }

    struct Figures: Sendable {
        let wards: [AssetQueries.Ward]
        let localities: [AssetQueries.Locality]
        /// Published, non-individual assets by ward code and category.
        let counts: [String: [AssetCategory: Int]]
        /// Such assets with no ward (no postcode, point or ward was given).
        let withoutWard: Int
        /// Usual residents by ward code; empty without a census table that covers wards.
        let population: [String: Int]
        let source: PopulationSource?

        func provision(ward code: String, _ column: Column) -> Provision {
            let byCategory = counts[code] ?? [:]
            let count = column.category.map { byCategory[$0] ?? 0 } ?? byCategory.values.reduce(0, +)
            return Provision(count: count, population: population[code])
        }

        func combined(_ wards: [AssetQueries.Ward], _ column: Column) -> CombinedProvision {
            ProvisionArithmetic.combined(wards.map { provision(ward: $0.code, column) })
        }
    }

    /// Five statements whatever the number of wards: wards, localities, the counts (one GROUP
    /// BY), the census tables, and the chosen table's totals.
    static func load(_ tenant: TenantScope) async throws -> Figures {
        let (counts, withoutWard) = try await publicCounts(tenant)
        let population = try await wardPopulation(tenant)
        return Figures(wards: try await AssetQueries.wards(tenant), localities: try await AssetQueries.localities(tenant),
                       counts: counts, withoutWard: withoutWard, population: population?.byWard ?? [:], source: population?.source)
    }

    /// Published assets that aren't people, by ward and category: one GROUP BY.
    static func publicCounts(_ tenant: TenantScope) async throws -> (byWard: [String: [AssetCategory: Int]], withoutWard: Int) {
        struct Row: Decodable { let ward_code: String?; let category: String; let n: Int }
        let rows = try await tenant.select(from: Asset.schema).column("ward_code").column("category")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .where("status", .equal, AssetStatus.published.rawValue)
            .where("category", .notEqual, AssetCategory.individuals.rawValue)
            .groupBy("ward_code").groupBy("category").all(decoding: Row.self)
        var byWard: [String: [AssetCategory: Int]] = [:]
        var withoutWard = 0
        for row in rows {
            guard let category = AssetCategory(rawValue: row.category) else { continue }
            if let ward = row.ward_code, !ward.isEmpty { byWard[ward, default: [:]][category, default: 0] += row.n } else { withoutWard += row.n }
        }
        return (byWard, withoutWard)
    }

    /// Usual residents by ward from the most suitable imported table
    /// (`ProvisionArithmetic.populationTables`), or nil when none covers wards.
    static func wardPopulation(_ tenant: TenantScope) async throws -> (source: PopulationSource, byWard: [String: Int])? {
        let stored = try await AreaProfileQuery.tables(tenant)
        guard let chosen = ProvisionArithmetic.populationTables(in: stored.map(\.definition)).first,
              let table = stored.first(where: { $0.definition == chosen }),
              let total = chosen.categories.first(where: \.isTotal) else { return nil }
        var byWard: [String: Int] = [:]
        if chosen.level == .ward {
            for row in try await tenant.select(from: "census_values").columns("area_code", "position", "value")
                .where("table_id", .equal, SQLBind(table.id)).where("position", .equal, SQLBind(total.position))
                .all(decoding: CensusQueries.ValueRow.self) {
                byWard[row.area_code] = Int(row.value)
            }
        } else {
            // LSOAs added up into their wards by the database, as the area profiles do.
            for row in try await CensusQueries.countsSummedToWards(tenant, table: table.id) where row.position == total.position {
                byWard[row.counted_at] = Int(row.value)
            }
        }
        return (PopulationSource(key: chosen.key, topic: chosen.topic, level: chosen.level), byWard)
    }

    /// The table for one locality: a row per ward, the locality's total and the council's.
    struct Table: Sendable {
        struct Row: Sendable {
            let code: String
            let name: String
            let population: Int?
            let cells: [Column: Provision]
        }

        let locality: AssetQueries.Locality
        let rows: [Row]
        let localityTotal: [Column: CombinedProvision]
        /// Every ward of the council: the benchmark a ward's rate is compared with.
        let councilTotal: [Column: CombinedProvision]
        let hasPopulation: Bool

        func isThin(_ rate: Double?, _ column: Column) -> Bool {
            ProvisionArithmetic.isThin(rate, benchmark: councilTotal[column]?.rate)
        }

        /// The locality's wards whose rate for the column is under half the council's, lowest first.
        func thinWards(_ column: Column) -> [Row] {
            rows.filter { isThin($0.cells[column]?.rate, column) }
                .sorted { ($0.cells[column]?.rate ?? 0, $0.name) < ($1.cells[column]?.rate ?? 0, $1.name) }
        }
    }

    static func table(_ figures: Figures, locality: AssetQueries.Locality) -> Table {
        let wards = figures.wards.filter { $0.localityID == locality.id }
        func totals(_ wards: [AssetQueries.Ward]) -> [Column: CombinedProvision] {
            Dictionary(uniqueKeysWithValues: Column.every.map { ($0, figures.combined(wards, $0)) })
        }
        return Table(
            locality: locality,
            rows: wards.map { ward in
                Table.Row(code: ward.code, name: ward.name, population: figures.population[ward.code],
                          cells: Dictionary(uniqueKeysWithValues: Column.every.map { ($0, figures.provision(ward: ward.code, $0)) }))
            },
            localityTotal: totals(wards), councilTotal: totals(figures.wards), hasPopulation: !figures.population.isEmpty)
    }
}

/// What "who could host this?" asks: how many people, which accessibility features (all of
/// them), where (a locality or a ward) and when (a weekday, and a window that the weekly
/// opening hours must cover from start to end). Read from the query string and checked; a
/// problem is added to `errors` under the field's name and that filter is left out.
struct HostFilter: Sendable {
    static let capacities = 1...100_000
    static let perPage = 20

    var capacityText = ""
    var capacity: Int?
    var access: [AccessibilityFeature] = []
    var locality = ""
    var ward = ""
    var dayText = ""
    var day: Weekday?
    var fromText = ""
    var toText = ""
    var from: LocalTime?
    var to: LocalTime?
    var paging = PageRequest(page: 1, per: perPage)

    var isFiltered: Bool { capacity != nil || !access.isEmpty || !locality.isEmpty || !ward.isEmpty || day != nil }

    init() {}

    init(query: SubmittedForm, localities: [AssetQueries.Locality], wards: [AssetQueries.Ward], errors: inout FormErrors) {
        capacityText = String(query["capacity"].prefix(20))
        if !capacityText.isEmpty {
            let digits = capacityText.replacingOccurrences(of: ",", with: "")
            if let number = QueryNumber.integer(digits), Self.capacities.contains(number) {
                capacity = number
            } else if QueryNumber.integer(digits) != nil {
                errors.add("capacity", "The number of people must be between 1 and 100,000")
            } else {
                errors.add("capacity", "Enter the number of people as a whole number, like 30")
            }
        }
        for raw in query.list("access") {
            if let feature = AccessibilityFeature(rawValue: raw) { if !access.contains(feature) { access.append(feature) } }
            else { errors.add("access", "Select accessibility features from the list") }
        }
        locality = query["locality"]
        if !locality.isEmpty, !localities.contains(where: { $0.code == locality }) {
            errors.add("locality", "Select a locality from the list")
            locality = ""
        }
        ward = query["ward"]
        if !ward.isEmpty, !wards.contains(where: { $0.code == ward }) {
            errors.add("ward", "Select a ward from the list")
            ward = ""
        }
        readWhen(query, errors: &errors)
        paging = DirectoryFilter.pagePaging(query, per: Self.perPage)
    }

    private mutating func readWhen(_ query: SubmittedForm, errors: inout FormErrors) {
        dayText = query["day"]
        if !dayText.isEmpty {
            day = Weekday.allCases.first { $0.label.lowercased() == dayText.lowercased() }
            if day == nil { errors.add("day", "Select a day from the list") }
        }
        fromText = String(query["from"].prefix(20))
        toText = String(query["to"].prefix(20))
        let clock = "as hours and minutes on the 24-hour clock"
        if !fromText.isEmpty {
            from = LocalTime(text: fromText)
            if from == nil { errors.add("from", "Enter the start time \(clock), like 09:30") }
            else if from == .endOfDay { errors.add("from", "The start time must be before 24:00"); from = nil }
        }
        if !toText.isEmpty {
            to = LocalTime(text: toText)
            if to == nil { errors.add("to", "Enter the end time \(clock), like 17:00") }
        }
        if let from, let to, to <= from { errors.add("to", "The end time must be after the start time") }
        if fromText.isEmpty, !toText.isEmpty { errors.add("from", "Enter a start time, or leave both times empty") }
        if !fromText.isEmpty, toText.isEmpty { errors.add("to", "Enter an end time, or leave both times empty") }
        if (!fromText.isEmpty || !toText.isEmpty), dayText.isEmpty { errors.add("day", "Select the day you need the space on") }
        // A window that can't be checked is dropped whole, rather than checked in part.
        if errors["from"] != nil || errors["to"] != nil || errors["day"] != nil { from = nil; to = nil }
    }

    /// The filters as they go back into links, with the repeated `access` values.
    var queryPairs: [(String, String)] {
        var pairs: [(String, String)] = []
        if let capacity { pairs.append(("capacity", String(capacity))) }
        pairs += access.map { ("access", $0.rawValue) }
        if !locality.isEmpty { pairs.append(("locality", locality)) }
        if !ward.isEmpty { pairs.append(("ward", ward)) }
        if let day { pairs.append(("day", day.label.lowercased())) }
        if let from, let to { pairs += [("from", from.text), ("to", to.text)] }
        return pairs
    }
}

extension AssetGaps {
    /// One page of the places that could host, and how many there are in all.
    struct Hosts: Sendable {
        let items: [AssetDetails]
        let total: Int
    }

    /// Spaces (and anything else with a recorded capacity) in any status but archived, never a
    /// person; the smallest that holds enough first, those without a recorded capacity last,
    /// then by name. From the council's `DirectoryIndex`, as the directory's searches are.
    static func hosts(_ filter: HostFilter, localities: [AssetQueries.Locality], index: DirectoryIndex, tenant: TenantScope) async throws -> Hosts {
        var search = DirectoryFilter()
        search.access = filter.access
        search.locality = filter.locality
        search.ward = filter.ward
        var rows = try await DirectoryQuery.matching(search, scope: .register(includeIndividuals: false, localityForIndividuals: nil, status: nil),
                                                     index: index, tenant: tenant, localities: localities).filter { row in
            row.status != .archived && (row.category == .physicalSpaces || row.capacity != nil)
                && (filter.capacity.map { needed in row.capacity.map { $0 >= needed } ?? false } ?? true)
        }
        if let day = filter.day {
            rows = rows.filter { row in
                guard let times = row.openingTimes else { return false }
                if let from = filter.from, let to = filter.to { return times.isOpen(on: day, from: from, to: to) }
                return times.isOpen(on: day)
            }
        }
        rows.sort { a, b in
            switch (a.capacity, b.capacity) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return DirectoryIndex.nameOrder(a, b)
            }
        }
        let page = rows.dropFirst(filter.paging.offset).prefix(filter.paging.per).map(\.id)
        let assets = try await index.assets(Array(page), tenant: tenant)
        return Hosts(items: try await AssetDetails.load(assets, tenant: tenant), total: rows.count)
    }
}
