import CohesionCore
import Fluent
import Vapor

/// A panel member's reviews: the ones assigned to them, each opening with the conflict of
/// interest question; only with no conflict declared do they see the application and score it.
struct GrantReviewController {
    @Sendable func queue(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let tenant = try req.tenant
        let reviews = try await tenant.query(GrantReview.self).filter(\.$reviewer.$id == user.requireID()).sort(\.$createdAt, .descending).all()
        let ids = reviews.map { $0.$application.id }
        let applications = ids.isEmpty ? [] : try await tenant.query(GrantApplication.self).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: applications.map { ($0.id!, $0) })
        return try await req.render(GrantReviewsPage(reviews: reviews.compactMap { review in byID[review.$application.id].map { (review, $0) } }))
    }

    @Sendable func review(_ req: Request, id: UUID) async throws -> Response {
        try await page(req, id: id, errors: .init(), typed: [:], status: .ok)
    }

    private func page(_ req: Request, id: UUID, errors: FormErrors, typed: [String: String], status: HTTPStatus) async throws -> Response {
        let user = try req.requireUser()
        let tenant = try req.tenant
        guard let review = try await GrantReviews.review(of: id, by: user, tenant: tenant) else { throw Abort(.notFound) }
        let application = try await tenant.require(GrantApplication.self, id)
        let round = try await tenant.require(GrantRound.self, application.$round.id)
        let areas = try await GrantQueries.areas(req)
        return try await req.render(GrantReviewPage(review: review, application: application, round: round, areas: areas, errors: errors, typed: typed),
                                    status: status)
    }

    @Sendable func save(_ req: Request, id: UUID) async throws -> Response {
        let user = try req.requireUser()
        let tenant = try req.tenant
        guard let review = try await GrantReviews.review(of: id, by: user, tenant: tenant) else { throw Abort(.notFound) }
        let form = SubmittedForm(req)
        let typed = form.values.filter { $0.key != CSRF.fieldName }
        var errors = FormErrors()
        let application = try await tenant.require(GrantApplication.self, id)
        let round = try await tenant.require(GrantRound.self, application.$round.id)
        do {
            if form["step"] == "conflict" {
                guard ["yes", "no"].contains(form["conflicted"]) else {
                    errors.add("conflicted", "Select yes if you have a conflict of interest with this group or project")
                    return try await page(req, id: id, errors: errors, typed: typed, status: .unprocessableEntity)
                }
                _ = try await GrantReviews.declare(conflicted: form["conflicted"] == "yes", note: form["conflict_note"], on: id, by: user, tenant: tenant)
                try await AuditLog.record(.update, .grantApplication, recordID: id,
                                          summary: form["conflicted"] == "yes" ? "reviewer declared a conflict of interest" : "reviewer declared no conflict of interest",
                                          by: user, council: tenant.councilID, on: req.db, request: req)
                return Flash.redirect(req, to: Grants.Routes.review.path(id), message: form["conflicted"] == "yes"
                                      ? "Thank you. You won't review this application." : "Thank you. You can now read and score the application.")
            }
            var scores: [String: Int] = [:]
            for criterion in round.criteria where review.conflicted == false {
                let text = form["score_\(criterion.code)"]
                if text.isEmpty { continue }
                guard let score = QueryNumber.integer(text) else {
                    errors.add("score_\(criterion.code)", "Score \(criterion.title) with a whole number from 0 to \(criterion.maximumScore)")
                    continue
                }
                scores[criterion.code] = score
            }
            guard errors.isEmpty else { return try await page(req, id: id, errors: errors, typed: typed, status: .unprocessableEntity) }
            let send = form["send"] == "yes"
            _ = try await GrantReviews.score(scores, comments: form["comments"], submit: send, on: id, criteria: round.criteria,
                                             by: user, tenant: tenant, now: req.now)
            if send {
                try await AuditLog.record(.update, .grantApplication, recordID: id, summary: "reviewer sent scores to the panel",
                                          by: user, council: tenant.councilID, on: req.db, request: req)
            }
            return Flash.redirect(req, to: send ? Grants.Routes.reviews.path : Grants.Routes.review.path(id),
                                  message: send ? "Your scores for \(application.reference ?? "") have gone to the panel." : "Your scores are saved. Send them when you are ready.")
        } catch let refused as GrantDecisionRefused {
            let field: String = if form["step"] == "conflict" { refused.message.contains("Say what") ? "conflict_note" : "conflicted" }
                else if case .workflow(.notAllowed) = refused.reason { "scores" }
                else if let criterion = round.criteria.first(where: { refused.message.contains($0.title) }) { "score_\(criterion.code)" }
                else { refused.message.hasPrefix("Comments") ? "comments" : "scores" }
            errors.add(field, refused.message)
            return try await page(req, id: id, errors: errors, typed: typed, status: .unprocessableEntity)
        }
    }
}
