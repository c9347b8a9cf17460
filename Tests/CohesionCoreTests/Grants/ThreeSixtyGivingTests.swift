@testable import CohesionCore
import Foundation
import Testing

/// 360Giving files against the standard's own schema and column titles, copied into
/// `Tests/Fixtures/360giving/`. This checks what a publisher most often gets wrong (required
/// keys, undeclared keys, types, dates, codes, nulls); `Tests/e2e/threesixtygiving_check.py`
/// runs the full JSON Schema validation of the same package: set `THREESIXTYGIVING_SAMPLE` to a
/// file path and this suite writes the package there for it.
@Suite struct ThreeSixtyGivingTests {
    static let council = ThreeSixtyGiving.Organization(id: "GB-LAE-WLL", name: "Walsall Council", department: "Community Cohesion")

    static func grant(_ reference: String, recipient: ThreeSixtyGiving.Organization, locations: [ThreeSixtyGiving.Location],
                      awarded: Int = 125_050, applied: Int? = 150_000) -> ThreeSixtyGiving.Grant {
        ThreeSixtyGiving.Grant(
            id: ThreeSixtyGiving.grantIdentifier(prefix: "360G-walsallcouncil", reference: reference),
            title: "Pleck summer \"Meet your neighbours\" picnics", description: "Four picnics, with a Punjabi and English quiz,\nfor 200 residents.",
            amountAppliedForPence: applied, amountAwardedPence: awarded, amountDisbursedPence: nil,
            awardDate: CalendarDate(year: 2026, month: 3, day: 12), plannedStart: CalendarDate(year: 2026, month: 6, day: 1),
            plannedEnd: CalendarDate(year: 2026, month: 8, day: 31), recipient: recipient, beneficiaryLocations: locations, funder: council,
            programme: .init(code: "CMG-2026", title: "Community cohesion micro-grants 2026", url: "https://cohesion.example.org/grants"),
            fromOpenCall: true, modified: Date(timeIntervalSince1970: 1_773_571_845.123))
    }

    static let pleck = ThreeSixtyGiving.Location(name: "Pleck", geoCode: "E05001313", geoCodeType: "WD")
    static let paddock = ThreeSixtyGiving.Location(name: "Paddock", geoCode: "E05001312", geoCodeType: "WD")

    static var grants: [ThreeSixtyGiving.Grant] {
        let charity = ThreeSixtyGiving.Organization(
            id: ThreeSixtyGiving.recipientIdentifier(charityNumber: "1012345", companyNumber: "09876543", prefix: "walsallcouncil", localID: UUID()),
            name: "Pleck Residents' Association", charityNumber: "1012345", postalCode: "WS2 9HR")
        let group = ThreeSixtyGiving.Organization(
            id: ThreeSixtyGiving.recipientIdentifier(charityNumber: nil, companyNumber: nil, prefix: "walsallcouncil",
                                                     localID: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!),
            name: "Caldmore Women's Walking Group")
        return [grant("CMG-2026-0001", recipient: charity, locations: [pleck]),
                grant("CMG-2026-0002", recipient: group, locations: [pleck, paddock], awarded: 50_000, applied: nil)]
    }

