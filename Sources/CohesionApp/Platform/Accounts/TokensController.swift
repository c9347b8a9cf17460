import Fluent
import Vapor

/// A person's own API tokens: create (shown once), list, revoke.
struct TokensController {
    struct Row: Encodable { let id: String; let label: String; let prefix: String; let created: String; let lastUsed: String; let revoked: Bool }
    struct Page: Encodable { let rows: [Row]; let fields: [FormField]; let errors: [FormErrors.Item]; let newToken: String? }

    func render(_ req: Request, label: String = "", errors: FormErrors = .init(), newToken: String? = nil) async throws -> Response {
        let user = try req.requireUser()
        let tokens = try await req.tenant.query(APIToken.self).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).all()
        let rows = tokens.map { t in
            Row(id: t.id!.uuidString, label: t.label, prefix: t.prefix, created: t.createdAt.map(DisplayFormat.dateTime) ?? "",
                lastUsed: t.lastUsedAt.map(DisplayFormat.dateTime) ?? "Never", revoked: t.revokedAt != nil)
        }
        let field = FormField(name: "label", label: "Name for the new token", value: label,
                              hint: "Say what will use it, for example ‘Power BI report’", spellcheck: false).with(errors: errors)
        return try await req.renderPage("account/tokens", title: "API tokens",
            Page(rows: rows, fields: [field], errors: errors.items, newToken: newToken),
            breadcrumbs: [.init(href: "/dashboard", label: "Dashboard")], errors: errors,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func index(_ req: Request) async throws -> Response { try await render(req) }

    @Sendable func create(_ req: Request) async throws -> Response {
        let label = SubmittedForm(req)["label"]
        var errors = FormErrors()
        if label.isEmpty { errors.add("label", "Enter a name for the token") }
        else if label.count > 100 { errors.add("label", "Name must be 100 characters or fewer") }
        guard errors.isEmpty else { return try await render(req, label: label, errors: errors) }
        let token = try await APITokens.create(for: req.requireUser(), label: label, on: req.db, request: req)
        return try await render(req, newToken: token)
    }

    @Sendable func revoke(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let token = try await req.tenant.query(APIToken.self).filter(\.$id == req.parameters.get("id", as: UUID.self) ?? UUID())
            .filter(\.$user.$id == user.requireID()).first() else { throw Abort(.notFound) }
        if token.revokedAt == nil {
            token.revokedAt = req.now
            try await req.db.transaction { db in
                try await token.update(on: db)
                try await AuditLog.record(.update, .apiToken, recordID: token.id, summary: "revoked token ‘\(token.label)’",
                                          by: user, council: user.councilID, on: db, request: req)
            }
        }
        return Flash.redirect(req, to: Accounts.Routes.tokens.path, message: "The token ‘\(token.label)’ has been revoked")
    }
}

enum APITokens {
    /// Creates a token and returns its only readable copy.
    static func create(for user: User, label: String, on db: Database, request: Request?) async throws -> String {
        let token = Secrets.token(prefix: "coh_")
        let record = APIToken(councilID: user.councilID, userID: try user.requireID(), label: label,
                              tokenHash: Secrets.hash(token), prefix: String(token.prefix(10)))
        try await db.transaction { db in
            try await record.create(on: db)
            try await AuditLog.write(.create, .apiToken, recordID: record.id, summary: "created token ‘\(label)’",
                                     by: user, council: user.councilID, ipAddress: request?.clientAddress,
                                     at: request?.now ?? Date(), on: db)
        }
        return token
    }
}
