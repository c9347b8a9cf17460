import Foundation

/// The one text format for opening times, used by the form, the CSV column and the editing box,
/// so staff learn one thing:
///
///     Mon 09:00-12:00, 13:00-17:00; Tue-Fri 10:00-16:00; Sat 10:00-13:00;
///     closed bank holidays; 2026-12-25 closed; 2026-12-24 10:00-13:00
///
/// Clauses are separated by `;` or new lines. A clause is one of:
/// - days and periods: `Mon`, `Mon, Wed`, `Tue-Fri` (or `Tuesday to Friday`; a range may wrap
///   round the weekend, `Fri-Mon`), `daily`, `weekdays` or `weekends`, then 24-hour periods
///   separated by commas, each `09:00-17:00`, `09:00–17:00` or `9:00 to 17:00`; or `closed`;
/// - `closed bank holidays` (or `closed on bank holidays`);
/// - a date, `2026-12-25`, then periods or `closed`: that day only, winning over everything else.
///
/// Case doesn't matter. Periods given for a day in several clauses are combined if they don't
/// overlap. A day not mentioned is closed. Blank text means no times recorded.
extension OpeningTimes {
    public static func parse(_ text: String) -> Result<OpeningTimes, OpeningTimesError> {
        var builder = OpeningTimesBuilder()
        for clause in text.split(whereSeparator: { $0 == ";" || $0.isNewline }) {
            let typed = String(clause).trimmingSpaces
            if typed.isEmpty { continue }
            do throws(OpeningTimesError) {
                try builder.add(typed)
            } catch {
                return .failure(error)
            }
        }
        return .success(builder.result)
    }

    /// The canonical form: days with the same hours grouped (`Mon-Fri 09:00-17:00`), then
    /// `closed bank holidays`, then the exceptions by date. `parse(text)` gives back the same value.
    public var text: String {
        var clauses = Self.weeklyGroups(weekly).map { Self.dayList($0.days) + " " + Self.periodList($0.periods) }
        if closedOnBankHolidays { clauses.append("closed bank holidays") }
        clauses += exceptions.sorted { $0.date < $1.date }.map(Self.clause)
        return clauses.joined(separator: "; ")
    }

    /// The same rules the parser applies, for times built in code (an importer, an API body):
    /// real times, each period closing after it opens, no overlaps, real dates, no date twice.
    public func validated() -> OpeningTimesError? {
        for day in Weekday.allCases {
            guard let periods = weekly[day], !periods.isEmpty else { continue }
            if let problem = Self.problem(in: periods) {
                return OpeningTimesError(clause: day.shortLabel + " " + Self.periodList(periods), problem: problem)
            }
        }
        var seen: [CalendarDate: OpeningException] = [:]
        for exception in exceptions {
            let clause = Self.clause(exception)
            guard exception.date.isValid else { return OpeningTimesError(clause: clause, problem: .impossibleDate(exception.date.iso)) }
            if let earlier = seen[exception.date] {
                return OpeningTimesError(clause: clause, problem: .dateListedTwice(exception.date, earlierClause: Self.clause(earlier)))
            }
            seen[exception.date] = exception
            if let problem = Self.problem(in: exception.periods) { return OpeningTimesError(clause: clause, problem: problem) }
        }
        return nil
    }

    static func problem(in periods: [OpeningPeriod]) -> OpeningTimesError.Problem? {
        for period in periods {
            if let problem = period.problem() { return problem }
        }
        return periods.firstOverlap().map { .overlap($0.0, $0.1) }
    }

    static func clause(_ exception: OpeningException) -> String {
        exception.date.iso + " " + (exception.periods.isEmpty ? "closed" : periodList(exception.periods))
    }

    static func periodList(_ periods: [OpeningPeriod]) -> String { periods.map(\.text).joined(separator: ", ") }

    /// Days that share the same hours, in the order of their first day.
    static func weeklyGroups(_ weekly: [Weekday: [OpeningPeriod]]) -> [(days: [Weekday], periods: [OpeningPeriod])] {
        var groups: [(days: [Weekday], periods: [OpeningPeriod])] = []
        for day in Weekday.allCases {
            guard let periods = weekly[day], !periods.isEmpty else { continue }
            if let i = groups.firstIndex(where: { $0.periods == periods }) {
                groups[i].days.append(day)
            } else {
                groups.append(([day], periods))
            }
        }
        return groups
    }

