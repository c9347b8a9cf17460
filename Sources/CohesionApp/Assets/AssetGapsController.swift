import CohesionCore
import Fluent
import Vapor

/// Gaps (assets per 1,000 residents by ward and category, per locality) and "who could host
/// this?". Figures and searches are in AssetGaps.swift; the pages in AssetGapsPages.swift.
struct AssetGapsController {
    @Sendable func show(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let user = try req.requireUser()
        let query = SubmittedForm(urlEncoded: req.url.query ?? "")
        var errors = FormErrors()
        let figures = try await AssetGaps.load(tenant)
        // A lead's own locality comes first, and is what they see first.
        var localities = figures.localities
        if user.role == .localityLead, let own = localities.firstIndex(where: { $0.id == user.localityID }) {
            localities.insert(localities.remove(at: own), at: 0)
        }
        var locality = localities.first
        let code = query["locality"]
        if !code.isEmpty {
            if let chosen = localities.first(where: { $0.code == code }) { locality = chosen }
            else { errors.add("locality", "Select a locality from the list") }
        }
        var column = AssetGaps.Column.all
        let categoryText = query["category"]
        if !categoryText.isEmpty, categoryText != "all" {
            if let category = AssetCategory(rawValue: categoryText), category.mayBePublic { column = .category(category) }
            else { errors.add("category", "Select a kind of asset from the list") }
        }
        let table = locality.map { AssetGaps.table(figures, locality: $0) }
        var map: WardMapView?
        if let table, table.hasPopulation {
            let values = Dictionary(uniqueKeysWithValues: table.rows.compactMap { row in row.cells[column]?.rate.map { (row.code, $0) } })
            map = try await AssetMaps.wards(figures.wards, title: "\(column.label) per 1,000 residents, \(table.locality.name)", values: values,
                                            format: AssetGapsPage.rateFormat, only: Set(table.rows.map(\.code)), tenant: tenant,
                                            cache: req.application.geographyCache)
        }
        return try await req.render(AssetGapsPage(
            councilName: try req.council.name, localities: localities, locality: locality, column: column, table: table,
            map: map, source: figures.source, withoutWard: figures.withoutWard, errors: errors),
            status: errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func hosts(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let query = SubmittedForm(urlEncoded: req.url.query ?? "")
        var errors = FormErrors()
        let choices = try await AssetQueries.filterChoices(tenant, index: req.application.directoryIndex)
        let filter = HostFilter(query: query, localities: choices.localities, wards: choices.wards, errors: &errors)
        let result = try await AssetGaps.hosts(filter, localities: choices.localities, index: req.application.directoryIndex, tenant: tenant)
        return try await req.render(AssetHostsPage(
            filter: filter, errors: errors, choices: choices,
            results: result.items.map { AssetHostsPage.Result($0, day: filter.day) }, total: result.total,
            pagination: PaginationView(page: filter.paging.page, per: HostFilter.perPage, total: result.total,
                                       path: Assets.Routes.hosts.path, pairs: filter.queryPairs)),
            status: errors.isEmpty ? .ok : .badRequest)
    }
}

extension PaginationView {
    /// Links that keep repeated names (`access=bsl&access=parking`), which a dictionary can't.
    init(page: Int, per: Int, total: Int, path: SitePath, pairs: [(String, String)]) {
        let pages = max(1, (total + per - 1) / per)
        func href(_ p: Int) -> SitePath { path.with(query: pairs + [("page", String(p))]) }
        previous = page > 1 ? href(page - 1) : nil
        next = page < pages ? href(page + 1) : nil
        // A page past the last (a hand-edited link) still gives a valid window.
        let current = min(page, pages)
        let window = max(1, current - 2)...min(pages, current + 2)
        links = pages > 1 ? window.map { Link(href: href($0), number: $0, current: $0 == page) } : []
        let first = total == 0 ? 0 : (page - 1) * per + 1
        summary = "Showing \(first) to \(min(total, page * per)) of \(total)"
    }
}
