import Foundation

/// An indicator over time: one line per series (e.g. a ward and the district) across the
/// periods, with a light band for the interval where both ends are known and a dashed line for
/// the target. Periods are categories, evenly spaced, because surveys and financial years don't
/// fall at even dates and the chart should not suggest they do.
///
/// Accessibility: `role="img"` with an `aria-label` giving every value, a `<title>` on each point
/// marker, text in GOV.UK black on white, and lines and markers of at least 3:1 against white.
/// Series differ in more than colour: each has its own dash pattern and marker shape, shown in
/// a legend drawn as text. The interval band is a light fill (below 3:1, so it only ever sits
/// behind a line); a point with no neighbouring interval shows its interval as a whisker instead.
/// A missing value is a gap in the line, never a zero. The same figures must also be shown as a
/// table.
public struct TrendChart: Sendable {
    public struct Point: Sendable, Hashable {
        public var period: String
        /// nil (suppressed or no data) leaves a gap in the line.
        public var value: Double?
        public var lower: Double?
        public var upper: Double?

        public init(period: String, value: Double?, lower: Double? = nil, upper: Double? = nil) {
            self.period = period
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    public struct Series: Sendable, Hashable {
        public var name: String
        public var points: [Point]
        /// Drawn first in the styles and with a thicker line, e.g. the area a page is about.
        public var emphasised: Bool

        public init(name: String, points: [Point], emphasised: Bool = false) {
            self.name = name
            self.points = points
            self.emphasised = emphasised
        }
    }

    public var title: String
    /// All series share the same periods in the same order. A period only some series have
    /// still gets its place, in the order periods are first met.
    public var series: [Series]
    public var format: ValueFormat
    /// Drawn as a dashed horizontal line labelled "Target".
    public var target: Double?
    /// The value axis's extent; nil works it out from the data, padded and widened to nice ticks.
    public var axisRange: ClosedRange<Double>?
    /// Bounds an automatic axis never goes beyond, e.g. 0...100 for percentages. Ignored when
    /// `axisRange` is given.
    public var limits: ClosedRange<Double>?

    public init(title: String, series: [Series], format: ValueFormat = .integer, target: Double? = nil,
                axisRange: ClosedRange<Double>? = nil, limits: ClosedRange<Double>? = nil) {
        self.title = title
        self.series = series
        self.format = format
        self.target = target
        self.axisRange = axisRange
        self.limits = limits
    }

    static let width = 800.0
    static let plotHeight = 260.0
    static let fontSize = 16.0
    static let legendRow = 28.0
    static let maxNameCharacters = 40
    /// A label narrower than this is left out (every k-th period is labelled instead).
    static let minimumLabelWidth = 64.0
    static let bandColour = "#d2e2f1"
    static let secondaryColour = "#505a5f"
    static let gridColour = "#b1b4b6"

    enum Marker: Sendable { case circle, square, triangle, diamond }

    /// Colour, dash pattern and marker for each series. Every colour is at least 5:1 against
    /// white; dashes and markers tell the series apart in greyscale and for colour-blind readers.
    static let styles: [(colour: String, dash: String?, marker: Marker)] = [
        ("#1d70b8", nil, .circle),          // GOV.UK blue, solid
        ("#0b0c0c", "8 5", .square),        // GOV.UK black, dashed
        ("#4c2c92", "2 4", .triangle),      // GOV.UK purple, dotted
        ("#00703c", "12 4 2 4", .diamond),  // GOV.UK green, dash-dot
    ]

    /// Periods in the order first met across the series.
    public var periods: [String] {
        var seen = Set<String>(), out: [String] = []
        for s in series { for p in s.points where seen.insert(p.period).inserted { out.append(p.period) } }
        return out
    }

    /// Emphasised series take the first styles, so the area of interest is always solid blue.
    private var styleIndex: [Int] {
        let order = series.indices.filter { series[$0].emphasised } + series.indices.filter { !series[$0].emphasised }
        var index = Array(repeating: 0, count: series.count)
        for (rank, i) in order.enumerated() { index[i] = rank % Self.styles.count }
        return index
    }

    var axis: ChartValueAxis {
        var values = series.flatMap { $0.points.flatMap { p in Self.finite(p.value) == nil ? [] : [p.value, p.lower, p.upper].compactMap { $0 } } }
        if let target { values.append(target) }
        return ChartValueAxis(values: values, range: axisRange, limits: limits, format: format)
    }

    public func svg() -> String {
        let periods = periods
        guard !periods.isEmpty else { return ChartText.empty(title: title, summary: summary(periods), width: Self.width) }
        let characterWidth = Self.fontSize * 0.55
        let axis = axis
        let tickTexts = axis.ticks.map(axis.format.string)
        let styles = styleIndex.map { Self.styles[$0] }

        // The legend goes above the plot, its entries flowing into rows.
        var legend = "", legendHeight = 0.0
        if series.count > 1 {
            var x = 4.0, row = 0
            legend += "<g font-size=\"\(SVGText.number(Self.fontSize))\" fill=\"\(SVGText.textColour)\">"
            for (s, style) in zip(series, styles) {
                let name = ChartText.shortened(s.name, to: Self.maxNameCharacters)
                let entryWidth = 40 + 8 + Double(name.count) * characterWidth + 24
                if x > 4 && x + entryWidth > Self.width { x = 4; row += 1 }
                let y = 6 + (Double(row) + 0.5) * Self.legendRow
                legend += "<line x1=\"\(SVGText.number(x + 2))\" y1=\"\(SVGText.number(y))\" x2=\"\(SVGText.number(x + 38))\" y2=\"\(SVGText.number(y))\" stroke=\"\(style.colour)\" stroke-width=\"\(s.emphasised ? 3 : 2)\"\(style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
                legend += Self.marker(style.marker, x: x + 20, y: y, colour: style.colour)
                legend += "<text x=\"\(SVGText.number(x + 48))\" y=\"\(SVGText.number(y))\" dominant-baseline=\"central\">\(SVGText.escape(name))</text>"
                x += entryWidth
            }
            legend += "</g>"
            legendHeight = 6 + Double(row + 1) * Self.legendRow
        }

        let plotTop = legendHeight + 16
        let plotBottom = plotTop + Self.plotHeight
        let plotLeft = Double(tickTexts.map(\.count).max() ?? 1) * characterWidth + 24
        let plotRight = Self.width - 12
        let slot = (plotRight - plotLeft) / Double(periods.count)
        let x = { (i: Int) in plotLeft + (Double(i) + 0.5) * slot }
        let y = { (v: Double) in plotBottom - axis.position(v, from: 0, length: Self.plotHeight) }
        let labelEvery = max(1, Int((Self.minimumLabelWidth / slot).rounded(.up)))
        let labelCharacters = Int((slot * Double(labelEvery) - 8) / characterWidth)
        let labels = periods.map { ChartText.wrapped($0, characters: labelCharacters, lines: 2) }
        let labelLines = labels.enumerated().filter { $0.offset % labelEvery == 0 }.map(\.element.count).max() ?? 1
        let height = plotBottom + 10 + Double(labelLines) * Self.fontSize * 1.25 + 8

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVGText.number(Self.width)) \(SVGText.number(height))\" width=\"100%\""
        out += " role=\"img\" aria-label=\"\(SVGText.escape(summary(periods)))\" font-family=\"\(SVGText.fontFamily)\" font-size=\"\(SVGText.number(Self.fontSize))\">"
        out += "<title>\(SVGText.escape(title))</title>"
        out += legend

        // Gridlines and the value axis's labels.
        out += "<g aria-hidden=\"true\">"
        for (tick, text) in zip(axis.ticks, tickTexts) {
            out += "<line x1=\"\(SVGText.number(plotLeft))\" y1=\"\(SVGText.number(y(tick)))\" x2=\"\(SVGText.number(plotRight))\" y2=\"\(SVGText.number(y(tick)))\" stroke=\"\(Self.gridColour)\" stroke-width=\"1\"/>"
            out += "<text x=\"\(SVGText.number(plotLeft - 8))\" y=\"\(SVGText.number(y(tick)))\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"\(SVGText.textColour)\">\(SVGText.escape(text))</text>"
        }
        out += "<line x1=\"\(SVGText.number(plotLeft))\" y1=\"\(SVGText.number(plotBottom))\" x2=\"\(SVGText.number(plotRight))\" y2=\"\(SVGText.number(plotBottom))\" stroke=\"\(Self.secondaryColour)\" stroke-width=\"1\"/>"
        for i in periods.indices {
            out += "<line x1=\"\(SVGText.number(x(i)))\" y1=\"\(SVGText.number(plotBottom))\" x2=\"\(SVGText.number(x(i)))\" y2=\"\(SVGText.number(plotBottom + 6))\" stroke=\"\(Self.secondaryColour)\" stroke-width=\"1\"/>"
        }
        out += "</g>"

        // Period labels, full text in a title wherever one was cut or left out of the axis.
        for (i, lines) in labels.enumerated() where i % labelEvery == 0 {
            let full = periods[i]
            let cut = lines.joined(separator: " ") != full
            out += cut ? "<g><title>\(SVGText.escape(full))</title>" : ""
            out += "<text x=\"\(SVGText.number(x(i)))\" y=\"\(SVGText.number(plotBottom + 10 + Self.fontSize))\" text-anchor=\"middle\" fill=\"\(SVGText.textColour)\">"
            for (n, line) in lines.enumerated() {
                out += "<tspan x=\"\(SVGText.number(x(i)))\"\(n == 0 ? "" : " dy=\"\(SVGText.number(Self.fontSize * 1.25))\"")>\(SVGText.escape(line))</tspan>"
            }
            out += "</text>" + (cut ? "</g>" : "")
        }

