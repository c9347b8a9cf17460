@testable import CohesionCore
import Foundation
import Testing

/// What the register publishes, against the standard's schema files in
/// `Tests/Fixtures/openreferral/schemas/` (required keys, declared keys, enums, no nulls) and
/// against the standard's examples (decoded and written back unchanged). The full JSON Schema
/// check is `Tests/e2e/openreferral_check.py`; set `OPENREFERRAL_SAMPLES_DIR` to a folder and
/// this suite writes one file per endpoint there for it (`--files`).
@Suite struct OpenReferralEncodingTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: encoder.encode(value))
    }

    /// `last_modified` is written by hand (for speed); Foundation's formatter is the reference,
    /// across leap years, the epoch, dates before it, the last millisecond of a day and values
    /// between milliseconds (not at a tie, where the two round a binary fraction differently).
    @Test func dateTimesAreWrittenAsFoundationsISO8601FormatterWritesThem() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var seconds: [Double] = [0, -0.001, -1, 951_782_400, 951_868_799.999, 1_709_164_800.5, 4_102_444_799.999, -2_208_988_800, 1_773_571_845.123, 1_773_571_845.1236, 1_773_571_845.1234, 0.0006]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { seconds.append(Double(Int.random(in: -4_000_000_000_000...8_000_000_000_000, using: &generator)) / 1000) }
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(OpenReferralFormat.dateTime(date) == reference.string(from: date), "at \(value)")
        }
        #expect(OpenReferralFormat.dateTime(Date(timeIntervalSince1970: 1_773_571_845.123)) == "2026-03-15T10:50:45.123Z")
        #expect(OpenReferralFormat.parseDateTime(OpenReferralFormat.dateTime(Date(timeIntervalSince1970: 1_773_571_845.123))) != nil)
    }

    @Test func aFullServiceHasEveryKeyItsSchemasRequireAndNoOthers() throws {
        let problems = try SchemaWalk.problems(in: Self.json(Samples.service), schema: SchemaWalk.file("compiled/service.json"))
        #expect(problems == [])
        let json = try #require(try Self.json(Samples.service) as? [String: Any])
        #expect(json["status"] as? String == "active")
        #expect((json["cost_options"] as? [[String: Any]])?.first?["amount"] as? Double == 3.5)
        #expect(json["last_modified"] as? String == "2026-03-02T09:15:00.250Z")
        #expect(json["assured_date"] as? String == "2026-02-27")
        let address = (((json["service_at_locations"] as? [[String: Any]])?.first?["location"] as? [String: Any])?["addresses"] as? [[String: Any]])?.first
        #expect(Set(address?.keys.map { $0 } ?? []) == ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type"])
    }

    @Test func aServiceAtLocationNestsItsServiceAsTheExampleDoes() throws {
        // `service` is not declared by compiled/service_at_location.json (which closes nothing),
        // but the standard's service_at_location_full.json example nests it.
        let link = OpenReferral.ServiceAtLocation(id: Samples.linkID, serviceID: Samples.serviceID, locationID: Samples.locationID,
                                                  location: Samples.location, service: Samples.service)
        let problems = try SchemaWalk.problems(in: Self.json(link), schema: SchemaWalk.file("compiled/service_at_location.json"), extra: ["service"])
        #expect(problems == [])
        let service = try #require((try Self.json(link) as? [String: Any])?["service"])
        #expect(try SchemaWalk.problems(in: service, schema: SchemaWalk.file("compiled/service.json")) == [])
    }

    @Test func taxonomiesAndTermsHaveTheirRequiredKeys() throws {
        let taxonomy = OpenReferral.assetCategoryTaxonomy
        #expect(try SchemaWalk.problems(in: Self.json(taxonomy), schema: SchemaWalk.file("compiled/taxonomy.json")) == [])
        #expect(taxonomy.taxonomyTerms.map(\.name) == AssetCategory.allCases.filter(\.mayBePublic).map(\.label))
        #expect(!taxonomy.taxonomyTerms.contains { $0.name == AssetCategory.individuals.label })
        for term in taxonomy.taxonomyTerms {
            #expect(try SchemaWalk.problems(in: Self.json(term), schema: SchemaWalk.file("compiled/taxonomy_term.json")) == [])
            #expect(term.taxonomyID == taxonomy.id && term.term == term.name && UUID(uuidString: term.id) != nil)
        }
        // Fixed for every deployment: uuid5(UUID("ec4316bb-04e1-45f6-9ce1-d05c1c9b92b6"), "taxonomy/asset-category").
        #expect(taxonomy.id == OpenReferral.derivedID("ec4316bb-04e1-45f6-9ce1-d05c1c9b92b6", "taxonomy/asset-category"))
    }

    @Test func listItemsHaveOnlyTheOneToOneFields() throws {
        let service = try #require(try Self.json(OpenReferral.ServiceListItem(Samples.service)) as? [String: Any])
        #expect(try SchemaWalk.problems(in: service, schema: SchemaWalk.file("derived/service_list.json")) == [])
        #expect(Set(service.keys) == ["id", "organization_id", "name", "description", "url", "email", "status", "fees", "minimum_age",
                                      "assured_date", "last_modified", "organization"])
        #expect(Set((service["organization"] as? [String: Any])?.keys.map { $0 } ?? []) == ["id", "name", "description", "email", "website"])
        let item = OpenReferral.ServiceAtLocationListItem(Samples.link, service: Samples.service)
        let link = try #require(try Self.json(item) as? [String: Any])
        #expect(try SchemaWalk.problems(in: link, schema: SchemaWalk.file("derived/service_at_location_list.json")) == [])
        #expect(Set((link["location"] as? [String: Any])?.keys.map { $0 } ?? []) == ["id", "location_type", "name", "latitude", "longitude",
                                                                                    "external_identifier", "external_identifier_type"])
    }

    @Test func pagesCarryTheWholeEnvelope() throws {
        let items = [OpenReferral.ServiceListItem(Samples.service)]
        let page = OpenReferral.Page(contents: items, totalItems: 21, pageNumber: 3, perPage: 10)
        #expect(page == OpenReferral.Page(totalItems: 21, totalPages: 3, pageNumber: 3, size: 1, firstPage: false, lastPage: true,
                                          empty: false, contents: items))
        let json = try #require(try Self.json(page) as? [String: Any])
        #expect(Set(json.keys) == ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"])
        let none = OpenReferral.Page<OpenReferral.Taxonomy>(contents: [], totalItems: 0, pageNumber: 1, perPage: 10)
        #expect(none.totalPages == 0 && none.firstPage && none.lastPage && none.empty && none.size == 0)
        #expect((try Self.json(none) as? [String: Any])?["contents"] as? [Any] != nil)
    }

    @Test func theRootSaysWhichStandard() throws {
        let json = try #require(try Self.json(OpenReferral.Root()) as? [String: String])
        #expect(json == ["version": "3.0", "profile": "https://github.com/openreferral/uk-profile",
                         "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"])
    }

    @Test func accessibilityFeaturesGoOutAsLabelsAndComeBack() throws {
        let entries = OpenReferral.accessibility(AccessibilityFeature.allCases.reversed(), locationID: Samples.locationID)
        #expect(entries.map(\.description) == AccessibilityFeature.allCases.map(\.label))
        #expect(entries.allSatisfy { $0.accessibility == $0.description && $0.locationID == Samples.locationID })
        #expect(OpenReferralImport.accessibilityFeatures(in: entries.compactMap(\.description)) == AccessibilityFeature.allCases)
    }

    @Test(arguments: [
        ("No wheelchair access; there is a hearing loop", [AccessibilityFeature.hearingLoop]),
        ("Step-free entrance, accessible toilet and baby changing facilities", [.stepFreeAccess, .accessibleToilet, .babyChange]),
        ("Sessions can have a BSL interpreter. Leaflets in large print.", [.bsl, .largePrint]),
        ("There is no parking but a quiet room is available", [.quietSpace]),
        ("Free car park with blue badge bays", [.parking]),
        ("Our trampoline club is great", []),
    ])
    func accessibilityWordsAreRecognisedWhereObvious(text: String, features: [AccessibilityFeature]) {
        #expect(OpenReferralImport.accessibilityFeatures(in: [text]) == features)
    }

    @Test func cohesionReadsItsOwnFeedBack() throws {
        let imported = try #require(try OpenReferralImport.services(from: JSONEncoder().encode(Samples.service)).first)
        var expectedTimes = Samples.times
        expectedTimes.exceptions.removeAll { $0.periods.isEmpty }   // a closed date is only said in words
        #expect(imported.openingTimes == expectedTimes)
        #expect(imported.unreadSchedules == [])
        #expect(imported.sourceID == Samples.serviceID && imported.name == "ESOL conversation club (example)")
        #expect(imported.organisationName == "Caldmore Residents' Association (example)")
        #expect(imported.address == "1 Example Street, Walsall, West Midlands" && imported.postcode == "WS1 1TP")
        #expect(imported.latitude == 52.5799 && imported.longitude == -1.9866)
        #expect(imported.accessibilityFeatures == [.stepFreeAccess, .accessibleToilet, .hearingLoop])
        #expect(imported.taxonomyTerms.map(\.name) == ["Associations and groups"])
        // Optional refreshments at £3.50 read as a charge: the rule is any price above nothing.
        #expect(imported.cost == .fee)
        #expect(imported.costDetails == "Refreshments: £3.50 optional, per session; Free")
        #expect(imported.warnings == [])
    }

    // MARK: The standard's examples, read and written back

    /// The example, minus the keys these types deliberately don't carry.
    static func example(_ file: String, dropping keys: Set<String> = []) throws -> JSONValue {
        let value = try JSONDecoder().decode(JSONValue.self, from: FixtureFiles.data("openreferral/examples/\(file)"))
        return value.removing(keys)
    }

    static func roundTrip<T: Codable>(_ type: T.Type, _ file: String) throws -> JSONValue {
        let decoded = try JSONDecoder().decode(T.self, from: FixtureFiles.data("openreferral/examples/\(file)"))
        return try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(decoded))
    }

    @Test func theExamplesDecodeAndEncodeBackUnchanged() throws {
        #expect(try Self.roundTrip(OpenReferral.Taxonomy.self, "taxonomy.json") == Self.example("taxonomy.json"))
        #expect(try Self.roundTrip(OpenReferral.TaxonomyTerm.self, "taxonomy_term.json") == Self.example("taxonomy_term.json"))
        #expect(try Self.roundTrip(OpenReferral.Page<OpenReferral.Taxonomy>.self, "taxonomy_list.json") == Self.example("taxonomy_list.json"))
        #expect(try Self.roundTrip(OpenReferral.Page<OpenReferral.TaxonomyTerm>.self, "taxonomy_term_list.json") == Self.example("taxonomy_term_list.json"))
        #expect(try Self.roundTrip(OpenReferral.Page<OpenReferral.ServiceListItem>.self, "service_list.json") == Self.example("service_list.json"))
        #expect(try Self.roundTrip(OpenReferral.Page<OpenReferral.ServiceAtLocationListItem>.self, "service_at_location_list.json")
            == Self.example("service_at_location_list.json"))
        // Funding is the one table of the examples Cohesion never publishes.
        #expect(try Self.roundTrip(OpenReferral.Service.self, "service_full.json") == Self.example("service_full.json", dropping: ["funding"]))
        #expect(try Self.roundTrip(OpenReferral.ServiceAtLocation.self, "service_at_location_full.json")
            == Self.example("service_at_location_full.json", dropping: ["funding"]))
    }

    // MARK: Samples for the schema checker

    @Test func writesOneSampleResponsePerEndpointWhenAsked() throws {
        guard let folder = ProcessInfo.processInfo.environment["OPENREFERRAL_SAMPLES_DIR"] else { return }
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let taxonomy = OpenReferral.assetCategoryTaxonomy
        var listed = taxonomy
        listed.taxonomyTerms = []
        let service = Samples.service
        // The OpenAPI answers /service_at_locations/{id} with the service schema: the service,
        // fully nested, with only the service_at_location asked for.
        var atOnePlace = service
        atOnePlace.serviceAtLocations = [Samples.link]
        let files: [(String, any Encodable)] = [
            ("root", OpenReferral.Root()),
            ("services", OpenReferral.Page(contents: [OpenReferral.ServiceListItem(service)], totalItems: 1, pageNumber: 1, perPage: 50)),
            ("services_id", service),
            ("service_at_locations", OpenReferral.Page(contents: [OpenReferral.ServiceAtLocationListItem(Samples.link, service: service)],
                                                       totalItems: 1, pageNumber: 1, perPage: 50)),
            ("service_at_locations_id", atOnePlace),
            ("taxonomies", OpenReferral.Page(contents: [listed], totalItems: 1, pageNumber: 1, perPage: 50)),
            ("taxonomies_id", taxonomy),
            ("taxonomy_terms", OpenReferral.Page(contents: Array(taxonomy.taxonomyTerms.prefix(2)), totalItems: 5, pageNumber: 1, perPage: 2)),
            ("taxonomy_terms_id", taxonomy.taxonomyTerms[0]),
            ("services--empty", OpenReferral.Page<OpenReferral.ServiceListItem>(contents: [], totalItems: 0, pageNumber: 1, perPage: 50)),
        ]
        for (name, value) in files {
            try Self.encoder.encode(value).write(to: url.appendingPathComponent("\(name).json"))
        }
    }
}

