/// Planar geometry on longitude/latitude treated as x/y. Over an area the size of a district the
/// distortion does not change which side of an edge a point is on, so these are exact enough.
enum PlaneGeometry {
    /// Crossing-number test for one ring: true when a ray from (x, y) towards +x crosses the
    /// ring an odd number of times. The test `(yi > y) != (yj > y)` counts each edge as
    /// half-open in y, so a vertex on the ray is counted once, not twice, and a point on an edge
    /// shared by two neighbouring rings is inside exactly one of them.
    static func crossesOddly(_ ring: [GeoPosition], x: Double, y: Double) -> Bool {
        var odd = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            if (a.latitude > y) != (b.latitude > y) {
                let crossX = a.longitude + (y - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
                if x < crossX { odd.toggle() }
            }
            j = i
        }
        return odd
    }

    /// Shoelace area, always positive.
    static func area(_ ring: [GeoPosition]) -> Double {
        guard ring.count > 2 else { return 0 }
        var twice = 0.0
        var j = ring.count - 1
        for i in ring.indices {
            twice += (ring[j].longitude * ring[i].latitude) - (ring[i].longitude * ring[j].latitude)
            j = i
        }
        return abs(twice) / 2
    }

    /// Sign of the turn a → b → c: positive anticlockwise, negative clockwise, 0 collinear.
    static func orientation(_ a: GeoPosition, _ b: GeoPosition, _ c: GeoPosition) -> Double {
        let v = (b.longitude - a.longitude) * (c.latitude - a.latitude) - (b.latitude - a.latitude) * (c.longitude - a.longitude)
        return v > 0 ? 1 : (v < 0 ? -1 : 0)
    }

    /// Whether c lies within the bounding box of a–b (used only once a, b, c are collinear).
    static func onSegment(_ a: GeoPosition, _ b: GeoPosition, _ c: GeoPosition) -> Bool {
        c.longitude >= min(a.longitude, b.longitude) && c.longitude <= max(a.longitude, b.longitude)
            && c.latitude >= min(a.latitude, b.latitude) && c.latitude <= max(a.latitude, b.latitude)
    }

    /// Whether closed segments p1–p2 and q1–q2 meet, touching included.
    static func segmentsIntersect(_ p1: GeoPosition, _ p2: GeoPosition, _ q1: GeoPosition, _ q2: GeoPosition) -> Bool {
        let d1 = orientation(q1, q2, p1), d2 = orientation(q1, q2, p2)
        let d3 = orientation(p1, p2, q1), d4 = orientation(p1, p2, q2)
        if d1 * d2 < 0 && d3 * d4 < 0 { return true }
        if d1 == 0 && onSegment(q1, q2, p1) { return true }
        if d2 == 0 && onSegment(q1, q2, p2) { return true }
        if d3 == 0 && onSegment(p1, p2, q1) { return true }
        if d4 == 0 && onSegment(p1, p2, q2) { return true }
        return false
    }

    /// Squared distance from p to segment a–b.
    static func squaredDistance(_ p: GeoPosition, _ a: GeoPosition, _ b: GeoPosition) -> Double {
        var x = a.longitude, y = a.latitude
        let dx = b.longitude - x, dy = b.latitude - y
        if dx != 0 || dy != 0 {
            let t = ((p.longitude - x) * dx + (p.latitude - y) * dy) / (dx * dx + dy * dy)
            if t > 1 { x = b.longitude; y = b.latitude } else if t > 0 { x += dx * t; y += dy * t }
        }
        let ex = p.longitude - x, ey = p.latitude - y
        return ex * ex + ey * ey
    }