        let columns = series.map { s in periods.map { period in s.points.first { $0.period == period } } }

        // Bands before lines, the emphasised series' last so it is on top.
        let bandOrder = series.indices.filter { !series[$0].emphasised } + series.indices.filter { series[$0].emphasised }
        for s in bandOrder {
            let style = styles[s]
            for run in Self.runs(columns[s].map { Self.interval($0) != nil }) {
                let bounds = run.map { Self.interval(columns[s][$0])! }
                if run.count == 1, let i = run.first, let b = bounds.first {
                    // A lone interval is a whisker: a band one point wide would not show.
                    out += "<g aria-hidden=\"true\" stroke=\"\(style.colour)\" stroke-width=\"2\">"
                    out += "<line x1=\"\(SVGText.number(x(i)))\" y1=\"\(SVGText.number(y(b.lowerBound)))\" x2=\"\(SVGText.number(x(i)))\" y2=\"\(SVGText.number(y(b.upperBound)))\"/>"
                    for end in [b.lowerBound, b.upperBound] {
                        out += "<line x1=\"\(SVGText.number(x(i) - 6))\" y1=\"\(SVGText.number(y(end)))\" x2=\"\(SVGText.number(x(i) + 6))\" y2=\"\(SVGText.number(y(end)))\"/>"
                    }
                    out += "</g>"
                } else {
                    let upper = zip(run, bounds).map { "\(SVGText.number(x($0))),\(SVGText.number(y($1.upperBound)))" }
                    let lower = zip(run, bounds).reversed().map { "\(SVGText.number(x($0))),\(SVGText.number(y($1.lowerBound)))" }
                    // Light blue behind the blue line, light grey behind the others; see-through so
                    // that where two bands overlap both still show.
                    let (fill, opacity) = style.colour == Self.styles[0].colour ? (Self.bandColour, "0.8") : (Self.gridColour, "0.35")
                    out += "<polygon aria-hidden=\"true\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(fill)\" fill-opacity=\"\(opacity)\"/>"
                }
            }
        }

