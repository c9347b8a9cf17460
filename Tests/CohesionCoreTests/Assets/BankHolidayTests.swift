@testable import CohesionCore
import Testing

/// The computed holidays against the lists GOV.UK publishes at https://www.gov.uk/bank-holidays
/// (England and Wales), written out literally.
@Suite struct BankHolidayTests {
    static func dates(_ isoDates: [String]) -> [CalendarDate] { isoDates.map { CalendarDate(iso: $0)! } }

    static let published: [Int: [String]] = [
        2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"],
        2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"],
        2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"],
        // The one-off changes, and substitute days of every kind.
        2020: ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"],
        2021: ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"],
        2022: ["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19",
               "2022-12-26", "2022-12-27"],
        2023: ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25",
               "2023-12-26"],
        2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"],
    ]

    @Test(arguments: [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027])
    func matchesGOVUK(year: Int) {
        #expect(BankHolidays.englandAndWales(year: year) == Self.dates(Self.published[year]!))
    }

    @Test func namesAndSubstituteDays() {
        let holidays = BankHolidays.englandAndWalesHolidays(year: 2027)
        #expect(holidays.map(\.name) == ["New Year’s Day", "Good Friday", "Easter Monday", "Early May bank holiday",
                                         "Spring bank holiday", "Summer bank holiday", "Christmas Day", "Boxing Day"])
        #expect(holidays.filter(\.isSubstituteDay).map(\.date.iso) == ["2027-12-27", "2027-12-28"])
        #expect(BankHolidays.englandAndWalesHolidays(year: 2022).first { $0.date.iso == "2022-12-27" }?.name == "Christmas Day")
    }

    @Test func isBankHolidayUsesTheDaysOff() {
        #expect(BankHolidays.isBankHoliday(CalendarDate(iso: "2026-05-04")!))
        #expect(BankHolidays.isBankHoliday(CalendarDate(iso: "2026-12-28")!))
        #expect(!BankHolidays.isBankHoliday(CalendarDate(iso: "2026-12-26")!))
        #expect(!BankHolidays.isBankHoliday(CalendarDate(iso: "2026-12-24")!))
        // Christmas Day on a Saturday: the day off is the Monday.
        #expect(!BankHolidays.isBankHoliday(CalendarDate(iso: "2027-12-25")!))
    }

    /// Easter Sunday from published tables, including the earliest (22 March) and latest
    /// (25 April) dates the computus can give.
    @Test(arguments: [(1818, "1818-03-22"), (1943, "1943-04-25"), (2000, "2000-04-23"), (2019, "2019-04-21"), (2024, "2024-03-31"),
                      (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2038, "2038-04-25"), (2285, "2285-03-22")])
    func easterSunday(year: Int, iso: String) {
        #expect(BankHolidays.easterSunday(year: year).iso == iso)
        #expect(BankHolidays.easterSunday(year: year).weekday == .sunday)
    }

    @Test func everyYearHasItsHolidaysOnWeekdays() {
        for year in 1990...2100 {
            let holidays = BankHolidays.englandAndWales(year: year)
            #expect(holidays.allSatisfy { $0.weekday <= .friday && $0.year == year })
            #expect(Set(holidays).count == holidays.count)
            #expect(holidays.count >= 8)
        }
    }
}
