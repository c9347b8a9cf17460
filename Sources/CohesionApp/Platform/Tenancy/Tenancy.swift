import Fluent
import SQLKit
import Vapor

/// A model whose rows belong to one council. Every query for such a model goes through
/// `Request.tenant` so that a user of one council can never see or change another's rows.
protocol CouncilOwned: Model where IDValue == UUID {
    var councilID: UUID { get set }
    static var councilIDField: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

/// The tenant-scoped way into the database for one request.
struct TenantScope {
    let council: Council
    let database: Database

    var councilID: UUID { council.id! }

    /// All rows of `model` that belong to this council.
    func query<M: CouncilOwned>(_ model: M.Type) -> QueryBuilder<M> {
        M.query(on: database).filter(M.councilIDField == councilID)
    }

    /// One row of this council, or nil (also when the id belongs to another council).
    func find<M: CouncilOwned>(_ model: M.Type, _ id: UUID?) async throws -> M? {
        guard let id else { return nil }
        return try await query(model).filter(\M._$id == id).first()
    }

    /// One row of this council, or a 404.
    func require<M: CouncilOwned>(_ model: M.Type, _ id: UUID?) async throws -> M {
        guard let row = try await find(model, id) else { throw Abort(.notFound) }
        return row
    }

    /// A plain SQL select on one of this council's tables, for hot read paths that decode rows
    /// into small structs: Fluent builds each model through reflection, which costs far more
    /// than the query itself when a public page lists many rows (see bench/README.md).
    func select(from table: String) throws -> SQLSelectBuilder {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database needed") }
        return sql.select().from(table).where(SQLColumn("council_id", table: table), .equal, SQLBind(councilID))
    }

    /// Stamps a new row with this council before it is saved.
    func adopt<M: CouncilOwned>(_ row: M) -> M {
        row.councilID = councilID
        return row
    }

    func on(_ database: Database) -> TenantScope { TenantScope(council: council, database: database) }
}

extension Request {
    private struct CouncilKey: StorageKey { typealias Value = Council }

    /// The council this request is for, resolved from its host by `TenantMiddleware`.
    var council: Council {
        get throws {
            guard let council = storage[CouncilKey.self] else { throw Abort(.notFound, reason: "No council is served at this address.") }
            return council
        }
    }

    var councilIfResolved: Council? { storage[CouncilKey.self] }

    func setCouncil(_ council: Council) { storage[CouncilKey.self] = council }

    var tenant: TenantScope {
        get throws { TenantScope(council: try council, database: db) }
    }
}

/// Keeps the list of councils for a few seconds so that resolving the tenant costs no query
/// on most requests. Several app processes stay correct because the list is only cached
/// briefly and councils are created rarely.
actor CouncilDirectory {
    private var cached: [Council] = []
    private var loadedAt: Date = .distantPast
    private let ttl: TimeInterval = 5

    func councils(on db: Database) async throws -> [Council] {
        if Date().timeIntervalSince(loadedAt) < ttl { return cached }
        cached = try await Council.query(on: db).sort(\.$createdAt).all()
        loadedAt = Date()
        return cached
    }

    func invalidate() { loadedAt = .distantPast }

    /// A single-council deployment serves that council on any host; otherwise the host decides.
    static func resolve(host: String?, among councils: [Council]) -> Council? {
        if councils.count == 1 { return councils[0] }
        guard let host = host?.split(separator: ":").first.map({ $0.lowercased() }) else { return nil }
        return councils.first { $0.host?.lowercased() == host }
    }
}

extension Application {
    private struct DirectoryKey: StorageKey { typealias Value = CouncilDirectory }

    var councilDirectory: CouncilDirectory {
        if let existing = storage[DirectoryKey.self] { return existing }
        let directory = CouncilDirectory()
        storage[DirectoryKey.self] = directory
        return directory
    }
}

/// Resolves the council for every request. With no council yet, pages lead to first-run setup.
struct TenantMiddleware: AsyncMiddleware {
    let directory: CouncilDirectory

    /// Operations endpoints serve the process, not a council, and must answer even when the
    /// council list can't be read (that is what `/healthz` reports).
    static let councilFree: Set<String> = ["/healthz", "/metrics"]

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if Self.councilFree.contains(request.url.path) { return try await next.respond(to: request) }
        let councils = try await directory.councils(on: request.db)
        if let council = CouncilDirectory.resolve(host: request.headers.first(name: .host), among: councils) {
            request.setCouncil(council)
        } else if councils.isEmpty, Self.needsSetup(request) {
            return request.redirect(to: "/setup")
        }
        return try await next.respond(to: request)
    }

    /// Pages other than setup itself, operations endpoints and static files send a fresh
    /// installation to the setup page.
    static func needsSetup(_ request: Request) -> Bool {
        let path = request.url.path
        let exempt = ["/setup", "/healthz", "/metrics", "/api/", "/css/", "/js/", "/favicon", "/robots.txt"]
        return request.method == .GET && !exempt.contains { path == $0 || path.hasPrefix($0) }
    }
}