        if let target, target.isFinite, axis.range.contains(target) {
            let ty = y(target)
            let text = "Target \(format.string(target))"
            out += "<g><title>\(SVGText.escape(text))</title>"
            out += "<line x1=\"\(SVGText.number(plotLeft))\" y1=\"\(SVGText.number(ty))\" x2=\"\(SVGText.number(plotRight))\" y2=\"\(SVGText.number(ty))\" stroke=\"\(SVGText.textColour)\" stroke-width=\"2\" stroke-dasharray=\"4 4\"/>"
            // A white outline keeps the label readable where it crosses a line or band.
            out += "<text x=\"\(SVGText.number(plotRight - 4))\" y=\"\(SVGText.number(ty - 6))\" text-anchor=\"end\" fill=\"\(SVGText.textColour)\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">\(SVGText.escape(text))</text></g>"
        }

        for (s, one) in series.enumerated() {
            let style = styles[s]
            let values = columns[s].map { Self.finite($0?.value) }
            var d = ""
            for run in Self.runs(values.map { $0 != nil }) where run.count > 1 {
                d += run.enumerated().map { n, i in "\(n == 0 ? "M" : "L")\(SVGText.number(x(i))) \(SVGText.number(y(values[i]!)))" }.joined(separator: " ") + " "
            }
            out += "<g>"
            if !d.isEmpty {
                out += "<path d=\"\(d.trimmingCharacters(in: .whitespaces))\" fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"\(one.emphasised ? 3 : 2)\" stroke-linejoin=\"round\"\(style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
            }
            for (i, value) in values.enumerated() {
                guard let value, let point = columns[s][i] else { continue }
                out += "<g><title>\(SVGText.escape("\(one.name), \(point.period): \(pointDescription(point))"))</title>"
                out += Self.marker(style.marker, x: x(i), y: y(value), colour: style.colour) + "</g>"
            }
            out += "</g>"
        }
        return out + "</svg>"
    }

