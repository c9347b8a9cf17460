import Foundation

/// Reads one row of an asset CSV file, checking every cell and collecting every problem rather
/// than stopping at the first, so that one import attempt shows everything to fix.
struct AssetCSVRowReader {
    typealias Column = AssetCSV.Column

    let record: CSVRecord
    let positions: [Column: Int]
    private(set) var errors: [AssetCSVError] = []
    /// The row's id once read, for spotting the same asset twice even in a row with problems.
    private(set) var id: UUID?

    init(record: CSVRecord, positions: [Column: Int]) {
        self.record = record
        self.positions = positions
    }

    mutating func fail(_ column: Column, _ message: String) {
        errors.append(AssetCSVError(line: record.line, column: column.rawValue, message: message))
    }

    mutating func read() -> AssetCSVRow? {
        id = uuid()
        let name = self.name()
        let category = self.category()
        var row = AssetCSVRow(id: id, name: name ?? "", description: text(.description, limit: AssetCSV.descriptionLimit) ?? "",
                              category: category ?? .associations)
        row.taxonomyTerm = text(.taxonomyTerm)
        row.organisation = text(.organisation)
        row.address = text(.address)
        row.postcode = postcode()
        (row.latitude, row.longitude) = coordinates()
        row.wardCode = wardCode()
        row.contactName = text(.contactName)
        row.contactEmail = checked(.contactEmail, ContactDetails.isPlausibleEmail, "is not an email address")
        row.contactPhone = checked(.contactPhone, ContactDetails.isPlausiblePhone, "is not a UK phone number (10 to 13 digits)")
        row.website = checked(.website, ContactDetails.isPlausibleWebsite, "is not a web address (it should start with https://)")
        row.openingTimes = openingTimes()
        row.accessibility = accessibility()
        row.languages = languages()
        row.communitiesServed = text(.communitiesServed)
        row.cost = choice(.cost, AssetCost.self)
        row.costDetails = text(.costDetails)
        row.capacity = capacity()
        row.spaceForAll = spaceForAll()
        row.status = choice(.status, AssetStatus.self) ?? .draft
        row.lastVerified = date(.lastVerified)
        row.nextReview = date(.nextReview)
        checkReviewOrder(row)
        return errors.isEmpty && name != nil && category != nil ? row : nil
    }

