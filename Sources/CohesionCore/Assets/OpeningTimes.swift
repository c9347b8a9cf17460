import Foundation

/// A day of the week, Monday first as in the UK. `CodingKeyRepresentable`, so a weekly pattern
/// encodes as a JSON object keyed by day ("1" is Monday) that sorted keys keep in one order:
/// without it, a dictionary keyed by the enum encodes as a list in hash order, and equal opening
/// times could be stored as different text.
public enum Weekday: Int, Codable, CodingKeyRepresentable, CaseIterable, Sendable, Hashable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// A time of day on a wall clock, in minutes after midnight: 0 (00:00) to 1440 (24:00, which
/// only a closing time may be).
public struct LocalTime: Codable, Sendable, Hashable, Comparable {
    public let minutes: Int

    public init(minutes: Int) { self.minutes = minutes }
    public init(hour: Int, minute: Int = 0) { self.minutes = hour * 60 + minute }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minutes < b.minutes }
}

/// A calendar date without a time (DESIGN.md: dates without time are not midnight timestamps).
public struct CalendarDate: Codable, Sendable, Hashable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// Open from `opens` until `closes` on one day (closes after opens; 24:00 means until midnight).
public struct OpeningPeriod: Codable, Sendable, Hashable {
    public var opens: LocalTime
    public var closes: LocalTime

    public init(opens: LocalTime, closes: LocalTime) {
        self.opens = opens
        self.closes = closes
    }
}

/// A date that differs from the weekly pattern: closed (no periods) or open at other times.
public struct OpeningException: Codable, Sendable, Hashable {
    public var date: CalendarDate
    /// Empty: closed all day.
    public var periods: [OpeningPeriod]

    public init(date: CalendarDate, periods: [OpeningPeriod]) {
        self.date = date
        self.periods = periods
    }
}

/// When an asset is open: a weekly pattern in Europe/London wall-clock time, whether it closes on
/// bank holidays (England and Wales), and exceptions on particular dates, which win over both.
public struct OpeningTimes: Codable, Sendable, Hashable {
    public var weekly: [Weekday: [OpeningPeriod]]
    public var closedOnBankHolidays: Bool
    public var exceptions: [OpeningException]

    public init(weekly: [Weekday: [OpeningPeriod]] = [:], closedOnBankHolidays: Bool = false, exceptions: [OpeningException] = []) {
        self.weekly = weekly
        self.closedOnBankHolidays = closedOnBankHolidays
        self.exceptions = exceptions
    }

    /// No times recorded at all ("contact them for times"), which is not the same as never open.
    public var isEmpty: Bool { weekly.values.allSatisfy(\.isEmpty) && exceptions.isEmpty }
}
