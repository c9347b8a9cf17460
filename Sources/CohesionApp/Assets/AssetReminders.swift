import CohesionCore
import Fluent
import Vapor

/// Assets past their review date, for the people who look after them: officers and admins all
/// of the council's, a locality lead their locality's, a partner their organisation's. Archived
/// assets need no review.
enum AssetReminders {
    static func dueQuery(for user: User, tenant: TenantScope, today: CalendarDate) -> QueryBuilder<Asset>? {
        var query = councilDueQuery(tenant: tenant, today: today)
        switch user.role {
        case .admin, .officer: break
        case .localityLead:
            guard let locality = user.localityID else { return nil }
            query = query.filter(\.$locality.$id == locality)
        case .partner:
            guard let organisation = user.organisationID else { return nil }
            query = query.filter(\.$organisation.$id == organisation).filter(\.$category != .individuals)
        default: return nil
        }
        return query
    }

    /// Every asset of the council past its review date.
    static func councilDueQuery(tenant: TenantScope, today: CalendarDate) -> QueryBuilder<Asset> {
        tenant.query(Asset.self).filter(\.$status != .archived).filter(\.$nextReview != nil).filter(\.$nextReview < today.iso)
    }

    static func dueCount(for user: User, tenant: TenantScope, today: CalendarDate) async throws -> Int {
        try await dueQuery(for: user, tenant: tenant, today: today)?.count() ?? 0
    }

    static func due(for user: User, tenant: TenantScope, today: CalendarDate) async throws -> [Asset] {
        try await dueQuery(for: user, tenant: tenant, today: today)?.sort(\.$nextReview).sort(\.$name).all() ?? []
    }
}

// MARK: - Reminders by email

extension AssetReminders {
    /// What one council's run did.
    struct Sent: Sendable {
        let people: Int
        let assets: Int
        /// Assets due with no one to tell (no active partner, lead or officer): left unmarked,
        /// so the next run tries again.
        let unowned: Int
    }

    /// Emails each person who looks after assets newly past their review date ONE message
    /// listing them, then records the review date reminded about (`remindedFor`), so a rerun
    /// sends nothing until a review date changes and falls due again.
    ///
    /// Who looks after an asset: its organisation's active partner accounts; without any, the
    /// active lead(s) of its locality; without any, the council's active officers. Partners are
    /// never told about individuals' records, as they can't see them. Messages go out before
    /// the assets are marked: a failure part way leaves them unmarked and a rerun sends again,
    /// as a repeated reminder is better than a lost one.
    static func remind(council: Council, on db: Database, mailer: any Mailer, siteURL: String, today: CalendarDate, now: Date) async throws -> Sent {
        let tenant = TenantScope(council: council, database: db)
        let due = try await councilDueQuery(tenant: tenant, today: today).sort(\.$nextReview).sort(\.$name).all()
            .filter { $0.remindedFor != $0.nextReview }
        guard !due.isEmpty else { return Sent(people: 0, assets: 0, unowned: 0) }
        let staff = try await tenant.query(User.self).filter(\.$active == true).sort(\.$email).all()
            .filter { [.partner, .localityLead, .officer].contains($0.role) }
        var byPerson: [UUID: (user: User, assets: [Asset])] = [:]
        var reminded: [Asset] = []
        for asset in due {
            let owners = owners(of: asset, among: staff)
            guard !owners.isEmpty else { continue }
            reminded.append(asset)
            for owner in owners { byPerson[owner.id!, default: (user: owner, assets: [])].assets.append(asset) }
        }
        var failed: Set<UUID> = []
        var firstError: (any Error)?
        for (id, entry) in byPerson.sorted(by: { $0.value.user.email < $1.value.user.email }) {
            do { try await mailer.send(message(to: entry.user, about: entry.assets, council: council, siteURL: siteURL)) }
            catch { failed.insert(id); firstError = firstError ?? error }
        }
        let failedAssets = Set(byPerson.filter { failed.contains($0.key) }.flatMap { $0.value.assets.compactMap(\.id) })
        let marked = reminded.filter { !failedAssets.contains($0.id!) }
        let people = byPerson.count - failed.count
        if !marked.isEmpty {
            try await db.transaction { db in
                for asset in marked {
                    asset.remindedFor = asset.nextReview
                    try await asset.update(on: db)
                }
                try await AuditLog.write(.update, .asset, recordID: nil,
                                         summary: "Review reminder sent to \(DisplayFormat.count(people, "person", plural: "people")) about \(DisplayFormat.count(marked.count, "asset"))",
                                         by: nil, council: tenant.councilID, ipAddress: nil, at: now, on: db)
            }
        }
        if let firstError { throw firstError }
        return Sent(people: people, assets: marked.count, unowned: due.count - reminded.count)
    }

