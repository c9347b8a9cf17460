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
}
