import Foundation

/// The asset register's CSV format, for bulk import and export (and the template download).
///
/// UTF-8 (a byte order mark is ignored), RFC 4180 quoting, a header line naming these 26 columns
/// (any order on import; this order on export), then one asset per row:
///
/// | column | |
/// |---|---|
/// | `id` | blank for a new asset; the register's id to update one |
/// | `name` | required, up to 200 characters |
/// | `description` | up to 5,000 characters, may run over several lines |
/// | `category` | required: `associations`, `institutions`, `physical_spaces`, `economic_exchange` or `stories_and_culture` (or its label). `individuals` is refused: people's skills are recorded one by one with consent |
/// | `taxonomy_term` | a taxonomy term's code |
/// | `organisation` | the name of the organisation that runs it |
/// | `address` | may run over several lines |
/// | `postcode` | a UK postcode, any spacing or case |
/// | `latitude`, `longitude` | decimal degrees (WGS 84) in the United Kingdom, both or neither |
/// | `ward_code` | the electoral ward's ONS code, like `E05001301` |
/// | `contact_name`, `contact_email`, `contact_phone`, `website` | checked for typing mistakes; websites start with `https://` or `http://` |
/// | `opening_times` | the opening-times text (`OpeningTimes.parse`), like `Mon-Fri 09:00-17:00; closed bank holidays` |
/// | `accessibility` | features separated by `;`: `step_free_access`, `accessible_toilet`, `hearing_loop`, `bsl`, `large_print`, `quiet_space`, `parking`, `baby_change` (or their labels) |
/// | `languages` | language names separated by `;`, each up to 50 characters |
/// | `communities_served` | free text |
/// | `cost` | `free`, `donation` or `fee` |
/// | `cost_details` | free text |
/// | `capacity` | a whole number of people, 0 to 100,000 |
/// | `space_for_all` | `yes` or `no` (blank means no) |
/// | `status` | `draft`, `published` or `archived` (blank means draft) |
/// | `last_verified`, `next_review` | dates, `2026-12-25` (or `25/12/2026`, as spreadsheets rewrite them) |
///
/// Case doesn't matter in codes and headers, spaces around values are ignored, and blank lines
/// are skipped. Other text columns take up to 500 characters (`opening_times` 2,000) on one
/// line. Control characters (tabs included) are refused everywhere.
///
/// Imports are all or nothing, so `parse` checks every cell and reports every problem (up to
/// `maximumErrors`) with its line and column. When serving `write`'s output for Excel, put a
/// byte order mark in front so that Excel reads it as UTF-8.
public enum AssetCSV {
    /// The columns, in the order `write` and the template use.
    public enum Column: String, CaseIterable, Sendable {
        case id, name, description, category
        case taxonomyTerm = "taxonomy_term"
        case organisation, address, postcode, latitude, longitude
        case wardCode = "ward_code"
        case contactName = "contact_name"
        case contactEmail = "contact_email"
        case contactPhone = "contact_phone"
        case website
        case openingTimes = "opening_times"
        case accessibility, languages
        case communitiesServed = "communities_served"
        case cost
        case costDetails = "cost_details"
        case capacity
        case spaceForAll = "space_for_all"
        case status
        case lastVerified = "last_verified"
        case nextReview = "next_review"

        /// The columns whose text may run over several lines.
        var isMultiline: Bool { [.description, .address, .openingTimes].contains(self) }
    }

    public static let header: [String] = Column.allCases.map(\.rawValue)

    /// Past this many problems a file is clearly the wrong one or badly broken; more would not help.
    public static let maximumErrors = 200

    public static let nameLimit = 200, descriptionLimit = 5000, textLimit = 500, openingTimesLimit = 2000
    public static let languageLimit = 50, capacityRange = 0...100_000

    public static let columnGuide: [(column: String, required: Bool, explanation: String)] = [
        ("id", false, "Leave blank for a new asset. To update an asset already in the register, use its id from an export."),
        ("name", true, "What people call it, up to 200 characters."),
        ("description", false, "What happens there and who it is for, up to 5,000 characters."),
        ("category", true, "One of associations, institutions, physical_spaces, economic_exchange or stories_and_culture. Individuals’ skills are recorded one by one with their consent, not imported."),
        ("taxonomy_term", false, "The code of a term from the register’s taxonomy."),
        ("organisation", false, "The name of the organisation that runs it."),
        ("address", false, "The street address, without the postcode."),
        ("postcode", false, "A UK postcode, like WS1 1TP."),
        ("latitude", false, "Decimal degrees north, like 52.5860. Give latitude and longitude together or leave both blank."),
        ("longitude", false, "Decimal degrees east (negative for west), like -1.9829."),
        ("ward_code", false, "The electoral ward’s ONS code, like E05001301."),
        ("contact_name", false, "Who to ask about it."),
        ("contact_email", false, "An email address, like bookings@example.org."),
        ("contact_phone", false, "A UK phone number, like 01922 650000."),
        ("website", false, "A web address starting with https://."),
        ("opening_times", false, "Like: Mon-Fri 09:00-17:00; Sat 10:00-13:00; closed bank holidays; 2026-12-24 10:00-13:00. Use 24-hour times. Blank means no times recorded."),
        ("accessibility", false, "Features separated by semicolons: " + AccessibilityFeature.allCases.map(\.rawValue).joined(separator: ", ") + "."),
        ("languages", false, "Languages spoken or used, separated by semicolons, like English; Punjabi; Polish."),
        ("communities_served", false, "Who it serves, in your own words."),
        ("cost", false, "free, donation or fee. Blank if not known."),
        ("cost_details", false, "Prices or concessions, like £10 an hour, free for community groups."),
        ("capacity", false, "How many people it holds, a whole number from 0 to 100,000."),
        ("space_for_all", false, "yes if it is part of Spaces for All, otherwise no or blank."),
        ("status", false, "draft, published or archived. Blank means draft; only published assets are public."),
        ("last_verified", false, "When the details were last checked, like 2026-12-25."),
        ("next_review", false, "When they should next be checked, like 2027-06-25."),
    ]

