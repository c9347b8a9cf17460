/// Why opening times were refused, naming the clause so that someone editing a long entry in a
/// form or a CSV cell can find it: `“Mon 13:00-12:00”: closes at 12:00, before it opens at 13:00`.
///
/// For times built in code (`OpeningTimes.validated()`), the clause is the one `text` would
/// write for the day or date at fault.
public struct OpeningTimesError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        /// A word where a day should be ("Mnday").
        case notADay(String)
        /// Times with no day or date before them ("09:00-17:00").
        case noDay
        /// Text where a date should be that isn't written as one ("25/12/2026").
        case notADate(String)
        /// A date written correctly that doesn't exist ("2026-02-30").
        case impossibleDate(String)
        /// A day or date with nothing after it.
        case noTimes
        /// A period that isn't two times joined by a hyphen or "to" ("9-5", "09:00").
        case notAPeriod(String)
        /// A time outside 00:00–24:00 or not written hh:mm ("25:00", "9.00").
        case notATime(String)
        case closesBeforeOpens(opens: LocalTime, closes: LocalTime)
        case opensAndClosesTogether(LocalTime)
        /// Two periods in the same clause overlap.
        case overlap(OpeningPeriod, OpeningPeriod)
        /// A period for a day overlaps one given for the same day in an earlier clause.
        case overlapsEarlierClause(day: Weekday, period: OpeningPeriod, earlier: OpeningPeriod, earlierClause: String)
        /// A date given a second time.
        case dateListedTwice(CalendarDate, earlierClause: String)
        /// A day given hours here that an earlier clause said was closed.
        case saidClosedIn(day: Weekday, earlierClause: String)
        /// A day said to be closed here that an earlier clause gave hours.
        case givenHoursIn(day: Weekday, earlierClause: String)
    }

    /// The clause as it was typed (trimmed), or as `text` writes it for a value built in code.
    public let clause: String
    public let problem: Problem

    public init(clause: String, problem: Problem) {
        self.clause = clause
        self.problem = problem
    }

    public var description: String { "“\(clause)”: \(reason)" }

    /// The reason alone, as a sentence fragment.
    public var reason: String {
        switch problem {
        case .notADay(let word):
            "“\(word)” is not a day of the week (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)"
        case .noDay:
            "say which days these times are for, like Mon-Fri 09:00-17:00"
        case .notADate(let word):
            "“\(word)” is not a date (write dates like 2026-12-25)"
        case .impossibleDate(let word):
            "\(word) is not a date in the calendar"
        case .noTimes:
            "no opening times are given (write them like Mon 09:00-17:00, or say closed)"
        case .notAPeriod(let word):
            "“\(word)” is not an opening period (write it like 09:00-17:00)"
        case .notATime(let word):
            "\(word) is not a time of day (use 24-hour times from 00:00 to 24:00)"
        case .closesBeforeOpens(let opens, let closes):
            "closes at \(closes.text), before it opens at \(opens.text)"
        case .opensAndClosesTogether(let time):
            "opens and closes at the same time, \(time.text)"
        case .overlap(let a, let b):
            "\(a.text) and \(b.text) overlap"
        case .overlapsEarlierClause(let day, let period, let earlier, let earlierClause):
            "\(period.text) on \(day.label) overlaps \(earlier.text) given in “\(earlierClause)”"
        case .dateListedTwice(let date, let earlierClause):
            "\(date.iso) is already listed in “\(earlierClause)”"
        case .saidClosedIn(let day, let earlierClause):
            "\(day.label) is said to be closed in “\(earlierClause)”"
        case .givenHoursIn(let day, let earlierClause):
            "\(day.label) is given opening hours in “\(earlierClause)”"
        }
    }
}

extension OpeningPeriod {
    /// "09:00-17:00".
    public var text: String { opens.text + "-" + closes.text }

    /// GOV.UK style: "9am to 5:30pm".
    public var spoken: String { opens.spoken + " to " + closes.spoken }

    /// Periods are half-open, so one closing at 12:00 and another opening at 12:00 don't overlap.
    public func overlaps(_ other: OpeningPeriod) -> Bool { opens < other.closes && other.opens < closes }

    /// Whether someone arriving at `time` finds it open (open at 09:00, closed at 17:00).
    public func contains(_ time: LocalTime) -> Bool { opens <= time && time < closes }

    /// The first rule a period built in code breaks, if any.
    func problem() -> OpeningTimesError.Problem? {
        if !opens.isValid { return .notATime(opens.text) }
        if !closes.isValid { return .notATime(closes.text) }
        if closes == opens { return .opensAndClosesTogether(opens) }
        if closes < opens { return .closesBeforeOpens(opens: opens, closes: closes) }
        return nil
    }
}

extension [OpeningPeriod] {
    /// The first overlapping pair, looking at the periods in order of opening.
    func firstOverlap() -> (OpeningPeriod, OpeningPeriod)? {
        let sorted = self.sorted { ($0.opens, $0.closes) < ($1.opens, $1.closes) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.overlaps(b) { return (a, b) }
        return nil
    }
}
