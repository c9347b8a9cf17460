import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The query parameters of Open Referral UK's list endpoints, checked, as a `DirectoryFilter`,
/// so that `/openreferral/services` finds what the directory finds.
///
/// - `page` from 1, `per_page` 1 to 200 (default 50): the register's API limits.
/// - `search`: the directory's word search. `taxonomy_term_id`: one of the council's types, or
///   an ABCD category (its term), which takes in every type within it. `taxonomy_id`: the
///   council's taxonomy (every service has a term of it). An id that is no term or taxonomy here
///   matches nothing; text that is no id at all is refused.
/// - `day` (`MO` … `SU`), `start_time` and `end_time` (`HH:MM` or `HH:MM:SS`): as the UK API
///   describes them, a service "with a day equal to", "a start time of at least" and "an end time
///   at or below": some weekly opening period (on that day, or on any day) starts at or after
///   `start_time` and ends at or before `end_time`.
/// - `minimum_age` and `maximum_age` (years): services whose minimum age is at least, and whose
///   maximum age is at most, the value; services without one don't match.
/// - `postcode` and `proximity` (metres, `/service_at_locations` only): nearest first, and only
///   those within `proximity` of the postcode's point. A postcode that is not in the council's
///   postcode directory is refused (400, naming `postcode`), as the register's API refuses it:
///   it is a mistake in the request, not a missing record.
struct OpenReferralParameters {
    var filter = DirectoryFilter()
    /// The council types to keep, when a term or taxonomy filter asks (an empty list: none).
    var termIDs: [UUID]?

    static let perPage = 1...200, defaultPer = 50
    static let ages = 0.0...150.0
    static let proximity = 1.0...1_000_000.0

    /// Reads the page and page size only (`/taxonomies`, `/taxonomy_terms`).
    static func paging(_ query: SubmittedForm, errors: inout FormErrors) -> PageRequest {
        func number(_ name: String, _ range: ClosedRange<Int>, _ fallback: Int) -> Int {
            let text = query[name]
            guard !text.isEmpty else { return fallback }
            guard let value = QueryNumber.integer(text), range.contains(value) else {
                errors.add(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return fallback
            }
            return value
        }
        return PageRequest(page: number("page", PageRequest.pages, 1), per: number("per_page", perPage, defaultPer))
    }

    init(_ query: SubmittedForm, feed: OpenReferralFeed, places: Bool, errors: inout FormErrors) {
        filter.paging = Self.paging(query, errors: &errors)
        filter.words = query["search"]
        if !DirectoryFilter.wordsRule.accepts(filter.words) {
            errors.add("search", "search must be \(DirectoryFilter.wordsRule.maxLength ?? 0) characters or fewer")
            filter.words = ""
        }
        readTerms(query, feed: feed, errors: &errors)
        let day = query["day"]
        if !day.isEmpty {
            filter.day = Weekday(openReferralCode: day)
            if filter.day == nil { errors.add("day", "day must be one of MO, TU, WE, TH, FR, SA or SU") }
        }
        filter.startsFrom = Self.time(query["start_time"], "start_time", allowMidnight: false, &errors)
        filter.endsBy = Self.time(query["end_time"], "end_time", allowMidnight: true, &errors)
        if let start = filter.startsFrom, let end = filter.endsBy, end < start {
            errors.add("end_time", "end_time must not be before start_time")
        }
        // Whole years: "at least 4.5" is at least 5, "at most 4.5" at most 4.
        filter.minimumAge = Self.age(query["minimum_age"], "minimum_age", &errors).map { Int($0.rounded(.up)) }
        filter.maximumAge = Self.age(query["maximum_age"], "maximum_age", &errors).map { Int($0.rounded(.down)) }
        guard places else { return }
        filter.onlyPlaced = true
        filter.postcode = query["postcode"]
        if !filter.postcode.isEmpty, !LocateController.Query.postcodeRule.accepts(filter.postcode) || Postcode.normalise(filter.postcode) == nil {
            errors.add("postcode", "postcode must be a full UK postcode, like WS1 1TP")
            filter.postcode = ""
        }
        let proximity = query["proximity"]
        if !proximity.isEmpty {
            if let metres = QueryNumber.decimal(proximity), Self.proximity.contains(metres) {
                filter.withinMetres = metres
                if query["postcode"].isEmpty { errors.add("proximity", "proximity needs a postcode to measure from") }
            } else {
                errors.add("proximity", "proximity must be a distance in metres from 1 to 1,000,000")
            }
        }
    }

    private mutating func readTerms(_ query: SubmittedForm, feed: OpenReferralFeed, errors: inout FormErrors) {
        let termText = query["taxonomy_term_id"]
        if !termText.isEmpty {
            if let id = UUID(uuidString: termText) {
                if let category = feed.category(ofTerm: id) {
                    filter.category = category
                } else {
                    termIDs = feed.publishedTerms.contains { $0.id == id } ? [id] : []
                }
            } else {
                errors.add("taxonomy_term_id", "taxonomy_term_id must be a taxonomy term's id, a UUID from /taxonomy_terms")
            }
        }
        let taxonomyText = query["taxonomy_id"]
        if !taxonomyText.isEmpty {
            if let id = UUID(uuidString: taxonomyText) {
                if id != feed.taxonomyID { termIDs = [] }
            } else {
                errors.add("taxonomy_id", "taxonomy_id must be a taxonomy's id, a UUID from /taxonomies")
            }
        }
    }

    /// `HH:MM` or `HH:MM:SS` (seconds are dropped); `24:00` only as an end.
    static func time(_ text: String, _ name: String, allowMidnight: Bool, _ errors: inout FormErrors) -> LocalTime? {
        guard !text.isEmpty else { return nil }
        if let match = text.wholeMatch(of: /([0-9]{2}):([0-9]{2})(:[0-9]{2})?/), let hour = Int(match.1), let minute = Int(match.2),
           minute < 60, match.3.map({ (Int($0.dropFirst()) ?? 60) < 60 }) ?? true,
           hour < 24 || (allowMidnight && hour == 24 && minute == 0) {
            return LocalTime(hour: hour, minute: minute)
        }
        errors.add(name, "\(name) must be a time of day, like 09:30")
        return nil
    }

    static func age(_ text: String, _ name: String, _ errors: inout FormErrors) -> Double? {
        guard !text.isEmpty else { return nil }
        guard let value = QueryNumber.decimal(text), ages.contains(value) else {
            errors.add(name, "\(name) must be an age in years from 0 to 150")
            return nil
        }
        return value
    }
}

/// The register as Open Referral UK 3.0 records. One taxonomy per council: the five ABCD
/// categories that can be public as its top-level terms, and the council's own types as their
/// children (individuals, personal data that is never published, have neither a term nor any
/// service). Services are published, non-individual assets; each with a place (a point, an
/// address or a postcode) has one location and one service_at_location, with ids derived from
/// the asset's (`OpenReferralIDs`).
struct OpenReferralFeed: Sendable {
    let council: Council
    /// Where the public directory is, for services' `url` when they have no website.
    let siteURL: String
    /// The council's types within the public categories.
    let publishedTerms: [AssetTaxonomyTerm]

