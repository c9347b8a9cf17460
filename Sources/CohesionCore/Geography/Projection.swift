import Foundation

/// A point on a flat map, in metres: x grows east, y grows north (as in eastings and northings).
public struct ProjectedPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public var easting: Double { x }
    public var northing: Double { y }
}

/// How to flatten longitude/latitude for drawing. British National Grid is the default for UK
/// maps because it is what Ordnance Survey and councils use, and it keeps shapes true at the
/// scale of a district; Web Mercator is there for comparison with web maps.
public enum MapProjection: String, Sendable, CaseIterable {
    case britishNationalGrid
    case webMercator

    public func project(_ p: GeoPosition) -> ProjectedPoint {
        switch self {
        case .britishNationalGrid: BritishNationalGrid.project(p)
        case .webMercator: WebMercator.project(p)
        }
    }

    public func unproject(_ p: ProjectedPoint) -> GeoPosition {
        switch self {
        case .britishNationalGrid: BritishNationalGrid.unproject(p)
        case .webMercator: WebMercator.unproject(p)
        }
    }
}

/// EPSG:3857, spherical Mercator on a sphere of WGS84's equatorial radius.
public enum WebMercator {
    static let radius = 6_378_137.0

    public static func project(_ p: GeoPosition) -> ProjectedPoint {
        let lat = min(max(p.latitude, -85.051_128_78), 85.051_128_78) * .pi / 180
        return ProjectedPoint(x: radius * p.longitude * .pi / 180, y: radius * log(tan(.pi / 4 + lat / 2)))
    }

    public static func unproject(_ p: ProjectedPoint) -> GeoPosition {
        GeoPosition(longitude: p.x / radius * 180 / .pi, latitude: (2 * atan(exp(p.y / radius)) - .pi / 2) * 180 / .pi)
    }
}

/// An ellipsoid by its semi-axes.
public struct Ellipsoid: Sendable, Hashable {
    public let a: Double
    public let b: Double
    public var eSquared: Double { (a * a - b * b) / (a * a) }

    public static let grs80 = Ellipsoid(a: 6_378_137.000, b: 6_356_752.3141)
    public static let airy1830 = Ellipsoid(a: 6_377_563.396, b: 6_356_256.909)
}

/// Earth-centred Cartesian coordinates in metres.
public struct Cartesian: Sendable, Hashable {
    public var x: Double, y: Double, z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
}

/// British National Grid (EPSG:27700) from WGS84 by the formulae of Ordnance Survey's
/// "A guide to coordinate systems in Great Britain" (annexes B and C):
/// WGS84 latitude/longitude → Cartesian on GRS80 → 7-parameter Helmert to OSGB36 → latitude and
/// longitude on Airy 1830 → Transverse Mercator with the National Grid's constants.
///
/// The Helmert step is OS's published approximation, good to about 5 m across Great Britain
/// (OSTN15 is needed for better). That is far finer than a ward map or an address-to-ward
/// lookup near a border needs. WGS84 is taken as ETRS89, which differs by under a metre.
public enum BritishNationalGrid {
    // Transverse Mercator constants of the National Grid (OS guide, table A.1).
    static let scaleFactor = 0.999_601_271_7
    static let originLatitude = 49.0 * .pi / 180
    static let originLongitude = -2.0 * .pi / 180
    static let falseEasting = 400_000.0
    static let falseNorthing = -100_000.0

    /// WGS84 → OSGB36 Helmert parameters (OS guide, section 6.6): translations in metres,
    /// scale in parts per million, rotations in arc-seconds.
    public struct Helmert: Sendable, Hashable {
        public var tx, ty, tz, scalePPM, rx, ry, rz: Double

        public static let wgs84ToOSGB36 = Helmert(tx: -446.448, ty: 125.157, tz: -542.060, scalePPM: 20.4894,
                                                  rx: -0.1502, ry: -0.2470, rz: -0.8421)

