import Foundation

/// Open Referral UK 3.0: the UK profile of the Human Services Data Specification (HSDS) 3.0, the
/// format councils use to publish and exchange directories of services and places. The types here
/// encode to exactly the shapes of the profile's schemas (`schema/compiled/*.json`: base HSDS 3.0
/// with the UK patches applied), so the register's `/openreferral/` API is the standard's API.
///
/// Rules that hold for every type:
/// - keys are the schema's snake_case names;
/// - a field the schema requires is a non-optional property; an absent optional field is left
///   out of the JSON rather than written as `null` (no schema allows `null` anywhere) and an
///   empty list is left out too (no list is required);
/// - ids are UUID strings (`format: uuid`); `OpenReferral.derivedID` makes stable ones for
///   records Cohesion has no row for;
/// - dates are `YYYY-MM-DD`, times `HH:MM:SS` wall-clock (see `OpenReferralFormat`).
///
/// Fields the UK profile removes from base HSDS are not here (service `phones`, language `name`
/// and `code`, contact `email` and `phones`, location `phones` and `schedules`, the
/// service_at_location's own `schedules`, `contacts` and `description`, taxonomy term `code`),
/// nor tables Cohesion never publishes (funding, programs, required documents, metadata).
public enum OpenReferral {}

// MARK: - Vocabularies

extension OpenReferral {
    /// `service.status`.
    public enum ServiceStatus: String, Codable, Sendable, Hashable, CaseIterable {
        case active, inactive, defunct
        case temporarilyClosed = "temporarily closed"
    }

    /// `location.location_type`.
    public enum LocationType: String, Codable, Sendable, Hashable, CaseIterable {
        case physical, postal, virtual
    }

    /// `address.address_type` (the same three words as a location's type).
    public enum AddressType: String, Codable, Sendable, Hashable, CaseIterable {
        case physical, postal, virtual
    }
}

// MARK: - The API's envelope and root

extension OpenReferral {
    /// `GET /`: which version and profile of the standard this API follows.
    public struct Root: Codable, Sendable, Equatable {
        public var version: String
        public var profile: String
        public var openapiURL: String

        /// The HSDS version the UK profile 3.0 is built on.
        public static let hsdsVersion = "3.0"
        /// Where the UK profile is published.
        public static let ukProfile = "https://github.com/openreferral/uk-profile"
        /// The UK profile's OpenAPI description, which this API implements without additions.
        public static let ukOpenAPI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"

        public init(version: String = hsdsVersion, profile: String = ukProfile, openapiURL: String = ukOpenAPI) {
            self.version = version
            self.profile = profile
            self.openapiURL = openapiURL
        }

        enum CodingKeys: String, CodingKey {
            case version, profile
            case openapiURL = "openapi_url"
        }
    }

    /// A page of a list endpoint: the OpenAPI's `#/components/schemas/Page` with `contents`.
    /// Pages are numbered from 1, as in the standard's examples.
    public struct Page<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
        public var totalItems: Int
        public var totalPages: Int
        public var pageNumber: Int
        /// The number of items on this page (HSDS: "the number of entities in the current page").
        public var size: Int
        public var firstPage: Bool
        public var lastPage: Bool
        public var empty: Bool
        public var contents: [Item]

        public init(totalItems: Int, totalPages: Int, pageNumber: Int, size: Int, firstPage: Bool, lastPage: Bool, empty: Bool, contents: [Item]) {
            self.totalItems = totalItems
            self.totalPages = totalPages
            self.pageNumber = pageNumber
            self.size = size
            self.firstPage = firstPage
            self.lastPage = lastPage
            self.empty = empty
            self.contents = contents
        }

        /// The envelope worked out from the page's items, the total and the page size asked
        /// for, so the flags can't contradict the counts. No items at all is 0 pages, and page 1
        /// of them is both the first and the last.
        public init(contents: [Item], totalItems: Int, pageNumber: Int, perPage: Int) {
            let pages = perPage > 0 ? (totalItems + perPage - 1) / perPage : 0
            self.init(totalItems: totalItems, totalPages: pages, pageNumber: pageNumber, size: contents.count,
                      firstPage: pageNumber <= 1, lastPage: pageNumber >= pages, empty: contents.isEmpty, contents: contents)
        }

        enum CodingKeys: String, CodingKey {
            case totalItems = "total_items", totalPages = "total_pages", pageNumber = "page_number", size
            case firstPage = "first_page", lastPage = "last_page", empty, contents
        }
    }
}

// MARK: - Services

