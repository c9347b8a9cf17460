import Foundation

/// Why an Open Referral file was refused. Imports are all or nothing (DESIGN.md), so the first
/// problem stops the file, and the message names the record and field the way the JSON nests
/// them, counting from 0: `services[3].name: missing`,
/// `services[0].schedules[1].opens_at: "25:00" is not a time`.
public struct OpenReferralImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        /// The bytes are not JSON; the parser's own words.
        case notJSON(String)
        /// JSON, but not a service, service_at_location, organization, a list of them or a page.
        case notOpenReferral(found: String)
        case noServices
        case tooManyServices(count: Int, limit: Int)
        case missing
        case wrongType(expected: String, found: String)
        case notATime(String)
        case notADate(String)
        case notADay(String)
        case notANumber(String)
        case notOneOf(String, allowed: [String])
    }

    /// Where, as a JSON path from the file's records (`services[3].location.latitude`); empty
    /// when the problem is the whole file.
    public let path: String
    public let problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }

    public var reason: String {
        switch problem {
        case .notJSON(let detail): "not JSON: \(detail)"
        case .notOpenReferral(let found):
            "not Open Referral: expected a service, a service_at_location, an organization with services, a list of them or a page with contents, found \(found)"
        case .noServices: "the file holds no services"
        case .tooManyServices(let count, let limit):
            "the file holds \(Self.grouped(count)) services; at most \(Self.grouped(limit)) can be imported at once"
        case .missing: "missing"
        case .wrongType(let expected, let found): "expected \(expected), found \(found)"
        case .notATime(let text): "\"\(text)\" is not a time"
        case .notADate(let text): "\"\(text)\" is not a date (YYYY-MM-DD)"
        case .notADay(let text): "\"\(text)\" is not a day (MO, TU, WE, TH, FR, SA or SU)"
        case .notANumber(let text): "\"\(text)\" is not a number"
        case .notOneOf(let text, let allowed): "\"\(text)\" is not one of \(allowed.joined(separator: ", "))"
        }
    }

    /// 5000 → "5,000".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var text = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { text.append(",") }
            text.append(d)
        }
        return (n < 0 ? "-" : "") + text
    }
}
