import Foundation

/// Where the columns are in a reshaped wide extract: one row per area like the ONS bulk layout,
/// but with its own column names (`msoa21_code`), no topic prefix on the headers, and sometimes
/// derived columns (a proportion) that are not counts and must be left out.
public struct ReshapedWideLayout: Sendable, Hashable {
    public var topic: String
    public var codeColumn: String
    public var nameColumn: String?
    public var totalColumn: String?
    public var ignoredColumns: Set<String>

    public init(topic: String, codeColumn: String, nameColumn: String? = nil, totalColumn: String? = nil, ignoredColumns: Set<String> = []) {
        self.topic = topic
        self.codeColumn = codeColumn
        self.nameColumn = nameColumn
        self.totalColumn = totalColumn
        self.ignoredColumns = ignoredColumns
    }

    /// `census2021-ts029-msoa-walsall-subset.csv`: TS029 for MSOAs without its total column and
    /// with a derived proportion column.
    public static let ts029MSOASubset = ReshapedWideLayout(
        topic: "Proficiency in English language", codeColumn: "msoa21_code", nameColumn: "msoa_name_2011",
        ignoredColumns: ["Proportion who cannot speak English (well)"])

    /// `age_gender21_ltla21_walsall.csv`: population by sex and three unnamed age bands. The
    /// file doesn't say where its bands start and end, so they can't be matched to TS007A's.
    public static let ageAndSexByDistrict = ReshapedWideLayout(
        topic: "Age and sex", codeColumn: "ltla21_code", totalColumn: "total_population")
}

/// Where the columns are in a long extract: one row per area and category.
public struct ReshapedLongLayout: Sendable, Hashable {
    public var topic: String
    public var codeColumn: String
    public var nameColumn: String?
    public var categoryColumn: String
    public var valueColumn: String
    /// A column repeating each area's total on every row, if the file has one.
    public var totalColumn: String?

    public init(topic: String, codeColumn: String, nameColumn: String? = nil, categoryColumn: String,
                valueColumn: String, totalColumn: String? = nil) {
        self.topic = topic
        self.codeColumn = codeColumn
        self.nameColumn = nameColumn
        self.categoryColumn = categoryColumn
        self.valueColumn = valueColumn
        self.totalColumn = totalColumn
    }

    /// `census2021-ts012-ltla-walsall-country-of-birth-detailed-long.csv`.
    public static let ts012CountryOfBirthLong = ReshapedLongLayout(
        topic: "Country of birth", codeColumn: "ltla21_code", nameColumn: "ltla21_name",
        categoryColumn: "country_of_birth", valueColumn: "value", totalColumn: "total_all_usual_residents")
}

extension ONSCensusTable {
    /// Parses a reshaped wide extract. Headers are category paths split on ": " as in the bulk
    /// layout, but without the topic in front.
    public static func parseWide(csv text: String, layout: ReshapedWideLayout) throws(DataFileError) -> ONSCensusTable {
        let records = try CSVReader.records(in: text)
        guard let header = records.first else { throw DataFileError(line: nil, problem: .emptyFile) }
        let names = header.fields.map(\.trimmingSpaces)
        try CensusColumns.rejectDuplicates(names)
        let code = try required(layout.codeColumn, in: names, line: header.line)
        let name = try layout.nameColumn.map { n throws(DataFileError) in try required(n, in: names, line: header.line) }
        let total = try layout.totalColumn.map { n throws(DataFileError) in try required(n, in: names, line: header.line) }
        let ignored = Set(layout.ignoredColumns.map { $0.lowercased() })
        let values = names.indices.filter { $0 != code && $0 != name && !ignored.contains(names[$0].lowercased()) }
        let paths = values.map { names[$0].components(separatedBy: ": ").map(\.trimmingSpaces) }
        let categories = CensusCategory.tree(headers: values.map { names[$0] }, paths: paths,
                                             totalIndex: total.flatMap { values.firstIndex(of: $0) })
        let columns = WideLayoutColumns(code: code, name: name, date: nil, values: values, displayNames: names)
        return try build(records: records, layout: columns, categories: categories,
                         topic: CensusTopic.recognise(topic: layout.topic, categoryCount: categories.count))
    }

    /// Parses a long extract (area, category, value per row) into the same shape as a bulk table.
    /// Categories keep their order of first appearance. Snake-case category keys
    /// (`europe_united_kingdom_england`) are placed under the longest other key they extend, so
    /// the hierarchy survives; their display names lose ONS capitalisation.
    public static func parseLong(csv text: String, layout: ReshapedLongLayout) throws(DataFileError) -> ONSCensusTable {
        let records = try CSVReader.records(in: text)
        guard let header = records.first else { throw DataFileError(line: nil, problem: .emptyFile) }
        let names = header.fields.map(\.trimmingSpaces)
        try CensusColumns.rejectDuplicates(names)
        var reader = try LongReader(names: names, layout: layout, line: header.line)
        for record in records.dropFirst() { try reader.read(record) }
        guard !reader.codes.isEmpty else { throw DataFileError(line: header.line + 1, problem: .noDataRows) }
        return try reader.table(topic: layout.topic)
    }