extension OpenReferral {
    /// A fully nested service (`GET /services/{id}`; schema `compiled/service.json`).
    public struct Service: Codable, Sendable, Equatable {
        public var id: String
        public var organizationID: String?
        public var name: String
        public var description: String?
        /// A web page about the service. Optional in the merged schema, but the UK repository's
        /// `service_list.json` requires it on list items: always give one (the directory page).
        public var url: String?
        public var email: String?
        public var status: ServiceStatus
        /// Deprecated by HSDS in favour of `costOptions`, but still the only free-text place for
        /// "free, donations welcome".
        public var fees: String?
        public var accreditations: String?
        public var minimumAge: Int?
        public var maximumAge: Int?
        public var assuredDate: CalendarDate?
        public var assurerEmail: String?
        public var alert: String?
        public var lastModified: Date?
        public var schedules: [Schedule]
        public var serviceAreas: [ServiceArea]
        public var serviceAtLocations: [ServiceAtLocation]
        public var languages: [Language]
        public var organization: Organization?
        public var costOptions: [CostOption]
        public var contacts: [Contact]
        public var attributes: [Attribute]

        public init(id: String, organizationID: String? = nil, name: String, description: String? = nil, url: String? = nil,
                    email: String? = nil, status: ServiceStatus = .active, fees: String? = nil, accreditations: String? = nil,
                    minimumAge: Int? = nil, maximumAge: Int? = nil, assuredDate: CalendarDate? = nil, assurerEmail: String? = nil,
                    alert: String? = nil, lastModified: Date? = nil, schedules: [Schedule] = [], serviceAreas: [ServiceArea] = [],
                    serviceAtLocations: [ServiceAtLocation] = [], languages: [Language] = [], organization: Organization? = nil,
                    costOptions: [CostOption] = [], contacts: [Contact] = [], attributes: [Attribute] = []) {
            self.id = id
            self.organizationID = organizationID
            self.name = name
            self.description = description
            self.url = url
            self.email = email
            self.status = status
            self.fees = fees
            self.accreditations = accreditations
            self.minimumAge = minimumAge
            self.maximumAge = maximumAge
            self.assuredDate = assuredDate
            self.assurerEmail = assurerEmail
            self.alert = alert
            self.lastModified = lastModified
            self.schedules = schedules
            self.serviceAreas = serviceAreas
            self.serviceAtLocations = serviceAtLocations
            self.languages = languages
            self.organization = organization
            self.costOptions = costOptions
            self.contacts = contacts
            self.attributes = attributes
        }

        enum CodingKeys: String, CodingKey {
            case id, organizationID = "organization_id", name, description, url, email, status, fees, accreditations
            case minimumAge = "minimum_age", maximumAge = "maximum_age", assuredDate = "assured_date"
            case assurerEmail = "assurer_email", alert, lastModified = "last_modified", schedules
            case serviceAreas = "service_areas", serviceAtLocations = "service_at_locations", languages, organization
            case costOptions = "cost_options", contacts, attributes
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            organizationID = try c.decodeIfPresent(String.self, forKey: .organizationID)
            name = try c.decode(String.self, forKey: .name)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            url = try c.decodeIfPresent(String.self, forKey: .url)
            email = try c.decodeIfPresent(String.self, forKey: .email)
            status = try c.decode(ServiceStatus.self, forKey: .status)
            fees = try c.decodeIfPresent(String.self, forKey: .fees)
            accreditations = try c.decodeIfPresent(String.self, forKey: .accreditations)
            minimumAge = try c.decodeIfPresent(Int.self, forKey: .minimumAge)
            maximumAge = try c.decodeIfPresent(Int.self, forKey: .maximumAge)
            assuredDate = try c.decodeDateIfPresent(forKey: .assuredDate)
            assurerEmail = try c.decodeIfPresent(String.self, forKey: .assurerEmail)
            alert = try c.decodeIfPresent(String.self, forKey: .alert)
            lastModified = try c.decodeDateTimeIfPresent(forKey: .lastModified)
            schedules = try c.decodeListIfPresent(forKey: .schedules)
            serviceAreas = try c.decodeListIfPresent(forKey: .serviceAreas)
            serviceAtLocations = try c.decodeListIfPresent(forKey: .serviceAtLocations)
            languages = try c.decodeListIfPresent(forKey: .languages)
            organization = try c.decodeIfPresent(Organization.self, forKey: .organization)
            costOptions = try c.decodeListIfPresent(forKey: .costOptions)
            contacts = try c.decodeListIfPresent(forKey: .contacts)
            attributes = try c.decodeListIfPresent(forKey: .attributes)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encodeIfPresent(organizationID, forKey: .organizationID)
            try c.encode(name, forKey: .name)
            try c.encodeIfPresent(description, forKey: .description)
            try c.encodeIfPresent(url, forKey: .url)
            try c.encodeIfPresent(email, forKey: .email)
            try c.encode(status, forKey: .status)
            try c.encodeIfPresent(fees, forKey: .fees)
            try c.encodeIfPresent(accreditations, forKey: .accreditations)
            try c.encodeIfPresent(minimumAge, forKey: .minimumAge)
            try c.encodeIfPresent(maximumAge, forKey: .maximumAge)
            try c.encodeIfPresent(assuredDate.map(OpenReferralFormat.date), forKey: .assuredDate)
            try c.encodeIfPresent(assurerEmail, forKey: .assurerEmail)
            try c.encodeIfPresent(alert, forKey: .alert)
            try c.encodeIfPresent(lastModified.map(OpenReferralFormat.dateTime), forKey: .lastModified)
            try c.encodeUnlessEmpty(schedules, forKey: .schedules)
            try c.encodeUnlessEmpty(serviceAreas, forKey: .serviceAreas)
            try c.encodeUnlessEmpty(serviceAtLocations, forKey: .serviceAtLocations)
            try c.encodeUnlessEmpty(languages, forKey: .languages)
            try c.encodeIfPresent(organization, forKey: .organization)
            try c.encodeUnlessEmpty(costOptions, forKey: .costOptions)
            try c.encodeUnlessEmpty(contacts, forKey: .contacts)
            try c.encodeUnlessEmpty(attributes, forKey: .attributes)
        }
    }

