@testable import CohesionApp
import Leaf
import LeafKit
import Vapor

/// The Leaf versions of the pages: the templates the app used before its pages became typed
/// Swift (`git show c1a148d:Resources/Views/…`), kept in `bench/leaf/` and brought up to the
/// typed pages' markup (phase banner, footer links), rendered as the app rendered them: the page
/// model encoded with `LeafEncoder` next to the layout's context, templates parsed once and cached.
///
/// Leaf's root is `bench/leaf/` for this renderer only; the app's own Leaf setup is untouched.
final class LeafPages: @unchecked Sendable {
    // @unchecked: LeafKit's types predate Sendable. The cache is guarded by its own lock and
    // the configuration and sources are never changed after init.
    private let configuration: LeafConfiguration
    private let cache = DefaultLeafCache()
    private let sources: LeafSources

    init(_ app: Application) {
        let root = app.directory.workingDirectory + "bench/leaf/"
        configuration = LeafConfiguration(rootDirectory: root)
        sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: .default, sandboxDirectory: root, viewDirectory: root))
    }

    /// A renderer on `eventLoop` sharing the parsed templates, as Vapor makes one per request.
    func renderer(on eventLoop: any EventLoop) -> LeafRenderer {
        LeafRenderer(configuration: configuration, cache: cache, sources: sources, eventLoop: eventLoop)
    }

    /// The document, as bytes.
    func document(_ template: String, _ content: some Encodable, title: String, breadcrumbs: [Breadcrumb],
                  context: PageContext, on eventLoop: any EventLoop) async throws -> ByteBuffer {
        let page = Context(layout: BaseContext(title: title, breadcrumbs: breadcrumbs, context), content: content)
        return try await renderer(on: eventLoop).render(path: template, context: page).get()
    }

    /// A response, as the app's `renderPage` answered a Leaf page.
    func render(_ req: Request, _ template: String, _ content: some Encodable, title: String,
                breadcrumbs: [Breadcrumb]) async throws -> Response {
        let body = try await document(template, content, title: title, breadcrumbs: breadcrumbs, context: req.pageContext(), on: req.eventLoop)
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }

    // MARK: The templates' contexts

    struct Context<Content: Encodable>: Encodable {
        let layout: BaseContext
        let content: Content
    }

    /// What `bench/leaf/layout/base.leaf` reads: the app's old `LayoutContext`.
    struct BaseContext: Encodable {
        struct Link: Encodable { let href: String; let label: String; let active: Bool }
        struct Crumb: Encodable { let href: String; let label: String }
        struct User: Encodable { let name: String; let role: String }

        let title: String
        let councilName: String
        let user: User?
        let nav: [Link]
        let footer: [Link]
        let breadcrumbs: [Crumb]
        let csrfToken: String
        let flash: String?

        init(title: String, breadcrumbs: [Breadcrumb], _ context: PageContext) {
            self.title = title
            councilName = context.councilName
            user = context.user.map { User(name: $0.name, role: $0.role) }
            nav = context.navigation.map { Link(href: $0.link.description, label: $0.label, active: $0.current) }
            footer = context.footerLinks.map { Link(href: $0.link.description, label: $0.label, active: $0.current) }
            self.breadcrumbs = breadcrumbs.map { Crumb(href: $0.link.description, label: $0.label) }
            csrfToken = context.csrfToken
            flash = context.flash
        }
    }

    /// What `bench/leaf/home/dashboard.leaf` reads, from the typed page's model.
    struct Dashboard: Encodable {
        struct Card: Encodable { let title: String; let href: String; let body: String }
        let name: String
        let role: String
        let scope: String?
        let cards: [Card]

        init(_ page: DashboardPage) {
            name = page.name
            role = page.role
            scope = page.scope
            cards = page.cards.map { Card(title: $0.title, href: $0.link.description, body: $0.summary) }
        }
    }

    /// What `bench/leaf/places/show.leaf` reads, from the typed page's model.
    struct Area: Encodable {
        struct Section: Encodable {
            let topic: String; let total: String; let chart: String; let note: String?
            let comparedWith: [String]
            let rows: [Row]
        }
        struct Row: Encodable { let name: String; let count: String; let percentage: String; let comparisons: [String] }
        let area: AreaDetailDTO
        let kindLabel: String
        let childHeading: String?
        let census: [Section]
        let censusSource: String
        let diversity: String?
        let comparedWith: String?
        let elsewhere: String?
        let elsewhereCode: String?
        let population: String?

        init(_ page: AreaPage) {
            area = page.area
            kindLabel = page.kindLabel
            childHeading = page.childHeading
            census = page.census.map { section in
                Section(topic: section.topic, total: section.total, chart: section.chart.rendered, note: section.note,
                        comparedWith: section.comparedWith,
                        rows: section.rows.map { Row(name: $0.name, count: $0.count, percentage: $0.percentage, comparisons: $0.comparisons) })
            }
            censusSource = page.censusSource
            diversity = page.diversity
            comparedWith = page.comparedWith
            elsewhere = page.elsewhere
            elsewhereCode = page.elsewhereCode
            population = page.population
        }
    }
}