/// A realistic published asset: an ESOL conversation club at a community centre.
enum Samples {
    static let serviceID = "74b1f879-2318-41c6-8ae0-ec608bde2848"
    static let organisationID = "249bbf6e-5a9b-46a3-a764-a9ed6a907b0c"
    static let locationID = "c4dd28dc-88db-4e86-b5a8-80b9f7442bc4"
    static let linkID = "8a908b3f-0e50-44d3-840d-bbd1cdbf6ee8"

    static let location = OpenReferral.Location(
        id: locationID, locationType: .physical, name: "Caldmore Community Centre (example)", latitude: 52.5799, longitude: -1.9866,
        externalIdentifier: "100071103000", externalIdentifierType: "UPRN",
        addresses: [OpenReferral.Address(id: OpenReferral.derivedID(locationID, "address"), locationID: locationID,
                                         address1: "1 Example Street", city: "Walsall", stateProvince: "West Midlands", postalCode: "WS1 1TP")],
        accessibility: OpenReferral.accessibility([.stepFreeAccess, .hearingLoop, .accessibleToilet], locationID: locationID))

    static let link = OpenReferral.ServiceAtLocation(id: linkID, serviceID: serviceID, locationID: locationID, location: location)

    static let times = OpeningTimes(
        weekly: [.tuesday: [OpeningPeriod(opens: LocalTime(hour: 10), closes: LocalTime(hour: 12))],
                 .thursday: [OpeningPeriod(opens: LocalTime(hour: 10), closes: LocalTime(hour: 12)),
                             OpeningPeriod(opens: LocalTime(hour: 18), closes: LocalTime(hour: 19, minute: 30))]],
        closedOnBankHolidays: true,
        exceptions: [OpeningException(date: CalendarDate(year: 2026, month: 12, day: 24), periods: []),
                     OpeningException(date: CalendarDate(year: 2026, month: 12, day: 29),
                                      periods: [OpeningPeriod(opens: LocalTime(hour: 11), closes: LocalTime(hour: 12))])])