    /// The first pair of non-adjacent edges of a closed ring that meet, or nil if the ring is
    /// simple. Edges are sorted by their left end and swept left to right, so only edges whose
    /// x-ranges overlap are compared: near O(n log n) for real boundaries, O(n²) at worst.
    /// Zero-length edges (repeated positions) are ignored rather than reported.
    static func firstSelfIntersection(_ ring: [GeoPosition]) -> (Int, Int)? {
        let edgeCount = ring.count - 1
        guard edgeCount >= 3 else { return nil }
        let edges = (0..<edgeCount).filter { ring[$0] != ring[$0 + 1] }
        let sorted = edges.sorted { minX(ring, $0) < minX(ring, $1) }
        for (k, i) in sorted.enumerated() {
            let right = maxX(ring, i)
            for j in sorted[(k + 1)...] {
                if minX(ring, j) > right { break }
                if areAdjacent(i, j, in: ring, edges: edgeCount) { continue }
                if segmentsIntersect(ring[i], ring[i + 1], ring[j], ring[j + 1]) { return (min(i, j), max(i, j)) }
            }
        }
        return nil
    }

    private static func minX(_ ring: [GeoPosition], _ i: Int) -> Double { min(ring[i].longitude, ring[i + 1].longitude) }
    private static func maxX(_ ring: [GeoPosition], _ i: Int) -> Double { max(ring[i].longitude, ring[i + 1].longitude) }

    /// Edges that share an endpoint along the ring (skipping zero-length edges between them)
    /// always touch, so they are not a crossing.
    private static func areAdjacent(_ i: Int, _ j: Int, in ring: [GeoPosition], edges: Int) -> Bool {
        let (a, b) = (min(i, j), max(i, j))
        let isEmpty = { (k: Int) in ring[k] == ring[k + 1] }
        if (a + 1..<b).allSatisfy(isEmpty) { return true }
        return (0..<a).allSatisfy(isEmpty) && (b + 1..<edges).allSatisfy(isEmpty)
    }
}

/// The pole of inaccessibility (the interior point farthest from the edge), found by the
/// quadtree search of Agafonkin's "polylabel": cover the polygon with square cells, keep
/// splitting the cell whose best possible distance beats the best found, stop when no cell
/// can improve by more than `precision`. Always returns a point inside for a valid polygon.
enum PoleOfInaccessibility {
    private struct Cell {
        let x: Double, y: Double, half: Double, distance: Double
        var potential: Double { distance + half * 2.0.squareRoot() }
    }

    static func find(in polygon: GeoPolygon, precision: Double) -> GeoPosition? {
        guard let box = polygon.boundingBox else { return nil }
        let width = box.maxLongitude - box.minLongitude, height = box.maxLatitude - box.minLatitude
        let size = min(width, height)
        if size == 0 { return polygon.outerRing.first }
        var cells: [Cell] = []
        var x = box.minLongitude
        while x < box.maxLongitude {
            var y = box.minLatitude
            while y < box.maxLatitude {
                cells.append(cell(x + size / 2, y + size / 2, size / 2, polygon))
                y += size
            }
            x += size
        }
        var best = cell(box.centre.longitude, box.centre.latitude, 0, polygon)
        while let index = cells.indices.max(by: { cells[$0].potential < cells[$1].potential }) {
            let c = cells.remove(at: index)
            if c.distance > best.distance { best = c }
            if c.potential - best.distance <= precision { continue }
            let h = c.half / 2
            for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
                cells.append(cell(c.x + dx, c.y + dy, h, polygon))
            }
        }
        return GeoPosition(longitude: best.x, latitude: best.y)
    }

    /// Signed distance from the cell centre to the polygon's edges: positive inside.
    private static func cell(_ x: Double, _ y: Double, _ half: Double, _ polygon: GeoPolygon) -> Cell {
        let p = GeoPosition(longitude: x, latitude: y)
        var nearest = Double.infinity
        for ring in polygon.rings {
            for i in 0..<(ring.count - 1) {
                nearest = min(nearest, PlaneGeometry.squaredDistance(p, ring[i], ring[i + 1]))
            }
        }
        let distance = nearest.squareRoot() * (polygon.contains(p) ? 1 : -1)
        return Cell(x: x, y: y, half: half, distance: distance)
    }
}
