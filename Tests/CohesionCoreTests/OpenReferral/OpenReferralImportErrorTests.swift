@testable import CohesionCore
import Foundation
import Testing

/// Broken files are refused whole, and the message names the record and the field.
@Suite struct OpenReferralImportErrorTests {
    static func service(_ index: Int, extra: String = "") -> String {
        #"{"id": "s\#(index)", "name": "Group \#(index)", "status": "active"\#(extra)}"#
    }

    static func error(_ json: String) -> OpenReferralImportError? {
        do {
            _ = try OpenReferralImport.services(from: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func notJSONSaysSoWithTheParsersWords() throws {
        let error = try #require(Self.error(#"{"id": "s1", "name": "#))
        #expect(error.path == "")
        guard case .notJSON(let detail) = error.problem else { Issue.record("not .notJSON: \(error)"); return }
        // The parser's wording differs between Foundations ("… during JSON parse." on Linux).
        #expect(detail.lowercased().contains("end of file"))
        #expect(error.description == "not JSON: \(detail)")
        #expect(Self.error("nope")?.description.hasPrefix("not JSON: Invalid value around") == true)
        #expect(Self.error("")?.description.hasPrefix("not JSON: ") == true)
    }

    @Test(arguments: [
        (#""hello""#, "not Open Referral: expected a service, a service_at_location, an organization with services, a list of them or a page with contents, found the text \"hello\""),
        ("42", "not Open Referral: expected a service, a service_at_location, an organization with services, a list of them or a page with contents, found the number 42"),
        ("[]", "the file holds no services"),
        (#"{"total_items": 0, "contents": []}"#, "the file holds no services"),
        (#"[1]"#, "[0]: expected an object, found the number 1"),
        (#"{"contents": [null]}"#, "contents[0]: expected an object, found null"),
    ])
    func filesThatAreNotServices(json: String, message: String) {
        #expect(Self.error(json)?.description == message)
    }

    @Test func theRecordAndFieldAreNamed() {
        let fourth = #"{"id": "s3", "status": "active"}"#
        #expect(Self.error("[\(Self.service(0)), \(Self.service(1)), \(Self.service(2)), \(fourth)]")?.description == "services[3].name: missing")
        #expect(Self.error(#"[{"id": "s0", "name": "  ", "status": "active"}]"#)?.description == "services[0].name: missing")
        #expect(Self.error(#"{"name": "No id", "status": "active"}"#)?.description == "services[0].id: missing")
        #expect(Self.error(#"{"id": "s0", "name": "No status"}"#)?.description == "services[0].status: missing")
        #expect(Self.error(#"{"id": "s0", "name": "Hall", "status": "open"}"#)?.description
            == "services[0].status: \"open\" is not one of active, inactive, defunct, temporarily closed")
        #expect(Self.error(#"{"id": "s0", "name": ["Hall"], "status": "active"}"#)?.description == "services[0].name: expected text, found a list")
        #expect(Self.error(Self.service(0, extra: #", "schedules": {"freq": "WEEKLY"}"#))?.description
            == "services[0].schedules: expected a list, found an object")
        #expect(Self.error(#"{"id": "l0", "service": {"id": "s0", "status": "active"}}"#)?.description
            == "service_at_locations[0].service.name: missing")
        #expect(Self.error(#"{"id": "o0", "name": "Org", "services": [{"id": "s0", "status": "active"}]}"#)?.description
            == "organizations[0].services[0].name: missing")
    }

    @Test func scheduleValuesThatAreNotTimesDatesOrDays() {
        let schedules = { (second: String) in
            Self.service(0, extra: #", "schedules": [{"id": "a", "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}, \#(second)]"#)
        }
        #expect(Self.error(schedules(#"{"id": "b", "freq": "WEEKLY", "byday": "TU", "opens_at": "25:00", "closes_at": "26:00"}"#))?.description
            == #"services[0].schedules[1].opens_at: "25:00" is not a time"#)
        #expect(Self.error(schedules(#"{"id": "b", "freq": "WEEKLY", "byday": "TU", "opens_at": "9am", "closes_at": "5pm"}"#))?.description
            == #"services[0].schedules[1].opens_at: "9am" is not a time"#)
        #expect(Self.error(schedules(#"{"id": "b", "freq": "WEEKLY", "byday": "TU", "opens_at": "09:00", "closes_at": "17:60"}"#))?.description
            == #"services[0].schedules[1].closes_at: "17:60" is not a time"#)
        #expect(Self.error(schedules(#"{"id": "b", "freq": "WEEKLY", "byday": "TU,XX", "opens_at": "09:00", "closes_at": "12:00"}"#))?.description
            == #"services[0].schedules[1].byday: "XX" is not a day (MO, TU, WE, TH, FR, SA or SU)"#)
        #expect(Self.error(schedules(#"{"id": "b", "freq": "WEEKLY", "byday": "Tuesday", "opens_at": "09:00", "closes_at": "12:00"}"#))?.description
            == #"services[0].schedules[1].byday: "Tuesday" is not a day (MO, TU, WE, TH, FR, SA or SU)"#)
        #expect(Self.error(schedules(#"{"id": "b", "freq": "WEEKLY", "byday": "TU", "valid_from": "2023-02-30", "opens_at": "09:00", "closes_at": "12:00"}"#))?.description
            == #"services[0].schedules[1].valid_from: "2023-02-30" is not a date (YYYY-MM-DD)"#)
        #expect(Self.error(schedules(#"{"id": "b", "freq": "WEEKLY", "byday": "TU", "interval": "two", "opens_at": "09:00", "closes_at": "12:00"}"#))?.description
            == #"services[0].schedules[1].interval: "two" is not a number"#)
    }

    @Test func placeValuesThatAreNotNumbers() {
        let location = #", "service_at_locations": [{"id": "l", "location": {"id": "p", "location_type": "physical", "latitude": "abc", "longitude": -1.98}}]"#
        #expect(Self.error(Self.service(0, extra: location))?.description
            == #"services[0].service_at_locations[0].location.latitude: "abc" is not a number"#)
        let amount = #", "cost_options": [{"id": "c", "amount": true}]"#
        #expect(Self.error(Self.service(0, extra: amount))?.description
            == "services[0].cost_options[0].amount: expected a number, found true or false")
    }

    @Test func atMostFiveThousandServices() throws {
        let many = { (n: Int) in "[" + (0..<n).map { Self.service($0) }.joined(separator: ",") + "]" }
        #expect(try OpenReferralImport.services(from: Data(many(5_000).utf8)).count == 5_000)
        #expect(Self.error(many(5_001))?.description == "the file holds 5,001 services; at most 5,000 can be imported at once")
        let organisation = #"{"id": "o", "name": "Org", "services": \#(many(5_001))}"#
        #expect(Self.error(organisation)?.problem == .tooManyServices(count: 5_001, limit: 5_000))
        #expect(Self.error(many(12_345))?.description == "the file holds 12,345 services; at most 5,000 can be imported at once")
    }

    @Test func lenientWhereFeedsCommonlyDiffer() throws {
        // null for absent, numbers for ids and coordinates as text, unknown fields ignored.
        let json = #"""
        {"id": 17, "name": " Knit and Natter ", "status": "Active", "description": null, "x_local": {"a": 1},
         "service_at_locations": [{"id": 3, "location": {"id": 4, "location_type": "physical", "latitude": "52.5862", "longitude": "-1.9829",
           "addresses": [{"id": 5, "address_1": "Darwall Street", "city": "Walsall", "state_province": "West Midlands",
                          "postal_code": "ws11tp", "country": "GB", "address_type": "physical"}]}}]}
        """#
        let service = try #require(try OpenReferralImport.services(from: Data(json.utf8)).first)
        #expect(service.sourceID == "17")
        #expect(service.name == "Knit and Natter")
        #expect(service.status == .active)
        #expect(service.description == nil)
        #expect(service.address == "Darwall Street, Walsall, West Midlands")
        #expect(service.postcode == "WS1 1TP")
        #expect(service.latitude == 52.5862 && service.longitude == -1.9829)
        #expect(service.warnings.isEmpty)
    }
}
