import Foundation

/// Writing CSV (RFC 4180), the other half of `CSVReader`: one place for the quoting rule that
/// every export shares (the asset register, 360Giving).
public enum CSVText {
    /// A field with a comma, a quote, a line break or spaces at either end is quoted, with its
    /// quotes doubled.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0.isNewline }
            || field.first?.isWhitespace == true || field.last?.isWhitespace == true
        return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// One record, without its line end.
    public static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }
}
