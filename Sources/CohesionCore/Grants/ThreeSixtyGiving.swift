import Foundation

/// The 360Giving Data Standard (1.4): UK open data about grants, read by GrantNav and funders'
/// research. A council publishes its awarded micro-grants as a data package (JSON) and as the
/// standard's spreadsheet columns (CSV); both are made here from the same `Grant` values.
/// Checked against the standard's schema and column titles in `Tests/Fixtures/360giving/`.
public enum ThreeSixtyGiving {
    /// The schema version the package declares (the standard's major.minor).
    public static let version = "1.4"

    // MARK: Identifiers

    /// A grant's identifier: the publisher's registered 360Giving prefix and the council's own
    /// reference, `360G-walsallcouncil-CMG-2026-0042`. The prefix is given with or without its
    /// `360G-`.
    public static func grantIdentifier(prefix: String, reference: String) -> String {
        publisherPrefix(prefix) + "-" + reference
    }

    /// `360G-` and the prefix, once.
    public static func publisherPrefix(_ prefix: String) -> String {
        let trimmed = prefix.trimmingCharacters(in: .whitespaces)
        return trimmed.uppercased().hasPrefix("360G-") ? "360G-" + trimmed.dropFirst(5) : "360G-" + trimmed
    }

    /// A recipient's org-id.guide identifier: from its charity number (`GB-CHC-1012345`,
    /// `GB-SC-SC012345`, `GB-NIC-100123`), else its company number (`GB-COH-09876543`), else,
    /// for a group on no register, the publisher's prefix and the group's id in Cohesion
    /// (`360G-walsallcouncil-ORG-…`), as 360Giving's identifier guidance says.
    public static func recipientIdentifier(charityNumber: String?, companyNumber: String?, prefix: String, localID: UUID) -> String {
        if let charity = charityNumber.flatMap(CharityNumber.parse) {
            return charity.register.orgIDPrefix + "-" + charity.number
        }
        if let company = companyNumber.flatMap(CompanyNumber.parse) { return "GB-COH-" + company }
        return publisherPrefix(prefix) + "-ORG-" + localID.uuidString.lowercased()
    }

    // MARK: Values

    public struct Organization: Encodable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var charityNumber: String?
        public var companyNumber: String?
        public var postalCode: String?
        public var department: String?
        public var url: String?

