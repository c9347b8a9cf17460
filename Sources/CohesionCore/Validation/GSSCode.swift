/// An ONS Government Statistical Service code such as `E05001301`: a country letter, a two-digit
/// entity code and a six-digit instance number. The entity tells what kind of area it is.
public struct GSSCode: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let text = raw.uppercased().trimmingSpaces
        guard text.count == 9, let first = text.first, "EWSNK".contains(first),
              text.dropFirst().allSatisfy(\.isASCIIDigit) else { return nil }
        value = text
    }

    /// The entity part, e.g. `E05`.
    public var entity: String { String(value.prefix(3)) }

    /// The kind of area the entity code names, where Cohesion uses it.
    public var kind: AreaKind? {
        switch entity {
        case "E06", "E07", "E08", "E09", "W06": .district
        case "E05", "W05": .ward
        case "E01", "W01": .lsoa
        case "E02", "W02": .msoa
        default: nil
        }
    }

    public var description: String { value }
}

/// The levels of the area hierarchy: district → locality → ward → LSOA (MSOAs sit beside wards).
public enum AreaKind: String, Sendable, CaseIterable, Codable {
    case district, locality, ward, msoa, lsoa

    public var label: String {
        switch self {
        case .district: "District"
        case .locality: "Locality"
        case .ward: "Electoral ward"
        case .msoa: "Middle layer super output area (MSOA)"
        case .lsoa: "Lower layer super output area (LSOA)"
        }
    }

    /// Localities are the council's own grouping, so they carry the council's own code, not a GSS code.
    public var hasGSSCode: Bool { self != .locality }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
