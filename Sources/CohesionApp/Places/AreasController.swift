import CohesionCore
import Fluent
import Vapor

/// The public pages and API for the council's areas.
struct AreasController {
    struct LocalityGroup: Encodable {
        let code: String
        let name: String
        let wards: [AreaDTO]
    }

    struct AreasPage: Encodable {
        let district: AreaDTO?
        let localities: [LocalityGroup]
        let unassignedWards: [AreaDTO]
        let wardCount: Int
    }

    /// The district, localities and wards: the whole list fits in one query.
    static func areaTree(_ tenant: TenantScope) async throws -> AreasPage {
        let areas = try await AreasQueries.summaries(tenant, kinds: [.district, .locality, .ward])
        let byID = Dictionary(uniqueKeysWithValues: areas.map { ($0.id, $0) })
        func dto(_ a: AreasQueries.AreaSummary) -> AreaDTO {
            AreaDTO(code: a.code, name: a.name, kind: a.kind, parentCode: a.parent_id.flatMap { byID[$0]?.code })
        }
        let wards = areas.filter { $0.kind == AreaKind.ward.rawValue }
        let localityAreas = areas.filter { $0.kind == AreaKind.locality.rawValue }
        let localities = localityAreas.map { locality in
            LocalityGroup(code: locality.code, name: locality.name, wards: wards.filter { $0.parent_id == locality.id }.map(dto))
        }
        let localityIDs = Set(localityAreas.map(\.id))
        let unassigned = wards.filter { !localityIDs.contains($0.parent_id ?? UUID()) }.map(dto)
        let district = areas.first { $0.kind == AreaKind.district.rawValue }
        return AreasPage(district: district.map(dto), localities: localities, unassignedWards: unassigned, wardCount: wards.count)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        try await req.render(AreaListPage(tree: try await Self.areaTree(req.tenant)))
    }

    /// The area's profile: one `AreaProfile`, a few statements whatever the number of tables and wards.
    @Sendable func show(_ req: Request, code: AreaCode) async throws -> Response {
        try await req.render(AreaPage(try await AreaProfileQuery.load(code: code.value, tenant: req.tenant)))
    }

    @Sendable func apiIndex(_ req: Request) async throws -> PageDTO<AreaDTO> {
        var errors = FormErrors()
        let paging = PageRequest.from(req, defaultPer: PlacesAPI.defaultPer, errors: &errors)
        let kindText = req.query[String.self, at: "kind"].flatMap { $0.isEmpty ? nil : $0 }
        let kind = kindText.flatMap(AreaKind.init(rawValue:))
        if kindText != nil, kind == nil {
            errors.add("kind", "kind must be one of: " + AreaKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard errors.isEmpty else { throw ValidationProblem(errors: errors) }
        return try await AreasQueries.list(kind: kind, paging: paging, tenant: req.tenant)
    }

    @Sendable func apiCensus(_ req: Request) async throws -> CensusProfileDTO {
        CensusProfileDTO(try await AreaProfileQuery.load(code: req.parameters.get("code") ?? "", tenant: req.tenant))
    }

    @Sendable func apiShow(_ req: Request) async throws -> AreaDetailDTO {
        try await AreaProfileQuery.detail(code: req.parameters.get("code") ?? "", tenant: req.tenant)
    }
}

/// The area queries, separate from HTTP so they can be tested and reused.
enum AreasQueries {
    /// An area row without Fluent's model machinery, for listings.
    struct AreaSummary: Decodable, Sendable {
        let id: UUID
        let code: String
        let name: String
        let kind: String
        let parent_id: UUID?
    }

    static func summaries(_ tenant: TenantScope, kinds: [AreaKind]) async throws -> [AreaSummary] {
        try await tenant.select(from: "areas").columns("id", "code", "name", "kind", "parent_id")
            .where("kind", .in, kinds.map(\.rawValue)).orderBy("name").all(decoding: AreaSummary.self)
    }

    static func dto(_ area: Area, parentCode: String?) -> AreaDTO {
        AreaDTO(code: area.code, name: area.name, kind: area.kind.rawValue, parentCode: parentCode)
    }

    static func list(kind: AreaKind?, paging: PageRequest, tenant: TenantScope) async throws -> PageDTO<AreaDTO> {
        var query = tenant.query(Area.self)
        if let kind { query = query.filter(\.$kind == kind) }
        let total = try await query.count()
        let rows = try await query.copy().sort(\.$kind).sort(\.$code).range(paging.offset..<(paging.offset + paging.per)).all()
        let parentIDs = Set(rows.compactMap { $0.$parent.id })
        let parents = parentIDs.isEmpty ? [] : try await tenant.query(Area.self).filter(\.$id ~~ parentIDs).all()
        let codes = Dictionary(uniqueKeysWithValues: parents.compactMap { p in p.id.map { ($0, p.code) } })
        return PageDTO(items: rows.map { dto($0, parentCode: $0.$parent.id.flatMap { codes[$0] }) },
                       page: paging.page, per: paging.per, total: total)
    }
}