    /// An item of `GET /services`: "services that only have one-to-one fields in them", that is
    /// the service's own fields and its organization (without the organization's lists). The
    /// OpenAPI calls this `compiled/service_list.json`, which the profile's schema folder lacks;
    /// the UK repository's file has exactly these properties.
    public struct ServiceListItem: Codable, Sendable, Equatable {
        public private(set) var service: Service

        public init(_ service: Service) {
            var one = service
            one.schedules = []
            one.serviceAreas = []
            one.serviceAtLocations = []
            one.languages = []
            one.costOptions = []
            one.contacts = []
            one.attributes = []
            one.organization?.organizationIdentifiers = []
            self.service = one
        }

        public init(from decoder: Decoder) throws { self.init(try Service(from: decoder)) }
        public func encode(to encoder: Encoder) throws { try service.encode(to: encoder) }
    }

    /// The link between a service and a place (schema `compiled/service_at_location.json`). The
    /// UK profile keeps only the ids and the location; `service` is the nesting the standard's
    /// `service_at_location_full.json` example shows (the schema allows it: it closes nothing).
    public struct ServiceAtLocation: Codable, Sendable, Equatable {
        public var id: String
        public var serviceID: String?
        public var locationID: String?
        public var location: Location?
        public var service: Service?

        public init(id: String, serviceID: String? = nil, locationID: String? = nil, location: Location? = nil, service: Service? = nil) {
            self.id = id
            self.serviceID = serviceID
            self.locationID = locationID
            self.location = location
            self.service = service
        }

        enum CodingKeys: String, CodingKey {
            case id, serviceID = "service_id", locationID = "location_id", location, service
        }
    }

    /// An item of `GET /service_at_locations`: the link's ids, the location's own fields (no
    /// addresses or accessibility) and the service as a list item, as in the standard's
    /// `service_at_location_list.json` example and the UK repository's schema of that name.
    public struct ServiceAtLocationListItem: Codable, Sendable, Equatable {
        public var id: String
        public var serviceID: String?
        public var locationID: String?
        public var location: Location?
        public var service: ServiceListItem?

        public init(_ link: ServiceAtLocation, service: Service?) {
            id = link.id
            serviceID = link.serviceID ?? service?.id
            locationID = link.locationID ?? link.location?.id
            location = link.location.map { place in
                var one = place
                one.addresses = []
                one.accessibility = []
                return one
            }
            self.service = (service ?? link.service).map(ServiceListItem.init)
        }

        enum CodingKeys: String, CodingKey {
            case id, serviceID = "service_id", locationID = "location_id", location, service
        }
    }

    /// Where and when a service is open (schema `compiled/schedule.json`), an RFC 5545 RRULE
    /// spelt out in fields. The UK profile drops `timezone`, `until`, `count`, `wkst`,
    /// `byweekno` and `byyearday`; `freq` is only WEEKLY or MONTHLY.
    public struct Schedule: Codable, Sendable, Equatable {
        public enum Frequency: String, Codable, Sendable, Hashable, CaseIterable {
            case weekly = "WEEKLY"
            case monthly = "MONTHLY"
        }

