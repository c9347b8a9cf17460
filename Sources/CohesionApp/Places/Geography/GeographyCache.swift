import CohesionCore
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Each council's imported boundaries as point-in-polygon indexes, built once per import rather
/// than per request: locating a point is then microseconds. An import in this process calls
/// `invalidate`; imports by another process (the `cohesion import` command) are noticed within
/// `recheck` by a cheap count-and-latest query.
final class GeographyCache: Sendable {
    struct Levels: Sendable {
        let stamp: Stamp
        let indexes: [AreaKind: BoundaryIndex]
        /// The same boundaries projected for drawing, with their label points: finding a label
        /// point (the pole of inaccessibility) took a tenth of a directory search's time when
        /// done for each map drawn.
        let projected: [AreaKind: [MapArea]]
        var checkedAt: ContinuousClock.Instant
    }

    struct Stamp: Equatable, Sendable { let count: Int; let latest: Date? }

    private let entries = NIOLockedValueBox<[UUID: Levels]>([:])
    let recheck: Duration

    init(recheck: Duration = .seconds(5)) { self.recheck = recheck }

    /// The council's boundary indexes by level (ward, lsoa, district); empty when none are imported.
    func indexes(_ tenant: TenantScope) async throws -> [AreaKind: BoundaryIndex] {
        try await levels(tenant).indexes
    }

    /// The council's boundaries by level, projected to British National Grid for maps.
    func projected(_ tenant: TenantScope) async throws -> [AreaKind: [MapArea]] {
        try await levels(tenant).projected
    }

    private func levels(_ tenant: TenantScope) async throws -> Levels {
        let now = ContinuousClock.now
        if let cached = entries.withLockedValue({ $0[tenant.councilID] }), now - cached.checkedAt < recheck {
            return cached
        }
        let stamp = try await Self.stamp(tenant)
        if let cached = entries.withLockedValue({ $0[tenant.councilID] }), cached.stamp == stamp {
            entries.withLockedValue { $0[tenant.councilID]?.checkedAt = now }
            return cached
        }
        let indexes = try await Self.load(tenant)
        let projected = indexes.mapValues { $0.boundaries.map { MapArea(boundary: $0, projection: .britishNationalGrid) } }
        let loaded = Levels(stamp: stamp, indexes: indexes, projected: projected, checkedAt: now)
        entries.withLockedValue { $0[tenant.councilID] = loaded }
        return loaded
    }

    func invalidate(_ councilID: UUID) {
        _ = entries.withLockedValue { $0.removeValue(forKey: councilID) }
    }

    static func stamp(_ tenant: TenantScope) async throws -> Stamp {
        let query = tenant.query(AreaBoundary.self)
        let count = try await query.count()
        let latest = try await query.copy().sort(\.$importedAt, .descending).field(\.$id).field(\.$importedAt).first()?.importedAt
        return Stamp(count: count, latest: latest)
    }

    /// Every boundary of the council, decoded: a few hundred rows, read once per import.
    static func load(_ tenant: TenantScope) async throws -> [AreaKind: BoundaryIndex] {
        let rows = try await tenant.query(AreaBoundary.self).sort(\.$areaCode).all()
        let names = Dictionary(try await AreasQueries.summaries(tenant, kinds: BoundaryImport.levels).map { ($0.code, $0.name) },
                               uniquingKeysWith: { a, _ in a })
        var byLevel: [AreaKind: [Boundary]] = [:]
        for row in rows {
            guard let level = AreaKind(rawValue: row.level) else { continue }
            byLevel[level, default: []].append(Boundary(code: row.areaCode, name: names[row.areaCode] ?? row.areaCode,
                                                        polygons: AreaBoundary.decode(row.geometry)))
        }
        return byLevel.mapValues { BoundaryIndex($0) }
    }
}

extension Application {
    private struct GeographyCacheKey: StorageKey { typealias Value = GeographyCache }

    var geographyCache: GeographyCache {
        get {
            if let cache = storage[GeographyCacheKey.self] { return cache }
            let cache = GeographyCache()
            storage[GeographyCacheKey.self] = cache
            return cache
        }
        set { storage[GeographyCacheKey.self] = newValue }
    }
}
