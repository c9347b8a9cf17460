import CohesionCore
import Foundation

/// `/assets/gaps`: for one locality, published assets per 1,000 residents by ward and kind, as
/// a table and a ward map, with thin provision (under half the council's rate) tagged.
struct AssetGapsPage: Page {
    let councilName: String
    let localities: [AssetQueries.Locality]
    let locality: AssetQueries.Locality?
    let column: AssetGaps.Column
    let table: AssetGaps.Table?
    let map: WardMapView?
    let source: AssetGaps.PopulationSource?
    let withoutWard: Int
    let errors: FormErrors

    var title: String { "Gaps in what communities have" }
    /// Two decimals: a few dozen assets over a ward of 16,000 residents is a fraction of one per
    /// 1,000, and one decimal would show most wards alike as 0.1.
    static let rateFormat = ValueFormat(decimals: 2)
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    var fields: [FormField] {
        func option(_ value: String, _ label: String, _ current: String) -> FormField.Option { .init(value: value, label: label, selected: value == current) }
        let category = column.category?.rawValue ?? "all"
        return [
            FormField(name: "locality", label: "Locality", kind: .select, value: locality?.code ?? "",
                      options: localities.map { option($0.code, $0.name, locality?.code ?? "") }),
            FormField(name: "category", label: "Kind of asset", kind: .select, value: category,
                      options: [option("all", "All kinds", category)]
                        + AssetCategory.allCases.filter(\.mayBePublic).map { option($0.rawValue, $0.label, category) }),
        ].map { $0.with(errors: errors) }
    }

    func body(_ context: PageContext) -> HTML {
        ErrorSummary(errors)
        PageHeading(title)
        TwoThirds {
            Paragraph("How many assets each ward has for every 1,000 people who live there, so that wards with little stand out. "
                + "Counted: published assets in the public directory. Not counted: drafts, archived assets, and people's skills (individuals), which are never public.")
        }
        if localities.isEmpty {
            Paragraph("No localities are set up yet, so there is nothing to compare. Localities group the council's wards; an administrator sets them up under Places.")
        } else {
            GetForm(to: Assets.Routes.gaps.path) {
                Div(.class("govuk-grid-row")) {
                    for field in fields { Div(.class("govuk-grid-column-one-third")) { FormFieldGroup(field) } }
                }
                SubmitButton("Show", secondary: true)
            }
            if let table { figures(table) }
        }
    }

    @HTMLBuilder func figures(_ table: AssetGaps.Table) -> HTML {
        if !table.hasPopulation {
            Div(.class("govuk-warning-text")) {
                Span(.class("govuk-warning-text__icon"), .aria("hidden", "true")) { "!" }
                Strong(.class("govuk-warning-text__text")) {
                    Span(.class("govuk-visually-hidden")) { "Warning" }
                    "No Census 2021 population figures for wards have been imported, so assets per 1,000 residents can't be worked out. "
                    "The counts are shown instead. An administrator can import a Census table for wards or LSOAs (TS021 ethnic group is best) on the data imports page."
                }
            }
        } else {
            summary(table)
        }
        H2(.class("govuk-heading-m")) { Text("\(table.locality.name) by ward") }
        DataTable(caption: table.hasPopulation ? "Assets per 1,000 residents in \(table.locality.name), by ward and kind, with the number of assets in brackets"
                    : "Number of assets in \(table.locality.name), by ward and kind",
                  captionVisible: true, captionSize: "s",
                  columns: [.init("Ward"), .init("Residents", numeric: true)] + AssetGaps.Column.every.map { .init($0.label, numeric: true) }) {
            for row in table.rows {
                TableRow {
                    RowHeader(row.name)
                    Cell(row.population.map(DisplayFormat.count) ?? "No data", numeric: true)
                    for column in AssetGaps.Column.every { cell(row.cells[column], column: column, table: table) }
                }
            }
            total("\(table.locality.name) (all its wards)", table.localityTotal, hasPopulation: table.hasPopulation)
            total("All wards in \(councilName)", table.councilTotal, hasPopulation: table.hasPopulation)
        }
        if table.hasPopulation {
            Paragraph(size: "s") {
                "Thin: fewer than half the rate for all wards in the council for that kind. No data: the census has no figure for the ward. "
                "A locality's or the council's rate counts only the wards that have a figure."
            }
        }
        if withoutWard > 0 {
            Paragraph(size: "s") { Text("\(DisplayFormat.count(withoutWard, "published asset")) with no ward (no postcode, point or ward recorded) \(withoutWard == 1 ? "is" : "are") not counted in any ward.") }
        }
        if let map {
            H2(.class("govuk-heading-m")) { Text("\(column.label) per 1,000 residents on the map") }
            if let notice = map.notice { Div(.class("govuk-inset-text")) { Text(notice) } }
            ChoroplethFigure(svg: map.svg, legend: map.legend,
                             caption: "\(column.label) per 1,000 residents in each ward of \(table.locality.name): darker shades have more. Hatched wards have no population figure. Select or focus a ward to see its name and rate. The table above gives the same figures.")
        }
        if let source {
            Paragraph(size: "s") {
                Text("Residents: all usual residents on census day, 21 March 2021, from Census 2021 table \(source.key) (\(source.topic)), "
                     + (source.level == .ward ? "as published for wards." : "added up from the LSOAs in each ward."))
            }
            Paragraph(size: "s") { Text(CensusQueries.source) }
        }
    }

