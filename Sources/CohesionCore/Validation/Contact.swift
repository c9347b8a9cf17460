/// Checks for contact details typed into forms. Deliberately permissive: they catch typing
/// mistakes, not every theoretically invalid value, following GOV.UK guidance on email fields.
public enum ContactDetails {
    /// A plausible email address: one `@`, something before it, a dotted domain after it, no spaces.
    public static func isPlausibleEmail(_ raw: String) -> Bool {
        let text = raw.trimmingSpaces
        guard text.count <= 254, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    /// Emails are compared without case: `Ann@Example.org` and `ann@example.org` are one account.
    public static func normalisedEmail(_ raw: String) -> String { raw.trimmingSpaces.lowercased() }

    /// A UK phone number: digits, spaces, brackets, hyphens and a leading +, 10 to 13 digits.
    public static func isPlausiblePhone(_ raw: String) -> Bool {
        let text = raw.trimmingSpaces
        guard text.allSatisfy({ $0.isASCIIDigit || " ()-+".contains($0) }) else { return false }
        let digits = text.filter(\.isASCIIDigit).count
        return (10...13).contains(digits)
    }

    /// A web address that starts with http:// or https:// and has a dotted host.
    public static func isPlausibleWebsite(_ raw: String) -> Bool {
        let text = raw.trimmingSpaces.lowercased()
        guard !text.contains(where: \.isWhitespace) else { return false }
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) {
            let host = text.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return host.contains(".") && !host.hasPrefix(".") && !host.hasSuffix(".")
        }
        return false
    }
}

/// A UK postcode in its normal form (`WS1 1TP`): outward code, one space, inward code.
public enum Postcode {
    public static func normalise(_ raw: String) -> String? {
        let text = raw.uppercased().filter { !$0.isWhitespace }
        guard (5...7).contains(text.count) else { return nil }
        let inward = text.suffix(3)
        let outward = text.dropLast(3)
        guard let d = inward.first, d.isASCIIDigit, inward.dropFirst().allSatisfy({ $0.isLetter && $0.isASCII }),
              let o = outward.first, o.isLetter, o.isASCII,
              outward.allSatisfy({ ($0.isLetter && $0.isASCII) || $0.isASCIIDigit }),
              outward.contains(where: \.isASCIIDigit) else { return nil }
        return "\(outward) \(inward)"
    }
}
