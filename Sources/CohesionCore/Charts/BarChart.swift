/// A horizontal bar chart for an area profile (e.g. religion in a ward): one bar per category
/// with its label on the left and its count and percentage on the right. Horizontal because
/// category names are long and must be readable without rotating text.
///
/// Accessibility: `role="img"` with an `aria-label` listing every value, a `<title>` on each
/// bar, text in GOV.UK black on white, bars in GOV.UK blue (5.2:1 against white). The same
/// figures must also be shown as a table.
public struct BarChart: Sendable {
    public struct Bar: Sendable, Hashable {
        public var label: String
        public var count: Int
        /// The share in percent; nil works it out from the counts.
        public var percentage: Double?

        public init(label: String, count: Int, percentage: Double? = nil) {
            self.label = label
            self.count = count
            self.percentage = percentage
        }
    }

    public var title: String
    public var bars: [Bar]
    public var barColour: RGBColour

    public init(title: String, bars: [Bar], barColour: RGBColour = RGBColour(hex: "#1d70b8") ?? .text) {
        self.title = title
        self.bars = bars
        self.barColour = barColour
    }

    static let width = 800.0
    static let rowHeight = 34.0
    static let barHeight = 24.0
    static let fontSize = 16.0
    static let valueWidth = 150.0
    static let maxLabelCharacters = 32

    /// Each bar's percentage: the given one, else its count over the total of counts.
    public var percentages: [Double] {
        let total = bars.reduce(0) { $0 + max(0, $1.count) }
        return bars.map { $0.percentage ?? (total > 0 ? Double(max(0, $0.count)) / Double(total) * 100 : 0) }
    }

    public func svg() -> String {
        let shares = percentages
        let labelWidth = min(Double(Self.maxLabelCharacters), Double(bars.map(\.label.count).max() ?? 0)) * Self.fontSize * 0.55 + 12
        let barSpace = max(100, Self.width - labelWidth - Self.valueWidth)
        let largest = max(1, bars.map(\.count).max() ?? 1)
        let height = max(1, Double(bars.count)) * Self.rowHeight + 8
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVGText.number(Self.width)) \(SVGText.number(height))\" width=\"100%\""
        out += " role=\"img\" aria-label=\"\(SVGText.escape(summary(shares)))\" font-family=\"\(SVGText.fontFamily)\" font-size=\"\(SVGText.number(Self.fontSize))\">"
        out += "<title>\(SVGText.escape(title))</title>"
        for (i, bar) in bars.enumerated() {
            let y = 4 + Double(i) * Self.rowHeight
            let length = Double(max(0, bar.count)) / Double(largest) * barSpace
            let middle = y + Self.barHeight / 2
            out += "<g><title>\(SVGText.escape("\(bar.label): \(valueText(bar, shares[i]))"))</title>"
            out += "<text x=\"\(SVGText.number(labelWidth - 8))\" y=\"\(SVGText.number(middle))\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"\(SVGText.textColour)\">\(SVGText.escape(shortened(bar.label)))</text>"
            out += "<rect x=\"\(SVGText.number(labelWidth))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(length))\" height=\"\(SVGText.number(Self.barHeight))\" fill=\"\(barColour.hex)\"/>"
            out += "<text x=\"\(SVGText.number(labelWidth + length + 8))\" y=\"\(SVGText.number(middle))\" dominant-baseline=\"central\" fill=\"\(SVGText.textColour)\">\(SVGText.escape(valueText(bar, shares[i])))</text></g>"
        }
        return out + "</svg>"
    }

    private func valueText(_ bar: Bar, _ share: Double) -> String {
        "\(ValueFormat.integer.string(Double(bar.count))) (\(ValueFormat.percent.string(share)))"
    }

    private func summary(_ shares: [Double]) -> String {
        let parts = zip(bars, shares).map { "\($0.label) \(valueText($0, $1))" }
        return "\(title). Bar chart: " + (parts.isEmpty ? "no data" : parts.joined(separator: "; ")) + "."
    }

    /// Long labels are cut with an ellipsis on the chart; the full text is in the title and table.
    private func shortened(_ label: String) -> String {
        label.count <= Self.maxLabelCharacters ? label : String(label.prefix(Self.maxLabelCharacters - 1)) + "…"
    }
}
