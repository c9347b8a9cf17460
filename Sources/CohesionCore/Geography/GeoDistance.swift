import Foundation

/// Distances between places, for "nearest first" in the directory and Open Referral's
/// proximity search. A sphere is close enough at the scale of a borough (the haversine formula
/// is within about 0.5% of the ellipsoidal distance) and needs no projection.
public enum GeoDistance {
    /// The mean Earth radius, R₁ = (2a + b) / 3 of WGS 84, in metres.
    public static let earthRadius = 6_371_008.8

    /// The great-circle distance in metres (haversine formula).
    public static func metres(from a: GeoPosition, to b: GeoPosition) -> Double {
        let φ1 = a.latitude * .pi / 180, φ2 = b.latitude * .pi / 180
        let Δφ = φ2 - φ1, Δλ = (b.longitude - a.longitude) * .pi / 180
        let h = sin(Δφ / 2) * sin(Δφ / 2) + cos(φ1) * cos(φ2) * sin(Δλ / 2) * sin(Δλ / 2)
        return 2 * earthRadius * asin(min(1, sqrt(h)))
    }

    /// A distance as a resident reads it: "350 m" (to 10 m), "1.2 km" (to 100 m below 10 km),
    /// "12 km", "1,250 km"; "less than 10 m" close by.
    public static func spoken(_ metres: Double) -> String {
        guard metres.isFinite else { return "" }
        let tens = (max(0, metres) / 10).rounded() * 10
        if tens < 10 { return "less than 10 m" }
        if tens < 1000 { return "\(Int(tens)) m" }
        let tenths = (metres / 100).rounded()
        if tenths < 100 {
            let whole = Int(tenths) / 10, fraction = Int(tenths) % 10
            return fraction == 0 ? "\(whole) km" : "\(whole).\(fraction) km"
        }
        return grouped(Int((metres / 1000).rounded())) + " km"
    }

    /// 1250 → "1,250".
    static func grouped(_ n: Int) -> String {
        var digits = String(n), result = ""
        while digits.count > 3 {
            result = "," + digits.suffix(3) + result
            digits.removeLast(3)
        }
        return digits + result
    }
}
