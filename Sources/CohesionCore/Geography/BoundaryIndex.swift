/// Answers "which area contains this point?" for a set of boundaries, fast enough to place every
/// address of an import (hundreds of thousands of calls a second on one core).
///
/// Algorithm:
/// 1. At build time the district's bounding box is divided into a grid of about
///    `cellsPerSide × cellsPerSide` cells. Each cell lists the polygons (area, part) whose
///    bounding boxes overlap it, in the order the areas were given.
/// 2. A query finds its cell in O(1), skips polygons whose own bounding box misses the point,
///    and runs the crossing-number (even-odd) test over every ring of the rest, so holes are
///    outside and any part of a MultiPolygon counts.
/// 3. Points on a border: each edge is half-open in latitude and a point exactly on an edge
///    does not count as crossing it (see `PlaneGeometry.crossesOddly`). So for two areas
///    sharing an edge, a point on it is in exactly one of them: the eastern one for a
///    north–south edge, the northern one for an east–west edge. If publishers' boundaries
///    overlap (simplified files can), the area given first wins. Either way the same point
///    always gets the same answer.
public struct BoundaryIndex: Sendable {
    private struct Part: Sendable {
        let area: Int
        let polygon: GeoPolygon
        let box: GeoBoundingBox
    }

    public let boundaries: [Boundary]
    private let parts: [Part]
    private let grid: [[Int32]]
    private let box: GeoBoundingBox?
    private let columns: Int
    private let rows: Int

    public init(_ boundaries: [Boundary], cellsPerSide: Int = 64) {
        self.boundaries = boundaries
        var parts: [Part] = []
        for (area, boundary) in boundaries.enumerated() {
            for polygon in boundary.polygons {
                if let box = polygon.boundingBox { parts.append(Part(area: area, polygon: polygon, box: box)) }
            }
        }
        self.parts = parts
        let box = parts.map(\.box).reduce(nil) { $0?.union($1) ?? $1 }
        self.box = box
        columns = max(1, cellsPerSide)
        rows = max(1, cellsPerSide)
        grid = Self.buildGrid(parts.map(\.box), in: box, columns: columns, rows: rows)
    }

    public init(_ set: BoundarySet, cellsPerSide: Int = 64) {
        self.init(set.boundaries, cellsPerSide: cellsPerSide)
    }

    /// The area containing the point, or nil when it is outside them all.
    public func boundary(containing p: GeoPosition) -> Boundary? {
        firstArea(containing: p).map { boundaries[$0] }
    }

    /// Shorthand returning only the code.
    public func code(containing p: GeoPosition) -> String? {
        boundary(containing: p)?.code
    }

    /// Every area containing the point, in the given order; more than one only where the
    /// boundaries overlap, which a data-quality check may want to report.
    public func boundaries(containing p: GeoPosition) -> [Boundary] {
        var seen = Set<Int>()
        var result: [Boundary] = []
        for index in candidates(for: p) {
            let part = parts[Int(index)]
            if !seen.contains(part.area), part.box.contains(p), part.polygon.contains(p) {
                seen.insert(part.area)
                result.append(boundaries[part.area])
            }
        }
        return result
    }

    private func firstArea(containing p: GeoPosition) -> Int? {
        for index in candidates(for: p) {
            let part = parts[Int(index)]
            if part.box.contains(p), part.polygon.contains(p) { return part.area }
        }
        return nil
    }

    private func candidates(for p: GeoPosition) -> [Int32] {
        guard let box, box.contains(p), let cell = Self.cell(of: p, in: box, columns: columns, rows: rows) else { return [] }
        return grid[cell.row * columns + cell.column]
    }

    private static func cell(of p: GeoPosition, in box: GeoBoundingBox, columns: Int, rows: Int) -> (column: Int, row: Int)? {
        let width = box.maxLongitude - box.minLongitude, height = box.maxLatitude - box.minLatitude
        let fx = width > 0 ? (p.longitude - box.minLongitude) / width : 0
        let fy = height > 0 ? (p.latitude - box.minLatitude) / height : 0
        guard fx.isFinite, fy.isFinite else { return nil }
        let column = min(columns - 1, max(0, Int(fx * Double(columns))))
        let row = min(rows - 1, max(0, Int(fy * Double(rows))))
        return (column, row)
    }

    /// Each part is listed in every cell its bounding box touches; cell lists keep part order,
    /// which is area order, so "first match wins" means "first area given wins".
    private static func buildGrid(_ boxes: [GeoBoundingBox], in box: GeoBoundingBox?, columns: Int, rows: Int) -> [[Int32]] {
        var grid = Array(repeating: [Int32](), count: columns * rows)
        guard let box else { return grid }
        for (index, part) in boxes.enumerated() {
            let low = GeoPosition(longitude: part.minLongitude, latitude: part.minLatitude)
            let high = GeoPosition(longitude: part.maxLongitude, latitude: part.maxLatitude)
            guard let a = cell(of: low, in: box, columns: columns, rows: rows),
                  let b = cell(of: high, in: box, columns: columns, rows: rows) else { continue }
            for row in a.row...b.row {
                for column in a.column...b.column { grid[row * columns + column].append(Int32(index)) }
            }
        }
        return grid
    }
}
