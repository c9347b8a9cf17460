import Foundation

/// Why `cohesion survey weight` refused its files. Each names the file and, where there is one,
/// the line (the header is line 1) and column, because the person running it fixes the file in
/// a spreadsheet.
public enum SurveyWeightFileError: Error, Equatable, CustomStringConvertible {
    public enum File: String, Sendable, Equatable {
        case responses, targets
    }

    /// Not readable as CSV; the message is `DataFileError`'s.
    case malformed(File, message: String)
    case emptyFile(File)
    case missingColumn(File, column: String)
    case duplicateColumn(File, column: String, firstNumber: Int, number: Int)
    case wrongFieldCount(File, line: Int, expected: Int, found: Int)
    case blankID(line: Int)
    case duplicateID(id: String, line: Int, firstLine: Int)
    case noRespondents
    case noTargets
    /// A targets row with no variable or category.
    case blankTargetField(line: Int, column: String)
    case badPopulation(line: Int, value: String)
    case duplicateTarget(variable: String, category: String, line: Int, firstLine: Int)
    /// The targets name a variable the responses file has no column for; `line` is its first
    /// target.
    case variableWithoutColumn(variable: String, line: Int)
    case blankValue(line: Int, column: String)
    case unknownCategory(line: Int, column: String, value: String, known: [String])
    /// `line` is the category's row in the targets file.
    case emptyCategory(variable: String, category: String, line: Int)
    /// `line` is the variable's first row in the targets file.
    case noPopulation(variable: String, line: Int)
    case inconsistentTotals(variable: String, total: Double, firstVariable: String, firstTotal: Double)
    case notConverged(iterations: Int, largestError: Double)

    public var description: String {
        switch self {
        case let .malformed(file, message):
            "The \(file.rawValue) file could not be read as CSV: \(message)."
        case let .emptyFile(file):
            "The \(file.rawValue) file is empty."
        case let .missingColumn(file, column):
            "The \(file.rawValue) file has no “\(column)” column."
        case let .duplicateColumn(file, column, first, number):
            "The \(file.rawValue) file has two columns called “\(column)” (columns \(first) and \(number))."
        case let .wrongFieldCount(file, line, expected, found):
            "\(Self.place(file, line)): the row has \(found) fields but the header has \(expected)."
        case let .blankID(line):
            "\(Self.place(.responses, line)): the id is blank; every respondent needs an id."
        case let .duplicateID(id, line, firstLine):
            "\(Self.place(.responses, line)): the id “\(id)” is already used on line \(firstLine)."
        case .noRespondents:
            "The responses file has a header row but no respondents."
        case .noTargets:
            "The targets file has a header row but no targets."
        case let .blankTargetField(line, column):
            "\(Self.place(.targets, line)): the \(column) is blank."
        case let .badPopulation(line, value):
            "\(Self.place(.targets, line)): the population “\(value)” is not a number of people (a number, zero or more)."
        case let .duplicateTarget(variable, category, line, firstLine):
            "\(Self.place(.targets, line)): “\(category)” for “\(variable)” already has a population on line \(firstLine)."
        case let .variableWithoutColumn(variable, line):
            "\(Self.place(.targets, line)): there are targets for “\(variable)” but the responses file has no “\(variable)” column."
        case let .blankValue(line, column):
            "\(Self.place(.responses, line)), column “\(column)”: the value is blank; every respondent needs a value for each weighting variable."
        case let .unknownCategory(line, column, value, known):
            "\(Self.place(.responses, line)), column “\(column)”: “\(value)” is not one of the categories in the targets file (\(Self.list(known)))."
        case let .emptyCategory(variable, category, line):
            "\(Self.place(.targets, line)): no respondent is in “\(category)” for “\(variable)”, so no weights can reach its population; combine it with a neighbouring category or collect more responses."
        case let .noPopulation(variable, line):
            "\(Self.place(.targets, line)): the populations for “\(variable)” add up to zero, so there is nothing to weight the responses to."
        case let .inconsistentTotals(variable, total, firstVariable, firstTotal):
            "Targets file: the populations for “\(variable)” add up to \(Raking.plain(total)) but those for “\(firstVariable)” add up to \(Raking.plain(firstTotal)); they differ by more than 1%, so they cannot describe the same population."
        case let .notConverged(iterations, largestError):
            "The weights did not settle after \(iterations) iteration\(iterations == 1 ? "" : "s"): a weighted total is still \(SurveyWeightFiles.percentage(largestError)) away from its target. The targets may conflict with each other or with the trimming bounds; no weights were written."
        }
    }

    private static func place(_ file: File, _ line: Int) -> String {
        "\(file.rawValue.prefix(1).uppercased() + file.rawValue.dropFirst()) file, line \(line)"
    }

    /// Twenty wards is a readable list; a mistyped variable with hundreds of categories is not.
    private static func list(_ known: [String], limit: Int = 25) -> String {
        let shown = known.prefix(limit).joined(separator: ", ")
        return known.count > limit ? "\(shown) and \(known.count - limit) more" : shown
    }
}

