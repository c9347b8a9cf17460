import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The register's queries, apart from HTTP.
enum AssetQueries {
    struct Ward: Sendable {
        let code: String; let name: String; let localityID: UUID?
        init(code: String, name: String, localityID: UUID?) { self.code = code; self.name = name; self.localityID = localityID }
        init(_ row: AreasQueries.AreaSummary) { self.init(code: row.code, name: row.name, localityID: row.parent_id) }
    }

    struct Locality: Sendable {
        let id: UUID; let code: String; let name: String
        init(id: UUID, code: String, name: String) { self.id = id; self.code = code; self.name = name }
        init(_ row: AreasQueries.AreaSummary) { self.init(id: row.id, code: row.code, name: row.name) }
    }

    /// What the filter forms offer: localities, wards, and the languages assets list.
    struct FilterChoices: Sendable {
        let localities: [Locality]
        let wards: [Ward]
        let languages: [String]
    }

    // Areas and terms are read as plain rows, not Fluent models: building a model reflects over
    // its properties (`Mirror`), and a profile of the directory put a sixth of its time there
    // for the 25 areas of its filter form.

    static func wards(_ tenant: TenantScope) async throws -> [Ward] {
        try await AreasQueries.summaries(tenant, kinds: [.ward]).map(Ward.init)
    }

    static func localities(_ tenant: TenantScope) async throws -> [Locality] {
        try await AreasQueries.summaries(tenant, kinds: [.locality]).map(Locality.init)
    }

    /// No query once the index has its reference (`AssetReference`).
    static func filterChoices(_ tenant: TenantScope, index: DirectoryIndex, publicOnly: Bool = false) async throws -> FilterChoices {
        let kept = try await index.snapshot(for: tenant)
        let reference = try await AssetReference.kept(tenant, index: index)
        return FilterChoices(localities: reference.localities, wards: reference.wards,
                             languages: publicOnly ? kept.publicLanguages : kept.languages)
    }

    /// The listed spelling of a language typed in any case ("urdu" → "Urdu"), for the filter
    /// form to show it chosen; unknown text is kept.
    static func canonicalLanguage(_ typed: String, among languages: [String]) -> String {
        guard !typed.isEmpty else { return "" }
        let folded = SearchText.fold(typed)
        return languages.first { SearchText.fold($0) == folded } ?? typed
    }

    /// Term names by id, for listings.
    static func termNames(_ tenant: TenantScope) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await tenant.query(AssetTaxonomyTerm.self).all().map { ($0.id!, $0.name) })
    }

    static func statusCounts(_ tenant: TenantScope) async throws -> [AssetStatus: Int] {
        struct Row: Decodable { let status: String; let n: Int }
        let rows = try await tenant.select(from: Asset.schema).column("status")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").groupBy("status").all(decoding: Row.self)
        return Dictionary(rows.compactMap { r in AssetStatus(rawValue: r.status).map { ($0, r.n) } }, uniquingKeysWith: +)
    }

    /// The register's listing for staff: any status (or one), the filters of the directory, and
    /// individuals only for those who may see them (a lead: their own locality's).
    static func register(_ filter: DirectoryFilter, status: AssetStatus?, onlyIndividuals: Bool, user: User?,
                         index: DirectoryIndex, tenant: TenantScope) async throws -> (items: [Asset], total: Int) {
        let includeIndividuals = user.map(AssetPolicy.seesAnyIndividuals) ?? false
        let leadLocality = user?.role == .localityLead ? user?.localityID : nil
        var rows = try await DirectoryQuery.matching(filter, scope: .register(includeIndividuals: includeIndividuals, localityForIndividuals: leadLocality, status: status),
                                                     index: index, tenant: tenant)
        if onlyIndividuals { rows = rows.filter { $0.category == .individuals } }
        let page = rows.dropFirst(filter.paging.offset).prefix(filter.paging.per).map(\.id)
        return (try await index.assets(Array(page), tenant: tenant), rows.count)
    }
}

/// An asset with the names of what it refers to, loaded together: for the pages and the API.
struct AssetDetails: Sendable {
    let asset: Asset
    let term: AssetTaxonomyTerm?
    let organisationName: String?
    let ward: (code: String, name: String)?
    let locality: (code: String, name: String)?

    static func load(_ asset: Asset, tenant: TenantScope) async throws -> AssetDetails {
        try await load([asset], tenant: tenant)[0]
    }

