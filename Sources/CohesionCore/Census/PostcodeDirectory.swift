/// An extract of the ONS postcode directories (NSPL or ONSPD): where each postcode is and which
/// ward and LSOA it falls in, so an address typed into a form can be placed without a map.
public struct PostcodeDirectory: Sendable, Equatable {
    public struct Entry: Sendable, Hashable {
        /// Normalised: `WS1 1TP`.
        public let postcode: String
        /// WGS84; `nil` where ONS has no grid reference for the postcode.
        public let latitude: Double?
        public let longitude: Double?
        public let ward: GSSCode?
        public let lsoa: GSSCode?
        public let line: Int
    }

    public let entries: [Entry]
    private let indexOfPostcode: [String: Int]

    public init(entries: [Entry]) {
        self.entries = entries
        indexOfPostcode = Dictionary(entries.enumerated().map { ($1.postcode, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Looks a postcode up however it was typed (`ws11tp`).
    public func entry(for postcode: String) -> Entry? {
        Postcode.normalise(postcode).flatMap { indexOfPostcode[$0] }.map { entries[$0] }
    }
}

extension PostcodeDirectory {
    /// Parses an extract. Columns, matched without case: postcode `pcds`, `pcd`, `pcd2` or
    /// `postcode`; `lat`/`latitude`; `long`/`longitude`; ward `osward`, `ward` or `wd…cd`;
    /// LSOA `lsoa21`, `lsoa21cd`, `lsoa11` or `lsoa11cd` (2021 preferred).
    /// NSPL writes latitude 99.999999 for postcodes without a grid reference; those rows are kept
    /// without coordinates. Any other coordinate outside the United Kingdom refuses the file, as
    /// it usually means latitude and longitude were swapped.
    public static func parse(csv text: String) throws(DataFileError) -> PostcodeDirectory {
        let records = try CSVReader.records(in: text)
        guard let header = records.first else { throw DataFileError(line: nil, problem: .emptyFile) }
        let columns = try PostcodeColumns(names: header.fields.map(\.trimmingSpaces), line: header.line)
        var entries: [Entry] = []
        var lineOf: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == columns.names.count else {
                throw DataFileError(line: record.line, problem: .wrongFieldCount(expected: columns.names.count, found: record.fields.count))
            }
            let entry = try columns.entry(from: record)
            if let first = lineOf[entry.postcode] {
                throw DataFileError(line: record.line, column: columns.column(columns.postcode),
                                    problem: .duplicatePostcode(entry.postcode, firstLine: first))
            }
            lineOf[entry.postcode] = record.line
            entries.append(entry)
        }
        guard !entries.isEmpty else { throw DataFileError(line: header.line + 1, problem: .noDataRows) }
        return PostcodeDirectory(entries: entries)
    }
}

private struct PostcodeColumns {
    let names: [String]
    let postcode: Int, latitude: Int, longitude: Int
    let ward: Int?, lsoa: Int?

    static let noGridReferenceLatitude = 99.999999
    static let ukLatitudes = 49.0...61.0
    static let ukLongitudes = -9.0...2.0

    init(names: [String], line: Int) throws(DataFileError) {
        self.names = names
        func find(_ candidates: [String], _ label: String) throws(DataFileError) -> Int {
            guard let i = CensusColumns.index(ofAny: candidates, in: names) else { throw DataFileError(line: line, problem: .missingColumn(label)) }
            return i
        }
        postcode = try find(["pcds", "pcd", "pcd2", "postcode"], "pcds")
        latitude = try find(["lat", "latitude"], "lat")
        longitude = try find(["long", "longitude", "lon"], "long")
        ward = CensusColumns.index(ofAny: ["osward", "ward", "wd24cd", "wd23cd", "wd22cd"], in: names)
        lsoa = CensusColumns.index(ofAny: ["lsoa21", "lsoa21cd", "lsoa11", "lsoa11cd"], in: names)
    }

    func column(_ i: Int) -> DataFileError.Column { .init(number: i + 1, name: names[i]) }

    func entry(from record: CSVRecord) throws(DataFileError) -> PostcodeDirectory.Entry {
        let raw = record.fields[postcode].trimmingSpaces
        guard let normal = Postcode.normalise(raw) else {
            throw DataFileError(line: record.line, column: column(postcode), problem: .notAPostcode(raw))
        }
        let place = try coordinates(record)
        return .init(postcode: normal, latitude: place?.latitude, longitude: place?.longitude,
                     ward: try code(ward, record), lsoa: try code(lsoa, record), line: record.line)
    }

    func coordinates(_ record: CSVRecord) throws(DataFileError) -> (latitude: Double, longitude: Double)? {
        let latText = record.fields[latitude].trimmingSpaces, longText = record.fields[longitude].trimmingSpaces
        if latText.isEmpty && longText.isEmpty { return nil }
        guard let lat = Double(latText), lat == Self.noGridReferenceLatitude || Self.ukLatitudes.contains(lat) else {
            throw DataFileError(line: record.line, column: column(latitude), problem: .badLatitude(latText))
        }
        if lat == Self.noGridReferenceLatitude { return nil }
        guard let long = Double(longText), Self.ukLongitudes.contains(long) else {
            throw DataFileError(line: record.line, column: column(longitude), problem: .badLongitude(longText))
        }
        return (lat, long)
    }

    /// Empty cells and ONS pseudo-codes (`E99999999`, `L99999999` for the Channel Islands) mean
    /// "none"; anything else must be a real code.
    func code(_ index: Int?, _ record: CSVRecord) throws(DataFileError) -> GSSCode? {
        guard let index else { return nil }
        let raw = record.fields[index].trimmingSpaces
        if raw.isEmpty || (raw.count == 9 && raw.dropFirst().allSatisfy { $0 == "9" }) { return nil }
        return try AreaLevelCheck.code(raw, line: record.line, column: column(index))
    }
}
