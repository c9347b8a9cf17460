import Foundation

/// Sums of money, kept as whole pence (integers: no rounding error can lose or make a penny),
/// written and read in the way people in the UK write pounds.
public enum Money {
    /// The largest amount anyone may enter: £10 million, far above any cohesion fund, and small
    /// enough that sums of thousands of awards stay exact.
    public static let maximumPence = 1_000_000_000

    /// "£1,250", "£1,250.50", "−£3.05": pence only when there are any.
    public static func pounds(_ pence: Int) -> String {
        let magnitude = pence.magnitude
        let whole = ValueFormat.grouped(String(magnitude / 100))
        let fraction = magnitude % 100
        let text = fraction == 0 ? "£\(whole)" : "£\(whole)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return pence < 0 ? "−" + text : text
    }

    /// Always with pence, for tables of figures that line up: "£1,250.00".
    public static func poundsAndPence(_ pence: Int) -> String {
        let magnitude = pence.magnitude
        let fraction = magnitude % 100
        let text = "£\(ValueFormat.grouped(String(magnitude / 100))).\(fraction < 10 ? "0" : "")\(fraction)"
        return pence < 0 ? "−" + text : text
    }

    /// An amount as typed into a form: "1250", "£1,250", "1,250.50", " £ 300 ". Nil for anything
    /// else: negative amounts, fractions of a penny, letters, misplaced commas, or more than
    /// `maximumPence`.
    public static func pence(from typed: String) -> Int? {
        var text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("£") { text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces) }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let wholeText = parts.first, !wholeText.isEmpty else { return nil }
        if wholeText.contains(",") {
            // Commas only between groups of three: "1,250" and "12,500,000", not "12,50".
            let groups = wholeText.split(separator: ",", omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let digits = wholeText.filter { $0 != "," }
        guard digits.count <= 10, let whole = Int(digits) else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let pennies = parts[1]
            guard (1...2).contains(pennies.count), pennies.allSatisfy(\.isNumber), let value = Int(pennies) else { return nil }
            fraction = pennies.count == 1 ? value * 10 : value
        }
        let total = whole * 100 + fraction
        return total <= maximumPence ? total : nil
    }

    /// Pounds as a JSON number for open data (360Giving's `amountAwarded`): 1250.5 for £1,250.50.
    public static func poundsValue(_ pence: Int) -> Decimal {
        Decimal(pence) / 100
    }
}
