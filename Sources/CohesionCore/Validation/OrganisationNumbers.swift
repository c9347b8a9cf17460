/// Registration numbers that identify an organisation in UK public registers.
///
/// Written by hand because the formats are short published rules and no library on the
/// machine's list knows them. They are normalised so that one organisation always gets
/// one spelling, which org-id.guide identifiers (`GB-CHC-…`, `GB-COH-…`) later rely on.
public enum CharityNumber {
    /// The register a charity number belongs to.
    public enum Register: String, Sendable, Equatable {
        case englandAndWales, scotland, northernIreland

        /// The org-id.guide prefix for this register.
        public var orgIDPrefix: String {
            switch self {
            case .englandAndWales: "GB-CHC"
            case .scotland: "GB-SC"
            case .northernIreland: "GB-NIC"
            }
        }
    }

    public struct Parsed: Sendable, Equatable {
        public let register: Register
        public let number: String
    }

    /// Parses a charity number as people type it.
    ///
    /// - England and Wales: 6 or 7 digits (e.g. `1012345`); a linked charity's `-1` suffix is accepted.
    /// - Scotland: `SC` and 6 digits (`SC012345`).
    /// - Northern Ireland: `NIC` and 6 digits, or 6 digits starting `10` written with the `NIC` prefix.
    public static func parse(_ raw: String) -> Parsed? {
        let text = raw.uppercased().filter { !$0.isWhitespace }
        if text.hasPrefix("SC") {
            let digits = text.dropFirst(2)
            return digits.count == 6 && digits.allSatisfy(\.isASCIIDigit)
                ? Parsed(register: .scotland, number: text) : nil
        }
        if text.hasPrefix("NIC") {
            let digits = text.dropFirst(3)
            return digits.count == 6 && digits.allSatisfy(\.isASCIIDigit)
                ? Parsed(register: .northernIreland, number: text) : nil
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let main = parts.first, (6...7).contains(main.count), main.allSatisfy(\.isASCIIDigit),
              main.first != "0" else { return nil }
        if parts.count == 2 {
            let suffix = parts[1]
            guard (1...3).contains(suffix.count), suffix.allSatisfy(\.isASCIIDigit) else { return nil }
        } else if parts.count > 2 {
            return nil
        }
        return Parsed(register: .englandAndWales, number: text)
    }
}

/// A Companies House company number: eight characters, either eight digits or a two-letter
/// prefix (SC Scotland, NI Northern Ireland, OC LLP, CE/CS charitable incorporated organisation, …)
/// and six digits. Shorter all-digit numbers are padded with leading zeros, as Companies House does.
public enum CompanyNumber {
    static let prefixes: Set<String> = [
        "AC", "CE", "CS", "FC", "FE", "GE", "GN", "GS", "IC", "IP", "LP", "NA", "NF", "NI", "NL", "NO",
        "NP", "NR", "NV", "NZ", "OC", "OE", "R0", "RC", "RS", "SA", "SC", "SE", "SF", "SG", "SI", "SL",
        "SO", "SP", "SR", "SZ", "ZC",
    ]

    public static func parse(_ raw: String) -> String? {
        let text = raw.uppercased().filter { !$0.isWhitespace }
        if !text.isEmpty, text.count <= 8, text.allSatisfy(\.isASCIIDigit) {
            guard text.contains(where: { $0 != "0" }) else { return nil }
            return String(repeating: "0", count: 8 - text.count) + text
        }
        guard text.count == 8 else { return nil }
        let prefix = String(text.prefix(2))
        let digits = text.dropFirst(2)
        guard prefixes.contains(prefix), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return text
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
