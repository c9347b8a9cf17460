@testable import CohesionCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PropertyBased
import Testing

/// An SVG read back with Foundation's XML parser, so a test fails on anything a browser's XML
/// parser would reject (unbalanced tags, a bare `&` or `<`), and attributes and text come back
/// with their escapes undone.
struct ParsedSVG {
    struct Element { var name: String; var attributes: [String: String] }
    var elements: [Element] = []
    var text = ""

    var root: Element? { elements.first }
    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    func numbers(_ name: String, _ attribute: String) -> [Double] { all(name).compactMap { $0.attributes[attribute].flatMap(Double.init) } }

    init(_ svg: String) throws {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        // On Linux, parse() can report success for mismatched tags and only set parserError.
        let parsed = parser.parse()
        try #require(parsed && parser.parserError == nil && collector.open.isEmpty, "not well-formed XML: \(String(describing: parser.parserError))")
        elements = collector.elements.map { Element(name: $0.0, attributes: $0.1) }
        text = collector.text
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [(String, [String: String])] = []
        var open: [String] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append((name, attributes))
            open.append(name)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if open.last == name { open.removeLast() } else { parser.abortParsing() }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }
}

/// The charts for the indicator framework, in one suite so `--filter IndicatorChart` runs them all.
@Suite enum IndicatorChartTests {}

extension IndicatorChartTests {
    @Suite struct IntervalCharts {
        static let rows: [IntervalChart.Row] = [
            .init(label: "Pleck", value: 61.2, lower: 55.0, upper: 67.1),
            .init(label: "Walsall", value: 58.0, lower: 56.9, upper: 59.1, highlighted: true),
            .init(label: "Tom & \"Jerry\" <Ward>", value: 50.4, lower: 41.0, upper: 59.9, note: "small sample"),
            .init(label: "Darlaston South", value: nil, note: "Fewer than 30 responses"),
        ]

        @Test func wellFormedAccessibleAndEscaped() throws {
            let svg = IntervalChart(title: "Belonging <%>", rows: Self.rows, format: .percent, reference: ("Walsall", 58.0)).svg()
            let parsed = try ParsedSVG(svg)
            let root = try #require(parsed.root)
            #expect(root.name == "svg" && root.attributes["role"] == "img" && root.attributes["width"] == "100%")
            #expect(!svg.contains("<script") && !svg.contains("style=") && !svg.contains("href"))
            let label = try #require(root.attributes["aria-label"])
            #expect(label.hasPrefix("Belonging <%>. "))
            #expect(label.contains("Pleck 61.2% (55.0% to 67.1%); Walsall 58.0% (56.9% to 59.1%); "))
            #expect(label.contains("Tom & \"Jerry\" <Ward> 50.4% (41.0% to 59.9%), small sample"))
            #expect(label.contains("Darlaston South not shown (Fewer than 30 responses)"))
            #expect(label.hasSuffix("Dashed line: Walsall 58.0%."))
            #expect(svg.contains("<title>Tom &amp; &quot;Jerry&quot; &lt;Ward&gt;: 50.4% (41.0% to 59.9%), small sample</title>"))
            #expect(svg.contains("<title>Pleck: 61.2% (55.0% to 67.1%)</title>"))
            #expect(!svg.contains("\"Jerry\"") && !svg.contains("<Ward>"))
            // One dot per shown row; the suppressed row says so in words instead.
            #expect(parsed.all("circle").count == 3)
            #expect(parsed.text.contains("not shown") && parsed.text.contains("Fewer than 30 responses"))
            #expect(parsed.all("circle").map { $0.attributes["fill"] } == ["#1d70b8", "#0b0c0c", "#1d70b8"], "the district in black")
            #expect(parsed.all("text").contains { $0.attributes["font-weight"] == "bold" }, "and its label in bold, not colour alone")
            #expect(parsed.all("line").contains { $0.attributes["stroke-dasharray"] != nil }, "the reference line")
        }

