/// Why an imported data file (a Census table, an area lookup, a postcode directory) was refused.
///
/// Imports are all or nothing, so the first problem stops the whole file and the person importing
/// needs to find it without opening a text editor: the error names the line (1-based, counting the
/// header as line 1), the column (1-based number and its header) and the reason in plain English.
public struct DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The column a problem was found in: its 1-based position and its header.
    public struct Column: Sendable, Equatable {
        public let number: Int
        public let name: String
        public init(number: Int, name: String) {
            self.number = number
            self.name = name
        }
    }

    public enum Problem: Sendable, Equatable {
        case emptyFile
        case noDataRows
        case missingColumn(String)
        case duplicateColumn(firstNumber: Int)
        case noCategoryColumns
        case wrongFieldCount(expected: Int, found: Int)
        case unterminatedQuote
        case textAfterClosingQuote
        case notAWholeNumber(String)
        case negativeNumber(String)
        case notAnAreaCode(String)
        case wrongAreaKind(code: String, expected: AreaKind)
        case mixedGeographyLevels(code: String, earlier: String)
        case duplicateArea(code: String, firstLine: Int)
        case duplicateValue(code: String, category: String, firstLine: Int)
        case missingValue(code: String, category: String)
        case conflictingParent(code: String, parent: String, firstParent: String, firstLine: Int)
        case inconsistentTotal(code: String, total: Int, firstTotal: Int, firstLine: Int)
        case notAPostcode(String)
        case duplicatePostcode(String, firstLine: Int)
        case badLatitude(String)
        case badLongitude(String)
    }

    /// The 1-based line the problem is on; `nil` only for an empty file.
    public let line: Int?
    public let column: Column?
    public let problem: Problem

    public init(line: Int?, column: Column? = nil, problem: Problem) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// Reads like `Line 37, column 5 (“Ethnic group: Asian…”): “12a” is not a whole number`.
    public var description: String {
        guard let line else { return reason.prefix(1).uppercased() + reason.dropFirst() }
        var place = "Line \(line)"
        if let column { place += ", column \(column.number) (“\(Self.shortened(column.name))”)" }
        return "\(place): \(reason)"
    }

    /// The reason alone, as a sentence fragment.
    public var reason: String {
        switch problem {
        case .emptyFile: "the file is empty"
        case .noDataRows: "the file has a header row but no data rows"
        case .missingColumn(let name): "there is no “\(name)” column"
        case .duplicateColumn(let first): "this column name is used twice (first as column \(first))"
        case .noCategoryColumns: "there are no columns of counts after the area columns"
        case .wrongFieldCount(let expected, let found): "the row has \(found) fields but the header has \(expected)"
        case .unterminatedQuote: "a quoted field starts here but its closing quote is missing"
        case .textAfterClosingQuote: "there is text after the closing quote of a quoted field"
        case .notAWholeNumber(let v): "“\(v)” is not a whole number"
        case .negativeNumber(let v): "“\(v)” is negative, and a count cannot be"
        case .notAnAreaCode(let v): "“\(v)” is not an ONS area code (a letter and eight digits, like E01010241)"
        case .wrongAreaKind(let code, let expected): "“\(code)” is \(Self.kindPhrase(code)), not \(Self.article(expected.label)) code"
        case .mixedGeographyLevels(let code, let earlier):
            "“\(code)” is \(Self.kindPhrase(code)) but the first row has \(Self.kindPhrase(earlier)); a table must be at one level"
        case .duplicateArea(let code, let first): "“\(code)” already appears on line \(first)"
        case .duplicateValue(let code, let category, let first): "“\(category)” for “\(code)” already appears on line \(first)"
        case .missingValue(let code, let category): "“\(code)” has no value for “\(category)”"
        case .conflictingParent(let code, let parent, let first, let firstLine):
            "“\(code)” is put in \(parent) here but in \(first) on line \(firstLine)"
        case .inconsistentTotal(let code, let total, let first, let firstLine):
            "the total for “\(code)” is \(total) here but \(first) on line \(firstLine)"
        case .notAPostcode(let v): "“\(v)” is not a UK postcode"
        case .duplicatePostcode(let v, let first): "postcode \(v) already appears on line \(first)"
        case .badLatitude(let v): "“\(v)” is not a latitude in the United Kingdom (49 to 61 degrees north)"
        case .badLongitude(let v): "“\(v)” is not a longitude in the United Kingdom (9 degrees west to 2 degrees east)"
        }
    }

    /// ONS headers run to 80 characters; the column number already pins the column, so a long
    /// name is cut at a word boundary to keep the message readable.
    static func shortened(_ name: String, limit: Int = 40) -> String {
        guard name.count > limit else { return name }
        var kept = ""
        for word in name.split(separator: " ") {
            let next = kept.isEmpty ? String(word) : kept + " " + word
            if next.count > limit - 1 { break }
            kept = next
        }
        if kept.isEmpty { kept = String(name.prefix(limit - 1)) }
        while let last = kept.last, ",:;".contains(last) { kept.removeLast() }
        return kept + "…"
    }

    private static func kindPhrase(_ code: String) -> String {
        guard let gss = GSSCode(code) else { return "not an area code" }
        guard let kind = gss.kind else { return "an area code of type \(gss.entity)" }
        return article(kind.label) + " code"
    }

    private static func article(_ label: String) -> String {
        let lower = label.prefix(1).lowercased() + label.dropFirst()
        return ("aeiou".contains(lower.prefix(1)) ? "an " : "a ") + lower
    }
}
