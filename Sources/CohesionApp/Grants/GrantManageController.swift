import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The cohesion team's side of grants: the funds' figures, a round's applications, one
/// application with every step the workflow allows from where it is, and the panel pack. Each
/// step goes through `GrantWorkflow` (via `GrantTransitions`, `GrantReviews` or
/// `GrantDecisions`); a refused step says why and changes nothing. Decisions are emailed to the
/// group (`GrantLetters`).
struct GrantManageController {
    @Sendable func overview(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let funds = try await tenant.query(GrantFund.self).sort(\.$name).all()
        let rounds = try await tenant.query(GrantRound.self).sort(\.$opensAt, .descending).all()
        let counts = try await GrantQueries.stateCounts(tenant)
        let paid = try await GrantAftercare.paidByFund(tenant)
        return try await req.render(GrantFundsPage(funds: funds.map { fund in
            GrantFundsPage.FundView(fund: fund, paidPence: paid[fund.id!] ?? 0, rounds: rounds.filter { $0.$fund.id == fund.id }.map { ($0, counts[$0.id!] ?? [:]) })
        }))
    }

    @Sendable func round(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        guard let round = try await tenant.find(GrantRound.self, id) else { throw Abort(.notFound) }
        let applications = try await tenant.query(GrantApplication.self).filter(\.$round.$id == id).filter(\.$state != .draft)
            .sort(\.$submittedAt).all()
        let scores = try await GrantQueries.scores(applications.compactMap(\.id), criteria: round.criteria, tenant: tenant)
        return try await req.render(GrantRoundApplicationsPage(round: round, applications: applications, scores: scores,
                                                               drafts: try await tenant.query(GrantApplication.self).filter(\.$round.$id == id).filter(\.$state == .draft).count()))
    }

    @Sendable func application(_ req: Request, id: UUID) async throws -> Response {
        try await page(req, id: id, errors: .init(), typed: [:], status: .ok)
    }

    private func page(_ req: Request, id: UUID, errors: FormErrors, typed: [String: String], status: HTTPStatus) async throws -> Response {
        let tenant = try req.tenant
        guard let application = try await tenant.find(GrantApplication.self, id) else { throw Abort(.notFound) }
        let round = try await tenant.require(GrantRound.self, application.$round.id)
        let history = try await tenant.query(GrantApplicationEvent.self).filter(\.$application.$id == id).sort(\.$at).all()
        let people = try await GrantQueries.names(Array(Set(history.compactMap { $0.$user.id })), tenant: tenant)
        let reviews = try await tenant.query(GrantReview.self).filter(\.$application.$id == id).all()
        let reviewers = try await GrantQueries.names(reviews.map { $0.$reviewer.id }, tenant: tenant)
        let panel = application.state == .eligibilityChecked
            ? try await tenant.query(User.self).filter(\.$role == .panel).filter(\.$active == true).sort(\.$name).all() : []
        let payments = try await tenant.query(GrantPayment.self).filter(\.$application.$id == id).sort(\.$dueOn).all()
        let report = try await GrantAftercare.report(of: id, tenant: tenant)
        // The photos' ids only: their bytes are served one at a time.
        struct PhotoRow: Decodable { let id: UUID }
        var photos: [UUID] = []
        if let report {
            photos = try await tenant.select(from: GrantReportPhoto.schema).column("id").where("report_id", .equal, report.requireID())
                .orderBy("created_at").all(decoding: PhotoRow.self).map(\.id)
        }
        return try await req.render(GrantApplicationPage(
            application: application, round: round, areas: try await GrantQueries.areas(req), payments: payments, report: report, photos: photos,
            history: history.map { ($0, $0.$user.id.flatMap { people[$0] }) }, reviews: reviews.map { ($0, reviewers[$0.$reviewer.id] ?? "") },
            panel: panel, errors: errors, typed: typed), status: status)
    }

