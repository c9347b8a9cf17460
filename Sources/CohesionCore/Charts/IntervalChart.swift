import Foundation

/// Areas ranked by an estimate, each drawn as a dot with a horizontal whisker for its 95%
/// interval, so a reader sees at a glance which differences are bigger than the uncertainty.
/// Labels are on the left (horizontal, because area names are long), the value on the right and
/// a value axis along the bottom; an optional dashed vertical line marks a reference such as the
/// district's value. Rows are drawn in the order given: the caller does the ranking.
///
/// Accessibility: `role="img"` with an `aria-label` giving every row's value and interval, a
/// `<title>` on each row, text in GOV.UK black on white, dots and whiskers in GOV.UK blue (5.2:1
/// against white) and the highlighted row in black with a bold label, so it stands out without
/// colour. A row with no value (suppressed, or no data) says "not shown" in words, never a dot
/// at zero. The same figures must also be shown as a table.
public struct IntervalChart: Sendable {
    public struct Row: Sendable, Hashable {
        public var label: String
        /// nil when there is nothing to show (suppressed, too few responses, no data): the row
        /// says "not shown" and `note` says why.
        public var value: Double?
        public var lower: Double?
        public var upper: Double?
        public var note: String?
        /// Drawn in black with a bold label, e.g. the district among its wards.
        public var highlighted: Bool

