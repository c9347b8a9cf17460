@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

@Suite struct ClassificationTests {
    @Test func everyFiniteValueFallsInExactlyOneBin() async {
        let values = Gen.double(in: -1000...1000).array(of: 1...60)
        await propertyCheck(input: values, Gen.int(in: 4...6), Gen.bool) { values, bins, quantiles in
            let classes = Classification(values: values + [.nan], method: quantiles ? .quantiles : .equalIntervals, bins: bins)
            #expect(classes.binCount >= 1 && classes.binCount <= bins)
            for v in values {
                let holding = (0..<classes.binCount).filter { i in
                    guard let r = classes.range(ofBin: i) else { return false }
                    return i == classes.binCount - 1 ? r.contains(v) : (v >= r.lowerBound && v < r.upperBound)
                }
                #expect(holding.count == 1, "\(v) in bins \(holding) of \(classes.breaks)")
                #expect(classes.bin(for: v) == holding.first)
            }
            #expect(classes.bin(for: .nan) == nil)
        }
    }

    @Test func allEqualValuesMakeOneBinAndNoValuesMakeNone() {
        let same = Classification(values: [7, 7, 7], method: .quantiles, bins: 5)
        #expect(same.binCount == 1)
        #expect(same.bin(for: 7) == 0)
        #expect(same.label(ofBin: 0, format: .integer) == "7")
        #expect(Classification(values: [.nan], method: .equalIntervals, bins: 5).binCount == 0)
    }

    @Test func equalIntervalsAndQuantilesSplitAsExpected() {
        let equal = Classification(values: [0, 10, 100], method: .equalIntervals, bins: 4)
        #expect(equal.breaks == [0, 25, 50, 75, 100])
        let quantiles = Classification(values: Array(1...100).map(Double.init), method: .quantiles, bins: 4)
        #expect(quantiles.binCount == 4)
        #expect(quantiles.label(ofBin: 3, format: .integer) == "75 to 100")
    }

    @Test func valuesAreFormattedTheSameEverywhere() {
        #expect(ValueFormat.integer.string(1234567) == "1,234,567")
        #expect(ValueFormat.percent.string(12.345) == "12.3%")
        #expect(ValueFormat.integer.string(-3) == "−3")
        #expect(ValueFormat.integer.string(.nan) == "No data")
    }
}

@Suite struct PaletteTests {
    @Test(arguments: 4...6)
    func binColoursStayDistinctForDeuteranopiaAndGetDarker(count: Int) {
        let colours = SequentialPalette.viridis.colours(count)
        #expect(Set(colours.map(\.hex)).count == count)
        for (a, b) in zip(colours, colours.dropFirst()) {
            let seen = a.asSeenWithDeuteranopia.difference(from: b.asSeenWithDeuteranopia)
            #expect(seen > 10, "\(a) vs \(b) look \(seen) apart with deuteranopia")
            #expect(a.relativeLuminance > b.relativeLuminance, "lighter first")
        }
    }

    @Test func legendAndLabelTextMeetsContrast() {
        #expect(RGBColour.text.contrastRatio(with: .white) >= 4.5)
        for colour in SequentialPalette.viridis.colours(6) + [RGBColour(hex: "#e4e4e4") ?? .white] {
            #expect(colour.readableTextColour.contrastRatio(with: colour) >= 4.5, "\(colour)")
        }
        #expect(abs(RGBColour.white.contrastRatio(with: RGBColour(red: 0, green: 0, blue: 0)) - 21) < 1e-9)
    }
}

@Suite struct ChoroplethRenderingTests {
    static func square(_ code: String, name: String, x: Double, y: Double) -> MapArea {
        let ring = [(x, y), (x + 10, y), (x + 10, y + 10), (x, y + 10), (x, y)].map { ProjectedPoint(x: $0.0, y: $0.1) }
        return MapArea(code: code, name: name, polygons: [[ring]], labelPoint: ProjectedPoint(x: x + 5, y: y + 5), label: "L")
    }

    @Test func svgIsSelfContainedAccessibleAndEscaped() {
        let areas = [Self.square("A", name: "Tom & Jerry <Ward>", x: 0, y: 0), Self.square("B", name: "North", x: 0, y: 10), Self.square("C", name: "Empty", x: 10, y: 0)]
        let svg = ChoroplethMap(title: "People \"aged\" 65+", areas: areas, values: ["A": 1, "B": 2], showsLabels: true).svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "))
        #expect(!svg.contains("<?xml") && !svg.contains("<script") && !svg.contains("href") && !svg.contains("style"))
        #expect(svg.contains("width=\"100%\"") && svg.contains("role=\"img\"") && svg.contains("aria-label=\"People &quot;aged&quot; 65+."))
        #expect(svg.contains("<title>Tom &amp; Jerry &lt;Ward&gt;: 1</title>"))
        #expect(svg.contains("<title>Empty: No data</title>"))
        #expect(svg.contains(">No data</text>"))
        #expect(svg.components(separatedBy: "tabindex=\"0\"").count == 4)
        #expect(svg.contains("fill=\"url(#cohesion-map-no-data)\""))
    }

