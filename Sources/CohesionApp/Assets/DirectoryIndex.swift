import CohesionCore
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What a search needs to know about one asset, read once and kept: its filters' columns,
/// its words, its point and its decoded opening times. Not what a page shows; the page's
/// assets are loaded by id. A class, immutable, so that a search's lists of thousands of
/// matches share the entries instead of copying a dozen fields each (a profile showed the
/// copies costing more than the filtering).
final class DirectoryEntry: Sendable {
    let id: UUID
    let name: String
    let category: AssetCategory?
    let status: AssetStatus?
    let localityID: UUID?
    let wardCode: String?
    /// Where `wardCode` is in its snapshot's `wardCodes` (-1 for none): results are counted by
    /// ward for the map with an array, not a dictionary of strings.
    let wardSlot: Int
    let taxonomyTermID: UUID?
    let access: Set<AccessibilityFeature>
    /// As recorded, for the filter's list of languages, and folded (`SearchText.fold`), for
    /// matching one whatever its case and accents.
    let languages: [String]
    let foldedLanguageList: [String]
    let cost: AssetCost?
    let spaceForAll: Bool
    let capacity: Int?
    let minimumAge: Int?
    let maximumAge: Int?
    /// Has a point, an address or a postcode: Open Referral's service_at_locations.
    let isPlaced: Bool
    let position: GeoPosition?
    /// Nil when none were recorded or they couldn't be read.
    let openingTimes: OpeningTimes?
    /// `search_text` as bytes: its folded words, each with a space before it.
    let searchBytes: [UInt8]

    /// What the directory, Open Referral and anonymous callers may see: published, never a person.
    var isPublic: Bool { status == .published && (category?.mayBePublic ?? false) }

    init(id: UUID, name: String, category: AssetCategory?, status: AssetStatus?, localityID: UUID?, wardCode: String?, wardSlot: Int = -1, taxonomyTermID: UUID?,
         access: Set<AccessibilityFeature>, languages: [String], foldedLanguageList: [String], cost: AssetCost?, spaceForAll: Bool,
         capacity: Int?, minimumAge: Int?, maximumAge: Int?, isPlaced: Bool, position: GeoPosition?, openingTimes: OpeningTimes?, searchText: String) {
        self.id = id; self.name = name; self.category = category; self.status = status; self.localityID = localityID
        self.wardCode = wardCode; self.wardSlot = wardSlot; self.taxonomyTermID = taxonomyTermID; self.access = access; self.languages = languages
        self.foldedLanguageList = foldedLanguageList; self.cost = cost; self.spaceForAll = spaceForAll; self.capacity = capacity
        self.minimumAge = minimumAge; self.maximumAge = maximumAge; self.isPlaced = isPlaced; self.position = position
        self.openingTimes = openingTimes
        // The stored text starts with a space; an older row without one still matches its first word.
        self.searchBytes = Array((searchText.hasPrefix(" ") ? searchText : " " + searchText).utf8)
    }