        @Test func aHigherValueIsDrawnFurtherRightWithinItsWhisker() async throws {
            await propertyCheck(input: Gen.double(in: -500...500).array(of: 2...12)) { values in
                let rows = values.enumerated().map { IntervalChart.Row(label: "Area \($0.offset)", value: $0.element, lower: $0.element - 3, upper: $0.element + 3) }
                guard let parsed = try? ParsedSVG(IntervalChart(title: "t", rows: rows, format: .oneDecimal).svg()) else {
                    Issue.record("not well-formed")
                    return
                }
                let cx = parsed.numbers("circle", "cx")
                #expect(cx.count == values.count)
                for i in values.indices {
                    for j in values.indices where values[i] > values[j] + 1 { // beyond the 0.1 rounding of coordinates
                        #expect(cx[i] > cx[j], "\(values[i]) at \(cx[i]) vs \(values[j]) at \(cx[j])")
                    }
                }
            }
            let parsed = try ParsedSVG(IntervalChart(title: "t", rows: [.init(label: "A", value: 40, lower: 30, upper: 50)]).svg())
            let whisker = try #require(parsed.all("line").first { $0.attributes["y1"] == $0.attributes["y2"] && $0.attributes["x1"] != $0.attributes["x2"] && $0.attributes["stroke"] == nil })
            let cx = try #require(parsed.numbers("circle", "cx").first)
            let (x1, x2) = (Double(whisker.attributes["x1"] ?? "") ?? 0, Double(whisker.attributes["x2"] ?? "") ?? 0)
            #expect(x1 < cx && cx < x2)
        }

        @Test func emptyAllMissingAndZeroWidthIntervals() throws {
            let empty = try ParsedSVG(IntervalChart(title: "Nothing", rows: []).svg())
            #expect(empty.root?.attributes["aria-label"] == "Nothing. Chart of values with 95% intervals in brackets: no data.")
            #expect(empty.text.contains("No data to show"))

            let missing = [IntervalChart.Row(label: "A", value: nil), .init(label: "B", value: .nan, lower: 1, upper: 2)]
            let allMissing = try ParsedSVG(IntervalChart(title: "t", rows: missing, format: .percent, limits: 0...100).svg())
            #expect(allMissing.all("circle").isEmpty)
            #expect(IntervalChart(title: "t", rows: missing).svg().components(separatedBy: ">not shown</text>").count == 3)
            #expect(allMissing.root?.attributes["aria-label"]?.contains("A not shown; B not shown") == true)

            let flat = try ParsedSVG(IntervalChart(title: "t", rows: [.init(label: "Only", value: 12, lower: 12, upper: 12)]).svg())
            #expect(flat.all("circle").count == 1)
            #expect(flat.root?.attributes["aria-label"]?.contains("Only 12 (12 to 12)") == true)
            #expect(flat.numbers("line", "x1").allSatisfy { $0.isFinite })
        }

        @Test func theAxisHasFourToSixRoundTicksAndKeepsToItsLimits() async {
            let chart = IntervalChart(title: "t", rows: [.init(label: "A", value: 61.2, lower: 55, upper: 67.1)], format: .percent)
            #expect(chart.axis.ticks == [50, 55, 60, 65, 70])
            #expect(chart.axis.ticks.map(chart.axis.format.string) == ["50%", "55%", "60%", "65%", "70%"], "no needless decimals")
            var fixed = chart
            fixed.axisRange = 0...100
            #expect(fixed.axis.range == 0...100 && fixed.axis.ticks == [0, 25, 50, 75, 100])
            let nearTheTop = IntervalChart(title: "t", rows: [.init(label: "A", value: 98, lower: 95.5, upper: 99.9)], format: .percent, limits: 0...100)
            #expect(nearTheTop.axis.range.upperBound == 100)

            await propertyCheck(input: Gen.double(in: -1e4...1e4).array(of: 1...20), Gen.double(in: 0...1e3)) { values, spread in
                let rows = values.map { IntervalChart.Row(label: "x", value: $0, lower: $0 - spread, upper: $0 + spread) }
                let axis = IntervalChart(title: "t", rows: rows).axis
                #expect((4...6).contains(axis.ticks.count), "\(axis.ticks) for \(values)")
                for v in values { #expect(axis.range.contains(v - spread) && axis.range.contains(v + spread)) }
            }
        }

        @Test func coloursMeetContrast() throws {
            let svg = IntervalChart(title: "t", rows: Self.rows, format: .percent, reference: ("Walsall", 58)).svg()
            try ChartContrast.check(try ParsedSVG(svg))
        }
    }
}

extension IndicatorChartTests {
    @Suite struct TrendCharts {
        static let ward = TrendChart.Series(name: "Pleck & \"Chuckery\"", points: [
            .init(period: "Residents' survey 2023", value: 52.0, lower: 46.1, upper: 57.9),
            .init(period: "Residents' survey 2024", value: 55.0, lower: 50.1, upper: 60.0),
            .init(period: "Residents' survey <2025>", value: 61.2, lower: 55.0, upper: 67.1),
        ], emphasised: true)
        static let district = TrendChart.Series(name: "Walsall", points: [
            .init(period: "Residents' survey 2023", value: 57.0, lower: 56.0, upper: 58.0),
            .init(period: "Residents' survey 2024", value: nil),
            .init(period: "Residents' survey <2025>", value: 58.0, lower: 56.9, upper: 59.1),
        ])