    var councilID: UUID { council.id! }
    var taxonomyID: UUID { OpenReferralIDs.taxonomy(council: councilID) }
    static let categories = AssetCategory.allCases.filter(\.mayBePublic)

    /// Kept with the directory index (`DirectoryIndex.derived`): the council's types, sorted,
    /// from the index's `AssetReference`.
    static func load(_ req: Request) async throws -> OpenReferralFeed {
        let council = try req.council, tenant = try req.tenant, index = req.application.directoryIndex
        return try await index.derived("openreferral-feed", tenant: tenant) {
            let terms = try await AssetReference.kept(tenant, index: index).terms
                .filter { $0.category.mayBePublic }
                .sorted { ($0.category.order, $0.name.lowercased(), $0.code) < ($1.category.order, $1.name.lowercased(), $1.code) }
            return OpenReferralFeed(council: council, siteURL: siteURL(req, council: council), publishedTerms: terms)
        }
    }

    static func siteURL(_ req: Request, council: Council) -> String {
        council.siteURL(configured: req.application.cohesionConfig.publicURL)
    }

    // MARK: Taxonomy

    var taxonomyName: String { "\(council.name) community assets" }

    func taxonomy() -> OpenReferral.Taxonomy {
        OpenReferral.Taxonomy(
            id: OpenReferralIDs.text(taxonomyID), name: taxonomyName,
            description: "The kinds of community asset in asset-based community development (ABCD), and \(council.name)'s finer types within them.",
            taxonomyTerms: allTerms)
    }

    /// The categories' terms, then the council's types, category by category.
    var allTerms: [OpenReferral.TaxonomyTerm] {
        Self.categories.map(categoryTerm) + publishedTerms.map(term)
    }

    func categoryTerm(_ category: AssetCategory) -> OpenReferral.TaxonomyTerm {
        OpenReferral.TaxonomyTerm(
            id: OpenReferralIDs.text(OpenReferralIDs.categoryTerm(council: councilID, category: category)), name: category.label,
            description: category.summary, taxonomy: taxonomyName, taxonomyID: OpenReferralIDs.text(taxonomyID), term: category.label)
    }

