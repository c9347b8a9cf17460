@testable import CohesionApp
import Fluent
import Foundation
import Logging
import Vapor

/// `cohesion-bench render`: each page variant rendered `count` times in a loop, no HTTP and no
/// queries, to separate the cost of rendering from the rest of a request. The page models and
/// the layout's context are built once, as a signed-in administrator, from the demo council.
enum RenderBench {
    struct Variant {
        let page: String
        let renderer: String
        /// One whole document; returns it, for its size and for `--out`.
        let render: () async throws -> String
    }

    static func run(count: Int, outputFolder: String?) async throws {
        var environment = Environment(name: "production", arguments: ["cohesion-bench"])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await BenchApp.make(arguments: ["cohesion-bench", "render"])
        do {
            try await measure(try await variants(app), count: count, outputFolder: outputFolder)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func variants(_ app: Application) async throws -> [Variant] {
        guard let council = try await Council.query(on: app.db).filter(\.$districtCode == DemoSeed.districtCode).first(),
              let user = try await User.query(on: app.db).filter(\.$email == AccountsDemo.accounts[0].email).first()
        else { throw Abort(.internalServerError, reason: "the demo council or its administrator is missing") }
        let tenant = TenantScope(council: council, database: app.db)
        let leaf = LeafPages(app)
        let eventLoop = app.eventLoopGroup.next()

        /// The layout's context for a signed-in request to `path`, as a handler would have it.
        func context(_ path: String) -> PageContext {
            let request = Request(application: app, method: .GET, url: URI(path: path), on: eventLoop)
            request.setCouncil(council)
            request.currentUser = user
            return request.pageContext()
        }

        let area = AreaPage(try await AreaProfileQuery.load(code: "E05001314", tenant: tenant))
        let areaContext = context(Places.Routes.area.path(AreaCode("E05001314")).description)
        let dashboard = try await HomeController.dashboardPage(for: user, tenant: tenant, features: app.features)
        let dashboardContext = context(PlatformRoutes.dashboard.path.description)
        return [
            Variant(page: "ward profile", renderer: "typed") { Layout.document(area, areaContext).rendered },
            Variant(page: "ward profile", renderer: "Plot") { PlotPages.area(area, areaContext).render() },
            Variant(page: "ward profile", renderer: "Leaf") {
                let buffer = try await leaf.document("places/show", LeafPages.Area(area), title: area.title,
                                                     breadcrumbs: area.breadcrumbs, context: areaContext, on: eventLoop)
                return String(buffer: buffer)
            },
            Variant(page: "dashboard", renderer: "typed") { Layout.document(dashboard, dashboardContext).rendered },
            Variant(page: "dashboard", renderer: "Plot") { PlotPages.dashboard(dashboard, dashboardContext).render() },
            Variant(page: "dashboard", renderer: "Leaf") {
                let buffer = try await leaf.document("home/dashboard", LeafPages.Dashboard(dashboard), title: dashboard.title,
                                                     breadcrumbs: dashboard.breadcrumbs, context: dashboardContext, on: eventLoop)
                return String(buffer: buffer)
            },
        ]
    }

    /// Warms each variant up, then times five batches and keeps the fastest (the least
    /// disturbed by other work on the machine).
    static func measure(_ variants: [Variant], count: Int, outputFolder: String?) async throws {
        if let outputFolder { try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true) }
        print("| page | renderer | µs per page | bytes |")
        print("|---|---|---:|---:|")
        let batch = max(count / 5, 1)
        for variant in variants {
            let document = try await variant.render()
            if let outputFolder {
                try document.write(toFile: "\(outputFolder)/\(variant.page.replacingOccurrences(of: " ", with: "-"))-\(variant.renderer.lowercased()).html", atomically: true, encoding: .utf8)
            }
            for _ in 0..<max(count / 10, 1) { _ = try await variant.render() }
            var fastest = Double.infinity
            for _ in 0..<5 {
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<batch { _ = try await variant.render() }
                fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(batch))
            }
            print("| \(variant.page) | \(variant.renderer) | \(String(format: "%.1f", fastest)) | \(document.utf8.count) |")
        }
    }
}
