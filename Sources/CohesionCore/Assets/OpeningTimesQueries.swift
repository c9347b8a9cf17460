import Foundation

extension OpeningTimes {
    /// The periods open on that date: its exception if it has one, else nothing on a bank holiday
    /// when the asset closes on them, else the weekly pattern for its weekday.
    public func periods(on date: CalendarDate) -> [OpeningPeriod] {
        periods(on: date, isBankHoliday: closedOnBankHolidays && BankHolidays.isBankHoliday(date))
    }

    /// `isBankHoliday`: whether `date` is one, for a caller asking of many assets at once.
    func periods(on date: CalendarDate, isBankHoliday: Bool) -> [OpeningPeriod] {
        if let exception = exceptions.first(where: { $0.date == date }) { return exception.periods }
        if closedOnBankHolidays && isBankHoliday { return [] }
        return weekly[date.weekday] ?? []
    }

    /// Whether it is open at that instant, reading the times as Europe/London wall-clock times,
    /// so 09:00 means 09:00 GMT in winter and 09:00 BST in summer.
    public func isOpen(at instant: Date) -> Bool {
        isOpen(atWallClock: LondonClock.wallClock(at: instant))
    }

    /// The same for a London date and time already worked out: a search asks it of thousands
    /// of assets at one instant, and the time zone conversion costs more than the rest.
    /// `isBankHoliday`: whether the date is one, worked out once by a caller asking of many.
    public func isOpen(atWallClock now: (date: CalendarDate, time: LocalTime), isBankHoliday: Bool? = nil) -> Bool {
        let holiday = isBankHoliday ?? (closedOnBankHolidays && BankHolidays.isBankHoliday(now.date))
        return periods(on: now.date, isBankHoliday: holiday).contains { $0.contains(now.time) }
    }

    /// Whether one period of the weekly pattern covers the whole window on that day, as "who
    /// could host this?" and Open Referral's `day`, `start_time` and `end_time` filters ask.
    /// A window with no length (`start == end`) asks about that moment.
    public func isOpen(on day: Weekday, from start: LocalTime, to end: LocalTime) -> Bool {
        guard start <= end else { return false }
        return (weekly[day] ?? []).contains { start == end ? $0.contains(start) : ($0.opens <= start && end <= $0.closes) }
    }

    /// Whether the weekly pattern has it open at some time on that day.
    public func isOpen(on day: Weekday) -> Bool { !(weekly[day] ?? []).isEmpty }

    /// Seven rows, Monday to Sunday, for a summary list: hours in GOV.UK style ("9am to midday,
    /// 1pm to 5pm") or "Closed". Callers say "contact them for times" instead when `isEmpty`.
    public var summaryRows: [(day: String, hours: String)] {
        Weekday.allCases.map { day in (day.label, Self.spoken(weekly[day] ?? [])) }
    }

    /// What the weekly rows don't say: "Closed on bank holidays", then each exception by date
    /// ("Thursday 24 December 2026: 10am to 1pm", "Friday 25 December 2026: closed").
    public var notes: [String] {
        var notes = closedOnBankHolidays ? ["Closed on bank holidays"] : []
        for exception in exceptions.sorted(by: { $0.date < $1.date }) {
            notes.append(exception.date.spoken + ": " + Self.spoken(exception.periods, startOfSentence: false))
        }
        return notes
    }

    static func spoken(_ periods: [OpeningPeriod], startOfSentence: Bool = true) -> String {
        let sorted = periods.sorted { $0.opens < $1.opens }
        if sorted.isEmpty { return startOfSentence ? "Closed" : "closed" }
        if sorted == [OpeningPeriod(opens: LocalTime(minutes: 0), closes: .endOfDay)] {
            return startOfSentence ? "Open 24 hours" : "open 24 hours"
        }
        return sorted.map(\.spoken).joined(separator: ", ")
    }
}
