import Vapor

/// Gaps (assets per 1,000 residents by ward and category, per locality) and "who could host
/// this?". (Being written: the handlers answer 501 until then.)
struct AssetGapsController {
    @Sendable func show(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func hosts(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
}
