import Foundation

/// One asset as a row of the register's CSV file (`AssetCSV`): checked, normalised values, ready
/// for the importer to match by `id` and save.
public struct AssetCSVRow: Sendable, Equatable {
    /// The register's id for an asset already in it; nil for a new one.
    public var id: UUID?
    public var name: String
    public var description: String
    public var category: AssetCategory
    /// A taxonomy term's code.
    public var taxonomyTerm: String?
    /// The name of the organisation that runs it.
    public var organisation: String?
    public var address: String?
    /// Normalised, like `WS1 1TP`.
    public var postcode: String?
    public var latitude: Double?
    public var longitude: Double?
    /// An electoral ward's GSS code, like `E05001301`.
    public var wardCode: String?
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    public var website: String?
    public var openingTimes: OpeningTimes
    public var accessibility: [AccessibilityFeature]
    public var languages: [String]
    public var communitiesServed: String?
    public var cost: AssetCost?
    public var costDetails: String?
    public var capacity: Int?
    /// Part of the "Spaces for All" programme.
    public var spaceForAll: Bool
    public var status: AssetStatus
    public var lastVerified: CalendarDate?
    public var nextReview: CalendarDate?

    public init(
        id: UUID? = nil, name: String, description: String = "", category: AssetCategory,
        taxonomyTerm: String? = nil, organisation: String? = nil, address: String? = nil, postcode: String? = nil,
        latitude: Double? = nil, longitude: Double? = nil, wardCode: String? = nil,
        contactName: String? = nil, contactEmail: String? = nil, contactPhone: String? = nil, website: String? = nil,
        openingTimes: OpeningTimes = OpeningTimes(), accessibility: [AccessibilityFeature] = [], languages: [String] = [],
        communitiesServed: String? = nil, cost: AssetCost? = nil, costDetails: String? = nil, capacity: Int? = nil,
        spaceForAll: Bool = false, status: AssetStatus = .draft, lastVerified: CalendarDate? = nil, nextReview: CalendarDate? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.category = category
        self.taxonomyTerm = taxonomyTerm
        self.organisation = organisation
        self.address = address
        self.postcode = postcode
        self.latitude = latitude
        self.longitude = longitude
        self.wardCode = wardCode
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.website = website
        self.openingTimes = openingTimes
        self.accessibility = accessibility
        self.languages = languages
        self.communitiesServed = communitiesServed
        self.cost = cost
        self.costDetails = costDetails
        self.capacity = capacity
        self.spaceForAll = spaceForAll
        self.status = status
        self.lastVerified = lastVerified
        self.nextReview = nextReview
    }
}

/// One problem in an asset CSV file: the line (the header is line 1; a row's first line if it
/// spans several), the column's header and what is wrong, in plain English.
public struct AssetCSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    /// The column's header; empty for a problem with the whole row or file.
    public let column: String
    public let message: String

    public init(line: Int, column: String, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// "Line 3, postcode: “WS1” is not a UK postcode".
    public var description: String { column.isEmpty ? "Line \(line): \(message)" : "Line \(line), \(column): \(message)" }
}

/// Every problem found in a file, so it can be fixed in one go (imports are all or nothing).
public struct AssetCSVErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems in file order, at most `AssetCSV.maximumErrors`.
    public let errors: [AssetCSVError]
    /// Whether there were more problems than are listed.
    public let isTruncated: Bool

    public init(errors: [AssetCSVError], isTruncated: Bool = false) {
        self.errors = errors
        self.isTruncated = isTruncated
    }

    public var description: String {
        let more = isTruncated ? ["(only the first \(errors.count) problems are listed)"] : []
        return (errors.map(\.description) + more).joined(separator: "\n")
    }
}
