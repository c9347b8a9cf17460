import CohesionCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Each area's profile, and its page's model with the charts drawn, kept per process: census
/// figures change only when a file is imported or a locality's wards change, while an area's
/// page is read all day. Without this a ward page reads and decodes every ward's counts on every
/// request (bench/README.md: half the page's time).
///
/// A change made in this process (an upload on /admin/data, a locality saved) calls `invalidate`
/// through `Places.dataChanged`; a change made by another process (the `cohesion import`
/// command, another server) is picked up within `lifetime`, after which an area is read again.
/// With `COHESION_CENSUS_CACHE_SECONDS=0` every request reads the database.
final class AreaProfileCache: Sendable {
    struct Entry: Sendable {
        let profile: AreaProfile
        let page: AreaPage
        let loadedAt: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[UUID: [String: Entry]]>([:])
    let lifetime: Duration
    var enabled: Bool { lifetime > .zero }

    init(lifetime: Duration) { self.lifetime = lifetime }

    /// The area's profile and page model: from memory when fresh, otherwise read (and kept).
    func entry(code: String, tenant: TenantScope) async throws -> Entry {
        let key = GSSCode(code)?.value ?? code
        let now = ContinuousClock.now
        if enabled, let cached = entries.withLockedValue({ $0[tenant.councilID]?[key] }), now - cached.loadedAt < lifetime {
            return cached
        }
        let profile = try await AreaProfileQuery.load(code: key, tenant: tenant)
        let entry = Entry(profile: profile, page: AreaPage(profile), loadedAt: now)
        // Kept under the code as asked for and as stored (a GSS code in any case reads the same area).
        if enabled { entries.withLockedValue { $0[tenant.councilID, default: [:]][key] = entry } }
        return entry
    }

    func invalidate(_ councilID: UUID) {
        _ = entries.withLockedValue { $0.removeValue(forKey: councilID) }
    }
}

extension Application {
    private struct AreaProfileCacheKey: StorageKey { typealias Value = AreaProfileCache }

    var areaProfileCache: AreaProfileCache {
        get {
            if let cache = storage[AreaProfileCacheKey.self] { return cache }
            let cache = AreaProfileCache(lifetime: .seconds(cohesionConfig.censusCacheSeconds))
            storage[AreaProfileCacheKey.self] = cache
            return cache
        }
        set { storage[AreaProfileCacheKey.self] = newValue }
    }
}

extension Places {
    /// What the council's places look like has changed in this process (an import, a
    /// locality's wards): everything kept from before is dropped at once.
    static func dataChanged(_ app: Application, council: UUID) {
        app.publicPageCache.invalidate()
        app.geographyCache.invalidate(council)
        app.areaProfileCache.invalidate(council)
    }
}