        /// The reverse shift: negating every parameter is OS's stated approximation, correct to
        /// millimetres for rotations and scales this small.
        public var inverse: Helmert {
            Helmert(tx: -tx, ty: -ty, tz: -tz, scalePPM: -scalePPM, rx: -rx, ry: -ry, rz: -rz)
        }

        public func apply(_ c: Cartesian) -> Cartesian {
            let s = 1 + scalePPM * 1e-6
            let toRadians = Double.pi / (180 * 3600)
            let (x, y, z) = (rx * toRadians, ry * toRadians, rz * toRadians)
            return Cartesian(x: tx + s * c.x - z * c.y + y * c.z,
                             y: ty + z * c.x + s * c.y - x * c.z,
                             z: tz - y * c.x + x * c.y + s * c.z)
        }
    }

    /// Eastings and northings of a WGS84 position.
    public static func project(_ p: GeoPosition) -> ProjectedPoint {
        let osgb36 = toOSGB36(p)
        return transverseMercator(latitude: osgb36.latitude, longitude: osgb36.longitude)
    }

    /// The WGS84 position of an easting and northing (the inverse of `project`, to centimetres).
    public static func unproject(_ p: ProjectedPoint) -> GeoPosition {
        let osgb36 = inverseTransverseMercator(p)
        let cartesian = toCartesian(osgb36, on: .airy1830)
        return fromCartesian(Helmert.wgs84ToOSGB36.inverse.apply(cartesian), on: .grs80)
    }

    /// WGS84 latitude/longitude to OSGB36 latitude/longitude (height taken as 0).
    public static func toOSGB36(_ p: GeoPosition) -> GeoPosition {
        fromCartesian(Helmert.wgs84ToOSGB36.apply(toCartesian(p, on: .grs80)), on: .airy1830)
    }

    /// OS guide annex B.1: latitude, longitude and ellipsoidal height to Cartesian.
    public static func toCartesian(_ p: GeoPosition, on e: Ellipsoid, height: Double = 0) -> Cartesian {
        let φ = p.latitude * .pi / 180, λ = p.longitude * .pi / 180
        let ν = e.a / (1 - e.eSquared * sin(φ) * sin(φ)).squareRoot()
        return Cartesian(x: (ν + height) * cos(φ) * cos(λ),
                         y: (ν + height) * cos(φ) * sin(λ),
                         z: ((1 - e.eSquared) * ν + height) * sin(φ))
    }

    /// OS guide annex B.2: Cartesian to latitude and longitude, iterating latitude to 1e-12 rad.
    public static func fromCartesian(_ c: Cartesian, on e: Ellipsoid) -> GeoPosition {
        let λ = atan2(c.y, c.x)
        let p = (c.x * c.x + c.y * c.y).squareRoot()
        var φ = atan2(c.z, p * (1 - e.eSquared))
        for _ in 0..<10 {
            let ν = e.a / (1 - e.eSquared * sin(φ) * sin(φ)).squareRoot()
            let next = atan2(c.z + e.eSquared * ν * sin(φ), p)
            if abs(next - φ) < 1e-12 { φ = next; break }
            φ = next
        }
        return GeoPosition(longitude: λ * 180 / .pi, latitude: φ * 180 / .pi)
    }

