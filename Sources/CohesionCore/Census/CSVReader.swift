/// One row of a CSV file with the line it starts on, so that errors can name it.
public struct CSVRecord: Sendable, Equatable {
    public let line: Int
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes,
/// CRLF or LF line ends and a UTF-8 byte order mark at the start.
///
/// Written here rather than taken from a CSV package for two reasons: `CohesionCore` has no
/// dependencies, and imports must report the line and column of every problem, which the general
/// readers don't expose. Blank lines are skipped. It works on UTF-8 bytes, not `Character`s,
/// because Swift treats CRLF as one character.
public enum CSVReader {
    public static func records(in text: String) throws(DataFileError) -> [CSVRecord] {
        var parser = Parser(bytes: Array(text.utf8))
        return try parser.run()
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var recordLine = 1
        var field: [UInt8] = []
        var fields: [String] = []
        var records: [CSVRecord] = []

        static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        mutating func run() throws(DataFileError) -> [CSVRecord] {
            while index < bytes.count {
                if bytes[index] == Self.quote, field.isEmpty {
                    try readQuotedField()
                } else {
                    readUnquotedByte()
                }
            }
            if !field.isEmpty || !fields.isEmpty { endRecord() }
            return records
        }

        /// Reads from an opening quote to the byte after the closing quote, which must end the field.
        mutating func readQuotedField() throws(DataFileError) {
            let startLine = line
            index += 1
            while true {
                guard index < bytes.count else {
                    throw DataFileError(line: startLine, column: column(), problem: .unterminatedQuote)
                }
                let byte = bytes[index]
                index += 1
                if byte == Self.quote {
                    if index < bytes.count, bytes[index] == Self.quote {
                        field.append(Self.quote)
                        index += 1
                        continue
                    }
                    break
                }
                if byte == Self.lf { line += 1 }
                field.append(byte)
            }
            guard index >= bytes.count || [Self.comma, Self.cr, Self.lf].contains(bytes[index]) else {
                throw DataFileError(line: line, column: column(), problem: .textAfterClosingQuote)
            }
            // A quoted empty field still counts as a field even at the end of the file.
            if field.isEmpty, index >= bytes.count { endField(); endRecordIfAny() }
        }

        mutating func readUnquotedByte() {
            let byte = bytes[index]
            index += 1
            switch byte {
            case Self.comma:
                endField()
            case Self.cr, Self.lf:
                if byte == Self.cr, index < bytes.count, bytes[index] == Self.lf { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
        }

        func column() -> DataFileError.Column? {
            let number = fields.count + 1
            let header = records.first?.fields
            let name = records.isEmpty ? "header" : (header.flatMap { number <= $0.count ? $0[number - 1] : nil } ?? "")
            return .init(number: number, name: name)
        }

        mutating func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }

        mutating func endRecordIfAny() {
            if !fields.isEmpty { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
        }

        mutating func endRecord() {
            endField()
            let blank = fields.count == 1 && fields[0].allSatisfy(\.isWhitespace)
            if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
        }
    }
}