        public var id: String
        public var serviceID: String?
        public var serviceAtLocationID: String?
        public var validFrom: CalendarDate?
        public var validTo: CalendarDate?
        public var dtstart: CalendarDate?
        public var freq: Frequency?
        public var interval: Int?
        /// Written as the comma-separated iCalendar codes, Monday first: `MO,WE,FR`.
        public var byday: [Weekday]
        /// Comma-separated days of the month, for MONTHLY schedules only (`2,-1`).
        public var bymonthday: String?
        public var description: String?
        /// Written `HH:MM:SS`, wall-clock time in Europe/London without an offset (the UK
        /// profile removed `timezone`, and one offset can't cover both GMT and BST).
        public var opensAt: LocalTime?
        public var closesAt: LocalTime?
        public var scheduleLink: String?
        public var attendingType: String?
        public var notes: String?

        public init(id: String, serviceID: String? = nil, serviceAtLocationID: String? = nil, validFrom: CalendarDate? = nil,
                    validTo: CalendarDate? = nil, dtstart: CalendarDate? = nil, freq: Frequency? = nil, interval: Int? = nil,
                    byday: [Weekday] = [], bymonthday: String? = nil, description: String? = nil, opensAt: LocalTime? = nil,
                    closesAt: LocalTime? = nil, scheduleLink: String? = nil, attendingType: String? = nil, notes: String? = nil) {
            self.id = id
            self.serviceID = serviceID
            self.serviceAtLocationID = serviceAtLocationID
            self.validFrom = validFrom
            self.validTo = validTo
            self.dtstart = dtstart
            self.freq = freq
            self.interval = interval
            self.byday = byday
            self.bymonthday = bymonthday
            self.description = description
            self.opensAt = opensAt
            self.closesAt = closesAt
            self.scheduleLink = scheduleLink
            self.attendingType = attendingType
            self.notes = notes
        }

        enum CodingKeys: String, CodingKey {
            case id, serviceID = "service_id", serviceAtLocationID = "service_at_location_id", validFrom = "valid_from"
            case validTo = "valid_to", dtstart, freq, interval, byday, bymonthday, description
            case opensAt = "opens_at", closesAt = "closes_at", scheduleLink = "schedule_link"
            case attendingType = "attending_type", notes
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            serviceID = try c.decodeIfPresent(String.self, forKey: .serviceID)
            serviceAtLocationID = try c.decodeIfPresent(String.self, forKey: .serviceAtLocationID)
            validFrom = try c.decodeDateIfPresent(forKey: .validFrom)
            validTo = try c.decodeDateIfPresent(forKey: .validTo)
            dtstart = try c.decodeDateIfPresent(forKey: .dtstart)
            freq = try c.decodeIfPresent(Frequency.self, forKey: .freq)
            interval = try c.decodeIfPresent(Int.self, forKey: .interval)
            byday = try c.decodeIfPresent(String.self, forKey: .byday).map { text in
                try text.split(separator: ",").map { code in
                    guard let day = OpenReferralFormat.weekday(code: code.trimmingCharacters(in: .whitespaces)) else {
                        throw DecodingError.dataCorruptedError(forKey: .byday, in: c, debugDescription: "\"\(code)\" is not a day")
                    }
                    return day
                }
            } ?? []
            bymonthday = try c.decodeIfPresent(String.self, forKey: .bymonthday)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            opensAt = try c.decodeTimeIfPresent(forKey: .opensAt)
            closesAt = try c.decodeTimeIfPresent(forKey: .closesAt)
            scheduleLink = try c.decodeIfPresent(String.self, forKey: .scheduleLink)
            attendingType = try c.decodeIfPresent(String.self, forKey: .attendingType)
            notes = try c.decodeIfPresent(String.self, forKey: .notes)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encodeIfPresent(serviceID, forKey: .serviceID)
            try c.encodeIfPresent(serviceAtLocationID, forKey: .serviceAtLocationID)
            try c.encodeIfPresent(validFrom.map(OpenReferralFormat.date), forKey: .validFrom)
            try c.encodeIfPresent(validTo.map(OpenReferralFormat.date), forKey: .validTo)
            try c.encodeIfPresent(dtstart.map(OpenReferralFormat.date), forKey: .dtstart)
            try c.encodeIfPresent(freq, forKey: .freq)
            try c.encodeIfPresent(interval, forKey: .interval)
            if !byday.isEmpty { try c.encode(byday.sorted().map(OpenReferralFormat.code).joined(separator: ","), forKey: .byday) }
            try c.encodeIfPresent(bymonthday, forKey: .bymonthday)
            try c.encodeIfPresent(description, forKey: .description)
            try c.encodeIfPresent(opensAt.map(OpenReferralFormat.time), forKey: .opensAt)
            try c.encodeIfPresent(closesAt.map(OpenReferralFormat.time), forKey: .closesAt)
            try c.encodeIfPresent(scheduleLink, forKey: .scheduleLink)
            try c.encodeIfPresent(attendingType, forKey: .attendingType)
            try c.encodeIfPresent(notes, forKey: .notes)
        }
    }