    static func finite(_ v: Double?) -> Double? { v.flatMap { $0.isFinite ? $0 : nil } }

    /// A point's interval, ends in order, when it has a value and both ends.
    static func interval(_ point: Point?) -> ClosedRange<Double>? {
        guard let point, finite(point.value) != nil, let a = finite(point.lower), let b = finite(point.upper) else { return nil }
        return min(a, b)...max(a, b)
    }

    /// Runs of consecutive indices where the flag is set.
    static func runs(_ flags: [Bool]) -> [[Int]] {
        var out: [[Int]] = [], current: [Int] = []
        for (i, flag) in flags.enumerated() {
            if flag { current.append(i) } else if !current.isEmpty { out.append(current); current = [] }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Markers have a white edge so they stay distinct where lines cross.
    static func marker(_ marker: Marker, x: Double, y: Double, colour: String) -> String {
        let edge = " fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
        func points(_ offsets: [(Double, Double)]) -> String {
            offsets.map { "\(SVGText.number(x + $0.0)),\(SVGText.number(y + $0.1))" }.joined(separator: " ")
        }
        switch marker {
        case .circle:
            return "<circle cx=\"\(SVGText.number(x))\" cy=\"\(SVGText.number(y))\" r=\"6\"" + edge
        case .square:
            return "<rect x=\"\(SVGText.number(x - 5.5))\" y=\"\(SVGText.number(y - 5.5))\" width=\"11\" height=\"11\"" + edge
        case .triangle:
            return "<polygon points=\"\(points([(0, -7), (6.5, 5), (-6.5, 5)]))\"" + edge
        case .diamond:
            return "<polygon points=\"\(points([(0, -7.5), (7.5, 0), (0, 7.5), (-7.5, 0)]))\"" + edge
        }
    }

    /// "61.2% (55.0% to 67.1%)" or "no data".
    private func pointDescription(_ point: Point) -> String {
        guard let value = Self.finite(point.value) else { return "no data" }
        guard let interval = Self.interval(point) else { return format.string(value) }
        return "\(format.string(value)) (\(format.string(interval.lowerBound)) to \(format.string(interval.upperBound)))"
    }

    private func summary(_ periods: [String]) -> String {
        guard !periods.isEmpty else { return "\(title). Line chart: no data." }
        var text = "\(title). Line chart of \(series.count == 1 ? "1 series" : "\(series.count) series") over \(periods.count == 1 ? "1 period" : "\(periods.count) periods"), 95% intervals in brackets. "
        text += series.map { s in
            "\(s.name): " + s.points.map { "\($0.period) \(pointDescription($0))" }.joined(separator: ", ")
        }.joined(separator: "; ") + "."
        if let target, target.isFinite { text += " Target \(format.string(target))." }
        return text
    }
}
