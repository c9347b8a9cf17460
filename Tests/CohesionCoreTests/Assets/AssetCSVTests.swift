@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

@Suite struct AssetCSVTests {
    static let headerLine = AssetCSV.header.joined(separator: ",")

    /// A row from cells by column name; the rest blank.
    static func line(_ cells: [String: String]) -> String {
        AssetCSV.header.map { CSVText.quoted(cells[$0] ?? "") }.joined(separator: ",")
    }

    static func file(_ rows: [[String: String]]) -> String { ([headerLine] + rows.map(line)).joined(separator: "\n") + "\n" }

    static func errors(_ text: String) -> [AssetCSVError] { AssetCSV.parse(text).refusal?.errors ?? [] }

    @Test func theHeaderIsTheDocumentedOne() {
        #expect(AssetCSV.header == ["id", "name", "description", "category", "taxonomy_term", "organisation", "address", "postcode",
                                    "latitude", "longitude", "ward_code", "contact_name", "contact_email", "contact_phone", "website",
                                    "opening_times", "accessibility", "languages", "communities_served", "cost", "cost_details",
                                    "capacity", "space_for_all", "status", "last_verified", "next_review"])
        #expect(AssetCSV.columnGuide.map(\.column) == AssetCSV.header)
        #expect(AssetCSV.columnGuide.filter(\.required).map(\.column) == ["name", "category"])
    }

    @Test func readsEveryColumn() throws {
        let text = Self.file([[
            "id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "name": "  Caldmore Community Hall ",
            "description": "A hall for hire.\nKitchen, stage and garden.", "category": "Physical spaces",
            "taxonomy_term": "community-centre", "organisation": "Caldmore Residents' Association", "address": "1 Example Street\nWalsall",
            "postcode": "ws1 3rh", "latitude": "52.5775", "longitude": "-1.9857", "ward_code": "e05001310",
            "contact_name": "Ann Example", "contact_email": "bookings@example.org", "contact_phone": "01922 650000",
            "website": "https://example.org/hall", "opening_times": "Mon-Fri 09:00-17:00; closed bank holidays",
            "accessibility": "step_free_access; Hearing loop;;BSL; step_free_access", "languages": "English; Punjabi ; english; Polish",
            "communities_served": "Everyone in Caldmore", "cost": "Fee", "cost_details": "£10 an hour", "capacity": "1,200",
            "space_for_all": "Yes", "status": "PUBLISHED", "last_verified": "2026-11-30", "next_review": "31/05/2027",
        ]])
        let rows = try AssetCSV.parse(text).get()
        let expected = AssetCSVRow(
            id: UUID(uuidString: "3F2504E0-4F89-41D3-9A0C-0305E82C3301"), name: "Caldmore Community Hall",
            description: "A hall for hire.\nKitchen, stage and garden.", category: .physicalSpaces, taxonomyTerm: "community-centre",
            organisation: "Caldmore Residents' Association", address: "1 Example Street\nWalsall", postcode: "WS1 3RH",
            latitude: 52.5775, longitude: -1.9857, wardCode: "E05001310", contactName: "Ann Example",
            contactEmail: "bookings@example.org", contactPhone: "01922 650000", website: "https://example.org/hall",
            openingTimes: try OpeningTimes.parse("Mon-Fri 09:00-17:00; closed bank holidays").get(),
            accessibility: [.stepFreeAccess, .hearingLoop, .bsl], languages: ["English", "Punjabi", "Polish"],
            communitiesServed: "Everyone in Caldmore", cost: .fee, costDetails: "£10 an hour", capacity: 1200, spaceForAll: true,
            status: .published, lastVerified: ymd("2026-11-30"), nextReview: ymd("2027-05-31"))
        #expect(rows == [expected])
    }

    @Test func blankOptionalCellsTakeTheirDefaults() throws {
        let rows = try AssetCSV.parse(Self.file([["name": "Tuesday Knit and Natter", "category": "associations"]])).get()
        #expect(rows == [AssetCSVRow(name: "Tuesday Knit and Natter", category: .associations)])
        #expect(rows.first?.status == .draft)
        #expect(rows.first?.spaceForAll == false)
        #expect(rows.first?.openingTimes.isEmpty == true)
    }

    @Test func toleratesABOMCRLFBlankLinesAndAnyColumnOrder() throws {
        let reordered = AssetCSV.header.reversed().map { $0.uppercased() }
        let cells = ["name": "Library", "category": "institutions", "postcode": "WS1 1TP"]
        let row = reordered.map { cells[$0.lowercased()] ?? "" }.joined(separator: ",")
        let blankRow = String(repeating: ",", count: AssetCSV.header.count - 1)
        let text = "\u{FEFF}" + reordered.joined(separator: ",") + "\r\n\r\n" + row + "\r\n" + blankRow + "\r\n\r\n"
        #expect(try AssetCSV.parse(text).get() == [AssetCSVRow(name: "Library", category: .institutions, postcode: "WS1 1TP")])
    }

    @Test func namesMissingAndUnknownColumns() {
        let header = AssetCSV.header.filter { $0 != "postcode" && $0 != "status" } + ["post_code", "name"]
        let errors = Self.errors(header.joined(separator: ",") + "\n")
        #expect(errors == [
            AssetCSVError(line: 1, column: "post_code", message: "there is no column called “post_code” in the asset register (check it against the template)"),
            AssetCSVError(line: 1, column: "name", message: "this column appears twice (first as column 2)"),
            AssetCSVError(line: 1, column: "postcode", message: "the “postcode” column is missing"),
            AssetCSVError(line: 1, column: "status", message: "the “status” column is missing"),
        ])
    }

    @Test func anEmptyFileOrOneWithNoAssetsIsRefused() {
        #expect(Self.errors("") == [AssetCSVError(line: 1, column: "", message: "the file is empty")])
        #expect(Self.errors("\u{FEFF}\n\n") == [AssetCSVError(line: 1, column: "", message: "the file is empty")])
        #expect(Self.errors(Self.headerLine + "\n\n" + String(repeating: ",", count: 25) + "\n")
            == [AssetCSVError(line: 1, column: "", message: "the file has a header row but no assets")])
    }

    @Test func reportsEveryBadCellWithItsLineAndColumn() {
        let text = Self.file([
            ["name": "Fine", "category": "associations"],
            ["name": "", "category": "clubs", "postcode": "WS1", "latitude": "52.5", "ward_code": "E08000030",
             "contact_email": "ann@", "contact_phone": "123", "website": "example.org", "opening_times": "Mon 13:00-12:00",
             "accessibility": "ramp", "cost": "cheap", "capacity": "lots", "space_for_all": "maybe", "status": "live",
             "last_verified": "2026-02-30", "next_review": "next year", "id": "42"],
            ["name": "Another", "category": "individuals", "longitude": "-1.98", "capacity": "100001"],
        ])
        let errors = Self.errors(text)
        #expect(errors.map { "\($0.line) \($0.column)" } == [
            "3 id", "3 name", "3 category", "3 postcode", "3 longitude", "3 ward_code", "3 contact_email", "3 contact_phone",
            "3 website", "3 opening_times", "3 accessibility", "3 cost", "3 capacity", "3 space_for_all", "3 status",
            "3 last_verified", "3 next_review",
            "4 category", "4 latitude", "4 capacity",
        ])
        let messages = Dictionary(errors.map { ("\($0.line) \($0.column)", $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(messages["3 name"] == "the name is missing")
        #expect(messages["3 postcode"] == "“WS1” is not a UK postcode")
        #expect(messages["3 longitude"] == "the longitude is missing; give latitude and longitude together or leave both blank")
        #expect(messages["3 opening_times"] == "“Mon 13:00-12:00”: closes at 12:00, before it opens at 13:00")
        #expect(messages["3 last_verified"] == "2026-02-30 is not a date in the calendar")
        #expect(messages["3 next_review"] == "“next year” is not a date (write dates like 2026-12-25)")
        #expect(messages["4 category"] == "Individuals' skills are recorded one by one with their consent, not imported")
        #expect(messages["4 capacity"] == "100001 is more than the most allowed, 100,000")
        #expect(errors.first?.description == "Line 3, id: “42” is not an id from the register; leave it blank for a new asset")
    }

    @Test func enforcesTheLengthLimits() {
        let errors = Self.errors(Self.file([[
            "name": String(repeating: "n", count: 201), "category": "associations", "description": String(repeating: "d", count: 5001),
            "organisation": String(repeating: "o", count: 501), "languages": "English; " + String(repeating: "l", count: 51),
        ]]))
        #expect(errors.map(\.column) == ["name", "description", "organisation", "languages"])
        #expect(errors.first?.message == "is 201 characters long; the most allowed is 200")
        let atTheLimits = AssetCSV.parse(Self.file([[
            "name": String(repeating: "n", count: 200), "category": "associations", "description": String(repeating: "d", count: 5000),
            "organisation": String(repeating: "o", count: 500), "languages": String(repeating: "l", count: 50), "capacity": "100000",
        ]]))
        #expect(atTheLimits.parsed?.count == 1)
    }

    @Test func refusesControlCharactersAndLineBreaksInOneLineColumns() {
        let errors = Self.errors(Self.file([[
            "name": "Bell\u{7}", "category": "associations", "organisation": "Two\nlines", "contact_name": "Tab\there",
            "description": "Line one\r\nline two", "address": "1 Street\nTown",
        ]]))
        #expect(errors == [
            AssetCSVError(line: 2, column: "name", message: "contains a control character (U+0007), which is not allowed"),
            AssetCSVError(line: 2, column: "organisation", message: "must be on one line"),
            AssetCSVError(line: 2, column: "contact_name", message: "contains a control character (U+0009), which is not allowed"),
        ])
    }

    @Test func lineBreaksInMultilineCellsBecomeNewlines() throws {
        let rows = try AssetCSV.parse(Self.file([["name": "Hall", "category": "associations", "description": "One\r\nTwo\rThree"]])).get()
        #expect(rows.first?.description == "One\nTwo\nThree")
    }

    @Test func theSameIdTwiceIsRefused() {
        let id = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"
        let errors = Self.errors(Self.file([["id": id, "name": "A", "category": "associations"],
                                            ["id": id.lowercased(), "name": "B", "category": "associations"]]))
        #expect(errors == [AssetCSVError(line: 3, column: "id", message: "this id is also on line 2; each asset can appear only once")])
    }

    @Test func aRowWithTheWrongNumberOfFields() {
        let errors = Self.errors(Self.headerLine + "\nHall,associations\n")
        #expect(errors == [AssetCSVError(line: 2, column: "", message: "the row has 2 fields but the header has 26")])
    }

    @Test func brokenQuotingIsReported() {
        let errors = Self.errors(Self.headerLine + "\n,\"Hall,associations\n")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 2)
        #expect(errors.first?.message == "a quoted field starts here but its closing quote is missing")
    }

    @Test func theNextReviewCannotComeBeforeTheLastCheck() {
        let errors = Self.errors(Self.file([["name": "Hall", "category": "associations", "last_verified": "2026-12-01", "next_review": "2026-11-30"]]))
        #expect(errors == [AssetCSVError(line: 2, column: "next_review", message: "the next review, 2026-11-30, is before the last check, 2026-12-01")])
    }

    @Test func stopsListingAt200Problems() throws {
        let rows = Array(repeating: ["name": "Hall", "category": "clubs"], count: 250)
        let failure = try #require(AssetCSV.parse(Self.file(rows)).refusal)
        #expect(failure.errors.count == AssetCSV.maximumErrors)
        #expect(failure.isTruncated)
        #expect(failure.errors.last?.line == 201)
        #expect(failure.description.hasSuffix("(only the first 200 problems are listed)"))
    }

    @Test func writesAHeaderAndQuotesWhereNeeded() {
        let row = AssetCSVRow(name: "Hall, \"the big one\"", description: "Line one\nLine two", category: .physicalSpaces,
                              accessibility: [.bsl, .parking], languages: ["English", "Urdu"], capacity: 80, spaceForAll: true)
        let text = AssetCSV.write([row])
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == Self.headerLine)
        #expect(lines[1] == ",\"Hall, \"\"the big one\"\"\",\"Line one\nLine two\",physical_spaces,,,,,,,,,,,,,bsl; parking,English; Urdu,,,,80,yes,draft,,")
        #expect(text.hasSuffix("\r\n"))
        #expect(AssetCSV.write([]) == Self.headerLine + "\r\n")
    }

    @Test func writeThenParseGivesTheRowsBack() async {
        await propertyCheck(count: 200, input: Self.rows) { rows in
            let text = AssetCSV.write(rows)
            let parsed = AssetCSV.parse(text)
            #expect(parsed.parsed == rows, "\(parsed.refusal?.description ?? "")")
        }
    }

    // MARK: generators of valid, normalised rows

    static let oneLine: [Character] = Array("abcXYZ019 ,;\"'=£é—-&()/") + ["🙂"]
    static let multiLine = oneLine + ["\n"]

    typealias TextShrink = Generator<Int, Shrink.Integer<Int>>.ArrayShrink

    static func text(_ alphabet: [Character], _ count: ClosedRange<Int>) -> Generator<String, TextShrink> {
        Gen.int(in: 0...(alphabet.count - 1)).array(of: count).map { String($0.map { alphabet[$0] }).trimmingSpaces }
    }

    static func optionalText(_ alphabet: [Character] = oneLine) -> Generator<String?, TextShrink> {
        text(alphabet, 0...30).map { $0.isEmpty ? nil : $0 }
    }

    static let categories: [AssetCategory] = AssetCategory.allCases.filter(\.mayBePublic)
    static let postcodes = ["WS1 1TP", "B1 1AA", "EC1A 1BB", "W1A 0AX", "WS10 8NL"]
    static let languageNames = ["English", "Punjabi", "Urdu", "Polish", "Bengali", "British Sign Language", "Romanian", "Arabic"]

    static let identity = zip(Gen.int(in: 0...0xFFFF_FFFF_FFFF).optional, text(oneLine, 1...40).filter { !$0.isEmpty }, text(multiLine, 0...60), Gen.int(in: 0...4),
                              optionalText(), optionalText(), optionalText(multiLine))
        .map { id, name, description, category, term, organisation, address in
            AssetCSVRow(id: id.map { UUID(uuidString: "6F1C2B9A-0000-4000-8000-" + String(format: "%012llX", $0))! }, name: name, description: description, category: categories[category],
                        taxonomyTerm: term, organisation: organisation, address: address)
        }

    static let place = zip(Gen.int(in: -1...4), Gen.bool, Gen.double(in: 49...61), Gen.double(in: -9...2), Gen.int(in: 0...20).optional)
        .map { postcode, hasPosition, latitude, longitude, ward in
            (postcode: postcode < 0 ? nil : postcodes[postcode], latitude: hasPosition ? latitude : nil,
             longitude: hasPosition ? longitude : nil, ward: ward.map { "E050013\(10 + $0)" })
        }

    static let contact = zip(optionalText(), Gen.int(in: 0...999).optional, Gen.int(in: 100_000...999_999).optional, Gen.int(in: 0...99).optional)
        .map { name, email, phone, site in
            (name: name, email: email.map { "person\($0)@example.org" }, phone: phone.map { "01922 \($0)" },
             website: site.map { "https://example.org/assets/\($0)?page=1" })
        }

    static let offer = zip(Gen.shuffled(AccessibilityFeature.allCases), Gen.int(in: 0...8), Gen.shuffled(languageNames), Gen.int(in: 0...4),
                           optionalText(), Gen.int(in: -1...2), optionalText(), Gen.int(in: 0...100_000).optional, Gen.bool, Gen.int(in: 0...2))
        .map { features, featureCount, languages, languageCount, communities, cost, costDetails, capacity, spaceForAll, status in
            (accessibility: Array(features.prefix(featureCount)), languages: Array(languages.prefix(languageCount)),
             communities: communities, cost: cost < 0 ? nil : AssetCost.allCases[cost], costDetails: costDetails,
             capacity: capacity, spaceForAll: spaceForAll, status: AssetStatus.allCases[status])
        }

    static let review = zip(Gen.int(in: 0...3000).optional, Gen.int(in: 0...800).optional).map { verified, interval in
        let start = CalendarDate(year: 2024, month: 1, day: 1)
        let last = verified.map { start.adding(days: $0) }
        return (last: last, next: interval.map { (last ?? start).adding(days: $0) })
    }

    static let row = zip(identity, place, contact, OpeningTimesParsingTests.openingTimes, offer, review)
        .map { identity, place, contact, openingTimes, offer, review in
            var row = identity
            (row.postcode, row.latitude, row.longitude, row.wardCode) = (place.postcode, place.latitude, place.longitude, place.ward)
            (row.contactName, row.contactEmail, row.contactPhone, row.website) = (contact.name, contact.email, contact.phone, contact.website)
            row.openingTimes = openingTimes
            (row.accessibility, row.languages, row.communitiesServed) = (offer.accessibility, offer.languages, offer.communities)
            (row.cost, row.costDetails, row.capacity, row.spaceForAll, row.status) = (offer.cost, offer.costDetails, offer.capacity, offer.spaceForAll, offer.status)
            (row.lastVerified, row.nextReview) = (review.last, review.next)
            return row
        }

    static let rows = row.array(of: 1...5).map { rows in
        // The same asset can't appear twice in a file.
        var seen = Set<UUID>()
        return rows.filter { $0.id.map { seen.insert($0).inserted } ?? true }
    }
}
