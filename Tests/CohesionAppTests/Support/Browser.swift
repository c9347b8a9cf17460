import AsyncHTTPClient
@testable import CohesionApp
import Foundation
import NIOCore
import NIOHTTP1
import Vapor

/// A response as a test sees it.
struct Page: Sendable {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: String

    var location: String? { headers.first(name: "Location") }
    var isRedirectToSignIn: Bool { status == .seeOther && (location ?? "").hasPrefix("/sign-in") }

    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.utf8))
    }

    /// The CSRF token in the page's first form, as a browser would submit it.
    var csrfField: String? {
        body.firstMatch(of: /name="csrf_token" value="([^"]+)"/).map { String($0.output.1) }
    }

    /// The `Set-Cookie` header for a cookie name, if the response set it.
    func setCookie(_ name: String) -> String? {
        headers[canonicalForm: "Set-Cookie"].map(String.init).first { $0.hasPrefix(name + "=") }
    }
}

/// A tiny browser over real HTTP: keeps cookies, sends a Host header (to pick the council),
/// submits forms with the CSRF token a real page would carry, and does not follow redirects.
final class Browser: @unchecked Sendable {
    /// The limits stop a hung test, not a slow one: the whole suite runs in parallel on a
    /// 2-core CI machine, where a PostgreSQL run has seen an upload take over 30 s and requests
    /// queued for one of the client's 8 connections per server wait longer than 5 s.
    static let timeout: TimeAmount = .seconds(90)
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: timeout, read: timeout)))

    let test: TestApp
    let host: String
    private(set) var cookies: [String: String] = [:]
    func setCookieValue(_ name: String, _ value: String) { cookies[name] = value }
    var bearer: String?
    /// Sent as `User-Agent` with every request, when set.
    var userAgent: String?
    /// Leave the CSRF field out of multipart forms, as a forged cross-site form would.
    var omitCSRFField = false

    init(_ test: TestApp, host: String = "walsall.test") {
        self.test = test
        self.host = host
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Page {
        try await send(.GET, path, headers: headers)
    }

    /// The name this app gives one of its cookies (`__Host-` prefixed over HTTPS).
    func cookieName(_ cookie: AppCookie) -> String { cookie.name(secure: test.app.cohesionConfig.secureCookies) }

    /// Submits a form. The CSRF token is added unless `csrf` is false.
    func post(_ path: String, form: [String: String] = [:], csrf: Bool = true) async throws -> Page {
        if csrf, csrfToken == nil { _ = try await get("/sign-in") }
        var fields = form
        if csrf { fields[CSRF.fieldName] = csrfToken ?? "" }
        let body = fields.sorted { $0.key < $1.key }.map { key, value in
            "\(Self.encode(key))=\(Self.encode(value))"
        }.joined(separator: "&")
        return try await send(.POST, path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
    }

    /// Submits a multipart form with files, as a browser's file upload does; adds the CSRF token.
    func postMultipart(_ path: String, fields: [String: String], files: [(field: String, filename: String, content: String)]) async throws -> Page {
        if csrfToken == nil { _ = try await get("/sign-in") }
        let boundary = "cohesion-test-\(UUID().uuidString)"
        var body = ""
        let token = omitCSRFField ? [:] : [CSRF.fieldName: csrfToken ?? ""]
        for (name, value) in fields.merging(token, uniquingKeysWith: { a, _ in a }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for file in files {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\(file.content)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return try await send(.POST, path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A multipart form with binary files (photos), fields possibly repeated; adds the CSRF token.
    func postMultipart(_ path: String, pairs: [(String, String)], files: [(field: String, filename: String, data: Data)]) async throws -> Page {
        if csrfToken == nil { _ = try await get("/sign-in") }
        let boundary = "cohesion-test-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in [(CSRF.fieldName, csrfToken ?? "")] + pairs {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return try await send(.POST, path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], bodyData: body)
    }

    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: String? = nil, bodyData: Data? = nil) async throws -> Page {
        var request = HTTPClientRequest(url: test.baseURL + path)
        request.method = method
        request.headers.add(name: "Host", value: host)
        if !cookies.isEmpty {
            request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let userAgent { request.headers.replaceOrAdd(name: "User-Agent", value: userAgent) }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        if let bodyData { request.body = .bytes(ByteBuffer(data: bodyData)) }
        let response = try await Self.client.execute(request, timeout: Self.timeout)
        let bytes = try await response.body.collect(upTo: 20 * 1024 * 1024)
        for header in response.headers[canonicalForm: "Set-Cookie"] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[1])
            if value.isEmpty || header.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: bytes))
    }

    /// Signs in through the real form and checks it worked.
    @discardableResult
    func signIn(_ email: String, password: String = Fixtures.password) async throws -> Page {
        _ = try await get("/sign-in")
        let page = try await post("/sign-in", form: ["email": email, "password": password])
        guard page.status == .seeOther, cookies[cookieName(.session)] != nil else {
            throw Abort(.internalServerError, reason: "sign-in as \(email) failed: \(page.status)")
        }
        return page
    }

    /// The CSRF token this browser's forms carry: bound to the session once signed in (the
    /// value pages then show), the double-submit cookie before. Tests that must tell the two
    /// apart read the hidden field from a page instead.
    var csrfToken: String? {
        if let session = cookies[cookieName(.session)] { return CSRF.sessionBound(session) }
        return cookies[cookieName(.csrf)]
    }
}
