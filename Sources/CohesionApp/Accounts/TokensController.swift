import Fluent
import Vapor

/// A person's own API tokens: create (shown once), list, revoke.
struct TokensController {

    /// How long a new token may last, as offered on the form (values are days; "never" has no expiry).
    static let lifetimes: [(value: String, label: String, days: Int?)] = [
        ("30", "30 days", 30), ("90", "90 days", 90), ("365", "1 year", 365), ("never", "Never", nil),
    ]
    static let defaultLifetime = "90"

    func render(_ req: Request, label: String = "", expires: String = TokensController.defaultLifetime,
                errors: FormErrors = .init(), newToken: String? = nil) async throws -> Response {
        let user = try req.requireUser()
        let now = req.now
        let tokens = try await req.tenant.query(APIToken.self).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).all()
        let rows = tokens.map { t in
            TokensPage.Row(id: t.id!, label: t.label, prefix: t.prefix, created: t.createdAt.map(DisplayFormat.dateTime) ?? "",
                lastUsed: t.lastUsedAt.map(DisplayFormat.dateTime) ?? "Never", expires: t.expiresAt.map(DisplayFormat.dateTime) ?? "Never",
                expired: t.expiresAt.map { $0 <= now } ?? false, revoked: t.revokedAt != nil)
        }
        let fields = [
            FormField(name: "label", label: "Name for the new token", value: label,
                      hint: "Say what will use it, for example ‘Power BI report’", spellcheck: false),
            FormField(name: "expires", label: "Expires", kind: .radios,
                      hint: "A token that expires stops working by itself. Choose the shortest time that will do.",
                      options: Self.lifetimes.map { .init(value: $0.value, label: $0.label, selected: $0.value == expires) }),
        ].map { $0.with(errors: errors) }
        return try await req.render(TokensPage(rows: rows, fields: fields, errors: errors, newToken: newToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func index(_ req: Request) async throws -> Response { try await render(req) }

    @Sendable func create(_ req: Request) async throws -> Response {
        let form = SubmittedForm(req)
        let label = form["label"]
        // The form always sends a choice; a client that leaves it out gets the form's default.
        let expires = form.optional("expires") ?? Self.defaultLifetime
        var errors = FormErrors()
        if label.isEmpty { errors.add("label", "Enter a name for the token") }
        else if label.count > 100 { errors.add("label", "Name must be 100 characters or fewer") }
        let lifetime = Self.lifetimes.first { $0.value == expires }
        if lifetime == nil { errors.add("expires", "Choose when the token expires") }
        guard errors.isEmpty, let lifetime else { return try await render(req, label: label, expires: expires, errors: errors) }
        let token = try await APITokens.create(for: req.requireUser(), label: label,
                                               expiresAt: lifetime.days.map { req.now.addingTimeInterval(Double($0) * 86_400) },
                                               on: req.db, request: req)
        return try await render(req, newToken: token)
    }

    @Sendable func revoke(_ req: Request, id: UUID) async throws -> Response {
        let user = try req.requireUser()
        guard let token = try await req.tenant.query(APIToken.self).filter(\.$id == id)
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
    /// Creates a token, to stop working at `expiresAt` (nil: never), and returns its only readable copy.
    static func create(for user: User, label: String, expiresAt: Date? = nil, on db: Database, request: Request?) async throws -> String {
        let token = Secrets.token(prefix: "coh_")
        let record = APIToken(councilID: user.councilID, userID: try user.requireID(), label: label,
                              tokenHash: Secrets.hash(token), prefix: String(token.prefix(10)), expiresAt: expiresAt)
        try await db.transaction { db in
            try await record.create(on: db)
            try await AuditLog.write(.create, .apiToken, recordID: record.id,
                                     summary: "created token ‘\(label)’" + (expiresAt.map { ", expiring \(DisplayFormat.dateTime($0))" } ?? ", not expiring"),
                                     by: user, council: user.councilID, ipAddress: request?.clientAddress,
                                     at: request?.now ?? Date(), on: db)
        }
        return token
    }
}