    static func schema(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: FixtureFiles.data("360giving/" + name)) as! [String: Any]
    }

    @Test func identifiersFollowTheStandardAndOrgIDGuide() {
        #expect(ThreeSixtyGiving.grantIdentifier(prefix: "walsallcouncil", reference: "CMG-2026-0042") == "360G-walsallcouncil-CMG-2026-0042")
        #expect(ThreeSixtyGiving.grantIdentifier(prefix: "360G-walsallcouncil", reference: "CMG-2026-0042") == "360G-walsallcouncil-CMG-2026-0042")
        #expect(ThreeSixtyGiving.grantIdentifier(prefix: "360g-walsallcouncil", reference: "CMG-2026-0042") == "360G-walsallcouncil-CMG-2026-0042")
        let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!
        #expect(ThreeSixtyGiving.recipientIdentifier(charityNumber: "1012345", companyNumber: "09876543", prefix: "p", localID: id) == "GB-CHC-1012345")
        #expect(ThreeSixtyGiving.recipientIdentifier(charityNumber: "sc012345", companyNumber: nil, prefix: "p", localID: id) == "GB-SC-SC012345")
        #expect(ThreeSixtyGiving.recipientIdentifier(charityNumber: nil, companyNumber: "9876543", prefix: "p", localID: id) == "GB-COH-09876543")
        #expect(ThreeSixtyGiving.recipientIdentifier(charityNumber: "not a number", companyNumber: "", prefix: "walsallcouncil", localID: id)
            == "360G-walsallcouncil-ORG-6f9619ff-8b86-d011-b42d-00c04fc964ff")
    }

    @Test func thePackageHasWhatTheSchemaRequiresAndNothingItDoesNotDeclare() throws {
        let data = try ThreeSixtyGiving.package(Self.grants, publisher: .init(name: "Walsall Council", identifier: "GB-LAE-WLL", website: "https://go.walsall.gov.uk"),
                                                title: "Walsall Council community cohesion micro-grants", identifier: "360G-walsallcouncil-cohesion",
                                                issued: Date(timeIntervalSince1970: 1_780_000_000))
        if let path = ProcessInfo.processInfo.environment["THREESIXTYGIVING_SAMPLE"] { try data.write(to: URL(fileURLWithPath: path)) }
        let package = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let packageSchema = try Self.schema("360giving-package-schema.json")
        let grantSchema = try Self.schema("360giving-schema.json")
        let declaredPackage = Set((packageSchema["properties"] as! [String: Any]).keys)
        #expect(Set(package.keys).isSubset(of: declaredPackage), "\(Set(package.keys).subtracting(declaredPackage))")
        for required in packageSchema["required"] as! [String] { #expect(package[required] != nil, "package lacks \(required)") }
        #expect(package["version"] as? String == "1.4")

        let grants = package["grants"] as! [[String: Any]]
        #expect(grants.count == 2)
        let properties = grantSchema["properties"] as! [String: Any]
        let organisationRequired = Set(((grantSchema["$defs"] as! [String: Any])["Organization"] as! [String: Any])["required"] as! [String])
        let requiredForOrganisations = ((grantSchema["oneOf"] as! [[String: Any]])[0]["required"] as! [String])
        let datePattern = try Regex("^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$")
        for grant in grants {
            #expect(Set(grant.keys).isSubset(of: Set(properties.keys)), "\(Set(grant.keys).subtracting(properties.keys))")
            for required in requiredForOrganisations { #expect(grant[required] != nil, "a grant lacks \(required)") }
            #expect(grant["recipientIndividual"] == nil)
            for key in ["amountAwarded", "amountAppliedFor"] where grant[key] != nil {
                #expect(grant[key] is NSNumber && !(grant[key] is String), "\(key) must be a number")
            }
            #expect(try datePattern.wholeMatch(in: grant["awardDate"] as! String) != nil)
            #expect(grant["currency"] as? String == "GBP")
            for key in ["recipientOrganization", "fundingOrganization"] {
                let organisations = grant[key] as! [[String: Any]]
                #expect(organisations.count == 1)
                #expect(organisationRequired.isSubset(of: organisations[0].keys))
            }
            let fromOpenCall = (properties["fromOpenCall"] as! [String: Any])["enum"] as! [String]
            #expect(fromOpenCall.contains(grant["fromOpenCall"] as! String))
        }
        #expect(grants[0]["amountAwarded"] as? Double == 1250.5)
        #expect(grants[0]["amountAppliedFor"] as? Double == 1500)
        #expect(grants[1]["amountAppliedFor"] == nil)
        let locations = grants[1]["beneficiaryLocation"] as! [[String: Any]]
        #expect(locations.map { $0["geoCode"] as? String } == ["E05001313", "E05001312"])
        #expect(locations.allSatisfy { $0["geoCodeType"] as? String == "WD" && $0["countryCode"] as? String == "GB" })
        #expect(!String(decoding: data, as: UTF8.self).contains("null"))
    }

    @Test func theSpreadsheetUsesTheStandardsColumnTitlesInItsOrder() throws {
        let standard = try CSVReader.records(in: FixtureFiles.text("360giving/grants-sheet-header.csv")).first!.fields
        let one = try CSVReader.records(in: ThreeSixtyGiving.csv([Self.grants[0]]))
        let header = one[0].fields
        #expect(Set(header).isSubset(of: Set(standard)), "\(Set(header).subtracting(standard))")
        #expect(header == standard.filter(Set(header).contains), "columns out of the standard's order")
        #expect(one.count == 2 && one[1].fields.count == header.count)
        let row = Dictionary(uniqueKeysWithValues: zip(header, one[1].fields))
        #expect(row["Identifier"] == "360G-walsallcouncil-CMG-2026-0001")
        #expect(row["Amount Awarded"] == "1250.5")
        #expect(row["Award Date"] == "2026-03-12")
        #expect(row["Description"] == "Four picnics, with a Punjabi and English quiz,\nfor 200 residents.")
        #expect(row["Title"] == "Pleck summer \"Meet your neighbours\" picnics")
        #expect(row["Beneficiary Location:Geographic Code Type"] == "WD")
        #expect(row["Funding Org:Identifier"] == "GB-LAE-WLL")

        // Two locations: the location columns numbered from 0, each title otherwise the standard's.
        let both = try CSVReader.records(in: ThreeSixtyGiving.csv(Self.grants))
        let numbered = both[0].fields
        let unnumbered = numbered.map { $0.replacing(/:[0-9]+:/, with: ":") }
        #expect(Set(unnumbered).isSubset(of: Set(standard)))
        #expect(numbered.contains("Beneficiary Location:1:Geographic Code"))
        let second = Dictionary(uniqueKeysWithValues: zip(numbered, both[2].fields))
        #expect(second["Beneficiary Location:1:Name"] == "Paddock")
        #expect(both[1].fields.count == numbered.count && both[2].fields.count == numbered.count)
    }
}
