@testable import CohesionCore
import Foundation
import Testing

/// The Open Referral UK 3.0 examples that hold services (copied unchanged into
/// `Tests/Fixtures/openreferral/examples/`), imported, with every expected value taken from the
/// example files themselves.
@Suite struct OpenReferralExampleImportTests {
    static let serviceID = "ac148810-d857-441c-9679-408f346de14b"
    static let serviceName = "Community Counselling"
    /// The example's description ends with a space, which the importer trims.
    static let serviceDescription = "Counselling Services provided by trained professionals. Suitable for people with mental health conditions such as anxiety, depression, or eating disorders as well as people experiencing difficult life events and circumstances."
    static let organisation = "Example Organization Inc."
    static let accessibility = [
        "The building is equipped with induction loops for hearing aids. Wheelchair access is possible on all levels.",
        "Switch hearing aid to T-coil to access the induction loop facility.",
    ]
    /// `freq` WEEKLY with `bymonthday` "2,3,4" (which RFC 5545 forbids with WEEKLY), valid on
    /// 2005-01-01 only: not a weekly pattern, so listed, not guessed.
    static let unreadSchedule = "schedules[0] (WEEKLY on TH,FR on day 2,3,4 10:00:00 to 18:00:00 valid from 2005-01-01 until 2005-01-01): bymonthday 2,3,4 can't be used with a WEEKLY freq (RFC 5545)"
    static let term = ImportedTaxonomyTerm(id: "3f7b145d-84af-42d7-8fae-eaca714b02b2", code: nil, name: "name", taxonomy: "taxonomy")

    static func imported(_ file: String) throws -> [ImportedService] {
        try OpenReferralImport.services(from: FixtureFiles.data("openreferral/examples/\(file)"))
    }

    /// What `service_full.json` holds; the other full examples nest the same service.
    static func fullService(sourceID: String, locationPath: String) -> ImportedService {
        ImportedService(
            sourceID: sourceID, name: serviceName, description: serviceDescription, url: "http://example.com/counselling",
            email: "email@example.com", phone: nil, organisationName: organisation, status: .active,
            address: "1-30 Main Street, MyCity, MyRegion, MyState", postcode: "ABC 1234", latitude: nil, longitude: nil,
            openingTimes: OpeningTimes(), unreadSchedules: [unreadSchedule], languages: [], cost: .fee,
            costDetails: "Under 18s and Over 60s: £35 per 1 hour session; fees_description", taxonomyTerms: [term],
            accessibility: accessibility, accessibilityFeatures: [.stepFreeAccess, .hearingLoop],
            warnings: ["\(locationPath): latitude 100, longitude 101 is not a place on Earth (WGS84); left out"])
    }

    @Test func aFullService() throws {
        let services = try Self.imported("service_full.json")
        #expect(services == [Self.fullService(sourceID: Self.serviceID, locationPath: "services[0].service_at_locations[0].location")])
    }

    @Test func aFullServiceAtLocationIsKeyedByTheLinkAndUsesItsLocation() throws {
        let services = try Self.imported("service_at_location_full.json")
        #expect(services == [Self.fullService(sourceID: "e94c9f38-1e8f-4564-91d4-d53501ab1765", locationPath: "service_at_locations[0].location")])
    }

    @Test func anOrganizationWithItsServicesLendsThemItsName() throws {
        // The nested service has no `organization` of its own; the parent's name is used.
        let services = try Self.imported("organization_full.json")
        #expect(services == [Self.fullService(sourceID: Self.serviceID, locationPath: "organizations[0].services[0].service_at_locations[0].location")])
    }

    @Test func aPageOfServicesHasOnlyTheOneToOneFields() throws {
        let services = try Self.imported("service_list.json")
        #expect(services == [ImportedService(
            sourceID: Self.serviceID, name: Self.serviceName, description: Self.serviceDescription, url: "http://example.com/counselling",
            email: "email@example.com", organisationName: Self.organisation, status: .active,
            costDetails: "fees_description")])
    }

    @Test func aPageOfServiceAtLocationsHasTheLocationWithoutAddresses() throws {
        let services = try Self.imported("service_at_location_list.json")
        #expect(services == [ImportedService(
            sourceID: "e94c9f38-1e8f-4564-91d4-d53501ab1765", name: Self.serviceName, description: Self.serviceDescription,
            url: "http://example.com/counselling", email: "email@example.com", organisationName: Self.organisation, status: .active,
            costDetails: "fees_description",
            warnings: ["service_at_locations[0].location: latitude 100, longitude 101 is not a place on Earth (WGS84); left out"])])
    }

    @Test(arguments: [
        ("taxonomy.json", "not Open Referral: expected a service, a service_at_location, an organization with services, a list of them or a page with contents, found a taxonomy"),
        ("taxonomy_list.json", "contents[0]: not Open Referral: expected a service, a service_at_location, an organization with services, a list of them or a page with contents, found a taxonomy"),
        ("taxonomy_term.json", "not Open Referral: expected a service, a service_at_location, an organization with services, a list of them or a page with contents, found a taxonomy term"),
        ("taxonomy_term_list.json", "contents[0]: not Open Referral: expected a service, a service_at_location, an organization with services, a list of them or a page with contents, found a taxonomy term"),
    ])
    func theExamplesWithoutServicesAreRefusedByName(file: String, message: String) {
        #expect {
            try Self.imported(file)
        } throws: { error in
            (error as? OpenReferralImportError)?.description == message
        }
    }
}
