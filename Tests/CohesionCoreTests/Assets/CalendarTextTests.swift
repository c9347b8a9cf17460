@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

@Suite struct WeekdayTests {
    @Test func labelsAndCodes() {
        #expect(Weekday.allCases.map(\.label) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
        #expect(Weekday.allCases.map(\.shortLabel) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
        // RFC 5545 §3.3.10 weekday codes.
        #expect(Weekday.allCases.map(\.openReferralCode) == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"])
    }

    @Test func openReferralCodesRoundTrip() {
        for day in Weekday.allCases { #expect(Weekday(openReferralCode: day.openReferralCode) == day) }
        #expect(Weekday(openReferralCode: "su") == .sunday)
        #expect(Weekday(openReferralCode: "MON") == nil)
        #expect(Weekday(openReferralCode: "") == nil)
    }

    @Test(arguments: [("Mon", Weekday.monday), ("mon", .monday), ("Monday", .monday), ("MONDAY", .monday), (" tue ", .tuesday),
                      ("Tues", .tuesday), ("weds", .wednesday), ("Thur", .thursday), ("thurs", .thursday), ("sunday", .sunday)])
    func readsWhatPeopleWrite(text: String, day: Weekday) {
        #expect(Weekday(shortLabel: text) == day)
    }

    @Test(arguments: ["", "M", "Mo", "Mnday", "Mondays", "Tu", "Lundi"])
    func refusesOtherWords(text: String) {
        #expect(Weekday(shortLabel: text) == nil)
    }

    @Test func nextWrapsRoundTheWeek() {
        #expect(Weekday.monday.next == .tuesday)
        #expect(Weekday.sunday.next == .monday)
    }
}

@Suite struct LocalTimeTests {
    @Test(arguments: [("09:00", 540), ("9:00", 540), ("17:30", 1050), ("00:00", 0), ("0:05", 5), ("24:00", 1440), ("23:59", 1439), (" 12:00 ", 720)])
    func parsesTwentyFourHourTimes(text: String, minutes: Int) {
        #expect(LocalTime(text: text)?.minutes == minutes)
    }

    @Test(arguments: ["24:30", "24:01", "25:00", "9", "9.00", "09:60", "9:0", "009:00", "", ":30", "09:", "-1:00", "+9:00", "09:00:00", "9am", "٠٩:٠٠"])
    func refusesAnythingElse(text: String) {
        #expect(LocalTime(text: text) == nil)
    }

    @Test func writesTwoDigitHours() {
        #expect(LocalTime(hour: 9).text == "09:00")
        #expect(LocalTime(hour: 17, minute: 5).text == "17:05")
        #expect(LocalTime.endOfDay.text == "24:00")
    }

    @Test func everyMinuteOfTheDayRoundTrips() {
        for minutes in 0...1440 {
            #expect(LocalTime(text: LocalTime(minutes: minutes).text) == LocalTime(minutes: minutes))
        }
    }

    /// GOV.UK style guide: "5:30pm", "10am", "midday" not 12 noon, "midnight" not 00:00.
    @Test(arguments: [(0, "midnight"), (1440, "midnight"), (720, "midday"), (540, "9am"), (1050, "5:30pm"), (30, "12:30am"),
                      (750, "12:30pm"), (780, "1pm"), (1439, "11:59pm"), (605, "10:05am")])
    func speaksGOVUKStyle(minutes: Int, spoken: String) {
        #expect(LocalTime(minutes: minutes).spoken == spoken)
    }
}

@Suite struct CalendarDateTests {
    @Test func parsesAndWritesISODates() {
        #expect(CalendarDate(iso: "2026-12-25") == CalendarDate(year: 2026, month: 12, day: 25))
        #expect(CalendarDate(iso: "2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(year: 2026, month: 1, day: 5).iso == "2026-01-05")
        #expect(CalendarDate(year: 987, month: 1, day: 5).iso == "0987-01-05")
    }

    @Test(arguments: ["2026-02-30", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-12-00",
                      "2026-12-32", "0000-01-01", "2026-1-05", "26-01-05", "2026/01/05", "25/12/2026", "2026-12-25T00:00", "", "2026-12-2x"])
    func refusesImpossibleOrMalformedDates(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test(arguments: [("2026-12-25", Weekday.friday), ("1970-01-01", .thursday), ("2000-01-01", .saturday), ("2026-03-29", .sunday),
                      ("2024-02-29", .thursday), ("1969-12-31", .wednesday), ("2100-03-01", .monday)])
    func knowsTheWeekday(iso: String, weekday: Weekday) {
        #expect(CalendarDate(iso: iso)?.weekday == weekday)
    }

    @Test func addsDaysAcrossMonthsYearsAndLeapDays() {
        let date = CalendarDate(year: 2026, month: 12, day: 25)
        #expect(date.adding(days: 7) == CalendarDate(year: 2027, month: 1, day: 1))
        #expect(date.adding(days: -360) == CalendarDate(year: 2025, month: 12, day: 30))
        #expect(CalendarDate(year: 2024, month: 2, day: 28).adding(days: 1) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(CalendarDate(year: 2023, month: 2, day: 28).adding(days: 1) == CalendarDate(year: 2023, month: 3, day: 1))
        #expect(date.days(until: CalendarDate(year: 2027, month: 12, day: 25)) == 365)
    }

    @Test func dayNumbersAgreeWithFoundation() async {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        // From 1700: Foundation's Gregorian calendar switches to Julian dates before October 1582.
        await propertyCheck(input: Gen.int(in: -98_000...200_000)) { days in
            let date = CalendarDate(year: 1970, month: 1, day: 1).adding(days: days)
            let parts = utc.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(date == CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!))
            #expect(date.isValid)
            #expect(CalendarDate(iso: date.iso) == date)
            // Foundation numbers Sunday 1.
            #expect(date.weekday.rawValue % 7 + 1 == parts.weekday!)
        }
    }

    @Test func speaksGOVUKStyle() {
        #expect(CalendarDate(year: 2026, month: 12, day: 25).spoken == "Friday 25 December 2026")
        #expect(CalendarDate(year: 2026, month: 5, day: 4).spoken == "Monday 4 May 2026")
    }

    @Test func theDateInLondonFollowsTheClockChanges() throws {
        // 23:30 UTC is still the same day in winter (GMT) but the next day in summer (BST).
        #expect(CalendarDate.inLondon(try utc("2026-01-14T23:30:00Z")) == CalendarDate(year: 2026, month: 1, day: 14))
        #expect(CalendarDate.inLondon(try utc("2026-07-14T23:30:00Z")) == CalendarDate(year: 2026, month: 7, day: 15))
        #expect(CalendarDate.inLondon(try utc("2026-12-31T23:59:59Z")) == CalendarDate(year: 2026, month: 12, day: 31))
    }
}