        public init(label: String, value: Double?, lower: Double? = nil, upper: Double? = nil, note: String? = nil, highlighted: Bool = false) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
            self.note = note
            self.highlighted = highlighted
        }
    }

    public var title: String
    /// Drawn top to bottom in this order.
    public var rows: [Row]
    public var format: ValueFormat
    /// Drawn as a labelled, dashed vertical line, e.g. ("Walsall", 58.0).
    public var reference: (label: String, value: Double)?
    /// The axis's extent; nil works it out from the data, padded and widened to nice ticks.
    /// Anything outside it is drawn at the edge.
    public var axisRange: ClosedRange<Double>?
    /// Bounds an automatic axis never goes beyond, e.g. 0...100 for percentages, so padding can't
    /// make an axis run to −5% or 105%. Ignored when `axisRange` is given.
    public var limits: ClosedRange<Double>?

    public init(title: String, rows: [Row], format: ValueFormat = .integer, reference: (label: String, value: Double)? = nil,
                axisRange: ClosedRange<Double>? = nil, limits: ClosedRange<Double>? = nil) {
        self.title = title
        self.rows = rows
        self.format = format
        self.reference = reference
        self.axisRange = axisRange
        self.limits = limits
    }

    static let width = 800.0
    static let rowHeight = 34.0
    static let fontSize = 16.0
    static let dotRadius = 6.0
    static let capHeight = 12.0
    static let maxLabelCharacters = 32
    static let colour = "#1d70b8"
    static let highlightColour = SVGText.textColour
    /// GOV.UK dark grey, 7:1 against white: the reference line, axis and notes.
    static let secondaryColour = "#505a5f"
    /// GOV.UK mid grey: gridlines, which only help the eye and carry no data.
    static let gridColour = "#b1b4b6"

    /// The value axis the chart is drawn against.
    var axis: ChartValueAxis {
        var values: [Double] = rows.flatMap { row in Self.finite(row.value) == nil ? [] : [row.value, row.lower, row.upper].compactMap { $0 } }
        if let reference { values.append(reference.value) }
        return ChartValueAxis(values: values, range: axisRange, limits: limits, format: format)
    }

    public func svg() -> String {
        let characterWidth = Self.fontSize * 0.55
        guard !rows.isEmpty else { return ChartText.empty(title: title, summary: summary(), width: Self.width) }
        let axis = axis
        let tickTexts = axis.ticks.map(axis.format.string)
        let halfTick = Double(tickTexts.map(\.count).max() ?? 1) * characterWidth / 2 + 4
        let labelWidth = min(Double(Self.maxLabelCharacters), Double(rows.map(\.label.count).max() ?? 0)) * characterWidth + 12
        let valueTexts = rows.map(valueText)
        let valueWidth = max(halfTick, Double(valueTexts.map(\.count).max() ?? 0) * characterWidth + 16)
        let plotLeft = max(labelWidth + Self.dotRadius + 4, halfTick)
        let plotRight = max(plotLeft + 100, Self.width - valueWidth - 12)
        let x = { (v: Double) in axis.position(v, from: plotLeft, length: plotRight - plotLeft) }
        let top = reference == nil ? 6.0 : 32.0
        let axisY = top + Double(rows.count) * Self.rowHeight + 4
        let height = axisY + 14 + Self.fontSize + 8

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVGText.number(Self.width)) \(SVGText.number(height))\" width=\"100%\""
        out += " role=\"img\" aria-label=\"\(SVGText.escape(summary()))\" font-family=\"\(SVGText.fontFamily)\" font-size=\"\(SVGText.number(Self.fontSize))\">"
        out += "<title>\(SVGText.escape(title))</title>"

        // Gridlines first so that everything else is drawn over them.
        out += "<g aria-hidden=\"true\" stroke=\"\(Self.gridColour)\" stroke-width=\"1\">"
        for tick in axis.ticks {
            out += "<line x1=\"\(SVGText.number(x(tick)))\" y1=\"\(SVGText.number(top))\" x2=\"\(SVGText.number(x(tick)))\" y2=\"\(SVGText.number(axisY))\"/>"
        }
        out += "</g>"

        if let reference, reference.value.isFinite, axis.range.contains(reference.value) {
            let rx = x(reference.value)
            let text = "\(reference.label) \(format.string(reference.value))"
            let halfText = Double(text.count) * characterWidth / 2
            let textX = min(max(rx, plotLeft + halfText - 20), Self.width - halfText - 4)
            out += "<g><title>\(SVGText.escape(text))</title>"
            out += "<line x1=\"\(SVGText.number(rx))\" y1=\"\(SVGText.number(top - 8))\" x2=\"\(SVGText.number(rx))\" y2=\"\(SVGText.number(axisY))\" stroke=\"\(Self.secondaryColour)\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
            out += "<text x=\"\(SVGText.number(textX))\" y=\"\(SVGText.number(top - 14))\" text-anchor=\"middle\" fill=\"\(SVGText.textColour)\">\(SVGText.escape(text))</text></g>"
        }

        for (i, row) in rows.enumerated() {
            let middle = top + (Double(i) + 0.5) * Self.rowHeight
            let colour = row.highlighted ? Self.highlightColour : Self.colour
            let weight = row.highlighted ? " font-weight=\"bold\"" : ""
            out += "<g><title>\(SVGText.escape("\(row.label): \(rowDescription(row))"))</title>"
            out += "<text x=\"\(SVGText.number(labelWidth - 8))\" y=\"\(SVGText.number(middle))\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"\(SVGText.textColour)\"\(weight)>\(SVGText.escape(ChartText.shortened(row.label, to: Self.maxLabelCharacters)))</text>"
            if let value = Self.finite(row.value) {
                if let interval = interval(row) {
                    let lx = x(interval.lowerBound), ux = x(interval.upperBound)
                    out += "<g stroke=\"\(colour)\" stroke-width=\"2\">"
                    out += "<line x1=\"\(SVGText.number(lx))\" y1=\"\(SVGText.number(middle))\" x2=\"\(SVGText.number(ux))\" y2=\"\(SVGText.number(middle))\"/>"
                    for cap in [lx, ux] {
                        out += "<line x1=\"\(SVGText.number(cap))\" y1=\"\(SVGText.number(middle - Self.capHeight / 2))\" x2=\"\(SVGText.number(cap))\" y2=\"\(SVGText.number(middle + Self.capHeight / 2))\"/>"
                    }
                    out += "</g>"
                }
                out += "<circle cx=\"\(SVGText.number(x(value)))\" cy=\"\(SVGText.number(middle))\" r=\"\(SVGText.number(Self.dotRadius))\" fill=\"\(colour)\"/>"
            } else if let note = row.note, !note.isEmpty {
                let room = Int((plotRight - plotLeft) / characterWidth)
                // A white outline keeps the note readable where it crosses a gridline or the reference.
                out += "<text x=\"\(SVGText.number(plotLeft))\" y=\"\(SVGText.number(middle))\" dominant-baseline=\"central\" fill=\"\(Self.secondaryColour)\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">\(SVGText.escape(ChartText.shortened(note, to: room)))</text>"
            }
            out += "<text x=\"\(SVGText.number(plotRight + 12))\" y=\"\(SVGText.number(middle))\" dominant-baseline=\"central\" fill=\"\(row.value == nil ? Self.secondaryColour : SVGText.textColour)\"\(weight)>\(SVGText.escape(valueTexts[i]))</text></g>"
        }

        out += "<g aria-hidden=\"true\">"
        out += "<line x1=\"\(SVGText.number(plotLeft))\" y1=\"\(SVGText.number(axisY))\" x2=\"\(SVGText.number(plotRight))\" y2=\"\(SVGText.number(axisY))\" stroke=\"\(Self.secondaryColour)\" stroke-width=\"1\"/>"
        for (tick, text) in zip(axis.ticks, tickTexts) {
            out += "<line x1=\"\(SVGText.number(x(tick)))\" y1=\"\(SVGText.number(axisY))\" x2=\"\(SVGText.number(x(tick)))\" y2=\"\(SVGText.number(axisY + 6))\" stroke=\"\(Self.secondaryColour)\" stroke-width=\"1\"/>"
            out += "<text x=\"\(SVGText.number(x(tick)))\" y=\"\(SVGText.number(axisY + 10 + Self.fontSize))\" text-anchor=\"middle\" fill=\"\(SVGText.textColour)\">\(SVGText.escape(text))</text>"
        }
        return out + "</g></svg>"
    }

    static func finite(_ v: Double?) -> Double? { v.flatMap { $0.isFinite ? $0 : nil } }

    /// Both ends, in order: data with the ends swapped still draws the right whisker.
    private func interval(_ row: Row) -> ClosedRange<Double>? {
        guard let a = Self.finite(row.lower), let b = Self.finite(row.upper) else { return nil }
        return min(a, b)...max(a, b)
    }

    private func valueText(_ row: Row) -> String {
        Self.finite(row.value).map(format.string) ?? "not shown"
    }

    /// "61.2% (55.0% to 67.1%)", "61.2%, small sample" or "not shown (fewer than 30 responses)".
    private func rowDescription(_ row: Row) -> String {
        let note = row.note.flatMap { $0.isEmpty ? nil : $0 }
        guard let value = Self.finite(row.value) else { return "not shown" + (note.map { " (\($0))" } ?? "") }
        var text = format.string(value)
        if let interval = interval(row) { text += " (\(format.string(interval.lowerBound)) to \(format.string(interval.upperBound)))" }
        if let note { text += ", \(note)" }
        return text
    }

    private func summary() -> String {
        let parts = rows.map { "\($0.label) \(rowDescription($0))" }
        var text = "\(title). Chart of values with 95% intervals in brackets: " + (parts.isEmpty ? "no data" : parts.joined(separator: "; ")) + "."
        if let reference, reference.value.isFinite { text += " Dashed line: \(reference.label) \(format.string(reference.value))." }
        return text
    }
}

