import Foundation

/// Which CSV column holds what. Columns are named by their header, matched without case.
public struct SurveyImportMapping: Sendable, Hashable, Codable {
    /// Item key → column header.
    public var itemColumns: [String: String]
    /// The respondent's area: a ward, MSOA, LSOA or district GSS code, a locality's own code, or
    /// a postcode (used when there is no postcode column, or it is blank).
    public var areaColumn: String?
    public var postcodeColumn: String?
    public var ageBandColumn: String?
    public var sexColumn: String?
    public var ethnicGroupColumn: String?
    /// The date of the response: YYYY-MM-DD or DD/MM/YYYY.
    public var dateColumn: String?
    /// The source's own respondent ID; two responses with one ID refuse the file.
    public var idColumn: String?

    public init(itemColumns: [String: String] = [:], areaColumn: String? = nil, postcodeColumn: String? = nil,
                ageBandColumn: String? = nil, sexColumn: String? = nil, ethnicGroupColumn: String? = nil,
                dateColumn: String? = nil, idColumn: String? = nil) {
        self.itemColumns = itemColumns
        self.areaColumn = areaColumn
        self.postcodeColumn = postcodeColumn
        self.ageBandColumn = ageBandColumn
        self.sexColumn = sexColumn
        self.ethnicGroupColumn = ethnicGroupColumn
        self.dateColumn = dateColumn
        self.idColumn = idColumn
    }
}

/// One response read from a file, its answers and categories as keys.
public struct ImportedSurveyResponse: Sendable, Hashable {
    /// The line it starts on, header being line 1.
    public var line: Int
    public var sourceID: String?
    /// Item key → option key; a question left blank has no entry.
    public var answers: [String: String]
    /// A GSS code in capitals ("E05001301") or a locality's own code as written. Not checked
    /// against the council's areas: the app does that.
    public var areaCode: String?
    /// Normalised: "WS1 1TP".
    public var postcode: String?
    /// An `AgeBand` key or "prefer_not_to_say".
    public var ageBand: String?
    /// A `Sex` key or "prefer_not_to_say".
    public var sex: String?
    /// A `RecordedEthnicGroup` key: a detailed group ("asian_indian"), a broad group only
    /// ("asian") when the file gives only that, or "prefer_not_to_say".
    public var ethnicGroup: String?
    public var date: CalendarDate?

    public init(line: Int, sourceID: String? = nil, answers: [String: String], areaCode: String? = nil, postcode: String? = nil,
                ageBand: String? = nil, sex: String? = nil, ethnicGroup: String? = nil, date: CalendarDate? = nil) {
        self.line = line
        self.sourceID = sourceID
        self.answers = answers
        self.areaCode = areaCode
        self.postcode = postcode
        self.ageBand = ageBand
        self.sex = sex
        self.ethnicGroup = ethnicGroup
        self.date = date
    }
}

/// One thing wrong with a file, placed as precisely as it can be.
public struct SurveyImportProblem: Sendable, Hashable, CustomStringConvertible {
    /// 1-based, the header being line 1; nil for a problem with the file or the mapping as a whole.
    public var line: Int?
    /// The column's header as the file has it.
    public var column: String?
    /// A sentence or two in plain English, saying what to do.
    public var message: String

    public init(line: Int?, column: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `Line 14, column “belonging”: “Quite strongly” is not an answer to this question. …`
    public var description: String {
        let columnText = column.map { "column “\(DataFileError.shortened($0))”" }
        switch (line, columnText) {
        case let (line?, column?): return "Line \(line), \(column): \(message)"
        case let (line?, nil): return "Line \(line): \(message)"
        case let (nil, column?): return column.prefix(1).uppercased() + column.dropFirst() + ": " + message
        case (nil, nil): return message
        }
    }
}

/// Why a file was refused: its problems in file order, the first `listedLimit` of them listed.
public struct SurveyImportReport: Error, Sendable, Hashable, CustomStringConvertible {
    /// A page can show this many; past it, the person importing has a systematic problem
    /// (a wrong column chosen), not a few typing slips.
    public static let listedLimit = 100

    public var problems: [SurveyImportProblem]
    /// Problems found beyond those listed.
    public var unlisted: Int