    func term(_ term: AssetTaxonomyTerm) -> OpenReferral.TaxonomyTerm {
        OpenReferral.TaxonomyTerm(
            id: OpenReferralIDs.text(term.id!), name: term.name,
            description: term.description ?? "\(term.name): a kind of \(term.category.label.lowercased()).",
            parentID: OpenReferralIDs.text(OpenReferralIDs.categoryTerm(council: councilID, category: term.category)),
            taxonomy: taxonomyName, taxonomyID: OpenReferralIDs.text(taxonomyID), term: term.name)
    }

    /// The category whose term has this id, if it is one.
    func category(ofTerm id: UUID) -> AssetCategory? {
        Self.categories.first { OpenReferralIDs.categoryTerm(council: councilID, category: $0) == id }
    }

    func findTerm(_ id: UUID) -> OpenReferral.TaxonomyTerm? {
        if let category = category(ofTerm: id) { return categoryTerm(category) }
        return publishedTerms.first { $0.id == id }.map(term)
    }

    // MARK: Services

    /// The services for these assets, in the same order. Each is built once and kept with the
    /// directory index, which drops it with any write to the assets, their types, areas or
    /// organisations (a profile put a third of `/services`' time in building them: Fluent's
    /// property wrappers read field by field). Building those not kept takes one query, for
    /// their organisations; the names come from the index's `AssetReference`.
    func services(_ assets: [Asset], tenant: TenantScope, index: DirectoryIndex) async throws -> [OpenReferral.Service] {
        let shelf: DirectoryIndex.Shelf<UUID, OpenReferral.Service> = try await index.snapshot(for: tenant).derived.shelf("openreferral-services", limit: 5_000)
        var byID = shelf.get(assets.map { $0.id! })
        let missing = assets.filter { byID[$0.id!] == nil }
        if !missing.isEmpty {
            let details = try await AssetDetails.load(missing, tenant: tenant, reference: AssetReference.kept(tenant, index: index))
            let organisationIDs = Array(Set(missing.compactMap { $0.$organisation.id }))
            let organisations = organisationIDs.isEmpty ? [] : try await tenant.query(Organisation.self).filter(\.$id ~~ organisationIDs).all()
            let organisationByID = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id!, $0) })
            let built = details.map { ($0.asset.id!, service($0, organisation: $0.asset.$organisation.id.flatMap { organisationByID[$0] })) }
            shelf.put(built)
            for (id, service) in built { byID[id] = service }
        }
        return assets.compactMap { byID[$0.id!] }
    }

    func service(_ details: AssetDetails, organisation: Organisation?) -> OpenReferral.Service {
        let asset = details.asset
        let assetID = asset.id!
        let id = OpenReferralIDs.text(assetID)
        var terms = [categoryTerm(asset.category)]
        if let type = details.term, type.category == asset.category { terms.append(term(type)) }
        let place = location(asset)
        return OpenReferral.Service(
            id: id, organizationID: organisation.map { OpenReferralIDs.text($0.id!) }, name: asset.name,
            description: asset.description.isEmpty ? nil : asset.description,
            url: asset.website ?? siteURL + Assets.Routes.directoryEntry.path(assetID).description,
            email: asset.contactEmail, status: .active, fees: fees(asset),
            minimumAge: asset.minimumAge, maximumAge: asset.maximumAge,
            assuredDate: asset.lastVerified.flatMap(CalendarDate.init(iso:)), lastModified: asset.updatedAt ?? asset.createdAt,
            schedules: OpenReferral.schedules(from: asset.openingTimes, serviceID: id),
            serviceAreas: details.ward.map { ward in
                [OpenReferral.ServiceArea(id: OpenReferralIDs.text(OpenReferralIDs.derived(assetID, "service_area")), serviceID: id,
                                          name: ward.name, uri: "http://statistics.data.gov.uk/id/statistical-geography/\(ward.code)",
                                          serviceArea: "\(ward.name) ward")]
            } ?? [],
            serviceAtLocations: place.map { location in
                [OpenReferral.ServiceAtLocation(id: OpenReferralIDs.text(OpenReferralIDs.serviceAtLocation(asset: assetID)), serviceID: id,
                                                locationID: location.id, location: location)]
            } ?? [],
            organization: organisation.map(self.organisation),
            costOptions: costOptions(asset, serviceID: id),
            contacts: asset.contactName.map { [OpenReferral.Contact(id: OpenReferralIDs.text(OpenReferralIDs.derived(assetID, "contact")),
                                                                    serviceID: id, name: $0)] } ?? [],
            attributes: terms.map { OpenReferral.attribute($0, serviceID: id) })
    }

    /// "Free", "Donation welcome: …", "There is a charge: £2 a session".
    func fees(_ asset: Asset) -> String? {
        switch (asset.cost, asset.costDetails) {
        case (nil, nil): nil
        case (let cost?, nil): cost.label
        case (nil, let details?): details
        case (let cost?, let details?): "\(cost.label): \(details)"
        }
    }

    func costOptions(_ asset: Asset, serviceID: String) -> [OpenReferral.CostOption] {
        guard let cost = asset.cost else { return [] }
        return [OpenReferral.CostOption(id: OpenReferral.derivedID(serviceID, "cost_option"), serviceID: serviceID, option: cost.label,
                                        amountPence: cost == .free ? 0 : nil, amountDescription: asset.costDetails)]
    }

    func organisation(_ organisation: Organisation) -> OpenReferral.Organization {
        let id = OpenReferralIDs.text(organisation.id!)
        var identifiers: [OpenReferral.OrganizationIdentifier] = []
        if let number = organisation.charityNumber {
            identifiers.append(.init(id: OpenReferral.derivedID(id, "identifier/GB-CHC"), organizationID: id, identifierScheme: "GB-CHC",
                                     identifierType: "Registered charity number", identifier: number))
        }
        if let number = organisation.companyNumber {
            identifiers.append(.init(id: OpenReferral.derivedID(id, "identifier/GB-COH"), organizationID: id, identifierScheme: "GB-COH",
                                     identifierType: "Company number", identifier: number))
        }
        return OpenReferral.Organization(id: id, name: organisation.name, description: organisation.type.label,
                                         website: organisation.website.flatMap { ContactDetails.isPlausibleWebsite($0) ? $0 : nil },
                                         organizationIdentifiers: identifiers)
    }

    // MARK: Places

    /// Where the asset is, when the register knows: its point, and its address when it has both
    /// an address and a postcode (the standard's address needs a postcode and a town; the town is
    /// the address's last line, or the council's place when it has one line). An address without a
    /// postcode is given as the location's description.
    func location(_ asset: Asset) -> OpenReferral.Location? {
        guard asset.latitude != nil || asset.address != nil || asset.postcode != nil else { return nil }
        let id = OpenReferralIDs.text(OpenReferralIDs.location(asset: asset.id!))
        var addresses: [OpenReferral.Address] = []
        var description: String?
        if let address = asset.address, let postcode = asset.postcode {
            let lines = address.split(whereSeparator: { $0 == "\n" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let town = lines.count >= 2 ? lines.last! : placeName
            let street = (lines.count >= 2 ? Array(lines.dropLast()) : lines).joined(separator: ", ")
            addresses = [OpenReferral.Address(id: OpenReferral.derivedID(id, "address"), locationID: id, address1: street.isEmpty ? asset.name : street,
                                              city: town, stateProvince: nation, postalCode: postcode, country: "GB", addressType: .physical)]
        } else if let address = asset.address {
            description = address.replacingOccurrences(of: "\n", with: ", ")
        }
        return OpenReferral.Location(id: id, locationType: .physical, name: asset.name, description: description,
                                     latitude: asset.latitude, longitude: asset.longitude, addresses: addresses,
                                     accessibility: OpenReferral.accessibility(asset.accessibility, locationID: id))
    }

    /// The council's place: "Walsall Council" → "Walsall".
    var placeName: String {
        var name = council.name
        for suffix in [" Council", " Metropolitan Borough", " Borough", " District", " City", " County"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        if name.hasPrefix("City of ") { name = String(name.dropFirst("City of ".count)) }
        return name.isEmpty ? council.name : name
    }

    /// The address's `state_province`: the nation of the UK the council is in, from the first
    /// letter of its ONS code (the register keeps no county).
    var nation: String {
        switch council.districtCode.first {
        case "W": "Wales"
        case "S": "Scotland"
        case "N": "Northern Ireland"
        default: "England"
        }
    }
}

extension AssetCategory {
    /// The categories' order, for listing terms by category.
    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// The reads behind the Open Referral endpoints.
enum OpenReferralQueries {
    /// The published, non-individual asset whose service_at_location has this id. Its id is
    /// derived from the asset's, so it is matched against the public, placed assets' ids
    /// (`DirectoryIndex`).
    static func asset(forServiceAtLocation id: UUID, index: DirectoryIndex, tenant: TenantScope) async throws -> Asset? {
        var filter = DirectoryFilter()
        filter.onlyPlaced = true
        let placed = try await DirectoryQuery.matching(filter, scope: .publicOnly, index: index, tenant: tenant)
        guard let match = placed.first(where: { OpenReferralIDs.serviceAtLocation(asset: $0.id) == id }) else { return nil }
        return try await publicAsset(match.id, tenant: tenant)
    }

    /// A published, non-individual asset of this council, or nil.
    static func publicAsset(_ id: UUID, tenant: TenantScope) async throws -> Asset? {
        guard let asset = try await tenant.find(Asset.self, id), asset.isPublic else { return nil }
        return asset
    }
}
