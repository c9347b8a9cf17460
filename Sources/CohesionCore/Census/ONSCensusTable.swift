/// One area's row of a Census table.
public struct CensusAreaCounts: Sendable, Equatable {
    public let code: GSSCode
    public let name: String
    /// The census date column as written (`2021`), when the file has one.
    public let date: String?
    /// One count per category, in the table's category order.
    public let values: [Int]
    /// The line of the file the row came from.
    public let line: Int

    public init(code: GSSCode, name: String, date: String?, values: [Int], line: Int) {
        self.code = code
        self.name = name
        self.date = date
        self.values = values
        self.line = line
    }
}

/// A Census 2021 table: categories across, areas down, whole-number counts in the cells.
///
/// Built from the ONS bulk CSV layout (`date,geography,geography code,` then one column per
/// category, total first) by `parse(csv:)`, or from reshaped extracts by `parseWide` and
/// `parseLong`. Every area is at one geography level.
public struct ONSCensusTable: Sendable, Equatable {
    public let topic: CensusTopic
    public let categories: [CensusCategory]
    public let areas: [CensusAreaCounts]
    /// The level of every area in the table, or `nil` when the codes are of a kind Cohesion doesn't use.
    public let level: AreaKind?
    private let rowOfCode: [GSSCode: Int]