    /// One step of the workflow, chosen from those the page offers.
    @Sendable func act(_ req: Request, id: UUID) async throws -> Response {
        let user = try req.requireUser()
        let tenant = try req.tenant
        guard let application = try await tenant.find(GrantApplication.self, id) else { throw Abort(.notFound) }
        let form = SubmittedForm(req)
        let typed = form.values.filter { $0.key != CSRF.fieldName }
        var errors = FormErrors()
        guard let action = GrantAction(rawValue: form["action"]), GrantWorkflow.actions(from: application.state, by: .officer).contains(action) else {
            errors.add("action", form["action"].isEmpty ? "Choose what to do with this application"
                                                        : "That can't be done to an application that is \(application.state.label.lowercased()). Choose one of the steps listed")
            return try await page(req, id: id, errors: errors, typed: typed, status: .unprocessableEntity)
        }
        var input = GrantTransitionInput(reason: form["reason"], conditions: action == .award ? form["conditions"] : "")
        do {
            switch action {
            case .award:
                guard let pence = Money.pence(from: form["amount"]) else {
                    errors.add("amount", "Enter the amount to award in pounds, like 750")
                    return try await page(req, id: id, errors: errors, typed: typed, status: .unprocessableEntity)
                }
                input.amountPence = pence
                _ = try await GrantDecisions.award(id, input: input, by: user, tenant: tenant, ipAddress: req.clientAddress)
            case .startReview:
                let chosen = form.list("reviewers")
                let ids = chosen.compactMap(UUID.init(uuidString:))
                guard ids.count == chosen.count else { throw GrantDecisionRefused(reason: .workflow(.incomplete(.reviewers)), message: "Choose reviewers from the grant panel") }
                _ = try await GrantReviews.startReview(id, reviewers: ids, by: user, tenant: tenant, now: req.now)
            case .startMonitoring:
                let typedDue = form["report_due"]
                let due = CalendarDate(typed: typedDue)
                guard typedDue.isEmpty || due != nil else {
                    errors.add("report_due", "Enter the date the report is due as a real date, like 30/4/2027, or leave it empty")
                    return try await page(req, id: id, errors: errors, typed: typed, status: .unprocessableEntity)
                }
                let answers = application.answers, council = tenant.councilID, today = CalendarDate.inLondon(req.now)
                _ = try await GrantTransitions.move(id, .startMonitoring, by: .officer, user: user, input: input, tenant: tenant, now: req.now,
                                                   ipAddress: req.clientAddress) { db in
                    try await GrantAftercare.startMonitoring(id, due: due, answers: answers, today: today, on: db, council: council)
                }
            case .close:
                guard let report = try await GrantAftercare.report(of: id, tenant: tenant), report.signedOffAt != nil else {
                    throw GrantDecisionRefused(reason: .workflow(.wrongState), message: "Sign off the group's monitoring report before closing the grant")
                }
                _ = try await GrantTransitions.move(id, .close, by: .officer, user: user, input: input, tenant: tenant, now: req.now, ipAddress: req.clientAddress)
            case .confirmEligible:
                let answers = application.answers, reference = application.reference ?? ""
                _ = try await GrantTransitions.move(id, .confirmEligible, by: .officer, user: user, input: input, tenant: tenant, now: req.now,
                                                   ipAddress: req.clientAddress) { db in
                    try await GrantOrganisations.adopt(answers, reference: reference, applicationID: id, tenant: tenant.on(db), now: req.now)
                }
            default:
                _ = try await GrantTransitions.move(id, action, by: .officer, user: user, input: input, tenant: tenant, now: req.now, ipAddress: req.clientAddress)
            }
        } catch let refused as GrantDecisionRefused {
            errors.add(Self.field(refused), refused.message)
            let status: HTTPStatus = switch refused.reason {
            case .changedMeanwhile, .workflow(.wrongState), .budget: .conflict
            default: .unprocessableEntity
            }
            return try await page(req, id: id, errors: errors, typed: typed, status: status)
        }
        let moved = try await tenant.require(GrantApplication.self, id)
        let report = action == .startMonitoring ? try await GrantAftercare.report(of: id, tenant: tenant) : nil
        if let letter = try GrantLetters.letter(for: action, application: moved, input: input, council: req.council, reportDue: report?.due) {
            try await req.services.mailer.send(letter)
        }
        // The group reports through its private link, long expired by now: a new one.
        if action == .startMonitoring, !moved.answers.contactEmail.isEmpty { try await GrantApplyController.renew(moved, req: req) }
        return Flash.redirect(req, to: Grants.Routes.manageApplication.path(id), message: "\(action.pastTense): \(moved.reference ?? "").")
    }

    /// Schedules a payment of the award.
    @Sendable func schedulePayment(_ req: Request, id: UUID) async throws -> Response {
        let user = try req.requireUser(), tenant = try req.tenant
        guard try await tenant.find(GrantApplication.self, id) != nil else { throw Abort(.notFound) }
        let form = SubmittedForm(req)
        var errors = FormErrors()
        let amount = Money.pence(from: form["payment_amount"])
        if amount == nil { errors.add("payment_amount", "Enter the amount to pay in pounds, like 750") }
        let due = CalendarDate(typed: form["payment_due"])
        if due == nil { errors.add("payment_due", "Enter the date to pay it as a real date, like 30/4/2027") }
        if let amount, let due, errors.isEmpty {
            do {
                _ = try await GrantAftercare.schedulePayment(id, amountPence: amount, due: due, by: user, tenant: tenant, now: req.now)
                return Flash.redirect(req, to: Grants.Routes.manageApplication.path(id), message: "Payment of \(Money.pounds(amount)) scheduled.")
            } catch let refused as GrantDecisionRefused {
                errors.add("payment_amount", refused.message)
            }
        }
        return try await page(req, id: id, errors: errors, typed: form.values.filter { $0.key != CSRF.fieldName }, status: .unprocessableEntity)
    }