        @Test func wellFormedAccessibleAndEscaped() throws {
            let svg = TrendChart(title: "Belonging", series: [Self.district, Self.ward], format: .percent, target: 60).svg()
            let parsed = try ParsedSVG(svg)
            let root = try #require(parsed.root)
            #expect(root.attributes["role"] == "img" && root.attributes["width"] == "100%")
            let label = try #require(root.attributes["aria-label"])
            #expect(label.hasPrefix("Belonging. Line chart of 2 series over 3 periods"))
            #expect(label.contains("Pleck & \"Chuckery\": Residents' survey 2023 52.0% (46.1% to 57.9%), Residents' survey 2024 55.0% (50.1% to 60.0%), Residents' survey <2025> 61.2% (55.0% to 67.1%)"))
            #expect(label.contains("Walsall: Residents' survey 2023 57.0% (56.0% to 58.0%), Residents' survey 2024 no data, "))
            #expect(label.hasSuffix("Target 60.0%."))
            #expect(svg.contains("Pleck &amp; &quot;Chuckery&quot;") && svg.contains("&lt;2025&gt;") && !svg.contains("<2025>"))
            #expect(svg.contains("<title>Pleck &amp; &quot;Chuckery&quot;, Residents&#39; survey 2023: 52.0% (46.1% to 57.9%)</title>"))
            #expect(parsed.text.contains("Target 60.0%"))
        }

        @Test func seriesDifferWithoutColourAndHaveALegend() throws {
            var district = Self.district
            district.points[1].value = 57.5
            let svg = TrendChart(title: "t", series: [district, Self.ward], format: .percent).svg()
            let parsed = try ParsedSVG(svg)
            let lines = parsed.all("path")
            #expect(lines.count == 2)
            // The emphasised ward is solid blue whatever its place in the list; the district is dashed.
            #expect(lines.map { $0.attributes["stroke-dasharray"] } == ["8 5", nil])
            #expect(lines.map { $0.attributes["stroke"] } == ["#0b0c0c", "#1d70b8"])
            #expect(!parsed.all("rect").isEmpty && !parsed.all("circle").isEmpty, "squares for one, circles for the other")
            #expect(svg.contains(">Walsall</text>") && svg.contains(">Pleck &amp; &quot;Chuckery&quot;</text>"), "a legend in text")
            let single = TrendChart(title: "t", series: [Self.ward], format: .percent).svg()
            #expect(!single.contains("Chuckery&quot;</text>"), "no legend for one series")
        }

