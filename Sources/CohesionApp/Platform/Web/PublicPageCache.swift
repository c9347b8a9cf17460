import NIOConcurrencyHelpers
import Vapor

/// Keeps the rendered HTML of public pages (areas, the home page) as anonymous visitors see
/// them, for a few seconds. Rendering a listing with Leaf costs several times more than
/// serving it (bench/README.md), and these pages are the ones that get traffic spikes.
///
/// Only GETs from visitors who are not signed in and have no one-off message are served from
/// or stored in the cache. Any change a process makes to what these pages show calls
/// `invalidate()`; other processes see the change when their entries expire (`lifetime`).
final class PublicPageCache: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        let contentType: String
        let expires: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    let lifetime: Duration
    let maxEntries: Int
    let enabled: Bool

    init(enabled: Bool, lifetime: Duration = .seconds(10), maxEntries: Int = 2_000) {
        self.enabled = enabled
        self.lifetime = lifetime
        self.maxEntries = maxEntries
    }

    func get(_ key: String) -> Entry? {
        guard enabled else { return nil }
        let now = ContinuousClock.now
        return entries.withLockedValue { entries in
            guard let entry = entries[key] else { return nil }
            if entry.expires < now { entries[key] = nil; return nil }
            return entry
        }
    }

    func put(_ key: String, body: ByteBuffer, contentType: String) {
        guard enabled else { return }
        let entry = Entry(body: body, contentType: contentType, expires: ContinuousClock.now + lifetime)
        entries.withLockedValue { entries in
            if entries.count >= maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
    }

    func invalidate() {
        entries.withLockedValue { $0.removeAll() }
    }

    /// Serves cacheable public pages from the cache and stores fresh renders.
    struct Middleware: AsyncMiddleware {
        let cache: PublicPageCache

        func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
            guard cache.enabled, request.method == .GET, request.currentUser == nil,
                  request.cookies[Flash.cookieName] == nil, let council = request.councilIfResolved?.id else {
                return try await next.respond(to: request)
            }
            let key = council.uuidString + " " + request.url.string
            if let entry = cache.get(key) {
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .contentType, value: entry.contentType)
                headers.replaceOrAdd(name: "X-Cohesion-Cache", value: "hit")
                return Response(status: .ok, headers: headers, body: .init(buffer: entry.body))
            }
            let response = try await next.respond(to: request)
            if response.status == .ok, let body = response.body.buffer,
               let type = response.headers.first(name: .contentType) {
                cache.put(key, body: body, contentType: type)
            }
            return response
        }
    }
}

extension Application {
    private struct PublicPageCacheKey: StorageKey { typealias Value = PublicPageCache }

    var publicPageCache: PublicPageCache {
        get { storage[PublicPageCacheKey.self] ?? PublicPageCache(enabled: false) }
        set { storage[PublicPageCacheKey.self] = newValue }
    }
}
