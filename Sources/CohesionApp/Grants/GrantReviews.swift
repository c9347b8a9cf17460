import CohesionCore
import Fluent
import Vapor

/// Reviewers: assigned by an officer when review starts, each saying whether they have a
/// conflict of interest before they may read the application, then scoring it against the
/// round's criteria. A conflicted reviewer can't score; their review counts for nothing.
enum GrantReviews {
    /// Starts review with these panel members: the move and the review rows together.
    static func startReview(_ applicationID: UUID, reviewers: [UUID], by officer: User, tenant: TenantScope, now: Date) async throws -> GrantApplication {
        let chosen = Array(Set(reviewers))
        let panel = chosen.isEmpty ? [] : try await tenant.query(User.self).filter(\.$id ~~ chosen).filter(\.$role == .panel)
            .filter(\.$active == true).all()
        guard panel.count == chosen.count else {
            throw GrantDecisionRefused(reason: .workflow(.incomplete(.reviewers)), message: "Choose reviewers from the grant panel")
        }
        let council = tenant.councilID
        let ids = try panel.map { try $0.requireID() }
        return try await GrantTransitions.move(applicationID, .startReview, by: .officer, user: officer, input: .init(reviewerCount: ids.count),
                                               tenant: tenant, now: now) { db in
            for reviewer in ids { try await GrantReview(councilID: council, applicationID: applicationID, reviewerID: reviewer).create(on: db) }
        }
    }

    /// The reviewer's review of an application under review, or nil when they weren't assigned it.
    static func review(of applicationID: UUID, by reviewer: User, tenant: TenantScope) async throws -> GrantReview? {
        try await tenant.query(GrantReview.self).filter(\.$application.$id == applicationID).filter(\.$reviewer.$id == reviewer.requireID()).first()
    }

    /// Says whether the reviewer has a conflict of interest. Said once: a change of mind is for an
    /// officer to sort out, so a declared conflict can't be taken back to see the application.
    static func declare(conflicted: Bool, note: String, on applicationID: UUID, by reviewer: User, tenant: TenantScope) async throws -> GrantReview {
        guard let review = try await review(of: applicationID, by: reviewer, tenant: tenant) else { throw Abort(.notFound) }
        if let already = review.conflicted {
            guard already == conflicted else {
                throw GrantDecisionRefused(reason: .review, message: already
                    ? "You have said you have a conflict of interest. Ask an officer if that was a mistake"
                    : "You have already said you have no conflict of interest. If you have one, tell an officer")
            }
            return review
        }
        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if conflicted && trimmed.isEmpty {
            throw GrantDecisionRefused(reason: .review, message: "Say what the conflict of interest is, for the record")
        }
        if trimmed.count > 1_000 { throw GrantDecisionRefused(reason: .review, message: "The conflict of interest must be 1,000 characters or fewer") }
        review.conflicted = conflicted
        review.conflictNote = trimmed
        try await review.update(on: tenant.database)
        return review
    }

    /// Saves the reviewer's scores and comments; `submit` sends them to the panel, after which
    /// they can't be changed.
    static func score(_ scores: [String: Int], comments: String, submit: Bool, on applicationID: UUID, criteria: [AssessmentCriterion],
                      by reviewer: User, tenant: TenantScope, now: Date) async throws -> GrantReview {
        guard let review = try await review(of: applicationID, by: reviewer, tenant: tenant) else { throw Abort(.notFound) }
        switch review.conflicted {
        case nil: throw GrantDecisionRefused(reason: .workflow(.notAllowed), message: "Say whether you have a conflict of interest before you review this application")
        case true?: throw GrantDecisionRefused(reason: .workflow(.notAllowed), message: "You have a conflict of interest, so you can't score this application")
        case false?: break
        }
        guard review.submittedAt == nil else {
            throw GrantDecisionRefused(reason: .workflow(.wrongState), message: "You have sent your scores to the panel; they can't be changed now")
        }
        let application = try await tenant.require(GrantApplication.self, applicationID)
        guard application.state == .inReview else {
            throw GrantDecisionRefused(reason: .workflow(.wrongState), message: "This application is no longer being reviewed")
        }
        if submit, let problem = GrantScoring.problems(in: scores, criteria: criteria).sorted(by: { $0.key < $1.key }).first {
            throw GrantDecisionRefused(reason: .review, message: problem.value)
        }
        let comments = comments.trimmingCharacters(in: .whitespacesAndNewlines)
        if comments.count > 5_000 { throw GrantDecisionRefused(reason: .review, message: "Comments must be 5,000 characters or fewer") }
        let known = scores.filter { code, _ in criteria.contains { $0.code == code } }
        // A saved draft may leave criteria unscored, but not score one off its scale.
        if let problem = GrantScoring.problems(in: known, criteria: criteria.filter { known[$0.code] != nil }).sorted(by: { $0.key < $1.key }).first {
            throw GrantDecisionRefused(reason: .review, message: problem.value)
        }
        review.scoresJSON = String(decoding: try JSONEncoder().encode(known), as: UTF8.self)
        review.comments = comments
        if submit { review.submittedAt = now }
        try await review.update(on: tenant.database)
        return review
    }
}
