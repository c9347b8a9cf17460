import Foundation

/// A UK public-sector financial year, 1 April to 31 March: the period councils report
/// operational figures by ("2026/27").
public struct FinancialYear: Sendable, Hashable, Comparable {
    /// The calendar year it starts in.
    public let startYear: Int

    public init(startYear: Int) { self.startYear = startYear }

    public init(containing date: CalendarDate) {
        startYear = date.month >= 4 ? date.year : date.year - 1
    }

    public var key: String { "fy-\(startYear)-\(String(format: "%02d", (startYear + 1) % 100))" }
    public var label: String { "\(startYear)/\(String(format: "%02d", (startYear + 1) % 100))" }
    public var start: CalendarDate { CalendarDate(year: startYear, month: 4, day: 1) }
    public var end: CalendarDate { CalendarDate(year: startYear + 1, month: 3, day: 31) }

    public static func < (a: FinancialYear, b: FinancialYear) -> Bool { a.startYear < b.startYear }
}
