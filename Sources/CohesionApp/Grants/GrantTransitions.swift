import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The workflow's moves that carry no money in (everything but sending and awarding, which
/// `GrantSubmission` and `GrantDecisions` do): checked by `GrantWorkflow`, then one transaction
/// that moves the application only from the state it was read in, writes its history and audit
/// entry, and gives back an award's money to the fund when an awarded grant is withdrawn.
enum GrantTransitions {
    /// `alongside`: more writes that belong to the move (the reviewers `startReview` assigns),
    /// run in its transaction after the application has moved.
    static func move(_ applicationID: UUID, _ action: GrantAction, by actor: GrantActor, user: User?, input: GrantTransitionInput,
                     tenant: TenantScope, now: Date, ipAddress: String? = nil,
                     alongside: (@Sendable (any Database) async throws -> Void)? = nil) async throws -> GrantApplication {
        precondition(action != .award && action != .submit, "awards and sending have their own functions")
        guard let application = try await tenant.find(GrantApplication.self, applicationID) else { throw Abort(.notFound) }
        let from = application.state
        let to: GrantApplicationState
        switch GrantWorkflow.apply(action, from: from, by: actor, input: input) {
        case .success(let state): to = state
        case .failure(let refusal): throw GrantDecisionRefused(reason: .workflow(refusal.kind), message: refusal.message)
        }
        let round = try await tenant.require(GrantRound.self, application.$round.id)
        return try await GrantDecisions.perFund.run(round.$fund.id) {
            try await tenant.database.transaction { db in
                let decided = to == .declined || to == .withdrawn
                let moved = try await conditionalMove(applicationID, from: from, to: to, more: decided ? ["decided_at": now] : [:],
                                                      now: now, council: tenant.councilID, on: db)
                guard let row = moved else {
                    throw GrantDecisionRefused(reason: .changedMeanwhile,
                                               message: "Someone else has moved this application on since you opened it. Check its history and try again")
                }
                // A withdrawn award's money goes back to the fund for others.
                if from.holdsAward && !to.holdsAward, let awarded = try row.decode(column: "awarded_pence", as: Int?.self) {
                    guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database needed") }
                    try await sql.update(GrantFund.schema).set(SQLIdentifier("committed_pence"),
                                                               to: SQLBinaryExpression(SQLIdentifier("committed_pence"), .subtract, SQLBind(awarded)))
                        .set("updated_at", to: now).where("id", .equal, round.$fund.id).where("council_id", .equal, tenant.councilID).run()
                }
                try await alongside?(db)
                try await GrantApplicationEvent(councilID: tenant.councilID, applicationID: applicationID, action: action, from: from, to: to,
                                                actor: actor, userID: user?.id, input: input).create(on: db)
                let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
                try await AuditLog.write(.update, .grantApplication, recordID: applicationID,
                                         summary: "\(action.pastTense): \(application.reference ?? application.projectTitle)" + (reason.isEmpty ? "" : " (\(reason))"),
                                         by: user, council: tenant.councilID, ipAddress: ipAddress, at: now, on: db)
                return try await tenant.on(db).require(GrantApplication.self, applicationID)
            }
        }
    }

    /// Moves an application from `from` to `to` with one conditional update, setting `more`
    /// columns too: the row (its `awarded_pence`), or nil when it was no longer in `from`
    /// because someone else moved it first. Every move of an application goes through here.
    static func conditionalMove(_ id: UUID, from: GrantApplicationState, to: GrantApplicationState, more: [String: any Encodable & Sendable],
                                now: Date, council: UUID, on db: any Database) async throws -> (any SQLRow)? {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database needed") }
        let update = sql.update(GrantApplication.schema).set("state", to: to.rawValue).set("updated_at", to: now)
        for (column, value) in more { update.set(column, to: value) }
        return try await update.where("id", .equal, id).where("council_id", .equal, council).where("state", .equal, from.rawValue)
            .returning("awarded_pence").first()
    }
}