    public static func parse(_ text: String) -> Result<[AssetCSVRow], AssetCSVErrors> {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: text)
        } catch {
            return .failure(AssetCSVErrors(errors: [AssetCSVError(line: error.line ?? 1, column: error.column?.name ?? "", message: error.reason)]))
        }
        guard let headerRecord = records.first else {
            return .failure(AssetCSVErrors(errors: [AssetCSVError(line: 1, column: "", message: "the file is empty")]))
        }
        let positions: [Column: Int]
        switch columnPositions(headerRecord.fields) {
        case .success(let found): positions = found
        case .failure(let errors): return .failure(errors)
        }
        let rows = records.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingSpaces.isEmpty } }
        guard !rows.isEmpty else {
            return .failure(AssetCSVErrors(errors: [AssetCSVError(line: 1, column: "", message: "the file has a header row but no assets")]))
        }
        return readRows(rows, positions: positions, width: headerRecord.fields.count)
    }

    private static func readRows(_ rows: [CSVRecord], positions: [Column: Int], width: Int) -> Result<[AssetCSVRow], AssetCSVErrors> {
        var problems = ProblemList()
        var assets: [AssetCSVRow] = []
        var idLines: [UUID: Int] = [:]
        for record in rows {
            guard record.fields.count == width else {
                problems.add(AssetCSVError(line: record.line, column: "", message: "the row has \(record.fields.count) fields but the header has \(width)"))
                if problems.isFull { break } else { continue }
            }
            var reader = AssetCSVRowReader(record: record, positions: positions)
            let row = reader.read()
            if let id = reader.id {
                if let first = idLines[id] {
                    reader.fail(.id, "this id is also on line \(first); each asset can appear only once")
                } else {
                    idLines[id] = record.line
                }
            }
            for error in reader.errors { problems.add(error) }
            if problems.isFull { break }
            if reader.errors.isEmpty, let row { assets.append(row) }
        }
        return problems.errors.isEmpty ? .success(assets) : .failure(AssetCSVErrors(errors: problems.errors, isTruncated: problems.isTruncated))
    }

    /// Matches the header to the columns, without regard to case or surrounding spaces.
    private static func columnPositions(_ names: [String]) -> Result<[Column: Int], AssetCSVErrors> {
        var positions: [Column: Int] = [:]
        var problems = ProblemList()
        for (index, typed) in names.enumerated() {
            let name = typed.trimmingSpaces
            guard !name.isEmpty else {
                problems.add(AssetCSVError(line: 1, column: "", message: "column \(index + 1) has no heading"))
                continue
            }
            guard let column = Column(rawValue: name.lowercased()) else {
                problems.add(AssetCSVError(line: 1, column: name, message: "there is no column called “\(name)” in the asset register (check it against the template)"))
                continue
            }
            if let first = positions[column] {
                problems.add(AssetCSVError(line: 1, column: name, message: "this column appears twice (first as column \(first + 1))"))
            } else {
                positions[column] = index
            }
        }
        for column in Column.allCases where positions[column] == nil {
            problems.add(AssetCSVError(line: 1, column: column.rawValue, message: "the “\(column.rawValue)” column is missing"))
        }
        return problems.errors.isEmpty ? .success(positions) : .failure(AssetCSVErrors(errors: problems.errors, isTruncated: problems.isTruncated))
    }

    public static func write(_ rows: [AssetCSVRow]) -> String {
        var lines = [header.joined(separator: ",")]
        for row in rows {
            lines.append(CSVText.line(Column.allCases.map { cell(row, $0) }))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func cell(_ row: AssetCSVRow, _ column: Column) -> String {
        switch column {
        case .id: row.id?.uuidString ?? ""
        case .name: row.name
        case .description: row.description
        case .category: row.category.rawValue
        case .taxonomyTerm: row.taxonomyTerm ?? ""
        case .organisation: row.organisation ?? ""
        case .address: row.address ?? ""
        case .postcode: row.postcode ?? ""
        case .latitude: row.latitude.map { $0.description } ?? ""
        case .longitude: row.longitude.map { $0.description } ?? ""
        case .wardCode: row.wardCode ?? ""
        case .contactName: row.contactName ?? ""
        case .contactEmail: row.contactEmail ?? ""
        case .contactPhone: row.contactPhone ?? ""
        case .website: row.website ?? ""
        case .openingTimes: row.openingTimes.text
        case .accessibility: row.accessibility.map(\.rawValue).joined(separator: "; ")
        case .languages: row.languages.joined(separator: "; ")
        case .communitiesServed: row.communitiesServed ?? ""
        case .cost: row.cost?.rawValue ?? ""
        case .costDetails: row.costDetails ?? ""
        case .capacity: row.capacity.map(String.init) ?? ""
        case .spaceForAll: row.spaceForAll ? "yes" : "no"
        case .status: row.status.rawValue
        case .lastVerified: row.lastVerified?.iso ?? ""
        case .nextReview: row.nextReview?.iso ?? ""
        }
    }
}

/// The file's problems, kept to `AssetCSV.maximumErrors`.
private struct ProblemList {
    var errors: [AssetCSVError] = []
    var isTruncated = false
    var isFull: Bool { isTruncated }

    mutating func add(_ error: AssetCSVError) {
        if errors.count < AssetCSV.maximumErrors { errors.append(error) } else { isTruncated = true }
    }
}
