import NIOConcurrencyHelpers
import Vapor

/// Keeps the rendered HTML of public pages (areas, the home page, maps) as anonymous visitors see
/// them, for a few seconds. Building a page costs several times more than serving kept HTML
/// (bench/README.md), and these pages are the ones that get traffic spikes.
///
/// Only GETs from visitors who are not signed in and have no one-off message are served from
/// or stored in the cache. Any change a process makes to what these pages show calls
/// `invalidate()`; other processes see the change when their entries expire (`lifetime`).
///
/// An entry is keyed on the council, the route that matched (its path pattern with the values
/// of its parameters) and only the query parameters that route declares, in a fixed order, so
/// junk in the address (`/maps?x=1`, `/maps?x=2`, …) shares one entry and can't push real pages
/// out. The cache holds at most `maxBytes` of pages and, when full, drops the least recently used.
final class PublicPageCache: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        let contentType: String
        let expires: Date

        var bytes: Int { body.readableBytes + contentType.utf8.count }
    }

    /// 32 MB: thousands of typical pages, and small beside the app's own memory.
    static let defaultMaxBytes = 32 * 1024 * 1024

    private let store: NIOLockedValueBox<LRUStore>
    /// Keys being rendered now, with the requests waiting for that render (single flight).
    private let rendering = NIOLockedValueBox<[String: [CheckedContinuation<Entry??, Never>]]>([:])
    let lifetime: TimeInterval
    let maxBytes: Int
    let enabled: Bool
    let clock: any Clock

    init(enabled: Bool, lifetime: TimeInterval = 10, maxBytes: Int = PublicPageCache.defaultMaxBytes, clock: any Clock = SystemClock()) {
        self.enabled = enabled
        self.lifetime = lifetime
        self.maxBytes = maxBytes
        self.clock = clock
        self.store = NIOLockedValueBox(LRUStore())
    }

    func get(_ key: String) -> Entry? {
        guard enabled else { return nil }
        let now = clock.now()
        return store.withLockedValue { store in
            guard let entry = store.get(key) else { return nil }
            if entry.expires <= now { store.remove(key); return nil }
            return entry
        }
    }

    func put(_ key: String, body: ByteBuffer, contentType: String) {
        guard enabled else { return }
        let entry = Entry(body: body, contentType: contentType, expires: clock.now().addingTimeInterval(lifetime))
        let size = entry.bytes + key.utf8.count
        // A page bigger than the whole cache would only empty it.
        guard size <= maxBytes else { return }
        store.withLockedValue { store in
            store.put(key, entry, bytes: size)
            while store.bytes > maxBytes { store.removeLeastRecentlyUsed() }
        }
    }

    /// One render per key at a time: when an entry is missing or has expired, the first request
    /// renders it and the others that arrive meanwhile wait for that render instead of each doing
    /// the same work at once (which, at the moment a busy page expires, put every one of them in
    /// the slow tail: bench/README.md). `nil`: the caller leads and must call `finishRender`;
    /// otherwise the leader's entry (itself nil when the leader's answer couldn't be kept).
    func awaitRender(_ key: String) async -> Entry?? {
        await withCheckedContinuation { (waiter: CheckedContinuation<Entry??, Never>) in
            let leads = rendering.withLockedValue { table -> Bool in
                if table[key] != nil {
                    table[key]!.append(waiter)
                    return false
                }
                table[key] = []
                return true
            }
            if leads { waiter.resume(returning: .none) }
        }
    }

    func finishRender(_ key: String, entry: Entry?) {
        let waiters = rendering.withLockedValue { $0.removeValue(forKey: key) ?? [] }
        for waiter in waiters { waiter.resume(returning: .some(entry)) }
    }

    func invalidate() {
        store.withLockedValue { $0 = LRUStore() }
    }

    /// How many pages are held, and their size in bytes with their keys.
    var count: Int { store.withLockedValue { $0.count } }
    var bytes: Int { store.withLockedValue { $0.bytes } }

    /// The cache key for a request: council, the matched route's path with its parameter values,
    /// then each allowed query parameter the request has, in the order given.
    static func key(for request: Request, council: UUID, query allowed: [String]) -> String {
        let path = (request.route?.path ?? []).map { component -> String in
            switch component {
            case .parameter(let name): request.parameters.get(name) ?? ""
            default: component.description
            }
        }
        var key = council.uuidString + " /" + path.joined(separator: "/")
        // Values are percent-encoded, so no value can imitate another parameter; a repeated
        // parameter (`access=bsl&access=parking`) keeps every value, in the order sent.
        let sent = SubmittedForm(urlEncoded: request.url.query ?? "").all
        let parameters = allowed.flatMap { name in
            (sent[name] ?? []).map { name + "=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
        }
        if !parameters.isEmpty { key += "?" + parameters.joined(separator: "&") }
        return key
    }

    /// Serves cacheable public pages from the cache and stores fresh renders. `query` lists the
    /// query parameters the route's page depends on; any others are ignored for the key, so the
    /// list must name every parameter the handler reads.
    struct Middleware: AsyncMiddleware {
        let cache: PublicPageCache
        let query: [String]

        init(cache: PublicPageCache, query: [String]) {
            self.cache = cache
            self.query = query
        }

        func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
            guard cache.enabled, request.method == .GET, request.currentUser == nil,
                  request.cookie(.flash) == nil, let council = request.councilIfResolved?.id else {
                return try await next.respond(to: request)
            }
            let key = PublicPageCache.key(for: request, council: council, query: query)
            if let entry = cache.get(key) { return Self.served(entry) }
            if case .some(let shared) = await cache.awaitRender(key) {
                // Another request rendered it meanwhile; if its answer couldn't be kept, render ours.
                if let shared { return Self.served(shared) }
                return try await next.respond(to: request)
            }
            do {
                let response = try await next.respond(to: request)
                if response.status == .ok, let body = response.body.buffer,
                   let type = response.headers.first(name: .contentType) {
                    cache.put(key, body: body, contentType: type)
                }
                cache.finishRender(key, entry: response.status == .ok ? cache.get(key) : nil)
                return response
            } catch {
                cache.finishRender(key, entry: nil)
                throw error
            }
        }

        static func served(_ entry: Entry) -> Response {
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: entry.contentType)
            headers.replaceOrAdd(name: "X-Cohesion-Cache", value: "hit")
            return Response(status: .ok, headers: headers, body: .init(buffer: entry.body))
        }
    }
}

