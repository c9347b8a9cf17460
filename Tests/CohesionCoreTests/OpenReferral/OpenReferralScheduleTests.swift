@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

/// Opening times out as schedules and back in again.
@Suite struct OpenReferralScheduleTests {
    static let serviceID = "0f8fad5b-d9cb-469f-a165-70867728950e"

    static func period(_ opens: Int, _ closes: Int, openMinute: Int = 0, closeMinute: Int = 0) -> OpeningPeriod {
        OpeningPeriod(opens: LocalTime(hour: opens, minute: openMinute), closes: LocalTime(hour: closes, minute: closeMinute))
    }

    /// The schedules as another directory would read them: inside a service, through JSON.
    static func reimported(_ schedules: [OpenReferral.Schedule]) throws -> ImportedService {
        let service = OpenReferral.Service(id: serviceID, name: "Hall", schedules: schedules)
        let data = try JSONEncoder().encode(service)
        return try #require(try OpenReferralImport.services(from: data).first)
    }

    static func tidy(_ times: OpeningTimes) -> OpeningTimes {
        var tidied = times
        tidied.weekly = times.weekly.compactMapValues { periods in
            let kept = Array(Set(periods)).filter { $0.closes > $0.opens }.sorted { ($0.opens, $0.closes) < ($1.opens, $1.closes) }
            return kept.isEmpty ? nil : kept
        }
        return tidied
    }

