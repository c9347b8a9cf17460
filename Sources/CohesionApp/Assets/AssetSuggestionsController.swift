import Vapor

/// Community suggestions: the public form (no account) for a new asset or a correction, and the
/// staff moderation queue. (Being written: the handlers answer 501 until then.)
struct AssetSuggestionsController {
    @Sendable func newForm(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func submitNew(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func correctionForm(_ req: Request, id: UUID) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func submitCorrection(_ req: Request, id: UUID) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func queue(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func review(_ req: Request, id: UUID) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func decide(_ req: Request, id: UUID) async throws -> Response { throw Abort(.notImplemented) }
}