/// The cache's entries in order of use: a dictionary into a doubly linked list kept in an
/// array (free slots reused), so a hit, an insert and an eviction each cost O(1).
struct LRUStore: Sendable {
    private struct Node: Sendable {
        var key: String
        var entry: PublicPageCache.Entry?
        var bytes: Int
        var newer: Int?
        var older: Int?
    }

    private var index: [String: Int] = [:]
    private var nodes: [Node] = []
    private var free: [Int] = []
    private var newest: Int?
    private var oldest: Int?
    private(set) var bytes = 0

    var count: Int { index.count }

    /// The entry for `key`, which becomes the most recently used.
    mutating func get(_ key: String) -> PublicPageCache.Entry? {
        guard let slot = index[key] else { return nil }
        moveToNewest(slot)
        return nodes[slot].entry
    }

    mutating func put(_ key: String, _ entry: PublicPageCache.Entry, bytes size: Int) {
        if let slot = index[key] {
            bytes += size - nodes[slot].bytes
            nodes[slot].entry = entry
            nodes[slot].bytes = size
            moveToNewest(slot)
            return
        }
        let node = Node(key: key, entry: entry, bytes: size, newer: nil, older: newest)
        let slot: Int
        if let reused = free.popLast() { nodes[reused] = node; slot = reused } else { nodes.append(node); slot = nodes.count - 1 }
        if let newest { nodes[newest].newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
        index[key] = slot
        bytes += size
    }

    mutating func remove(_ key: String) {
        guard let slot = index[key] else { return }
        unlink(slot)
        index[key] = nil
        bytes -= nodes[slot].bytes
        nodes[slot] = Node(key: "", entry: nil, bytes: 0, newer: nil, older: nil)
        free.append(slot)
    }

    mutating func removeLeastRecentlyUsed() {
        guard let oldest else { return }
        remove(nodes[oldest].key)
    }

    private mutating func unlink(_ slot: Int) {
        let (newer, older) = (nodes[slot].newer, nodes[slot].older)
        if let newer { nodes[newer].older = older } else { newest = older }
        if let older { nodes[older].newer = newer } else { oldest = newer }
        nodes[slot].newer = nil
        nodes[slot].older = nil
    }

    private mutating func moveToNewest(_ slot: Int) {
        guard newest != slot else { return }
        unlink(slot)
        nodes[slot].older = newest
        if let newest { nodes[newest].newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
    }
}

extension Application {
    private struct PublicPageCacheKey: StorageKey { typealias Value = PublicPageCache }

    var publicPageCache: PublicPageCache {
        get { storage[PublicPageCacheKey.self] ?? PublicPageCache(enabled: false) }
        set { storage[PublicPageCacheKey.self] = newValue }
    }
}