        public init(id: String, name: String, charityNumber: String? = nil, companyNumber: String? = nil, postalCode: String? = nil,
                    department: String? = nil, url: String? = nil) {
            self.id = id; self.name = name; self.charityNumber = charityNumber; self.companyNumber = companyNumber
            self.postalCode = postalCode; self.department = department; self.url = url
        }
    }

    /// Where the grant's beneficiaries are: a ward (`WD`), LSOA or the district (`MD`, `UA`, …),
    /// by its ONS code.
    public struct Location: Encodable, Sendable, Equatable {
        public var name: String
        public var geoCode: String
        public var geoCodeType: String
        public var countryCode: String

        public init(name: String, geoCode: String, geoCodeType: String, countryCode: String = "GB") {
            self.name = name; self.geoCode = geoCode; self.geoCodeType = geoCodeType; self.countryCode = countryCode
        }
    }

    public struct Programme: Encodable, Sendable, Equatable {
        public var code: String
        public var title: String
        public var url: String?

        public init(code: String, title: String, url: String? = nil) {
            self.code = code; self.title = title; self.url = url
        }
    }

    /// One awarded grant. Amounts are pence here and pounds in the files.
    public struct Grant: Sendable, Equatable {
        public var id: String
        public var title: String
        public var description: String
        public var amountAppliedForPence: Int?
        public var amountAwardedPence: Int
        public var amountDisbursedPence: Int?
        public var awardDate: CalendarDate
        public var plannedStart: CalendarDate?
        public var plannedEnd: CalendarDate?
        public var recipient: Organization
        public var beneficiaryLocations: [Location]
        public var funder: Organization
        public var programme: Programme?
        public var fromOpenCall: Bool
        public var modified: Date

        public init(id: String, title: String, description: String, amountAppliedForPence: Int?, amountAwardedPence: Int, amountDisbursedPence: Int?,
                    awardDate: CalendarDate, plannedStart: CalendarDate?, plannedEnd: CalendarDate?, recipient: Organization,
                    beneficiaryLocations: [Location], funder: Organization, programme: Programme?, fromOpenCall: Bool, modified: Date) {
            self.id = id; self.title = title; self.description = description; self.amountAppliedForPence = amountAppliedForPence
            self.amountAwardedPence = amountAwardedPence; self.amountDisbursedPence = amountDisbursedPence; self.awardDate = awardDate
            self.plannedStart = plannedStart; self.plannedEnd = plannedEnd; self.recipient = recipient
            self.beneficiaryLocations = beneficiaryLocations; self.funder = funder; self.programme = programme
            self.fromOpenCall = fromOpenCall; self.modified = modified
        }
    }

    /// Who publishes the package and under what licence.
    public struct Publisher: Sendable, Equatable {
        public var name: String
        public var identifier: String
        public var website: String?

        public init(name: String, identifier: String, website: String? = nil) {
            self.name = name; self.identifier = identifier; self.website = website
        }
    }

    /// Open Government Licence v3.0, which councils publish their data under.
    public static let openGovernmentLicence = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

    // MARK: JSON

    /// The data package: `{"grants": [...], "version": "1.4", ...}`, keys sorted, amounts as
    /// pounds. The standard requires at least one grant; with none, the package has an empty
    /// list, which a validator reports, so callers say "nothing published yet" instead.
    public static func package(_ grants: [Grant], publisher: Publisher, title: String, identifier: String, issued: Date,
                               downloadURL: String? = nil) throws -> Data {
        let package = PackageJSON(
            grants: grants.map(GrantJSON.init), version: version, title: title, identifier: identifier,
            issued: OpenReferralFormat.dateTime(issued), modified: OpenReferralFormat.dateTime(grants.map(\.modified).max() ?? issued),
            license: openGovernmentLicence, publisher: .init(name: publisher.name, identifier: publisher.identifier, website: publisher.website),
            downloadURL: downloadURL)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(package)
    }

    // The files' shapes: optional keys are left out when empty (the schema allows no nulls in most).

    struct PackageJSON: Encodable {
        struct PublisherJSON: Encodable { let name: String; let identifier: String; let website: String? }
        let grants: [GrantJSON]
        let version: String
        let title: String
        let identifier: String
        let issued: String
        let modified: String
        let license: String
        let publisher: PublisherJSON
        let downloadURL: String?
    }

    struct GrantJSON: Encodable {
        struct Dates: Encodable { let startDate: String?; let endDate: String? }
        let id: String
        let title: String
        let description: String
        let currency = "GBP"
        let amountAppliedFor: Decimal?
        let amountAwarded: Decimal
        let amountDisbursed: Decimal?
        let awardDate: String
        let plannedDates: [Dates]?
        let recipientOrganization: [Organization]
        let beneficiaryLocation: [Location]?
        let fundingOrganization: [Organization]
        let grantProgramme: [Programme]?
        let fromOpenCall: String
        let dateModified: String

        init(_ grant: Grant) {
            id = grant.id
            title = grant.title
            description = grant.description
            amountAppliedFor = grant.amountAppliedForPence.map(Money.poundsValue)
            amountAwarded = Money.poundsValue(grant.amountAwardedPence)
            amountDisbursed = grant.amountDisbursedPence.map(Money.poundsValue)
            awardDate = grant.awardDate.iso
            plannedDates = grant.plannedStart == nil && grant.plannedEnd == nil ? nil
                : [Dates(startDate: grant.plannedStart?.iso, endDate: grant.plannedEnd?.iso)]
            recipientOrganization = [grant.recipient]
            beneficiaryLocation = grant.beneficiaryLocations.isEmpty ? nil : grant.beneficiaryLocations
            fundingOrganization = [grant.funder]
            grantProgramme = grant.programme.map { [$0] }
            fromOpenCall = grant.fromOpenCall ? "Yes" : "No"
            dateModified = OpenReferralFormat.dateTime(grant.modified)
        }
    }

    // MARK: CSV

    /// The spreadsheet columns Cohesion fills, titled and ordered as the standard's template
    /// (`grants-sheet-header.csv`). A grant with more than one beneficiary location repeats the
    /// location columns numbered from 0 (`Beneficiary Location:1:Name`), as 360Giving's
    /// flattened format has it.
    public static func csv(_ grants: [Grant]) -> String {
        let locations = max(1, grants.map(\.beneficiaryLocations.count).max() ?? 1)
        let header = csvHeader(locations: locations)
        var lines = [CSVText.line(header)]
        lines.reserveCapacity(grants.count + 1)
        for grant in grants { lines.append(CSVText.line(csvCells(grant, locations: locations))) }
        return lines.map { $0 + "\r\n" }.joined()
    }

    static let locationFields = ["Name", "Country Code", "Geographic Code", "Geographic Code Type"]

    static func csvHeader(locations: Int) -> [String] {
        let before = ["Identifier", "Title", "Description", "Currency", "Amount Applied For", "Amount Awarded", "Amount Disbursed",
                      "Award Date", "Planned Dates:Start Date", "Planned Dates:End Date",
                      "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Charity Number", "Recipient Org:Company Number",
                      "Recipient Org:Postal Code"]
        let location = (0..<locations).flatMap { index in
            locationFields.map { locations == 1 ? "Beneficiary Location:\($0)" : "Beneficiary Location:\(index):\($0)" }
        }
        let after = ["Funding Org:Identifier", "Funding Org:Name", "Funding Org:Department", "Grant Programme:Code", "Grant Programme:Title",
                     "Grant Programme:URL", "From An Open Call?", "Last Modified"]
        return before + location + after
    }

    static func csvCells(_ grant: Grant, locations: Int) -> [String] {
        func pounds(_ pence: Int?) -> String { pence.map { "\(Money.poundsValue($0))" } ?? "" }
        let before = [grant.id, grant.title, grant.description, "GBP", pounds(grant.amountAppliedForPence), pounds(grant.amountAwardedPence),
                      pounds(grant.amountDisbursedPence), grant.awardDate.iso, grant.plannedStart?.iso ?? "", grant.plannedEnd?.iso ?? "",
                      grant.recipient.id, grant.recipient.name, grant.recipient.charityNumber ?? "", grant.recipient.companyNumber ?? "",
                      grant.recipient.postalCode ?? ""]
        let location = (0..<locations).flatMap { index -> [String] in
            guard index < grant.beneficiaryLocations.count else { return ["", "", "", ""] }
            let l = grant.beneficiaryLocations[index]
            return [l.name, l.countryCode, l.geoCode, l.geoCodeType]
        }
        let after = [grant.funder.id, grant.funder.name, grant.funder.department ?? "", grant.programme?.code ?? "", grant.programme?.title ?? "",
                     grant.programme?.url ?? "", grant.fromOpenCall ? "Yes" : "No", OpenReferralFormat.dateTime(grant.modified)]
        return before + location + after
    }
}