    public init(problems: [SurveyImportProblem], unlisted: Int = 0) {
        self.problems = problems
        self.unlisted = unlisted
    }

    public var count: Int { problems.count + unlisted }

    public var description: String {
        let more = unlisted == 0 ? [] : ["… and \(DisclosureControl.grouped(unlisted)) more \(unlisted == 1 ? "problem" : "problems")."]
        return (problems.map(\.description) + more).joined(separator: "\n")
    }
}

/// Reads a CSV file of survey responses, all or nothing: either every row is good and becomes a
/// response, or nothing is imported and the report names each problem's line and column.
public enum SurveyResponseImport {
    public static func parse(csv: String, mapping: SurveyImportMapping, items: [SurveyItem],
                             maximumRows: Int = 200_000) -> Result<[ImportedSurveyResponse], SurveyImportReport> {
        var report = ReportBuilder()
        let records: [CSVRecord]
        do throws(DataFileError) {
            records = try CSVReader.records(in: csv)
        } catch {
            report.add(line: error.line, column: error.column?.name, Self.sentence(error.reason))
            return .failure(report.report)
        }
        guard let header = records.first else {
            report.add(line: nil, "The file is empty.")
            return .failure(report.report)
        }
        let names = header.fields.map(\.trimmingSpaces)
        let fields = Self.fields(mapping: mapping, items: items, names: names, headerLine: header.line, report: &report)
        guard report.isEmpty else { return .failure(report.report) }
        let rows = records.dropFirst()
        guard !rows.isEmpty else {
            report.add(line: nil, "The file has a header row but no responses.")
            return .failure(report.report)
        }
        guard rows.count <= maximumRows else {
            report.add(line: nil, "The file has \(DisclosureControl.grouped(rows.count)) responses, more than the \(DisclosureControl.grouped(maximumRows)) one import can take. Split it into smaller files.")
            return .failure(report.report)
        }
        var reader = RowReader(names: names, fields: fields)
        var responses: [ImportedSurveyResponse] = []
        responses.reserveCapacity(rows.count)
        for record in rows {
            if let response = reader.read(record, report: &report) { responses.append(response) }
        }
        return report.isEmpty ? .success(responses) : .failure(report.report)
    }

    /// A mapping guessed from a file's headers, as the defaults of the mapping form. Each header
    /// is used once. Questions come first: a header that is the item's key ("get_on_well", "Get
    /// on well"), its indicator title, or mostly the same words as its question (ignoring
    /// numbering such as "Q3." and little words). Then, among the headers left, the shortest
    /// with the word "id", "respondent" or "reference"; "date", "submitted", "completed" or
    /// "timestamp"; "postcode"; "ward", "locality", "area", "lsoa" or "msoa"; "age"; "sex" (or
    /// else "gender"); and a word starting "ethnic".
    public static func suggestedMapping(headers: [String], items: [SurveyItem]) -> SurveyImportMapping {
        let names = headers.map(\.trimmingSpaces)
        var used = Set<Int>()
        var mapping = SurveyImportMapping()
        var pairs: [(score: Double, header: Int, item: Int)] = []
        for (h, name) in names.enumerated() {
            for (i, item) in items.enumerated() {
                let score = HeaderWords.score(name, against: item)
                if score >= 0.6 { pairs.append((score, h, i)) }
            }
        }
        var mappedItems = Set<Int>()
        for pair in pairs.sorted(by: { ($0.score, -$0.header, -$0.item) > ($1.score, -$1.header, -$1.item) })
        where !used.contains(pair.header) && !mappedItems.contains(pair.item) {
            mapping.itemColumns[items[pair.item].key] = headers[pair.header]
            used.insert(pair.header)
            mappedItems.insert(pair.item)
        }
        func take(_ matches: ([String]) -> Bool) -> String? {
            let found = names.indices.filter { !used.contains($0) && matches(HeaderWords.words(names[$0])) }
            guard let best = found.min(by: { (names[$0].count, $0) < (names[$1].count, $1) }) else { return nil }
            used.insert(best)
            return headers[best]
        }
        mapping.idColumn = take { $0.contains("id") || $0.contains("respondent") || $0.contains("reference") || $0 == ["ref"] }
        mapping.dateColumn = take { !Set($0).isDisjoint(with: ["date", "submitted", "completed", "timestamp"]) }
        mapping.postcodeColumn = take { $0.contains("postcode") || $0.joined(separator: " ").contains("post code") || $0 == ["pcds"] || $0 == ["pcd"] }
        mapping.areaColumn = take { words in
            !Set(words).isDisjoint(with: ["ward", "locality", "area", "lsoa", "msoa"]) || words.contains(where: HeaderWords.isWardCodeName)
        }
        mapping.ageBandColumn = take { $0.contains("age") }
        mapping.sexColumn = take { $0.contains("sex") } ?? take { $0.contains("gender") }
        mapping.ethnicGroupColumn = take { $0.contains { $0.hasPrefix("ethnic") } }
        return mapping
    }

