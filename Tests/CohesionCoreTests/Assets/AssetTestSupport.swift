@testable import CohesionCore
import Foundation
import Testing

// Short ways to write opening-times values in the asset tests.

/// A 24-hour time: `hm("09:00")`.
func hm(_ text: String) -> LocalTime { LocalTime(text: text)! }

/// An opening period: `hours("09:00", "12:00")`.
func hours(_ opens: String, _ closes: String) -> OpeningPeriod { OpeningPeriod(opens: hm(opens), closes: hm(closes)) }

/// A calendar date: `ymd("2026-12-25")`.
func ymd(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

/// An instant: `utc("2026-03-29T01:30:00Z")`.
func utc(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

extension Result {
    var parsed: Success? { if case .success(let v) = self { v } else { nil } }
    var refusal: Failure? { if case .failure(let e) = self { e } else { nil } }
}
