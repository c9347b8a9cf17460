/// The best-fit lookup from LSOAs to electoral wards and their district, as ONS publishes it
/// (`lsoa21_code, lsoa21_name, ward24_code, ward24_name, ltla24_code, ltla24_name`, or the
/// geoportal's `LSOA21CD, LSOA21NM, WD22CD, WD22NM, LAD22CD, LAD22NM`).
public struct AreaLookup: Sendable, Equatable {
    public struct Entry: Sendable, Hashable {
        public let lsoa: GSSCode
        public let lsoaName: String
        public let ward: GSSCode
        public let wardName: String
        public let district: GSSCode
        public let districtName: String
        public let line: Int
    }

    /// One entry per LSOA, in file order.
    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public var wardOfLSOA: [GSSCode: GSSCode] { Dictionary(uniqueKeysWithValues: entries.map { ($0.lsoa, $0.ward) }) }
    public var districtOfWard: [GSSCode: GSSCode] { Dictionary(entries.map { ($0.ward, $0.district) }, uniquingKeysWith: { a, _ in a }) }
    public var districtOfLSOA: [GSSCode: GSSCode] { Dictionary(uniqueKeysWithValues: entries.map { ($0.lsoa, $0.district) }) }
    public var wardNames: [GSSCode: String] { Dictionary(entries.map { ($0.ward, $0.wardName) }, uniquingKeysWith: { a, _ in a }) }
    public var wards: [GSSCode] { Set(entries.map(\.ward)).sorted { $0.value < $1.value } }
    public var districts: [GSSCode] { Set(entries.map(\.district)).sorted { $0.value < $1.value } }
}

extension AreaLookup {
    /// Parses the lookup. Code columns are found by pattern, without case: `lsoa` + year +
    /// `_code`/`cd`, `ward`/`wd` + year + …, `ltla`/`lad` + year + …; names likewise with
    /// `_name`/`nm` and are optional. An LSOA listed twice in the same ward is accepted once; in
    /// two different wards (or a ward in two districts) the file is refused.
    public static func parse(csv text: String) throws(DataFileError) -> AreaLookup {
        let records = try CSVReader.records(in: text)
        guard let header = records.first else { throw DataFileError(line: nil, problem: .emptyFile) }
        let columns = try LookupColumns(names: header.fields.map(\.trimmingSpaces), line: header.line)
        var builder = LookupBuilder()
        for record in records.dropFirst() {
            guard record.fields.count == columns.names.count else {
                throw DataFileError(line: record.line, problem: .wrongFieldCount(expected: columns.names.count, found: record.fields.count))
            }
            try builder.add(columns.entry(from: record))
        }
        guard !builder.entries.isEmpty else { throw DataFileError(line: header.line + 1, problem: .noDataRows) }
        return AreaLookup(entries: builder.entries)
    }
}

private struct LookupColumns {
    let names: [String]
    let lsoa: Int, ward: Int, district: Int
    let lsoaName: Int?, wardName: Int?, districtName: Int?

    init(names: [String], line: Int) throws(DataFileError) {
        self.names = names
        func find(_ prefixes: [String], _ suffixes: [String], _ label: String) throws(DataFileError) -> Int {
            guard let i = Self.match(names, prefixes, suffixes) else { throw DataFileError(line: line, problem: .missingColumn(label)) }
            return i
        }
        lsoa = try find(["lsoa"], ["code", "cd"], "lsoa21_code")
        ward = try find(["ward", "wd"], ["code", "cd"], "ward24_code")
        district = try find(["ltla", "lad"], ["code", "cd"], "ltla24_code")
        lsoaName = Self.match(names, ["lsoa"], ["name", "nm"])
        wardName = Self.match(names, ["ward", "wd"], ["name", "nm"])
        districtName = Self.match(names, ["ltla", "lad"], ["name", "nm"])
    }

    /// The first column named prefix + two-digit year + suffix, ignoring case, `_` and spaces.
    static func match(_ names: [String], _ prefixes: [String], _ suffixes: [String]) -> Int? {
        names.firstIndex { raw in
            let name = raw.lowercased().filter { $0 != "_" && $0 != " " }
            return prefixes.contains { prefix in
                guard name.hasPrefix(prefix) else { return false }
                let rest = name.dropFirst(prefix.count)
                return rest.prefix(2).count == 2 && rest.prefix(2).allSatisfy(\.isASCIIDigit) && suffixes.contains(String(rest.dropFirst(2)))
            }
        }
    }

    func column(_ i: Int) -> DataFileError.Column { .init(number: i + 1, name: names[i]) }

    func entry(from record: CSVRecord) throws(DataFileError) -> AreaLookup.Entry {
        func code(_ i: Int, _ kind: AreaKind) throws(DataFileError) -> GSSCode {
            let parsed = try AreaLevelCheck.code(record.fields[i], line: record.line, column: column(i))
            guard parsed.kind == kind else {
                throw DataFileError(line: record.line, column: column(i), problem: .wrongAreaKind(code: parsed.value, expected: kind))
            }
            return parsed
        }
        func text(_ i: Int?) -> String { i.map { record.fields[$0].trimmingSpaces } ?? "" }
        return .init(lsoa: try code(lsoa, .lsoa), lsoaName: text(lsoaName), ward: try code(ward, .ward), wardName: text(wardName),
                     district: try code(district, .district), districtName: text(districtName), line: record.line)
    }
}

/// Keeps the first entry per LSOA and refuses a second that disagrees.
private struct LookupBuilder {
    var entries: [AreaLookup.Entry] = []
    var byLSOA: [GSSCode: AreaLookup.Entry] = [:]
    var wardHome: [GSSCode: AreaLookup.Entry] = [:]

    mutating func add(_ entry: AreaLookup.Entry) throws(DataFileError) {
        if let first = byLSOA[entry.lsoa] {
            guard first.ward == entry.ward else {
                throw DataFileError(line: entry.line, problem: .conflictingParent(
                    code: entry.lsoa.value, parent: entry.ward.value, firstParent: first.ward.value, firstLine: first.line))
            }
            return
        }
        if let home = wardHome[entry.ward], home.district != entry.district {
            throw DataFileError(line: entry.line, problem: .conflictingParent(
                code: entry.ward.value, parent: entry.district.value, firstParent: home.district.value, firstLine: home.line))
        }
        wardHome[entry.ward] = wardHome[entry.ward] ?? entry
        byLSOA[entry.lsoa] = entry
        entries.append(entry)
    }
}
