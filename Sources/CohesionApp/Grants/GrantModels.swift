import CohesionCore
import Fluent
import Vapor

/// A pot of money for grants, such as the community cohesion micro-grants (£87,000 a year).
/// `committedPence` is the sum of the awards that stand against it, kept on the row so that an
/// award can claim money with one conditional update (`GrantDecisions.award`): the budget then
/// holds however many officers award at the same moment, on either database.
final class GrantFund: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "grant_funds"
    static var councilIDField: KeyPath<GrantFund, FieldProperty<GrantFund, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Field(key: "name") var name: String
    @Field(key: "budget_pence") var budgetPence: Int
    @Field(key: "committed_pence") var committedPence: Int
    @Field(key: "is_example") var isExample: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(councilID: UUID, name: String, budgetPence: Int, isExample: Bool = false) {
        self.councilID = councilID
        self.name = name
        self.budgetPence = budgetPence
        self.committedPence = 0
        self.isExample = isExample
    }

    var remainingPence: Int { budgetPence - committedPence }
}

/// One call for applications to a fund: when it opens and closes, and the smallest and largest
/// award. Applications' references start with its `referencePrefix` (`CMG-2026-0042`).
final class GrantRound: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "grant_rounds"
    static var councilIDField: KeyPath<GrantRound, FieldProperty<GrantRound, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "fund_id") var fund: GrantFund
    @Field(key: "name") var name: String
    @Field(key: "reference_prefix") var referencePrefix: String
    @Field(key: "opens_at") var opensAt: Date
    @Field(key: "closes_at") var closesAt: Date
    @Field(key: "minimum_pence") var minimumPence: Int
    @Field(key: "maximum_pence") var maximumPence: Int
    @Field(key: "guidance") var guidance: String
    /// `[EligibilityQuestion]` as JSON: asked first, in this order.
    @Field(key: "eligibility_questions") var eligibilityJSON: String
    /// `[AssessmentCriterion]` as JSON: what reviewers score.
    @Field(key: "criteria") var criteriaJSON: String
    /// Codes of the localities and wards the round favours, as JSON.
    @Field(key: "priority_areas") var priorityAreasJSON: String
    @Field(key: "is_example") var isExample: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(councilID: UUID, fundID: UUID, name: String, referencePrefix: String, opensAt: Date, closesAt: Date,
         minimumPence: Int, maximumPence: Int, guidance: String = "", eligibility: [EligibilityQuestion] = [],
         criteria: [AssessmentCriterion] = [], priorityAreas: [String] = [], isExample: Bool = false) {
        self.councilID = councilID
        self.$fund.id = fundID
        self.name = name
        self.referencePrefix = referencePrefix
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.minimumPence = minimumPence
        self.maximumPence = maximumPence
        self.guidance = guidance
        self.eligibility = eligibility
        self.criteria = criteria
        self.priorityAreas = priorityAreas
        self.isExample = isExample
    }

    func isOpen(at instant: Date) -> Bool { opensAt <= instant && instant < closesAt }

    var eligibility: [EligibilityQuestion] {
        get { JSONColumn.decode(eligibilityJSON) ?? [] }
        set { eligibilityJSON = JSONColumn.encode(newValue) }
    }

    var criteria: [AssessmentCriterion] {
        get { JSONColumn.decode(criteriaJSON) ?? [] }
        set { criteriaJSON = JSONColumn.encode(newValue) }
    }

    var priorityAreas: [String] {
        get { JSONColumn.decode(priorityAreasJSON) ?? [] }
        set { priorityAreasJSON = JSONColumn.encode(newValue) }
    }
}

/// A group's application to a round, through the states of `GrantWorkflow`.
final class GrantApplication: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "grant_applications"
    static var councilIDField: KeyPath<GrantApplication, FieldProperty<GrantApplication, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "round_id") var round: GrantRound
    /// Given when it is sent: `CMG-2026-0042`.
    @OptionalField(key: "reference") var reference: String?
    @Enum(key: "state") var state: GrantApplicationState
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @Field(key: "project_title") var projectTitle: String
    @Field(key: "requested_pence") var requestedPence: Int
    @OptionalField(key: "awarded_pence") var awardedPence: Int?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    /// `GrantApplicationAnswers` as JSON: everything the group has told us so far.
    @Field(key: "answers") var answersJSON: String
    /// The SHA-256 of the private link's token (`Secrets`); the token itself is only in the email.
    @OptionalField(key: "link_token_hash") var linkTokenHash: String?
    @OptionalField(key: "link_expires_at") var linkExpiresAt: Date?
    @Field(key: "is_example") var isExample: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(councilID: UUID, roundID: UUID, projectTitle: String, requestedPence: Int, state: GrantApplicationState = .draft,
         answers: GrantApplicationAnswers = .init(), isExample: Bool = false) {
        self.councilID = councilID
        self.$round.id = roundID
        self.projectTitle = projectTitle
        self.requestedPence = requestedPence
        self.state = state
        self.answersJSON = JSONColumn.encode(answers)
        self.isExample = isExample
    }

    var answers: GrantApplicationAnswers {
        get { JSONColumn.decode(answersJSON) ?? .init() }
        set { answersJSON = JSONColumn.encode(newValue) }
    }
}

