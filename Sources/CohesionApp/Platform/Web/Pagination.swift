import Fluent
import Vapor

/// Page and page size from the query string, checked: a bad value is a clear 400, not a crash.
struct PageRequest: Sendable {
    let page: Int
    let per: Int

    /// The pages and page sizes a request may ask for; the OpenAPI document states the same.
    static let pages = 1...100_000
    static let perPage = 1...200

    static func from(_ req: Request, defaultPer: Int = 50) throws -> PageRequest {
        var errors = FormErrors()
        let paging = from(req, defaultPer: defaultPer, errors: &errors)
        guard errors.isEmpty else { throw ValidationProblem(errors: errors) }
        return paging
    }

    /// Reads the paging, adding any problems to `errors` (and using the defaults for them).
    static func from(_ req: Request, defaultPer: Int = 50, errors: inout FormErrors) -> PageRequest {
        let page = parse(req, "page", default: pages.lowerBound, range: pages, errors: &errors,
                         message: "page must be a whole number from \(pages.lowerBound) to \(pages.upperBound)")
        let per = parse(req, "per", default: defaultPer, range: perPage, errors: &errors,
                        message: "per must be a whole number from \(perPage.lowerBound) to \(perPage.upperBound)")
        return PageRequest(page: page, per: per)
    }

    private static func parse(_ req: Request, _ name: String, default value: Int, range: ClosedRange<Int>,
                              errors: inout FormErrors, message: String) -> Int {
        guard let raw = req.query[String.self, at: name] else { return value }
        guard let number = QueryNumber.integer(raw), range.contains(number) else {
            errors.add(name, message)
            return value
        }
        return number
    }

    var offset: Int { (page - 1) * per }
}

/// A page of results as the API gives it.
struct PageDTO<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let per: Int
    let total: Int
}

/// Previous/next links for a page of a listing, GOV.UK pagination pattern.
struct PaginationView: Sendable, Encodable {
    struct Link: Sendable, Encodable { let href: SitePath; let number: Int; let current: Bool }
    let previous: SitePath?
    let next: SitePath?
    let links: [Link]
    let summary: String

    /// `query` is the listing's filters, kept in every page's link; empty ones are left out.
    init(page: Int, per: Int, total: Int, path: SitePath, query: [String: String]) {
        let pages = max(1, (total + per - 1) / per)
        func href(_ p: Int) -> SitePath {
            path.with(query: query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("page", String(p))])
        }
        previous = page > 1 ? href(page - 1) : nil
        next = page < pages ? href(page + 1) : nil
        // A page past the last (typed into the address) still gets links back to the real ones.
        let near = min(page, pages)
        let window = max(1, near - 2)...min(pages, near + 2)
        links = pages > 1 ? window.map { Link(href: href($0), number: $0, current: $0 == page) } : []
        let first = total == 0 ? 0 : (page - 1) * per + 1
        summary = "Showing \(first) to \(min(total, page * per)) of \(total)"
    }
}