    /// Whether each of these folded words begins one of the asset's words: `" " + word` is in
    /// the folded text, byte for byte, as SQL's `LIKE '% word%'` would find it. Compared as
    /// bytes rather than as Swift strings: a search runs this on every asset, and a profile put
    /// half of a word search's time in `String` prefix comparisons. (Glibc's `memmem` would do,
    /// but Swift's Glibc module doesn't export it.)
    func hasWords(startingWith prefixes: [[UInt8]]) -> Bool {
        searchBytes.withUnsafeBufferPointer { text in
            prefixes.allSatisfy { prefix in prefix.withUnsafeBufferPointer { Self.contains(text, $0) } }
        }
    }

    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty, needle.count <= text.count else { return needle.isEmpty }
        let first = needle[0], last = text.count - needle.count
        var start = 0
        while start <= last {
            if text[start] == first {
                var matched = 1
                while matched < needle.count && text[start + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    /// A query's folded words as `hasWords` takes them.
    static func needles(_ words: [String]) -> [[UInt8]] { words.map { Array((" " + $0).utf8) } }
}

/// Every asset of a council as `DirectoryEntry` values, in name order, kept per process: the
/// directory, Open Referral, the API and the register search these in memory.
///
/// Why: a search has many optional filters, two of which ("open now", a day's times) read JSON,
/// one of which measures distance, and a word search that SQL can only do by scanning
/// (`LIKE '% word%'`). Run as SQL on each request they cost 10–100 ms on a 10,000-asset
/// register (bench/README.md); kept in memory the whole search is a pass over a few thousand
/// structs. One implementation of the filters also means one meaning on both databases (SQLite's
/// LIKE and PostgreSQL's differ on case, and their `ORDER BY name` on collation).
///
/// Kept fresh by (1) `DirectoryIndex.Invalidation`, a database middleware that drops a council's
/// entries whenever this process writes an asset, a taxonomy term or an area, and (2) for
/// writes by other processes, a check every `recheck` (the number of assets and their latest
/// `updated_at`) before a kept index is used. A write inside a transaction invalidates before
/// it commits, so a search in that instant may rebuild from the old rows; the check repairs it.
final class DirectoryIndex: Sendable {
    struct Snapshot: Sendable {
        let entries: [DirectoryEntry]
        /// The ward codes the entries have, each once: what their `wardSlot`s point to.
        let wardCodes: [String]
        /// Every language the assets list, one spelling each, in alphabetical order: of all of
        /// them (the register's filter) and of the public ones (the directory's).
        let languages: [String]
        let publicLanguages: [String]
        let version: Version
        let generation: Generation
        var checkedAt: Date
        /// The assets pages have shown since the entries were read (see `assets`).
        let shelf = Shelf<UUID, Asset>()
        /// See `derived(_:tenant:build:)`.
        let derived = Derived()
    }

    /// Assets loaded for pages, by id, as fresh as the entries they were kept with and dropped
    /// with them. Building a Fluent model costs more than finding it (a profile of the directory
    /// put a fifth of its time in decoding a page's 20), and the same few pages are asked for
    /// most. Kept values are shared between requests, so they are only read. Bounded: emptied
    /// when it holds `limit`. Also holds what is worked out from the entries: Open Referral's
    /// services, searches' matches, the directory's maps.
    final class Shelf<Key: Hashable & Sendable, Value: Sendable>: Sendable {
        let limit: Int
        private let values = NIOLockedValueBox<[Key: Value]>([:])

        init(limit: Int = 5_000) { self.limit = limit }

        func get(_ keys: [Key]) -> [Key: Value] {
            values.withLockedValue { kept in
                var found: [Key: Value] = [:]
                for key in keys { if let value = kept[key] { found[key] = value } }
                return found
            }
        }

        func get(_ key: Key) -> Value? { values.withLockedValue { $0[key] } }

        func put(_ loaded: [(id: Key, value: Value)]) {
            values.withLockedValue { kept in
                if kept.count + loaded.count > limit { kept.removeAll(keepingCapacity: true) }
                for (key, value) in loaded { kept[key] = value }
            }
        }

        func put(_ key: Key, _ value: Value) { put([(key, value)]) }
    }

    /// Values worked out from the rows beside the assets (the names of their areas, types and
    /// organisations; Open Referral's built services), kept with the entries, by name, and
    /// dropped with them: at once for writes in this process (`Invalidation`), at the next
    /// `recheck` for another process's, which `Version` counts as it counts the assets.
    final class Derived: Sendable {
        private let values = NIOLockedValueBox<[String: any Sendable]>([:])

        func value<Value: Sendable>(_ name: String, as type: Value.Type) -> Value? {
            values.withLockedValue { $0[name] as? Value }
        }

        func set(_ name: String, _ value: some Sendable) {
            values.withLockedValue { $0[name] = value }
        }

        /// The shelf with this name, made empty on first use. Taken from the snapshot whose
        /// entries its values refer to (a search's positions are places in those entries).
        func shelf<Key: Hashable & Sendable, Value: Sendable>(_ name: String, limit: Int) -> Shelf<Key, Value> {
            values.withLockedValue { kept in
                if let shelf = kept[name] as? Shelf<Key, Value> { return shelf }
                let shelf = Shelf<Key, Value>(limit: limit)
                kept[name] = shelf
                return shelf
            }
        }
    }

    /// How many rows, and the latest change, of the assets and of the tables whose names are
    /// kept beside them (organisations, areas, taxonomy terms): what another process's write
    /// changes. A deletion leaves no later time; the count finds it.
    struct Version: Equatable, Sendable {
        struct Table: Equatable, Sendable {
            let count: Int
            let latest: Double?
        }
        let tables: [Table]
    }

    /// Which writes a read has seen: those to every council, and those to its own. Counted per
    /// council so that one council's changes don't make every other council read again.
    struct Generation: Equatable, Sendable {
        let all: Int
        let council: Int
    }

    private struct State {
        var all = 0
        var byCouncil: [UUID: Int] = [:]
        var snapshots: [UUID: Snapshot] = [:]
        var building: [UUID: (generation: Generation, task: Task<Snapshot, any Error>)] = [:]
        var builds = 0

        func generation(_ council: UUID) -> Generation { Generation(all: all, council: byCouncil[council] ?? 0) }
    }

    private let state = NIOLockedValueBox(State())
    private let recheckBox: NIOLockedValueBox<TimeInterval>
    /// How long kept entries are used before the version check (tests change it).
    var recheck: TimeInterval {
        get { recheckBox.withLockedValue { $0 } }
        set { recheckBox.withLockedValue { $0 = newValue } }
    }

    /// How many times a council's assets have been read: for the tests of single flight.
    var builds: Int { state.withLockedValue { $0.builds } }

    init(recheck: TimeInterval = 5) {
        self.recheckBox = NIOLockedValueBox(recheck)
    }

    /// The council's entries, rebuilt first if something changed.
    func entries(for tenant: TenantScope, now: Date = Date()) async throws -> [DirectoryEntry] {
        try await snapshot(for: tenant, now: now).entries
    }

    func snapshot(for tenant: TenantScope, now: Date = Date()) async throws -> Snapshot {
        let council = tenant.councilID
        let (kept, generation) = state.withLockedValue { ($0.snapshots[council], $0.generation(council)) }
        if let kept, kept.generation == generation {
            if now.timeIntervalSince(kept.checkedAt) < recheck { return kept }
            if try await Self.version(tenant) == kept.version {
                state.withLockedValue { state in
                    if state.snapshots[council]?.generation == generation { state.snapshots[council]?.checkedAt = now }
                }
                return kept
            }
        }
        return try await rebuild(tenant, now: now)
    }

    /// The assets with these ids, in the same order (missing ones left out): from the kept
    /// shelf where a page loaded them before, the rest from the database.
    func assets(_ ids: [UUID], tenant: TenantScope) async throws -> [Asset] {
        guard !ids.isEmpty else { return [] }
        let shelf = state.withLockedValue { state in
            state.snapshots[tenant.councilID].flatMap { $0.generation == state.generation(tenant.councilID) ? $0.shelf : nil }
        }
        var byID = shelf?.get(ids) ?? [:]
        let missing = ids.filter { byID[$0] == nil }
        if !missing.isEmpty {
            let loaded = try await tenant.query(Asset.self).filter(\.$id ~~ missing).all()
            shelf?.put(loaded.map { ($0.id!, $0) })
            for model in loaded { byID[model.id!] = model }
        }
        return ids.compactMap { byID[$0] }
    }

    /// A value worked out once per kept snapshot of the council's entries (see `Derived`), named
    /// by the caller: built on first use and again after any write that drops the entries.
    func derived<Value: Sendable>(_ name: String, tenant: TenantScope, now: Date = Date(),
                                  build: () async throws -> Value) async throws -> Value {
        let derived = try await snapshot(for: tenant, now: now).derived
        if let kept = derived.value(name, as: Value.self) { return kept }
        // Built outside any lock: two requests may both build it, and both answers are right.
        let value = try await build()
        derived.set(name, value)
        return value
    }

    /// One build per council at a time: requests that arrive meanwhile wait for it.
    private func rebuild(_ tenant: TenantScope, now: Date) async throws -> Snapshot {
        let council = tenant.councilID
        let task = state.withLockedValue { state -> Task<Snapshot, any Error> in
            let generation = state.generation(council)
            if let building = state.building[council], building.generation == generation { return building.task }
            state.builds += 1
            let task = Task { try await Self.build(tenant, generation: generation, now: now) }
            state.building[council] = (generation, task)
            return task
        }
        do {
            let snapshot = try await task.value
            state.withLockedValue { state in
                if state.building[council]?.generation == snapshot.generation { state.building[council] = nil }
                // Kept only if nothing was written while it was read.
                if snapshot.generation == state.generation(council) { state.snapshots[council] = snapshot }
            }
            return snapshot
        } catch {
            state.withLockedValue { state in
                if state.building[council]?.task == task { state.building[council] = nil }
            }
            throw error
        }
    }

    /// Drops what is kept: for one council, or all when the change can't say whose it is.
    func invalidate(council: UUID?) {
        state.withLockedValue { state in
            if let council {
                state.byCouncil[council, default: 0] += 1
                state.snapshots[council] = nil
            } else {
                state.all += 1
                state.snapshots.removeAll()
            }
        }
    }

    // MARK: Reading

    static let versionedTables = [Asset.schema, Organisation.schema, Area.schema, AssetTaxonomyTerm.schema]

    /// One statement: a `UNION ALL` of each table's count and latest change, in that order.
    static func version(_ tenant: TenantScope) async throws -> Version {
        guard let sql = tenant.database as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database needed") }
        let query = versionedTables.enumerated().map { n, table -> SQLQueryString in
            "SELECT \(literal: n) AS t, COUNT(*) AS n, MAX(updated_at) AS latest FROM \(ident: table) WHERE council_id = \(bind: tenant.councilID)"
        }.joined(separator: " UNION ALL ")
        struct Row: Decodable { let t: Int; let n: Int; let latest: Date? }
        let rows = try await sql.raw(query).all(decoding: Row.self).sorted { $0.t < $1.t }
        return Version(tables: rows.map { Version.Table(count: $0.n, latest: $0.latest?.timeIntervalSince1970) })
    }

    /// The columns a search reads: not the description, contacts or notes.
    private struct Row: Decodable {
        let id: UUID
        let name: String
        let category: String
        let status: String
        let locality_id: UUID?
        let ward_code: String?
        let taxonomy_term_id: UUID?
        let accessibility: String
        let languages: String
        let cost: String?
        let space_for_all: Bool
        let capacity: Int?
        let minimum_age: Int?
        let maximum_age: Int?
        let address: String?
        let postcode: String?
        let latitude: Double?
        let longitude: Double?
        let opening_times: String
        let search_text: String
    }

    private static func build(_ tenant: TenantScope, generation: Generation, now: Date) async throws -> Snapshot {
        // The version first: a write after it is seen by the next check, never lost.
        let version = try await version(tenant)
        let rows = try await tenant.select(from: Asset.schema)
            .columns("id", "name", "category", "status", "locality_id", "ward_code", "taxonomy_term_id", "accessibility",
                     "languages", "cost", "space_for_all", "capacity", "minimum_age", "maximum_age", "address", "postcode",
                     "latitude", "longitude", "opening_times", "search_text")
            .all(decoding: Row.self)
        let wardCodes = Array(Set(rows.compactMap(\.ward_code))).sorted()
        let slots = Dictionary(uniqueKeysWithValues: wardCodes.enumerated().map { ($1, $0) })
        let entries = rows.map { entry($0, wardSlot: $0.ward_code.flatMap { slots[$0] } ?? -1) }.sorted(by: Self.nameOrder)
        return Snapshot(entries: entries, wardCodes: wardCodes, languages: languages(entries), publicLanguages: languages(entries.filter(\.isPublic)),
                        version: version, generation: generation, checkedAt: now)
    }

    /// One spelling of each language (the first met), in alphabetical order.
    private static func languages(_ entries: [DirectoryEntry]) -> [String] {
        var byFolded: [String: String] = [:]
        for entry in entries {
            for (language, folded) in zip(entry.languages, entry.foldedLanguageList) where byFolded[folded] == nil {
                byFolded[folded] = language
            }
        }
        return byFolded.values.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
    }

    private static func entry(_ row: Row, wardSlot: Int) -> DirectoryEntry {
        DirectoryEntry(
            id: row.id, name: row.name,
            category: AssetCategory(rawValue: row.category), status: AssetStatus(rawValue: row.status),
            localityID: row.locality_id, wardCode: row.ward_code, wardSlot: wardSlot, taxonomyTermID: row.taxonomy_term_id,
            access: Set(AssetList.decode(row.accessibility).compactMap(AccessibilityFeature.init(rawValue:))),
            languages: AssetList.decode(row.languages), foldedLanguageList: AssetList.decode(row.languages).map(SearchText.fold),
            cost: row.cost.flatMap(AssetCost.init(rawValue:)), spaceForAll: row.space_for_all, capacity: row.capacity,
            minimumAge: row.minimum_age, maximumAge: row.maximum_age,
            isPlaced: row.latitude != nil || row.address != nil || row.postcode != nil,
            position: row.latitude.flatMap { lat in row.longitude.map { GeoPosition(latitude: lat, longitude: $0) } },
            openingTimes: OpeningTimesCache.shared.decode(row.opening_times),
            searchText: row.search_text)
    }

    /// By name whatever its case, then by id: the same order on both databases, whose own
    /// `ORDER BY name` differ (SQLite compares bytes, PostgreSQL follows the locale).
    static func nameOrder(_ a: DirectoryEntry, _ b: DirectoryEntry) -> Bool {
        let x = a.name.lowercased(), y = b.name.lowercased()
        if x != y { return x < y }
        if a.name != b.name { return a.name < b.name }
        return a.id.uuidString < b.id.uuidString
    }

    // MARK: Keeping it fresh

    /// Drops a council's entries when this process creates, changes or deletes an asset, a
    /// taxonomy term (deleting one clears it from assets), an area (deleting a locality
    /// clears it from assets), an organisation or the council itself (their names are in what
    /// `derived` keeps), after the write succeeds.
    struct Invalidation: AnyModelMiddleware {
        let index: DirectoryIndex

        func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database, chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
            let council: UUID?
            switch model {
            case let asset as Asset: council = asset.$councilID.value
            case let term as AssetTaxonomyTerm: council = term.$councilID.value
            case let area as Area: council = area.$councilID.value
            case let organisation as Organisation: council = organisation.$councilID.value
            case let kept as Council: council = kept.id
            default: return next.handle(event, model, on: db)
            }
            return next.handle(event, model, on: db).map { index.invalidate(council: council) }
        }
    }
}

extension Application {
    private struct DirectoryIndexKey: StorageKey { typealias Value = DirectoryIndex }

    /// Set once at start-up (`Assets.feature`'s `configure`), before any request.
    var directoryIndex: DirectoryIndex {
        get {
            guard let index = storage[DirectoryIndexKey.self] else { fatalError("The directory index is set up by Assets.feature at start-up") }
            return index
        }
        set { storage[DirectoryIndexKey.self] = newValue }
    }
}
