import Foundation

/// Which feature a problem is in: its position in the file (from 0) and its code, when known,
/// so a message points the person importing straight at it.
public struct FeatureReference: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var code: String?

    public init(index: Int, code: String?) {
        self.index = index
        self.code = code
    }

    public var description: String {
        code.map { "Feature \(index) (\($0))" } ?? "Feature \(index)"
    }
}

/// Why a GeoJSON boundary file was rejected. Each case names the feature and, for geometry,
/// the polygon and ring (counted from 0), so the file can be fixed without guesswork.
public enum GeoJSONBoundaryError: Error, Sendable, Hashable, CustomStringConvertible {
    case notJSON(detail: String)
    case notAFeatureCollection(type: String?)
    case noFeatures
    case noCodeProperty(tried: String)
    case missingCode(FeatureReference, property: String)
    case duplicateCode(String, firstFeature: Int, secondFeature: Int)
    case missingGeometry(FeatureReference)
    case unknownGeometryType(FeatureReference, type: String)
    case malformedCoordinates(FeatureReference, detail: String)
    case polygonWithoutRings(FeatureReference, polygon: Int)
    case ringTooShort(FeatureReference, polygon: Int, ring: Int, positions: Int)
    case ringNotClosed(FeatureReference, polygon: Int, ring: Int)
    case nonFiniteCoordinate(FeatureReference, polygon: Int, ring: Int, position: Int)
    case coordinateOutOfRange(FeatureReference, polygon: Int, ring: Int, position: Int, longitude: Double, latitude: Double)
    case selfIntersectingRing(FeatureReference, polygon: Int, edges: (Int, Int))

    public var description: String {
        switch self {
        case .notJSON(let detail): "The file is not valid JSON: \(detail)"
        case .notAFeatureCollection(let type): "The file must be a GeoJSON FeatureCollection, but its type is \(type.map { "\"\($0)\"" } ?? "missing")"
        case .noFeatures: "The FeatureCollection has no features"
        case .noCodeProperty(let tried): "No feature has an area code property; looked for \(tried)"
        case .missingCode(let f, let property): "\(f) has no \"\(property)\" code"
        case .duplicateCode(let code, let first, let second): "Code \(code) appears twice: features \(first) and \(second)"
        case .missingGeometry(let f): "\(f) has no geometry"
        case .unknownGeometryType(let f, let type): "\(f) has geometry type \"\(type)\"; only Polygon and MultiPolygon are boundaries"
        case .malformedCoordinates(let f, let detail): "\(f) has malformed coordinates: \(detail)"
        case .polygonWithoutRings(let f, let p): "\(f): polygon \(p) has no rings"
        case .ringTooShort(let f, let p, let r, let n): "\(f): ring \(r) of polygon \(p) has \(n) positions; a ring needs at least 4"
        case .ringNotClosed(let f, let p, let r): "\(f): ring \(r) of polygon \(p) is not closed (its last position must repeat its first)"
        case .nonFiniteCoordinate(let f, let p, let r, let i): "\(f): position \(i) of ring \(r) of polygon \(p) is not a finite number"
        case .coordinateOutOfRange(let f, let p, let r, let i, let lon, let lat):
            "\(f): position \(i) of ring \(r) of polygon \(p) is (\(lon), \(lat)), outside longitude −180…180 and latitude −90…90; is the file in WGS84 longitude/latitude?"
        case .selfIntersectingRing(let f, let p, let edges): "\(f): the outer ring of polygon \(p) crosses itself (edges \(edges.0) and \(edges.1))"
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

/// The areas of one GeoJSON file, with the property names their codes and names came from.
public struct BoundarySet: Sendable, Hashable {
    public var boundaries: [Boundary]
    public var codeProperty: String
    public var nameProperty: String?

    public init(boundaries: [Boundary], codeProperty: String, nameProperty: String?) {
        self.boundaries = boundaries
        self.codeProperty = codeProperty
        self.nameProperty = nameProperty
    }

    public var codes: [String] { boundaries.map(\.code) }
    public subscript(code: String) -> Boundary? { boundaries.first { $0.code == code } }

    public var boundingBox: GeoBoundingBox? {
        boundaries.compactMap(\.boundingBox).reduce(nil) { $0?.union($1) ?? $1 }
    }

