import Foundation

/// An area ready to draw: projected polygons (each a list of rings, outer first) in metres with
/// y pointing north, plus where to put a short label if the map shows labels.
public struct MapArea: Sendable, Hashable, Identifiable {
    public var code: String
    public var name: String
    public var polygons: [[[ProjectedPoint]]]
    public var labelPoint: ProjectedPoint?
    public var label: String?

    public init(code: String, name: String, polygons: [[[ProjectedPoint]]], labelPoint: ProjectedPoint? = nil, label: String? = nil) {
        self.code = code
        self.name = name
        self.polygons = polygons
        self.labelPoint = labelPoint
        self.label = label
    }

    /// A boundary projected for drawing, labelled at its pole of inaccessibility.
    public init(boundary: Boundary, projection: MapProjection = .britishNationalGrid) {
        let polygons = boundary.polygons.map { $0.rings.map { $0.map(projection.project) } }
        self.init(code: boundary.code, name: boundary.name, polygons: polygons,
                  labelPoint: boundary.interiorPoint(precision: 1e-4).map(projection.project))
    }

    public var id: String { code }
}

/// Renders a choropleth map as an SVG string for inlining in an HTML page.
///
/// Accessibility: the `<svg>` has `role="img"` and an `aria-label` summarising the map; every
/// area is a focusable `<path>` (`tabindex="0"`, class `cohesion-map-area` for the site's focus
/// style) whose `<title>` gives its name and value. The same figures must also be given as a
/// table on the page. Missing values are hatched and labelled "No data" so they never read as
/// the lowest shade. The picture scales to its container (`width="100%"` and a `viewBox`).
public struct ChoroplethMap: Sendable {
    public var title: String
    public var areas: [MapArea]
    /// Values by area code; a code without a value (or with a non-finite one) shows "No data".
    public var values: [String: Double]
    public var method: ClassificationMethod
    public var bins: Int
    public var format: ValueFormat
    public var palette: SequentialPalette
    public var showsLabels: Bool
    /// Prefix for ids inside the SVG, so two maps on one page don't share a hatch pattern id.
    public var idPrefix: String
    /// Draw the key inside the SVG. A page that scales the map down to a phone's width gives the
    /// key as HTML instead (`legendEntries`), so its text stays at a readable size.
    public var includesLegend = true

    public init(title: String, areas: [MapArea], values: [String: Double], method: ClassificationMethod = .quantiles,
                bins: Int = 5, format: ValueFormat = .integer, palette: SequentialPalette = .viridis,
                showsLabels: Bool = false, idPrefix: String = "cohesion-map") {
        self.title = title
        self.areas = areas
        self.values = values
        self.method = method
        self.bins = bins
        self.format = format
        self.palette = palette
        self.showsLabels = showsLabels
        self.idPrefix = idPrefix.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }

    /// Map width in viewBox units; the height follows the areas' shape.
    static let width = 1000.0
    static let padding = 10.0
    static let legendRow = 36.0
    static let fontSize = 22.0

    public var classification: Classification {
        Classification(values: areas.compactMap { values[$0.code] }, method: method, bins: bins)
    }

    /// The colour of each bin, lightest first.
    public var binColours: [RGBColour] { palette.colours(classification.binCount) }

