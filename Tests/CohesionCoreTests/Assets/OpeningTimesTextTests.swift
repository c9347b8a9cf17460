import Foundation
@testable import CohesionCore
import PropertyBased
import Testing

@Suite struct OpeningTimesParsingTests {
    static let example = "Mon 09:00-12:00, 13:00-17:00; Tue-Fri 10:00-16:00; Sat 10:00-13:00; closed bank holidays; 2026-12-25 closed; 2026-12-24 10:00-13:00"

    static let exampleValue = OpeningTimes(
        weekly: [.monday: [hours("09:00", "12:00"), hours("13:00", "17:00")],
                 .tuesday: [hours("10:00", "16:00")], .wednesday: [hours("10:00", "16:00")], .thursday: [hours("10:00", "16:00")],
                 .friday: [hours("10:00", "16:00")], .saturday: [hours("10:00", "13:00")]],
        closedOnBankHolidays: true,
        exceptions: [OpeningException(date: ymd("2026-12-24"), periods: [hours("10:00", "13:00")]),
                     OpeningException(date: ymd("2026-12-25"), periods: [])])

    @Test func parsesTheDocumentedExample() {
        #expect(OpeningTimes.parse(Self.example).parsed == Self.exampleValue)
    }

    @Test func writesTheCanonicalForm() {
        #expect(Self.exampleValue.text == "Mon 09:00-12:00, 13:00-17:00; Tue-Fri 10:00-16:00; Sat 10:00-13:00; closed bank holidays; 2026-12-24 10:00-13:00; 2026-12-25 closed")
    }

    @Test func blankTextIsNoTimes() {
        #expect(OpeningTimes.parse("").parsed == OpeningTimes())
        #expect(OpeningTimes.parse("  \n ; ;\n").parsed == OpeningTimes())
        #expect(OpeningTimes().text == "")
    }

    @Test(arguments: [
        "mon 9:00 to 12:00, 13:00 to 17:00\nTUE-FRI 10:00–16:00\r\nsat 10:00 - 13:00\nClosed on bank holidays\n2026-12-25: Closed\n2026-12-24 10:00—13:00",
        "Monday 09:00-12:00; Monday 13:00-17:00; Tuesday to Friday 10:00-16:00; Saturday 10:00-13:00; closed bank holidays; 2026-12-25 closed; 2026-12-24 10:00-13:00",
        "Sat 10:00-13:00; 2026-12-24 10:00-13:00; Thu, Wed, Fri, Tue 10:00-16:00; 2026-12-25 closed; Mon 13:00-17:00; Mon: 09:00-12:00; CLOSED BANK HOLIDAYS;",
        "Mon 09:00-12:00 and 13:00-17:00; Tues-Fri 10:00-16:00; Sat 10:00-13:00; bank holidays closed; 2026-12-25 closed; 2026-12-24 10:00-13:00",
    ])
    func acceptsTheWaysPeopleWriteIt(text: String) {
        #expect(OpeningTimes.parse(text).parsed == Self.exampleValue)
    }

    @Test func dayGroupsListsAndWrappingRanges() {
        let daily = OpeningTimes.parse("daily 08:00-20:00").parsed
        #expect(daily?.weekly.count == 7)
        #expect(daily?.text == "Mon-Sun 08:00-20:00")
        #expect(OpeningTimes.parse("weekdays 09:00-17:00; weekends 10:00-12:00").parsed?.text == "Mon-Fri 09:00-17:00; Sat, Sun 10:00-12:00")
        #expect(OpeningTimes.parse("Fri-Mon 10:00-12:00").parsed?.text == "Mon, Fri-Sun 10:00-12:00")
        #expect(OpeningTimes.parse("Mon, Wed & Fri 10:00-12:00").parsed?.text == "Mon, Wed, Fri 10:00-12:00")
        #expect(OpeningTimes.parse("Mon, Mon-Tue 10:00-12:00").parsed?.text == "Mon, Tue 10:00-12:00")
    }