    static let service: OpenReferral.Service = {
        let organisation = OpenReferral.Organization(
            id: organisationID, name: "Caldmore Residents' Association (example)",
            description: "A residents' association running activities at Caldmore Community Centre.",
            email: "hello@example.org", website: "https://example.org",
            organizationIdentifiers: [OpenReferral.OrganizationIdentifier(
                id: OpenReferral.derivedID(organisationID, "identifier/GB-CHC"), organizationID: organisationID,
                identifierScheme: "GB-CHC", identifierType: "Charity number", identifier: "1012345")])
        return OpenReferral.Service(
            id: serviceID, organizationID: organisationID, name: "ESOL conversation club (example)",
            description: "Practise speaking English over tea with volunteers. All levels welcome.",
            url: "https://cohesion.example.org/directory/assets/\(serviceID)", email: "esol@example.org", status: .active,
            fees: "Free", minimumAge: 16, assuredDate: CalendarDate(year: 2026, month: 2, day: 27),
            lastModified: Date(timeIntervalSince1970: 1_772_442_900.25),
            schedules: OpenReferral.schedules(from: times, serviceID: serviceID),
            serviceAreas: [OpenReferral.ServiceArea(id: OpenReferral.derivedID(serviceID, "area"), serviceID: serviceID,
                                                    name: "Walsall", extent: nil, uri: "http://statistics.data.gov.uk/id/statistical-geography/E08000030",
                                                    serviceArea: "Walsall")],
            serviceAtLocations: [link],
            languages: [OpenReferral.Language(id: OpenReferral.derivedID(serviceID, "language/en"), serviceID: serviceID)],
            organization: organisation,
            costOptions: [OpenReferral.CostOption(id: OpenReferral.derivedID(serviceID, "cost/0"), serviceID: serviceID,
                                                  option: "Refreshments", amountPence: 350, amountDescription: "optional, per session")],
            contacts: [OpenReferral.Contact(id: OpenReferral.derivedID(serviceID, "contact/0"), serviceID: serviceID, name: "A. Volunteer",
                                            title: "Club organiser")],
            attributes: [OpenReferral.attribute(OpenReferral.taxonomyTerm(for: .associations), serviceID: serviceID)])
    }()
}

