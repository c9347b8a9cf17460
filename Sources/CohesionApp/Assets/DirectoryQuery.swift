import CohesionCore
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What someone looks for in the directory, the register's API and Open Referral: read from the
/// query string (repeated names allowed: `access=bsl&access=parking`) and checked.
struct DirectoryFilter: Sendable {
    var words = ""
    var category: AssetCategory?
    var locality = ""
    var ward = ""
    var access: [AccessibilityFeature] = []
    var language = ""
    var cost: AssetCost?
    var openNow = false
    var spaceForAll = false
    var postcode = ""
    /// Within this many metres of the postcode, when given (Open Referral's `proximity`).
    var withinMetres: Double?
    var taxonomyTermID: UUID?
    /// Open on this day, for the whole of `from`…`to` when given (Open Referral's day filters).
    var day: Weekday?
    var from: LocalTime?
    var to: LocalTime?
    /// Open Referral's `start_time` and `end_time` as the UK API describes them: "a start time
    /// of at least" and "an end time at or below", so some opening period (on `day`, or any
    /// day) starts no earlier than `startsFrom` and ends no later than `endsBy`.
    var startsFrom: LocalTime?
    var endsBy: LocalTime?
    var minimumAge: Int?
    var maximumAge: Int?
    /// Only assets with a place (a point, an address or a postcode): Open Referral's
    /// service_at_locations, which link a service to where it is.
    var onlyPlaced = false
    var paging = PageRequest(page: 1, per: 20)

    /// Every name the directory page reads, for the public page cache's key.
    static let queryNames = ["q", "category", "locality", "ward", "access", "language", "cost", "open_now", "space_for_all", "postcode", "page"]
    static let wordsRule = TextRule.freeText(maxLength: 100)
    static let codeRule = TextRule.freeText(maxLength: 60)
    static let languageRule = TextRule.freeText(maxLength: 50)
    static let yesChoices = ["", "yes", "no", "true", "false"]
    /// A full postcode, or nothing (a search form sends the field empty): the locate API's rule
    /// with the empty text allowed.
    static let postcodeRule = TextRule(maxLength: 10, pattern: "^(|" + LocateController.Query.postcodeRule.pattern.dropFirst().dropLast() + ")$")

    var isFiltered: Bool {
        !words.isEmpty || category != nil || !locality.isEmpty || !ward.isEmpty || !access.isEmpty || !language.isEmpty
            || cost != nil || openNow || spaceForAll || !postcode.isEmpty
    }

    /// Reads the filters; problems are added to `errors` under the parameter's name and the
    /// filter is left out (the page says so; the API refuses with problem+json).
    init(query: SubmittedForm, defaultPer: Int, errors: inout FormErrors) {
        func one(_ name: String) -> String { query[name] }
        words = one("q")
        if !Self.wordsRule.accepts(words) {
            errors.add("q", "Search words must be \(Self.wordsRule.maxLength ?? 0) characters or fewer")
            words = String(words.unicodeScalars.prefix(Self.wordsRule.maxLength ?? 0))
        }
        if !one("category").isEmpty {
            category = AssetCategory(rawValue: one("category")).flatMap { $0.mayBePublic ? $0 : nil }
            if category == nil { errors.add("category", "category must be one of: " + AssetCategory.allCases.filter(\.mayBePublic).map(\.rawValue).joined(separator: ", ")) }
        }
        locality = one("locality")
        if !Self.codeRule.accepts(locality) { errors.add("locality", "locality must be a locality's code"); locality = "" }
        ward = one("ward")
        if !Self.codeRule.accepts(ward) { errors.add("ward", "ward must be a ward's code, like E05001316"); ward = "" }
        for raw in query.list("access") {
            if let feature = AccessibilityFeature(rawValue: raw) { if !access.contains(feature) { access.append(feature) } }
            else { errors.add("access", "access must be one of: " + AccessibilityFeature.allCases.map(\.rawValue).joined(separator: ", ")) }
        }
        language = one("language")
        if !Self.languageRule.accepts(language) { errors.add("language", "language must be 50 characters or fewer"); language = "" }
        if !one("cost").isEmpty {
            cost = AssetCost(rawValue: one("cost"))
            if cost == nil { errors.add("cost", "cost must be one of: " + AssetCost.allCases.map(\.rawValue).joined(separator: ", ")) }
        }
        openNow = Self.flag(one("open_now"), "open_now", &errors)
        spaceForAll = Self.flag(one("space_for_all"), "space_for_all", &errors)
        postcode = one("postcode")
        if !Self.postcodeRule.accepts(query.all["postcode"]?.first ?? "") || (!postcode.isEmpty && Postcode.normalise(postcode) == nil) {
            errors.add("postcode", "Enter a full postcode, like WS1 1TP")
            postcode = ""
        }
        paging = Self.paging(query, defaultPer: defaultPer, errors: &errors)
    }

