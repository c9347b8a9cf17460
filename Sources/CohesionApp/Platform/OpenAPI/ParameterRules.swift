/// What a text parameter may be, stated once: the handler asks `accepts`, and the OpenAPI
/// document publishes `schema`, so the contract and the check can't drift apart.
///
/// Lengths count Unicode code points, as JSON Schema does (not Swift's grapheme clusters).
/// `pattern` is anchored (`^…$`) and keeps to the regular expressions that JSON Schema
/// (ECMA-262), Python (schemathesis, client generators) and Swift read alike: character classes,
/// groups, alternation and counted repeats; no look-arounds, no `\d` or `\w` (whose meaning
/// differs between them), no flags.
struct TextRule: Sendable {
    let minLength: Int
    let maxLength: Int?
    let pattern: String
    /// Compiled once (compiling costs ~30 µs, matching ~1 µs): some rules are checked on every
    /// request to a hot page (`AreaCode`). `Regex` isn't marked Sendable, but it is immutable and
    /// its compiled program is set up once, atomically, so sharing it between threads is safe.
    nonisolated(unsafe) private let regex: Regex<AnyRegexOutput>

    init(minLength: Int = 0, maxLength: Int? = nil, pattern: String) {
        precondition(pattern.hasPrefix("^") && pattern.hasSuffix("$"), "a TextRule pattern must be anchored: \(pattern)")
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        // The pattern is a constant checked by the tests, so a pattern that doesn't compile is a bug.
        regex = try! Regex(pattern).matchingSemantics(.unicodeScalar)
    }

    /// Any text without a NUL character. The app refuses `%00` anywhere in an address
    /// (`RejectNULMiddleware`), so even free text must say so.
    static func freeText(maxLength: Int? = nil) -> TextRule {
        TextRule(maxLength: maxLength, pattern: "^[^\\u0000]*$")
    }

    func accepts(_ text: String) -> Bool {
        let length = text.unicodeScalars.count
        guard length >= minLength, maxLength.map({ length <= $0 }) ?? true else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    var schema: JSONValue {
        var schema: [String: JSONValue] = ["type": "string", "pattern": .string(pattern)]
        if minLength > 0 { schema["minLength"] = .number(Double(minLength)) }
        if let maxLength { schema["maxLength"] = .number(Double(maxLength)) }
        return .object(schema)
    }
}

/// How query text is read as a number, by every handler: the document's `integer` and `number`
/// mean decimal digits as JSON writes them, not everything `Int.init` and `Double.init` read
/// (`+5`, `nan`, `inf`, `0x1p3`).
enum QueryNumber {
    static func integer(_ text: String) -> Int? {
        guard text.wholeMatch(of: /-?[0-9]+/) != nil else { return nil }
        return Int(text)
    }

    static func decimal(_ text: String) -> Double? {
        guard text.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/) != nil, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

extension JSONValue {
    /// A whole number in `range`, as a query parameter's schema.
    static func integer(in range: ClosedRange<Int>, default value: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer", "minimum": .number(Double(range.lowerBound)),
                                           "maximum": .number(Double(range.upperBound))]
        if let value { schema["default"] = .number(Double(value)) }
        return .object(schema)
    }

    /// A decimal number in `range`.
    static func number(in range: ClosedRange<Double>) -> JSONValue {
        ["type": "number", "minimum": .number(range.lowerBound), "maximum": .number(range.upperBound)]
    }

    /// One of `values`, as strings.
    static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map { .string($0) })]
    }
}
