@testable import CohesionCore
import Foundation
import Testing

@Suite struct OpeningTimesQueryTests {
    static func times(_ text: String) throws -> OpeningTimes { try OpeningTimes.parse(text).get() }

    // MARK: periods(on:)

    @Test func exceptionsWinOverBankHolidaysWhichWinOverTheWeek() throws {
        let times = try Self.times("Mon-Fri 09:00-17:00; closed bank holidays; 2026-12-28 10:00-12:00; 2026-12-23 closed")
        #expect(times.periods(on: ymd("2026-12-21")) == [hours("09:00", "17:00")])
        #expect(times.periods(on: ymd("2026-12-23")) == [])
        #expect(times.periods(on: ymd("2026-12-25")) == [])
        #expect(times.periods(on: ymd("2026-12-28")) == [hours("10:00", "12:00")])
        #expect(times.periods(on: ymd("2026-12-26")) == [])
    }

    // MARK: isOpen(at:) across the 2026 clock changes

    /// BST starts on Sunday 29 March 2026 at 01:00 UTC: 01:00 GMT becomes 02:00 BST.
    @Test func springForward() throws {
        let times = try Self.times("Sun 00:30-01:00, 02:00-03:00")
        #expect(times.isOpen(at: try utc("2026-03-29T00:45:00Z")))   // 00:45 GMT
        #expect(times.isOpen(at: try utc("2026-03-29T01:00:00Z")))   // 01:00 UTC is 02:00 BST…
        #expect(times.isOpen(at: try utc("2026-03-29T01:30:00Z")))   // …so 01:30 UTC is 02:30 BST, open
        #expect(!times.isOpen(at: try utc("2026-03-29T02:30:00Z")))  // 03:30 BST
        #expect(!times.isOpen(at: try utc("2026-03-29T00:15:00Z")))  // 00:15 GMT
        // The hour that never happens that night.
        let missingHour = try Self.times("Sun 01:00-02:00")
        #expect(!missingHour.isOpen(at: try utc("2026-03-29T00:59:59Z")))  // 00:59 GMT
        #expect(!missingHour.isOpen(at: try utc("2026-03-29T01:00:00Z")))  // 02:00 BST
        #expect(missingHour.isOpen(at: try utc("2026-03-22T01:30:00Z")))   // a week earlier, 01:30 GMT
        // A Sunday-only pattern: 23:30 UTC that Sunday is already Monday 00:30 BST.
        let sunday = try Self.times("Sun 00:00-24:00")
        #expect(sunday.isOpen(at: try utc("2026-03-29T22:59:00Z")))
        #expect(!sunday.isOpen(at: try utc("2026-03-29T23:30:00Z")))
        // The Saturday before, still GMT: 23:30 UTC is Saturday 23:30.
        let saturday = try Self.times("Sat 23:00-24:00")
        #expect(saturday.isOpen(at: try utc("2026-03-28T23:30:00Z")))
        #expect(!sunday.isOpen(at: try utc("2026-03-28T23:30:00Z")))
    }

    /// BST ends on Sunday 25 October 2026 at 01:00 UTC: 02:00 BST becomes 01:00 GMT, so 01:00 to
    /// 02:00 on the clock happens twice.
    @Test func fallBack() throws {
        let times = try Self.times("Sun 00:30-01:00")
        #expect(!times.isOpen(at: try utc("2026-10-24T23:15:00Z")))  // Sunday 00:15 BST
        #expect(times.isOpen(at: try utc("2026-10-24T23:45:00Z")))   // Sunday 00:45 BST
        #expect(!times.isOpen(at: try utc("2026-10-25T00:45:00Z")))  // 01:45 BST
        #expect(!times.isOpen(at: try utc("2026-10-25T01:45:00Z")))  // 01:45 GMT
        let repeatedHour = try Self.times("Sun 01:00-02:00")
        #expect(repeatedHour.isOpen(at: try utc("2026-10-25T00:30:00Z")))  // 01:30 BST
        #expect(repeatedHour.isOpen(at: try utc("2026-10-25T01:30:00Z")))  // 01:30 GMT
        #expect(!repeatedHour.isOpen(at: try utc("2026-10-25T02:00:00Z"))) // 02:00 GMT
        // Saturday night: 23:30 UTC on Saturday 24 October is Sunday 00:30 BST.
        let saturday = try Self.times("Sat 22:00-24:00")
        #expect(saturday.isOpen(at: try utc("2026-10-24T22:30:00Z")))
        #expect(!saturday.isOpen(at: try utc("2026-10-24T23:30:00Z")))
        // A week later, in GMT, the same UTC time is Saturday 23:30.
        #expect(saturday.isOpen(at: try utc("2026-10-31T23:30:00Z")))
    }

    @Test func officeHoursInSummerAndWinter() throws {
        let times = try Self.times("Mon-Fri 09:00-17:00")
        #expect(times.isOpen(at: try utc("2026-07-15T08:30:00Z")))   // Wednesday 09:30 BST
        #expect(!times.isOpen(at: try utc("2026-01-14T08:30:00Z")))  // Wednesday 08:30 GMT
        #expect(!times.isOpen(at: try utc("2026-07-15T16:30:00Z")))  // 17:30 BST
        #expect(times.isOpen(at: try utc("2026-01-14T16:30:00Z")))   // 16:30 GMT
        #expect(times.isOpen(at: try utc("2026-01-14T09:00:00Z")))   // opens at 09:00 exactly
        #expect(!times.isOpen(at: try utc("2026-01-14T17:00:00Z")))  // and is closed at 17:00
        #expect(times.isOpen(at: try utc("2026-01-14T16:59:59Z")))
        #expect(!times.isOpen(at: try utc("2026-01-17T12:00:00Z")))  // Saturday
    }

