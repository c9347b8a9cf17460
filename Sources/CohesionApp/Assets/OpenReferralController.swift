import Vapor

/// Open Referral UK 3.0 at /openreferral/. (Being written: the handlers answer 501 until then.)
struct OpenReferralController {
    @Sendable func root(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func services(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func service(_ req: Request, id: UUID) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func serviceAtLocations(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func serviceAtLocation(_ req: Request, id: UUID) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func taxonomies(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func taxonomy(_ req: Request, id: UUID) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func taxonomyTerms(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func taxonomyTerm(_ req: Request, id: UUID) async throws -> Response { throw Abort(.notImplemented) }
}