        @Test func aMissingValueLeavesAGapAndBandsNeedBothEnds() throws {
            let points: [TrendChart.Point] = [
                .init(period: "2021", value: 10, lower: 8, upper: 12), .init(period: "2022", value: 11, lower: 9, upper: 13),
                .init(period: "2023", value: nil), .init(period: "2024", value: 12, lower: 10), .init(period: "2025", value: 13, lower: 11, upper: 15),
            ]
            let parsed = try ParsedSVG(TrendChart(title: "t", series: [.init(name: "A", points: points)]).svg())
            let d = try #require(parsed.all("path").first?.attributes["d"])
            #expect(d.filter { $0 == "M" }.count == 2, "two pieces of line either side of the gap: \(d)")
            #expect(parsed.all("circle").count == 4)
            #expect(parsed.all("polygon").count == 1, "a band over 2021–2022 only")
            // 2025's interval stands alone, so it is a whisker: a vertical line.
            #expect(parsed.all("line").contains { $0.attributes["stroke"] == nil && $0.attributes["x1"] == $0.attributes["x2"] && $0.attributes["y1"] != $0.attributes["y2"] })
        }

        @Test func aHigherValueIsDrawnHigher() throws {
            let points = [30.0, 70, 50, 10].enumerated().map { TrendChart.Point(period: "P\($0.offset)", value: $0.element) }
            let parsed = try ParsedSVG(TrendChart(title: "t", series: [.init(name: "A", points: points)]).svg())
            let cy = parsed.numbers("circle", "cy"), cx = parsed.numbers("circle", "cx")
            #expect(cy.count == 4)
            #expect(cy[1] < cy[2] && cy[2] < cy[0] && cy[0] < cy[3])
            #expect(cx == cx.sorted() && Set(cx).count == 4, "periods left to right in order")
        }

        @Test func aSinglePointAndNoPointsAtAll() throws {
            let one = TrendChart(title: "t", series: [.init(name: "A", points: [.init(period: "Residents' survey 2025", value: 61.2, lower: 55, upper: 67.1)])], format: .percent)
            let parsed = try ParsedSVG(one.svg())
            #expect(parsed.all("circle").count == 1 && parsed.all("path").isEmpty && parsed.all("polygon").isEmpty)
            #expect(parsed.root?.attributes["aria-label"]?.contains("A: Residents' survey 2025 61.2% (55.0% to 67.1%)") == true)
            let whiskers = parsed.all("line").filter { $0.attributes["stroke"] == nil && $0.attributes["x1"] == $0.attributes["x2"] && $0.attributes["y1"] != $0.attributes["y2"] }
            #expect(whiskers.count == 1, "the lone interval is still drawn")

            let nothing = try ParsedSVG(TrendChart(title: "t", series: []).svg())
            #expect(nothing.text.contains("No data to show") && nothing.root?.attributes["aria-label"] == "t. Line chart: no data.")
            let allMissing = try ParsedSVG(TrendChart(title: "t", series: [.init(name: "A", points: [.init(period: "2024", value: nil), .init(period: "2025", value: nil)])], limits: 0...100).svg())
            #expect(allMissing.all("circle").isEmpty && allMissing.all("path").isEmpty)
            #expect(allMissing.root?.attributes["aria-label"]?.contains("A: 2024 no data, 2025 no data") == true)
        }

        @Test func longPeriodsAreWrappedOrCutWithTheFullTextInATitle() throws {
            let periods = ["Residents' survey 2023", "Residents' survey 2024 (online and face to face, boost in three wards)", "2025"]
            let series = TrendChart.Series(name: "A", points: periods.enumerated().map { .init(period: $0.element, value: Double($0.offset)) })
            let svg = TrendChart(title: "t", series: [series]).svg()
            let parsed = try ParsedSVG(svg)
            #expect(svg.contains("…"))
            #expect(svg.contains("<title>Residents&#39; survey 2024 (online and face to face, boost in three wards)</title>"))
            #expect(parsed.all("tspan").count >= 4, "long periods take two lines")
            #expect(ChartText.wrapped("Residents' survey 2025", characters: 12, lines: 2) == ["Residents'", "survey 2025"])
            #expect(ChartText.wrapped("A very long period name indeed", characters: 10, lines: 2) == ["A very", "long peri…"])
            #expect(ChartText.wrapped("Supercalifragilistic", characters: 8, lines: 2) == ["Superca…"])
        }