    @Test func aDayCanBeSaidClosed() {
        #expect(OpeningTimes.parse("Mon-Sat 09:00-17:00; Sun closed").parsed?.text == "Mon-Sat 09:00-17:00")
    }

    @Test func periodsAreStoredSortedAndAdjacentPeriodsKept() {
        let times = OpeningTimes.parse("Mon 13:00-17:00, 09:00-12:00; Mon 12:00-13:00").parsed
        #expect(times?.weekly[.monday] == [hours("09:00", "12:00"), hours("12:00", "13:00"), hours("13:00", "17:00")])
    }

    @Test func midnightClosing() {
        #expect(OpeningTimes.parse("Fri 18:00-24:00; Sat 00:00-02:00").parsed?.weekly == [.friday: [hours("18:00", "24:00")], .saturday: [hours("00:00", "02:00")]])
    }

    @Test(arguments: [
        ("Mon 13:00-12:00", "“Mon 13:00-12:00”: closes at 12:00, before it opens at 13:00"),
        ("Tue 09:00-12:00, 11:00-14:00", "“Tue 09:00-12:00, 11:00-14:00”: 09:00-12:00 and 11:00-14:00 overlap"),
        ("Wed 25:00-26:00", "“Wed 25:00-26:00”: 25:00 is not a time of day (use 24-hour times from 00:00 to 24:00)"),
        ("Wed 09:00-24:30", "“Wed 09:00-24:30”: 24:30 is not a time of day (use 24-hour times from 00:00 to 24:00)"),
        ("Thu 9.00-17.00", "“Thu 9.00-17.00”: 9.00 is not a time of day (use 24-hour times from 00:00 to 24:00)"),
        ("Thu 9am-5pm", "“Thu 9am-5pm”: 9am is not a time of day (use 24-hour times from 00:00 to 24:00)"),
        ("Fri 12:00-12:00", "“Fri 12:00-12:00”: opens and closes at the same time, 12:00"),
        ("Sat 24:00-24:00", "“Sat 24:00-24:00”: opens and closes at the same time, 24:00"),
        ("Mnday 09:00-12:00", "“Mnday 09:00-12:00”: “Mnday” is not a day of the week (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)"),
        ("Mon-Fryday 09:00-12:00", "“Mon-Fryday 09:00-12:00”: “Fryday” is not a day of the week (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)"),
        ("open sometimes", "“open sometimes”: “open sometimes” is not a day of the week (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)"),
        ("2026-02-30 closed", "“2026-02-30 closed”: 2026-02-30 is not a date in the calendar"),
        ("25/12/2026 closed", "“25/12/2026 closed”: “25/12/2026” is not a date (write dates like 2026-12-25)"),
        ("09:00-17:00", "“09:00-17:00”: say which days these times are for, like Mon-Fri 09:00-17:00"),
        ("Mon", "“Mon”: no opening times are given (write them like Mon 09:00-17:00, or say closed)"),
        ("2026-12-25", "“2026-12-25”: no opening times are given (write them like Mon 09:00-17:00, or say closed)"),
        ("Mon 09:00", "“Mon 09:00”: “09:00” is not an opening period (write it like 09:00-17:00)"),
        ("Mon 9-5", "“Mon 9-5”: 9 is not a time of day (use 24-hour times from 00:00 to 24:00)"),
        ("Mon 09:00-12:00-13:00", "“Mon 09:00-12:00-13:00”: “09:00-12:00-13:00” is not an opening period (write it like 09:00-17:00)"),
    ])
    func explainsWhatIsWrong(text: String, message: String) {
        #expect(OpeningTimes.parse(text).refusal?.description == message)
    }

    @Test func namesTheClauseAmongOthers() {
        let error = OpeningTimes.parse("Mon-Fri 09:00-17:00; Sat 13:00-12:00; Sun 10:00-12:00").refusal
        #expect(error == OpeningTimesError(clause: "Sat 13:00-12:00", problem: .closesBeforeOpens(opens: hm("13:00"), closes: hm("12:00"))))
    }