    static func sentence(_ fragment: String) -> String {
        fragment.prefix(1).uppercased() + fragment.dropFirst() + "."
    }

    /// What a mapped column holds.
    enum Content {
        case item(SurveyItem, Vocabulary)
        case area, postcode, date, id
        case ageBand, sex, ethnicGroup
    }

    struct Field {
        let index: Int
        let content: Content
    }

    /// The mapped columns in file order, or problems with the mapping.
    static func fields(mapping: SurveyImportMapping, items: [SurveyItem], names: [String], headerLine: Int,
                       report: inout ReportBuilder) -> [Field] {
        let itemsByKey = Dictionary(items.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var wanted: [(header: String, content: Content, what: String)] = []
        // A form's "not in this file" choice may arrive as a blank header rather than no entry.
        let itemColumns = mapping.itemColumns.filter { !$0.value.trimmingSpaces.isEmpty }
        for (key, header) in itemColumns.sorted(by: { $0.key < $1.key }) {
            guard let item = itemsByKey[key] else {
                report.add(line: nil, "The mapping chooses a column for “\(key)”, which is not a question in this survey.")
                continue
            }
            wanted.append((header, .item(item, Vocabulary(item: item)), "the question “\(key)”"))
        }
        if itemColumns.isEmpty { report.add(line: nil, "Choose the column for at least one question.") }
        let others: [(String?, Content, String)] = [
            (mapping.idColumn, .id, "the respondent ID"), (mapping.dateColumn, .date, "the date"),
            (mapping.areaColumn, .area, "the area"), (mapping.postcodeColumn, .postcode, "the postcode"),
            (mapping.ageBandColumn, .ageBand, "the age band"), (mapping.sexColumn, .sex, "sex"),
            (mapping.ethnicGroupColumn, .ethnicGroup, "the ethnic group"),
        ]
        for case let (header?, content, what) in others where !header.trimmingSpaces.isEmpty { wanted.append((header, content, what)) }

        var fields: [Field] = []
        var chosenFor: [Int: String] = [:]
        for (header, content, what) in wanted {
            let target = header.trimmingSpaces.lowercased()
            let matches = names.indices.filter { names[$0].lowercased() == target }
            if matches.isEmpty {
                report.add(line: headerLine, "There is no column headed “\(header.trimmingSpaces)” in the file.")
            } else if matches.count > 1 {
                report.add(line: headerLine, "There are \(matches.count) columns headed “\(names[matches[0]])” (columns \(Self.list(matches.map { String($0 + 1) }))), so it is not clear which to use. Rename all but one.")
            } else if let earlier = chosenFor[matches[0]] {
                report.add(line: headerLine, column: names[matches[0]], "This column is chosen for both \(earlier) and \(what). Choose one column for each.")
            } else {
                chosenFor[matches[0]] = what
                fields.append(Field(index: matches[0], content: content))
            }
        }
        return fields.sorted { $0.index < $1.index }
    }

    /// "1, 2 and 3".
    static func list(_ parts: [String]) -> String {
        parts.count < 2 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}

/// The words a column accepts, each mapped to the key it stands for, and how to say what is
/// accepted when a value isn't.
struct Vocabulary: Sendable {
    let keys: [String: String]
    let refusal: @Sendable (String) -> String

    /// Keys win over labels, so an option whose label happens to be another's key still reads
    /// as that other option when written as a key.
    init(pairs: [(key: String, labels: [String])], refusal: @escaping @Sendable (String) -> String) {
        var keys: [String: String] = [:]
        for pair in pairs { for label in pair.labels where keys[SurveyText.comparable(label)] == nil { keys[SurveyText.comparable(label)] = pair.key } }
        for pair in pairs { keys[SurveyText.comparable(pair.key)] = pair.key }
        self.keys = keys
        self.refusal = refusal
    }

    func key(for text: String) -> String? { keys[SurveyText.comparable(text)] }

    init(item: SurveyItem) {
        let labels = item.options.map(\.label).joined(separator: ", ")
        self.init(pairs: item.options.map { ($0.key, [$0.label]) }) { value in
            "“\(value)” is not an answer to this question. Use one of: \(labels)."
        }
    }

    /// Keys, labels, and the ways spreadsheets write bands: "16-24", "16–24", "75+".
    static let ageBand: Vocabulary = {
        let bands = AgeBand.allCases.map { band -> (key: String, labels: [String]) in
            let forms = band.oldest.map { o in ["\(band.youngest)-\(o)", "\(band.youngest) - \(o)"] }
                ?? ["\(band.youngest)+", "\(band.youngest) or over", "\(band.youngest) and older", "\(band.youngest) or older"]
            return (band.key, [band.label] + forms)
        }
        let labels = AgeBand.formOptions.map(\.label).joined(separator: ", ")
        return Vocabulary(pairs: bands + [preferNotToSay]) { "“\($0)” is not one of the age bands. Use one of: \(labels)." }
    }()

    static let sex = Vocabulary(pairs: Sex.allCases.map { ($0.key, [$0.label]) } + [preferNotToSay]) {
        "“\($0)” is not an answer to the sex question. Use one of: \(Sex.formOptions.map(\.label).joined(separator: ", "))."
    }

    /// A detailed group by key, label or census label ("Asian, Asian British or Asian Welsh:
    /// Indian"); a broad group by key or label, recorded as that broad group only.
    static let ethnicGroup = Vocabulary(
        pairs: EthnicGroup.allCases.map { ($0.key, [$0.label, $0.censusLabel]) } + BroadEthnicGroup.allCases.map { ($0.key, [$0.label]) } + [preferNotToSay]
    ) { value in
        "“\(value)” is not an ethnic group from the 2021 Census. Use a group such as “Indian” or “Asian, Asian British or Asian Welsh: Indian”, a broad group such as “Asian, Asian British or Asian Welsh”, or “Prefer not to say”."
    }

    static let preferNotToSay = (key: EqualityMonitoring.preferNotToSay.key, labels: [EqualityMonitoring.preferNotToSay.label])
}

/// Collects problems, listing the first `SurveyImportReport.listedLimit` and counting the rest.
struct ReportBuilder {
    private(set) var report = SurveyImportReport(problems: [])

    var isEmpty: Bool { report.count == 0 }

    mutating func add(line: Int?, column: String? = nil, _ message: String) {
        if report.problems.count < SurveyImportReport.listedLimit {
            report.problems.append(SurveyImportProblem(line: line, column: column, message: message))
        } else {
            report.unlisted += 1
        }
    }
}

/// Reads rows one by one, remembering IDs to catch duplicates.
struct RowReader {
    let names: [String]
    let fields: [SurveyResponseImport.Field]
    var lineOfID: [String: Int] = [:]

    mutating func read(_ record: CSVRecord, report: inout ReportBuilder) -> ImportedSurveyResponse? {
        guard record.fields.count == names.count else {
            report.add(line: record.line, "The row has \(record.fields.count) fields but the header has \(names.count).")
            return nil
        }
        let before = report.report.count
        var response = ImportedSurveyResponse(line: record.line, answers: [:])
        var areaPostcode: String?
        var anyAnswer = false
        for field in fields {
            let raw = record.fields[field.index]
            let column = names[field.index]
            func refuse(_ message: String) { report.add(line: record.line, column: column, message) }
            if let control = raw.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                refuse("There is a hidden control character (U+\(String(format: "%04X", control.value))) in this field. Remove it and import the file again.")
                if case .item = field.content { anyAnswer = true }
                continue
            }
            let value = raw.trimmingSpaces
            if case .item = field.content, !value.isEmpty { anyAnswer = true }
            guard !value.isEmpty else { continue }
            switch field.content {
            case .item(let item, let vocabulary):
                if let key = vocabulary.key(for: value) { response.answers[item.key] = key } else { refuse(vocabulary.refusal(value)) }
            case .ageBand:
                if let key = Vocabulary.ageBand.key(for: value) { response.ageBand = key } else { refuse(Vocabulary.ageBand.refusal(value)) }
            case .sex:
                if let key = Vocabulary.sex.key(for: value) { response.sex = key } else { refuse(Vocabulary.sex.refusal(value)) }
            case .ethnicGroup:
                if let key = Vocabulary.ethnicGroup.key(for: value) { response.ethnicGroup = key } else { refuse(Vocabulary.ethnicGroup.refusal(value)) }
            case .date:
                if let date = Self.date(value) { response.date = date }
                else { refuse("“\(value)” is not a date. Write dates as 2026-03-14 or 14/03/2026.") }
            case .postcode:
                if let postcode = Postcode.normalise(value) { response.postcode = postcode } else { refuse("“\(value)” is not a UK postcode.") }
            case .area:
                if let code = GSSCode(value) { response.areaCode = code.value }
                else if let postcode = Postcode.normalise(value) { areaPostcode = postcode }
                else if Self.looksLikeAreaCode(value) {
                    refuse("“\(value)” is not an ONS area code. Those are a letter and eight digits, like E05001301.")
                } else { response.areaCode = value }
            case .id:
                if let first = lineOfID[value] {
                    refuse("“\(value)” is already used on line \(first). Each response needs its own ID.")
                } else {
                    lineOfID[value] = record.line
                    response.sourceID = value
                }
            }
        }
        if response.postcode == nil { response.postcode = areaPostcode }
        if !anyAnswer { report.add(line: record.line, "This response has no answers to any question.") }
        return report.report.count == before ? response : nil
    }

    /// YYYY-MM-DD, or DD/MM/YYYY as UK spreadsheets write it (one-digit days and months allowed).
    static func date(_ text: String) -> CalendarDate? {
        if let iso = CalendarDate(iso: text) { return iso }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        let date = CalendarDate(year: year, month: month, day: day)
        return date.isValid ? date : nil
    }

    /// A country letter and five or more digits but not a GSS code: one mistyped, where a
    /// locality's own short code ("N1") is left for the app to look up.
    static func looksLikeAreaCode(_ text: String) -> Bool {
        guard let first = text.uppercased().first, "EWSNK".contains(first), text.count >= 6 else { return false }
        return text.dropFirst().allSatisfy(\.isASCIIDigit)
    }
}

/// Compares headers with questions by their words.
enum HeaderWords {
    static let littleWords: Set<String> = ["a", "an", "the", "to", "of", "do", "you", "your", "in", "is", "are", "that", "or", "and",
                                           "how", "what", "with", "any", "for", "be", "this", "have", "has", "it", "at", "on", "by"]