    /// The paging of a page's listing, as opposed to the API's: the page size is the page's
    /// own, and a hand-edited page number shows the first page, since the form has no field
    /// an error could point to.
    static func pagePaging(_ query: SubmittedForm, per: Int) -> PageRequest {
        var ignored = FormErrors()
        return PageRequest(page: paging(query, defaultPer: per, errors: &ignored).page, per: per)
    }

    /// The filters of a page (the directory): as `init`, with `pagePaging`.
    init(pageQuery query: SubmittedForm, per: Int, errors: inout FormErrors) {
        var found = FormErrors()
        self.init(query: query, defaultPer: per, errors: &found)
        for item in found.items where !["page", "per"].contains(item.field) { errors.add(item.field, item.message) }
        paging = Self.pagePaging(query, per: per)
    }

    init() {}

    static func flag(_ text: String, _ name: String, _ errors: inout FormErrors) -> Bool {
        guard yesChoices.contains(text.lowercased()) else { errors.add(name, "\(name) must be yes or no"); return false }
        return ["yes", "true"].contains(text.lowercased())
    }

    static func paging(_ query: SubmittedForm, defaultPer: Int, errors: inout FormErrors, perName: String = "per") -> PageRequest {
        func number(_ name: String, _ range: ClosedRange<Int>, _ fallback: Int) -> Int {
            // Absent: the default; present, even empty, it must be right.
            guard let text = query.all[name]?.first else { return fallback }
            guard let value = QueryNumber.integer(text), range.contains(value) else {
                errors.add(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return fallback
            }
            return value
        }
        return PageRequest(page: number("page", PageRequest.pages, 1), per: number(perName, PageRequest.perPage, defaultPer))
    }

    /// The filters as they go back into links (pagination, "clear").
    var query: [String: String] {
        var q: [String: String] = [:]
        if !words.isEmpty { q["q"] = words }
        if let category { q["category"] = category.rawValue }
        if !locality.isEmpty { q["locality"] = locality }
        if !ward.isEmpty { q["ward"] = ward }
        if !language.isEmpty { q["language"] = language }
        if let cost { q["cost"] = cost.rawValue }
        if openNow { q["open_now"] = "yes" }
        if spaceForAll { q["space_for_all"] = "yes" }
        if !postcode.isEmpty { q["postcode"] = postcode }
        return q
    }

    /// The query pairs for links, with the repeated `access` values.
    var queryPairs: [(String, String)] {
        query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + access.map { ("access", $0.rawValue) }
    }
}

/// Decoded opening times by their stored JSON. Most assets share a few patterns ("Mon-Fri
/// 09:00-17:00"), so keeping each distinct text's value once makes decoding nearly free for the
/// pages that read many (`DirectoryIndex`, a page of results). Bounded: emptied when it holds
/// `limit` patterns.
final class OpeningTimesCache: Sendable {
    static let shared = OpeningTimesCache()
    static let limit = 20_000
    private let values = NIOLockedValueBox<[String: OpeningTimes]>([:])

    func decode(_ json: String) -> OpeningTimes? {
        if let known = values.withLockedValue({ $0[json] }) { return known }
        guard let decoded = try? JSONDecoder().decode(OpeningTimes.self, from: Data(json.utf8)) else { return nil }
        values.withLockedValue { cache in
            if cache.count >= Self.limit { cache.removeAll(keepingCapacity: true) }
            cache[json] = decoded
        }
        return decoded
    }
}

/// Why a postcode can't be searched near: said to the person as it is.
struct PostcodeProblem: Error { let message: String }

/// One page of directory results, with how far each is from the postcode and how many of all
/// the results are in each ward (for the map).
struct DirectoryResult: Sendable {
    let items: [Asset]
    let distances: [UUID: Double]
    let total: Int
    let wardCounts: [String: Int]
    /// The postcode's point, when the search was near one.
    let origin: GeoPosition?
}

enum DirectoryQuery {
    /// Which assets a search may see: only published, public ones for the directory, Open
    /// Referral and anonymous API callers; any status for the register.
    enum Scope: Hashable, Sendable { case publicOnly, register(includeIndividuals: Bool, localityForIndividuals: UUID?, status: AssetStatus?) }

