import CohesionCore
import Foundation

/// Dates and times shown to people: Europe/London, in GOV.UK style ("3 March 2026 at 2:05pm").
enum DisplayFormat {
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let hour12 = (c.hour! + 11) % 12 + 1
        let suffix = c.hour! < 12 ? "am" : "pm"
        return "\(c.day!) \(months[c.month! - 1]) \(c.year!) at \(hour12):\(String(format: "%02d", c.minute!))\(suffix)"
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// A day as a form shows it back for typing: "27/3/2027" (`CalendarDate(typed:)` reads it).
    static func typedDate(_ date: CalendarDate) -> String { "\(date.day)/\(date.month)/\(date.year)" }

    /// A day, in GOV.UK style: "27 March 2027".
    static func date(_ date: CalendarDate) -> String {
        "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// A whole number with thousands separators, as GOV.UK style writes them: 284,157.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A count with its noun, plural when it isn't one: "1 ward", "284,157 residents".
    /// The plural adds "s" unless given.
    static func count(_ value: Int, _ singular: String, plural: String? = nil) -> String {
        count(value) + " " + (value == 1 ? singular : plural ?? singular + "s")
    }
}