/// One move of an application through the workflow, as `GrantWorkflow` says it records: who,
/// when, from and to, and the reason, amount or conditions given. The application's history.
final class GrantApplicationEvent: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "grant_application_events"
    static var councilIDField: KeyPath<GrantApplicationEvent, FieldProperty<GrantApplicationEvent, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "application_id") var application: GrantApplication
    @Enum(key: "action") var action: GrantAction
    @Enum(key: "from_state") var fromState: GrantApplicationState
    @Enum(key: "to_state") var toState: GrantApplicationState
    @Enum(key: "actor") var actor: GrantActor
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "reason") var reason: String
    @OptionalField(key: "amount_pence") var amountPence: Int?
    @Field(key: "conditions") var conditions: String
    @Timestamp(key: "at", on: .create) var at: Date?

    init() {}

    init(councilID: UUID, applicationID: UUID, action: GrantAction, from: GrantApplicationState, to: GrantApplicationState,
         actor: GrantActor, userID: UUID?, input: GrantTransitionInput) {
        self.councilID = councilID
        self.$application.id = applicationID
        self.action = action
        self.fromState = from
        self.toState = to
        self.actor = actor
        self.$user.id = userID
        self.reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        self.amountPence = input.amountPence
        self.conditions = input.conditions.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A panel member's review of one application. They say whether they have a conflict of
/// interest before they may read it; a conflicted reviewer can't score. Scores are by criterion
/// code, as JSON (`GrantScoring`).
final class GrantReview: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "grant_reviews"
    static var councilIDField: KeyPath<GrantReview, FieldProperty<GrantReview, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "application_id") var application: GrantApplication
    @Parent(key: "reviewer_id") var reviewer: User
    /// Nil until they have said; then whether they have a conflict.
    @OptionalField(key: "conflicted") var conflicted: Bool?
    @Field(key: "conflict_note") var conflictNote: String
    @Field(key: "scores") var scoresJSON: String
    @Field(key: "comments") var comments: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(councilID: UUID, applicationID: UUID, reviewerID: UUID) {
        self.councilID = councilID
        self.$application.id = applicationID
        self.$reviewer.id = reviewerID
        self.conflictNote = ""
        self.scoresJSON = "{}"
        self.comments = ""
    }

    var scores: [String: Int] { (try? JSONDecoder().decode([String: Int].self, from: Data(scoresJSON.utf8))) ?? [:] }
}

/// Money paid out on an award: scheduled by an officer (one payment or instalments), then
/// marked paid. The scheduled payments never add up to more than the award.
final class GrantPayment: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "grant_payments"
    static var councilIDField: KeyPath<GrantPayment, FieldProperty<GrantPayment, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "application_id") var application: GrantApplication
    @Field(key: "amount_pence") var amountPence: Int
    /// ISO date (`CalendarDate.iso`).
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "paid_at") var paidAt: Date?
    @OptionalParent(key: "paid_by") var paidBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(councilID: UUID, applicationID: UUID, amountPence: Int, dueOn: CalendarDate) {
        self.councilID = councilID
        self.$application.id = applicationID
        self.amountPence = amountPence
        self.dueOn = dueOn.iso
    }
}

/// A funded group's report on how the project went: due on a date, reminded about before and
/// after (`GrantMonitoring`), sent by the group through its private link, then signed off by an
/// officer, after which the grant can be closed.
final class GrantMonitoringReport: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "grant_monitoring_reports"
    static var councilIDField: KeyPath<GrantMonitoringReport, FieldProperty<GrantMonitoringReport, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "application_id") var application: GrantApplication
    @Field(key: "due_on") var dueOn: String
    @Field(key: "what_happened") var whatHappened: String
    /// People who took part, by locality code, as JSON.
    @Field(key: "people_reached") var peopleReachedJSON: String
    @Field(key: "what_changed") var whatChanged: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "signed_off_at") var signedOffAt: Date?
    @OptionalParent(key: "signed_off_by") var signedOffBy: User?
    @Field(key: "reminded_due_soon") var remindedDueSoon: Bool
    @Field(key: "reminded_overdue") var remindedOverdue: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(councilID: UUID, applicationID: UUID, dueOn: CalendarDate) {
        self.councilID = councilID
        self.$application.id = applicationID
        self.dueOn = dueOn.iso
        self.whatHappened = ""
        self.peopleReachedJSON = "{}"
        self.whatChanged = ""
        self.remindedDueSoon = false
        self.remindedOverdue = false
    }

    var due: CalendarDate? { CalendarDate(iso: dueOn) }

    var peopleReached: [String: Int] {
        get { JSONColumn.decode(peopleReachedJSON) ?? [:] }
        set { peopleReachedJSON = JSONColumn.encode(newValue) }
    }
}