    @Test func aDateListedTwice() {
        #expect(OpeningTimes.parse("2026-12-25 closed; 2026-12-25 10:00-12:00").refusal?.description
            == "“2026-12-25 10:00-12:00”: 2026-12-25 is already listed in “2026-12-25 closed”")
    }

    @Test func theSameDayInTwoClausesMergesUnlessTheyOverlap() {
        #expect(OpeningTimes.parse("Mon-Fri 09:00-12:00; Mon 13:00-17:00").parsed?.weekly[.monday] == [hours("09:00", "12:00"), hours("13:00", "17:00")])
        #expect(OpeningTimes.parse("Mon-Fri 09:00-12:00; Wed 11:00-13:00").refusal?.description
            == "“Wed 11:00-13:00”: 11:00-13:00 on Wednesday overlaps 09:00-12:00 given in “Mon-Fri 09:00-12:00”")
        #expect(OpeningTimes.parse("Mon 09:00-12:00; Mon 09:00-12:00").refusal?.problem
            == .overlapsEarlierClause(day: .monday, period: hours("09:00", "12:00"), earlier: hours("09:00", "12:00"), earlierClause: "Mon 09:00-12:00"))
    }

    @Test func aDayClosedAndOpen() {
        #expect(OpeningTimes.parse("Sun closed; daily 10:00-12:00").refusal?.description
            == "“daily 10:00-12:00”: Sunday is said to be closed in “Sun closed”")
        #expect(OpeningTimes.parse("Mon-Sun 10:00-12:00; Sun closed").refusal?.description
            == "“Sun closed”: Sunday is given opening hours in “Mon-Sun 10:00-12:00”")
    }

    @Test func textRoundTripsForGeneratedTimes() async {
        await propertyCheck(count: 300, input: Self.openingTimes) { times in
            #expect(times.validated() == nil)
            #expect(OpeningTimes.parse(times.text).parsed == times)
        }
    }

    @Test func upperCasedAndDashedTextStillParses() async {
        await propertyCheck(input: Self.openingTimes) { times in
            let retyped = times.text.uppercased().replacingOccurrences(of: "-", with: "–").replacingOccurrences(of: "; ", with: "\n")
            #expect(OpeningTimes.parse(retyped).parsed == times)
        }
    }

    /// Sorted, non-overlapping periods from up to six distinct minute marks (pairs of the sorted
    /// marks), so some days share hours and get grouped.
    static let marks = [0, 30, 540, 720, 780, 1020, 1050, 1439, 1440]
    static let periods = Gen.int(in: 0...8).map { Self.marks[$0] }.array(of: 0...6).map { marks in
        let sorted = Array(Set(marks)).sorted()
        return stride(from: 0, to: sorted.count - 1, by: 2).map { OpeningPeriod(opens: LocalTime(minutes: sorted[$0]), closes: LocalTime(minutes: sorted[$0 + 1])) }
    }

    static let exceptions = zip(Gen.int(in: 0...800), Self.periods).array(of: 0...4).map { items in
        var seen = Set<Int>()
        return items.filter { seen.insert($0.0).inserted }
            .map { OpeningException(date: CalendarDate(year: 2026, month: 1, day: 1).adding(days: $0.0), periods: $0.1) }
            .sorted { $0.date < $1.date }
    }

    static let openingTimes = zip(Self.periods.array(of: 7), Gen.bool, Self.exceptions).map { days, closed, exceptions in
        var weekly: [Weekday: [OpeningPeriod]] = [:]
        for (day, periods) in zip(Weekday.allCases, days) where !periods.isEmpty { weekly[day] = periods }
        return OpeningTimes(weekly: weekly, closedOnBankHolidays: closed, exceptions: exceptions)
    }
}

