import CohesionCore
import Fluent
import SQLKit
import Vapor

/// After an award: paying it (scheduled payments, then marked paid) and hearing how it went
/// (a monitoring report due on a date, reminders, the group's report, an officer's sign-off),
/// until the grant is closed.
enum GrantAftercare {
    /// One payment schedule change at a time per application in this process, so two officers
    /// scheduling at once can't both fit under the award (`OneAtATime`).
    static let perApplication = OneAtATime()

    /// Schedules a payment of part or all of what is left of the award.
    static func schedulePayment(_ applicationID: UUID, amountPence: Int, due: CalendarDate, by user: User, tenant: TenantScope,
                                now: Date) async throws -> GrantPayment {
        try await perApplication.run(applicationID) {
            guard let application = try await tenant.find(GrantApplication.self, applicationID) else { throw Abort(.notFound) }
            guard application.state == .awarded || application.state == .inMonitoring, let awarded = application.awardedPence else {
                throw GrantDecisionRefused(reason: .workflow(.wrongState), message: "Only an award that stands can be paid")
            }
            let scheduled = try await tenant.query(GrantPayment.self).filter(\.$application.$id == applicationID).all().reduce(0) { $0 + $1.amountPence }
            guard amountPence > 0 else { throw GrantDecisionRefused(reason: .workflow(.incomplete(.amount)), message: "Enter an amount to pay, more than £0") }
            guard scheduled + amountPence <= awarded else {
                throw GrantDecisionRefused(reason: .budget, message: "Only \(Money.pounds(awarded - scheduled)) of the \(Money.pounds(awarded)) award is left to schedule")
            }
            let payment = GrantPayment(councilID: tenant.councilID, applicationID: applicationID, amountPence: amountPence, dueOn: due)
            try await tenant.database.transaction { db in
                try await payment.create(on: db)
                try await AuditLog.write(.update, .grantApplication, recordID: applicationID,
                                         summary: "payment of \(Money.pounds(amountPence)) scheduled for \(due.iso) on \(application.reference ?? "")",
                                         by: user, council: tenant.councilID, ipAddress: nil, at: now, on: db)
            }
            return payment
        }
    }