    /// "Mon-Fri", "Sat, Sun", "Mon, Wed-Fri": runs of three or more days as ranges.
    static func dayList(_ days: [Weekday]) -> String {
        var runs: [[Weekday]] = []
        for day in days {
            if let last = runs.last?.last, last.rawValue + 1 == day.rawValue {
                runs[runs.count - 1].append(day)
            } else {
                runs.append([day])
            }
        }
        return runs.flatMap { run in
            run.count >= 3 ? [run.first!.shortLabel + "-" + run.last!.shortLabel] : run.map(\.shortLabel)
        }.joined(separator: ", ")
    }
}

/// Collects clauses one at a time, remembering which clause gave each period so that an overlap
/// across clauses can name both.
struct OpeningTimesBuilder {
    private var weekly: [Weekday: [(period: OpeningPeriod, clause: String)]] = [:]
    private var closedDays: [Weekday: String] = [:]
    private var exceptions: [CalendarDate: (periods: [OpeningPeriod], clause: String)] = [:]
    private var closedOnBankHolidays = false

    var result: OpeningTimes {
        OpeningTimes(
            weekly: weekly.mapValues { $0.map(\.period).sorted { $0.opens < $1.opens } },
            closedOnBankHolidays: closedOnBankHolidays,
            exceptions: exceptions.map { OpeningException(date: $0.key, periods: $0.value.periods.sorted { $0.opens < $1.opens }) }
                .sorted { $0.date < $1.date })
    }

    mutating func add(_ clause: String) throws(OpeningTimesError) {
        let normal = Self.normalised(clause)
        func fail(_ problem: OpeningTimesError.Problem) -> OpeningTimesError { OpeningTimesError(clause: clause, problem: problem) }
        if Self.bankHolidayClauses.contains(normal.lowercased()) {
            closedOnBankHolidays = true
            return
        }
        if normal.first?.isASCIIDigit == true {
            try addDate(normal, clause: clause, fail)
        } else {
            try addDays(normal, clause: clause, fail)
        }
    }

    static let bankHolidayClauses: Set = ["closed bank holidays", "closed on bank holidays", "bank holidays closed",
                                          "closed bank holiday", "closed on bank holiday"]

