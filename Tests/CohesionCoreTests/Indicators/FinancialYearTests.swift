@testable import CohesionCore
import Testing

@Suite struct FinancialYearTests {
    @Test func aYearRunsFromAprilToMarch() {
        #expect(FinancialYear(containing: CalendarDate(year: 2026, month: 3, day: 31)).label == "2025/26")
        #expect(FinancialYear(containing: CalendarDate(year: 2026, month: 4, day: 1)).label == "2026/27")
        #expect(FinancialYear(containing: CalendarDate(year: 1999, month: 12, day: 31)).label == "1999/00")
        let year = FinancialYear(startYear: 2026)
        #expect(year.key == "fy-2026-27" && year.start == CalendarDate(year: 2026, month: 4, day: 1) && year.end == CalendarDate(year: 2027, month: 3, day: 31))
        #expect(FinancialYear(startYear: 2025) < year)
    }
}