    /// The area a service covers (schema `compiled/service_area.json`). The UK profile adds a
    /// free-text `service_area`.
    public struct ServiceArea: Codable, Sendable, Equatable {
        public var id: String
        public var serviceID: String?
        public var name: String?
        public var extent: String?
        public var extentType: String?
        public var uri: String?
        public var serviceArea: String?

        public init(id: String, serviceID: String? = nil, name: String? = nil, extent: String? = nil, extentType: String? = nil,
                    uri: String? = nil, serviceArea: String? = nil) {
            self.id = id
            self.serviceID = serviceID
            self.name = name
            self.extent = extent
            self.extentType = extentType
            self.uri = uri
            self.serviceArea = serviceArea
        }

        enum CodingKeys: String, CodingKey {
            case id, serviceID = "service_id", name, extent, extentType = "extent_type", uri, serviceArea = "service_area"
        }
    }

    /// A language spoken at a service (schema `compiled/language.json`). The UK profile removes
    /// `name`, `code` and `note`, leaving only ids: a UK feed can't say which language.
    public struct Language: Codable, Sendable, Equatable {
        public var id: String
        public var serviceID: String?
        public var phoneID: String?

        public init(id: String, serviceID: String? = nil, phoneID: String? = nil) {
            self.id = id
            self.serviceID = serviceID
            self.phoneID = phoneID
        }

        enum CodingKeys: String, CodingKey {
            case id, serviceID = "service_id", phoneID = "phone_id"
        }
    }

    /// What a service costs (schema `compiled/cost_option.json`). The UK profile drops
    /// `currency`: amounts are pounds sterling.
    public struct CostOption: Codable, Sendable, Equatable {
        public var id: String
        public var serviceID: String?
        public var validFrom: CalendarDate?
        public var validTo: CalendarDate?
        /// Who or what this price is for ("Under 18s and over 60s").
        public var option: String?
        /// Money is integer pence in Cohesion; written as pounds (`350` pence → `3.5`).
        public var amountPence: Int?
        public var amountDescription: String?

        public init(id: String, serviceID: String? = nil, validFrom: CalendarDate? = nil, validTo: CalendarDate? = nil,
                    option: String? = nil, amountPence: Int? = nil, amountDescription: String? = nil) {
            self.id = id
            self.serviceID = serviceID
            self.validFrom = validFrom
            self.validTo = validTo
            self.option = option
            self.amountPence = amountPence
            self.amountDescription = amountDescription
        }

        enum CodingKeys: String, CodingKey {
            case id, serviceID = "service_id", validFrom = "valid_from", validTo = "valid_to", option, amount
            case amountDescription = "amount_description"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            serviceID = try c.decodeIfPresent(String.self, forKey: .serviceID)
            validFrom = try c.decodeDateIfPresent(forKey: .validFrom)
            validTo = try c.decodeDateIfPresent(forKey: .validTo)
            option = try c.decodeIfPresent(String.self, forKey: .option)
            amountPence = try c.decodeIfPresent(Decimal.self, forKey: .amount).map(OpenReferralFormat.pence)
            amountDescription = try c.decodeIfPresent(String.self, forKey: .amountDescription)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encodeIfPresent(serviceID, forKey: .serviceID)
            try c.encodeIfPresent(validFrom.map(OpenReferralFormat.date), forKey: .validFrom)
            try c.encodeIfPresent(validTo.map(OpenReferralFormat.date), forKey: .validTo)
            try c.encodeIfPresent(option, forKey: .option)
            try c.encodeIfPresent(amountPence.map { Decimal($0) / 100 }, forKey: .amount)
            try c.encodeIfPresent(amountDescription, forKey: .amountDescription)
        }
    }

    /// A named contact (schema `compiled/contact.json`). The UK profile removes the contact's
    /// `email` and `phones`, so a contact is a name and a job title.
    public struct Contact: Codable, Sendable, Equatable {
        public var id: String
        public var serviceID: String?
        public var name: String?
        public var title: String?

        public init(id: String, serviceID: String? = nil, name: String? = nil, title: String? = nil) {
            self.id = id
            self.serviceID = serviceID
            self.name = name
            self.title = title
        }