    /// Marks a payment paid, once: a second click changes nothing.
    static func markPaid(_ paymentID: UUID, by user: User, tenant: TenantScope, now: Date) async throws -> GrantPayment {
        guard let payment = try await tenant.find(GrantPayment.self, paymentID) else { throw Abort(.notFound) }
        try await tenant.database.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            struct Row: Decodable { let id: UUID }
            let claimed = try await sql.update(GrantPayment.schema).set("paid_at", to: now).set("paid_by", to: user.requireID())
                .where("id", .equal, paymentID).where("council_id", .equal, tenant.councilID).where("paid_at", .is, SQLLiteral.null)
                .returning("id").all(decoding: Row.self)
            if !claimed.isEmpty {
                try await AuditLog.write(.update, .grantApplication, recordID: payment.$application.id,
                                         summary: "payment of \(Money.pounds(payment.amountPence)) marked paid", by: user,
                                         council: tenant.councilID, ipAddress: nil, at: now, on: db)
            }
        }
        return try await tenant.require(GrantPayment.self, paymentID)
    }

    /// What has been paid from each fund, in pence: one query.
    static func paidByFund(_ tenant: TenantScope) async throws -> [UUID: Int] {
        let paid = try await tenant.query(GrantPayment.self).filter(\.$paidAt != nil).all()
        guard !paid.isEmpty else { return [:] }
        let applications = try await tenant.query(GrantApplication.self).filter(\.$id ~~ Set(paid.map { $0.$application.id })).all()
        let rounds = try await tenant.query(GrantRound.self).all()
        let fundOfRound = Dictionary(uniqueKeysWithValues: rounds.map { ($0.id!, $0.$fund.id) })
        let fundOfApplication = Dictionary(uniqueKeysWithValues: applications.map { ($0.id!, fundOfRound[$0.$round.id]) })
        var totals: [UUID: Int] = [:]
        for payment in paid { if let fund = fundOfApplication[payment.$application.id] ?? nil { totals[fund, default: 0] += payment.amountPence } }
        return totals
    }

    // MARK: Monitoring

    /// The report due when monitoring starts: the date given, else four weeks after the project ends.
    static func startMonitoring(_ applicationID: UUID, due: CalendarDate?, answers: GrantApplicationAnswers, today: CalendarDate,
                                on db: any Database, council: UUID) async throws {
        let dueOn = due ?? (answers.endDate ?? today).adding(days: 28)
        try await GrantMonitoringReport(councilID: council, applicationID: applicationID, dueOn: dueOn).create(on: db)
    }

    static func report(of applicationID: UUID, tenant: TenantScope) async throws -> GrantMonitoringReport? {
        try await tenant.query(GrantMonitoringReport.self).filter(\.$application.$id == applicationID).first()
    }

    /// Signs off a sent report, once.
    static func signOff(_ applicationID: UUID, by user: User, tenant: TenantScope, now: Date) async throws {
        guard let report = try await report(of: applicationID, tenant: tenant) else {
            throw GrantDecisionRefused(reason: .workflow(.wrongState), message: "This grant has no monitoring report yet")
        }
        guard report.submittedAt != nil else {
            throw GrantDecisionRefused(reason: .workflow(.wrongState), message: "The group hasn't sent its report yet")
        }
        guard report.signedOffAt == nil else { return }
        report.signedOffAt = now
        report.$signedOffBy.id = try user.requireID()
        try await tenant.database.transaction { db in
            try await report.update(on: db)
            try await AuditLog.write(.update, .grantApplication, recordID: applicationID, summary: "monitoring report signed off",
                                     by: user, council: tenant.councilID, ipAddress: nil, at: now, on: db)
        }
    }

    /// Sends the reminders due today for every council (or one), each once; the number sent.
    static func remind(on db: any Database, mailer: any Mailer, publicURL: String, today: CalendarDate, council only: UUID? = nil) async throws -> Int {
        var query = GrantMonitoringReport.query(on: db).filter(\.$submittedAt == nil)
        if let only { query = query.filter(\.$councilID == only) }
        // The reminders due, then their applications and councils in one query each.
        let due = try await query.all().compactMap { report -> (GrantMonitoringReport, CalendarDate, GrantMonitoring.Reminder)? in
            guard let date = report.due, let reminder = GrantMonitoring.reminder(due: date, today: today, submitted: false,
                                                                                sentDueSoon: report.remindedDueSoon, sentOverdue: report.remindedOverdue)
            else { return nil }
            return (report, date, reminder)
        }
        guard !due.isEmpty else { return 0 }
        let applications = Dictionary(uniqueKeysWithValues: try await GrantApplication.query(on: db)
            .filter(\.$id ~~ due.map { $0.0.$application.id }).all().map { ($0.id!, $0) })
        let councils = Dictionary(uniqueKeysWithValues: try await Council.query(on: db).filter(\.$id ~~ Set(due.map { $0.0.councilID })).all().map { ($0.id!, $0) })
        var sent = 0
        for (report, due, reminder) in due {
            guard let application = applications[report.$application.id], application.state == .inMonitoring,
                  let council = councils[report.councilID] else { continue }
            let answers = application.answers
            let link = council.siteURL(configured: publicURL) + Grants.Routes.rounds.path.description
            let body = "Hello \(answers.contactName),\n\n"
                + (reminder == .dueSoon
                    ? "Your report on \(application.projectTitle) (\(application.reference ?? "")) is due on \(DisplayFormat.date(due)). "
                    : "Your report on \(application.projectTitle) (\(application.reference ?? "")) was due on \(DisplayFormat.date(due)) and we haven't had it yet. ")
                + "Please tell us how the project went, using the link to your application from our emails. If that link no longer works, open it and ask for a new one.\n\n"
                + "Grants: \(link)\n\n\(council.name) community cohesion team"
            // Marked first: a reminder that fails to send is not sent twice by a rerun.
            if reminder == .dueSoon { report.remindedDueSoon = true } else { report.remindedOverdue = true }
            try await report.update(on: db)
            try await mailer.send(MailMessage(to: answers.contactEmail, subject: reminder == .dueSoon
                                                ? "Your grant report is due on \(DisplayFormat.date(due))" : "Your grant report is overdue", body: body))
            sent += 1
        }
        return sent
    }
}

/// `cohesion grants remind`: emails funded groups whose monitoring report is due soon or late,
/// once each. Safe to rerun, as DESIGN.md asks of batch work.
struct GrantCommands: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "task", help: "remind")
        var task: String
    }

    var help: String { "Grant tasks: `remind` emails groups whose monitoring report is due soon or overdue." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.task == "remind" else { throw GrantCommandError(message: "Unknown task \(signature.task): the one task is remind") }
        let app = context.application
        let sent = try await GrantAftercare.remind(on: app.db, mailer: app.services.mailer, publicURL: app.cohesionConfig.publicURL,
                                                   today: CalendarDate.inLondon(app.services.clock.now()))
        context.console.print("Sent \(sent) monitoring report reminder\(sent == 1 ? "" : "s").")
    }
}

struct GrantCommandError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