    @Test func theKeyCanBeGivenOutsideTheSVG() {
        let areas = [Self.square("A", name: "A", x: 0, y: 0), Self.square("B", name: "B", x: 0, y: 10), Self.square("C", name: "C", x: 10, y: 0)]
        var map = ChoroplethMap(title: "t", areas: areas, values: ["A": 10, "B": 20], method: .equalIntervals, bins: 2)
        let withKey = map.svg()
        map.includesLegend = false
        let without = map.svg()
        #expect(withKey.contains(">Key</text>") && !without.contains(">Key</text>"))
        let entries = map.legendEntries()
        #expect(entries.map(\.label) == ["10 to 15", "15 to 20", "No data"])
        #expect(entries.first?.colour == map.binColours.first && entries.last?.colour == nil)
    }

    /// North up: the square with the larger northing must be drawn higher (smaller SVG y).
    @Test func northIsUpAndCoordinatesHaveOneDecimal() throws {
        let areas = [Self.square("S", name: "South", x: 0, y: 0), Self.square("N", name: "North", x: 0, y: 10.123)]
        let svg = ChoroplethMap(title: "t", areas: areas, values: ["S": 1, "N": 2]).svg()
        func firstY(_ code: String) throws -> Double {
            let path = try #require(svg.components(separatedBy: "data-code=\"\(code)\" d=\"M").dropFirst().first)
            let numbers = path.prefix { $0 != "L" }.split(separator: " ")
            return try #require(Double(String(numbers[1])))
        }
        #expect(try firstY("N") < firstY("S"))
        let d = try #require(svg.components(separatedBy: " d=\"").dropFirst().first?.prefix { $0 != "\"" })
        let numbers = d.split(whereSeparator: { "MLZ ".contains($0) })
        #expect(numbers.allSatisfy { !$0.contains(".") || $0.split(separator: ".").last?.count == 1 })
    }

    @Test func hexMapPlacesEveryAreaOnceAndDeterministically() {
        let items = (1...20).map { HexMapLayout.Item(code: "E0500\(1300 + $0)", name: "Ward \($0)") }
        let first = HexMapLayout.layout(items), second = HexMapLayout.layout(items.reversed())
        #expect(first.count == 20)
        #expect(first == second)
        #expect(Set(first.compactMap(\.labelPoint)).count == 20, "no two areas share a hexagon")
        #expect(HexMapLayout.initials(of: "Aldridge Central and South") == "ACS")
        #expect(HexMapLayout.initials(of: "Pleck") == "Ple" && HexMapLayout.initials(of: "Pelsall") == "Pel")
        let withCentroids = (0..<12).map { i in
            HexMapLayout.Item(code: "X\(i)", name: "Area \(i)", centroid: GeoPosition(latitude: 52.5 + Double(i / 4) * 0.02, longitude: -2 + Double(i % 4) * 0.03))
        }
        let placed = HexMapLayout.layout(withCentroids)
        #expect(Set(placed.compactMap(\.labelPoint)).count == 12)
        let north = placed.first { $0.code == "X8" }?.labelPoint?.y ?? 0, south = placed.first { $0.code == "X0" }?.labelPoint?.y ?? 0
        #expect(north > south, "the northern area stays north")
        let svg = ChoroplethMap(title: "Hex", areas: placed, values: [:], showsLabels: true).svg()
        #expect(svg.contains("<title>Area 0: No data</title>"))
    }

    @Test func barChartHasLabelsValuesAndTitles() {
        let chart = BarChart(title: "Religion <2021>", bars: [.init(label: "Christian", count: 300), .init(label: "Muslim", count: 100), .init(label: "No religion", count: 0)])
        #expect(chart.percentages == [75, 25, 0])
        let svg = chart.svg()
        #expect(svg.contains("role=\"img\"") && svg.contains("width=\"100%\"") && !svg.contains("<script"))
        #expect(svg.contains("<title>Christian: 300 (75.0%)</title>"))
        #expect(svg.contains("Religion &lt;2021&gt;"))
        #expect(svg.components(separatedBy: "<rect").count == 4)
    }

    @Test
    func rendersTheRealWardMap() throws {
        let wards = try GeoTestData.load(GeoTestData.wards2016)
        let areas = wards.boundaries.map { boundary in
            var area = MapArea(boundary: boundary)
            area.label = HexMapLayout.initials(of: boundary.name)
            return area
        }
        // Ward number in the code as a stand-in value, with one ward left without data.
        var values: [String: Double] = [:]
        for b in wards.boundaries where b.code != "E05001310" { values[b.code] = Double(b.code.suffix(2)) ?? 0 }
        let svg = ChoroplethMap(title: "Walsall wards", areas: areas, values: values, method: .equalIntervals, showsLabels: true).svg()
        try svg.write(toFile: "/tmp/ward-map.svg", atomically: true, encoding: .utf8)
        print("Ward map SVG: \(svg.utf8.count) bytes")
        #expect(svg.components(separatedBy: "<path").count == 21)
        let hex = HexMapLayout.layout(wards.boundaries.map { HexMapLayout.Item(code: $0.code, name: $0.name, centroid: $0.interiorPoint()) })
        let hexSVG = ChoroplethMap(title: "Walsall wards (hex)", areas: hex, values: values, showsLabels: true, idPrefix: "hex").svg()
        try hexSVG.write(toFile: "/tmp/ward-hex-map.svg", atomically: true, encoding: .utf8)
        #expect(hex.count == 20)
    }
}