/// A chart's value axis: its extent and 4 to 6 ticks at round numbers, shared by the interval
/// and trend charts.
struct ChartValueAxis: Sendable, Hashable {
    let range: ClosedRange<Double>
    let ticks: [Double]
    /// The chart's format with just enough decimals for the ticks ("50%", "52.5%").
    let format: ValueFormat

    /// `range` fixes the extent. Otherwise the values (non-finite ones ignored) are padded by 5%
    /// of their spread, so no dot sits on the edge, and widened to the nearest ticks, staying
    /// within `limits`. With no values the axis is `limits`, else 0 to 100 for a percentage
    /// format and 0 to 10 for anything else.
    init(values: [Double], range fixed: ClosedRange<Double>?, limits: ClosedRange<Double>?, format: ValueFormat) {
        let limits = limits.flatMap { $0.lowerBound.isFinite && $0.upperBound.isFinite && $0.lowerBound < $0.upperBound ? $0 : nil }
        let range: ClosedRange<Double>, step: Double
        if let fixed, fixed.lowerBound.isFinite, fixed.upperBound.isFinite, fixed.lowerBound < fixed.upperBound {
            range = fixed
            step = Self.stepWithin(fixed)
        } else {
            let finite = values.filter(\.isFinite)
            if let low = finite.min(), let high = finite.max() {
                let pad = high > low ? (high - low) * 0.05 : max(abs(low) * 0.1, 1)
                var padded = (low - pad)...(high + pad)
                if let limits { padded = padded.clamped(to: limits) }
                if padded.lowerBound >= padded.upperBound { padded = limits ?? padded } // every value outside the limits
                (range, step) = Self.snapped(padded, limits: limits)
            } else {
                let empty = limits ?? (format.suffix == "%" ? 0...100 : 0...10)
                range = empty
                step = Self.stepWithin(empty)
            }
        }
        self.range = range
        let (first, last) = Self.multiples(of: step, in: range)
        ticks = first <= last ? (first...last).map { Double($0) * step } : []
        self.format = ValueFormat(decimals: Self.decimals(for: step), prefix: format.prefix, suffix: format.suffix, groupsThousands: format.groupsThousands)
    }