        enum CodingKeys: String, CodingKey {
            case id, serviceID = "service_id", name, title
        }
    }

    /// A telephone number (schema `compiled/phone.json`). The UK profile removes `phones` from
    /// services, locations, contacts, organizations and service_at_locations, so nothing in a
    /// UK service can hold one; the type is here for completeness and for other feeds.
    public struct Phone: Codable, Sendable, Equatable {
        public var id: String
        public var contactID: String?
        public var number: String
        public var description: String?
        public var languages: [Language]

        public init(id: String, contactID: String? = nil, number: String, description: String? = nil, languages: [Language] = []) {
            self.id = id
            self.contactID = contactID
            self.number = number
            self.description = description
            self.languages = languages
        }

        enum CodingKeys: String, CodingKey {
            case id, contactID = "contact_id", number, description, languages
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            contactID = try c.decodeIfPresent(String.self, forKey: .contactID)
            number = try c.decode(String.self, forKey: .number)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            languages = try c.decodeListIfPresent(forKey: .languages)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encodeIfPresent(contactID, forKey: .contactID)
            try c.encode(number, forKey: .number)
            try c.encodeIfPresent(description, forKey: .description)
            try c.encodeUnlessEmpty(languages, forKey: .languages)
        }
    }
}

// MARK: - Places

extension OpenReferral {
    /// A place (schema `compiled/location.json`): `location_type` is required.
    public struct Location: Codable, Sendable, Equatable {
        public var id: String
        public var locationType: LocationType
        public var name: String?
        public var description: String?
        /// WGS84 decimal degrees.
        public var latitude: Double?
        public var longitude: Double?
        /// A third-party id for the place; in the UK, the UPRN.
        public var externalIdentifier: String?
        /// The scheme of `externalIdentifier`, e.g. `UPRN`.
        public var externalIdentifierType: String?
        public var addresses: [Address]
        public var accessibility: [Accessibility]

        public init(id: String, locationType: LocationType = .physical, name: String? = nil, description: String? = nil,
                    latitude: Double? = nil, longitude: Double? = nil, externalIdentifier: String? = nil,
                    externalIdentifierType: String? = nil, addresses: [Address] = [], accessibility: [Accessibility] = []) {
            self.id = id
            self.locationType = locationType
            self.name = name
            self.description = description
            self.latitude = latitude
            self.longitude = longitude
            self.externalIdentifier = externalIdentifier
            self.externalIdentifierType = externalIdentifierType
            self.addresses = addresses
            self.accessibility = accessibility
        }

        enum CodingKeys: String, CodingKey {
            case id, locationType = "location_type", name, description, latitude, longitude
            case externalIdentifier = "external_identifier", externalIdentifierType = "external_identifier_type"
            case addresses, accessibility
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            locationType = try c.decode(LocationType.self, forKey: .locationType)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            latitude = try c.decodeIfPresent(Double.self, forKey: .latitude)
            longitude = try c.decodeIfPresent(Double.self, forKey: .longitude)
            externalIdentifier = try c.decodeIfPresent(String.self, forKey: .externalIdentifier)
            externalIdentifierType = try c.decodeIfPresent(String.self, forKey: .externalIdentifierType)
            addresses = try c.decodeListIfPresent(forKey: .addresses)
            accessibility = try c.decodeListIfPresent(forKey: .accessibility)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(locationType, forKey: .locationType)
            try c.encodeIfPresent(name, forKey: .name)
            try c.encodeIfPresent(description, forKey: .description)
            try c.encodeIfPresent(latitude, forKey: .latitude)
            try c.encodeIfPresent(longitude, forKey: .longitude)
            try c.encodeIfPresent(externalIdentifier, forKey: .externalIdentifier)
            try c.encodeIfPresent(externalIdentifierType, forKey: .externalIdentifierType)
            try c.encodeUnlessEmpty(addresses, forKey: .addresses)
            try c.encodeUnlessEmpty(accessibility, forKey: .accessibility)
        }
    }

    /// A postal address (schema `compiled/address.json`). Seven fields are required, among them
    /// `state_province` (in England the county, e.g. "West Midlands") and `country` (ISO 3166-1
    /// alpha-2, "GB"). The UK profile removes `address_2`: put the second line in `address1`.
    public struct Address: Codable, Sendable, Equatable {
        public var id: String
        public var locationID: String?
        public var attention: String?
        public var address1: String
        public var city: String
        public var region: String?
        public var stateProvince: String
        public var postalCode: String
        public var country: String
        public var addressType: AddressType