@Suite struct OpeningTimesValidationTests {
    @Test func acceptsWhatTheParserMakes() {
        #expect(OpeningTimesParsingTests.exampleValue.validated() == nil)
        #expect(OpeningTimes().validated() == nil)
        #expect(OpeningTimes(weekly: [.monday: []]).validated() == nil)
    }

    @Test func appliesTheParsersRules() {
        #expect(OpeningTimes(weekly: [.monday: [hours("13:00", "12:00")]]).validated()?.description
            == "“Mon 13:00-12:00”: closes at 12:00, before it opens at 13:00")
        #expect(OpeningTimes(weekly: [.tuesday: [hours("09:00", "12:00"), hours("11:00", "14:00")]]).validated()?.description
            == "“Tue 09:00-12:00, 11:00-14:00”: 09:00-12:00 and 11:00-14:00 overlap")
        #expect(OpeningTimes(weekly: [.tuesday: [hours("11:00", "14:00"), hours("09:00", "12:00")]]).validated()?.problem
            == .overlap(hours("09:00", "12:00"), hours("11:00", "14:00")))
        #expect(OpeningTimes(weekly: [.wednesday: [OpeningPeriod(opens: LocalTime(hour: 25), closes: LocalTime(hour: 26))]]).validated()?.description
            == "“Wed 25:00-26:00”: 25:00 is not a time of day (use 24-hour times from 00:00 to 24:00)")
        #expect(OpeningTimes(weekly: [.friday: [hours("10:00", "10:00")]]).validated()?.problem == .opensAndClosesTogether(hm("10:00")))
        #expect(OpeningTimes(weekly: [.friday: [OpeningPeriod(opens: LocalTime(minutes: -30), closes: hm("10:00"))]]).validated() != nil)
    }

    @Test func checksExceptions() {
        let impossible = OpeningTimes(exceptions: [OpeningException(date: CalendarDate(year: 2026, month: 2, day: 30), periods: [])])
        #expect(impossible.validated()?.description == "“2026-02-30 closed”: 2026-02-30 is not a date in the calendar")
        let twice = OpeningTimes(exceptions: [OpeningException(date: ymd("2026-12-25"), periods: []),
                                              OpeningException(date: ymd("2026-12-25"), periods: [hours("10:00", "12:00")])])
        #expect(twice.validated()?.description == "“2026-12-25 10:00-12:00”: 2026-12-25 is already listed in “2026-12-25 closed”")
        let backwards = OpeningTimes(exceptions: [OpeningException(date: ymd("2026-12-24"), periods: [hours("13:00", "10:00")])])
        #expect(backwards.validated()?.description == "“2026-12-24 13:00-10:00”: closes at 10:00, before it opens at 13:00")
    }
}

@Suite struct OpeningTimesStorageTests {
    /// The register stores opening times as JSON with sorted keys and compares the text for its
    /// audit log: equal values must give the same text, whatever order the days were added in.
    @Test func equalOpeningTimesEncodeToTheSameText() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let a = try OpeningTimes.parse("Mon 09:00-12:00; Tue 10:00-11:00; Sat 10:00-13:00").get()
        var b = OpeningTimes()
        b.weekly[.saturday] = [OpeningPeriod(opens: LocalTime(hour: 10), closes: LocalTime(hour: 13))]
        b.weekly[.tuesday] = [OpeningPeriod(opens: LocalTime(hour: 10), closes: LocalTime(hour: 11))]
        b.weekly[.monday] = [OpeningPeriod(opens: LocalTime(hour: 9), closes: LocalTime(hour: 12))]
        #expect(a == b)
        let textA = String(decoding: try encoder.encode(a), as: UTF8.self)
        #expect(textA == String(decoding: try encoder.encode(b), as: UTF8.self))
        #expect(textA.contains("\"weekly\":{\"1\":"))
        #expect(try JSONDecoder().decode(OpeningTimes.self, from: Data(textA.utf8)) == a)
    }
}