/// Required keys, declared keys, enums and nulls, by the standard's schema files; `$ref`s are
/// the sibling file names the merged schemas use.
enum SchemaWalk {
    static func file(_ relative: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: FixtureFiles.data("openreferral/schemas/\(relative)")) as? [String: Any])
    }

    static func referenced(_ name: String) throws -> [String: Any] {
        for folder in ["compiled", "derived", "hsds-3.0-base"]
        where FileManager.default.fileExists(atPath: FixtureFiles.url("openreferral/schemas/\(folder)/\(name)").path) {
            return try file("\(folder)/\(name)")
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
    }

    /// Problems as "path: what"; `extra` names keys allowed although the schema doesn't declare them.
    static func problems(in value: Any, schema: [String: Any], path: String = "", extra: Set<String> = []) throws -> [String] {
        if let ref = schema["$ref"] as? String { return try problems(in: value, schema: referenced(ref), path: path, extra: extra) }
        if value is NSNull { return ["\(path): null"] }
        if let allowed = schema["enum"] as? [String], let text = value as? String, !allowed.contains(text) {
            return ["\(path): \(text) not in \(allowed)"]
        }
        if let list = value as? [Any], let items = schema["items"] as? [String: Any] {
            return try list.enumerated().flatMap { try problems(in: $0.element, schema: items, path: "\(path)[\($0.offset)]") }
        }
        guard let object = value as? [String: Any], let properties = schema["properties"] as? [String: Any] else { return [] }
        var found = ((schema["required"] as? [String]) ?? []).filter { object[$0] == nil }.map { "\(path): lacks \($0)" }
        for (key, child) in object.sorted(by: { $0.key < $1.key }) {
            guard let childSchema = properties[key] as? [String: Any] else {
                if !extra.contains(key) { found.append("\(path): \(key) is not in the schema") }
                continue
            }
            found += try problems(in: child, schema: childSchema, path: path.isEmpty ? key : "\(path).\(key)")
        }
        return found
    }
}

extension JSONValue {
    /// The same JSON without these keys, at any depth.
    func removing(_ keys: Set<String>) -> JSONValue {
        switch self {
        case .object(let fields):
            .object(fields.filter { !keys.contains($0.key) }.mapValues { $0.removing(keys) })
        case .array(let items):
            .array(items.map { $0.removing(keys) })
        default:
            self
        }
    }
}