    /// OS guide annex C.1: OSGB36 latitude/longitude (degrees, on Airy 1830) to National Grid.
    public static func transverseMercator(latitude: Double, longitude: Double) -> ProjectedPoint {
        let e = Ellipsoid.airy1830, F0 = scaleFactor
        let φ = latitude * .pi / 180, λ = longitude * .pi / 180
        let sinφ = sin(φ), cosφ = cos(φ), tanφ = tan(φ)
        let ν = e.a * F0 / (1 - e.eSquared * sinφ * sinφ).squareRoot()
        let ρ = e.a * F0 * (1 - e.eSquared) / pow(1 - e.eSquared * sinφ * sinφ, 1.5)
        let η2 = ν / ρ - 1
        let M = meridionalArc(φ)
        let I = M + falseNorthing
        let II = ν / 2 * sinφ * cosφ
        let III = ν / 24 * sinφ * pow(cosφ, 3) * (5 - tanφ * tanφ + 9 * η2)
        let IIIA = ν / 720 * sinφ * pow(cosφ, 5) * (61 - 58 * tanφ * tanφ + pow(tanφ, 4))
        let IV = ν * cosφ
        let V = ν / 6 * pow(cosφ, 3) * (ν / ρ - tanφ * tanφ)
        let VI = ν / 120 * pow(cosφ, 5) * (5 - 18 * tanφ * tanφ + pow(tanφ, 4) + 14 * η2 - 58 * tanφ * tanφ * η2)
        let dλ = λ - originLongitude
        let N = I + II * pow(dλ, 2) + III * pow(dλ, 4) + IIIA * pow(dλ, 6)
        let E = falseEasting + IV * dλ + V * pow(dλ, 3) + VI * pow(dλ, 5)
        return ProjectedPoint(x: E, y: N)
    }

    /// OS guide annex C.2: National Grid to OSGB36 latitude/longitude.
    public static func inverseTransverseMercator(_ p: ProjectedPoint) -> GeoPosition {
        let e = Ellipsoid.airy1830, F0 = scaleFactor
        var φ = originLatitude + (p.y - falseNorthing) / (e.a * F0)
        for _ in 0..<20 {
            let residual = p.y - falseNorthing - meridionalArc(φ)
            if abs(residual) < 1e-5 { break }
            φ += residual / (e.a * F0)
        }
        let sinφ = sin(φ), cosφ = cos(φ), tanφ = tan(φ), secφ = 1 / cosφ
        let ν = e.a * F0 / (1 - e.eSquared * sinφ * sinφ).squareRoot()
        let ρ = e.a * F0 * (1 - e.eSquared) / pow(1 - e.eSquared * sinφ * sinφ, 1.5)
        let η2 = ν / ρ - 1
        let t2 = tanφ * tanφ, t4 = t2 * t2, t6 = t4 * t2
        let VII = tanφ / (2 * ρ * ν)
        let VIII = tanφ / (24 * ρ * pow(ν, 3)) * (5 + 3 * t2 + η2 - 9 * t2 * η2)
        let IX = tanφ / (720 * ρ * pow(ν, 5)) * (61 + 90 * t2 + 45 * t4)
        let X = secφ / ν
        let XI = secφ / (6 * pow(ν, 3)) * (ν / ρ + 2 * t2)
        let XII = secφ / (120 * pow(ν, 5)) * (5 + 28 * t2 + 24 * t4)
        let XIIA = secφ / (5040 * pow(ν, 7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t6)
        let dE = p.x - falseEasting
        let lat = φ - VII * pow(dE, 2) + VIII * pow(dE, 4) - IX * pow(dE, 6)
        let lon = originLongitude + X * dE - XI * pow(dE, 3) + XII * pow(dE, 5) - XIIA * pow(dE, 7)
        return GeoPosition(longitude: lon * 180 / .pi, latitude: lat * 180 / .pi)
    }

    /// The meridional arc M from the true origin's latitude to φ (OS guide C.1, equation C3).
    static func meridionalArc(_ φ: Double) -> Double {
        let e = Ellipsoid.airy1830
        let n = (e.a - e.b) / (e.a + e.b), n2 = n * n, n3 = n2 * n
        let φ0 = originLatitude
        let d = φ - φ0, s = φ + φ0
        return e.b * scaleFactor * (
            (1 + n + 5.0 / 4 * n2 + 5.0 / 4 * n3) * d
            - (3 * n + 3 * n2 + 21.0 / 8 * n3) * sin(d) * cos(s)
            + (15.0 / 8 * n2 + 15.0 / 8 * n3) * sin(2 * d) * cos(2 * s)
            - 35.0 / 24 * n3 * sin(3 * d) * cos(3 * s)
        )
    }
}