/// The weights and what to tell the person who asked for them.
public struct SurveyWeighting: Sendable {
    /// `id,weight`, one row per respondent in the responses file's order.
    public var output: String
    public var result: RakingResult
    /// Columns of the responses file that are neither the id nor a variable in the targets.
    public var ignoredColumns: [String]

    public var report: String { SurveyWeightFiles.report(result, ignoredColumns: ignoredColumns) }
}

/// `cohesion survey weight --responses R.csv --targets T.csv --output W.csv [--scale population]`.
/// R has an `id` column and one column per weighting variable; T has `variable,category,population`
/// rows; W gets `id,weight`. Text in, text out: the command reads and writes the files.
///
/// Columns of R that T does not mention (a postcode, the answers themselves) are ignored and
/// named in the report; a variable in T with no column in R is an error. Every respondent needs a
/// category on every weighting variable: "prefer not to say" must be a category with a target or
/// the respondent left out, because the targets file cannot say what blank means. Values,
/// categories and headers are compared with surrounding spaces removed, and case matters.
public enum SurveyWeightFiles {
    public static func weight(responses: String, targets: String, options: RakingOptions) throws(SurveyWeightFileError) -> (output: String, result: RakingResult) {
        let weighting = try weighting(responses: responses, targets: targets, options: options)
        return (weighting.output, weighting.result)
    }

    /// `weight` with the ignored columns, for the report.
    public static func weighting(responses: String, targets: String, options: RakingOptions) throws(SurveyWeightFileError) -> SurveyWeighting {
        let targetRows = try TargetRows(text: targets)
        let responseRows = try ResponseRows(text: responses, variables: targetRows.margins.map(\.variable), targetRows: targetRows)
        let result: RakingResult
        do {
            result = try Raking.rake(values: responseRows.values, margins: targetRows.margins, options: options)
        } catch {
            throw fileError(error, targetRows: targetRows, responseRows: responseRows)
        }
        guard result.converged else { throw .notConverged(iterations: result.iterations, largestError: result.largestMarginError) }
        var lines = ["id,weight"]
        for (id, weight) in zip(responseRows.ids, result.weights) {
            // Swift prints the shortest digits that read back as the same Double.
            lines.append(CSVText.line([id, String(describing: weight)]))
        }
        return SurveyWeighting(output: lines.joined(separator: "\n") + "\n", result: result, ignoredColumns: responseRows.ignoredColumns)
    }

    /// Plain text for the command's output: whether it converged, the figures that say how much
    /// weighting costs in precision, and every margin's target against its weighted total.
    public static func report(_ result: RakingResult, ignoredColumns: [String] = []) -> String {
        let n = result.weights.count
        var lines = [
            result.converged ? "Raking converged after \(result.iterations) iteration\(result.iterations == 1 ? "" : "s")."
                             : "Raking did NOT converge after \(result.iterations) iterations.",
            "Largest difference from a target: \(percentage(result.largestMarginError))",
            "Design effect (Kish): \(String(format: "%.3f", result.designEffect))",
            "Effective sample size: \(String(format: "%.1f", result.effectiveSampleSize)) of \(n) respondents",
            "Weights trimmed: \(result.trimmedCount)",
        ]
        if !ignoredColumns.isEmpty { lines.append("Columns ignored (no targets): \(ignoredColumns.joined(separator: ", "))") }
        lines.append("")
        lines.append(contentsOf: marginTable(result.marginReport))
        return lines.joined(separator: "\n") + "\n"
    }

    static func marginTable(_ checks: [MarginCheck]) -> [String] {
        let header = ["Variable", "Category", "Target", "Weighted", "Respondents"]
        let rows = checks.map { [$0.variable, $0.category, String(format: "%.2f", $0.target), String(format: "%.2f", $0.weighted), String($0.respondents)] }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }

    /// A relative difference as a percentage with two significant figures: tiny ones are the
    /// point, so they are not rounded to 0%.
    static func percentage(_ relative: Double) -> String {
        String(format: "%.2g%%", relative * 100)
    }

    private static func fileError(_ error: RakingError, targetRows: TargetRows, responseRows: ResponseRows) -> SurveyWeightFileError {
        switch error {
        case .noRespondents: return .noRespondents
        case .noMargins: return .noTargets
        case let .unknownCategory(respondent, variable, value):
            return .unknownCategory(line: responseRows.lines[respondent - 1], column: variable, value: value,
                                    known: targetRows.margins.first { $0.variable == variable }?.categories ?? [])
        case let .emptyCategory(variable, category):
            return .emptyCategory(variable: variable, category: category, line: targetRows.lines[Key(variable, category)] ?? 0)
        case let .inconsistentTotals(variable, total, firstVariable, firstTotal):
            return .inconsistentTotals(variable: variable, total: total, firstVariable: firstVariable, firstTotal: firstTotal)
        case let .negativeTarget(variable, category, target):
            return .badPopulation(line: targetRows.lines[Key(variable, category)] ?? 0, value: Raking.plain(target))
        case let .noPopulation(variable):
            return .noPopulation(variable: variable, line: targetRows.firstLines[variable] ?? 0)
        case let .nonPositiveBaseWeight(respondent, _):
            // The files carry no base weights, so every respondent starts at 1.
            preconditionFailure("respondent \(respondent) has a base weight the files cannot give")
        }
    }

