import Foundation
import Vapor

/// An address in the site to link or redirect to. It can only be made from a `SiteRoute` (and
/// its parameter values), so every link in a page comes from the definition its route was
/// registered with: renaming a route renames its links, and a link to nowhere doesn't compile.
struct SitePath: Sendable, Hashable, CustomStringConvertible, Encodable {
    struct QueryItem: Sendable, Hashable { let name: String; let value: String }

    let path: String
    private(set) var query: [QueryItem] = []
    /// A query kept as it arrived, for a local address read from a request (`local(_:)`).
    private var rawQuery: String?

    fileprivate init(path: String) { self.path = path }

    /// The same path with query parameters; empty values are left out, as forms leave them.
    func with(query items: [(String, String)]) -> SitePath {
        var copy = self
        copy.query += items.filter { !$0.1.isEmpty }.map { QueryItem(name: $0.0, value: $0.1) }
        return copy
    }

    func with(_ name: String, _ value: String) -> SitePath { with(query: [(name, value)]) }

    var description: String {
        let items = ([rawQuery].compactMap { $0 } + query.map { Self.encode($0.name) + "=" + Self.encode($0.value) })
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// A local address that came from a request, such as the page to return to after signing
    /// in, or nil when it could lead anywhere else. Browsers drop tabs and newlines from
    /// addresses and read `\\` as `/`, so `/%09/evil.example` and `/\\evil.example` both become
    /// `//evil.example`, another site: anything with control or space characters (as typed or
    /// percent-encoded), a backslash, a scheme or a host is refused.
    static func local(_ raw: String) -> SitePath? {
        guard raw.count <= 2_000, raw.hasPrefix("/"), let decoded = raw.removingPercentEncoding ?? Optional(raw) else { return nil }
        for text in [raw, decoded] {
            if text.hasPrefix("//") || text.contains("\\") { return nil }
            if text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) || CharacterSet.whitespacesAndNewlines.contains($0) }) { return nil }
        }
        guard let components = URLComponents(string: raw), components.scheme == nil, components.host == nil,
              components.percentEncodedPath.hasPrefix("/") else { return nil }
        var path = SitePath(path: components.percentEncodedPath)
        path.rawQuery = components.percentEncodedQuery
        return path
    }

    /// As its address (the benchmark renders the old Leaf templates from page models).
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~")
        return set
    }()
}

/// A value that fills a route parameter: parsed from the request's path when the route is
/// registered, written into the path when a link is made.
protocol PathParameter: Sendable {
    init?(pathComponent: String)
    var pathComponent: String { get }
    /// How a valid value looks, for the API's 400 answer ("a UUID, like 3f2b…").
    static var expectedForm: String { get }
}

extension UUID: PathParameter {
    init?(pathComponent: String) { self.init(uuidString: pathComponent) }
    var pathComponent: String { uuidString }
    static var expectedForm: String { "a UUID, like 3f2b8c1e-1d2a-4c1b-9e8f-0a1b2c3d4e5f" }
}

/// A route with no parameters: `SiteRoute("organisations", "new")`; `SiteRoute()` is the home page.
/// Register it with `routes.get`/`routes.post`, link to it with `.path`.
struct SiteRoute: Sendable, CustomStringConvertible {
    let segments: [String]

    init(_ segments: String...) {
        self.segments = segments
    }

    var path: SitePath { SitePath(path: "/" + segments.joined(separator: "/")) }
    var pathComponents: [PathComponent] { segments.map { .constant($0) } }
    /// The OpenAPI form, which is also how tests and the permission table name the route.
    var template: String { "/" + segments.joined(separator: "/") }
    var description: String { template }
}

/// A route with one parameter: `SiteRoute1<UUID>("organisations", parameter: "id", "edit")`.
/// Registering it hands the handler the parsed value; a link needs a value to be made at all,
/// so the pattern and the address are different types and can't be mixed up.
struct SiteRoute1<Value: PathParameter>: Sendable, CustomStringConvertible {
    let before: [String]
    let parameter: String
    let after: [String]

    init(_ before: String..., parameter: String, _ after: String...) {
        self.before = before
        self.parameter = parameter
        self.after = after
    }

    func path(_ value: Value) -> SitePath {
        let component = value.pathComponent
        // Most parameters (ids, codes) need no encoding; Foundation's encoder costs a tenth of a
        // page that links to twenty of them, so it is only asked when a byte needs it.
        let encoded = component.utf8.allSatisfy(Self.isUnreserved) ? component
            : component.addingPercentEncoding(withAllowedCharacters: Self.componentAllowed) ?? ""
        return SitePath(path: "/" + (before + [encoded] + after).joined(separator: "/"))
    }

    private static var componentAllowed: CharacterSet { CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")) }

    /// RFC 3986's unreserved characters: letters, digits, `-`, `.`, `_` and `~`.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }

    var pathComponents: [PathComponent] { before.map { .constant($0) } + [.parameter(parameter)] + after.map { .constant($0) } }
    var template: String { "/" + (before + ["{\(parameter)}"] + after).joined(separator: "/") }
    var description: String { template }

    /// The parameter of a request routed here, or the right refusal: 404 for a page (an
    /// address that can't exist), 400 with the field named for the API.
    func value(of request: Request) throws -> Value {
        let raw = request.parameters.get(parameter) ?? ""
        if let value = Value(pathComponent: raw) { return value }
        if request.isAPI {
            var errors = FormErrors()
            errors.add(parameter, "\(parameter) must be \(Value.expectedForm)")
            throw ValidationProblem(errors: errors)
        }
        throw Abort(.notFound)
    }
}

extension Request {
    /// A redirect to a page of this site (303 See Other after a form, so the browser GETs it).
    func redirect(to path: SitePath) -> Response {
        redirect(to: path.description, redirectType: .normal)
    }
}