    @Sendable func markPaid(_ req: Request, id: UUID) async throws -> Response {
        let payment = try await GrantAftercare.markPaid(id, by: try req.requireUser(), tenant: try req.tenant, now: req.now)
        return Flash.redirect(req, to: Grants.Routes.manageApplication.path(payment.$application.id), message: "Payment of \(Money.pounds(payment.amountPence)) marked paid.")
    }

    /// A photo from a group's report, for the team only; served as the image type its bytes are.
    @Sendable func photo(_ req: Request, id: UUID) async throws -> Response {
        guard let photo = try await req.tenant.find(GrantReportPhoto.self, id) else { throw Abort(.notFound) }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: photo.contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.contentDisposition = .init(.inline, filename: "photo-\(id.uuidString.prefix(8)).\(photo.contentType == "image/png" ? "png" : "jpg")")
        return Response(status: .ok, headers: headers, body: .init(data: photo.bytes))
    }

    @Sendable func signOffReport(_ req: Request, id: UUID) async throws -> Response {
        do {
            try await GrantAftercare.signOff(id, by: try req.requireUser(), tenant: try req.tenant, now: req.now)
        } catch let refused as GrantDecisionRefused {
            var errors = FormErrors()
            errors.add("sign-off", refused.message)
            return try await page(req, id: id, errors: errors, typed: [:], status: .conflict)
        }
        return Flash.redirect(req, to: Grants.Routes.manageApplication.path(id), message: "Monitoring report signed off. You can now close the grant.")
    }

    /// The field a refusal is about, for its inline message.
    static func field(_ refused: GrantDecisionRefused) -> String {
        switch refused.reason {
        case .workflow(.incomplete(let field)): field == .reviewers ? "reviewers" : field.rawValue
        case .budget: "amount"
        default: "action"
        }
    }

    /// The panel's papers for a round: applications being reviewed or at panel, ranked by score,
    /// with the money left, reviewers' comments and where they disagree.
    @Sendable func panelPack(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        guard let round = try await tenant.find(GrantRound.self, id) else { throw Abort(.notFound) }
        let fund = try await tenant.require(GrantFund.self, round.$fund.id)
        let applications = try await tenant.query(GrantApplication.self).filter(\.$round.$id == id)
            .filter(\.$state ~~ [.inReview, .atPanel]).all()
        let ids = applications.compactMap(\.id)
        let scores = try await GrantQueries.scores(ids, criteria: round.criteria, tenant: tenant)
        let reviews = ids.isEmpty ? [] : try await tenant.query(GrantReview.self).filter(\.$application.$id ~~ ids).filter(\.$submittedAt != nil).all()
        let reviewers = try await GrantQueries.names(reviews.map { $0.$reviewer.id }, tenant: tenant)
        let lines = GrantScoring.panelPack(applications.map { ($0.id!, $0.reference ?? "", $0.requestedPence, scores[$0.id!]?.percentage) },
                                           remainingPence: fund.remainingPence)
        let byID = Dictionary(uniqueKeysWithValues: applications.map { ($0.id!, $0) })
        return try await req.render(GrantPanelPackPage(
            round: round, fund: fund, areas: try await GrantQueries.areas(req),
            lines: lines.map { line in
                GrantPanelPackPage.Line(pack: line, application: byID[line.application]!, score: scores[line.application],
                                        reviews: reviews.filter { $0.$application.id == line.application }.map { ($0, reviewers[$0.$reviewer.id] ?? "") })
            }))
    }
}

/// The reads behind the staff pages.
enum GrantQueries {
    /// Applications in each state, by round.
    static func stateCounts(_ tenant: TenantScope) async throws -> [UUID: [GrantApplicationState: Int]] {
        struct Row: Decodable { let round_id: UUID; let state: String; let n: Int }
        let rows = try await tenant.select(from: GrantApplication.schema).column("round_id").column("state")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").groupBy("round_id").groupBy("state").all(decoding: Row.self)
        var counts: [UUID: [GrantApplicationState: Int]] = [:]
        for row in rows { if let state = GrantApplicationState(rawValue: row.state) { counts[row.round_id, default: [:]][state] = row.n } }
        return counts
    }

