import CohesionCore
import Fluent
import Vapor

/// The public directory: search what communities have, and one entry's page. No account needed;
/// only published assets that aren't people appear.
struct DirectoryController {
    static let perPage = 20

    @Sendable func search(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let query = SubmittedForm(urlEncoded: req.url.query ?? "")
        var errors = FormErrors()
        let filter = DirectoryFilter(pageQuery: query, per: Self.perPage, errors: &errors)
        var origin: GeoPosition?
        if !filter.postcode.isEmpty {
            switch try await DirectoryQuery.origin(ofPostcode: filter.postcode, tenant: tenant, council: try req.council) {
            case .success(let point): origin = point
            case .failure(let problem): errors.add("postcode", problem.message)
            }
        }
        let choices = try await AssetQueries.filterChoices(tenant, index: req.application.directoryIndex, publicOnly: true)
        var search = filter
        if origin == nil { search.postcode = "" }
        search.language = AssetQueries.canonicalLanguage(filter.language, among: choices.languages)
        let result = try await DirectoryQuery.run(search, scope: .publicOnly, index: req.application.directoryIndex, tenant: tenant, origin: origin, now: Date(),
                                                  localities: choices.localities, wardCounts: true)
        let reference = try await AssetReference.kept(tenant, index: req.application.directoryIndex)
        let details = try await AssetDetails.load(result.items, tenant: tenant, reference: reference)
        let now = Date()
        let wardNames = reference.wardNames
        let map = result.total == 0 ? nil : try await Self.wardMap(choices.wards, result: result, tenant: tenant, app: req.application)
        return try await req.render(DirectoryPage(
            filter: filter, errors: errors, choices: choices,
            results: details.map { d in
                let a = d.asset
                return DirectoryPage.Result(
                    id: a.id!, name: a.name, kind: d.term?.name ?? a.category.label, summary: Self.firstSentence(a.description),
                    place: [a.address, a.postcode].compactMap { $0 }.joined(separator: ", "),
                    ward: a.wardCode.flatMap { wardNames[$0] }, distance: result.distances[a.id!].map(Self.miles),
                    openNow: a.openingTimes.isEmpty ? nil : a.openingTimes.isOpen(at: now), spaceForAll: a.spaceForAll, cost: a.cost?.label)
            },
            pagination: PaginationView(page: filter.paging.page, per: Self.perPage, total: result.total,
                                       path: Assets.Routes.directory.path, query: filter.query),
            accessQuery: filter.access, total: result.total, map: map, nearPostcode: origin == nil ? nil : Postcode.normalise(filter.postcode)),
            status: errors.isEmpty ? .ok : .badRequest)
    }

    /// The map of where the results are, drawn once for each set of counts while the index is
    /// kept (drawing it was a tenth of the page's time, and most searches are a few common ones).
    static func wardMap(_ wards: [AssetQueries.Ward], result: DirectoryResult, tenant: TenantScope, app: Application) async throws -> WardMapView? {
        let maps: DirectoryIndex.Shelf<String, WardMapView?> = try await app.directoryIndex.snapshot(for: tenant).derived.shelf("directory-ward-maps", limit: 200)
        let key = "\(result.total):" + wards.map { String(result.wardCounts[$0.code] ?? 0) }.joined(separator: ",")
        if let kept = maps.get(key) { return kept }
        let map = try await AssetMaps.wards(
            wards, title: "Where the \(DisplayFormat.count(result.total, "result")) are, by ward",
            values: Dictionary(uniqueKeysWithValues: wards.map { ($0.code, Double(result.wardCounts[$0.code] ?? 0)) }),
            format: .integer, tenant: tenant, cache: app.geographyCache)
        maps.put(key, map)
        return map
    }

