import CohesionCore
import Foundation

/// An area's profile page (`/areas/{code}`), made from an `AreaProfile`: the model is the
/// properties, each wording and number format a small function of the Core value; `body` is the view.
struct AreaPage: Page {
    struct CensusRow: Sendable { let name: String; let count: String; let percentage: String; let comparisons: [String] }
    struct CensusSection: Sendable {
        /// The bar chart, drawn by CohesionCore's BarChart (which escapes its labels).
        let key: String; let topic: String; let total: String; let chart: HTML; let note: String?
        /// The larger areas this one is compared with, as column headings ("Walsall").
        let comparedWith: [String]
        let rows: [CensusRow]
    }
    let area: AreaDetailDTO
    let ancestorsNearestLast: [AreaDTO]
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
        ancestorsNearestLast = area.ancestors.reversed()
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

    var title: String { area.name }

    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Home", link: PlatformRoutes.home.path), .init(label: "Areas", link: Places.Routes.areas.path)]
            + ancestorsNearestLast.map { .init(label: $0.name, link: Self.link($0.code)) }
    }

    static func link(_ code: String) -> SitePath { Places.Routes.area.path(AreaCode(code)) }

    func body(_ context: PageContext) -> HTML {
        PageHeading(area.name, caption: kindLabel)
        SummaryList([SummaryRow(key: area.kind == AreaKind.locality.rawValue ? "Council code" : "ONS code", value: area.code)]
            + (population.map { [SummaryRow(key: "Usual residents", value: $0)] } ?? [])
            + area.ancestors.map { ancestor in
                SummaryRow(key: ancestor.kind == AreaKind.district.rawValue ? "District" : ancestor.kind == AreaKind.locality.rawValue ? "Locality" : "Part of",
                           value: ancestor.name, link: Self.link(ancestor.code))
            })
        if let childHeading {
            H2(.class("govuk-heading-m")) { Text(childHeading) }
            Ul(.class("govuk-list govuk-list--bullet")) {
                for child in area.children {
                    Li {
                        TextLink(child.name, to: Self.link(child.code))
                        " (\(child.code))"
                    }
                }
            }
        }
        if !census.isEmpty { censusSections }
    }

    var censusSections: HTML {
        HTML.joined([
            H2(.class("govuk-heading-l govuk-!-margin-top-6")) { "Census 2021" }.html,
            Paragraph("Residents counted by the Census held on 21 March 2021." + (comparedWith.map { " Shares are compared with \($0)." } ?? "")).html,
            diversity.map { sentence in
                Div(.class("govuk-inset-text")) {
                    Strong { "Ethnic diversity index" }
                    " "
                    Text(sentence)
                }.html
            } ?? .empty,
            HTML.joined(census.map(Self.section)),
            elsewhere.map { topics in
                Paragraph {
                    "ONS publishes some tables only for larger areas: \(topics). See them on the "
                    if let code = elsewhereCode { TextLink("district's profile", to: Self.link(code)) } else { "district's profile" }
                    "."
                }.html
            } ?? .empty,
            Paragraph(censusSource, size: "s").html,
        ])
    }

    static func section(_ section: CensusSection) -> HTML {
        HTML.joined([
            H3(.class("govuk-heading-m")) { Text(section.topic) }.html,
            section.note.map { Paragraph($0, size: "s").html } ?? .empty,
            Div(.class("app-chart")) { section.chart }.html,
            DataTable(caption: "\(section.topic): usual residents by category (\(section.total) in all)", captionVisible: true, captionSize: "s",
                      columns: [.init("Category"), .init("Residents", numeric: true), .init("Share", numeric: true)]
                        + section.comparedWith.map { .init("Share in \($0)", numeric: true) }) {
                for row in section.rows {
                    TableRow {
                        RowHeader(row.name)
                        Cell(row.count, numeric: true)
                        Cell(row.percentage, numeric: true)
                        for share in row.comparisons { Cell(share, numeric: true) }
                    }
                }
            }.html,
        ])
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
            chart: .trusted(BarChart(title: "\(table.topic), \(area.name), Census 2021",
                                     bars: table.categories.map { .init(label: $0.name, count: $0.count, percentage: $0.percentage) }).svg()),
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
