/// A bank holiday as a day off: the date people don't work, which for a holiday falling at a
/// weekend is its substitute day.
public struct BankHoliday: Sendable, Hashable {
    public let date: CalendarDate
    /// GOV.UK's name for it: "Early May bank holiday", "Boxing Day".
    public let name: String
    /// Whether it stands in for a holiday that fell on a Saturday or Sunday.
    public let isSubstituteDay: Bool

    public init(date: CalendarDate, name: String, isSubstituteDay: Bool = false) {
        self.date = date
        self.name = name
        self.isSubstituteDay = isSubstituteDay
    }
}

/// Bank holidays in England and Wales, computed by rule so that the register needs no yearly
/// update and no call to GOV.UK: the eight standing holidays with their substitute days, plus
/// the one-off changes GOV.UK has published since 2020. A future one-off (a coronation, a
/// funeral) needs a line in `oneOffChanges`; assets can meanwhile record it as an exception.
///
/// As on GOV.UK, the list holds the days off: when Christmas Day falls on a Saturday the bank
/// holiday is Monday 27 December, and 25 December itself is not in the list.
public enum BankHolidays {
    public static func englandAndWales(year: Int) -> [CalendarDate] { englandAndWalesHolidays(year: year).map(\.date) }

    public static func isBankHoliday(_ date: CalendarDate) -> Bool {
        englandAndWalesHolidays(year: date.year).contains { $0.date == date }
    }

    /// The year's bank holidays with their names, in date order.
    public static func englandAndWalesHolidays(year: Int) -> [BankHoliday] {
        var holidays = newYear(year) + easter(year)
        holidays.append(BankHoliday(date: firstMonday(of: 5, in: year), name: "Early May bank holiday"))
        holidays.append(BankHoliday(date: lastMonday(of: 5, in: year), name: "Spring bank holiday"))
        holidays.append(BankHoliday(date: lastMonday(of: 8, in: year), name: "Summer bank holiday"))
        holidays += christmas(year)
        if let change = oneOffChanges[year] {
            holidays.removeAll { change.removed.contains($0.name) }
            holidays += change.added
        }
        return holidays.sorted { $0.date < $1.date }
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, as given by
    /// Meeus, Jones and Butcher).
    public static func easterSunday(year: Int) -> CalendarDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let monthAndDay = h + l - 7 * m + 114
        return CalendarDate(year: year, month: monthAndDay / 31, day: monthAndDay % 31 + 1)
    }

    /// Changes by royal proclamation, as GOV.UK lists them: a standing holiday moved (by name)
    /// and extra days added.
    static let oneOffChanges: [Int: (removed: Set<String>, added: [BankHoliday])] = [
        2020: (["Early May bank holiday"],
               [BankHoliday(date: CalendarDate(year: 2020, month: 5, day: 8), name: "Early May bank holiday (VE day)")]),
        2022: (["Spring bank holiday"],
               [BankHoliday(date: CalendarDate(year: 2022, month: 6, day: 2), name: "Spring bank holiday"),
                BankHoliday(date: CalendarDate(year: 2022, month: 6, day: 3), name: "Platinum Jubilee bank holiday"),
                BankHoliday(date: CalendarDate(year: 2022, month: 9, day: 19), name: "Bank Holiday for the State Funeral of Queen Elizabeth II")]),
        2023: ([],
               [BankHoliday(date: CalendarDate(year: 2023, month: 5, day: 8), name: "Bank holiday for the coronation of King Charles III")]),
    ]

    static func newYear(_ year: Int) -> [BankHoliday] {
        let day = CalendarDate(year: year, month: 1, day: 1)
        let offDay = nextWeekday(onOrAfter: day)
        return [BankHoliday(date: offDay, name: "New Year’s Day", isSubstituteDay: offDay != day)]
    }

    static func easter(_ year: Int) -> [BankHoliday] {
        let sunday = easterSunday(year: year)
        return [BankHoliday(date: sunday.adding(days: -2), name: "Good Friday"),
                BankHoliday(date: sunday.adding(days: 1), name: "Easter Monday")]
    }

    /// Christmas Day and Boxing Day each take the first weekday not already taken: on a Saturday
    /// Christmas they become Monday and Tuesday; on a Sunday Christmas, Boxing Day keeps Monday
    /// and Christmas moves to Tuesday; on a Friday Christmas, Boxing Day moves to Monday.
    static func christmas(_ year: Int) -> [BankHoliday] {
        let christmas = CalendarDate(year: year, month: 12, day: 25), boxing = christmas.adding(days: 1)
        switch christmas.weekday {
        case .saturday:
            return [BankHoliday(date: christmas.adding(days: 2), name: "Christmas Day", isSubstituteDay: true),
                    BankHoliday(date: christmas.adding(days: 3), name: "Boxing Day", isSubstituteDay: true)]
        case .sunday:
            return [BankHoliday(date: boxing, name: "Boxing Day"),
                    BankHoliday(date: christmas.adding(days: 2), name: "Christmas Day", isSubstituteDay: true)]
        case .friday:
            return [BankHoliday(date: christmas, name: "Christmas Day"),
                    BankHoliday(date: christmas.adding(days: 3), name: "Boxing Day", isSubstituteDay: true)]
        default:
            return [BankHoliday(date: christmas, name: "Christmas Day"), BankHoliday(date: boxing, name: "Boxing Day")]
        }
    }

    static func nextWeekday(onOrAfter date: CalendarDate) -> CalendarDate {
        switch date.weekday {
        case .saturday: date.adding(days: 2)
        case .sunday: date.adding(days: 1)
        default: date
        }
    }

    static func firstMonday(of month: Int, in year: Int) -> CalendarDate {
        let first = CalendarDate(year: year, month: month, day: 1)
        return first.adding(days: (7 - (first.weekday.rawValue - 1)) % 7)
    }

    static func lastMonday(of month: Int, in year: Int) -> CalendarDate {
        let last = CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
        return last.adding(days: -(last.weekday.rawValue - 1))
    }
}
