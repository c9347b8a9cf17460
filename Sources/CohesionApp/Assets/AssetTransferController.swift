import Vapor

/// Importing assets (CSV, Open Referral UK JSON) and exporting them as CSV. (Being written: the
/// handlers answer 501 until then.)
struct AssetTransferController {
    @Sendable func form(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func importCSV(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func importOpenReferral(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func exportCSV(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
    @Sendable func templateCSV(_ req: Request) async throws -> Response { throw Abort(.notImplemented) }
}
