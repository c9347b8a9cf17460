@testable import CohesionApp
import Fluent
import Foundation
import Logging
import Vapor

/// The real Cohesion app, set up as `cohesion serve` sets it up (configuration from the
/// environment, the same `configure`), with the demo council seeded so that the ward profile has
/// its census figures and `/maps` its boundaries.
enum BenchApp {
    /// Every demo account's password; bench/http.sh signs in with it.
    static let password = "a long bench password"

    /// `arguments` are what Vapor's commands would see: `serve` needs `COHESION_MAIL_OUTBOX` in
    /// production, as the real server does.
    static func make(arguments: [String]) async throws -> Application {
        let config = try AppConfig.fromEnvironment()
        let app = try await Application.make(Environment(name: "production", arguments: arguments))
        do {
            let mailer: any Mailer = config.mailOutbox.map { OutboxMailer(directory: $0, from: config.mailFrom) } ?? CapturingMailer()
            try await configure(app, config: config, services: AppServices(mailer: mailer))
            try await app.autoMigrate()
            try await DemoSeed.seed(features: app.features, passwordHash: try await app.password.async.hash(password),
                                    seedFolder: app.directory.resourcesDirectory + "Seed/", cipher: app.fieldCipher, on: app.db)
            // bench/assets.sh: a register of this many generated assets.
            if let count = Environment.get("BENCH_ASSETS").flatMap(Int.init), count > 0,
               let council = try await Council.query(on: app.db).first() {
                try await AssetData.generate(count: count, council: council, on: app.db)
            }
            await app.councilDirectory.invalidate()
            return app
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

/// `cohesion-bench serve --port N`.
enum BenchServer {
    static func run(port: Int) async throws {
        var environment = Environment(name: "production", arguments: ["cohesion-bench"])
        try LoggingSystem.bootstrap(from: &environment)

        let plaintext = try await plaintextApp(port: port + 1)
        let app = try await BenchApp.make(arguments: ["cohesion-bench", "serve", "--hostname", "127.0.0.1", "--port", String(port)])
        BenchRoutes.register(app, leaf: LeafPages(app))
        print("Cohesion on http://127.0.0.1:\(port) (demo accounts' password: \(BenchApp.password)), plaintext on http://127.0.0.1:\(port + 1)/plaintext")
        do {
            try await app.execute()  // Vapor's serve command, until SIGINT or SIGTERM
        } catch {
            await plaintext.server.shutdown()
            try? await plaintext.asyncShutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await plaintext.server.shutdown()
        try await plaintext.asyncShutdown()
        try await app.asyncShutdown()
    }

    /// Vapor's plaintext baseline: a bare application, no middleware at all (not even Vapor's
    /// default error middleware), one route.
    static func plaintextApp(port: Int) async throws -> Application {
        let app = try await Application.make(.production)
        app.middleware = Middlewares()
        app.get("plaintext") { _ in "Hello, world!" }
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = port
        try await app.server.start(address: nil)
        return app
    }
}

/// The comparison routes: the same page model as the real page, built with the same queries,
/// rendered with Leaf (the old templates, `bench/leaf/`) or with Plot (`PlotPages`). Each has
/// the same access as its real page (the ward profile is public, the dashboard for staff).
enum BenchRoutes {
    static func register(_ app: Application, leaf: LeafPages) {
        let signedIn = app.grouped(AccessMiddleware(access: .permission(.viewDashboard)))
        signedIn.get("bench", "leaf", "dashboard") { req in
            let page = try await dashboardModel(req)
            return try await leaf.render(req, "home/dashboard", LeafPages.Dashboard(page), title: page.title, breadcrumbs: page.breadcrumbs)
        }
        signedIn.get("bench", "plot", "dashboard") { req in
            html(PlotPages.dashboard(try await dashboardModel(req), req.pageContext()).render())
        }
        app.get("bench", "leaf", "areas", ":code") { req in
            let page = try await areaModel(req)
            return try await leaf.render(req, "places/show", LeafPages.Area(page), title: page.title, breadcrumbs: page.breadcrumbs)
        }
        app.get("bench", "plot", "areas", ":code") { req in
            html(PlotPages.area(try await areaModel(req), req.pageContext()).render())
        }
    }

    /// From the same per-process read model as the real page (`AreaProfileCache`), so the three
    /// renderers differ only in how they write the HTML.
    static func areaModel(_ req: Request) async throws -> AreaPage {
        try await req.application.areaProfileCache.entry(code: try Places.Routes.area.value(of: req).value, tenant: req.tenant).page
    }

    static func dashboardModel(_ req: Request) async throws -> DashboardPage {
        try await HomeController.dashboardPage(for: try req.requireUser(), tenant: try req.tenant, features: req.application.features)
    }

    /// As `Request.render` answers a typed page.
    static func html(_ document: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(string: document))
    }
}
