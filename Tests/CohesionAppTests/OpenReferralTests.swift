@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// Open Referral UK 3.0 at /openreferral/: every endpoint's shape, every filter's effect against
/// the register itself, what never appears (drafts, archived assets, individuals, another
/// council's records), refusals as problem+json naming the parameter, a fixed number of queries,
/// and the import of other directories' files (the standard's own examples) through the page.
@Suite struct OpenReferralTests {
    typealias JSON = [String: Any]

    static let pageKeys: Set<String> = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"]

    static func get(_ test: TestApp, _ path: String, host: String = "walsall.test") async throws -> (Page, JSON) {
        let page = try await Browser(test, host: host).get(path)
        let json = (try? JSONSerialization.jsonObject(with: Data(page.body.utf8))) as? JSON ?? [:]
        return (page, json)
    }

    /// A 200 JSON answer, readable from any origin.
    static func ok(_ test: TestApp, _ path: String, host: String = "walsall.test") async throws -> JSON {
        let (page, json) = try await get(test, path, host: host)
        #expect(page.status == .ok, "\(path): \(page.status) \(page.body.prefix(500))")
        #expect(page.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true, "\(path)")
        #expect(page.headers.first(name: "Access-Control-Allow-Origin") == "*", "\(path)")
        return json
    }

    /// A list's items, after checking the envelope agrees with itself.
    static func list(_ test: TestApp, _ path: String) async throws -> (page: JSON, items: [JSON]) {
        let page = try await ok(test, path)
        #expect(Set(page.keys) == pageKeys, "\(path): \(page.keys.sorted())")
        let items = page["contents"] as? [JSON] ?? []
        #expect(page["size"] as? Int == items.count && page["empty"] as? Bool == items.isEmpty, "\(path)")
        return (page, items)
    }

    static func ids(_ test: TestApp, _ path: String) async throws -> Set<String> {
        let separator = path.contains("?") ? "&" : "?"
        return Set(try await list(test, path + separator + "per_page=200").items.compactMap { $0["id"] as? String })
    }

    /// A refusal: problem+json with the status and, for a bad parameter, its name.
    static func problem(_ test: TestApp, _ path: String, _ status: HTTPResponseStatus, field: String? = nil, host: String = "walsall.test") async throws {
        let (page, json) = try await get(test, path, host: host)
        #expect(page.status == status, "\(path): \(page.status)")
        #expect(page.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true, "\(path)")
        #expect(page.headers.first(name: "Access-Control-Allow-Origin") == "*", "\(path)")
        if let field {
            let fields = (json["errors"] as? [JSON] ?? []).compactMap { $0["field"] as? String }
            #expect(fields == [field], "\(path): \(fields)")
        }
    }