    /// The selected kind's thinnest wards, in words, before the table.
    @HTMLBuilder func summary(_ table: AssetGaps.Table) -> HTML {
        let thin = table.thinWards(column)
        let councilRate = table.councilTotal[column]?.rate
        let kind = column == .all ? "assets of all kinds" : column.label.lowercased()
        Div(.class("govuk-inset-text")) {
            if let councilRate {
                P(.class("govuk-body")) { Text("Across all wards in \(councilName): \(AssetGapsPage.rateFormat.string(councilRate)) \(kind) per 1,000 residents.") }
            }
            if thin.isEmpty {
                P(.class("govuk-body")) { Text("No ward in \(table.locality.name) has fewer than half that rate.") }
            } else {
                P(.class("govuk-body")) { Text("Thin provision of \(kind) in \(table.locality.name), lowest first:") }
                Ul(.class("govuk-list govuk-list--bullet")) {
                    for row in thin {
                        Li { Text("\(row.name): \(AssetGapsPage.rateFormat.string(row.cells[column]?.rate ?? 0)) per 1,000 (\(DisplayFormat.count(row.cells[column]?.count ?? 0, "asset")))") }
                    }
                }
            }
        }
    }

    @HTMLBuilder func cell(_ provision: Provision?, column: AssetGaps.Column, table: AssetGaps.Table) -> HTML {
        let count = provision?.count ?? 0
        if !table.hasPopulation {
            Cell(DisplayFormat.count(count), numeric: true)
        } else if let rate = provision?.rate {
            Cell(numeric: true) {
                Text(AssetGapsPage.rateFormat.string(rate))
                Span(.class("app-secondary-text")) { Text(" (\(DisplayFormat.count(count)))") }
                if table.isThin(rate, column) { " "; Tag("Thin", colour: "orange") }
            }
        } else {
            Cell(numeric: true) {
                "No data"
                Span(.class("app-secondary-text")) { Text(" (\(DisplayFormat.count(count)))") }
            }
        }
    }

    @HTMLBuilder func total(_ label: String, _ totals: [AssetGaps.Column: CombinedProvision], hasPopulation: Bool) -> HTML {
        let population = totals[.all]?.population ?? 0
        TableRow {
            RowHeader(label)
            Cell(population > 0 ? DisplayFormat.count(population) : "No data", numeric: true)
            for column in AssetGaps.Column.every {
                let combined = totals[column]
                if !hasPopulation {
                    Cell(DisplayFormat.count(combined?.count ?? 0), numeric: true)
                } else {
                    Cell(numeric: true) {
                        Text(combined?.rate.map { AssetGapsPage.rateFormat.string($0) } ?? "No data")
                        Span(.class("app-secondary-text")) { Text(" (\(DisplayFormat.count(combined?.count ?? 0)))") }
                    }
                }
            }
        }
    }
}

/// `/assets/hosts`: "who could host this?" Spaces by how many people they hold, accessibility,
/// area, and a day and time they must be open for the whole of.
struct AssetHostsPage: Page {
    struct Result: Sendable {
        let id: UUID
        let name: String
        let kind: String
        let ward: String?
        let capacity: Int?
        let status: AssetStatus
        let access: [String]
        /// The hours on the day asked about ("Tuesday: 9am to 5pm"), when a day was.
        let hours: String?

        init(_ details: AssetDetails, day: Weekday?) {
            let a = details.asset
            id = a.id!
            name = a.name
            kind = details.term.map { "\(a.category.label): \($0.name)" } ?? a.category.label
            ward = details.ward?.name
            capacity = a.capacity
            status = a.status
            access = a.accessibility.map(\.label)
            hours = day.map { d in "\(d.label): " + (a.openingTimes.summaryRows.first { $0.day == d.label }?.hours ?? "Closed") }
        }
    }