    /// Whether an asset is within the scope and every filter but the times and the distance.
    /// `localityID` is the locality filter's id (an unknown locality code matches nothing);
    /// `termIDs`, when given, the taxonomy terms it must have one of.
    static func matches(_ entry: DirectoryEntry, _ filter: DirectoryFilter, scope: Scope, localityID: UUID?, termIDs: Set<UUID>?,
                        words: [[UInt8]], language: String) -> Bool {
        switch scope {
        case .publicOnly:
            guard entry.isPublic else { return false }
        case .register(let includeIndividuals, let locality, let status):
            if let status, entry.status != status { return false }
            if entry.category == .individuals {
                // A lead sees individuals in their own locality only.
                guard includeIndividuals else { return false }
                if let locality, entry.localityID != locality { return false }
            }
        }
        if let category = filter.category, entry.category != category { return false }
        if !filter.locality.isEmpty, localityID == nil || entry.localityID != localityID { return false }
        if !filter.ward.isEmpty, entry.wardCode != filter.ward { return false }
        // Checked for emptiness first: forming `entry.access.contains` costs a retain per asset.
        if !filter.access.isEmpty, !filter.access.allSatisfy({ entry.access.contains($0) }) { return false }
        if !language.isEmpty, !entry.foldedLanguageList.contains(language) { return false }
        if let cost = filter.cost, entry.cost != cost { return false }
        if filter.spaceForAll, !entry.spaceForAll { return false }
        if let termIDs, !(entry.taxonomyTermID.map(termIDs.contains) ?? false) { return false }
        // Open Referral: "services with a minimum age of at least" / "a maximum age of at most".
        if let minimum = filter.minimumAge, !(entry.minimumAge.map { $0 >= minimum } ?? false) { return false }
        if let maximum = filter.maximumAge, !(entry.maximumAge.map { $0 <= maximum } ?? false) { return false }
        if filter.onlyPlaced, !entry.isPlaced { return false }
        return words.isEmpty || entry.hasWords(startingWith: words)
    }

    /// The council's assets in scope that pass the filters (not times or distance), in name order.
    /// `localities`: the council's, when the caller has them loaded (a filter form's choices),
    /// to find the locality filter's id without a query.
    static func matching(_ filter: DirectoryFilter, scope: Scope, index: DirectoryIndex, tenant: TenantScope, termIDs: [UUID]? = nil,
                         localities: [AssetQueries.Locality]? = nil) async throws -> [DirectoryEntry] {
        let (positions, kept) = try await matchingPositions(filter, scope: scope, index: index, tenant: tenant, termIDs: termIDs, localities: localities)
        return positions.map { kept.entries[Int($0)] }
    }

    /// `matching` as positions in the kept snapshot's entries. A search's lists of thousands
    /// are integers rather than references: a profile put a tenth of the directory's time in
    /// counting references to the entries it copied into lists and dropped.
    private static func matchingPositions(_ filter: DirectoryFilter, scope: Scope, index: DirectoryIndex, tenant: TenantScope, termIDs: [UUID]?,
                                          localities: [AssetQueries.Locality]?) async throws -> (positions: [Int32], kept: DirectoryIndex.Snapshot) {
        let localityID: UUID?
        if filter.locality.isEmpty { localityID = nil }
        else if let localities { localityID = localities.first { $0.code == filter.locality }?.id }
        else { localityID = try await locality(filter.locality, tenant: tenant) }
        let kept = try await index.snapshot(for: tenant)
        let key = MatchKey(filter, scope: scope, termIDs: termIDs)
        let matches: DirectoryIndex.Shelf<MatchKey, [Int32]> = kept.derived.shelf("directory-matches", limit: 500)
        if let positions = matches.get(key) { return (positions, kept) }
        let words = DirectoryEntry.needles(SearchText.words(filter.words))
        let language = filter.language.isEmpty ? "" : SearchText.fold(filter.language)
        let terms = termIDs.map(Set.init)
        var positions: [Int32] = []
        for (position, entry) in kept.entries.enumerated()
        where Self.matches(entry, filter, scope: scope, localityID: localityID, termIDs: terms, words: words, language: language) {
            positions.append(Int32(position))
        }
        matches.put(key, positions)
        return (positions, kept)
    }