    static func owners(of asset: Asset, among staff: [User]) -> [User] {
        if asset.category != .individuals, let organisation = asset.$organisation.id {
            let partners = staff.filter { $0.role == .partner && $0.organisationID == organisation }
            if !partners.isEmpty { return partners }
        }
        if let locality = asset.$locality.id {
            let leads = staff.filter { $0.role == .localityLead && $0.localityID == locality }
            if !leads.isEmpty { return leads }
        }
        return staff.filter { $0.role == .officer }
    }

    /// The email: each asset with the date its review was due, and the page that lists them.
    /// A person's record is named only as such: an email travels further than the register.
    static func message(to user: User, about assets: [Asset], council: Council, siteURL: String) -> MailMessage {
        let lines = assets.map { asset in
            let name = asset.category == .individuals ? "A person's skills record (individual)" : asset.name
            return "- \(name): review was due \(asset.nextReview.flatMap(CalendarDate.init(iso:))?.spoken ?? "—")"
        }
        let count = DisplayFormat.count(assets.count, "asset")
        return MailMessage(
            to: user.email, subject: "\(count) to review in \(council.name) Cohesion",
            body: "Hello \(user.name),\n\n\(assets.count == 1 ? "An asset you look after is" : "These \(count) you look after are") past \(assets.count == 1 ? "its" : "their") review date in the asset register:\n\n"
                + lines.joined(separator: "\n")
                + "\n\nPlease check the details with the people who run \(assets.count == 1 ? "it" : "them"), then record when you checked and the next review date:\n\n"
                + siteURL + Assets.Routes.reviews.path.description
                + "\n\nYou get one reminder for each review date.")
    }

    /// Where a council's pages are: the deployment's public address, or, where the deployment
    /// serves several councils, the council's own host on the same scheme.
    static func siteURL(for council: Council, publicURL: String, councilCount: Int) -> String {
        guard councilCount > 1, let host = council.host, !host.isEmpty,
              let components = URLComponents(string: publicURL), components.host?.lowercased() != host.lowercased() else { return publicURL }
        return (components.scheme ?? "https") + "://" + host
    }
}

/// `cohesion assets remind [--council HOST-OR-ID]`: emails the people who look after assets
/// newly past their review date (`AssetReminders.remind`), for every council or one. Safe to
/// rerun, as DESIGN.md asks of batch work: each review date is reminded about once.
struct AssetCommands: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "task", help: "remind: email the people who look after assets past their review date")
        var task: String
        @Option(name: "council", help: "Only this council: its host name (walsall.example.gov.uk) or id")
        var council: String?
    }

    static let usage = "cohesion assets remind [--council HOST-OR-ID]"
    var help: String { "Asset register tasks: remind (\(Self.usage))" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.task == "remind" else {
            throw UsageError("task", "‘\(signature.task.prefix(40))’ is not a task of cohesion assets. Usage: \(Self.usage)")
        }
        let app = context.application
        let all = try await Council.query(on: app.db).sort(\.$name).all()
        var councils = all
        if let wanted = signature.council?.trimmingCharacters(in: .whitespaces) {
            councils = all.filter { $0.host?.lowercased() == wanted.lowercased() || $0.id?.uuidString.lowercased() == wanted.lowercased() }
            guard !councils.isEmpty else { throw UsageError("council", "no council has the host or id ‘\(wanted.prefix(80))’") }
        }
        let now = app.services.clock.now()
        var people = 0, assets = 0
        for council in councils {
            let sent = try await AssetReminders.remind(
                council: council, on: app.db, mailer: app.services.mailer,
                siteURL: AssetReminders.siteURL(for: council, publicURL: app.cohesionConfig.publicURL, councilCount: all.count),
                today: CalendarDate.inLondon(now), now: now)
            people += sent.people
            assets += sent.assets
            if councils.count > 1, sent.people > 0 {
                context.console.output("\(council.name): \(DisplayFormat.count(sent.people, "reminder")) about \(DisplayFormat.count(sent.assets, "asset")).", style: .plain)
            }
            if sent.unowned > 0 {
                context.console.warning("\(council.name): \(DisplayFormat.count(sent.unowned, "asset")) past review with no active partner, lead or officer to tell.")
            }
        }
        context.console.success("Sent \(DisplayFormat.count(people, "reminder")) about \(DisplayFormat.count(assets, "asset")).")
    }
}
