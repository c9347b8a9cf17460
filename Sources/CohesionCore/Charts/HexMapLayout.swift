import Foundation

/// Lays areas out as equal hexagons, the default map when no boundaries have been imported.
/// Equal shapes also stop big rural wards from dominating a map of where people live.
///
/// Layout (deterministic, so a map doesn't shuffle between page loads):
/// - With a centroid for every area: the centroids are projected to British National Grid,
///   scaled onto a hex grid with about 1.6 cells per area (compact, yet room to keep neighbours near), and each area (in code
///   order) takes the free hexagon nearest its scaled centroid; ties go to the earlier hexagon.
/// - Otherwise: areas sorted by name fill rows left to right, top to bottom, in a roughly square
///   block.
/// Hexagons are pointy-topped with odd rows shifted half a hexagon right.
public enum HexMapLayout {
    public struct Item: Sendable, Hashable {
        public var code: String
        public var name: String
        public var centroid: GeoPosition?
        /// Short text drawn on the hexagon; nil uses the name's initials ("Aldridge Central and South" → "ACS").
        public var label: String?

        public init(code: String, name: String, centroid: GeoPosition? = nil, label: String? = nil) {
            self.code = code
            self.name = name
            self.centroid = centroid
            self.label = label
        }
    }

    /// Hexagon circumradius in the layout's units; the renderer rescales anyway.
    static let radius = 100.0

    public static func layout(_ items: [Item]) -> [MapArea] {
        guard !items.isEmpty else { return [] }
        let cells: [(column: Int, row: Int)]
        let ordered: [Item]
        if items.allSatisfy({ $0.centroid != nil }) {
            ordered = items.sorted { $0.code < $1.code }
            cells = placeNearCentroids(ordered)
        } else {
            ordered = items.sorted { ($0.name, $0.code) < ($1.name, $1.code) }
            let columns = Int(Double(ordered.count).squareRoot().rounded(.up))
            cells = ordered.indices.map { ($0 % columns, $0 / columns) }
        }
        return zip(ordered, cells).map { item, cell in
            let centre = centreOf(column: cell.column, row: cell.row)
            return MapArea(code: item.code, name: item.name, polygons: [[hexagon(around: centre)]],
                           labelPoint: centre, label: item.label ?? initials(of: item.name))
        }
    }

    /// Row 0 is the top row, so y (north) decreases with the row number.
    static func centreOf(column: Int, row: Int) -> ProjectedPoint {
        let w = 3.0.squareRoot() * radius
        let shift = row.isMultiple(of: 2) ? 0 : w / 2
        return ProjectedPoint(x: Double(column) * w + shift, y: -Double(row) * 1.5 * radius)
    }

    static func hexagon(around c: ProjectedPoint) -> [ProjectedPoint] {
        let corners = (0..<6).map { k -> ProjectedPoint in
            let angle = Double.pi / 180 * (60 * Double(k) - 30)
            return ProjectedPoint(x: c.x + radius * cos(angle), y: c.y + radius * sin(angle))
        }
        return corners + [corners[0]]
    }

    private static func placeNearCentroids(_ items: [Item]) -> [(column: Int, row: Int)] {
        let points = items.map { BritishNationalGrid.project($0.centroid ?? GeoPosition(longitude: 0, latitude: 0)) }
        let minX = points.map(\.x).min() ?? 0, maxX = points.map(\.x).max() ?? 1
        let minY = points.map(\.y).min() ?? 0, maxY = points.map(\.y).max() ?? 1
        let aspect = max(0.25, min(4, (maxX - minX) / max(maxY - minY, 1)))
        let target = Double(items.count) * 1.6
        let columns = max(1, Int((target * aspect).squareRoot().rounded(.up)))
        let rows = max(1, Int((target / Double(columns)).rounded(.up)))
        let far = centreOf(column: columns - 1, row: rows - 1)
        var free = (0..<rows).flatMap { r in (0..<columns).map { (column: $0, row: r) } }
        var result: [(column: Int, row: Int)] = []
        for p in points {
            let fx = maxX > minX ? (p.x - minX) / (maxX - minX) : 0.5
            let fy = maxY > minY ? (maxY - p.y) / (maxY - minY) : 0.5
            let want = ProjectedPoint(x: fx * far.x, y: fy * far.y)
            let best = free.indices.min { a, b in
                distance(centreOf(column: free[a].column, row: free[a].row), want)
                    < distance(centreOf(column: free[b].column, row: free[b].row), want)
            } ?? 0
            result.append(free.remove(at: best))
        }
        return result
    }

    private static func distance(_ a: ProjectedPoint, _ b: ProjectedPoint) -> Double {
        (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)
    }

    /// Initials of the significant words, at most four letters; a one-word name keeps its first
    /// three letters, so Pleck, Pelsall and Paddock don't all read "P".
    public static func initials(of name: String) -> String {
        let minor: Set<String> = ["and", "&", "of", "the", "with", "on", "in", "-"]
        let words = name.split(whereSeparator: { $0 == " " || $0 == "," }).filter { !minor.contains($0.lowercased()) }
        if words.count == 1, let word = words.first { return String(word.filter(\.isLetter).prefix(3)) }
        return String(words.compactMap(\.first).filter(\.isLetter).prefix(4)).uppercased()
    }
}
