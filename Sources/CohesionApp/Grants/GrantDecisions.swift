import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Why a step wasn't recorded, said so the person can act on it. Nothing was changed.
struct GrantDecisionRefused: Error, Sendable, Equatable {
    enum Reason: Sendable, Equatable {
        /// `GrantWorkflow` refused the move (wrong state, not allowed, something missing).
        case workflow(GrantTransitionRefusal.Kind)
        /// The fund hasn't the money left.
        case budget
        /// Someone else moved the application first.
        case changedMeanwhile
        /// The round isn't open, or the amount is outside its limits.
        case outsideRound
        /// A reviewer's scores, comments or conflict note don't do.
        case review
    }

    let reason: Reason
    let message: String
}

/// Officers' decisions that move money. Each is one transaction: the application's state, the
/// fund's committed total and the history change together or not at all.
enum GrantDecisions {
    /// One award at a time per fund in this process (see `OneAtATime`).
    static let perFund = OneAtATime()

    /// Awards `input.amountPence` to an application at panel, claiming it from the fund. Two
    /// officers awarding at once from the last of the money can't both succeed: the fund's
    /// committed total moves only by a conditional update (`committed + amount <= budget`), and
    /// the application only from `at_panel`, so whichever comes second changes nothing.
    static func award(_ applicationID: UUID, input: GrantTransitionInput, by user: User, tenant: TenantScope,
                      ipAddress: String? = nil) async throws -> GrantApplication {
        guard let application = try await tenant.find(GrantApplication.self, applicationID) else { throw Abort(.notFound) }
        let round = try await tenant.require(GrantRound.self, application.$round.id)
        let limits = GrantAwardLimits(requestedPence: application.requestedPence, roundMaximumPence: round.maximumPence)
        if case .failure(let refusal) = GrantWorkflow.apply(.award, from: application.state, by: .officer, input: input, limits: limits) {
            throw GrantDecisionRefused(reason: .workflow(refusal.kind), message: refusal.message)
        }
        let amount = input.amountPence!
        let fundID = round.$fund.id
        return try await perFund.run(fundID) {
            try await tenant.database.transaction { db in
                guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database needed") }
                let now = Date()
                let claimed = try await sql.raw("""
                    UPDATE \(ident: GrantFund.schema) SET \(ident: "committed_pence") = \(ident: "committed_pence") + \(bind: amount), \
                    \(ident: "updated_at") = \(bind: now) \
                    WHERE \(ident: "id") = \(bind: fundID) AND \(ident: "council_id") = \(bind: tenant.councilID) \
                    AND \(ident: "committed_pence") + \(bind: amount) <= \(ident: "budget_pence") RETURNING \(ident: "id")
                    """).all()
                guard !claimed.isEmpty else {
                    let fund = try await tenant.on(db).require(GrantFund.self, fundID)
                    throw GrantDecisionRefused(reason: .budget, message: fund.remainingPence <= 0
                        ? "\(fund.name) has no money left to award"
                        : "\(fund.name) has only \(Money.pounds(fund.remainingPence)) left: award that or less")
                }
                let moved = try await GrantTransitions.conditionalMove(applicationID, from: .atPanel, to: .awarded,
                                                                       more: ["awarded_pence": amount, "decided_at": now],
                                                                       now: now, council: tenant.councilID, on: db)
                // Thrown inside the transaction, so the fund's claim above is rolled back too.
                guard moved != nil else {
                    throw GrantDecisionRefused(reason: .changedMeanwhile,
                                               message: "Someone else has decided this application since you opened it. Check its history and try again")
                }
                try await GrantApplicationEvent(councilID: tenant.councilID, applicationID: applicationID, action: .award, from: .atPanel, to: .awarded,
                                                actor: .officer, userID: user.id, input: input).create(on: db)
                try await AuditLog.write(.update, .grantApplication, recordID: applicationID,
                                         summary: "awarded \(Money.pounds(amount)) to \(application.reference ?? application.projectTitle)",
                                         by: user, council: tenant.councilID, ipAddress: ipAddress, at: now, on: db)
                return try await tenant.on(db).require(GrantApplication.self, applicationID)
            }
        }
    }
}