    /// Lower-case words, without question numbering ("Q3.", "3a)").
    static func words(_ text: String) -> [String] {
        var words = text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        if let first = words.first, isQuestionNumber(first), words.count > 1 { words.removeFirst() }
        return words
    }

    /// "q3", "3", "3a", "q12b".
    static func isQuestionNumber(_ word: String) -> Bool {
        var rest = Substring(word)
        if rest.first == "q" { rest = rest.dropFirst() }
        if let last = rest.last, last.isLetter { rest = rest.dropLast() }
        return !rest.isEmpty && rest.allSatisfy(\.isASCIIDigit)
    }

    /// ONS names for ward code columns: "wd24cd".
    static func isWardCodeName(_ word: String) -> Bool {
        word.count == 6 && word.hasPrefix("wd") && word.hasSuffix("cd") && word.dropFirst(2).prefix(2).allSatisfy(\.isASCIIDigit)
    }

    /// 2 for the item's key, 1.5 for its indicator title, else the overlap (Jaccard index) of
    /// the header's and the question's words, little words left out.
    static func score(_ header: String, against item: SurveyItem) -> Double {
        let headerWords = words(header)
        if headerWords.joined(separator: "_") == item.key { return 2 }
        if headerWords == words(item.indicatorTitle) { return 1.5 }
        let a = Set(headerWords).subtracting(littleWords), b = Set(words(item.question)).subtracting(littleWords)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }
}