    @Test(arguments: ["2026-05-04T11:00:00Z", "2026-12-28T12:00:00Z"])
    func bankHolidays(noon: String) throws {
        let closing = try Self.times("Mon-Fri 09:00-17:00; closed bank holidays")
        let opening = try Self.times("Mon-Fri 09:00-17:00")
        #expect(!closing.isOpen(at: try utc(noon)))
        #expect(opening.isOpen(at: try utc(noon)))
        // The Monday a week later is an ordinary Monday.
        let weekLater = try utc(noon).addingTimeInterval(7 * 86_400)
        #expect(closing.isOpen(at: weekLater))
    }

    @Test func aOneOffException() throws {
        let times = try Self.times("Thu 09:00-17:00; 2026-12-24 10:00-13:00")
        #expect(times.isOpen(at: try utc("2026-12-24T12:30:00Z")))
        #expect(!times.isOpen(at: try utc("2026-12-24T14:00:00Z")))   // open till 17:00 on other Thursdays…
        #expect(times.isOpen(at: try utc("2026-12-17T14:00:00Z")))    // …like the week before
        let closed = try Self.times("Fri 09:00-17:00; 2026-12-25 closed")
        #expect(!closed.isOpen(at: try utc("2026-12-25T12:00:00Z")))
        // An exception can open a day the week leaves closed, bank holiday or not.
        let special = try Self.times("closed bank holidays; 2026-12-28 10:00-12:00")
        #expect(special.isOpen(at: try utc("2026-12-28T11:00:00Z")))
    }

    @Test func closingAtMidnight() throws {
        let times = try Self.times("Fri 18:00-24:00")
        #expect(times.isOpen(at: try utc("2026-01-16T23:59:59Z")))    // Friday 23:59 GMT
        #expect(!times.isOpen(at: try utc("2026-01-17T00:00:00Z")))   // Saturday 00:00 GMT
        #expect(times.isOpen(at: try utc("2026-07-17T22:59:00Z")))    // Friday 23:59 BST
        #expect(!times.isOpen(at: try utc("2026-07-17T23:00:00Z")))   // Saturday 00:00 BST
        #expect(!times.isOpen(at: try utc("2026-07-17T16:30:00Z")))   // Friday 17:30 BST
    }

    @Test func noTimesIsNeverOpen() throws {
        #expect(!OpeningTimes().isOpen(at: try utc("2026-07-15T12:00:00Z")))
    }

    // MARK: the weekly pattern

    @Test func aWindowMustFitInOnePeriod() throws {
        let times = try Self.times("Mon 09:00-12:00, 12:00-17:00; Tue 18:00-24:00")
        #expect(times.isOpen(on: .monday, from: hm("09:00"), to: hm("12:00")))
        #expect(times.isOpen(on: .monday, from: hm("13:00"), to: hm("17:00")))
        #expect(!times.isOpen(on: .monday, from: hm("11:00"), to: hm("13:00")))   // spans two periods
        #expect(!times.isOpen(on: .monday, from: hm("08:30"), to: hm("10:00")))
        #expect(!times.isOpen(on: .monday, from: hm("16:00"), to: hm("17:30")))
        #expect(times.isOpen(on: .tuesday, from: hm("19:00"), to: hm("24:00")))
        #expect(!times.isOpen(on: .wednesday, from: hm("10:00"), to: hm("11:00")))
        #expect(!times.isOpen(on: .monday, from: hm("11:00"), to: hm("10:00")))   // backwards
        #expect(times.isOpen(on: .monday, from: hm("09:00"), to: hm("09:00")))    // a moment
        #expect(!times.isOpen(on: .monday, from: hm("17:00"), to: hm("17:00")))
        #expect(times.isOpen(on: .monday))
        #expect(!times.isOpen(on: .sunday))
    }

    @Test func theWeeklyPatternIgnoresExceptions() throws {
        let times = try Self.times("2026-12-21 10:00-12:00")
        #expect(!times.isOpen(on: .monday))
        #expect(!times.isOpen(on: .monday, from: hm("10:00"), to: hm("11:00")))
    }

    // MARK: display

    @Test func summaryRowsInGOVUKStyle() throws {
        let times = try Self.times("Mon 09:00-12:00, 13:00-17:00; Tue-Fri 10:00-16:00; Sat 10:30-13:00; Sun 00:00-24:00")
        let rows = times.summaryRows
        #expect(rows.map(\.day) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
        #expect(rows.map(\.hours) == ["9am to midday, 1pm to 5pm", "10am to 4pm", "10am to 4pm", "10am to 4pm", "10am to 4pm",
                                      "10:30am to 1pm", "Open 24 hours"])
        #expect(try Self.times("Fri 18:00-24:00").summaryRows.map(\.hours) == ["Closed", "Closed", "Closed", "Closed", "6pm to midnight", "Closed", "Closed"])
        #expect(OpeningTimes().summaryRows.count == 7)
    }

    @Test func notesForBankHolidaysAndExceptionsByDate() throws {
        let times = try Self.times("Mon-Fri 09:00-17:00; 2026-12-25 closed; closed bank holidays; 2026-12-24 10:00-13:00")
        #expect(times.notes == ["Closed on bank holidays", "Thursday 24 December 2026: 10am to 1pm", "Friday 25 December 2026: closed"])
        let unsorted = OpeningTimes(exceptions: [OpeningException(date: ymd("2027-01-01"), periods: []),
                                                 OpeningException(date: ymd("2026-12-31"), periods: [hours("00:00", "24:00")])])
        #expect(unsorted.notes == ["Thursday 31 December 2026: open 24 hours", "Friday 1 January 2027: closed"])
        #expect(OpeningTimes().notes == [])
    }
}