    let filter: HostFilter
    let errors: FormErrors
    let choices: AssetQueries.FilterChoices
    let results: [Result]
    let total: Int
    let pagination: PaginationView

    var title: String { "Who could host this?" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Assets", link: Assets.Routes.index.path)]
    }

    var fields: [FormField] {
        func option(_ value: String, _ label: String, _ current: String) -> FormField.Option { .init(value: value, label: label, selected: value == current) }
        let day = filter.day?.label.lowercased() ?? filter.dayText
        return [
            FormField(name: "capacity", label: "How many people? (optional)", value: filter.capacityText, hint: "The smallest number the space must hold",
                      widthClass: "govuk-input--width-5", spellcheck: false),
            FormField(name: "access", label: "Accessibility needed", kind: .checkboxes, value: "", hint: "Spaces must have every one ticked",
                      options: AccessibilityFeature.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: filter.access.contains($0)) }),
            FormField(name: "locality", label: "Locality", kind: .select, value: filter.locality,
                      options: [option("", "Anywhere", filter.locality)] + choices.localities.map { option($0.code, $0.name, filter.locality) }),
            FormField(name: "ward", label: "Ward", kind: .select, value: filter.ward,
                      options: [option("", "Any ward", filter.ward)] + choices.wards.map { option($0.code, $0.name, filter.ward) }),
            FormField(name: "day", label: "Day", kind: .select, value: day,
                      options: [option("", "Any day", day)] + Weekday.allCases.map { option($0.label.lowercased(), $0.label, day) }),
            FormField(name: "from", label: "From (optional)", value: filter.fromText, hint: "24-hour clock, like 18:00",
                      widthClass: "govuk-input--width-5", spellcheck: false),
            FormField(name: "to", label: "Until (optional)", value: filter.toText, hint: "24-hour clock, like 20:30",
                      widthClass: "govuk-input--width-5", spellcheck: false),
        ].map { $0.with(errors: errors) }
    }

    func body(_ context: PageContext) -> HTML {
        ErrorSummary(errors)
        PageHeading(title)
        TwoThirds {
            Paragraph("Find a space for a meeting, class or event: halls, centres and other places with a recorded capacity. "
                + "With a day and times, only spaces whose usual weekly hours cover the whole time are shown; check dates near bank holidays with the space.")
        }
        Div(.class("govuk-grid-row")) {
            Div(.class("govuk-grid-column-one-third")) {
                GetForm(to: Assets.Routes.hosts.path) {
                    FormFields(fields)
                    Div(.class("govuk-button-group")) {
                        SubmitButton("Find spaces")
                        if filter.isFiltered || !errors.isEmpty { A(.class("govuk-link"), .href(Assets.Routes.hosts.path)) { "Clear filters" } }
                    }
                }
            }
            Div(.class("govuk-grid-column-two-thirds")) {
                Div(.role("status")) { H2(.class("govuk-heading-m")) { Text(total == 0 ? "No spaces found" : DisplayFormat.count(total, "space")) } }
                if results.isEmpty {
                    Paragraph("No space matches. Try fewer people, fewer accessibility needs, a wider area or other times.")
                } else {
                    Paragraph(size: "s") { "The smallest space that holds enough people first; spaces with no recorded capacity last." }
                    Ul(.class("govuk-list app-results")) {
                        for result in results { Li(.class("app-result")) { item(result) } }
                    }
                }
                PaginationLinks(pagination)
            }
        }
    }

    func item(_ result: Result) -> HTML {
        HTML.joined([
            H3(.class("govuk-heading-s govuk-!-margin-bottom-1")) {
                A(.class("govuk-link"), .href(Assets.Routes.show.path(result.id))) { Text(result.name) }
                if result.status != .published { " "; AssetStatusTag(result.status) }
            }.html,
            P(.class("govuk-body-s govuk-!-margin-bottom-1 app-secondary-text")) {
                Text(([result.kind, result.capacity.map { "holds \(DisplayFormat.count($0, "person", plural: "people"))" } ?? "capacity not recorded"]
                      + [result.ward].compactMap { $0 }).joined(separator: " · "))
            }.html,
            result.hours.map { hours in P(.class("govuk-body-s govuk-!-margin-bottom-1")) { Text(hours) }.html } ?? .empty,
            P(.class("govuk-body-s")) {
                Text(result.access.isEmpty ? "No accessibility features recorded" : "Accessibility: " + result.access.joined(separator: ", "))
            }.html,
        ])
    }
}