    /// What `matchingPositions` reads of a search: the same key, the same matches, for as long
    /// as the snapshot is kept (a pass over 10,000 entries was a fifth of the directory's time,
    /// and most searches are a few common ones: the first page, a category, a word). A
    /// snapshot's matches are dropped with it, so they are never staler than the entries.
    struct MatchKey: Hashable, Sendable {
        let words: String, category: AssetCategory?, locality: String, ward: String, access: [AccessibilityFeature], language: String
        let cost: AssetCost?, spaceForAll: Bool, minimumAge: Int?, maximumAge: Int?, onlyPlaced: Bool
        let scope: Scope, termIDs: [UUID]?

        init(_ filter: DirectoryFilter, scope: Scope, termIDs: [UUID]?) {
            words = filter.words; category = filter.category; locality = filter.locality; ward = filter.ward; access = filter.access
            language = filter.language; cost = filter.cost; spaceForAll = filter.spaceForAll; minimumAge = filter.minimumAge
            maximumAge = filter.maximumAge; onlyPlaced = filter.onlyPlaced; self.scope = scope; self.termIDs = termIDs
        }
    }

    /// The id of the locality with this code, or nil.
    static func locality(_ code: String, tenant: TenantScope) async throws -> UUID? {
        code.isEmpty ? nil : try await tenant.query(Area.self).filter(\.$code == code).filter(\.$kind == .locality).first()?.id
    }

    /// Runs a search over the council's kept `DirectoryIndex`: the filters, then "open now" or
    /// a day's times, then distance from the postcode (nearest first, name order among equals),
    /// then one page loaded. `wardCounts`: also count the results in each ward (the directory's
    /// map); the API and Open Referral don't need it.
    static func run(_ filter: DirectoryFilter, scope: Scope, index: DirectoryIndex, tenant: TenantScope, origin: GeoPosition?, now: Date,
                    termIDs: [UUID]? = nil, localities: [AssetQueries.Locality]? = nil, wardCounts: Bool = false) async throws -> DirectoryResult {
        var (rows, kept) = try await matchingPositions(filter, scope: scope, index: index, tenant: tenant, termIDs: termIDs, localities: localities)
        let entries = kept.entries
        let bySessions = filter.startsFrom != nil || filter.endsBy != nil
        let byTimes = filter.day != nil || filter.from != nil || filter.to != nil || bySessions
        let wallClock = LondonClock.wallClock(at: now)
        var metres: [Double] = []
        if filter.openNow || byTimes || origin != nil {
            // Kept too: the same filters, minute and postcode give the same list.
            let refined: DirectoryIndex.Shelf<RefineKey, Refined> = kept.derived.shelf("directory-refined", limit: 500)
            let key = RefineKey(MatchKey(filter, scope: scope, termIDs: termIDs), filter: filter, openNowAt: filter.openNow ? wallClock : nil, origin: origin)
            if let found = refined.get(key) {
                (rows, metres) = (found.rows, found.metres)
            } else {
                let found = refine(rows, entries: entries, filter: filter, byTimes: byTimes, bySessions: bySessions, wallClock: wallClock, origin: origin)
                refined.put(key, found)
                (rows, metres) = (found.rows, found.metres)
            }
        }
        var distances: [UUID: Double] = [:]
        if origin != nil {
            for n in rows.indices.dropFirst(filter.paging.offset).prefix(filter.paging.per) { distances[entries[Int(rows[n])].id] = metres[n] }
        }
        var byWard: [String: Int] = [:]
        if wardCounts {
            var counts = [Int](repeating: 0, count: kept.wardCodes.count)
            for position in rows {
                let slot = entries[Int(position)].wardSlot
                if slot >= 0 { counts[slot] += 1 }
            }
            for (slot, count) in counts.enumerated() where count > 0 { byWard[kept.wardCodes[slot]] = count }
        }
        let page = rows.dropFirst(filter.paging.offset).prefix(filter.paging.per).map { entries[Int($0)].id }
        return DirectoryResult(items: try await index.assets(Array(page), tenant: tenant), distances: distances,
                               total: rows.count, wardCounts: byWard, origin: origin)
    }