    struct Key: Hashable {
        let variable: String, category: String
        init(_ variable: String, _ category: String) { self.variable = variable; self.category = category }
    }

    /// Records without blank rows (a spreadsheet's trailing `,,,` lines), fields trimmed.
    static func records(_ text: String, file: SurveyWeightFileError.File) throws(SurveyWeightFileError) -> (header: [String], rows: [CSVRecord]) {
        let records: [CSVRecord]
        do { records = try CSVReader.records(in: text) } catch { throw .malformed(file, message: error.description) }
        let kept = records.compactMap { record -> CSVRecord? in
            // `trimmingSpaces`, not Foundation's `trimmingCharacters(in:)`: on Linux that goes
            // through NSString and UTF-16, and was half of `cohesion survey weight`'s time on
            // 100,000 responses (bench/README.md, issue 11). Both trim Unicode white space.
            let fields = record.fields.map(\.trimmingSpaces)
            return fields.allSatisfy(\.isEmpty) ? nil : CSVRecord(line: record.line, fields: fields)
        }
        guard let header = kept.first else { throw .emptyFile(file) }
        var seen: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            if let first = seen[name] { throw .duplicateColumn(file, column: name, firstNumber: first + 1, number: index + 1) }
            seen[name] = index
        }
        let rows = Array(kept.dropFirst())
        for row in rows where row.fields.count != header.fields.count {
            throw .wrongFieldCount(file, line: row.line, expected: header.fields.count, found: row.fields.count)
        }
        return (header.fields, rows)
    }

    static func column(_ name: String, in header: [String], file: SurveyWeightFileError.File) throws(SurveyWeightFileError) -> Int {
        guard let index = header.firstIndex(where: { $0.lowercased() == name }) else { throw .missingColumn(file, column: name) }
        return index
    }

    /// The targets file as margins, in the order their variables first appear.
    struct TargetRows {
        var margins: [RakingMargin] = []
        var lines: [Key: Int] = [:]
        var firstLines: [String: Int] = [:]

        init(text: String) throws(SurveyWeightFileError) {
            let (header, rows) = try SurveyWeightFiles.records(text, file: .targets)
            let variableColumn = try column("variable", in: header, file: .targets)
            let categoryColumn = try column("category", in: header, file: .targets)
            let populationColumn = try column("population", in: header, file: .targets)
            guard !rows.isEmpty else { throw .noTargets }
            for row in rows {
                let variable = row.fields[variableColumn], category = row.fields[categoryColumn], text = row.fields[populationColumn]
                if variable.isEmpty { throw .blankTargetField(line: row.line, column: "variable") }
                if category.isEmpty { throw .blankTargetField(line: row.line, column: "category") }
                guard let population = Double(text), population >= 0, population.isFinite else {
                    throw .badPopulation(line: row.line, value: text)
                }
                if let first = lines[Key(variable, category)] {
                    throw .duplicateTarget(variable: variable, category: category, line: row.line, firstLine: first)
                }
                lines[Key(variable, category)] = row.line
                if firstLines[variable] == nil {
                    firstLines[variable] = row.line
                    margins.append(RakingMargin(variable: variable, targets: [:]))
                }
                margins[margins.firstIndex { $0.variable == variable }!].targets[category] = population
            }
        }
    }

    /// The responses file as each respondent's category on each variable.
    struct ResponseRows {
        var ids: [String] = []
        /// The file line of each respondent.
        var lines: [Int] = []
        var values: [[String?]] = []
        var ignoredColumns: [String] = []

        init(text: String, variables: [String], targetRows: TargetRows) throws(SurveyWeightFileError) {
            let (header, rows) = try SurveyWeightFiles.records(text, file: .responses)
            let idColumn = try column("id", in: header, file: .responses)
            let columns = try variables.map { variable throws(SurveyWeightFileError) in
                guard let index = header.firstIndex(of: variable) else {
                    throw .variableWithoutColumn(variable: variable, line: targetRows.firstLines[variable]!)
                }
                return index
            }
            ignoredColumns = header.enumerated().filter { $0.offset != idColumn && !columns.contains($0.offset) }.map(\.element)
            guard !rows.isEmpty else { throw .noRespondents }
            var idLines: [String: Int] = [:]
            let categories = targetRows.margins.map { Set($0.targets.keys) }
            for row in rows {
                let id = row.fields[idColumn]
                if id.isEmpty { throw .blankID(line: row.line) }
                if let first = idLines[id] { throw .duplicateID(id: id, line: row.line, firstLine: first) }
                idLines[id] = row.line
                values.append(try columns.enumerated().map { v, column throws(SurveyWeightFileError) in
                    let value = row.fields[column]
                    if value.isEmpty { throw .blankValue(line: row.line, column: variables[v]) }
                    guard categories[v].contains(value) else {
                        throw .unknownCategory(line: row.line, column: variables[v], value: value, known: targetRows.margins[v].categories)
                    }
                    return value
                })
                ids.append(id)
                lines.append(row.line)
            }
        }
    }
}
