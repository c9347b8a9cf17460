@testable import CohesionApp
import CohesionCore
import Foundation
import Testing
import Vapor

/// The OpenAPI document is the API's contract: a request it calls valid is never refused with
/// 400, one it calls invalid always is, and every status the API gives is one the document
/// declares. These tests read the document the app serves and send the same requests to the
/// real handlers, at the boundaries of every constraint (schemathesis in Tests/e2e does the same
/// with generated requests).
@Suite struct APIContractTests {
    /// A request to one operation, and whether it is valid: the document and the handler must
    /// both agree with `valid`.
    struct Case: CustomStringConvertible {
        let operation: String
        var path: [String: String] = [:]
        var query: [(String, String)] = []
        let valid: Bool

        var description: String {
            var text = operation
            for (name, value) in path { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
            return text + (query.isEmpty ? "" : "?" + query.map { "\($0)=\($1)" }.joined(separator: "&")) + (valid ? " (valid)" : " (invalid)")
        }

        var url: String {
            var text = operation
            for (name, value) in path { text = text.replacingOccurrences(of: "{\(name)}", with: Browser.encode(value)) }
            return text + (query.isEmpty ? "" : "?" + query.map { "\(Browser.encode($0))=\(Browser.encode($1))" }.joined(separator: "&"))
        }
    }

    static let x100 = String(repeating: "x", count: 100)