    static func required(_ column: String, in names: [String], line: Int) throws(DataFileError) -> Int {
        guard let i = CensusColumns.index(of: column, in: names) else {
            throw DataFileError(line: line, problem: .missingColumn(column))
        }
        return i
    }
}

/// Collects a long file's rows into per-area vectors, checking each cell as it goes.
private struct LongReader {
    let names: [String]
    let code: Int, name: Int?, category: Int, value: Int, total: Int?
    var levels = AreaLevelCheck()
    var codes: [(code: GSSCode, name: String, line: Int)] = []
    var categoryKeys: [String] = []
    var cells: [GSSCode: [String: (value: Int, line: Int)]] = [:]
    var totals: [GSSCode: (value: Int, line: Int)] = [:]

    init(names: [String], layout: ReshapedLongLayout, line: Int) throws(DataFileError) {
        self.names = names
        code = try ONSCensusTable.required(layout.codeColumn, in: names, line: line)
        name = try layout.nameColumn.map { n throws(DataFileError) in try ONSCensusTable.required(n, in: names, line: line) }
        category = try ONSCensusTable.required(layout.categoryColumn, in: names, line: line)
        value = try ONSCensusTable.required(layout.valueColumn, in: names, line: line)
        total = try layout.totalColumn.map { n throws(DataFileError) in try ONSCensusTable.required(n, in: names, line: line) }
    }

    func column(_ i: Int) -> DataFileError.Column { .init(number: i + 1, name: names[i]) }

    mutating func read(_ record: CSVRecord) throws(DataFileError) {
        guard record.fields.count == names.count else {
            throw DataFileError(line: record.line, problem: .wrongFieldCount(expected: names.count, found: record.fields.count))
        }
        let area = try areaCode(record)
        let key = record.fields[category].trimmingSpaces
        let count = try CensusCount.parse(record.fields[value], line: record.line, column: column(value))
        if let first = cells[area]?[key] {
            throw DataFileError(line: record.line, column: column(category),
                                problem: .duplicateValue(code: area.value, category: key, firstLine: first.line))
        }
        if !categoryKeys.contains(key) { categoryKeys.append(key) }
        cells[area, default: [:]][key] = (count, record.line)
        try readTotal(record, area: area)
    }

    /// Long files repeat an area's code on every row, so the one-level and duplicate checks run
    /// only on the first row of each area.
    mutating func areaCode(_ record: CSVRecord) throws(DataFileError) -> GSSCode {
        let parsed = try AreaLevelCheck.code(record.fields[code], line: record.line, column: column(code))
        guard cells[parsed] == nil else { return parsed }
        let area = try levels.accept(record.fields[code], line: record.line, column: column(code))
        codes.append((area, name.map { record.fields[$0].trimmingSpaces } ?? "", record.line))
        cells[area] = [:]
        return area
    }

    mutating func readTotal(_ record: CSVRecord, area: GSSCode) throws(DataFileError) {
        guard let total else { return }
        let count = try CensusCount.parse(record.fields[total], line: record.line, column: column(total))
        if let first = totals[area], first.value != count {
            throw DataFileError(line: record.line, column: column(total),
                                problem: .inconsistentTotal(code: area.value, total: count, firstTotal: first.value, firstLine: first.line))
        }
        if totals[area] == nil { totals[area] = (count, record.line) }
    }

    func table(topic: String) throws(DataFileError) -> ONSCensusTable {
        let hasTotal = total != nil
        var headers = categoryKeys
        var paths = SnakeCaseHierarchy.paths(for: categoryKeys)
        if hasTotal, let t = total {
            headers.insert(names[t], at: 0)
            paths.insert(["Total"], at: 0)
        }
        let categories = CensusCategory.tree(headers: headers, paths: paths, totalIndex: hasTotal ? 0 : nil)
        var areas: [CensusAreaCounts] = []
        for entry in codes {
            var values: [Int] = hasTotal ? [totals[entry.code]?.value ?? 0] : []
            for key in categoryKeys {
                guard let cell = cells[entry.code]?[key] else {
                    throw DataFileError(line: entry.line, column: column(code), problem: .missingValue(code: entry.code.value, category: key))
                }
                values.append(cell.value)
            }
            areas.append(CensusAreaCounts(code: entry.code, name: entry.name, date: nil, values: values, line: entry.line))
        }
        return ONSCensusTable(topic: CensusTopic.recognise(topic: topic, categoryCount: categories.count),
                              categories: categories, areas: areas, level: levels.level)
    }
}

/// Rebuilds category paths from flattened snake-case keys: `europe_united_kingdom_england` sits
/// under `europe_united_kingdom`, which sits under `europe`.
enum SnakeCaseHierarchy {
    static func paths(for keys: [String]) -> [[String]] {
        var result: [String: [String]] = [:]
        for key in keys.sorted(by: { $0.count < $1.count }) {
            let parent = keys.filter { $0 != key && key.hasPrefix($0 + "_") }.max { $0.count < $1.count }
            if let parent, let parentPath = result[parent] {
                result[key] = parentPath + [displayName(String(key.dropFirst(parent.count + 1)))]
            } else {
                result[key] = [displayName(key)]
            }
        }
        return keys.map { result[$0] ?? [$0] }
    }

    static func displayName(_ key: String) -> String {
        let words = key.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
