import CohesionCore
import Fluent
import SQLKit
import Vapor

/// References people quote on the phone: the round's prefix, the year and a number counted per
/// prefix and year, `CMG-2026-0042`. The number comes from one upsert on a counter row, so two
/// groups sending at the same moment get different numbers on either database, and a number is
/// only used if the application it was taken for is sent (it is taken inside that transaction).
enum GrantReferences {
    static func next(prefix: String, year: Int, council: UUID, on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database needed") }
        let row = try await sql.raw("""
            INSERT INTO \(ident: "grant_reference_counters") (\(ident: "council_id"), \(ident: "prefix"), \(ident: "year"), \(ident: "last_number")) \
            VALUES (\(bind: council), \(bind: prefix), \(bind: year), 1) \
            ON CONFLICT (\(ident: "council_id"), \(ident: "prefix"), \(ident: "year")) \
            DO UPDATE SET \(ident: "last_number") = \(ident: "grant_reference_counters").\(ident: "last_number") + 1 \
            RETURNING \(ident: "last_number")
            """).first()
        guard let number = try row?.decode(column: "last_number", as: Int.self) else {
            throw Abort(.internalServerError, reason: "No reference number was returned")
        }
        return text(prefix: prefix, year: year, number: number)
    }

    /// Four digits at least: `CMG-2026-0042`, then `CMG-2026-10000` if a year ever needs it.
    static func text(prefix: String, year: Int, number: Int) -> String {
        let digits = String(number)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Sending an application: the group's last step. Sending twice (a double click, a second tab)
/// sends it once and answers both with the same reference.
enum GrantSubmission {
    static func submit(_ applicationID: UUID, tenant: TenantScope, now: Date) async throws -> GrantApplication {
        guard let application = try await tenant.find(GrantApplication.self, applicationID) else { throw Abort(.notFound) }
        if application.state == .submitted, application.reference != nil { return application }
        let round = try await tenant.require(GrantRound.self, application.$round.id)
        if let problem = problem(application, round: round, now: now) { throw GrantDecisionRefused(reason: .outsideRound, message: problem) }
        if case .failure(let refusal) = GrantWorkflow.apply(.submit, from: application.state, by: .applicant) {
            throw GrantDecisionRefused(reason: .workflow(refusal.kind), message: refusal.message)
        }
        do {
            return try await tenant.database.transaction { db in
                // Sent again after an officer returned it: the reference the group already has.
                var reference = application.reference ?? ""
                if reference.isEmpty {
                    reference = try await GrantReferences.next(prefix: round.referencePrefix, year: CalendarDate.inLondon(now).year,
                                                               council: tenant.councilID, on: db)
                }
                let moved = try await GrantTransitions.conditionalMove(applicationID, from: .draft, to: .submitted,
                                                                       more: ["reference": reference, "submitted_at": now],
                                                                       now: now, council: tenant.councilID, on: db)
                // Sent meanwhile by the other click: this transaction, and its number, roll back.
                guard moved != nil else { throw SentMeanwhile() }
                try await GrantApplicationEvent(councilID: tenant.councilID, applicationID: applicationID, action: .submit, from: .draft,
                                                to: .submitted, actor: .applicant, userID: nil, input: .init()).create(on: db)
                return try await tenant.on(db).require(GrantApplication.self, applicationID)
            }
        } catch is SentMeanwhile {
            let current = try await tenant.require(GrantApplication.self, applicationID)
            guard current.state == .submitted else {
                throw GrantDecisionRefused(reason: .changedMeanwhile, message: "This application changed while it was being sent. Check it and send it again")
            }
            return current
        }
    }

    private struct SentMeanwhile: Error {}

    /// What stops a draft being sent, in the group's words, or nil.
    static func problem(_ application: GrantApplication, round: GrantRound, now: Date) -> String? {
        if now < round.opensAt { return "\(round.name) opens on \(DisplayFormat.dateTime(round.opensAt)). You can send your application then" }
        if now >= round.closesAt { return "\(round.name) closed on \(DisplayFormat.dateTime(round.closesAt)). Applications can no longer be sent" }
        if application.requestedPence < round.minimumPence {
            return "Ask for at least \(Money.pounds(round.minimumPence)): the smallest grant in \(round.name)"
        }
        if application.requestedPence > round.maximumPence {
            return "Ask for \(Money.pounds(round.maximumPence)) or less: the largest grant in \(round.name)"
        }
        return nil
    }
}