    static let cases: [Case] = [
        // Paging, on both lists: PageRequest.pages and PageRequest.perPage.
        Case(operation: "/api/v1/areas", query: [("page", "1"), ("per", "1")], valid: true),
        Case(operation: "/api/v1/areas", query: [("page", "100000"), ("per", "200")], valid: true),
        Case(operation: "/api/v1/areas", query: [("page", "0")], valid: false),
        Case(operation: "/api/v1/areas", query: [("page", "100001")], valid: false),
        Case(operation: "/api/v1/areas", query: [("per", "0")], valid: false),
        Case(operation: "/api/v1/areas", query: [("per", "201")], valid: false),
        Case(operation: "/api/v1/areas", query: [("per", "2.5")], valid: false),
        Case(operation: "/api/v1/areas", query: [("per", "")], valid: false),
        Case(operation: "/api/v1/organisations", query: [("per", "200")], valid: true),
        Case(operation: "/api/v1/organisations", query: [("per", "201")], valid: false),
        Case(operation: "/api/v1/organisations", query: [("page", "-1")], valid: false),
        // kind
        Case(operation: "/api/v1/areas", query: [("kind", "")], valid: true),
        Case(operation: "/api/v1/areas", query: [("kind", "lsoa")], valid: true),
        Case(operation: "/api/v1/areas", query: [("kind", "county")], valid: false),
        Case(operation: "/api/v1/areas", query: [("kind", "Ward")], valid: false),
        // {code}: letters, digits and hyphens, 1 to 60 (AreaCode.rule).
        Case(operation: "/api/v1/areas/{code}", path: ["code": "E05001314"], valid: true),
        Case(operation: "/api/v1/areas/{code}", path: ["code": "e05001314"], valid: true),
        Case(operation: "/api/v1/areas/{code}", path: ["code": "north"], valid: true),
        Case(operation: "/api/v1/areas/{code}", path: ["code": String(repeating: "a", count: 60)], valid: true),
        Case(operation: "/api/v1/areas/{code}", path: ["code": String(repeating: "a", count: 61)], valid: false),
        Case(operation: "/api/v1/areas/{code}", path: ["code": " E05001314"], valid: false),
        Case(operation: "/api/v1/areas/{code}", path: ["code": "north/east"], valid: false),
        Case(operation: "/api/v1/areas/{code}", path: ["code": "nörth"], valid: false),
        Case(operation: "/api/v1/areas/{code}", path: ["code": "no\u{200B}rth"], valid: false),
        Case(operation: "/api/v1/areas/{code}/census", path: ["code": "E08000030"], valid: true),
        Case(operation: "/api/v1/areas/{code}/census", path: ["code": "E05001314\n"], valid: false),
        // locate: lat and lon together, or a postcode.
        Case(operation: "/api/v1/areas/locate", query: [("lat", "52.5752"), ("lon", "-2.0024")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("lat", "90"), ("lon", "180")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("lat", "-90"), ("lon", "-180")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("lat", "5e-1"), ("lon", "-0.0")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("lat", "90.0001"), ("lon", "0")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("lat", "0"), ("lon", "-180.5")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("lat", "52.5")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("lat", ""), ("lon", "1")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("lat", "nan"), ("lon", "1")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("lat", " 52"), ("lon", "1")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "WS1 1TP")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "ws11tp")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", " WS1  1TP ")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "B1 1AA")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "EC1A 1BB")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "W1  1AA   ")], valid: true),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "W1  1AA    ")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "W S1 1TP")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "WALSALL")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "0000000000")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "WS1 1TP"), ("lat", "52.5")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("lat", "52.5"), ("lon", "-2"), ("postcode", "")], valid: false),
        Case(operation: "/api/v1/areas/locate", query: [("postcode", "WS1 1TP"), ("lat", "52.5"), ("lon", "-2")], valid: false),
        // Organisation filters.
        Case(operation: "/api/v1/organisations", query: [("q", x100)], valid: true),
        Case(operation: "/api/v1/organisations", query: [("q", x100 + "x")], valid: false),
        Case(operation: "/api/v1/organisations", query: [("q", String(repeating: " ", count: 101))], valid: false),
        // 60 characters as people see them, 120 code points: the document counts code points.
        Case(operation: "/api/v1/organisations", query: [("q", String(repeating: "e\u{301}", count: 60))], valid: false),
        Case(operation: "/api/v1/organisations", query: [("q", "'; DROP TABLE organisations; --")], valid: true),
        Case(operation: "/api/v1/organisations", query: [("type", "")], valid: true),
        Case(operation: "/api/v1/organisations", query: [("type", "faith_group")], valid: true),
        Case(operation: "/api/v1/organisations", query: [("type", "club")], valid: false),
        Case(operation: "/api/v1/organisations", query: [("locality", "nowhere at all")], valid: true),
        Case(operation: "/api/v1/organisations", query: [("partnership_member", "any")], valid: true),
        Case(operation: "/api/v1/organisations", query: [("partnership_member", "false")], valid: true),
        Case(operation: "/api/v1/organisations", query: [("partnership_member", "maybe")], valid: false),
        Case(operation: "/api/v1/organisations/{id}", path: ["id": "3f2b8c1e-1d2a-4c1b-9e8f-0a1b2c3d4e5f"], valid: true),
        Case(operation: "/api/v1/organisations/{id}", path: ["id": "3f2b8c1e"], valid: false),
        // Asset filters: the directory's.
        Case(operation: "/api/v1/assets", query: [("q", x100)], valid: true),
        Case(operation: "/api/v1/assets", query: [("q", x100 + "x")], valid: false),
        Case(operation: "/api/v1/assets", query: [("q", "100% _café_")], valid: true),
        Case(operation: "/api/v1/assets", query: [("category", "physical_spaces")], valid: true),
        Case(operation: "/api/v1/assets", query: [("category", "individuals")], valid: false),
        Case(operation: "/api/v1/assets", query: [("access", "bsl"), ("access", "parking")], valid: true),
        Case(operation: "/api/v1/assets", query: [("access", "bsl"), ("access", "wings")], valid: false),
        Case(operation: "/api/v1/assets", query: [("language", "Urdu")], valid: true),
        Case(operation: "/api/v1/assets", query: [("language", String(repeating: "a", count: 51))], valid: false),
        Case(operation: "/api/v1/assets", query: [("cost", "fee")], valid: true),
        Case(operation: "/api/v1/assets", query: [("cost", "cheap")], valid: false),
        Case(operation: "/api/v1/assets", query: [("open_now", "yes"), ("space_for_all", "no")], valid: true),
        Case(operation: "/api/v1/assets", query: [("open_now", "maybe")], valid: false),
        Case(operation: "/api/v1/assets", query: [("status", "draft")], valid: true),
        Case(operation: "/api/v1/assets", query: [("status", "secret")], valid: false),
        Case(operation: "/api/v1/assets", query: [("postcode", "WALSALL")], valid: false),
        Case(operation: "/api/v1/assets", query: [("postcode", "")], valid: true),
        Case(operation: "/api/v1/assets", query: [("category", ""), ("cost", ""), ("access", "")], valid: true),
        Case(operation: "/api/v1/assets", query: [("per", "")], valid: false),
        Case(operation: "/api/v1/assets", query: [("ward", "E05001316"), ("locality", "nowhere at all")], valid: true),
        Case(operation: "/api/v1/assets", query: [("per", "201")], valid: false),
        Case(operation: "/api/v1/assets/{id}", path: ["id": "3f2b8c1e-1d2a-4c1b-9e8f-0a1b2c3d4e5f"], valid: true),
        Case(operation: "/api/v1/assets/{id}", path: ["id": "3f2b8c1e"], valid: false),
    ]

