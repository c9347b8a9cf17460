import Fluent
import Metrics
import Prometheus
import SQLKit
import Vapor

/// `/healthz` for load balancers and `/metrics` for Prometheus.
struct OperationsController {
    func register(_ routes: RoutesBuilder) {
        routes.get(PlatformRoutes.health, access: .anyone, use: health)
        routes.get(PlatformRoutes.metrics, access: .anyone, use: metrics)
    }

    struct Health: Content { let status: String; let database: String }

    @Sendable func health(_ req: Request) async throws -> Response {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            return try await Health(status: "ok", database: "reachable").encodeResponse(for: req)
        } catch {
            req.logger.error("Health check failed: database unreachable")
            return try await Health(status: "unavailable", database: "unreachable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    @Sendable func metrics(_ req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(string: CohesionMetrics.registry.emitToString()))
    }
}

/// The process-wide Prometheus registry. swift-metrics can be bootstrapped once per process,
/// so it is done lazily here and shared by every `Application` (tests make many).
enum CohesionMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5)]
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}