    @Test func eachDistinctPeriodIsOneWeeklyScheduleListingItsDays() {
        let times = OpeningTimes(weekly: [
            .monday: [Self.period(9, 12), Self.period(13, 17)],
            .tuesday: [Self.period(9, 12)],
            .saturday: [Self.period(10, 16, openMinute: 30)],
        ])
        let schedules = OpenReferral.schedules(from: times, serviceID: Self.serviceID)
        #expect(schedules.map(\.byday) == [[.monday, .tuesday], [.monday], [.saturday]])
        #expect(schedules.map(\.opensAt) == [LocalTime(hour: 9), LocalTime(hour: 13), LocalTime(hour: 10, minute: 30)])
        #expect(schedules.map(\.closesAt) == [LocalTime(hour: 12), LocalTime(hour: 17), LocalTime(hour: 16)])
        #expect(schedules.allSatisfy { $0.freq == .weekly && $0.interval == 1 && $0.serviceID == Self.serviceID && $0.validFrom == nil })
        #expect(schedules.map(\.description) == [
            "Open Monday and Tuesday, 9am to midday.", "Open Monday, 1pm to 5pm.", "Open Saturday, 10:30am to 4pm.",
        ])
        #expect(schedules.allSatisfy { $0.notes == nil })
    }

    @Test func theJSONIsTheStandardsShape() throws {
        let times = OpeningTimes(weekly: [.monday: [Self.period(9, 12)], .wednesday: [Self.period(9, 12)]], closedOnBankHolidays: true)
        let schedule = try #require(OpenReferral.schedules(from: times, serviceID: Self.serviceID).first)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(schedule)) as? [String: Any]
        #expect(json?["freq"] as? String == "WEEKLY")
        #expect(json?["byday"] as? String == "MO,WE")
        #expect(json?["opens_at"] as? String == "09:00:00")
        #expect(json?["closes_at"] as? String == "12:00:00")
        #expect(json?["interval"] as? Int == 1)
        #expect(json?["service_id"] as? String == Self.serviceID)
        #expect(json?["description"] as? String == "Open Monday and Wednesday, 9am to midday. Closed on bank holidays.")
        #expect(Set(json?.keys.map { $0 } ?? []) == ["id", "service_id", "freq", "interval", "byday", "opens_at", "closes_at", "description"])
    }

    @Test func idsAreStableUUIDsDerivedFromTheOwnerAndTheContent() {
        let times = OpeningTimes(weekly: [.monday: [Self.period(9, 12)], .friday: [Self.period(18, 21)]])
        let first = OpenReferral.schedules(from: times, serviceID: Self.serviceID)
        let again = OpenReferral.schedules(from: times, serviceID: Self.serviceID)
        #expect(first.map(\.id) == again.map(\.id))
        #expect(Set(first.map(\.id)).count == 2)
        #expect(first.allSatisfy { UUID(uuidString: $0.id) != nil && $0.id == $0.id.lowercased() })
        // uuid.uuid5(uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e"), "schedule/WEEKLY/MO/09:00:00-12:00:00")
        #expect(first[0].id == "4f6621eb-3dcf-5eff-a5a2-21bb3ddd8dd8")
        let atLocation = OpenReferral.schedules(from: times, serviceID: Self.serviceID, serviceAtLocationID: "e94c9f38-1e8f-4564-91d4-d53501ab1765")
        #expect(Set(atLocation.map(\.id)).isDisjoint(with: first.map(\.id)))
        #expect(atLocation.allSatisfy { $0.serviceAtLocationID == "e94c9f38-1e8f-4564-91d4-d53501ab1765" })
    }

    @Test func derivedIDsAreRFC9562Version5() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
        #expect(OpenReferral.derivedID("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        #expect(OpenReferral.derivedID("not-a-uuid", "x") == OpenReferral.nameBasedUUID(namespace: OpenReferral.cohesionNamespace, name: "not-a-uuid/x"))
    }

    @Test func bankHolidaysAndExceptionsAreSaidInWordsAndDatedOpeningsAsOneDaySchedules() {
        let times = OpeningTimes(
            weekly: [.thursday: [Self.period(9, 17)], .friday: [Self.period(9, 17)]], closedOnBankHolidays: true,
            exceptions: [
                OpeningException(date: CalendarDate(year: 2025, month: 12, day: 26), periods: [Self.period(10, 14)]),
                OpeningException(date: CalendarDate(year: 2025, month: 12, day: 25), periods: []),
            ])
        let schedules = OpenReferral.schedules(from: times, serviceID: Self.serviceID)
        let notes = "Closed on Thursday 25 December 2025. On Friday 26 December 2025, open 10am to 2pm only."
        #expect(schedules.count == 2)
        #expect(schedules[0].description == "Open Thursday and Friday, 9am to 5pm. Closed on bank holidays.")
        #expect(schedules.allSatisfy { $0.notes == notes })
        let dated = schedules[1]
        let boxingDay = CalendarDate(year: 2025, month: 12, day: 26)
        #expect(dated.validFrom == boxingDay && dated.validTo == boxingDay && dated.dtstart == boxingDay)
        #expect(dated.byday == [.friday] && dated.freq == .weekly)
        #expect(dated.opensAt == LocalTime(hour: 10) && dated.closesAt == LocalTime(hour: 14))
        #expect(dated.description == "Open 10am to 2pm on Friday 26 December 2025 only.")
    }

    @Test func noTimesAtAllIsNoSchedules() {
        #expect(OpenReferral.schedules(from: OpeningTimes(), serviceID: Self.serviceID).isEmpty)
    }

    @Test func untilMidnightIsWrittenAsTheLastSecondAndReadBack() throws {
        let times = OpeningTimes(weekly: [.saturday: [OpeningPeriod(opens: LocalTime(hour: 18), closes: LocalTime(minutes: 1440))]])
        let schedules = OpenReferral.schedules(from: times, serviceID: Self.serviceID)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(schedules[0])) as? [String: Any]
        #expect(json?["closes_at"] as? String == "23:59:59")
        #expect(try Self.reimported(schedules).openingTimes == times)
    }

    @Test func weeklyPatternsBankHolidaysAndDatedOpeningsRoundTrip() async {
        // Per day, four quarter-hours cut into up to two periods; up to three dated openings.
        await propertyCheck(input: Gen.int(in: 0...96).array(of: 28), Gen.int(in: 0...1), Gen.int(in: 0...730).array(of: 0...3)) { cuts, flag, offsets in
            var weekly: [Weekday: [OpeningPeriod]] = [:]
            for day in Weekday.allCases {
                let q = cuts[(day.rawValue - 1) * 4..<day.rawValue * 4].sorted()
                weekly[day] = [(q[0], q[1]), (q[2], q[3])].filter { $0.0 < $0.1 }
                    .map { OpeningPeriod(opens: LocalTime(minutes: $0.0 * 15), closes: LocalTime(minutes: $0.1 * 15)) }
            }
            let exceptions = Set(offsets).sorted().map { offset in
                OpeningException(date: Self.date(daysAfterNewYear2026: offset), periods: [Self.period(10, 12 + offset % 6)])
            }
            let times = OpeningTimes(weekly: weekly, closedOnBankHolidays: flag == 1, exceptions: exceptions)
            let back = try Self.reimported(OpenReferral.schedules(from: times, serviceID: Self.serviceID))
            #expect(back.openingTimes == Self.tidy(times))
            #expect(back.unreadSchedules.isEmpty)
        }
    }

    static func date(daysAfterNewYear2026 offset: Int) -> CalendarDate {
        var (year, month, day) = (2026, 1, 1 + offset)
        while day > OpenReferralFormat.daysIn(month: month, year: year) {
            day -= OpenReferralFormat.daysIn(month: month, year: year)
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return CalendarDate(year: year, month: month, day: day)
    }

    @Test func weekdaysOfKnownDates() {
        #expect(OpenReferralFormat.weekday(of: CalendarDate(year: 1970, month: 1, day: 1)) == .thursday)
        #expect(OpenReferralFormat.weekday(of: CalendarDate(year: 2005, month: 1, day: 1)) == .saturday)
        #expect(OpenReferralFormat.weekday(of: CalendarDate(year: 2024, month: 2, day: 29)) == .thursday)
        #expect(OpenReferralFormat.weekday(of: CalendarDate(year: 2025, month: 12, day: 25)) == .thursday)
        #expect(OpenReferralFormat.weekday(of: CalendarDate(year: 2000, month: 3, day: 1)) == .wednesday)
    }

    // MARK: Reading other directories' schedules

    static func read(_ schedules: String) throws -> ImportedService {
        let json = #"{"id": "s", "name": "Hall", "status": "active", "schedules": [\#(schedules)]}"#
        return try #require(try OpenReferralImport.services(from: Data(json.utf8)).first)
    }

    @Test func weeklyRulesInTheFormsFeedsWriteThem() throws {
        let service = try Self.read(#"""
            {"id": "a", "freq": "weekly", "byday": "MO, WE", "opens_at": "09:00", "closes_at": "12:30:00"},
            {"id": "b", "freq": "WEEKLY", "interval": 1, "dtstart": "2026-03-06", "opens_at": "18:00:00", "closes_at": "00:00:00",
             "description": "Closed on bank holidays and over Christmas."},
            {"id": "c", "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00:00", "closes_at": "12:30:00"}
            """#)
        #expect(service.openingTimes == OpeningTimes(
            weekly: [.monday: [Self.period(9, 12, closeMinute: 30)], .wednesday: [Self.period(9, 12, closeMinute: 30)],
                     .friday: [OpeningPeriod(opens: LocalTime(hour: 18), closes: LocalTime(minutes: 1440))]],
            closedOnBankHolidays: true))
        #expect(service.unreadSchedules.isEmpty)
    }

    @Test(arguments: [
        (#"{"id": "a", "freq": "MONTHLY", "byday": "1MO", "opens_at": "10:00", "closes_at": "12:00"}"#,
         "schedules[0] (MONTHLY on 1MO 10:00 to 12:00): freq MONTHLY is not WEEKLY; only weekly patterns can be read"),
        (#"{"id": "a", "freq": "WEEKLY", "interval": 2, "byday": "TU", "opens_at": "10:00", "closes_at": "12:00"}"#,
         "schedules[0] (WEEKLY every 2 on TU 10:00 to 12:00): it repeats every 2 weeks"),
        (#"{"id": "a", "byday": "TU", "opens_at": "10:00", "closes_at": "12:00"}"#,
         "schedules[0] (no freq on TU 10:00 to 12:00): no freq, so it is not a repeating rule"),
        (#"{"id": "a", "freq": "WEEKLY", "byday": "TU", "opens_at": "10:00Z", "closes_at": "12:00Z"}"#,
         "schedules[0] (WEEKLY on TU 10:00Z to 12:00Z): its times have a UTC offset, which changes with British Summer Time"),
        (#"{"id": "a", "freq": "WEEKLY", "byday": "FR", "opens_at": "22:00", "closes_at": "02:00"}"#,
         "schedules[0] (WEEKLY on FR 22:00 to 02:00): it closes before it opens (overnight)"),
        (#"{"id": "a", "freq": "WEEKLY", "byday": "FR", "opens_at": "10:00", "closes_at": "12:00", "valid_from": "2026-04-01", "valid_to": "2026-09-30"}"#,
         "schedules[0] (WEEKLY on FR 10:00 to 12:00 valid from 2026-04-01 until 2026-09-30): valid only from 2026-04-01 to 2026-09-30"),
        (#"{"id": "a", "freq": "WEEKLY", "byday": "FR", "opens_at": "10:00", "closes_at": "12:00", "valid_from": "2026-04-01", "valid_to": "2026-04-01"}"#,
         "schedules[0] (WEEKLY on FR 10:00 to 12:00 valid from 2026-04-01 until 2026-04-01): valid only on 2026-04-01, a Wednesday, which is not one of its days"),
        (#"{"id": "a", "freq": "WEEKLY", "byday": "FR", "opens_at": "10:00"}"#,
         "schedules[0] (WEEKLY on FR 10:00): no opens_at or no closes_at"),
        (#"{"id": "a", "freq": "WEEKLY", "opens_at": "10:00", "closes_at": "12:00"}"#,
         "schedules[0] (WEEKLY 10:00 to 12:00): no byday, so no days"),
        (#"{"id": "a", "freq": "WEEKLY", "byday": "-1FR", "opens_at": "10:00", "closes_at": "12:00"}"#,
         "schedules[0] (WEEKLY on -1FR 10:00 to 12:00): byday counts weeks of the month, which WEEKLY can't"),
        (#"{"id": "a", "freq": "WEEKLY", "byday": "FR", "count": 6, "opens_at": "10:00", "closes_at": "12:00"}"#,
         "schedules[0] (WEEKLY on FR 10:00 to 12:00): it ends (count), so it is not an open-ended weekly pattern"),
    ])
    func rulesTheRegisterCantHoldAreListedWithTheReason(schedule: String, unread: String) throws {
        let service = try Self.read(schedule)
        #expect(service.unreadSchedules == [unread])
        #expect(service.openingTimes == OpeningTimes())
    }

    @Test func oneUnreadRuleLeavesTheOthers() throws {
        let service = try Self.read(#"""
            {"id": "a", "freq": "MONTHLY", "byday": "2SA", "opens_at": "10:00", "closes_at": "12:00"},
            {"id": "b", "freq": "WEEKLY", "byday": "SA", "opens_at": "10:00", "closes_at": "12:00", "notes": "Closed on public holidays"}
            """#)
        #expect(service.openingTimes == OpeningTimes(weekly: [.saturday: [Self.period(10, 12)]], closedOnBankHolidays: true))
        #expect(service.unreadSchedules.count == 1)
    }

    @Test(arguments: [
        ("Closed on bank holidays.", true),
        ("The service is not available on public holidays.", true),
        ("Open every day except bank holidays", true),
        ("Open on bank holidays.", false),
        ("Closed at Christmas. Open bank holidays.", false),
        ("", false),
    ])
    func bankHolidayClosureIsReadFromWords(text: String, closed: Bool) {
        #expect(ScheduleReading.saysClosedOnBankHolidays(text) == closed)
    }
}