    @Test func theDocumentAndTheHandlersAgreeAtEveryBoundary() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let browser = Browser(test)
            browser.bearer = try await APITokens.create(for: f.user(.officer), label: "contract", on: test.db, request: nil)
            let contract = try await Contract(browser)
            for c in Self.cases {
                let operation = try #require(contract.operation(c.operation), "\(c.operation) is not in the document")
                #expect(try operation.accepts(c) == c.valid, "the document disagrees: \(c)")
                let answer = try await browser.get(c.url)
                if c.valid {
                    #expect(answer.status != .badRequest, "a request the document allows was refused: \(c)\n\(answer.body)")
                } else {
                    #expect(answer.status == .badRequest, "a request the document refuses was not: \(c) answered \(answer.status)")
                }
                #expect(operation.declares(answer.status), "\(c) answered \(answer.status), which the document doesn't declare")
            }
        }
    }

    /// Random postcode-like text, over HTTP: the document's rule and the handler agree on each.
    @Test func postcodesTheDocumentAllowsAreReadAndNoOthers() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            let operation = try #require(try await Contract(browser).operation("/api/v1/areas/locate"))
            var random = SeededRandom(seed: 20_261_202)
            var seen = (valid: 0, invalid: 0)
            for _ in 0..<300 {
                let text = Self.postcodeLike(&random)
                let c = Case(operation: "/api/v1/areas/locate", query: [("postcode", text)], valid: LocateController.Query.postcodeRule.accepts(text))
                #expect(try operation.accepts(c) == c.valid, "the document disagrees with postcodeRule: \(c)")
                let answer = try await browser.get(c.url)
                #expect((answer.status != .badRequest) == c.valid, "\(c) answered \(answer.status)")
                if c.valid { seen.valid += 1 } else { seen.invalid += 1 }
            }
            #expect(seen.valid > 20 && seen.invalid > 20, "the sample must hold both kinds: \(seen)")
        }
    }

    /// Every postcode the rule allows is one `Postcode.normalise` reads, so the handler never
    /// refuses a postcode the document allows (the rule is stricter only about spacing).
    @Test func thePostcodeRuleIsWithinWhatNormaliseReads() {
        var random = SeededRandom(seed: 7)
        var allowed = 0
        for _ in 0..<5_000 {
            let text = Self.postcodeLike(&random)
            guard LocateController.Query.postcodeRule.accepts(text) else { continue }
            allowed += 1
            #expect(Postcode.normalise(text) != nil, "\"\(text)\" is allowed by the document but not read")
        }
        #expect(allowed > 300, "the sample must reach the rule: \(allowed)")
        for real in ["WS1 1TP", "ws11tp", "B1 1AA", "EC1A 1BB", "M1 1AE", "CR2 6XH", "DN55 1PT", "W1A 0AX"] {
            #expect(LocateController.Query.postcodeRule.accepts(real) && Postcode.normalise(real) != nil, "\(real)")
        }
    }

    /// Text shaped like a postcode (an outward part, spaces, an inward part), often slightly
    /// wrong: a letter where a digit belongs, too many spaces, a stray character.
    static func postcodeLike(_ random: inout SeededRandom) -> String {
        func pick(_ characters: String, _ count: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: count, using: &random)).map { _ in characters.randomElement(using: &random)! })
        }
        let letters = "ABCWSXYZabwsz", digits = "0123456789", spaces = "    \t"
        var text = pick(letters, 0...2) + pick(digits + "A", 1...2) + pick(" ", 0...3) + pick(digits, 0...1) + pick(letters + "1", 1...2)
        if Bool.random(using: &random) { text = pick(" ", 0...2) + text + pick(spaces, 0...3) }
        if Int.random(in: 0..<8, using: &random) == 0 {
            text.insert(Character(String(pick("-+é.\u{0301}", 1...1))), at: text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &random)))
        }
        return text
    }

    @Test func everyOperationDeclaresTheRefusalsEveryAddressCanGet() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            let contract = try await Contract(browser)
            let examples = ["/api/v1/areas": "/api/v1/areas", "/api/v1/areas/locate": "/api/v1/areas/locate?postcode=WS1%201TP",
                            "/api/v1/areas/{code}": "/api/v1/areas/E05001314", "/api/v1/areas/{code}/census": "/api/v1/areas/E05001314/census",
                            "/api/v1/organisations": "/api/v1/organisations", "/api/v1/organisations/{id}": "/api/v1/organisations/\(UUID())",
                            "/api/v1/assets": "/api/v1/assets", "/api/v1/assets/{id}": "/api/v1/assets/\(UUID())",
                            "/api/v1/indicators": "/api/v1/indicators", "/api/v1/indicators/{code}/values": "/api/v1/indicators/COH-02/values"]
            #expect(Set(examples.keys) == Set(contract.paths), "an API path without an example here: \(contract.paths)")
            for (template, path) in examples {
                let operation = try #require(contract.operation(template))
                // A NUL anywhere in the address is refused before routing.
                let nul = try await browser.get(path + (path.contains("?") ? "&" : "?") + "note=%00")
                #expect(nul.status == .badRequest && operation.declares(nul.status), "\(template) with %00: \(nul.status)")
                #expect(nul.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
                // A bad token is refused with the header the document promises.
                let bad = try await browser.get(path, headers: [("Authorization", "Bearer coh_not-a-real-token")])
                #expect(bad.status == .unauthorized && operation.declares(bad.status), "\(template) with a bad token: \(bad.status)")
                #expect(bad.headers.first(name: .wwwAuthenticate) == "Bearer error=\"invalid_token\"", "\(template)")
                if operation.requiresToken {
                    let none = try await browser.get(path)
                    #expect(none.status == .unauthorized && none.headers.first(name: .wwwAuthenticate) == "Bearer", "\(template) without a token")
                }
                // With two councils in the database, a host that serves neither finds nothing.
                let stranger = try await Browser(test, host: "nowhere.test").get(path)
                #expect(stranger.status == (operation.requiresToken ? .unauthorized : .notFound) && operation.declares(stranger.status),
                        "\(template) on an unknown host: \(stranger.status)")
            }
        }
    }

    @Test func theDocumentsPatternsAreAnchoredAndReadBySwift() async throws {
        try await withTestApp { test in
            let contract = try await Contract(Browser(test))
            #expect(!contract.patterns.isEmpty)
            for pattern in contract.patterns {
                #expect(pattern.hasPrefix("^") && pattern.hasSuffix("$"), "\(pattern)")
                #expect((try? Regex(pattern)) != nil, "\(pattern)")
                // \d, \w and look-arounds mean different things (or nothing) in ECMA-262, Python and Swift.
                for unportable in ["\\d", "\\w", "\\s", "(?=", "(?!", "(?<"] {
                    #expect(!pattern.contains(unportable), "\(pattern) uses \(unportable)")
                }
            }
        }
    }
}