    /// Each application's score from its sent reviews (`GrantScoring.score`): one query.
    static func scores(_ ids: [UUID], criteria: [AssessmentCriterion], tenant: TenantScope) async throws -> [UUID: GrantScoring.ApplicationScore] {
        guard !ids.isEmpty else { return [:] }
        let reviews = try await tenant.query(GrantReview.self).filter(\.$application.$id ~~ ids).filter(\.$submittedAt != nil).all()
        return Dictionary(grouping: reviews, by: { $0.$application.id }).mapValues { reviews in
            GrantScoring.score(reviews.map { GrantReviewScores(reviewer: $0.$reviewer.id, conflicted: $0.conflicted ?? false, scores: $0.scores) },
                               criteria: criteria)
        }
    }

    /// The council's localities and wards, for the questions, answers and reports: one query.
    static func areas(_ req: Request) async throws -> GrantAreaChoices {
        let areas = try await AreasQueries.summaries(req.tenant, kinds: [.locality, .ward])
        let localities = areas.filter { $0.kind == AreaKind.locality.rawValue }
        let localityCode = Dictionary(uniqueKeysWithValues: localities.map { ($0.id, $0.code) })
        return GrantAreaChoices(localities: localities.map { ($0.code, $0.name) },
                                wards: areas.filter { $0.kind == AreaKind.ward.rawValue }.map { ($0.code, $0.name, $0.parent_id.flatMap { localityCode[$0] }) })
    }

    /// People's names by id: one query.
    static func names(_ ids: [UUID], tenant: TenantScope) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { let id: UUID; let name: String }
        let rows = try await tenant.select(from: User.schema).columns("id", "name").where("id", .in, Array(Set(ids))).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The group behind an application becomes an organisation when an officer finds it eligible:
/// the one already in Cohesion with its charity or company number, or its exact name; otherwise
/// a new one, marked unverified (`Organisation.unverifiedSource`) until an officer checks it.
enum GrantOrganisations {
    static func adopt(_ answers: GrantApplicationAnswers, reference: String, applicationID: UUID, tenant: TenantScope, now: Date) async throws {
        var existing: Organisation?
        if !answers.charityNumber.isEmpty {
            existing = try await tenant.query(Organisation.self).filter(\.$charityNumber == answers.charityNumber).first()
        }
        if existing == nil, !answers.companyNumber.isEmpty {
            existing = try await tenant.query(Organisation.self).filter(\.$companyNumber == answers.companyNumber).first()
        }
        if existing == nil {
            // Case aside, in the database: not every organisation read to compare names here.
            struct Row: Decodable { let id: UUID }
            let match = try await tenant.select(from: Organisation.schema).column("id")
                .where(SQLFunction("LOWER", args: SQLColumn("name")), .equal, SQLBind(answers.organisationName.lowercased()))
                .limit(1).all(decoding: Row.self).first
            if let match { existing = try await tenant.find(Organisation.self, match.id) }
        }
        let organisation: Organisation
        if let existing {
            organisation = existing
        } else {
            organisation = tenant.adopt(Organisation())
            organisation.name = answers.organisationName
            organisation.type = OrganisationType(rawValue: answers.organisationType) ?? .other
            organisation.charityNumber = answers.charityNumber.isEmpty ? nil : answers.charityNumber
            organisation.companyNumber = answers.companyNumber.isEmpty ? nil : answers.companyNumber
            organisation.contactName = answers.contactName.isEmpty ? nil : answers.contactName
            organisation.contactEmail = answers.contactEmail.isEmpty ? nil : answers.contactEmail
            organisation.contactPhone = answers.contactPhone.isEmpty ? nil : answers.contactPhone
            organisation.postcode = answers.postcode.isEmpty ? nil : answers.postcode
            organisation.partnershipMember = false
            organisation.unverifiedSource = "Grant application \(reference)"
            try await organisation.create(on: tenant.database)
            try await AuditLog.write(.create, .organisation, recordID: organisation.id,
                                     summary: "organisation \(organisation.name) added, unverified, from grant application \(reference)",
                                     by: nil, council: tenant.councilID, ipAddress: nil, at: now, on: tenant.database)
        }
        guard let sql = tenant.database as? any SQLDatabase else { throw Abort(.internalServerError) }
        try await sql.update(GrantApplication.schema).set("organisation_id", to: organisation.requireID())
            .where("id", .equal, applicationID).where("council_id", .equal, tenant.councilID).run()
    }
}
