@testable import CohesionApp
import Foundation
import NIOCore
import Testing
import Vapor

@Suite struct PublicPageCacheTests {
    @Test func junkQueryStringsShareOneEntry() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let cache = test.app.publicPageCache
            cache.invalidate()
            let first = try await Browser(test).get("/maps?x=0")
            #expect(first.status == .ok)
            #expect(first.headers.first(name: "X-Cohesion-Cache") == nil)
            // 10,000 different addresses in 8 parallel streams; all but the first are hits.
            let streams = 8, perStream = 10_000 / 8
            let hits = try await withThrowingTaskGroup(of: Int.self) { group in
                for stream in 0..<streams {
                    group.addTask {
                        let browser = Browser(test)
                        var hits = 0
                        for i in 0..<perStream {
                            let page = try await browser.get("/maps?x=\(stream)-\(i)&utm_source=\(i)")
                            if page.headers.first(name: "X-Cohesion-Cache") == "hit" { hits += 1 }
                        }
                        return hits
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(hits == streams * perStream)
            #expect(cache.count == 1, "junk in the address can't fill or flush the cache")

            // Parameters the page declares make their own entry, whatever their order in the address.
            _ = try await Browser(test).get("/maps?sort=value&order=desc")
            let reordered = try await Browser(test).get("/maps?order=desc&junk=1&sort=value")
            #expect(reordered.headers.first(name: "X-Cohesion-Cache") == "hit")
            #expect(cache.count == 2)
            // The route's parameters are part of the key.
            _ = try await Browser(test).get("/areas/E05001314")
            let other = try await Browser(test).get("/areas/E05001315?x=1")
            #expect(other.headers.first(name: "X-Cohesion-Cache") == nil)
            #expect(other.body.contains("E05001315"))
            #expect(cache.count == 4)
        }
    }

    /// When a busy page is missing, one request renders it and the rest wait for that render.
    @Test func aPageIsRenderedOnceForRequestsArrivingTogether() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            test.app.publicPageCache.invalidate()
            let pages = try await withThrowingTaskGroup(of: Page.self) { group in
                for _ in 0..<16 { group.addTask { try await Browser(test).get("/directory?q=library") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(pages.allSatisfy { $0.status == .ok && $0.body.contains("Walsall Central Library") })
            let rendered = pages.filter { $0.headers.first(name: "X-Cohesion-Cache") == nil }
            #expect(rendered.count == 1, "\(rendered.count) of 16 requests rendered the page")
        }
    }

    /// A repeated parameter is part of the key with every value: `access=bsl&access=parking` is
    /// not the page for `access=bsl`.
    @Test func repeatedParametersKeepEveryValueInTheKey() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            test.app.publicPageCache.invalidate()
            let one = try await Browser(test).get("/directory?access=bsl")
            let two = try await Browser(test).get("/directory?access=bsl&access=parking")
            #expect(two.headers.first(name: "X-Cohesion-Cache") == nil)
            #expect(one.body != two.body)
            #expect(try await Browser(test).get("/directory?access=bsl&access=parking").headers.first(name: "X-Cohesion-Cache") == "hit")
        }
    }

    @Test func invalidateClearsEveryEntry() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            _ = try await browser.get("/areas")
            #expect(try await browser.get("/areas").headers.first(name: "X-Cohesion-Cache") == "hit")
            #expect(test.app.publicPageCache.count >= 1)
            test.app.publicPageCache.invalidate()
            #expect(test.app.publicPageCache.count == 0)
            #expect(test.app.publicPageCache.bytes == 0)
            #expect(try await browser.get("/areas").headers.first(name: "X-Cohesion-Cache") == nil)
        }
    }

    @Test func entriesExpireAfterTheirLifetime() async throws {
        try await withTestApp(adjust: { $0.publicPageCacheSeconds = 10 }) { test in
            _ = try await Fixtures.make(test)
            let browser = Browser(test)
            _ = try await browser.get("/areas")
            test.clock.advance(by: 9)
            #expect(try await browser.get("/areas").headers.first(name: "X-Cohesion-Cache") == "hit")
            test.clock.advance(by: 1)
            #expect(try await browser.get("/areas").headers.first(name: "X-Cohesion-Cache") == nil, "10 seconds after it was stored")
        }
    }

    @Test func aFullCacheDropsTheLeastRecentlyUsedPage() {
        let clock = TestClock()
        // Each page below takes 100 bytes with its key and content type; room for three.
        let cache = PublicPageCache(enabled: true, lifetime: 60, maxBytes: 300, clock: clock)
        func page(_ key: String) -> ByteBuffer {
            ByteBuffer(string: String(repeating: "x", count: 100 - key.utf8.count - "text/html".utf8.count))
        }
        for key in ["a", "b", "c"] { cache.put(key, body: page(key), contentType: "text/html") }
        #expect(cache.count == 3)
        #expect(cache.bytes == 300)
        #expect(cache.get("a") != nil)  // now b is the least recently used
        cache.put("d", body: page("d"), contentType: "text/html")
        #expect(cache.get("b") == nil)
        #expect(cache.get("a") != nil && cache.get("c") != nil && cache.get("d") != nil)
        #expect(cache.bytes <= 300)
        // A bigger page makes room by dropping as many of the oldest as it needs.
        cache.put("e", body: ByteBuffer(string: String(repeating: "y", count: 180)), contentType: "text/html")
        #expect(cache.get("a") == nil && cache.get("c") == nil)
        #expect(cache.get("d") != nil && cache.get("e") != nil)
        #expect(cache.bytes <= 300)
        // A page bigger than the whole cache is not kept, and leaves the others alone.
        cache.put("huge", body: ByteBuffer(string: String(repeating: "z", count: 400)), contentType: "text/html")
        #expect(cache.get("huge") == nil)
        #expect(cache.count == 2)
        // Replacing a page counts its new size, not both.
        cache.put("d", body: page("d"), contentType: "text/html")
        #expect(cache.count == 2)
        #expect(cache.bytes == 100 + 180 + 1 + "text/html".utf8.count)
    }
}
