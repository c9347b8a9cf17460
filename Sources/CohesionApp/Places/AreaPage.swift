import CohesionCore
import Foundation

/// What the area profile page (`places/show`) shows, made from an `AreaProfile`. Each wording
/// and number format is a small function of the Core value, so the page can move from Leaf to
/// typed Swift HTML without touching the figures.
struct AreaPage: Encodable {
    struct CensusRow: Encodable { let name: String; let count: String; let percentage: String; let comparisons: [String] }
    struct CensusSection: Encodable {
        let key: String; let topic: String; let total: String; let chart: String; let note: String?
        /// The larger areas this one is compared with, as column headings ("Walsall").
        let comparedWith: [String]
        let rows: [CensusRow]
    }
    let area: AreaDetailDTO
    let kindLabel: String
    let childHeading: String?
    let census: [CensusSection]
    let censusSource: String
    let diversity: String?
    let comparedWith: String?
    /// Tables ONS publishes only for larger areas, named with where to find them.
    let elsewhere: String?
    let elsewhereCode: String?
    /// Usual residents on census day, from the first table that covers the whole population
    /// (TS021 when imported), with where it comes from.
    let population: String?

    init(_ profile: AreaProfile) {
        area = AreaDetailDTO(profile.area, ancestors: profile.ancestors, children: profile.children)
        kindLabel = profile.area.kind.label
        childHeading = profile.children.isEmpty ? nil : Self.childHeading(profile.area.kind)
        census = profile.tables.map { Self.section($0, of: profile.area) }
        censusSource = CensusQueries.source
        diversity = profile.diversity.map { Self.diversitySentence($0, of: profile.area) }
        comparedWith = profile.comparedWith.isEmpty ? nil : profile.comparedWith.map(\.name).joined(separator: " and ")
        elsewhere = profile.tablesOnlyForLargerAreas.isEmpty ? nil : profile.tablesOnlyForLargerAreas.map(\.topic).joined(separator: ", ")
        elsewhereCode = profile.ancestors.first { $0.kind == .district }?.code
        population = Self.population(profile)
    }

    static func breadcrumbs(_ profile: AreaProfile) -> [LayoutContext.Crumb] {
        [.init(href: "/", label: "Home"), .init(href: "/areas", label: "Areas")]
            + profile.ancestors.reversed().map { .init(href: "/areas/" + $0.code, label: $0.name) }
    }

    static func childHeading(_ kind: AreaKind) -> String? {
        switch kind {
        case .district: "Localities and wards"
        case .locality: "Wards in this locality"
        case .ward: "Neighbourhoods (LSOAs) in this ward"
        default: nil
        }
    }

    static func section(_ table: AreaProfile.Table, of area: AreaProfile.Place) -> CensusSection {
        CensusSection(
            key: table.key, topic: table.topic, total: DisplayFormat.count(table.total),
            chart: BarChart(title: "\(table.topic), \(area.name), Census 2021",
                            bars: table.categories.map { .init(label: $0.name, count: $0.count, percentage: $0.percentage) }).svg(),
            note: note(table, of: area),
            comparedWith: table.comparisons.map(\.area.name),
            rows: table.categories.enumerated().map { i, category in
                CensusRow(name: category.name, count: DisplayFormat.count(category.count), percentage: percent(category.percentage),
                          comparisons: table.comparisons.map { percent($0.percentages[i]) })
            })
    }

    /// How the figures were made, when they are not ONS's own figures for this area.
    static func note(_ table: AreaProfile.Table, of area: AreaProfile.Place) -> String? {
        if table.estimated {
            return "Estimated: ONS publishes this table for MSOAs, which cross ward boundaries. Each MSOA's figures are shared among its LSOAs by population and the shares inside this area added up."
        }
        return table.publishedLevel == area.kind ? nil
            : "Sum of the \(table.publishedLevel.rawValue.uppercased()) figures inside this area; ONS perturbs each small-area figure slightly."
    }

    static func diversitySentence(_ diversity: AreaProfile.Diversity, of area: AreaProfile.Place) -> String {
        "\(String(format: "%.2f", diversity.index)): the chance that two residents picked at random belong to different broad ethnic groups. "
            + "\(area.name) is \(ordinal(diversity.rank)) most diverse of \(diversity.of) wards."
    }

    /// From the first table counted over every resident, TS021 when there.
    static func population(_ profile: AreaProfile) -> String? {
        let everyone = profile.tables.filter { !$0.estimated && ["TS021", "TS030", "TS004", "TS007A", "TS012"].contains($0.key) }
        guard let table = everyone.first(where: { $0.key == "TS021" }) ?? everyone.first else { return nil }
        return "\(DisplayFormat.count(table.total)) (Census 2021, \(table.key) \(table.topic.lowercased()))"
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0) } ?? "—" }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return n == 1 ? "the" : "the \(n)\(suffix)"
    }
}
