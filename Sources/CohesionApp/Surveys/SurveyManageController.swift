import CohesionCore
import Fluent
import Vapor

/// The cohesion team's survey pages: waves, the question bank, weighting.
struct SurveyManageController {
    @Sendable func index(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let waves = try await tenant.query(SurveyWave.self).sort(\.$startsOn, .descending).all()
        return try await req.render(SurveyIndexPage(waves: waves, counts: try await SurveyQueries.responseCounts(tenant)))
    }

    // MARK: Question bank

    @Sendable func questions(_ req: Request) async throws -> Response {
        try await req.render(SurveyQuestionBankPage(items: try await SurveyQueries.bank(req.tenant)))
    }

    @Sendable func newQuestion(_ req: Request) async throws -> Response {
        try await req.render(SurveyItemFormPage(form: SurveyItemForm()))
    }

    @Sendable func createQuestion(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        var form = SurveyItemForm(SubmittedForm(req))
        if let item = form.item, try await SurveyQueries.bank(tenant).contains(where: { $0.key == item.key }) {
            form.errors.add("key", "There is already a question with the short name \(item.key). Choose another")
        }
        guard form.errors.isEmpty, let item = form.item else {
            return try await req.render(SurveyItemFormPage(form: form), status: .unprocessableEntity)
        }
        let row = tenant.adopt(SurveyCustomItem(councilID: tenant.councilID, item: item))
        do {
            try await req.db.transaction { db in
                try await row.create(on: db)
                try await AuditLog.record(.create, .surveyItem, recordID: row.id, summary: "question added: \(item.key), “\(item.question)”",
                                          by: req.currentUser, council: tenant.councilID, on: db, request: req)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            form.errors.add("key", "There is already a question with the short name \(item.key). Choose another")
            return try await req.render(SurveyItemFormPage(form: form), status: .conflict)
        }
        return Flash.redirect(req, to: Surveys.Routes.questions.path, message: "Question added to the bank.")
    }

    // MARK: Waves

    @Sendable func newWave(_ req: Request) async throws -> Response {
        try await req.render(SurveyWaveFormPage(wave: nil, form: SurveyWaveForm(wave: nil), bank: try await SurveyQueries.bank(req.tenant)))
    }

    @Sendable func createWave(_ req: Request) async throws -> Response {
        try await saveWave(req, wave: nil)
    }

    @Sendable func editWave(_ req: Request, id: UUID) async throws -> Response {
        guard let wave = try await req.tenant.find(SurveyWave.self, id) else { throw Abort(.notFound) }
        return try await req.render(SurveyWaveFormPage(wave: wave, form: SurveyWaveForm(wave: wave), bank: try await SurveyQueries.bank(req.tenant)))
    }

    @Sendable func updateWave(_ req: Request, id: UUID) async throws -> Response {
        guard let wave = try await req.tenant.find(SurveyWave.self, id) else { throw Abort(.notFound) }
        return try await saveWave(req, wave: wave)
    }

    private func saveWave(_ req: Request, wave existing: SurveyWave?) async throws -> Response {
        let tenant = try req.tenant
        let bank = try await SurveyQueries.bank(tenant)
        var form = SurveyWaveForm(SubmittedForm(req), bank: bank)
        if form.errors.isEmpty, let clash = try await tenant.query(SurveyWave.self).filter(\.$title == form.title).first(), clash.id != existing?.id {
            form.errors.add("title", "There is already a wave called \(clash.title). Give this one another name")
        }
        guard form.errors.isEmpty else {
            return try await req.render(SurveyWaveFormPage(wave: existing, form: form, bank: bank), status: .unprocessableEntity)
        }
        let wave = existing ?? tenant.adopt(SurveyWave())
        let before = existing.map(\.auditFields) ?? [:]
        form.apply(to: wave)
        if existing == nil { wave.isSynthetic = false }
        do {
            try await req.db.transaction { db in
                try await wave.save(on: db)
                if existing == nil {
                    try await AuditLog.record(.create, .surveyWave, recordID: wave.id, summary: "wave created: \(wave.title)",
                                              by: req.currentUser, council: tenant.councilID, on: db, request: req)
                } else {
                    try await AuditLog.recordChange(.surveyWave, recordID: wave.id, before: before, after: wave.auditFields, request: req, on: db)
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            form.errors.add("title", "There is already a wave called \(form.title). Give this one another name")
            return try await req.render(SurveyWaveFormPage(wave: existing, form: form, bank: bank), status: .conflict)
        }
        return Flash.redirect(req, to: Surveys.Routes.wave.path(try wave.requireID()), message: existing == nil ? "Wave created." : "Wave saved.")
    }

    @Sendable func wave(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        guard let wave = try await tenant.find(SurveyWave.self, id) else { throw Abort(.notFound) }
        let items = try await SurveyQueries.items(of: wave, tenant: tenant)
        let estimates = try await SurveyEstimateStore.rows(waves: [id], tenant: tenant)
        let showWards = req.query[String.self, at: "areas"] == "wards"
        return try await req.render(SurveyWavePage(
            wave: wave, measures: CommunityLifeSurvey.measures(items: items), counts: try await SurveyQueries.responseCounts(tenant, wave: id)[id] ?? (0, 0),
            estimates: Dictionary(estimates.map { (SurveyEstimateTable.Cell(measure: $0.measure_key, area: $0.area_code), $0.estimate) }, uniquingKeysWith: { a, _ in a }),
            areas: try await AreaRollup.load(tenant), showWards: showWards))
    }

    @Sendable func weight(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        guard let wave = try await tenant.find(SurveyWave.self, id) else { throw Abort(.notFound) }
        // Two officers pressing at once would each replace the estimates whole: harmless, but
        // the second waits for the first rather than interleaving.
        let report = try await SurveyWeighting.perWave.run(id) {
            try await SurveyWeighting.run(wave: wave, items: try await SurveyQueries.items(of: wave, tenant: tenant), tenant: tenant,
                                          cipher: req.fieldCipher, reader: try SpecialCategoryRead.Reader(request: req), now: req.now)
        }
        let message = report.respondents == 0 ? "There are no answers to weight yet."
            : report.variables.isEmpty ? "No census figures to weight to (see the notes): estimates updated from the answers as they came."
            : report.converged ? "Weighted \(DisplayFormat.count(report.respondents, "answer")) to the census; estimates updated. Recompute the indicators (Manage indicators) to publish them."
            : "Estimates updated, but the weighting did not settle: see the notes."
        return Flash.redirect(req, to: Surveys.Routes.wave.path(id), message: message)
    }
}

extension SurveyWave {
    var auditFields: [String: String] {
        ["title": title, "starts": startsOn, "ends": endsOn, "questions": itemKeys.joined(separator: ", "),
         "weighting": weighting.map(\.rawValue).joined(separator: ", "), "minimum base": String(minimumBase),
         "status": status.label, "introduction": introduction]
    }
}