/// The served OpenAPI document, read as far as these tests need: which requests an operation
/// allows, and which statuses it declares. A schema keyword it doesn't know fails the test, so
/// it can't pass a constraint it doesn't understand.
struct Contract {
    let document: JSONValue

    init(_ browser: Browser) async throws {
        let page = try await browser.get("/api/openapi.json")
        document = try page.json(JSONValue.self)
    }

    var paths: [String] {
        guard case .object(let paths)? = document["paths"] else { return [] }
        return Array(paths.keys)
    }

    func operation(_ path: String) -> Operation? {
        document["paths"]?[path]?["get"].map(Operation.init)
    }

    var patterns: [String] {
        var found: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let o):
                if case .string(let p)? = o["pattern"] { found.append(p) }
                o.values.forEach(walk)
            case .array(let a): a.forEach(walk)
            default: break
            }
        }
        walk(document["paths"] ?? .null)
        return found
    }

    struct Operation {
        let object: JSONValue

        var requiresToken: Bool {
            guard case .array(let options)? = object["security"] else { return false }
            return !options.contains(.object([:]))
        }

        func declares(_ status: HTTPResponseStatus) -> Bool {
            object["responses"]?[String(status.code)] != nil
        }

        /// Whether the document allows this request: each parameter is checked with its schema,
        /// reading the text as the parameter's type.
        func accepts(_ c: APIContractTests.Case) throws -> Bool {
            guard case .array(let parameters)? = object["parameters"] else { return false }
            var unclaimed = c.query
            for parameter in parameters {
                guard case .string(let name)? = parameter["name"], case .string(let place)? = parameter["in"],
                      let schema = parameter["schema"] else { throw ContractError.unreadable("\(parameter)") }
                let required = parameter["required"] == .bool(true)
                if place == "path" {
                    guard let value = c.path[name] else { return false }
                    if try !SchemaCheck.accepts(text: value, schema) { return false }
                } else if parameter["explode"] == .bool(true), schema["type"] == "array", let items = schema["items"] {
                    // A repeated parameter (`access=a&access=b`): every value must fit the items.
                    let values = unclaimed.filter { $0.0 == name }.map(\.1)
                    unclaimed.removeAll { $0.0 == name }
                    if values.isEmpty, required { return false }
                    for value in values where try !SchemaCheck.accepts(text: value, items) { return false }
                } else if parameter["explode"] == .bool(true), schema["type"] == "object" {
                    // A group: its properties are sent as parameters of their own.
                    var object: [String: String] = [:]
                    for (key, value) in unclaimed {
                        if object[key] != nil { return false }
                        object[key] = value
                    }
                    unclaimed = []
                    if object.isEmpty, !required { continue }
                    if try !SchemaCheck.accepts(object: object, schema) { return false }
                } else if let index = unclaimed.firstIndex(where: { $0.0 == name }) {
                    let value = unclaimed.remove(at: index).1
                    if try !SchemaCheck.accepts(text: value, schema) { return false }
                } else if required {
                    return false
                }
            }
            return true
        }
    }

    enum ContractError: Error { case unreadable(String), unknownKeyword(String) }
}