    static func walsallAssets(_ test: TestApp, _ f: Fixtures) async throws -> [Asset] {
        try await Asset.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).all()
    }

    static func id(_ asset: Asset) -> String { asset.id!.uuidString.lowercased() }

    // MARK: Shapes

    @Test func theRootSaysWhichVersionAndProfile() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let root = try await Self.ok(test, "/openreferral")
            #expect(root["version"] as? String == "3.0")
            #expect(root["profile"] as? String == "https://github.com/openreferral/uk-profile")
            #expect(root["openapi_url"] as? String == "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json")
        }
    }

    @Test func servicesArePublishedAssetsOnlyNeverDraftsArchivedOrPeople() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let assets = try await Self.walsallAssets(test, f)
            let published = Set(assets.filter { $0.status == .published && $0.category != .individuals }.map(Self.id))
            #expect(published.count > 40)
            #expect(try await Self.ids(test, "/openreferral/services") == published)
            let (page, items) = try await Self.list(test, "/openreferral/services?per_page=200")
            #expect(page["total_items"] as? Int == published.count && page["page_number"] as? Int == 1 && items.count == published.count)
            let (first, fifty) = try await Self.list(test, "/openreferral/services")
            #expect(fifty.count == 50 && first["total_pages"] as? Int == (published.count + 49) / 50, "50 a page unless asked")
            for item in items {
                #expect(item["id"] != nil && item["name"] != nil && item["status"] as? String == "active" && item["url"] != nil)
                // List items have only the one-to-one fields.
                #expect(item["schedules"] == nil && item["service_at_locations"] == nil && item["attributes"] == nil)
            }
            let hidden = assets.filter { !published.contains(Self.id($0)) }
            #expect(hidden.count == 5)
            for asset in hidden {
                try await Self.problem(test, "/openreferral/services/\(Self.id(asset))", .notFound)
                try await Self.problem(test, "/openreferral/service_at_locations/\(Self.id(OpenReferralIDs.serviceAtLocation(asset: asset.id!)))", .notFound)
            }
            let person = try #require(assets.first { $0.category == .individuals })
            for path in ["/openreferral/services", "/openreferral/service_at_locations", "/openreferral/taxonomy_terms"] {
                let body = try await Browser(test).get(path + "?per_page=200").body
                #expect(!body.contains(person.name) && !body.contains("Skills to share"), "\(path)")
            }
        }
    }

    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    /// The ids of the assets that `keep` keeps, as the feed writes them.
    static func matching(_ assets: [Asset], _ keep: (Asset) -> Bool) -> Set<String> {
        Set(assets.filter(keep).map { id($0) })
    }

    /// Whether some weekly opening period on one of `days` matches.
    static func opens(_ asset: Asset, on days: [Weekday], _ matches: (OpeningPeriod) -> Bool) -> Bool {
        let weekly = asset.openingTimes.weekly
        return days.contains { day in (weekly[day] ?? []).contains(where: matches) }
    }

    @Test func aServiceIsFullyNested() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let asset = try #require(try await Self.walsallAssets(test, f).first { $0.name == "Blakenall Community Centre (example)" })
            let service = try await Self.ok(test, "/openreferral/services/\(Self.id(asset))")
            #expect(service["id"] as? String == Self.id(asset) && service["name"] as? String == asset.name && service["status"] as? String == "active")
            #expect(service["url"] as? String == "http://walsall.test/directory/\(asset.id!.uuidString)")
            #expect(service["email"] as? String == "hello@example.org" && service["fees"] as? String == "There is a charge")
            let organisation = try #require(service["organization"] as? JSON)
            #expect(organisation["name"] as? String == "Bloxwich Community Partnership (example)" && organisation["description"] as? String == "Voluntary or community group")
            #expect(service["organization_id"] as? String == organisation["id"] as? String)
            // Mon-Fri 09:00-21:00; Sat 09:00-13:00; closed bank holidays.
            let schedules = try #require(service["schedules"] as? [JSON])
            #expect(schedules.map { $0["byday"] as? String } == ["MO,TU,WE,TH,FR", "SA"])
            #expect(schedules.map { $0["opens_at"] as? String } == ["09:00:00", "09:00:00"] && schedules.map { $0["closes_at"] as? String } == ["21:00:00", "13:00:00"])
            #expect((schedules[0]["description"] as? String)?.contains("Closed on bank holidays") == true)
            let links = try #require(service["service_at_locations"] as? [JSON])
            #expect(links.count == 1 && links[0]["id"] as? String == Self.id(OpenReferralIDs.serviceAtLocation(asset: asset.id!)))
            let location = try #require(links[0]["location"] as? JSON)
            #expect(location["id"] as? String == Self.id(OpenReferralIDs.location(asset: asset.id!)) && location["location_type"] as? String == "physical")
            #expect(location["latitude"] as? Double == asset.latitude && location["longitude"] as? Double == asset.longitude)
            let address = try #require((location["addresses"] as? [JSON])?.first)
            #expect(address["address_1"] as? String == asset.address && address["city"] as? String == "Walsall" && address["postal_code"] as? String == asset.postcode)
            #expect(address["state_province"] as? String == "England" && address["country"] as? String == "GB" && address["address_type"] as? String == "physical")
            #expect((location["accessibility"] as? [JSON])?.compactMap { $0["description"] as? String } == asset.accessibility.map(\.label))
            // Classified by its category and its type, the type a child of the category.
            let terms = (service["attributes"] as? [JSON] ?? []).compactMap { $0["taxonomy_term"] as? JSON }
            #expect(terms.map { $0["name"] as? String } == ["Physical spaces", "Community hall or centre"])
            #expect(terms[1]["parent_id"] as? String == terms[0]["id"] as? String)
            #expect((service["service_areas"] as? [JSON])?.first?["name"] as? String == "Blakenall")
            // /service_at_locations/{id} answers with the same service, as the OpenAPI's schema says.
            let viaService = try await Browser(test).get("/openreferral/services/\(Self.id(asset))").body
            let viaLink = try await Browser(test).get("/openreferral/service_at_locations/\(Self.id(OpenReferralIDs.serviceAtLocation(asset: asset.id!)))").body
            #expect(viaLink == viaService)
        }
    }

    @Test func serviceAtLocationsListThePlacedServicesWithTheirLocation() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let (page, items) = try await Self.list(test, "/openreferral/service_at_locations?per_page=5&page=2")
            #expect(page["page_number"] as? Int == 2 && items.count == 5 && page["first_page"] as? Bool == false)
            for item in items {
                let service = try #require(item["service"] as? JSON)
                let location = try #require(item["location"] as? JSON)
                #expect(item["service_id"] as? String == service["id"] as? String && item["location_id"] as? String == location["id"] as? String)
                #expect(location["addresses"] == nil && location["accessibility"] == nil, "list items have only the one-to-one fields")
            }
            // An asset without any place has no service_at_location.
            let asset = try #require(try await Self.walsallAssets(test, f).first { $0.name == "Bloxwich Library (example)" })
            asset.latitude = nil; asset.longitude = nil; asset.address = nil; asset.postcode = nil
            try await asset.update(on: test.db)
            let located = try await Self.ids(test, "/openreferral/service_at_locations")
            #expect(!located.contains(Self.id(OpenReferralIDs.serviceAtLocation(asset: asset.id!))))
            let services = try await Self.ids(test, "/openreferral/services")
            #expect(located.count == services.count - 1)
            try await Self.problem(test, "/openreferral/service_at_locations/\(Self.id(OpenReferralIDs.serviceAtLocation(asset: asset.id!)))", .notFound)
        }
    }

    @Test func theTaxonomyIsTheCategoriesWithTheCouncilsTypesBeneath() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let taxonomyID = Self.id(OpenReferralIDs.taxonomy(council: f.walsall.id!))
            let (_, taxonomies) = try await Self.list(test, "/openreferral/taxonomies")
            #expect(taxonomies.count == 1 && taxonomies[0]["id"] as? String == taxonomyID && taxonomies[0]["description"] != nil)
            let taxonomy = try await Self.ok(test, "/openreferral/taxonomies/\(taxonomyID)")
            #expect(taxonomy["name"] as? String == "Walsall Council community assets")
            let (page, terms) = try await Self.list(test, "/openreferral/taxonomy_terms?per_page=200")
            let types = try await AssetTaxonomyTerm.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).all()
            let published = types.filter { $0.category != .individuals }
            #expect(page["total_items"] as? Int == 5 + published.count)
            let categories = terms.filter { $0["parent_id"] == nil }
            #expect(categories.map { $0["name"] as? String } == ["Associations and groups", "Institutions", "Physical spaces", "Economic exchange", "Stories and culture"])
            for term in terms {
                #expect(term["taxonomy_id"] as? String == taxonomyID && term["description"] != nil && term["name"] != nil)
                if let parent = term["parent_id"] as? String { #expect(categories.contains { $0["id"] as? String == parent }) }
            }
            let library = try #require(types.first { $0.code == "library" })
            let one = try await Self.ok(test, "/openreferral/taxonomy_terms/\(Self.id(library.id!))")
            #expect(one["name"] as? String == "Library" && one["parent_id"] as? String == Self.id(OpenReferralIDs.categoryTerm(council: f.walsall.id!, category: .institutions)))
            let category = try await Self.ok(test, "/openreferral/taxonomy_terms/\(Self.id(OpenReferralIDs.categoryTerm(council: f.walsall.id!, category: .storiesAndCulture)))")
            #expect(category["name"] as? String == "Stories and culture")
            // People's skills have no public term, and other ids are not found.
            let skills = try #require(types.first { $0.code == "skills-to-share" })
            try await Self.problem(test, "/openreferral/taxonomy_terms/\(Self.id(skills.id!))", .notFound)
            try await Self.problem(test, "/openreferral/taxonomy_terms/\(Self.id(OpenReferralIDs.categoryTerm(council: f.walsall.id!, category: .individuals)))", .notFound)
            try await Self.problem(test, "/openreferral/taxonomies/\(Self.id(UUID()))", .notFound)
            try await Self.problem(test, "/openreferral/taxonomy_terms/not-an-id", .notFound)
            // Paged like the other lists.
            let (second, two) = try await Self.list(test, "/openreferral/taxonomy_terms?per_page=2&page=2")
            #expect(two.count == 2 && second["total_pages"] as? Int == (5 + published.count + 1) / 2 && second["last_page"] as? Bool == false)
        }
    }

    // MARK: Filters

    @Test func everyFilterFindsWhatTheRegisterSays() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let council = try f.walsall.requireID()
            let published = try await Self.walsallAssets(test, f).filter(\.isPublic)

            #expect(try await Self.ids(test, "/openreferral/services?search=library") == Self.matching(published) { $0.searchText.contains(" library") })
            let library = try #require(try await AssetTaxonomyTerm.query(on: test.db).filter(\.$councilID == council).filter(\.$code == "library").first())
            #expect(try await Self.ids(test, "/openreferral/services?taxonomy_term_id=\(Self.id(library.id!))") == Self.matching(published) { $0.$taxonomyTerm.id == library.id })
            let spaces = Self.id(OpenReferralIDs.categoryTerm(council: council, category: .physicalSpaces))
            #expect(try await Self.ids(test, "/openreferral/services?taxonomy_term_id=\(spaces)") == Self.matching(published) { $0.category == .physicalSpaces })
            #expect(try await Self.ids(test, "/openreferral/services?taxonomy_term_id=\(Self.id(UUID()))").isEmpty)
            #expect(try await Self.ids(test, "/openreferral/services?taxonomy_id=\(Self.id(OpenReferralIDs.taxonomy(council: council)))") == Self.matching(published) { _ in true })
            #expect(try await Self.ids(test, "/openreferral/services?taxonomy_id=\(Self.id(UUID()))").isEmpty)

            let saturday = Self.matching(published) { !($0.openingTimes.weekly[.saturday] ?? []).isEmpty }
            #expect(!saturday.isEmpty && saturday.count < published.count)
            #expect(try await Self.ids(test, "/openreferral/services?day=SA") == saturday)
            #expect(try await Self.ids(test, "/openreferral/services?day=sa") == saturday)
            var evening = Set<String>()
            for asset in published where Self.opens(asset, on: Weekday.allCases, { period in period.opens >= LocalTime(hour: 18) }) {
                evening.insert(Self.id(asset))
            }
            #expect(!evening.isEmpty)
            let fromSix = try await Self.ids(test, "/openreferral/services?start_time=18:00")
            #expect(fromSix == evening)
            let morning = Self.matching(published) { asset in Self.opens(asset, on: [.monday]) { period in period.closes <= LocalTime(hour: 13) } }
            #expect(try await Self.ids(test, "/openreferral/services?day=MO&end_time=13:00:00") == morning)
            let within = Self.matching(published) { asset in Self.opens(asset, on: [.tuesday]) { period in period.opens >= LocalTime(hour: 10) && period.closes <= LocalTime(hour: 13) } }
            #expect(!within.isEmpty)
            #expect(try await Self.ids(test, "/openreferral/services?day=TU&start_time=10:00&end_time=13:00") == within)

            #expect(try await Self.ids(test, "/openreferral/services?minimum_age=5") == Self.matching(published) { ($0.minimumAge ?? -1) >= 5 })
            #expect(try await Self.ids(test, "/openreferral/services?maximum_age=16") == Self.matching(published) { $0.maximumAge.map { $0 <= 16 } ?? false })
            #expect(try await Self.ids(test, "/openreferral/services?minimum_age=5.5") == Self.matching(published) { ($0.minimumAge ?? -1) >= 6 })

            // Near a postcode: nearest first, and within the proximity only.
            let postcode = try #require(try await PostcodeLocation.query(on: test.db).filter(\.$councilID == council).filter(\.$postcode == "WS1 1AB").first())
            let origin = GeoPosition(latitude: postcode.latitude!, longitude: postcode.longitude!)
            let (_, near) = try await Self.list(test, "/openreferral/service_at_locations?postcode=ws11ab&per_page=200")
            let distances = near.compactMap { item -> Double? in
                guard let location = item["location"] as? JSON, let lat = location["latitude"] as? Double, let lon = location["longitude"] as? Double else { return nil }
                return GeoDistance.metres(from: origin, to: GeoPosition(latitude: lat, longitude: lon))
            }
            #expect(distances.count == near.count && distances == distances.sorted())
            let close = Self.matching(published) { $0.position.map { GeoDistance.metres(from: origin, to: $0) <= 1500 } ?? false }
            #expect(!close.isEmpty && close.count < published.count)
            let (_, closeItems) = try await Self.list(test, "/openreferral/service_at_locations?postcode=WS1%201AB&proximity=1500&per_page=200")
            #expect(Set(closeItems.compactMap { $0["service_id"] as? String }) == close)
        }
    }

    @Test func badParametersAreRefusedNamingTheParameter() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            for (query, field) in [
                ("per_page=500", "per_page"), ("per_page=0", "per_page"), ("page=abc", "page"), ("page=1.5", "page"),
                ("day=XX", "day"), ("day=Monday", "day"), ("start_time=9am", "start_time"), ("end_time=25:00", "end_time"),
                ("start_time=24:00", "start_time"), ("minimum_age=old", "minimum_age"), ("maximum_age=-1", "maximum_age"),
                ("taxonomy_term_id=library", "taxonomy_term_id"), ("taxonomy_id=1", "taxonomy_id"),
                ("search=" + String(repeating: "a", count: 101), "search"),
            ] {
                try await Self.problem(test, "/openreferral/services?\(query)", .badRequest, field: field)
                try await Self.problem(test, "/openreferral/service_at_locations?\(query)", .badRequest, field: field)
            }
            try await Self.problem(test, "/openreferral/services?start_time=14:00&end_time=10:00", .badRequest, field: "end_time")
            try await Self.problem(test, "/openreferral/service_at_locations?postcode=ZZ99%209ZZ", .badRequest, field: "postcode")
            try await Self.problem(test, "/openreferral/service_at_locations?postcode=nonsense", .badRequest, field: "postcode")
            try await Self.problem(test, "/openreferral/service_at_locations?proximity=1000", .badRequest, field: "proximity")
            try await Self.problem(test, "/openreferral/service_at_locations?postcode=WS1%201AB&proximity=far", .badRequest, field: "proximity")
            try await Self.problem(test, "/openreferral/taxonomies?per_page=1000", .badRequest, field: "per_page")
            try await Self.problem(test, "/openreferral/taxonomy_terms?page=0", .badRequest, field: "page")
            try await Self.problem(test, "/openreferral/services/not-a-uuid", .notFound)
            // A page past the end is empty, not an error.
            let (page, items) = try await Self.list(test, "/openreferral/services?page=99")
            #expect(items.isEmpty && page["empty"] as? Bool == true && page["last_page"] as? Bool == true)
        }
    }

    @Test func anotherCouncilsRecordsAreNotFound() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let asset = try #require(try await Self.walsallAssets(test, f).first(where: \.isPublic))
            let term = try #require(try await AssetTaxonomyTerm.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).filter(\.$code == "library").first())
            let other = "other.test"
            try await Self.problem(test, "/openreferral/services/\(Self.id(asset))", .notFound, host: other)
            try await Self.problem(test, "/openreferral/service_at_locations/\(Self.id(OpenReferralIDs.serviceAtLocation(asset: asset.id!)))", .notFound, host: other)
            try await Self.problem(test, "/openreferral/taxonomy_terms/\(Self.id(term.id!))", .notFound, host: other)
            try await Self.problem(test, "/openreferral/taxonomies/\(Self.id(OpenReferralIDs.taxonomy(council: f.walsall.id!)))", .notFound, host: other)
            let services = try await Self.ok(test, "/openreferral/services", host: other)
            #expect(services["total_items"] as? Int == 0)
            // Otherton's taxonomy is its own, with its own ids.
            let taxonomy = try await Self.ok(test, "/openreferral/taxonomies", host: other)
            #expect((taxonomy["contents"] as? [JSON])?.first?["id"] as? String == Self.id(OpenReferralIDs.taxonomy(council: f.otherton.id!)))
        }
    }

    @Test func listsTakeTheSameNumberOfQueriesHoweverLong() async throws {
        let counter = SQLStatementCounter()
        try await withTestApp(prepare: { counter.install(on: $0) }) { test in
            _ = try await Fixtures.make(test)
            for path in ["/openreferral/services", "/openreferral/service_at_locations"] {
                // Each list is measured cold: the council's DirectoryIndex, and the assets it
                // keeps for pages, dropped first.
                test.app.directoryIndex.invalidate(council: nil)
                let few = try await counter.statements { _ = try await Self.ok(test, path + "?per_page=50") }.count
                test.app.directoryIndex.invalidate(council: nil)
                let many = try await counter.statements { _ = try await Self.ok(test, path + "?per_page=200") }.count
                #expect(few > 3 && few == many, "\(path): \(few) and \(many) statements")
            }
        }
    }

    // MARK: Importing another directory's file

    static func upload(_ browser: Browser, _ name: String, _ content: String) async throws -> Page {
        try await browser.postMultipart("/assets/import/openreferral", fields: [:], files: [(field: "openreferral_file", filename: name, content: content)])
    }

    @Test(arguments: ["service_full.json", "service_at_location_full.json", "organization_full.json", "service_list.json", "service_at_location_list.json"])
    func theStandardsExamplesImportAsDraftsAndTwiceIsNoDuplicate(file: String) async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.officer).email)
            let content = try FixtureFiles.text("openreferral/examples/\(file)")
            let first = try await Self.upload(browser, file, content)
            #expect(first.status == .seeOther, "\(first.body.prefix(3_000))")
            #expect(try await browser.get("/assets").body.contains("Imported 1 service as draft assets to check: 1 added, 0 changed"))
            let imported = try await Asset.query(on: test.db).filter(\.$sourceID != nil).all()
            #expect(imported.count == 1)
            let asset = try #require(imported.first)
            #expect(asset.name == "Community Counselling" && asset.status == .draft && asset.isExample == false && asset.councilID == f.walsall.id)
            #expect(asset.category == .institutions && asset.contactEmail == "email@example.com" && asset.website == "http://example.com/counselling")
            #expect(asset.postcode == nil, "“ABC 1234” is not a UK postcode")
            #expect(asset.searchText.contains(" counselling "))
            let second = try await Self.upload(browser, file, content)
            #expect(second.status == .seeOther)
            #expect(try await browser.get("/assets").body.contains("0 added, 0 changed, 1 already up to date"))
            #expect(try await Asset.query(on: test.db).filter(\.$sourceID != nil).count() == 1)
        }
    }

    @Test func aFileThatIsNotServicesIsRefusedWithWhereAndWhy() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.admin).email)
            let page = try await Self.upload(browser, "taxonomy.json", try FixtureFiles.text("openreferral/examples/taxonomy.json"))
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("taxonomy.json has a problem") && page.body.contains("found a taxonomy"))
            let broken = try await Self.upload(browser, "broken.json", "{\"id\": ")
            #expect(broken.status == .unprocessableEntity && broken.body.contains("not JSON"))
            let none = try await browser.postMultipart("/assets/import/openreferral", fields: [:], files: [])
            #expect(none.status == .unprocessableEntity && none.body.contains("Choose an Open Referral UK JSON file to import"))
        }
    }

    @Test func aServiceOutsideTheCouncilFailsTheWholeFile() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            try await browser.signIn(f.user(.officer).email)
            let before = try await Asset.query(on: test.db).count()
            func service(_ id: String, _ name: String, postcode: String) -> String {
                """
                {"id": "\(id)", "name": "\(name)", "status": "active", "service_at_locations": [{"id": "\(UUID().uuidString.lowercased())",
                 "location": {"id": "\(UUID().uuidString.lowercased())", "location_type": "physical", "addresses": [{"id": "\(UUID().uuidString.lowercased())",
                 "address_1": "1 High Street", "city": "Walsall", "state_province": "England", "postal_code": "\(postcode)", "country": "GB", "address_type": "physical"}]}}]}
                """
            }
            let file = "[" + service(UUID().uuidString.lowercased(), "Palfrey Lunch Club", postcode: "WS1 4AB") + ","
                + service(UUID().uuidString.lowercased(), "Westminster Lunch Club", postcode: "SW1A 0AA") + "]"
            let page = try await Self.upload(browser, "feed.json", file)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("2: Westminster Lunch Club") && page.body.contains("SW1A 0AA is not in Walsall Council&#39;s postcode directory"))
            #expect(try await Asset.query(on: test.db).count() == before)
            // Without it, the file imports, placed by its postcode.
            let good = try await Self.upload(browser, "feed.json", "[" + service(UUID().uuidString.lowercased(), "Palfrey Lunch Club", postcode: "ws14ab") + "]")
            #expect(good.status == .seeOther)
            let lunch = try #require(try await Asset.query(on: test.db).filter(\.$name == "Palfrey Lunch Club").first())
            #expect(lunch.wardCode == "E05001311" && lunch.postcode == "WS1 4AB" && lunch.status == .draft)
        }
    }

    @Test func oneCouncilsFeedImportsIntoAnotherWithItsKindAndType() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let library = try #require(try await Self.walsallAssets(test, f).first { $0.name == "Bloxwich Library (example)" })
            let feed = try await Browser(test).get("/openreferral/services/\(Self.id(library))").body
            let browser = Browser(test, host: "other.test")
            try await browser.signIn(f.otherUsers[.officer]!.email)
            #expect(try await Self.upload(browser, "walsall.json", feed).status == .seeOther)
            let copy = try #require(try await Asset.query(on: test.db).filter(\.$councilID == f.otherton.requireID()).filter(\.$sourceID == Self.id(library)).first())
            let type = try #require(try await AssetTaxonomyTerm.find(copy.$taxonomyTerm.id, on: test.db))
            #expect(copy.name == library.name && copy.category == .institutions && type.code == "library" && type.councilID == f.otherton.id)
            #expect(copy.openingTimes.weekly == library.openingTimes.weekly && copy.accessibility == library.accessibility)
            #expect(copy.latitude == library.latitude && copy.wardCode == nil, "Otherton has no boundaries or postcodes to place it with")
        }
    }
}