        public init(id: String, locationID: String? = nil, attention: String? = nil, address1: String, city: String,
                    region: String? = nil, stateProvince: String, postalCode: String, country: String = "GB",
                    addressType: AddressType = .physical) {
            self.id = id
            self.locationID = locationID
            self.attention = attention
            self.address1 = address1
            self.city = city
            self.region = region
            self.stateProvince = stateProvince
            self.postalCode = postalCode
            self.country = country
            self.addressType = addressType
        }

        enum CodingKeys: String, CodingKey {
            case id, locationID = "location_id", attention, address1 = "address_1", city, region
            case stateProvince = "state_province", postalCode = "postal_code", country, addressType = "address_type"
        }
    }

    /// One accessibility arrangement at a place (schema `compiled/accessibility.json`). The UK
    /// profile adds a free-text `accessibility` beside HSDS's `description`; the standard's
    /// example repeats the same sentence in both, and so does `accessibility(_:locationID:)`.
    public struct Accessibility: Codable, Sendable, Equatable {
        public var id: String
        public var locationID: String?
        public var description: String?
        public var details: String?
        public var url: String?
        public var accessibility: String?

        public init(id: String, locationID: String? = nil, description: String? = nil, details: String? = nil,
                    url: String? = nil, accessibility: String? = nil) {
            self.id = id
            self.locationID = locationID
            self.description = description
            self.details = details
            self.url = url
            self.accessibility = accessibility
        }

        enum CodingKeys: String, CodingKey {
            case id, locationID = "location_id", description, details, url, accessibility
        }
    }
}

// MARK: - Organizations

extension OpenReferral {
    /// Who runs a service (schema `compiled/organization.json`): `name` and `description` are
    /// both required.
    public struct Organization: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String
        public var email: String?
        public var website: String?
        public var logo: String?
        /// A persistent identifier such as an Open Corporates URI; not the website.
        public var uri: String?
        public var parentOrganizationID: String?
        public var organizationIdentifiers: [OrganizationIdentifier]

        public init(id: String, name: String, description: String, email: String? = nil, website: String? = nil, logo: String? = nil,
                    uri: String? = nil, parentOrganizationID: String? = nil, organizationIdentifiers: [OrganizationIdentifier] = []) {
            self.id = id
            self.name = name
            self.description = description
            self.email = email
            self.website = website
            self.logo = logo
            self.uri = uri
            self.parentOrganizationID = parentOrganizationID
            self.organizationIdentifiers = organizationIdentifiers
        }

        enum CodingKeys: String, CodingKey {
            case id, name, description, email, website, logo, uri, parentOrganizationID = "parent_organization_id"
            case organizationIdentifiers = "organization_identifiers"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            name = try c.decode(String.self, forKey: .name)
            description = try c.decode(String.self, forKey: .description)
            email = try c.decodeIfPresent(String.self, forKey: .email)
            website = try c.decodeIfPresent(String.self, forKey: .website)
            logo = try c.decodeIfPresent(String.self, forKey: .logo)
            uri = try c.decodeIfPresent(String.self, forKey: .uri)
            parentOrganizationID = try c.decodeIfPresent(String.self, forKey: .parentOrganizationID)
            organizationIdentifiers = try c.decodeListIfPresent(forKey: .organizationIdentifiers)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(description, forKey: .description)
            try c.encodeIfPresent(email, forKey: .email)
            try c.encodeIfPresent(website, forKey: .website)
            try c.encodeIfPresent(logo, forKey: .logo)
            try c.encodeIfPresent(uri, forKey: .uri)
            try c.encodeIfPresent(parentOrganizationID, forKey: .parentOrganizationID)
            try c.encodeUnlessEmpty(organizationIdentifiers, forKey: .organizationIdentifiers)
        }
    }

    /// A registration number (schema `compiled/organization_identifier.json`), with an org-id.guide
    /// scheme: `GB-CHC` (Charity Commission), `GB-COH` (Companies House), …
    public struct OrganizationIdentifier: Codable, Sendable, Equatable {
        public var id: String
        public var organizationID: String?
        public var identifierScheme: String?
        public var identifierType: String
        public var identifier: String

        public init(id: String, organizationID: String? = nil, identifierScheme: String? = nil, identifierType: String, identifier: String) {
            self.id = id
            self.organizationID = organizationID
            self.identifierScheme = identifierScheme
            self.identifierType = identifierType
            self.identifier = identifier
        }

        enum CodingKeys: String, CodingKey {
            case id, organizationID = "organization_id", identifierScheme = "identifier_scheme"
            case identifierType = "identifier_type", identifier
        }
    }
}

// MARK: - Taxonomies

