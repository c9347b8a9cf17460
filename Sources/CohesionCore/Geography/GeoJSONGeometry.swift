/// Any JSON value. GeoJSON properties vary by publisher and year, so they are read loosely
/// first and checked afterwards, giving messages about the feature rather than about decoding.
enum JSONValue: Decodable, Sendable, Hashable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var numberValue: Double? { if case .number(let n) = self { n } else { nil } }

    /// Strings as they are; numbers written as codes (rare, but seen) as whole numbers.
    var stringValue: String? {
        switch self {
        case .string(let s): s
        case .number(let n) where n == n.rounded() && abs(n) < 1e15: String(Int(n))
        default: nil
        }
    }
}

/// Turns a GeoJSON geometry into validated polygons, checking in the order a person would fix
/// things: shape of the JSON, then each position, then each ring, then crossings.
enum GeoJSONGeometry {
    static func polygons(of geometry: JSONValue?, feature: FeatureReference) throws(GeoJSONBoundaryError) -> [GeoPolygon] {
        guard let object = geometry?.objectValue else { throw .missingGeometry(feature) }
        let type = object["type"]?.stringValue ?? "(none)"
        guard let coordinates = object["coordinates"]?.arrayValue else {
            if type != "Polygon" && type != "MultiPolygon" { throw .unknownGeometryType(feature, type: type) }
            throw .malformedCoordinates(feature, detail: "\"coordinates\" is missing or not an array")
        }
        switch type {
        case "Polygon":
            return [try polygon(coordinates, index: 0, feature: feature)]
        case "MultiPolygon":
            var result: [GeoPolygon] = []
            for (i, item) in coordinates.enumerated() {
                guard let rings = item.arrayValue else {
                    throw .malformedCoordinates(feature, detail: "polygon \(i) is not an array of rings")
                }
                result.append(try polygon(rings, index: i, feature: feature))
            }
            if result.isEmpty { throw .malformedCoordinates(feature, detail: "the MultiPolygon has no polygons") }
            return result
        default:
            throw .unknownGeometryType(feature, type: type)
        }
    }

    static func polygon(_ rings: [JSONValue], index p: Int, feature: FeatureReference) throws(GeoJSONBoundaryError) -> GeoPolygon {
        guard !rings.isEmpty else { throw .polygonWithoutRings(feature, polygon: p) }
        var result: [[GeoPosition]] = []
        for (r, item) in rings.enumerated() {
            guard let positions = item.arrayValue else {
                throw .malformedCoordinates(feature, detail: "ring \(r) of polygon \(p) is not an array of positions")
            }
            result.append(try ring(positions, polygon: p, ring: r, feature: feature))
        }
        if let edges = PlaneGeometry.firstSelfIntersection(result[0]) {
            throw .selfIntersectingRing(feature, polygon: p, edges: edges)
        }
        return GeoPolygon(rings: result)
    }

    static func ring(_ items: [JSONValue], polygon p: Int, ring r: Int, feature: FeatureReference) throws(GeoJSONBoundaryError) -> [GeoPosition] {
        var ring: [GeoPosition] = []
        ring.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let pair = item.arrayValue, pair.count >= 2, let lon = pair[0].numberValue, let lat = pair[1].numberValue else {
                throw .malformedCoordinates(feature, detail: "position \(i) of ring \(r) of polygon \(p) is not [longitude, latitude]")
            }
            guard lon.isFinite, lat.isFinite else { throw .nonFiniteCoordinate(feature, polygon: p, ring: r, position: i) }
            guard (-180...180).contains(lon), (-90...90).contains(lat) else {
                throw .coordinateOutOfRange(feature, polygon: p, ring: r, position: i, longitude: lon, latitude: lat)
            }
            ring.append(GeoPosition(longitude: lon, latitude: lat))
        }
        guard ring.count >= 4 else { throw .ringTooShort(feature, polygon: p, ring: r, positions: ring.count) }
        guard ring.first == ring.last else { throw .ringNotClosed(feature, polygon: p, ring: r) }
        return ring
    }
}
