import CohesionCore
import Foundation

private let dashboardCrumb = Breadcrumb(label: "Indicators", link: Indicators.Routes.dashboard.path)

/// How a value is written on the pages: its unit, and why it isn't shown when it isn't.
enum IndicatorText {
    static func value(_ point: IndicatorPoint?, unit: IndicatorUnit) -> String {
        guard let point else { return "No data" }
        guard let value = point.value else {
            if point.flags.contains(.disclosure) { return "[c] fewer than 5" }
            return "[c] too few answers"
        }
        return unit.text(value)
    }

    static func interval(_ point: IndicatorPoint?, unit: IndicatorUnit) -> String {
        guard let lower = point?.lower, let upper = point?.upper else { return "" }
        return "\(unit.text(lower)) to \(unit.text(upper))"
    }

    static func flags(_ point: IndicatorPoint?) -> String {
        (point?.flags ?? []).map(\.label).joined(separator: "; ")
    }

    static func ragColour(_ rag: IndicatorRAG) -> String? {
        switch rag {
        case .green: "green"
        case .amber: "yellow"
        case .red: "red"
        case .none: "grey"
        }
    }
}

/// The borough overview: a tile per indicator with its latest value, interval, target status
/// and, only when a test calls the change significant, which way it moved.
struct IndicatorDashboardPage: Page {
    let series: [IndicatorSeries]
    let tags: [String]
    let chosenTag: String?
    let districtName: String

    var title: String { "Cohesion indicators" }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title, caption: districtName)
        Paragraph("How people in \(districtName) get on, belong and take part, and what the council and its partners do about it. Survey figures are weighted to the Census 2021 population and shown with their 95% interval; a change is called a rise or a fall only when a statistical test says it is unlikely to be chance.")
        if !tags.isEmpty {
            GetForm(to: Indicators.Routes.dashboard.path) {
                FormFieldGroup(FormField(name: "tag", label: "Show indicators for", kind: .select, value: chosenTag ?? "",
                                         options: [FormField.Option(value: "", label: "Every area of work", selected: chosenTag == nil)]
                                            + tags.map { FormField.Option(value: $0, label: $0, selected: $0 == chosenTag) }))
                SubmitButton("Show", secondary: true)
            }
        }
        if series.isEmpty {
            Paragraph("There are no indicators to show yet.")
        } else {
            Ul(.class("app-tiles")) {
                for item in series { tile(item) }
            }
        }
    }

    @HTMLBuilder private func tile(_ item: IndicatorSeries) -> HTML {
        let indicator = item.indicator
        let headline = item.headline
        let rag = IndicatorRules.rag(value: headline?.latest.value, thresholds: indicator.thresholds, polarity: indicator.polarity)
        Li(.class("app-tile")) {
            H2(.class("govuk-heading-s govuk-!-margin-bottom-1")) {
                A(.class("govuk-link"), .href(Indicators.Routes.indicator.path(IndicatorCode(pathComponent: indicator.code)!))) { Text(indicator.title) }
            }
            P(.class("govuk-body-s govuk-!-margin-bottom-1")) { Text(indicator.code) }
            if let headline {
                P(.class("app-tile__value govuk-!-margin-bottom-1")) { Text(IndicatorText.value(headline.latest, unit: indicator.unit)) }
                if headline.latest.lower != nil {
                    P(.class("govuk-body-s govuk-!-margin-bottom-1")) { "95% interval " ; Text(IndicatorText.interval(headline.latest, unit: indicator.unit)) }
                }
                P(.class("govuk-body-s govuk-!-margin-bottom-1")) { Text(headline.latest.periodLabel) }
                P(.class("govuk-body-s govuk-!-margin-bottom-1")) {
                    // The arrow only for a change a test calls significant; the words say it too.
                    switch IndicatorRules.trend(change: headline.change?.difference, significant: headline.change?.significant) {
                    case .up: Span(.class("app-tile__arrow"), .aria("hidden", "true")) { "▲ " }
                    case .down: Span(.class("app-tile__arrow"), .aria("hidden", "true")) { "▼ " }
                    default: HTML.empty
                    }
                    Text(trend(headline, indicator: indicator))
                }
                if headline.latest.flags.contains(.synthetic) { Tag("Synthetic data", colour: "grey") }
            } else {
                P(.class("govuk-body-s")) { "No figure yet." }
            }
            if rag != .none { Tag(rag.label, colour: IndicatorText.ragColour(rag)) }
        }
    }

    private func trend(_ headline: (latest: IndicatorPoint, change: IndicatorChange?), indicator: Indicator) -> String {
        guard let change = headline.change else { return "The first figure: no change to report yet." }
        return IndicatorRules.trendSentence(change: change.difference, significant: change.significant, since: change.from.periodLabel,
                                            polarity: indicator.polarity, format: indicator.unit.format, isPercent: indicator.unit == .percent)
    }
}