/// A photo a group sent with its monitoring report: a JPEG or PNG of up to 5 MB, kept in the
/// database with the report (a handful per grant), shown only to the team.
final class GrantReportPhoto: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "grant_report_photos"
    static var councilIDField: KeyPath<GrantReportPhoto, FieldProperty<GrantReportPhoto, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "report_id") var report: GrantMonitoringReport
    /// `image/jpeg` or `image/png`, from the file's first bytes (not what the browser said).
    @Field(key: "content_type") var contentType: String
    @Field(key: "bytes") var bytes: Data
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(councilID: UUID, reportID: UUID, contentType: String, bytes: Data) {
        self.councilID = councilID
        self.$report.id = reportID
        self.contentType = contentType
        self.bytes = bytes
    }

    /// The image type from the file's signature, or nil for anything else.
    static func imageType(of data: Data) -> String? {
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }
}

struct CreateGrants: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("grant_funds")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("budget_pence", .int64, .required)
            .field("committed_pence", .int64, .required)
            .field("is_example", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("grant_rounds")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("fund_id", .uuid, .required, .references("grant_funds", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("reference_prefix", .string, .required)
            .field("opens_at", .datetime, .required)
            .field("closes_at", .datetime, .required)
            .field("minimum_pence", .int64, .required)
            .field("maximum_pence", .int64, .required)
            .field("guidance", .string, .required)
            .field("eligibility_questions", .string, .required)
            .field("criteria", .string, .required)
            .field("priority_areas", .string, .required)
            .field("is_example", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("grant_applications")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("round_id", .uuid, .required, .references("grant_rounds", "id", onDelete: .cascade))
            .field("reference", .string)
            .field("state", .string, .required)
            .field("organisation_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("project_title", .string, .required)
            .field("requested_pence", .int64, .required)
            .field("awarded_pence", .int64)
            .field("submitted_at", .datetime)
            .field("decided_at", .datetime)
            .field("answers", .string, .required)
            .field("link_token_hash", .string)
            .field("link_expires_at", .datetime)
            .field("is_example", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "council_id", "reference")
            .unique(on: "link_token_hash")
            .create()
        try await database.schema("grant_application_events")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("application_id", .uuid, .required, .references("grant_applications", "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("from_state", .string, .required)
            .field("to_state", .string, .required)
            .field("actor", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("reason", .string, .required)
            .field("amount_pence", .int64)
            .field("conditions", .string, .required)
            .field("at", .datetime)
            .create()
        try await database.schema("grant_reviews")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("application_id", .uuid, .required, .references("grant_applications", "id", onDelete: .cascade))
            .field("reviewer_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("conflicted", .bool)
            .field("conflict_note", .string, .required)
            .field("scores", .string, .required)
            .field("comments", .string, .required)
            .field("submitted_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "application_id", "reviewer_id")
            .create()
        try await database.schema("grant_payments")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("application_id", .uuid, .required, .references("grant_applications", "id", onDelete: .cascade))
            .field("amount_pence", .int64, .required)
            .field("due_on", .string, .required)
            .field("paid_at", .datetime)
            .field("paid_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.schema("grant_monitoring_reports")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("application_id", .uuid, .required, .references("grant_applications", "id", onDelete: .cascade))
            .field("due_on", .string, .required)
            .field("what_happened", .string, .required)
            .field("people_reached", .string, .required)
            .field("what_changed", .string, .required)
            .field("submitted_at", .datetime)
            .field("signed_off_at", .datetime)
            .field("signed_off_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("reminded_due_soon", .bool, .required)
            .field("reminded_overdue", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "application_id")
            .create()
        try await database.schema("grant_report_photos")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("report_id", .uuid, .required, .references("grant_monitoring_reports", "id", onDelete: .cascade))
            .field("content_type", .string, .required)
            .field("bytes", .data, .required)
            .field("created_at", .datetime)
            .create()
        // The last number given for each reference prefix and year (`GrantReferences`).
        try await database.schema("grant_reference_counters")
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("prefix", .string, .required)
            .field("year", .int, .required)
            .field("last_number", .int, .required)
            .unique(on: "council_id", "prefix", "year")
            .create()
    }

    func revert(on database: Database) async throws {
        for table in ["grant_reference_counters", "grant_report_photos", "grant_monitoring_reports", "grant_payments", "grant_reviews", "grant_application_events", "grant_applications", "grant_rounds", "grant_funds"] {
            try await database.schema(table).delete()
        }
    }
}
