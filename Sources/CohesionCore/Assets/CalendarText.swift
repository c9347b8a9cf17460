import Foundation

// Reading and writing the opening-times value types as people type and read them: day names,
// 24-hour times in forms and files, GOV.UK-style times and dates on pages, RFC 5545 day codes
// for Open Referral. Calendar arithmetic is done on day numbers rather than through Foundation's
// `Calendar`, so a date never passes through a midnight timestamp (DESIGN.md).

extension Weekday {
    /// "Monday".
    public var label: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    /// "Mon": the form the opening-times text format writes.
    public var shortLabel: String { String(label.prefix(3)) }

    /// The RFC 5545 `BYDAY` code ("MO" … "SU") that Open Referral UK's schedules use.
    public var openReferralCode: String { String(label.prefix(2)).uppercased() }

    public init?(openReferralCode: String) {
        let code = openReferralCode.trimmingSpaces.uppercased()
        guard let day = Weekday.allCases.first(where: { $0.openReferralCode == code }) else { return nil }
        self = day
    }

    /// Accepts what people write for a day, without regard to case: "Mon", "mon", "Monday", and
    /// the common longer abbreviations "Tues", "Weds", "Thur" and "Thurs".
    public init?(shortLabel: String) {
        let text = shortLabel.trimmingSpaces.lowercased()
        let extra: [String: Weekday] = ["tues": .tuesday, "weds": .wednesday, "thur": .thursday, "thurs": .thursday]
        if let day = extra[text] {
            self = day
            return
        }
        guard let day = Weekday.allCases.first(where: { $0.label.lowercased() == text || $0.shortLabel.lowercased() == text }) else {
            return nil
        }
        self = day
    }

    /// The day after, Sunday wrapping round to Monday.
    public var next: Weekday { Weekday(rawValue: rawValue % 7 + 1)! }
}

extension LocalTime {
    /// The latest a time can be: 24:00, the end of the day, which only a closing time may be.
    public static let endOfDay = LocalTime(minutes: 24 * 60)

    /// Parses a 24-hour time as forms and files write it: "09:00", "9:00", "17:30", "24:00".
    /// Refuses anything else, including "24:30", "25:00", "9" and "9.00", rather than guess.
    public init?(text: String) {
        let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              minute < 60, hour * 60 + minute <= Self.endOfDay.minutes else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    /// Whether this is a time a wall clock can show, 00:00 to 24:00.
    public var isValid: Bool { (0...Self.endOfDay.minutes).contains(minutes) }

    /// "09:00": the 24-hour form the text format and the CSV use.
    public var text: String { Self.twoDigits(hour) + ":" + Self.twoDigits(minute) }

    /// GOV.UK style: "9am", "5:30pm", "midday", and "midnight" for both 00:00 and 24:00.
    public var spoken: String {
        switch minutes {
        case 0, Self.endOfDay.minutes: return "midnight"
        case 12 * 60: return "midday"
        default:
            let twelveHour = hour % 12 == 0 ? 12 : hour % 12
            let suffix = hour < 12 ? "am" : "pm"
            return minute == 0 ? "\(twelveHour)\(suffix)" : "\(twelveHour):\(Self.twoDigits(minute))\(suffix)"
        }
    }

    static func twoDigits(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : String(n) }
}

extension CalendarDate {
    /// Parses an ISO 8601 calendar date, "2026-12-25", refusing dates that don't exist
    /// ("2026-02-30") and any other layout.
    public init?(iso: String) {
        let parts = iso.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
        guard isValid else { return nil }
    }

    /// A date as people type it in a form: ISO ("2027-03-27") or day, month and year with any of
    /// "/", "-", "." or a space between ("27/3/2027"), year from 1900. Nil for anything else or a
    /// date that doesn't exist.
    public init?(typed text: String) {
        let trimmed = text.trimmingSpaces
        if let iso = CalendarDate(iso: trimmed) { self = iso; return }
        let parts = trimmed.split(whereSeparator: { "/ .-".contains($0) }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }),
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), year >= 1900 else { return nil }
        self.init(year: year, month: month, day: day)
        guard isValid else { return nil }
    }

    /// Whether the date exists in the Gregorian calendar (years 1 to 9999).
    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && (1...Self.daysIn(month: month, year: year)).contains(day)
    }

    /// "2026-12-25".
    public var iso: String {
        let y = String(year), padded = String(repeating: "0", count: max(0, 4 - y.count)) + y
        return padded + "-" + LocalTime.twoDigits(month) + "-" + LocalTime.twoDigits(day)
    }

    public var weekday: Weekday {
        // 1970-01-01 (day 0) was a Thursday.
        let offset = ((dayNumber + 3) % 7 + 7) % 7
        return Weekday(rawValue: offset + 1)!
    }

    public func adding(days: Int) -> CalendarDate { Self(dayNumber: dayNumber + days) }

    /// Whole days from this date to `other`: positive when `other` is later.
    public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// The date on a wall clock in London at that instant.
    public static func inLondon(_ instant: Date) -> CalendarDate { LondonClock.wallClock(at: instant).date }

    /// GOV.UK style: "Friday 25 December 2026".
    public var spoken: String { "\(weekday.label) \(day) \(Self.monthNames[month - 1]) \(year)" }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`), which makes weekdays and date arithmetic exact integer sums.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `dayNumber` (Hinnant's `civil_from_days`).
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

/// Europe/London wall-clock time. Opening times are kept as wall-clock times because that is
/// what a hall's door sign says; only this converts an instant to them, so clock changes are
/// handled in one place, by the operating system's time zone database.
public enum LondonClock {
    public static let timeZone = TimeZone(identifier: "Europe/London")!

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// The instant a day starts in London (midnight, whatever the clocks did that day).
    public static func startOfDay(_ date: CalendarDate) -> Date {
        calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) ?? Date(timeIntervalSince1970: 0)
    }

    /// The date and the time to the minute that a clock in London shows at that instant.
    public static func wallClock(at instant: Date) -> (date: CalendarDate, time: LocalTime) {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return (CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!),
                LocalTime(hour: parts.hour!, minute: parts.minute!))
    }
}
