import Foundation

/// How Open Referral writes dates, times and days, in one place so the encoder and the importer
/// can't drift apart. The schemas give these fields no JSON Schema `format`, only a Frictionless
/// `datapackage_type` (`date`, `time`); the standard's examples write `2005-01-01` and `10:00:00`.
enum OpenReferralFormat {
    // MARK: Dates

    /// `YYYY-MM-DD`, the ISO 8601 form the schema's `date` fields use.
    static func date(_ date: CalendarDate) -> String {
        String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
    }

    /// A real calendar date in `YYYY-MM-DD` form, or nil (`2023-02-30` is nil).
    static func parseDate(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day of the week of a Gregorian date (Hinnant's days-from-civil; 1970-01-01 was a Thursday).
    static func weekday(of date: CalendarDate) -> Weekday {
        let y = date.month <= 2 ? date.year - 1 : date.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let mondayBased = ((days + 3) % 7 + 7) % 7
        return Weekday(rawValue: mondayBased + 1)!
    }

    // MARK: Times

    /// `HH:MM:SS`. Midnight at the end of a day (24:00, a closing time) is written `23:59:59`:
    /// the Frictionless `time` type and most parsers (Python's `time.fromisoformat`, for one)
    /// refuse hour 24, and `00:00:00` would read as a closing time before the opening.
    static func time(_ time: LocalTime) -> String {
        if time.minutes >= 24 * 60 { return "23:59:59" }
        return String(format: "%02d:%02d:00", time.minutes / 60, time.minutes % 60)
    }

    /// A time of day as an importer meets it.
    enum ParsedTime: Equatable {
        /// Minutes after midnight, 0...1440 (seconds dropped; 23:59:59 and 24:00 are 1440).
        case clock(Int)
        /// A valid time with a UTC offset or `Z`: a weekly opening time in Europe/London has no
        /// single offset (it changes with British Summer Time), so it can't be placed on the
        /// wall clock without guessing.
        case withZone(String)
    }

    /// `HH:MM` or `HH:MM:SS` (optionally with fractions of a second), with or without a zone.
    /// Nil when it isn't a time at all (`25:00`, `9am`).
    static func parseTime(_ raw: String) -> ParsedTime? {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        var zone: Substring?
        if text.hasSuffix("Z") || text.hasSuffix("z") {
            zone = text.suffix(1)
            text = text.dropLast()
        } else if let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            zone = text[sign...]
            text = text[..<sign]
            guard isOffset(zone!.dropFirst()) else { return nil }
        }
        guard let minutes = clockMinutes(text) else { return nil }
        if let zone { return .withZone(String(zone)) }
        return .clock(minutes)
    }

    private static func clockMinutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0].count == 2, parts[1].count == 2,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              let hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60 else { return nil }
        var second = 0
        if parts.count == 3 {
            let whole = parts[2].prefix { $0 != "." }
            let fraction = parts[2].dropFirst(whole.count)
            guard whole.count == 2, whole.allSatisfy(\.isASCIIDigit), let s = Int(whole), s < 60,
                  fraction.isEmpty || (fraction.count > 1 && fraction.dropFirst().allSatisfy(\.isASCIIDigit)) else { return nil }
            second = s
        }
        if hour == 24 { return minute == 0 && second == 0 ? 1440 : nil }
        guard hour < 24 else { return nil }
        if hour == 23 && minute == 59 && second == 59 { return 1440 }
        return hour * 60 + minute
    }

    private static func isOffset(_ text: Substring) -> Bool {
        let digits = text.filter { $0 != ":" }
        guard digits.count == 4, digits.allSatisfy(\.isASCIIDigit), let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else { return false }
        return hours <= 14 && minutes < 60 && (text.count == 4 || (text.count == 5 && text[text.index(text.startIndex, offsetBy: 2)] == ":"))
    }

    // MARK: Date-times

    /// RFC 3339 in UTC with milliseconds, as the schema's `last_modified` asks ("should have
    /// millisecond accuracy"): `2023-03-15T10:30:45.123Z`.
    /// Written by hand: `ISO8601DateFormatter` sets up an ICU formatter on each use, which a
    /// profile put at a third of an Open Referral list's time (one date per service). Rounded to
    /// the nearest millisecond, as the formatter does.
    static func dateTime(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let perDay = 86_400_000
        let days = milliseconds >= 0 ? milliseconds / perDay : (milliseconds - perDay + 1) / perDay
        let ofDay = milliseconds - days * perDay
        let millisecond = ofDay % 1000
        return CalendarDate(dayNumber: days).iso + "T" + LocalTime.twoDigits(ofDay / 3_600_000) + ":" + LocalTime.twoDigits(ofDay / 60_000 % 60)
            + ":" + LocalTime.twoDigits(ofDay / 1000 % 60) + "." + (millisecond < 100 ? "0" : "") + LocalTime.twoDigits(millisecond) + "Z"
    }

    static func parseDateTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    // MARK: Days of the week

    /// The iCalendar (RFC 5545) two-letter codes `byday` uses.
    static func code(_ day: Weekday) -> String {
        switch day {
        case .monday: "MO"
        case .tuesday: "TU"
        case .wednesday: "WE"
        case .thursday: "TH"
        case .friday: "FR"
        case .saturday: "SA"
        case .sunday: "SU"
        }
    }

    static func weekday(code: some StringProtocol) -> Weekday? {
        Weekday.allCases.first { self.code($0) == code.uppercased() }
    }

    static func name(_ day: Weekday) -> String {
        switch day {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    // MARK: Words for people

    /// A time as GOV.UK writes it: 9am, 9:30am, midday, midnight, 5:15pm.
    static func spoken(_ time: LocalTime) -> String {
        let minutes = time.minutes % 1440
        if minutes == 0 { return "midnight" }
        if minutes == 720 { return "midday" }
        let hour = minutes / 60, minute = minutes % 60
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        let suffix = hour < 12 ? "am" : "pm"
        return minute == 0 ? "\(twelve)\(suffix)" : String(format: "%d:%02d%@", twelve, minute, suffix)
    }

    /// "Thursday 25 December 2025".
    static func spoken(_ date: CalendarDate) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                      "September", "October", "November", "December"]
        return "\(name(weekday(of: date))) \(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// "Monday", "Monday and Tuesday", "Monday, Wednesday and Friday".
    static func spokenList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
