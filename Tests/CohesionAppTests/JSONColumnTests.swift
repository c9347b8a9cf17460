@testable import CohesionApp
import Foundation
import PropertyBased
import Testing

/// The fast reading of a flat object of strings gives what `JSONDecoder` gives, for every text:
/// what JSONColumn itself writes, escapes, odd spacing and text that isn't such an object.
@Suite struct JSONColumnTests {
    static let pieces = ["a", "b_c", "very_strongly", "é", "“quoted”", "back\\slash", "quote\"d", "line\nbreak", "tab\t", "", "🙂", "{", "}", ":", ","]

    @Test func writtenObjectsReadBackTheSame() async {
        await propertyCheck(input: Gen.int(in: 0...14).array(of: 0...8), Gen.int(in: 0...14).array(of: 0...8)) { keys, values in
            var object: [String: String] = [:]
            for (k, v) in zip(keys, values) { object[Self.pieces[k] + String(k)] = Self.pieces[v] }
            let text = JSONColumn.encode(object)
            #expect(JSONColumn.decodeStrings(text) == object, "\(text)")
        }
    }

    @Test func anyTextReadsAsJSONDecoderReadsIt() {
        let texts = [
            "{}", " { } ", "{\"a\":\"b\"}", "{ \"a\" : \"b\" , \"c\":\"d\" }\n", "{\"a\":\"b\",}", "{\"a\":1}", "{\"a\":null}",
            "[\"a\"]", "", "null", "{\"a\":\"b\"} x", "{\"a\":\"\\u00e9\"}", "{\"a\":\"b\\\"c\"}", "{\"a\":\"b", "{\"a\"\"b\"}",
            "{\"a\":\"b\",\"a\":\"c\"}", "{\"a\":{\"b\":\"c\"}}", "{'a':'b'}", "{\"a\":\"\u{1}\"}",
        ]
        for text in texts {
            let decoder = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
            #expect(JSONColumn.decodeStrings(text) == decoder, "\(text.debugDescription)")
        }
    }
}