    /// A search's matches after "open now" or a day's times, then by distance from the postcode
    /// (nearest first, name order among equals), with each one's distance in metres.
    struct Refined: Sendable {
        let rows: [Int32]
        let metres: [Double]
    }

    struct RefineKey: Hashable, Sendable {
        let match: MatchKey
        let openNowAt: [Int]?
        let day: Weekday?, from: LocalTime?, to: LocalTime?, startsFrom: LocalTime?, endsBy: LocalTime?
        let origin: [Double]?, within: Double?

        init(_ match: MatchKey, filter: DirectoryFilter, openNowAt: (date: CalendarDate, time: LocalTime)?, origin: GeoPosition?) {
            self.match = match
            self.openNowAt = openNowAt.map { [$0.date.year, $0.date.month, $0.date.day, $0.time.minutes] }
            day = filter.day; from = filter.from; to = filter.to; startsFrom = filter.startsFrom; endsBy = filter.endsBy
            self.origin = origin.map { [$0.latitude, $0.longitude] }
            within = filter.withinMetres
        }
    }

    private static func refine(_ matched: [Int32], entries: [DirectoryEntry], filter: DirectoryFilter, byTimes: Bool, bySessions: Bool,
                               wallClock: (date: CalendarDate, time: LocalTime), origin: GeoPosition?) -> Refined {
        var rows = matched
        if filter.openNow || byTimes {
            // A window without a day asks about any day of the week.
            let days = filter.day.map { [$0] } ?? Weekday.allCases
            let bankHoliday = BankHolidays.isBankHoliday(wallClock.date)
            rows = rows.filter { position in
                guard let times = entries[Int(position)].openingTimes else { return false }
                if filter.openNow, !times.isOpen(atWallClock: wallClock, isBankHoliday: bankHoliday) { return false }
                guard byTimes else { return true }
                if bySessions {
                    return days.contains { day in
                        (times.weekly[day] ?? []).contains { period in
                            (filter.startsFrom.map { period.opens >= $0 } ?? true) && (filter.endsBy.map { period.closes <= $0 } ?? true)
                        }
                    }
                }
                if let from = filter.from ?? filter.to.map({ _ in LocalTime(minutes: 0) }) {
                    return days.contains { times.isOpen(on: $0, from: from, to: filter.to ?? LocalTime(minutes: 1440)) }
                }
                return days.contains { times.isOpen(on: $0) }
            }
        }
        guard let origin else { return Refined(rows: rows, metres: []) }
        var measured: [(position: Int32, metres: Double)] = rows.compactMap { position in
            entries[Int(position)].position.map { (position, GeoDistance.metres(from: origin, to: $0)) }
        }
        if let within = filter.withinMetres { measured = measured.filter { $0.metres <= within } }
        // A stable sort keeps name order among equal distances.
        measured = measured.enumerated().sorted { a, b in
            a.element.metres != b.element.metres ? a.element.metres < b.element.metres : a.offset < b.offset
        }.map(\.element)
        return Refined(rows: measured.map(\.position), metres: measured.map(\.metres))
    }

    /// The point of a postcode from the council's directory, or a message saying why not.
    static func origin(ofPostcode raw: String, tenant: TenantScope, council: Council) async throws -> Result<GeoPosition, PostcodeProblem> {
        guard let postcode = Postcode.normalise(raw) else { return .failure(.init(message: "Enter a full postcode, like WS1 1TP")) }
        // A plain row, not the Fluent model: see AssetQueries on what building a model costs.
        struct Point: Decodable { let latitude: Double?; let longitude: Double? }
        let row = try await tenant.select(from: PostcodeLocation.schema).columns("latitude", "longitude")
            .where("postcode", .equal, postcode).first(decoding: Point.self)
        guard let latitude = row?.latitude, let longitude = row?.longitude else {
            return .failure(.init(message: "We couldn't find \(postcode) in \(council.name)'s postcodes. Check it, or search by area instead"))
        }
        return .success(GeoPosition(latitude: latitude, longitude: longitude))
    }
}