    public func svg() -> String {
        let frame = MapFrame(areas: areas, width: Self.width, padding: Self.padding)
        let classes = classification
        let colours = palette.colours(classes.binCount)
        let hasMissing = areas.contains { values[$0.code].map { !$0.isFinite } ?? true }
        let legendRows = classes.binCount + (hasMissing ? 1 : 0)
        let legendTop = frame.height + Self.padding
        let height = includesLegend ? legendTop + Self.legendRow * Double(legendRows + 1) + Self.padding : legendTop
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVGText.number(Self.width)) \(SVGText.number(height))\""
        out += " width=\"100%\" preserveAspectRatio=\"xMidYMin meet\" role=\"img\" aria-label=\"\(SVGText.escape(summary(classes, hasMissing)))\""
        out += " font-family=\"\(SVGText.fontFamily)\">"
        out += "<title>\(SVGText.escape(title))</title>"
        if hasMissing { out += hatchPattern() }
        out += "<g stroke=\"#ffffff\" stroke-width=\"1.5\" stroke-linejoin=\"round\">"
        for area in areas {
            out += path(for: area, frame: frame, fill: fill(for: area, classes, colours))
        }
        out += "</g>"
        if showsLabels { out += labels(frame: frame, classes: classes, colours: colours) }
        if includesLegend { out += legend(top: legendTop, classes: classes, colours: colours, hasMissing: hasMissing) }
        out += "</svg>"
        return out
    }

    /// The key's rows, lightest first: each bin's colour (nil for the hatched "No data") and label.
    public func legendEntries() -> [(colour: RGBColour?, label: String)] {
        let classes = classification
        let colours = palette.colours(classes.binCount)
        var rows: [(colour: RGBColour?, label: String)] = (0..<classes.binCount).map { (colours[$0], classes.label(ofBin: $0, format: format)) }
        if areas.contains(where: { values[$0.code].map { !$0.isFinite } ?? true }) { rows.append((nil, "No data")) }
        return rows
    }

    private func summary(_ classes: Classification, _ hasMissing: Bool) -> String {
        var text = "\(title). Map of \(areas.count) areas shaded in \(classes.binCount) group\(classes.binCount == 1 ? "" : "s")"
        if let low = classes.breaks.first, let high = classes.breaks.last {
            text += " from \(format.string(low)) (lightest) to \(format.string(high)) (darkest)"
        }
        let missing = areas.filter { values[$0.code].map { !$0.isFinite } ?? true }.count
        if hasMissing { text += "; \(missing) with no data, hatched" }
        return text + "."
    }

    private var hatchID: String { "\(idPrefix)-no-data" }

    /// Grey with dark diagonal lines: reads as "missing" in colour, in greyscale and in print.
    private func hatchPattern() -> String {
        "<defs><pattern id=\"\(hatchID)\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + "<rect width=\"8\" height=\"8\" fill=\"#e4e4e4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#6f777b\" stroke-width=\"3\"/></pattern></defs>"
    }

    private func fill(for area: MapArea, _ classes: Classification, _ colours: [RGBColour]) -> String {
        guard let value = values[area.code], let bin = classes.bin(for: value), bin < colours.count else { return "url(#\(hatchID))" }
        return colours[bin].hex
    }

    private func valueText(for area: MapArea) -> String {
        guard let value = values[area.code], value.isFinite else { return "No data" }
        return format.string(value)
    }

    private func path(for area: MapArea, frame: MapFrame, fill: String) -> String {
        let d = frame.pathData(area.polygons)
        let text = SVGText.escape("\(area.name): \(valueText(for: area))")
        return "<path class=\"cohesion-map-area\" data-code=\"\(SVGText.escape(area.code))\" d=\"\(d)\" fill=\"\(fill)\" fill-rule=\"evenodd\" tabindex=\"0\"><title>\(text)</title></path>"
    }

    private func labels(frame: MapFrame, classes: Classification, colours: [RGBColour]) -> String {
        var out = "<g aria-hidden=\"true\" font-size=\"\(SVGText.number(frame.labelSize))\" text-anchor=\"middle\" dominant-baseline=\"central\" pointer-events=\"none\">"
        for area in areas {
            guard let point = area.labelPoint, let label = area.label, !label.isEmpty else { continue }
            let background = values[area.code].flatMap(classes.bin(for:)).flatMap { $0 < colours.count ? colours[$0] : nil }
                ?? RGBColour(hex: "#e4e4e4") ?? .white
            let p = frame.place(point)
            out += "<text x=\"\(SVGText.number(p.x))\" y=\"\(SVGText.number(p.y))\" fill=\"\(background.readableTextColour.hex)\">\(SVGText.escape(label))</text>"
        }
        return out + "</g>"
    }

    private func legend(top: Double, classes: Classification, colours: [RGBColour], hasMissing: Bool) -> String {
        let x = Self.padding, swatch = 26.0, size = Self.fontSize
        var out = "<g font-size=\"\(SVGText.number(size))\" fill=\"\(SVGText.textColour)\">"
        out += "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(top + size))\" font-weight=\"bold\">Key</text>"
        var rows: [(fill: String, label: String)] = (0..<classes.binCount).map { (colours[$0].hex, classes.label(ofBin: $0, format: format)) }
        if hasMissing { rows.append(("url(#\(hatchID))", "No data")) }
        for (i, row) in rows.enumerated() {
            let y = top + Self.legendRow * Double(i + 1)
            out += "<rect x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y + 4))\" width=\"\(SVGText.number(swatch))\" height=\"\(SVGText.number(swatch))\" fill=\"\(row.fill)\" stroke=\"\(SVGText.textColour)\" stroke-width=\"1\"/>"
            out += "<text x=\"\(SVGText.number(x + swatch + 12))\" y=\"\(SVGText.number(y + 4 + swatch / 2))\" dominant-baseline=\"central\">\(SVGText.escape(row.label))</text>"
        }
        return out + "</g>"
    }
}

/// Maps projected metres into viewBox units: uniform scale so shapes keep their proportions,
/// and y flipped because SVG's y grows downwards while northings grow northwards.
struct MapFrame {
    let minX: Double, maxY: Double, scale: Double, padding: Double
    let width: Double, height: Double
    let labelSize: Double

    init(areas: [MapArea], width: Double, padding: Double) {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for area in areas {
            for polygon in area.polygons { for ring in polygon { for p in ring {
                minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
            } } }
        }
        if !minX.isFinite { (minX, minY, maxX, maxY) = (0, 0, 1, 1) }
        let spanX = max(maxX - minX, 1e-9), spanY = max(maxY - minY, 1e-9)
        let scale = (width - 2 * padding) / spanX
        self.minX = minX
        self.maxY = maxY
        self.scale = scale
        self.padding = padding
        self.width = width
        self.height = spanY * scale + 2 * padding
        labelSize = min(24, max(12, width / max(8, Double(areas.count).squareRoot() * 4)))
    }

    func place(_ p: ProjectedPoint) -> (x: Double, y: Double) {
        (padding + (p.x - minX) * scale, padding + (maxY - p.y) * scale)
    }

    /// SVG path data, one subpath per ring, with points that round to the same tenth dropped.
    func pathData(_ polygons: [[[ProjectedPoint]]]) -> String {
        var d = ""
        for polygon in polygons {
            for ring in polygon {
                var last = ""
                var count = 0
                for (i, point) in ring.enumerated() {
                    let p = place(point)
                    let text = "\(SVGText.number(p.x)) \(SVGText.number(p.y))"
                    if text == last { continue }
                    if i == ring.count - 1 && count > 0 && ring.first == point { break } // Z closes it
                    d += (count == 0 ? "M" : "L") + text
                    last = text
                    count += 1
                }
                if count > 0 { d += "Z" }
            }
        }
        return d
    }
}