    /// Reads a FeatureCollection of Polygon and MultiPolygon features in WGS84 longitude/latitude.
    /// All or nothing: the first problem found is thrown and no boundaries are returned.
    ///
    /// - Parameters:
    ///   - codeProperty: the property holding the GSS code; nil finds it by its ONS name
    ///     (`WD24CD`, `LSOA21CD`, …; see `BoundaryPropertyNames`).
    ///   - nameProperty: the property holding the area's name; nil uses the code property's
    ///     `…NM` partner when present, and the code otherwise.
    public static func decode(geoJSON data: Data, codeProperty: String? = nil, nameProperty: String? = nil) throws(GeoJSONBoundaryError) -> BoundarySet {
        let features = try featureObjects(in: data)
        let properties = features.map { $0["properties"]?.objectValue ?? [:] }
        let codeKey: String
        if let codeProperty { codeKey = codeProperty } else { codeKey = try BoundaryPropertyNames.codeProperty(in: properties) }
        let nameKey = nameProperty ?? BoundaryPropertyNames.nameProperty(forCode: codeKey, in: properties)
        var boundaries: [Boundary] = []
        var seen: [String: Int] = [:]
        for (index, feature) in features.enumerated() {
            let strings = properties[index].compactMapValues(\.stringValue)
            guard let code = strings[codeKey]?.trimmingSpaces, !code.isEmpty else {
                throw .missingCode(FeatureReference(index: index, code: nil), property: codeKey)
            }
            if let first = seen[code] { throw .duplicateCode(code, firstFeature: first, secondFeature: index) }
            seen[code] = index
            let reference = FeatureReference(index: index, code: code)
            let polygons = try GeoJSONGeometry.polygons(of: feature["geometry"], feature: reference)
            let name = nameKey.flatMap { strings[$0] } ?? code
            boundaries.append(Boundary(code: code, name: name, polygons: polygons, properties: strings))
        }
        return BoundarySet(boundaries: boundaries, codeProperty: codeKey, nameProperty: nameKey)
    }

    /// Convenience for text already in memory.
    public static func decode(geoJSON text: String, codeProperty: String? = nil, nameProperty: String? = nil) throws(GeoJSONBoundaryError) -> BoundarySet {
        try decode(geoJSON: Data(text.utf8), codeProperty: codeProperty, nameProperty: nameProperty)
    }

    private static func featureObjects(in data: Data) throws(GeoJSONBoundaryError) -> [[String: JSONValue]] {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw .notJSON(detail: String(describing: error).prefix(200).description)
        }
        let type = root.objectValue?["type"]?.stringValue
        guard type == "FeatureCollection", let list = root.objectValue?["features"]?.arrayValue else {
            throw .notAFeatureCollection(type: type)
        }
        guard !list.isEmpty else { throw .noFeatures }
        var features: [[String: JSONValue]] = []
        for (index, item) in list.enumerated() {
            guard let object = item.objectValue, object["type"]?.stringValue == "Feature" else {
                throw .malformedCoordinates(FeatureReference(index: index, code: nil), detail: "the item is not a GeoJSON Feature")
            }
            features.append(object)
        }
        return features
    }
}

/// How ONS names the code and name columns of its boundary files: a level prefix, a two-digit
/// year and `CD` or `NM` (`WD22CD`, `LSOA21NM`, `LAD24CD`, …).
public enum BoundaryPropertyNames {
    /// Finest level first: a file of LSOAs also carries each LSOA's ward and district, and the
    /// feature's own level is always the finest one present.
    public static let levels = ["LSOA", "MSOA", "WD", "LAD", "CTYUA"]

    /// The level and year of a code property name, or nil when it is not one (case-insensitive).
    public static func parseCodeName(_ key: String) -> (level: String, year: Int)? {
        let upper = key.uppercased()
        guard upper.hasSuffix("CD") else { return nil }
        for level in levels where upper.hasPrefix(level) {
            let digits = upper.dropFirst(level.count).dropLast(2)
            guard digits.count == 2, digits.allSatisfy(\.isASCIIDigit), let year = Int(digits) else { continue }
            return (level, year)
        }
        return nil
    }

    /// The code property: the finest level present in any feature, newest year within it.
    static func codeProperty(in properties: [[String: JSONValue]]) throws(GeoJSONBoundaryError) -> String {
        var keys = Set<String>()
        for object in properties { keys.formUnion(object.keys) }
        let ranked = keys.compactMap { key in parseCodeName(key).map { (key, $0.level, $0.year) } }
            .sorted { a, b in
                let la = levels.firstIndex(of: a.1) ?? 0, lb = levels.firstIndex(of: b.1) ?? 0
                return la != lb ? la < lb : (a.2 != b.2 ? a.2 > b.2 : a.0 < b.0)
            }
        guard let best = ranked.first else {
            throw .noCodeProperty(tried: "WD24CD, LSOA21CD and other names of the form (WD|LSOA|MSOA|LAD|CTYUA) + two digits + CD")
        }
        return best.0
    }

    /// The `…NM` partner of the code property, matched case-insensitively, if any feature has it.
    static func nameProperty(forCode codeKey: String, in properties: [[String: JSONValue]]) -> String? {
        let wanted = (codeKey.dropLast(2) + "NM").uppercased()
        for object in properties {
            if let key = object.keys.first(where: { $0.uppercased() == wanted }) { return key }
        }
        return nil
    }
}
