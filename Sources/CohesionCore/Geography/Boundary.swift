/// A position on the WGS84 ellipsoid as GeoJSON (RFC 7946, CRS84) writes it: longitude first.
/// Kept as its own type so that a latitude can never be passed where a longitude is meant.
public struct GeoPosition: Sendable, Hashable, CustomStringConvertible {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// The order people say it in ("latitude, longitude"), for callers holding a postcode lookup.
    public init(latitude: Double, longitude: Double) {
        self.init(longitude: longitude, latitude: latitude)
    }

    public var description: String { "(\(longitude), \(latitude))" }
}

/// A rectangle in longitude and latitude, used to skip polygons cheaply before exact tests.
public struct GeoBoundingBox: Sendable, Hashable {
    public var minLongitude: Double
    public var minLatitude: Double
    public var maxLongitude: Double
    public var maxLatitude: Double

    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    /// The smallest box around the positions, or nil for none.
    public init?(_ positions: some Sequence<GeoPosition>) {
        var iterator = positions.makeIterator()
        guard let first = iterator.next() else { return nil }
        self.init(minLongitude: first.longitude, minLatitude: first.latitude,
                  maxLongitude: first.longitude, maxLatitude: first.latitude)
        while let p = iterator.next() { include(p) }
    }

    public mutating func include(_ p: GeoPosition) {
        minLongitude = min(minLongitude, p.longitude)
        maxLongitude = max(maxLongitude, p.longitude)
        minLatitude = min(minLatitude, p.latitude)
        maxLatitude = max(maxLatitude, p.latitude)
    }

    public func union(_ other: GeoBoundingBox) -> GeoBoundingBox {
        GeoBoundingBox(minLongitude: min(minLongitude, other.minLongitude),
                       minLatitude: min(minLatitude, other.minLatitude),
                       maxLongitude: max(maxLongitude, other.maxLongitude),
                       maxLatitude: max(maxLatitude, other.maxLatitude))
    }

    public func contains(_ p: GeoPosition) -> Bool {
        p.longitude >= minLongitude && p.longitude <= maxLongitude
            && p.latitude >= minLatitude && p.latitude <= maxLatitude
    }

    public var centre: GeoPosition {
        GeoPosition(longitude: (minLongitude + maxLongitude) / 2, latitude: (minLatitude + maxLatitude) / 2)
    }
}

/// One polygon: an outer ring followed by any holes. Rings are closed (first position repeated
/// last), as GeoJSON requires, and have at least four positions once decoded.
public struct GeoPolygon: Sendable, Hashable {
    public var rings: [[GeoPosition]]

    public init(rings: [[GeoPosition]]) {
        self.rings = rings
    }

    public var outerRing: [GeoPosition] { rings.first ?? [] }
    public var holes: ArraySlice<[GeoPosition]> { rings.dropFirst() }
    public var boundingBox: GeoBoundingBox? { GeoBoundingBox(outerRing) }

    /// Even-odd rule over every ring, so a point in a hole is outside. Points exactly on an edge
    /// get the half-open answer described on `BoundaryIndex`.
    public func contains(_ p: GeoPosition) -> Bool {
        var inside = false
        for ring in rings where PlaneGeometry.crossesOddly(ring, x: p.longitude, y: p.latitude) {
            inside.toggle()
        }
        return inside
    }
}

/// An area's boundary: its GSS code, its name and one or more polygons (a MultiPolygon when a
/// ward has detached parts). Other string properties of the feature are kept, e.g. the ward
/// an LSOA best fits.
public struct Boundary: Sendable, Hashable, Identifiable {
    public var code: String
    public var name: String
    public var polygons: [GeoPolygon]
    public var properties: [String: String]

    public init(code: String, name: String, polygons: [GeoPolygon], properties: [String: String] = [:]) {
        self.code = code
        self.name = name
        self.polygons = polygons
        self.properties = properties
    }

    public var id: String { code }
    public var gssCode: GSSCode? { GSSCode(code) }

    public var boundingBox: GeoBoundingBox? {
        polygons.compactMap(\.boundingBox).reduce(nil) { $0?.union($1) ?? $1 }
    }

    public func contains(_ p: GeoPosition) -> Bool {
        polygons.contains { poly in poly.boundingBox?.contains(p) == true && poly.contains(p) }
    }

    /// A point well inside the area (the pole of inaccessibility of its largest part), for
    /// labels and for tests that need a point certainly inside. Nil only for an empty boundary.
    public func interiorPoint(precision: Double = 1e-5) -> GeoPosition? {
        guard let largest = polygons.max(by: { PlaneGeometry.area($0.outerRing) < PlaneGeometry.area($1.outerRing) })
        else { return nil }
        return PoleOfInaccessibility.find(in: largest, precision: precision)
    }
}