extension OpenReferral {
    /// A classification scheme (schema `compiled/taxonomy.json`; all of id, name and description
    /// required). The UK profile lets a taxonomy carry its terms.
    public struct Taxonomy: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String
        public var uri: String?
        public var version: String?
        public var taxonomyTerms: [TaxonomyTerm]

        public init(id: String, name: String, description: String, uri: String? = nil, version: String? = nil, taxonomyTerms: [TaxonomyTerm] = []) {
            self.id = id
            self.name = name
            self.description = description
            self.uri = uri
            self.version = version
            self.taxonomyTerms = taxonomyTerms
        }

        enum CodingKeys: String, CodingKey {
            case id, name, description, uri, version, taxonomyTerms = "taxonomy_terms"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            name = try c.decode(String.self, forKey: .name)
            description = try c.decode(String.self, forKey: .description)
            uri = try c.decodeIfPresent(String.self, forKey: .uri)
            version = try c.decodeIfPresent(String.self, forKey: .version)
            taxonomyTerms = try c.decodeListIfPresent(forKey: .taxonomyTerms)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(description, forKey: .description)
            try c.encodeIfPresent(uri, forKey: .uri)
            try c.encodeIfPresent(version, forKey: .version)
            try c.encodeUnlessEmpty(taxonomyTerms, forKey: .taxonomyTerms)
        }
    }

    /// One term of a taxonomy (schema `compiled/taxonomy_term.json`; id, name and description
    /// required). The UK profile removes `code` and adds `term`, "the taxonomy term itself";
    /// `taxonomy` is the taxonomy's name as text, `taxonomyID` its id.
    public struct TaxonomyTerm: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String
        public var parentID: String?
        public var taxonomy: String?
        public var taxonomyID: String?
        public var termURI: String?
        public var term: String?

        public init(id: String, name: String, description: String, parentID: String? = nil, taxonomy: String? = nil,
                    taxonomyID: String? = nil, termURI: String? = nil, term: String? = nil) {
            self.id = id
            self.name = name
            self.description = description
            self.parentID = parentID
            self.taxonomy = taxonomy
            self.taxonomyID = taxonomyID
            self.termURI = termURI
            self.term = term
        }

        enum CodingKeys: String, CodingKey {
            case id, name, description, parentID = "parent_id", taxonomy, taxonomyID = "taxonomy_id", termURI = "term_uri", term
        }
    }

    /// Links a taxonomy term to the record it classifies (schema `compiled/attribute.json`); in a
    /// service's `attributes` the record is the service. The UK profile removes `link_entity`
    /// and `value`.
    public struct Attribute: Codable, Sendable, Equatable {
        public var id: String
        public var linkID: String?
        public var taxonomyTermID: String?
        public var linkType: String?
        public var taxonomyTerm: TaxonomyTerm?

        public init(id: String, linkID: String? = nil, taxonomyTermID: String? = nil, linkType: String? = nil, taxonomyTerm: TaxonomyTerm? = nil) {
            self.id = id
            self.linkID = linkID
            self.taxonomyTermID = taxonomyTermID
            self.linkType = linkType
            self.taxonomyTerm = taxonomyTerm
        }

        enum CodingKeys: String, CodingKey {
            case id, linkID = "link_id", taxonomyTermID = "taxonomy_term_id", linkType = "link_type", taxonomyTerm = "taxonomy_term"
        }
    }
}

// MARK: - Coding helpers

extension KeyedEncodingContainer {
    /// No list is required by any schema, and a consumer reads an absent list as an empty one.
    fileprivate mutating func encodeUnlessEmpty<T: Encodable>(_ list: [T], forKey key: Key) throws {
        if !list.isEmpty { try encode(list, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    fileprivate func decodeListIfPresent<T: Decodable>(forKey key: Key) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }

    fileprivate func decodeDateIfPresent(forKey key: Key) throws -> CalendarDate? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = OpenReferralFormat.parseDate(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\"\(text)\" is not a date (YYYY-MM-DD)")
        }
        return date
    }

    fileprivate func decodeTimeIfPresent(forKey key: Key) throws -> LocalTime? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard case .clock(let minutes) = OpenReferralFormat.parseTime(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\"\(text)\" is not a wall-clock time (HH:MM:SS)")
        }
        return LocalTime(minutes: minutes)
    }

    fileprivate func decodeDateTimeIfPresent(forKey key: Key) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = OpenReferralFormat.parseDateTime(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\"\(text)\" is not an RFC 3339 date-time")
        }
        return date
    }
}

extension OpenReferralFormat {
    /// Pounds to whole pence, rounding half away from zero (`3.499` → 350).
    static func pence(_ pounds: Decimal) -> Int {
        var scaled = pounds * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }
}