    /// Where a value falls along an axis drawn from `start` for `length`; values beyond the
    /// range are drawn at its ends.
    func position(_ value: Double, from start: Double, length: Double) -> Double {
        let v = min(max(value, range.lowerBound), range.upperBound)
        return start + (v - range.lowerBound) / (range.upperBound - range.lowerBound) * length
    }

    /// 1, 2, 2.5 and 5 times powers of ten, around a span's tenth to its half.
    private static func candidateSteps(for span: Double) -> [Double] {
        let exponent = Int(log10(span).rounded(.down))
        return ((exponent - 2)...(exponent)).flatMap { e in [1.0, 2, 2.5, 5].map { $0 * pow(10, Double(e)) } }
    }

    /// The first and last multiples of a step within a range, allowing for rounding (0.7 / 0.1
    /// is 6.999…, yet 0.7 is a tick).
    private static func multiples(of step: Double, in range: ClosedRange<Double>) -> (Int, Int) {
        (Int((range.lowerBound / step - 1e-9).rounded(.up)), Int((range.upperBound / step + 1e-9).rounded(.down)))
    }

    private static func count(_ range: ClosedRange<Double>, _ step: Double) -> Int {
        let (first, last) = multiples(of: step, in: range)
        return last - first + 1
    }

    /// For a fixed extent: the step giving closest to five ticks inside it.
    private static func stepWithin(_ range: ClosedRange<Double>) -> Double {
        candidateSteps(for: range.upperBound - range.lowerBound).min { a, b in
            (abs(count(range, a) - 5), -a) < (abs(count(range, b) - 5), -b)
        } ?? 1
    }

    /// Widens to the tightest extent whose ends are ticks, with 4 to 6 ticks, then keeps it
    /// within the limits.
    private static func snapped(_ range: ClosedRange<Double>, limits: ClosedRange<Double>?) -> (ClosedRange<Double>, Double) {
        let options = candidateSteps(for: range.upperBound - range.lowerBound).map { step -> (ClosedRange<Double>, Double) in
            var wide = ((range.lowerBound / step).rounded(.down) * step)...((range.upperBound / step).rounded(.up) * step)
            if let limits { wide = wide.clamped(to: limits) }
            return (wide, step)
        }
        let fitting = options.filter { (4...6).contains(count($0.0, $0.1)) }
        return (fitting.isEmpty ? options : fitting).min { a, b in
            (a.0.upperBound - a.0.lowerBound, abs(count(a.0, a.1) - 5)) < (b.0.upperBound - b.0.lowerBound, abs(count(b.0, b.1) - 5))
        } ?? (range, 1)
    }

    private static func decimals(for step: Double) -> Int {
        (0...6).first { d in
            let scaled = step * pow(10, Double(d))
            return abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled)
        } ?? 6
    }
}

/// Text helpers shared by the interval and trend charts.
enum ChartText {
    /// Long text is cut with an ellipsis on the chart; the full text is in the title and table.
    static func shortened(_ text: String, to characters: Int) -> String {
        let limit = max(2, characters)
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// Words in at most `lines` lines of `characters`; a word too long for a line, and whatever
    /// doesn't fit in the last line, is cut with an ellipsis.
    static func wrapped(_ text: String, characters: Int, lines: Int) -> [String] {
        let limit = max(2, characters)
        var out: [String] = []
        var words = text.split(separator: " ").map(String.init)[...]
        while let word = words.first {
            if out.count == lines - 1 {
                out.append(shortened(words.joined(separator: " "), to: limit))
                return out
            }
            var line = word
            words = words.dropFirst()
            while let next = words.first, line.count + 1 + next.count <= limit {
                line += " " + next
                words = words.dropFirst()
            }
            out.append(shortened(line, to: limit))
        }
        return out
    }

    /// A chart with nothing to draw still says so, in words and to a screen reader.
    static func empty(title: String, summary: String, width: Double) -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVGText.number(width)) 40\" width=\"100%\""
        out += " role=\"img\" aria-label=\"\(SVGText.escape(summary))\" font-family=\"\(SVGText.fontFamily)\" font-size=\"16\">"
        out += "<title>\(SVGText.escape(title))</title>"
        out += "<text x=\"8\" y=\"20\" dominant-baseline=\"central\" fill=\"\(SVGText.textColour)\">No data to show</text>"
        return out + "</svg>"
    }
}