/// The part of JSON Schema the document uses, applied to text from an address.
enum SchemaCheck {
    static let annotations: Set<String> = ["description", "default", "examples", "example", "title"]

    static func accepts(text: String, _ schema: JSONValue) throws -> Bool {
        guard case .object(let keywords) = schema else { throw Contract.ContractError.unreadable("\(schema)") }
        for (keyword, value) in keywords where !annotations.contains(keyword) {
            switch (keyword, value) {
            case ("type", .string("string")), ("type", .string("integer")), ("type", .string("number")): break
            case ("minimum", .number(let bound)): if let n = number(text, keywords), n < bound { return false }
            case ("maximum", .number(let bound)): if let n = number(text, keywords), n > bound { return false }
            case ("minLength", .number(let bound)): if Double(text.unicodeScalars.count) < bound { return false }
            case ("maxLength", .number(let bound)): if Double(text.unicodeScalars.count) > bound { return false }
            case ("pattern", .string(let pattern)):
                if try Regex(pattern).matchingSemantics(.unicodeScalar).firstMatch(in: text) == nil { return false }
            case ("enum", .array(let values)): if !values.contains(.string(text)) { return false }
            case ("format", .string("uuid")): if UUID(uuidString: text) == nil || text.count != 36 { return false }
            default: throw Contract.ContractError.unknownKeyword("\(keyword): \(value)")
            }
        }
        switch keywords["type"] {
        case .string("integer")?: return text.wholeMatch(of: integerText) != nil
        case .string("number")?: return text.wholeMatch(of: numberText) != nil
        default: return true
        }
    }

    /// Numbers in an address, written as JSON writes them (leading zeros allowed).
    nonisolated(unsafe) static let integerText = /-?[0-9]+/
    nonisolated(unsafe) static let numberText = /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/

    static func accepts(object: [String: String], _ schema: JSONValue) throws -> Bool {
        guard case .object(let keywords) = schema else { throw Contract.ContractError.unreadable("\(schema)") }
        for (keyword, value) in keywords where !annotations.contains(keyword) {
            switch (keyword, value) {
            case ("type", .string("object")): break
            case ("properties", .object(let properties)):
                for (name, text) in object {
                    if let property = properties[name], try !accepts(text: text, property) { return false }
                }
            case ("additionalProperties", .bool(false)):
                guard case .object(let properties)? = keywords["properties"] else { return false }
                if object.keys.contains(where: { properties[$0] == nil }) { return false }
            case ("required", .array(let names)):
                if names.contains(where: { name in !object.keys.contains { JSONValue.string($0) == name } }) { return false }
            case ("not", let inner): if try accepts(object: object, inner) { return false }
            case ("anyOf", .array(let branches)): if try !branches.contains(where: { try accepts(object: object, $0) }) { return false }
            case ("oneOf", .array(let branches)): if try branches.filter({ try accepts(object: object, $0) }).count != 1 { return false }
            default: throw Contract.ContractError.unknownKeyword("\(keyword): \(value)")
            }
        }
        return true
    }

    private static func number(_ text: String, _ keywords: [String: JSONValue]) -> Double? {
        text.wholeMatch(of: numberText) != nil ? Double(text) : nil
    }
}

/// A small seeded generator (SplitMix64), so random samples are the same on every run.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
