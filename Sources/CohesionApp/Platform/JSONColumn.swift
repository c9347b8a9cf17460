import Foundation

/// A value kept as JSON text in one column (a round's questions, an application's answers):
/// read whole and written whole, and never queried inside, so both databases keep it as text.
enum JSONColumn {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding plain Codable structs of strings, numbers and arrays can't fail.
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    /// Nil when the text is not that value's JSON.
    static func decode<Value: Decodable>(_ text: String, as type: Value.Type = Value.self) -> Value? {
        try? JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    /// A flat object of strings, such as a survey response's answers (`{"belonging":"very_strongly"}`),
    /// read without `JSONDecoder`, whose generic dictionary decoding was a third of recomputing a
    /// council's survey estimates (bench/README.md, issue 11). Text with an escape, or anything
    /// but a flat object of strings, goes to `JSONDecoder` as before, so the answer is the same.
    static func decodeStrings(_ text: String) -> [String: String]? {
        var contiguous = text
        if let fast = contiguous.withUTF8({ flatStrings($0) }) { return fast }
        return decode(text, as: [String: String].self)
    }

    private static func flatStrings(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var i = 0
        func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }
        func string() -> String? {
            guard expect(quote) else { return nil }
            let start = i
            while i < bytes.count, bytes[i] != quote {
                // An escape (or a control character JSON forbids) is left to JSONDecoder.
                if bytes[i] == backslash || bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return value
        }
        guard expect(UInt8(ascii: "{")) else { return nil }
        var result: [String: String] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard let key = string(), expect(UInt8(ascii: ":")), let value = string() else { return nil }
                // As JSONDecoder does, the first of a repeated key wins.
                if result[key] == nil { result[key] = value }
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        skipSpace()
        return i == bytes.count ? result : nil
    }
}