    public init(topic: CensusTopic, categories: [CensusCategory], areas: [CensusAreaCounts], level: AreaKind?) {
        self.topic = topic
        self.categories = categories
        self.areas = areas
        self.level = level
        rowOfCode = Dictionary(areas.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var totalIndex: Int? { categories.firstIndex(where: \.isTotal) }

    public func values(for code: GSSCode) -> [Int]? { rowOfCode[code].map { areas[$0].values } }

    /// The index of the category with this name (the last part of its path) or this full header.
    public func categoryIndex(named name: String) -> Int? {
        let key = name.lowercased()
        return categories.firstIndex { $0.name.lowercased() == key || $0.header.lowercased() == key }
    }

    /// Each area's counts, keyed by code: the input aggregation works on.
    public var valuesByArea: [GSSCode: [Int]] { Dictionary(uniqueKeysWithValues: areas.map { ($0.code, $0.values) }) }

    /// One category's count summed over every area.
    public func sum(ofCategory index: Int) -> Int { areas.reduce(0) { $0 + $1.values[index] } }

    /// Categories that together make up the total once each, at `depth` or, where a branch stops
    /// sooner, at its last level: depth 1 gives TS021's 5 broad groups, depth 2 its 19 detailed ones.
    public func partition(atDepth depth: Int = 1) -> [Int] {
        let hasChildren = Set(categories.compactMap(\.parent))
        return categories.indices.filter { i in
            let c = categories[i]
            return !c.isTotal && (c.depth == depth || (c.depth < depth && !hasChildren.contains(i)))
        }
    }
}

extension ONSCensusTable {
    /// Parses an ONS Census 2021 bulk CSV. The `geography code` column is required; `date` and
    /// `geography` are read when present; every other column is a category of counts.
    public static func parse(csv text: String) throws(DataFileError) -> ONSCensusTable {
        let records = try CSVReader.records(in: text)
        guard let header = records.first else { throw DataFileError(line: nil, problem: .emptyFile) }
        let names = header.fields.map(\.trimmingSpaces)
        try CensusColumns.rejectDuplicates(names)
        guard let codeColumn = CensusColumns.index(of: "geography code", in: names) else {
            throw DataFileError(line: header.line, problem: .missingColumn("geography code"))
        }
        let nameColumn = CensusColumns.index(of: "geography", in: names)
        let dateColumn = CensusColumns.index(of: "date", in: names)
        let valueColumns = names.indices.filter { ![codeColumn, nameColumn, dateColumn].contains($0) }
        let split = valueColumns.map { CensusCategory.split(onsHeader: names[$0]) }
        let totalAt = split.firstIndex { $0.path.first?.lowercased() == "total" }
        let categories = CensusCategory.tree(headers: split.map(\.header), paths: split.map(\.path), totalIndex: totalAt)
        let topicName = split.first(where: { !$0.topic.isEmpty })?.topic ?? ""
        let layout = WideLayoutColumns(code: codeColumn, name: nameColumn, date: dateColumn, values: valueColumns,
                                       displayNames: CensusColumns.displayNames(names, valueColumns, split.map(\.header)))
        return try build(records: records, layout: layout, categories: categories,
                         topic: CensusTopic.recognise(topic: topicName, categoryCount: categories.count))
    }

    /// Reads the data rows of a wide file (one row per area) once the columns are known.
    static func build(records: [CSVRecord], layout: WideLayoutColumns, categories: [CensusCategory],
                      topic: CensusTopic) throws(DataFileError) -> ONSCensusTable {
        guard !layout.values.isEmpty else { throw DataFileError(line: records[0].line, problem: .noCategoryColumns) }
        var areas: [CensusAreaCounts] = []
        var levels = AreaLevelCheck()
        for record in records.dropFirst() {
            guard record.fields.count == layout.displayNames.count else {
                throw DataFileError(line: record.line, problem: .wrongFieldCount(expected: layout.displayNames.count, found: record.fields.count))
            }
            let code = try levels.accept(record.fields[layout.code], line: record.line, column: layout.column(layout.code))
            var values: [Int] = []
            values.reserveCapacity(layout.values.count)
            for column in layout.values {
                values.append(try CensusCount.parse(record.fields[column], line: record.line, column: layout.column(column)))
            }
            areas.append(CensusAreaCounts(code: code, name: layout.name.map { record.fields[$0].trimmingSpaces } ?? "",
                                          date: layout.date.map { record.fields[$0].trimmingSpaces }, values: values, line: record.line))
        }
        guard !areas.isEmpty else { throw DataFileError(line: records[0].line + 1, problem: .noDataRows) }
        return ONSCensusTable(topic: topic, categories: categories, areas: areas, level: levels.level)
    }
}

/// Where the area and value columns of a wide file are, and what to call each column in errors.
struct WideLayoutColumns {
    let code: Int
    let name: Int?
    let date: Int?
    let values: [Int]
    let displayNames: [String]

    func column(_ index: Int) -> DataFileError.Column { .init(number: index + 1, name: displayNames[index]) }
}

/// Header helpers shared by the Census, lookup and postcode readers.
enum CensusColumns {
    static func index(of name: String, in names: [String]) -> Int? {
        names.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// The first column whose name, compared without case, is any of `candidates` (in their order of preference).
    static func index(ofAny candidates: [String], in names: [String]) -> Int? {
        for candidate in candidates { if let i = index(of: candidate, in: names) { return i } }
        return nil
    }

    static func rejectDuplicates(_ names: [String]) throws(DataFileError) {
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if let first = seen[name.lowercased()] {
                throw DataFileError(line: 1, column: .init(number: i + 1, name: name), problem: .duplicateColumn(firstNumber: first + 1))
            }
            seen[name.lowercased()] = i
        }
    }

    static func displayNames(_ names: [String], _ valueColumns: [Int], _ cleaned: [String]) -> [String] {
        var result = names
        for (column, header) in zip(valueColumns, cleaned) { result[column] = header }
        return result
    }
}

/// Parses one count cell: a whole number, optionally written with a zero decimal part (`6649.0`)
/// as reshaped extracts do. Anything else is refused rather than rounded.
enum CensusCount {
    static func parse(_ raw: String, line: Int, column: DataFileError.Column) throws(DataFileError) -> Int {
        let text = raw.trimmingSpaces
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy { $0 == "0" }),
              let value = Int(whole) else {
            throw DataFileError(line: line, column: column, problem: .notAWholeNumber(text))
        }
        guard !negative || value == 0 else { throw DataFileError(line: line, column: column, problem: .negativeNumber(text)) }
        return value
    }
}

/// Parses area codes row by row and holds a file to one geography level, so that an LSOA table
/// with a district row slipped in can't be double counted when it is summed.
struct AreaLevelCheck {
    private(set) var level: AreaKind?
    private var firstCode: GSSCode?
    private var lineOfCode: [GSSCode: Int] = [:]

    mutating func accept(_ raw: String, line: Int, column: DataFileError.Column) throws(DataFileError) -> GSSCode {
        let code = try Self.code(raw, line: line, column: column)
        if let firstCode {
            guard Self.levelKey(code) == Self.levelKey(firstCode) else {
                throw DataFileError(line: line, column: column, problem: .mixedGeographyLevels(code: code.value, earlier: firstCode.value))
            }
        } else {
            firstCode = code
            level = code.kind
        }
        if let first = lineOfCode[code] {
            throw DataFileError(line: line, column: column, problem: .duplicateArea(code: code.value, firstLine: first))
        }
        lineOfCode[code] = line
        return code
    }

    static func code(_ raw: String, line: Int, column: DataFileError.Column) throws(DataFileError) -> GSSCode {
        guard let code = GSSCode(raw) else {
            throw DataFileError(line: line, column: column, problem: .notAnAreaCode(raw.trimmingSpaces))
        }
        return code
    }

    /// Districts come as E06, E07, E08 and E09 (unitary, shire, metropolitan, London): one level.
    private static func levelKey(_ code: GSSCode) -> String { code.kind?.rawValue ?? code.entity }
}
