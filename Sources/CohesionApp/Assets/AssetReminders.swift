import CohesionCore
import Fluent
import Vapor

/// Assets past their review date, for the people who look after them: officers and admins all
/// of the council's, a locality lead their locality's, a partner their organisation's. Archived
/// assets need no review.
enum AssetReminders {
    static func dueQuery(for user: User, tenant: TenantScope, today: CalendarDate) -> QueryBuilder<Asset>? {
        var query = tenant.query(Asset.self).filter(\.$status != .archived).filter(\.$nextReview != nil).filter(\.$nextReview < today.iso)
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

    static func dueCount(for user: User, tenant: TenantScope, today: CalendarDate) async throws -> Int {
        try await dueQuery(for: user, tenant: tenant, today: today)?.count() ?? 0
    }

    static func due(for user: User, tenant: TenantScope, today: CalendarDate) async throws -> [Asset] {
        try await dueQuery(for: user, tenant: tenant, today: today)?.sort(\.$nextReview).sort(\.$name).all() ?? []
    }
}

/// `cohesion assets remind`. (Being written.)
struct AssetCommands: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Asset register tasks: remind" }
    func run(using context: CommandContext, signature: Signature) async throws {}
}