    /// Three queries however many assets: no query per asset. With the index's `reference`
    /// (the public pages, which show most), none.
    static func load(_ assets: [Asset], tenant: TenantScope, reference: AssetReference? = nil) async throws -> [AssetDetails] {
        guard !assets.isEmpty else { return [] }
        if let reference {
            return assets.map { asset in
                AssetDetails(asset: asset, term: asset.$taxonomyTerm.id.flatMap { reference.termByID[$0] },
                             organisationName: asset.$organisation.id.flatMap { reference.organisationNames[$0] },
                             ward: asset.wardCode.flatMap { code in reference.wardNames[code].map { (code, $0) } },
                             locality: asset.$locality.id.flatMap { reference.localityByID[$0] }.map { (code: $0.code, name: $0.name) })
            }
        }
        let termIDs = Set(assets.compactMap { $0.$taxonomyTerm.id }), orgIDs = Set(assets.compactMap { $0.$organisation.id })
        let terms = termIDs.isEmpty ? [] : try await AssetTaxonomyTerm.rows(tenant, ids: Array(termIDs))
        struct Named: Decodable { let id: UUID; let name: String }
        let orgs = orgIDs.isEmpty ? [] : try await tenant.select(from: Organisation.schema).columns("id", "name")
            .where("id", .in, Array(orgIDs)).all(decoding: Named.self)
        let wardCodes = Set(assets.compactMap(\.wardCode)), localityIDs = Set(assets.compactMap { $0.$locality.id })
        var wardByCode: [String: String] = [:], localityByID: [UUID: (String, String)] = [:]
        if !wardCodes.isEmpty || !localityIDs.isEmpty {
            let areas = try await tenant.select(from: Area.schema).columns("id", "code", "name", "kind", "parent_id")
                .where { group in
                    // An empty `IN ()` is an error on PostgreSQL, so only the lists that have codes.
                    if !wardCodes.isEmpty { group.orWhere("code", .in, Array(wardCodes)) }
                    if !localityIDs.isEmpty { group.orWhere("id", .in, Array(localityIDs)) }
                    return group
                }.all(decoding: AreasQueries.AreaSummary.self)
            for area in areas where area.kind == AreaKind.ward.rawValue && wardByCode[area.code] == nil { wardByCode[area.code] = area.name }
            for area in areas where area.kind == AreaKind.locality.rawValue { localityByID[area.id] = (area.code, area.name) }
        }
        let termByID = Dictionary(uniqueKeysWithValues: terms.map { ($0.id!, $0) })
        let orgByID = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0.name) })
        return assets.map { asset in
            AssetDetails(asset: asset, term: asset.$taxonomyTerm.id.flatMap { termByID[$0] },
                         organisationName: asset.$organisation.id.flatMap { orgByID[$0] },
                         ward: asset.wardCode.flatMap { code in wardByCode[code].map { (code, $0) } },
                         locality: asset.$locality.id.flatMap { localityByID[$0] }.map { (code: $0.0, name: $0.1) })
        }
    }
}

/// The names that pages of assets show beside the assets' own fields (their wards, localities,
/// types and organisations), read in three queries and kept with the directory index
/// (`DirectoryIndex.derived`), which drops them with any write to those tables: the public
/// directory and Open Referral then ask the database nothing for them. The terms are shared
/// between requests, so they are only read.
struct AssetReference: Sendable {
    let localities: [AssetQueries.Locality]
    let wards: [AssetQueries.Ward]
    let terms: [AssetTaxonomyTerm]
    let organisationNames: [UUID: String]
    let termByID: [UUID: AssetTaxonomyTerm]
    let wardNames: [String: String]
    let localityByID: [UUID: AssetQueries.Locality]

    static func kept(_ tenant: TenantScope, index: DirectoryIndex) async throws -> AssetReference {
        try await index.derived("asset-reference", tenant: tenant) { try await load(tenant) }
    }

    static func load(_ tenant: TenantScope) async throws -> AssetReference {
        struct Named: Decodable { let id: UUID; let name: String }
        let areas = try await AreasQueries.summaries(tenant, kinds: [.locality, .ward])
        let terms = try await AssetTaxonomyTerm.rows(tenant)
        let organisations = try await tenant.select(from: Organisation.schema).columns("id", "name").all(decoding: Named.self)
        let localities = areas.filter { $0.kind == AreaKind.locality.rawValue }.map(AssetQueries.Locality.init)
        let wards = areas.filter { $0.kind == AreaKind.ward.rawValue }.map(AssetQueries.Ward.init)
        return AssetReference(
            localities: localities, wards: wards, terms: terms,
            organisationNames: Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }),
            termByID: Dictionary(terms.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first }),
            wardNames: Dictionary(wards.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first }),
            localityByID: Dictionary(localities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
    }
}