    @Sendable func entry(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        guard let asset = try await tenant.find(Asset.self, id), asset.isPublic else { throw Abort(.notFound) }
        let details = try await AssetDetails.load([asset], tenant: tenant, reference: AssetReference.kept(tenant, index: req.application.directoryIndex))[0]
        let times = asset.openingTimes
        return try await req.render(DirectoryEntryPage(
            details: details, openNow: times.isEmpty ? nil : times.isOpen(at: Date()),
            structured: StructuredData(Self.jsonLD(details))))
    }

    /// Distance in miles, as people in the UK measure it: "0.3 miles", "1 mile", "4.5 miles".
    static func miles(_ metres: Double) -> String {
        let miles = metres / 1609.344
        if miles < 0.1 { return "less than 0.1 miles" }
        let text = miles < 10 ? String(format: "%.1f", miles) : String(format: "%.0f", miles)
        return text == "1.0" ? "1 mile" : "\(text) miles"
    }

    static func firstSentence(_ text: String) -> String {
        guard text.count > 160 else { return text }
        return String(text.prefix(157)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// schema.org JSON-LD for one entry: a space is a `CivicStructure`, a story or heritage site a
    /// `Place`, and a group, institution or business an `Organization` (with its location as a
    /// `Place` holding the opening hours, which an organisation itself can't have).
    static func jsonLD(_ details: AssetDetails) -> JSONValue {
        let a = details.asset
        let type: String = switch a.category {
        case .physicalSpaces: "CivicStructure"
        case .storiesAndCulture: "Place"
        default: "Organization"
        }
        var place: [String: JSONValue] = [:]
        if a.address != nil || a.postcode != nil {
            var address: [String: JSONValue] = ["@type": "PostalAddress", "addressCountry": "GB"]
            if let street = a.address { address["streetAddress"] = .string(street) }
            if let postcode = a.postcode { address["postalCode"] = .string(postcode) }
            place["address"] = .object(address)
        }
        if let lat = a.latitude, let lon = a.longitude {
            place["geo"] = ["@type": "GeoCoordinates", "latitude": .number(lat), "longitude": .number(lon)]
        }
        let hours: [JSONValue] = Weekday.allCases.flatMap { day in
            (a.openingTimes.weekly[day] ?? []).map { period -> JSONValue in
                ["@type": "OpeningHoursSpecification", "dayOfWeek": .string("https://schema.org/" + day.label),
                 "opens": .string(period.opens.text), "closes": .string(period.closes.text == "24:00" ? "23:59" : period.closes.text)]
            }
        }
        if !hours.isEmpty { place["openingHoursSpecification"] = .array(hours) }
        if !a.accessibility.isEmpty {
            place["amenityFeature"] = .array(a.accessibility.map { ["@type": "LocationFeatureSpecification", "name": .string($0.label), "value": true] })
        }
        if a.cost == .free { place["isAccessibleForFree"] = true }
        if let capacity = a.capacity { place["maximumAttendeeCapacity"] = .number(Double(capacity)) }
        var thing: [String: JSONValue] = ["@context": "https://schema.org", "@type": .string(type), "name": .string(a.name)]
        if !a.description.isEmpty { thing["description"] = .string(a.description) }
        if let phone = a.contactPhone { thing["telephone"] = .string(phone) }
        if let email = a.contactEmail { thing["email"] = .string(email) }
        if let website = a.website { thing["sameAs"] = .string(website) }
        if !a.languages.isEmpty { thing["knowsLanguage"] = .array(a.languages.map { .string($0) }) }
        if type == "Organization" {
            if !place.isEmpty {
                if let address = place["address"] { thing["address"] = address }
                place["@type"] = "Place"
                place["name"] = .string(a.name)
                place.removeValue(forKey: "isAccessibleForFree")
                place.removeValue(forKey: "maximumAttendeeCapacity")
                thing["location"] = .object(place)
            }
            thing.removeValue(forKey: "knowsLanguage")
            if !a.languages.isEmpty { thing["knowsLanguage"] = .array(a.languages.map { .string($0) }) }
        } else {
            thing.removeValue(forKey: "knowsLanguage")
            thing.merge(place) { $1 }
        }
        return .object(thing)
    }
}