    /// The cell's text, trimmed, with line breaks as `\n`; nil when blank or refused (control
    /// characters anywhere, line breaks in a one-line column).
    mutating func cell(_ column: Column) -> String? {
        let raw = record.fields[positions[column]!]
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").trimmingSpaces
        if text.isEmpty { return nil }
        if let bad = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            fail(column, "contains a control character (U+\(String(format: "%04X", bad.value))), which is not allowed")
            return nil
        }
        if !column.isMultiline, text.contains("\n") {
            fail(column, "must be on one line")
            return nil
        }
        return text
    }

    /// Free text up to a limit.
    mutating func text(_ column: Column, limit: Int = AssetCSV.textLimit) -> String? {
        guard let text = cell(column) else { return nil }
        guard text.count <= limit else {
            fail(column, "is \(text.count) characters long; the most allowed is \(limit)")
            return nil
        }
        return text
    }

    mutating func name() -> String? {
        let before = errors.count
        let name = text(.name, limit: AssetCSV.nameLimit)
        if name == nil, errors.count == before { fail(.name, "the name is missing") }
        return name
    }

    mutating func uuid() -> UUID? {
        guard let text = cell(.id) else { return nil }
        guard let id = UUID(uuidString: text) else {
            fail(.id, "“\(text)” is not an id from the register; leave it blank for a new asset")
            return nil
        }
        return id
    }

    mutating func category() -> AssetCategory? {
        let choices = AssetCategory.allCases.filter(\.mayBePublic).map(\.rawValue).joined(separator: ", ")
        guard let text = cell(.category) else {
            fail(.category, "the category is missing (use one of: \(choices))")
            return nil
        }
        guard let category = Self.match(text, AssetCategory.self) else {
            fail(.category, "“\(text)” is not a category (use one of: \(choices))")
            return nil
        }
        if category == .individuals {
            fail(.category, "Individuals' skills are recorded one by one with their consent, not imported")
            return nil
        }
        return category
    }

    /// A value of one of the vocabularies, by its code or its label, without regard to case.
    static func match<Value: RawRepresentable<String> & CaseIterable & Labelled>(_ text: String, _: Value.Type) -> Value? {
        let lower = text.lowercased()
        return Value.allCases.first { $0.rawValue == lower || $0.label.lowercased() == lower }
    }

    mutating func choice<Value: RawRepresentable<String> & CaseIterable & Labelled>(_ column: Column, _ type: Value.Type) -> Value? {
        guard let text = cell(column) else { return nil }
        guard let value = Self.match(text, type) else {
            fail(column, "“\(text)” is not one of: \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    mutating func postcode() -> String? {
        guard let text = text(.postcode) else { return nil }
        guard let postcode = Postcode.normalise(text) else {
            fail(.postcode, "“\(text)” is not a UK postcode")
            return nil
        }
        return postcode
    }

    static let ukLatitudes = 49.0...61.0, ukLongitudes = -9.0...2.0

    mutating func coordinates() -> (Double?, Double?) {
        let latitude = degrees(.latitude, Self.ukLatitudes, "is not a latitude in the United Kingdom (49 to 61 degrees north)")
        let longitude = degrees(.longitude, Self.ukLongitudes, "is not a longitude in the United Kingdom (9 degrees west to 2 degrees east, west negative)")
        let latitudeGiven = record.fields[positions[.latitude]!].trimmingSpaces.isEmpty == false
        let longitudeGiven = record.fields[positions[.longitude]!].trimmingSpaces.isEmpty == false
        if latitudeGiven && !longitudeGiven { fail(.longitude, "the longitude is missing; give latitude and longitude together or leave both blank") }
        if longitudeGiven && !latitudeGiven { fail(.latitude, "the latitude is missing; give latitude and longitude together or leave both blank") }
        return latitudeGiven == longitudeGiven ? (latitude, longitude) : (nil, nil)
    }

    mutating func degrees(_ column: Column, _ range: ClosedRange<Double>, _ problem: String) -> Double? {
        guard let text = cell(column) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            fail(column, "“\(text)” \(problem)")
            return nil
        }
        return value
    }

    mutating func wardCode() -> String? {
        guard let text = cell(.wardCode) else { return nil }
        guard let code = GSSCode(text), code.kind == .ward else {
            fail(.wardCode, "“\(text)” is not an electoral ward’s code (E05 and six digits, like E05001301)")
            return nil
        }
        return code.value
    }

    mutating func checked(_ column: Column, _ isPlausible: (String) -> Bool, _ problem: String) -> String? {
        guard let text = text(column) else { return nil }
        guard isPlausible(text) else {
            fail(column, "“\(text)” \(problem)")
            return nil
        }
        return text
    }

    mutating func openingTimes() -> OpeningTimes {
        guard let text = text(.openingTimes, limit: AssetCSV.openingTimesLimit) else { return OpeningTimes() }
        switch OpeningTimes.parse(text) {
        case .success(let times): return times
        case .failure(let error):
            fail(.openingTimes, error.description)
            return OpeningTimes()
        }
    }

    /// The cell's `;`-separated items, trimmed, blanks dropped.
    mutating func list(_ column: Column) -> [String] {
        guard let text = text(column) else { return [] }
        return text.split(separator: ";").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    mutating func accessibility() -> [AccessibilityFeature] {
        var features: [AccessibilityFeature] = []
        for item in list(.accessibility) {
            guard let feature = Self.match(item, AccessibilityFeature.self) else {
                fail(.accessibility, "“\(item)” is not one of: \(AccessibilityFeature.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if !features.contains(feature) { features.append(feature) }
        }
        return features
    }

    mutating func languages() -> [String] {
        var languages: [String] = []
        for item in list(.languages) {
            guard item.count <= AssetCSV.languageLimit else {
                fail(.languages, "“\(item.prefix(20))…” is longer than \(AssetCSV.languageLimit) characters; separate languages with semicolons")
                continue
            }
            if !languages.contains(where: { $0.lowercased() == item.lowercased() }) { languages.append(item) }
        }
        return languages
    }

    mutating func capacity() -> Int? {
        guard let text = cell(.capacity) else { return nil }
        let digits = text.replacingOccurrences(of: ",", with: "")
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit), let number = Int(digits) else {
            fail(.capacity, "“\(text)” is not a whole number of people")
            return nil
        }
        guard AssetCSV.capacityRange.contains(number) else {
            fail(.capacity, "\(text) is more than the most allowed, 100,000")
            return nil
        }
        return number
    }

    mutating func spaceForAll() -> Bool {
        guard let text = cell(.spaceForAll) else { return false }
        switch text.lowercased() {
        case "yes", "y", "true": return true
        case "no", "n", "false": return false
        default:
            fail(.spaceForAll, "“\(text)” is not yes or no")
            return false
        }
    }

    /// ISO dates, or day/month/year as a spreadsheet set to UK dates rewrites them.
    mutating func date(_ column: Column) -> CalendarDate? {
        guard let text = cell(column) else { return nil }
        if let date = CalendarDate(iso: text) { return date }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
           parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
           let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) {
            let date = CalendarDate(year: year, month: month, day: day)
            if date.isValid { return date }
            fail(column, "\(text) is not a date in the calendar")
            return nil
        }
        let looksISO = text.split(separator: "-", omittingEmptySubsequences: false).map(\.count) == [4, 2, 2]
            && text.allSatisfy { $0.isASCIIDigit || $0 == "-" }
        fail(column, looksISO ? "\(text) is not a date in the calendar" : "“\(text)” is not a date (write dates like 2026-12-25)")
        return nil
    }

    mutating func checkReviewOrder(_ row: AssetCSVRow) {
        guard let verified = row.lastVerified, let review = row.nextReview, review < verified else { return }
        fail(.nextReview, "the next review, \(review.iso), is before the last check, \(verified.iso)")
    }
}

/// The vocabularies a CSV cell may name by code or by label.
protocol Labelled { var label: String { get } }
extension AssetCategory: Labelled {}
extension AccessibilityFeature: Labelled {}
extension AssetCost: Labelled {}
extension AssetStatus: Labelled {}
