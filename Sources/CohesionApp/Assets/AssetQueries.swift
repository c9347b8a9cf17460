import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The register's queries, apart from HTTP.
enum AssetQueries {
    struct Ward: Sendable { let code: String; let name: String; let localityID: UUID? }
    struct Locality: Sendable { let id: UUID; let code: String; let name: String }

    /// What the filter forms offer: localities, wards, and the languages assets list.
    struct FilterChoices: Sendable {
        let localities: [Locality]
        let wards: [Ward]
        let languages: [String]
    }

    static func wards(_ tenant: TenantScope) async throws -> [Ward] {
        try await tenant.query(Area.self).filter(\.$kind == .ward).sort(\.$name).all()
            .map { Ward(code: $0.code, name: $0.name, localityID: $0.$parent.id) }
    }

    static func localities(_ tenant: TenantScope) async throws -> [Locality] {
        try await tenant.query(Area.self).filter(\.$kind == .locality).sort(\.$name).all()
            .map { Locality(id: $0.id!, code: $0.code, name: $0.name) }
    }

    static func filterChoices(_ tenant: TenantScope, index: DirectoryIndex, publicOnly: Bool = false) async throws -> FilterChoices {
        let kept = try await index.snapshot(for: tenant)
        return FilterChoices(localities: try await localities(tenant), wards: try await wards(tenant),
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

    /// Four queries however many assets: no query per asset.
    static func load(_ assets: [Asset], tenant: TenantScope) async throws -> [AssetDetails] {
        guard !assets.isEmpty else { return [] }
        let termIDs = Set(assets.compactMap { $0.$taxonomyTerm.id }), orgIDs = Set(assets.compactMap { $0.$organisation.id })
        let terms = termIDs.isEmpty ? [] : try await tenant.query(AssetTaxonomyTerm.self).filter(\.$id ~~ Array(termIDs)).all()
        let orgs = orgIDs.isEmpty ? [] : try await tenant.query(Organisation.self).filter(\.$id ~~ Array(orgIDs)).all()
        let wardCodes = Set(assets.compactMap(\.wardCode)), localityIDs = Set(assets.compactMap { $0.$locality.id })
        let areas = try await tenant.query(Area.self).group(.or) { group in
            group.filter(\.$code ~~ Array(wardCodes)).filter(\.$id ~~ Array(localityIDs))
        }.all()
        let termByID = Dictionary(uniqueKeysWithValues: terms.map { ($0.id!, $0) })
        let orgByID = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id!, $0.name) })
        let wardByCode = Dictionary(areas.filter { $0.kind == .ward }.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let localityByID = Dictionary(uniqueKeysWithValues: areas.filter { $0.kind == .locality }.map { ($0.id!, ($0.code, $0.name)) })
        return assets.map { asset in
            AssetDetails(asset: asset, term: asset.$taxonomyTerm.id.flatMap { termByID[$0] },
                         organisationName: asset.$organisation.id.flatMap { orgByID[$0] },
                         ward: asset.wardCode.flatMap { code in wardByCode[code].map { (code, $0) } },
                         locality: asset.$locality.id.flatMap { localityByID[$0] }.map { (code: $0.0, name: $0.1) })
        }
    }
}
