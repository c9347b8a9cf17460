import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Setting grants up: funds (a name and a budget, which can't fall below what is already
/// committed) and rounds (`GrantRoundForm`). Every change is audited.
struct GrantSetupController {
    // MARK: Funds

    @Sendable func newFund(_ req: Request) async throws -> Response {
        try await req.render(GrantFundFormPage(fund: nil, typed: [:], errors: .init()))
    }

    @Sendable func createFund(_ req: Request) async throws -> Response {
        try await saveFund(req, fund: nil)
    }

    @Sendable func editFund(_ req: Request, id: UUID) async throws -> Response {
        guard let fund = try await req.tenant.find(GrantFund.self, id) else { throw Abort(.notFound) }
        return try await req.render(GrantFundFormPage(fund: fund, typed: ["name": fund.name, "budget": Money.plain(fund.budgetPence)], errors: .init()))
    }

    @Sendable func updateFund(_ req: Request, id: UUID) async throws -> Response {
        guard let fund = try await req.tenant.find(GrantFund.self, id) else { throw Abort(.notFound) }
        return try await saveFund(req, fund: fund)
    }

    private func saveFund(_ req: Request, fund existing: GrantFund?) async throws -> Response {
        let user = try req.requireUser(), tenant = try req.tenant
        let form = SubmittedForm(req)
        var errors = FormErrors()
        let name = form["name"]
        if name.isEmpty { errors.add("name", "Enter the fund's name, like Community cohesion micro-grants 2027/28") }
        else if name.count > GrantRoundForm.nameLimit { errors.add("name", "The name must be \(GrantRoundForm.nameLimit) characters or fewer") }
        let budget = Money.pence(from: form["budget"])
        if budget == nil { errors.add("budget", "Enter the budget in pounds, like 87,000") }
        let typed = ["name": name, "budget": form["budget"]]
        guard errors.isEmpty, let budget else {
            return try await req.render(GrantFundFormPage(fund: existing, typed: typed, errors: errors), status: .unprocessableEntity)
        }
        let fund = existing ?? tenant.adopt(GrantFund(councilID: tenant.councilID, name: name, budgetPence: budget))
        if let existing, let sql = req.db as? any SQLDatabase {
            // Lowered only as far as what is committed, checked in the statement that lowers it
            // (an award at the same moment may have just claimed some).
            struct Row: Decodable { let id: UUID }
            let changed = try await sql.update(GrantFund.schema).set("name", to: name).set("budget_pence", to: budget).set("updated_at", to: req.now)
                .where("id", .equal, existing.requireID()).where("council_id", .equal, tenant.councilID)
                .where(SQLLiteral.numeric(String(budget)), .greaterThanOrEqual, SQLColumn("committed_pence"))
                .returning("id").all(decoding: Row.self)
            guard !changed.isEmpty else {
                errors.add("budget", "\(Money.pounds(existing.committedPence)) is already committed to awards: the budget can't be less")
                return try await req.render(GrantFundFormPage(fund: existing, typed: typed, errors: errors), status: .conflict)
            }
        } else {
            try await fund.create(on: req.db)
        }
        try await AuditLog.record(existing == nil ? .create : .update, .grantFund, recordID: fund.id,
                                  summary: "\(existing == nil ? "fund created" : "fund changed"): \(name), budget \(Money.pounds(budget))",
                                  by: user, council: tenant.councilID, on: req.db, request: req)
        return Flash.redirect(req, to: Grants.Routes.manage.path, message: existing == nil ? "Fund created." : "Fund saved.")
    }

    // MARK: Rounds

    @Sendable func newRound(_ req: Request) async throws -> Response {
        let funds = try await req.tenant.query(GrantFund.self).sort(\.$name).all()
        return try await req.render(GrantRoundFormPage(round: nil, funds: funds, form: GrantRoundForm(round: nil), areas: try await GrantQueries.areas(req),
                                                       questionsFixed: false, criteriaFixed: false))
    }

    @Sendable func createRound(_ req: Request) async throws -> Response {
        try await saveRound(req, round: nil)
    }

    @Sendable func editRound(_ req: Request, id: UUID) async throws -> Response {
        guard let round = try await req.tenant.find(GrantRound.self, id) else { throw Abort(.notFound) }
        let funds = try await req.tenant.query(GrantFund.self).sort(\.$name).all()
        let (questionsFixed, criteriaFixed) = try await Self.fixed(round, tenant: req.tenant)
        var form = GrantRoundForm(round: round)
        for code in round.priorityAreas { form.typed["priority_\(code)"] = "on" }
        return try await req.render(GrantRoundFormPage(round: round, funds: funds, form: form, areas: try await GrantQueries.areas(req),
                                                       questionsFixed: questionsFixed, criteriaFixed: criteriaFixed))
    }

    @Sendable func updateRound(_ req: Request, id: UUID) async throws -> Response {
        guard let round = try await req.tenant.find(GrantRound.self, id) else { throw Abort(.notFound) }
        return try await saveRound(req, round: round)
    }

    /// Questions are fixed once a group has started on them; criteria once a reviewer has scored.
    static func fixed(_ round: GrantRound, tenant: TenantScope) async throws -> (questions: Bool, criteria: Bool) {
        let applications = try await tenant.query(GrantApplication.self).filter(\.$round.$id == round.requireID()).all()
        let ids = applications.compactMap(\.id)
        let scored = ids.isEmpty ? false : try await tenant.query(GrantReview.self).filter(\.$application.$id ~~ ids).all().contains { !$0.scores.isEmpty }
        return (!applications.isEmpty, scored)
    }

    private func saveRound(_ req: Request, round existing: GrantRound?) async throws -> Response {
        let user = try req.requireUser(), tenant = try req.tenant
        let funds = try await tenant.query(GrantFund.self).sort(\.$name).all()
        let areas = try await GrantQueries.areas(req)
        let submitted = SubmittedForm(req)
        var form = GrantRoundForm(round: existing)
        let values = form.read(submitted, funds: funds, existing: existing)
        var (questionsFixed, criteriaFixed) = (false, false)
        if let existing { (questionsFixed, criteriaFixed) = try await Self.fixed(existing, tenant: tenant) }
        if let existing, questionsFixed, values.eligibility != existing.eligibility {
            form.errors.add("question_1", "Groups have already applied to this round, so its eligibility questions can't change")
        }
        if let existing, criteriaFixed, values.criteria != existing.criteria {
            form.errors.add("criterion_1", "Reviewers have already scored applications in this round, so its criteria can't change")
        }
        let known = areas.localityCodes.union(areas.wardCodes)
        let priority = submitted.all.keys.filter { $0.hasPrefix("priority_") }.map { String($0.dropFirst("priority_".count)) }.filter(known.contains).sorted()
        guard form.errors.isEmpty, let fundID = values.fundID else {
            return try await req.render(GrantRoundFormPage(round: existing, funds: funds, form: form, areas: areas,
                                                           questionsFixed: questionsFixed, criteriaFixed: criteriaFixed), status: .unprocessableEntity)
        }
        let round = existing ?? tenant.adopt(GrantRound())
        round.$fund.id = fundID
        round.name = values.name
        round.referencePrefix = values.prefix
        round.opensAt = values.opensAt
        round.closesAt = values.closesAt
        round.minimumPence = values.minimumPence
        round.maximumPence = values.maximumPence
        round.guidance = values.guidance
        round.eligibility = values.eligibility
        round.criteria = values.criteria
        round.priorityAreas = priority
        if existing == nil { round.isExample = false }
        try await req.db.transaction { db in
            try await round.save(on: db)
            try await AuditLog.record(existing == nil ? .create : .update, .grantFund, recordID: round.id,
                                      summary: "round \(existing == nil ? "created" : "changed"): \(round.name)", by: user, council: tenant.councilID, on: db, request: req)
        }
        return Flash.redirect(req, to: Grants.Routes.manageRound.path(round.id!), message: existing == nil ? "Round created." : "Round saved.")
    }
}