        @Test func manyPeriodsLabelEveryFewAndStillDrawEveryPoint() throws {
            let points = (1...36).map { TrendChart.Point(period: "Month \($0)", value: Double($0 % 7)) }
            let parsed = try ParsedSVG(TrendChart(title: "t", series: [.init(name: "A", points: points)]).svg())
            #expect(parsed.all("circle").count == 36)
            let labelled = parsed.all("text").filter { $0.attributes["text-anchor"] == "middle" }.count
            #expect(labelled > 4 && labelled < 36)
        }

        @Test func coloursMeetContrast() throws {
            let four = (0..<4).map { TrendChart.Series(name: "S\($0)", points: Self.ward.points, emphasised: $0 == 0) }
            try ChartContrast.check(try ParsedSVG(TrendChart(title: "t", series: four, format: .percent, target: 60).svg()))
        }
    }
}

/// WCAG 2.2 AA: text 4.5:1 against white; lines and markers that carry data 3:1. Gridlines and
/// bands (marked aria-hidden, or fills under a line) only help the eye and are left out.
enum ChartContrast {
    static func check(_ parsed: ParsedSVG) throws {
        let decorative: Set<String> = ["#b1b4b6", "#d2e2f1", "#ffffff"]
        for element in parsed.elements {
            for key in ["fill", "stroke"] {
                guard let value = element.attributes[key], value.hasPrefix("#"), !decorative.contains(value) else { continue }
                let colour = try #require(RGBColour(hex: value))
                let needed = element.name == "text" && key == "fill" ? 4.5 : 3
                #expect(colour.contrastRatio(with: .white) >= needed, "\(element.name) \(key) \(value)")
            }
        }
    }
}

extension IndicatorChartTests {
    /// Writes examples to /tmp for a person to look at, as the ward map test does.
    @Test static func rendersExamples() throws {
        let wards = ["Pleck", "Birchills Leamore", "Walsall", "Darlaston South", "Aldridge Central and South", "Paddock"]
        let values: [Double?] = [61.2, 55.0, 58.0, nil, 64.9, 49.3]
        let rows = zip(wards, values).map { name, value in
            IntervalChart.Row(label: name, value: value, lower: value.map { $0 - 6 }, upper: value.map { $0 + 5.5 },
                              note: value == nil ? "Fewer than 30 responses" : nil, highlighted: name == "Walsall")
        }
        let interval = IntervalChart(title: "People who feel they belong", rows: rows, format: .percent, reference: ("Walsall", 58.0), limits: 0...100).svg()
        try interval.write(toFile: "/tmp/interval-chart.svg", atomically: true, encoding: .utf8)
        let trend = TrendChart(title: "Belonging", series: [IndicatorChartTests.TrendCharts.district, IndicatorChartTests.TrendCharts.ward,
                                                            .init(name: "West Midlands", points: IndicatorChartTests.TrendCharts.ward.points.map { var p = $0; p.value = $0.value.map { $0 - 8 }; p.lower = nil; return p })],
                               format: .percent, target: 60, limits: 0...100).svg()
        try trend.write(toFile: "/tmp/trend-chart.svg", atomically: true, encoding: .utf8)
        let single = TrendChart(title: "One", series: [.init(name: "Pleck", points: [.init(period: "Residents' survey 2025", value: 61.2, lower: 55, upper: 67.1)])], format: .percent).svg()
        try single.write(toFile: "/tmp/trend-chart-single.svg", atomically: true, encoding: .utf8)
        let monthly = (1...30).map { month -> TrendChart.Point in
            let wave: Double = sin(Double(month) / 3)
            return TrendChart.Point(period: "Month \(month) of 2024/25", value: month == 12 ? nil : 4 + wave, lower: 3 + wave, upper: 5 + wave)
        }
        let many = TrendChart(title: "Monthly", series: [.init(name: "Reports per 1,000", points: monthly)], format: .oneDecimal).svg()
        try many.write(toFile: "/tmp/trend-chart-many.svg", atomically: true, encoding: .utf8)
    }
}
