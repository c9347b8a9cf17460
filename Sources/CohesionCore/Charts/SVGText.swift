import Foundation

/// Text made safe for HTML and XML (SVG): the one escaper, used by the charts here and by the
/// app's typed pages.
public enum MarkupText {
    /// Escapes text for element content and for double- or single-quoted attributes alike, and
    /// leaves out the control characters that XML and HTML forbid (tab, newline and carriage
    /// return stay). Nothing that looks like an entity is left alone: `&amp;` typed is `&amp;amp;`.
    public static func escape(_ text: String) -> String {
        // Most text needs nothing done; checking first avoids building a new string.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}": continue // not allowed in XML or HTML
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// Small helpers shared by the SVG renderers. The SVGs are inlined into HTML pages served with a
/// strict Content-Security-Policy, so they use presentation attributes only: no `<style>`, no
/// `style=`, no scripts and no external references.
enum SVGText {
    /// Escapes text for use in element content and in double- or single-quoted attributes.
    static func escape(_ text: String) -> String { MarkupText.escape(text) }

    /// A coordinate rounded to one decimal, without a trailing ".0" and never "-0", to keep
    /// paths short.
    static func number(_ v: Double) -> String {
        let tenths = (v * 10).rounded()
        guard tenths.isFinite else { return "0" }
        if tenths == 0 { return "0" }
        let whole = Int(tenths)
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        let integer = magnitude / 10, fraction = magnitude % 10
        return fraction == 0 ? "\(sign)\(integer)" : "\(sign)\(integer).\(fraction)"
    }

    /// The font stack of the GOV.UK Design System, falling back to what the system has.
    static let fontFamily = "&quot;GDS Transport&quot;, arial, sans-serif"

    /// GOV.UK text colour: 19:1 against white.
    static let textColour = "#0b0c0c"
}

/// How values are written in legends, titles and labels. Formatting is done here rather than
/// with a locale so that output is the same on every server.
public struct ValueFormat: Sendable, Hashable {
    public var decimals: Int
    public var prefix: String
    public var suffix: String
    public var groupsThousands: Bool

    public init(decimals: Int = 0, prefix: String = "", suffix: String = "", groupsThousands: Bool = true) {
        self.decimals = max(0, min(decimals, 6))
        self.prefix = prefix
        self.suffix = suffix
        self.groupsThousands = groupsThousands
    }

    public static let integer = ValueFormat()
    public static let oneDecimal = ValueFormat(decimals: 1)
    public static let percent = ValueFormat(decimals: 1, suffix: "%")

    public func string(_ value: Double) -> String {
        guard value.isFinite else { return "No data" }
        var text = String(format: "%.\(decimals)f", abs(value))
        if groupsThousands { text = Self.grouped(text) }
        let negative = value < 0 && text.contains(where: { $0 != "0" && $0 != "." && $0 != "," })
        return (negative ? "−" : "") + prefix + text + suffix
    }

    /// "1234567.5" → "1,234,567.5": commas between groups of three in the whole part.
    static func grouped(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard let integer = parts.first, integer.count > 3 else { return text }
        var out = ""
        for (i, c) in integer.enumerated() {
            if i > 0 && (integer.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return parts.count > 1 ? out + "." + parts[1] : out
    }
}