/// One indicator: its definition, its trend with the interval band, the areas ranked with their
/// intervals, a ward map, what changed significantly, and every figure as a table.
struct IndicatorPage: Page {
    let series: IndicatorSeries
    let areas: AreaRollup
    let chosenArea: String?
    let period: String?
    let map: (svg: HTML, legend: [ChoroplethFigure.LegendEntry], notice: String?)?

    var indicator: Indicator { series.indicator }
    var title: String { indicator.title }
    var breadcrumbs: [Breadcrumb] { [dashboardCrumb] }
    private var code: IndicatorCode { IndicatorCode(pathComponent: indicator.code)! }
    private var unit: IndicatorUnit { indicator.unit }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title, caption: indicator.code)
        TwoThirds {
            Paragraph(indicator.definition)
            SummaryList(summary)
        }
        if series.points.isEmpty {
            Paragraph("There are no figures for this indicator yet.")
        } else {
            trendSection
            if let period { latestSection(period) }
            changesSection
        }
        H2(.class("govuk-heading-m")) { "Download" }
        Ul(.class("govuk-list")) {
            Li { TextLink("Every figure as CSV", to: Indicators.Routes.valuesCSV.path(code)) }
            Li { TextLink("Every figure as JSON", to: Indicators.Routes.valuesJSON.path(code)) }
        }
    }

    private var summary: [SummaryRow] {
        var rows = [SummaryRow(key: "Source", value: indicator.sourceKind.label), SummaryRow(key: "Unit", value: unit.label),
                    SummaryRow(key: "Better when", value: indicator.polarity.label)]
        if let target = indicator.target { rows.append(SummaryRow(key: "Target", value: unit.text(target))) }
        if let green = indicator.greenThreshold { rows.append(SummaryRow(key: "On target from", value: unit.text(green))) }
        if let amber = indicator.amberThreshold { rows.append(SummaryRow(key: "Close to target from", value: unit.text(amber))) }
        let tags = indicator.performanceAreas + indicator.marmotObjectives + indicator.equalityModules
        if !tags.isEmpty { rows.append(SummaryRow(key: "Reports to", value: tags.joined(separator: "; "))) }
        return rows
    }

    // MARK: Trend

    @HTMLBuilder private var trendSection: HTML {
        let district = series.districtCode
        let shownArea = chosenArea ?? district
        H2(.class("govuk-heading-m")) { "Over time" }
        GetForm(to: Indicators.Routes.indicator.path(code)) {
            FormFieldGroup(FormField(name: "area", label: "Area", kind: .select, value: shownArea ?? "",
                                     options: areaChoices.map { FormField.Option(value: $0.code, label: $0.name, selected: $0.code == shownArea) }))
            if let period { Input(.type(.hidden), .name("period"), .value(period)) }
            SubmitButton("Show area", secondary: true)
        }
        let lines = [shownArea, shownArea == district ? nil : district].compactMap { $0 }
        let chart = TrendChart(
            title: "\(title) over time", series: lines.map { code in
                TrendChart.Series(name: areas.names[code] ?? code, points: series.periods.map { period in
                    let p = series.point(code, period.key)
                    return TrendChart.Point(period: period.label, value: p?.value, lower: p?.lower, upper: p?.upper)
                }, emphasised: code == shownArea)
            }, format: unit.format, target: indicator.target, axisRange: unit == .percent ? 0...100 : nil)
        Figure { HTML.trusted(chart.svg()) }
        DataTable(caption: "\(title) over time", columns: [TableColumn("Period")] + lines.flatMap { code in
            [TableColumn(areas.names[code] ?? code, numeric: true), TableColumn("95% interval", numeric: true), TableColumn("Answers or count", numeric: true)]
        }) {
            for period in series.periods {
                TableRow {
                    RowHeader(period.label)
                    for code in lines {
                        let p = series.point(code, period.key)
                        Cell(IndicatorText.value(p, unit: unit), numeric: true)
                        Cell(IndicatorText.interval(p, unit: unit), numeric: true)
                        Cell(p?.respondents.map(DisplayFormat.count) ?? "", numeric: true)
                    }
                }
            }
        }
    }

    private var areaChoices: [(code: String, name: String)] {
        (areas.district.map { [($0.code, $0.name)] } ?? []) + areas.localities.map { ($0.code, "Locality: " + $0.name) }
            + areas.wards.map { ($0.code, "Ward: " + $0.name) }
    }

    // MARK: Latest period

    @HTMLBuilder private func latestSection(_ period: String) -> HTML {
        let label = series.periods.first { $0.key == period }?.label ?? period
        let district = series.districtCode.flatMap { series.point($0, period) }
        let wardRows = areas.wards.map { ward in (ward, series.point(ward.code, period)) }
            .sorted { ($0.1?.value ?? -.infinity) > ($1.1?.value ?? -.infinity) }
        H2(.class("govuk-heading-m")) { "Areas in \(label)" }
        if series.periods.count > 1 {
            GetForm(to: Indicators.Routes.indicator.path(code)) {
                FormFieldGroup(FormField(name: "period", label: "Period", kind: .select, value: period,
                                         options: series.periods.map { FormField.Option(value: $0.key, label: $0.label, selected: $0.key == period) }))
                if let chosenArea { Input(.type(.hidden), .name("area"), .value(chosenArea)) }
                SubmitButton("Show period", secondary: true)
            }
        }
        let ranked = IntervalChart(title: "\(title) by ward, \(label)", rows: rankedRows(period, district: district, wards: wardRows),
                                   format: unit.format, reference: district?.value.map { ("District", $0) },
                                   axisRange: unit == .percent ? 0...100 : nil)
        Figure { HTML.trusted(ranked.svg()) }
        if let map {
            ChoroplethFigure(svg: map.svg, legend: map.legend, caption: "\(title) by ward, \(label). " + (map.notice ?? ""))
        }
        DataTable(caption: "\(title) by area, \(label)", columns: [
            TableColumn("Area"), TableColumn("Value", numeric: true), TableColumn("95% interval", numeric: true),
            TableColumn("Answers or count", numeric: true), TableColumn("Against the district"), TableColumn("Notes"),
        ]) {
            for (code, name) in areaChoices {
                let p = series.point(code, period)
                if p != nil {
                    TableRow {
                        RowHeader(name)
                        Cell(IndicatorText.value(p, unit: unit), numeric: true)
                        Cell(IndicatorText.interval(p, unit: unit), numeric: true)
                        Cell(p?.respondents.map(DisplayFormat.count) ?? "", numeric: true)
                        Cell(againstDistrict(p, district))
                        Cell(IndicatorText.flags(p))
                    }
                }
            }
        }
    }

    /// The district first, then its localities, then the wards from highest to lowest.
    private func rankedRows(_ period: String, district: IndicatorPoint?, wards: [(AreasQueries.AreaSummary, IndicatorPoint?)]) -> [IntervalChart.Row] {
        var rows: [IntervalChart.Row] = []
        if let district {
            rows.append(IntervalChart.Row(label: areas.names[district.areaCode] ?? "District", value: district.value,
                                          lower: district.lower, upper: district.upper, highlighted: true))
        }
        for locality in areas.localities {
            guard let p = series.point(locality.code, period) else { continue }
            rows.append(row("Locality: " + locality.name, p))
        }
        for (ward, p) in wards { rows.append(row(ward.name, p)) }
        return rows
    }

    private func row(_ label: String, _ p: IndicatorPoint?) -> IntervalChart.Row {
        IntervalChart.Row(label: label, value: p?.value, lower: p?.lower, upper: p?.upper,
                          note: p?.value == nil ? IndicatorText.value(p, unit: unit) : nil)
    }

    private func againstDistrict(_ point: IndicatorPoint?, _ district: IndicatorPoint?) -> String {
        guard let point, let district, point.areaCode != district.areaCode, let a = point.value, let d = district.value else { return "" }
        guard let test = IndicatorChange.fromDistrict(point, district: district) else { return "Not tested" }
        guard test.significant else { return "No significant difference" }
        return a > d ? "Significantly higher" : "Significantly lower"
    }

    // MARK: What changed

    @HTMLBuilder private var changesSection: HTML {
        let periods = series.periods
        if periods.count > 1 {
            let from = periods[periods.count - 2], to = periods[periods.count - 1]
            let changes = areaChoices.compactMap { area -> (String, IndicatorChange)? in
                guard let a = series.point(area.code, from.key), let b = series.point(area.code, to.key),
                      let change = IndicatorChange.between(a, b, unit: unit) else { return nil }
                return (area.name, change)
            }
            let significant = changes.filter { $0.1.significant == true }
            H2(.class("govuk-heading-m")) { "What changed significantly between \(from.label) and \(to.label)" }
            if changes.allSatisfy({ $0.1.significant == nil }) {
                Paragraph("These figures have no intervals, so changes can't be tested.")
            } else if significant.isEmpty {
                Paragraph("No area changed significantly. Differences this small could be chance.")
            } else {
                Ul(.class("govuk-list govuk-list--bullet")) {
                    for (name, change) in significant {
                        Li {
                            Text(name + ": ")
                            Text(IndicatorRules.trendSentence(change: change.difference, significant: true, since: from.label,
                                                              polarity: indicator.polarity, format: unit.format, isPercent: unit == .percent))
                        }
                    }
                }
            }
        }
    }
}

private struct Figure: HTMLContent {
    let html: HTML
    init(@HTMLBuilder _ content: () -> HTML) { html = Element<FigureName>(.class("app-chart")) { content() }.html }
}