    /// Dashes as hyphens and runs of spaces as one; case is kept so messages quote what was typed.
    static func normalised(_ clause: String) -> String {
        let dashes = clause.map { "–—−".contains($0) ? "-" : $0 }
        return String(dashes).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private mutating func addDate(_ normal: String, clause: String, _ fail: (OpeningTimesError.Problem) -> OpeningTimesError) throws(OpeningTimesError) {
        var word = String(normal.prefix { !$0.isWhitespace })
        let rest = String(normal.dropFirst(word.count)).trimmingSpaces
        if word.hasSuffix(":") { word.removeLast() }
        guard let date = try Self.date(word, fail) else { throw fail(.noDay) }
        if let earlier = exceptions[date] { throw fail(.dateListedTwice(date, earlierClause: earlier.clause)) }
        exceptions[date] = (try Self.periods(rest, fail), clause)
    }

    /// The date in a clause that starts with a digit, or nil if it starts with a time instead.
    private static func date(_ word: String, _ fail: (OpeningTimesError.Problem) -> OpeningTimesError) throws(OpeningTimesError) -> CalendarDate? {
        if let date = CalendarDate(iso: word) { return date }
        let digitsAndHyphens = word.split(separator: "-", omittingEmptySubsequences: false).map(\.count) == [4, 2, 2]
            && word.allSatisfy { $0.isASCIIDigit || $0 == "-" }
        if digitsAndHyphens { throw fail(.impossibleDate(word)) }
        if word.contains(":") { return nil }
        throw fail(.notADate(word))
    }

    private mutating func addDays(_ normal: String, clause: String, _ fail: (OpeningTimesError.Problem) -> OpeningTimesError) throws(OpeningTimesError) {
        let (dayText, timeText) = Self.splitDays(normal)
        let days = try Self.days(dayText, fail)
        let periods = try Self.periods(timeText, fail)
        if periods.isEmpty {
            for day in days {
                if let other = weekly[day]?.first { throw fail(.givenHoursIn(day: day, earlierClause: other.clause)) }
                closedDays[day] = clause
            }
            return
        }
        for day in days {
            if let other = closedDays[day] { throw fail(.saidClosedIn(day: day, earlierClause: other)) }
            for period in periods {
                if let earlier = weekly[day]?.first(where: { $0.period.overlaps(period) }) {
                    throw fail(.overlapsEarlierClause(day: day, period: period, earlier: earlier.period, earlierClause: earlier.clause))
                }
            }
            weekly[day, default: []] += periods.map { ($0, clause) }
        }
    }

    /// Splits "tue-fri 10:00-16:00" before the first digit or the word "closed".
    private static func splitDays(_ normal: String) -> (days: String, times: String) {
        var end = normal.firstIndex(where: \.isASCIIDigit) ?? normal.endIndex
        if let closed = normal.range(of: "closed", options: .caseInsensitive), closed.lowerBound < end { end = closed.lowerBound }
        return (String(normal[..<end]), String(normal[end...]).trimmingSpaces)
    }

    private static let dayGroups: [String: [Weekday]] = [
        "daily": Weekday.allCases, "every day": Weekday.allCases, "everyday": Weekday.allCases,
        "weekdays": [.monday, .tuesday, .wednesday, .thursday, .friday], "weekends": [.saturday, .sunday],
    ]

    /// "mon, wed-fri", "monday to friday", "sat and sun", "weekdays" → the days, each once.
    private static func days(_ text: String, _ fail: (OpeningTimesError.Problem) -> OpeningTimesError) throws(OpeningTimesError) -> [Weekday] {
        var spec = text.trimmingSpaces
        if spec.hasSuffix(":") { spec.removeLast() }
        guard !spec.isEmpty else { throw fail(.noDay) }
        let items = spec.replacingOccurrences(of: " and ", with: ",", options: .caseInsensitive)
            .replacingOccurrences(of: "&", with: ",")
            .replacingOccurrences(of: " to ", with: "-", options: .caseInsensitive).split(separator: ",")
        var days: [Weekday] = []
        for item in items.map({ String($0).trimmingSpaces }) where !item.isEmpty {
            for day in try Self.dayItem(item, fail) where !days.contains(day) { days.append(day) }
        }
        guard !days.isEmpty else { throw fail(.noDay) }
        return days
    }

    private static func dayItem(_ item: String, _ fail: (OpeningTimesError.Problem) -> OpeningTimesError) throws(OpeningTimesError) -> [Weekday] {
        if let group = dayGroups[item.lowercased()] { return group }
        let ends = item.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard ends.count <= 2 else { throw fail(.notADay(item)) }
        var found: [Weekday] = []
        for end in ends {
            guard let day = Weekday(shortLabel: end) else { throw fail(.notADay(end)) }
            found.append(day)
        }
        guard found.count == 2 else { return found }
        var run = [found[0]]
        while run.last != found[1] { run.append(run.last!.next) }
        return run
    }

    /// "09:00-12:00, 13:00 to 17:00" → checked periods; "closed" → none.
    private static func periods(_ text: String, _ fail: (OpeningTimesError.Problem) -> OpeningTimesError) throws(OpeningTimesError) -> [OpeningPeriod] {
        if text.lowercased() == "closed" { return [] }
        guard !text.isEmpty else { throw fail(.noTimes) }
        var periods: [OpeningPeriod] = []
        let items = text.replacingOccurrences(of: " and ", with: ",", options: .caseInsensitive)
            .replacingOccurrences(of: " to ", with: "-", options: .caseInsensitive).split(separator: ",")
        for item in items {
            let typed = String(item).trimmingSpaces
            if typed.isEmpty { continue }
            periods.append(try period(typed, fail))
        }
        guard !periods.isEmpty else { throw fail(.noTimes) }
        if let (a, b) = periods.firstOverlap() { throw fail(.overlap(a, b)) }
        return periods
    }

    private static func period(_ typed: String, _ fail: (OpeningTimesError.Problem) -> OpeningTimesError) throws(OpeningTimesError) -> OpeningPeriod {
        let ends = typed.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else { throw fail(.notAPeriod(typed)) }
        guard let opens = LocalTime(text: ends[0]) else { throw fail(.notATime(ends[0])) }
        guard let closes = LocalTime(text: ends[1]) else { throw fail(.notATime(ends[1])) }
        let period = OpeningPeriod(opens: opens, closes: closes)
        if let problem = period.problem() { throw fail(problem) }
        return period
    }
}
