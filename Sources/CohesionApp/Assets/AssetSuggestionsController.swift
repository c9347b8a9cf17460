import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Community suggestions: the public form (no account) for a new asset or a correction to a
/// published one, and the staff moderation queue where a suggestion is approved (in part) or
/// rejected. A suggestion never changes the directory by itself: a new asset is approved only
/// as a draft, and a correction only changes the fields a moderator ticks, through the same
/// checks as the register's own form.
struct AssetSuggestionsController {
    /// Suggestions one address may send in an hour: enough for a resident, not for a flood.
    static let suggestionsPerHour = 5
    /// A second identical suggestion within this many seconds is a double submission.
    static let repeatSeconds = 60
    static let reasonLimit = 500
    static let thanks = "Thank you. We'll check your suggestion before it appears."

    // MARK: The public form

    @Sendable func newForm(_ req: Request) async throws -> Response {
        try await req.render(AssetSuggestionFormPage(asset: nil, form: AssetSuggestionForm(), errors: .init(), rateLimited: false))
    }

    @Sendable func correctionForm(_ req: Request, id: UUID) async throws -> Response {
        let asset = try await publicAsset(req, id)
        let form = AssetSuggestionForm(values: AssetSuggestionForm.current(asset))
        return try await req.render(AssetSuggestionFormPage(asset: (id, asset.name), form: form, errors: .init(), rateLimited: false))
    }

    @Sendable func submitNew(_ req: Request) async throws -> Response {
        let form = AssetSuggestionForm(SubmittedForm(req))
        // A filled honeypot is a robot: it is thanked as a person would be and nothing is kept.
        guard !form.honeypotFilled else { return Flash.redirect(req, to: Assets.Routes.directory.path, message: Self.thanks) }
        let errors = try await form.validate(changed: nil, req: req)
        let page = { (errors: FormErrors, limited: Bool) in AssetSuggestionFormPage(asset: nil, form: form, errors: errors, rateLimited: limited) }
        guard errors.isEmpty else { return try await req.render(page(errors, false), status: .unprocessableEntity) }
        let proposed = form.proposed(AssetSuggestionForm.Field.allCases.filter { !form[$0].isEmpty })
        return try await store(proposed, for: nil, form: form, req: req) {
            try await req.render(page(.init(), true), status: .tooManyRequests)
        }
    }

    @Sendable func submitCorrection(_ req: Request, id: UUID) async throws -> Response {
        let asset = try await publicAsset(req, id)
        let current = AssetSuggestionForm.current(asset)
        let form = AssetSuggestionForm(SubmittedForm(req), current: current)
        guard !form.honeypotFilled else { return Flash.redirect(req, to: Assets.Routes.directoryEntry.path(id), message: Self.thanks) }
        let changed = form.changes(from: current)
        let errors = try await form.validate(changed: Set(changed), req: req)
        let page = { (errors: FormErrors, limited: Bool) in
            AssetSuggestionFormPage(asset: (id, asset.name), form: form, errors: errors, rateLimited: limited)
        }
        guard errors.isEmpty else { return try await req.render(page(errors, false), status: .unprocessableEntity) }
        return try await store(form.proposed(changed), for: asset, form: form, req: req) {
            try await req.render(page(.init(), true), status: .tooManyRequests)
        }
    }

    /// A published asset the public may see, or 404: a correction can't be suggested to a draft,
    /// an archived asset or a person (whose record the public must not learn exists).
    func publicAsset(_ req: Request, _ id: UUID) async throws -> Asset {
        guard let asset = try await req.tenant.find(Asset.self, id), asset.isPublic else { throw Abort(.notFound) }
        return asset
    }

    /// Keeps a checked suggestion, unless it repeats one just sent (thanked again, kept once) or
    /// the address has sent too many this hour (`limited` answers).
    func store(_ proposed: [String: String], for asset: Asset?, form: AssetSuggestionForm, req: Request,
               limited: () async throws -> Response) async throws -> Response {
        let tenant = try req.tenant
        let back = asset.map { Assets.Routes.directoryEntry.path($0.id!) } ?? Assets.Routes.directory.path
        let suggestion = tenant.adopt(AssetSuggestion())
        suggestion.$asset.id = asset?.id
        suggestion.proposed = proposed
        suggestion.message = form.message.isEmpty ? nil : form.message
        suggestion.submitterEmail = form.replyEmail.isEmpty ? nil : ContactDetails.normalisedEmail(form.replyEmail)
        suggestion.status = .pending
        suggestion.isExample = false
        if try await isRepeat(suggestion, tenant: tenant) { return Flash.redirect(req, to: back, message: Self.thanks) }
        let address = req.clientAddress ?? "unknown"
        guard try await RateLimiter.hit("suggest:\(tenant.councilID):\(address)", limit: Self.suggestionsPerHour,
                                        windowSeconds: 3600, now: req.now, on: req.db) else { return try await limited() }
        // Two identical posts at once both pass the look-up above; the counter lets one through.
        let fingerprint = SHA256.hash(data: Data([asset?.id?.uuidString ?? "new", suggestion.proposedJSON, form.message].joined(separator: "\u{1F}").utf8))
            .map { String(format: "%02x", $0) }.joined()
        guard try await RateLimiter.hit("suggest-once:\(tenant.councilID):\(address):\(fingerprint)", limit: 1,
                                        windowSeconds: Self.repeatSeconds, now: req.now, on: req.db) else {
            return Flash.redirect(req, to: back, message: Self.thanks)
        }
        let summary = Self.creationSummary(proposed, asset: asset, form: form)
        try await req.db.transaction { db in
            try await suggestion.create(on: db)
            try await AuditLog.record(.create, .assetSuggestion, recordID: suggestion.id, summary: summary,
                                      by: nil, council: tenant.councilID, on: db, request: req)
        }
        return Flash.redirect(req, to: back, message: Self.thanks)
    }

    /// Whether the same suggestion (same asset, values and message) arrived within the last minute.
    func isRepeat(_ suggestion: AssetSuggestion, tenant: TenantScope) async throws -> Bool {
        let since = Date().addingTimeInterval(-Double(Self.repeatSeconds))
        var query = tenant.query(AssetSuggestion.self).filter(\.$proposedJSON == suggestion.proposedJSON).filter(\.$createdAt >= since)
        if let assetID = suggestion.$asset.id { query = query.filter(\.$asset.$id == assetID) } else { query = query.filter(\.$asset.$id == nil) }
        return try await query.all().contains { $0.message == suggestion.message }
    }

    /// What the audit log says about a new suggestion: the fields, never the sender's address.
    static func creationSummary(_ proposed: [String: String], asset: Asset?, form: AssetSuggestionForm) -> String {
        let fields = proposed.keys.sorted().joined(separator: ", ")
        var summary = asset.map { "Suggestion from the public: a correction to \($0.name)" }
            ?? "Suggestion from the public: a new asset, “\(proposed["name"] ?? "")”"
        summary += fields.isEmpty ? " (no fields changed)" : " (fields: \(fields))"
        if !form.message.isEmpty { summary += ", with a message" }
        if !form.replyEmail.isEmpty { summary += ", with an address for a reply" }
        return summary
    }

    // MARK: The moderation queue

    @Sendable func queue(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let user = try req.requireUser()
        let pending = try await tenant.query(AssetSuggestion.self).filter(\.$status == .pending)
            .sort(\.$createdAt, .ascending).limit(AssetSuggestionQueuePage.pendingLimit).all()
        let decided = try await tenant.query(AssetSuggestion.self).filter(\.$status != .pending)
            .sort(\.$decidedAt, .descending).limit(AssetSuggestionQueuePage.decidedLimit).all()
        let assetIDs = Set((pending + decided).compactMap { $0.$asset.id })
        let assets = assetIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await tenant.query(Asset.self)
            .filter(\.$id ~~ Array(assetIDs)).all().map { ($0.id!, $0) })
        let total = try await tenant.query(AssetSuggestion.self).filter(\.$status == .pending).count()
        func row(_ s: AssetSuggestion) -> AssetSuggestionQueuePage.Row {
            let asset = s.$asset.id.flatMap { assets[$0] }
            return .init(id: s.id!, title: Self.title(s, asset: asset, user: user),
                         received: s.createdAt.map(DisplayFormat.dateTime) ?? "—", status: s.status,
                         decided: s.decidedAt.map(DisplayFormat.dateTime) ?? "—",
                         canDecide: AssetPolicy.mayDecide(user, suggestionFor: asset))
        }
        return try await req.render(AssetSuggestionQueuePage(
            pending: pending.map(row), pendingTotal: total, decided: decided.map(row)))
    }

    /// "Bloxwich Library (example)", or "New: Streetly Knit and Natter" for a new asset. A person's
    /// name is shown only to those who may see the person's record.
    static func title(_ suggestion: AssetSuggestion, asset: Asset?, user: User) -> String {
        guard suggestion.$asset.id != nil else { return "New: " + (suggestion.proposed["name"].flatMap { $0.isEmpty ? nil : $0 } ?? "(no name given)") }
        guard let asset else { return "An asset that has been deleted" }
        return AssetPolicy.mayView(user, asset) ? asset.name : "A person's record"
    }

    // MARK: Reviewing and deciding

    /// One suggestion with what the review needs: the asset it corrects (nil for a new one)
    /// and the member of staff looking at it.
    struct Loaded {
        let suggestion: AssetSuggestion
        let asset: Asset?
        let user: User
        var mayDecide: Bool { AssetPolicy.mayDecide(user, suggestionFor: asset) }
        var canDecide: Bool { suggestion.status == .pending && mayDecide }
    }

    func load(_ req: Request, id: UUID) async throws -> Loaded {
        let tenant = try req.tenant
        let user = try req.requireUser()
        let suggestion = try await tenant.require(AssetSuggestion.self, id)
        let asset = try await tenant.find(Asset.self, suggestion.$asset.id)
        if suggestion.$asset.id != nil, asset == nil { throw Abort(.notFound) }
        if let asset, !AssetPolicy.mayView(user, asset) {
            throw Abort(.forbidden, reason: "Only the cohesion team and the locality's lead see individuals' records.")
        }
        return Loaded(suggestion: suggestion, asset: asset, user: user)
    }

    @Sendable func review(_ req: Request, id: UUID) async throws -> Response {
        let loaded = try await load(req, id: id)
        let decision = SuggestionDecision.initial(for: loaded.suggestion)
        // The moderator sees at once whether the values pass the register's checks.
        let errors = loaded.canDecide ? try await checkValues(decision, loaded, req: req).errors : FormErrors()
        return try await render(req, loaded, decision: decision, errors: errors, submitted: false)
    }

    @Sendable func decide(_ req: Request, id: UUID) async throws -> Response {
        let loaded = try await load(req, id: id)
        guard loaded.mayDecide else {
            throw Abort(.forbidden, reason: loaded.asset == nil
                ? "Only the cohesion team decide suggestions of new assets."
                : "You can decide suggestions only for assets in your locality.")
        }
        guard loaded.suggestion.status == .pending else { return try await alreadyDecided(req, id: id) }
        let decision = SuggestionDecision(SubmittedForm(req), suggestion: loaded.suggestion)
        var written: Asset?
        var valueErrors = FormErrors()
        if decision.outcome == SuggestionDecision.approve {
            (valueErrors, written) = try await checkValues(decision, loaded, req: req)
        }
        let errors = Self.merged(valueErrors, checkDecision(decision, loaded))
        guard errors.isEmpty else { return try await render(req, loaded, decision: decision, errors: errors, submitted: true) }
        do {
            try await save(decision, loaded, written: written, req: req)
        } catch is AlreadyDecided {
            return try await alreadyDecided(req, id: id)
        }
        req.application.publicPageCache.invalidate()
        return Self.redirect(after: decision, loaded, written: written, req: req)
    }

    /// A second decision, or a second moderator a moment too late: nothing changes.
    func alreadyDecided(_ req: Request, id: UUID) async throws -> Response {
        let loaded = try await load(req, id: id)
        return try await render(req, loaded, decision: SuggestionDecision.initial(for: loaded.suggestion), errors: .init(), submitted: false,
                                notice: "This suggestion has already been decided, so nothing has been changed. The decision is below.",
                                status: .conflict)
    }

    struct AlreadyDecided: Error {}

    static func merged(_ first: FormErrors, _ second: FormErrors) -> FormErrors {
        var all = FormErrors()
        for item in first.items + second.items { all.add(item.field, item.message) }
        return all
    }

    /// The decision itself: approve or reject, with a reason when rejecting or leaving changes out.
    func checkDecision(_ decision: SuggestionDecision, _ loaded: Loaded) -> FormErrors {
        var errors = FormErrors()
        let proposed = loaded.suggestion.proposed
        let approving = decision.outcome == SuggestionDecision.approve
        if !approving, decision.outcome != SuggestionDecision.reject { errors.add("decision", "Select approve or reject") }
        if approving, loaded.asset != nil, !proposed.isEmpty, decision.applied.isEmpty {
            errors.add("decision", "Select at least one change to apply, or reject the suggestion")
        }
        let reason = decision.reason
        if AssetForm.hasHiddenCharacter(reason, multiline: true) {
            errors.add("reason", "There is a hidden character in the reason that we can't accept. Type it again instead of pasting it")
        } else if reason.count > Self.reasonLimit {
            errors.add("reason", "The reason must be \(Self.reasonLimit) characters or fewer")
        }
        if decision.outcome == SuggestionDecision.reject, reason.isEmpty {
            errors.add("reason", "Say why you are rejecting the suggestion")
        }
        if approving, loaded.asset != nil, !decision.applied.isEmpty, decision.applied.count < proposed.count, reason.isEmpty {
            errors.add("reason", "Say why you are not applying every change")
        }
        return errors
    }

    /// The values an approval would write, checked as the register checks its own form
    /// (`AssetsController.apply`), and the asset as it would be saved (nil when a correction
    /// has nothing to apply).
    func checkValues(_ decision: SuggestionDecision, _ loaded: Loaded, req: Request) async throws -> (errors: FormErrors, asset: Asset?) {
        guard let original = loaded.asset else { return try await newAsset(decision.values, req: req, user: loaded.user) }
        guard !decision.applied.isEmpty else { return (FormErrors(), nil) }
        let (found, asset) = try await correction(original, proposed: loaded.suggestion.proposed, applying: decision.applied,
                                                  req: req, user: loaded.user)
        var errors = FormErrors()
        for item in found.items { errors.add(Self.rowAnchor(item.field, applied: decision.applied), item.message) }
        return (errors, asset)
    }

    /// Where a problem with an applied correction is shown: the row of the field it concerns.
    static func rowAnchor(_ field: String, applied: [String]) -> String {
        if applied.contains(field) { return "apply-" + field }
        let related = ["latitude": "postcode", "longitude": "postcode", "ward": "postcode", "taxonomy_term": "category"]
        if let owner = related[field], applied.contains(owner) { return "apply-" + owner }
        return "apply-" + (applied.first ?? field)
    }

    /// The asset with the ticked fields of a correction written over it, checked as the
    /// register checks an edit. Read afresh: the checks write into it, and a refused decision
    /// must leave nothing behind.
    func correction(_ original: Asset, proposed: [String: String], applying fields: [String],
                    req: Request, user: User) async throws -> (FormErrors, Asset) {
        let tenant = try req.tenant
        let asset = try await tenant.require(Asset.self, original.id)
        let term = try await tenant.find(AssetTaxonomyTerm.self, asset.$taxonomyTerm.id)
        var form = AssetForm(asset, termCode: term?.code)
        var values: [AssetSuggestionForm.Field: String] = [:]
        for name in fields { if let field = AssetSuggestionForm.Field(rawValue: name) { values[field] = proposed[name] ?? "" } }
        AssetSuggestionForm.overlay(values, on: &form)
        if values[.postcode] != nil {
            // A new postcode places the asset afresh, rather than the point it had.
            form.latitude = ""
            form.longitude = ""
            if !form.postcode.isEmpty { form.ward = "" }
        }
        // A finer type belongs to one kind: a new kind drops a type of the old one.
        if values[.category] != nil, let term, term.category.rawValue != form.category { form.taxonomyTerm = "" }
        var errors = try await AssetsController().apply(form, to: asset, req: req, user: user)
        if errors.isEmpty, !asset.category.mayBePublic {
            errors.add("category", "A suggestion can't make an asset a person's skills")
        }
        return (errors, asset)
    }

    /// A new asset from the (moderator-checked) values: always a draft, run by no organisation,
    /// so approving a suggestion publishes nothing.
    func newAsset(_ values: [AssetSuggestionForm.Field: String], req: Request, user: User) async throws -> (errors: FormErrors, asset: Asset?) {
        let asset = try req.tenant.adopt(Asset())
        asset.isExample = false
        var form = AssetForm()
        AssetSuggestionForm.overlay(values, on: &form)
        form.status = AssetStatus.draft.rawValue
        var errors = AssetSuggestionForm(values: values).hiddenCharacterErrors()
        if form.category == AssetCategory.individuals.rawValue {
            errors.add("category", "A suggestion can't add a person's skills: choose another kind")
        }
        if errors.isEmpty {
            errors = try await AssetsController().apply(form, to: asset, req: req, user: user)
        }
        return (AssetSuggestionForm.ordered(errors), asset)
    }

    /// Claims the suggestion (only a pending one can be decided, so a second decision finds
    /// nothing to claim), writes the asset and both audit entries, in one transaction.
    func save(_ decision: SuggestionDecision, _ loaded: Loaded, written: Asset?, req: Request) async throws {
        let tenant = try req.tenant
        let suggestion = loaded.suggestion
        let user = loaded.user
        let approving = decision.outcome == SuggestionDecision.approve
        let proposedCount = suggestion.proposed.count
        let status: AssetSuggestion.Status = !approving ? .rejected
            : loaded.asset != nil && decision.applied.count < proposedCount ? .partlyApproved : .approved
        let before = loaded.asset?.auditFields
        let hadEmail = suggestion.submitterEmail != nil
        let now = req.now
        try await req.db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database needed") }
            let claimed = try await sql.update(AssetSuggestion.schema)
                .set("status", to: status.rawValue)
                .where("id", .equal, try suggestion.requireID())
                .where("council_id", .equal, tenant.councilID)
                .where("status", .equal, AssetSuggestion.Status.pending.rawValue)
                .returning("id").all()
            guard !claimed.isEmpty else { throw AlreadyDecided() }
            if approving, let written {
                if let before {
                    try await written.update(on: db)
                    try await AuditLog.recordChange(.asset, recordID: written.id, before: before, after: written.auditFields, request: req, on: db)
                } else {
                    try await written.create(on: db)
                    try await AuditLog.record(.create, .asset, recordID: written.id, summary: ChangeSummary.describe(created: written.auditFields),
                                              by: user, council: tenant.councilID, on: db, request: req)
                }
            }
            suggestion.status = status
            suggestion.decisionReason = decision.reason.isEmpty ? nil : decision.reason
            suggestion.decidedBy = user.id
            suggestion.decidedAt = now
            // Data minimisation: the address was only for a reply about this suggestion.
            suggestion.submitterEmail = nil
            try await suggestion.update(on: db)
            let summary = Self.decisionSummary(status, decision, loaded, written: written, hadEmail: hadEmail)
            try await AuditLog.record(.update, .assetSuggestion, recordID: suggestion.id, summary: summary,
                                      by: user, council: tenant.councilID, on: db, request: req)
        }
    }

    /// The decision in the audit log: what was decided, which fields, and why.
    static func decisionSummary(_ status: AssetSuggestion.Status, _ decision: SuggestionDecision, _ loaded: Loaded,
                                written: Asset?, hadEmail: Bool) -> String {
        let proposed = AssetSuggestionForm.Field.allCases.map(\.rawValue).filter { loaded.suggestion.proposed[$0] != nil }
        var summary: String
        switch status {
        case .rejected:
            summary = "Rejected the suggestion (fields: \(proposed.isEmpty ? "none" : proposed.joined(separator: ", ")))"
        case .partlyApproved:
            let left = proposed.filter { !decision.applied.contains($0) }
            summary = "Partly approved the suggestion for \(loaded.asset?.name ?? "an asset"): applied \(decision.applied.joined(separator: ", ")); "
                + "not applied \(left.joined(separator: ", "))"
        default:
            if loaded.asset == nil, let written {
                summary = "Approved the suggestion as a new draft asset, \(written.name) (\(written.id?.uuidString ?? "")), "
                    + "fields: \(proposed.joined(separator: ", "))"
            } else if decision.applied.isEmpty {
                summary = "Approved the suggestion for \(loaded.asset?.name ?? "an asset"), with no changes to apply"
            } else {
                summary = "Approved the suggestion for \(loaded.asset?.name ?? "an asset"): applied \(decision.applied.joined(separator: ", "))"
            }
        }
        if !decision.reason.isEmpty { summary += ". Reason: " + decision.reason }
        if hadEmail { summary += ". The sender's email address was deleted" }
        return summary
    }

    static func redirect(after decision: SuggestionDecision, _ loaded: Loaded, written: Asset?, req: Request) -> Response {
        if decision.outcome == SuggestionDecision.reject {
            return Flash.redirect(req, to: Assets.Routes.suggestions.path, message: "The suggestion has been rejected")
        }
        if loaded.asset == nil, let written, let id = written.id {
            return Flash.redirect(req, to: Assets.Routes.show.path(id),
                                  message: "Suggestion approved: \(written.name) is in the register as a draft. Check it, then publish it when it is ready")
        }
        let name = loaded.asset?.name ?? "the asset"
        let message = decision.applied.isEmpty ? "Suggestion approved: there were no changes to make to \(name)"
            : "Suggestion approved: \(DisplayFormat.count(decision.applied.count, "change")) saved to \(name)"
        return Flash.redirect(req, to: Assets.Routes.suggestions.path, message: message)
    }

    func render(_ req: Request, _ loaded: Loaded, decision: SuggestionDecision, errors: FormErrors, submitted: Bool,
                notice: String? = nil, status: HTTPStatus? = nil) async throws -> Response {
        typealias Field = AssetSuggestionForm.Field
        let s = loaded.suggestion
        let proposed = AssetSuggestionForm.decode(s.proposed)
        var changes: [AssetSuggestionReviewPage.Change] = []
        if let asset = loaded.asset {
            let current = AssetSuggestionForm.current(asset)
            for field in Field.allCases {
                guard let value = proposed[field] else { continue }
                changes.append(.init(field: field.rawValue, label: field.label,
                                     current: AssetSuggestionForm.display(field, current[field] ?? ""),
                                     proposed: AssetSuggestionForm.display(field, value, blank: "Nothing: remove it"),
                                     apply: decision.applied.contains(field.rawValue), error: errors["apply-" + field.rawValue]))
            }
        }
        var decided: AssetSuggestionReviewPage.Decided?
        if s.status != .pending {
            let by = try await req.tenant.find(User.self, s.decidedBy)
            decided = .init(by: by?.name ?? "A former member of staff", at: s.decidedAt.map(DisplayFormat.dateTime) ?? "—",
                            reason: s.decisionReason)
        }
        let page = AssetSuggestionReviewPage(
            id: try s.requireID(), title: Self.title(s, asset: loaded.asset, user: loaded.user), asset: loaded.asset.map { ($0.id!, $0.name) },
            received: s.createdAt.map(DisplayFormat.dateTime) ?? "—", status: s.status, message: s.message, replyEmail: s.submitterEmail,
            decided: decided, changes: changes,
            newValues: loaded.asset == nil ? AssetSuggestionForm(values: decision.values).assetFields(errors: errors) : [],
            newSummary: loaded.asset == nil ? Field.allCases.compactMap { field in
                proposed[field].map { SummaryRow(key: field.label, value: AssetSuggestionForm.display(field, $0)) }
            } : [],
            canDecide: loaded.canDecide, mayDecide: loaded.mayDecide,
            decisionFields: decision.fields(isNew: loaded.asset == nil, hasChanges: !proposed.isEmpty, errors: errors),
            errors: errors, submitted: submitted, notice: notice)
        return try await req.render(page, status: status ?? (submitted && !errors.isEmpty ? .unprocessableEntity : .ok))
    }
}

/// A moderator's decision as submitted: approve or reject, the reason, the ticked fields of a
/// correction, and for a new asset the values as the moderator left them (fixed where the
/// resident's didn't pass the register's checks).
struct SuggestionDecision: Sendable {
    static let approve = "approve", reject = "reject"

    var outcome = ""
    var reason = ""
    /// The proposed fields to apply, in the form's order.
    var applied: [String] = []
    var values: [AssetSuggestionForm.Field: String] = [:]

    /// Before deciding: every proposed change ticked, the values as the resident gave them.
    static func initial(for suggestion: AssetSuggestion) -> SuggestionDecision {
        let proposed = suggestion.proposed
        var decision = SuggestionDecision()
        decision.applied = AssetSuggestionForm.Field.allCases.map(\.rawValue).filter { proposed[$0] != nil }
        decision.values = AssetSuggestionForm.decode(proposed)
        return decision
    }

    init() {}

    init(_ form: SubmittedForm, suggestion: AssetSuggestion) {
        let proposed = suggestion.proposed
        outcome = form["decision"]
        reason = form["reason"]
        let ticked = Set(form.list("apply"))
        // Only fields the resident proposed can be applied, whatever else is sent.
        applied = AssetSuggestionForm.Field.allCases.map(\.rawValue).filter { proposed[$0] != nil && ticked.contains($0) }
        values = AssetSuggestionForm(form, current: AssetSuggestionForm.decode(proposed)).values
    }

    func fields(isNew: Bool, hasChanges: Bool, errors: FormErrors) -> [FormField] {
        let approveLabel = isNew ? "Approve: add it to the register as a draft"
            : hasChanges ? "Approve the selected changes" : "Approve (there are no changes to make)"
        return [
            FormField(name: "decision", label: "Your decision", kind: .radios, value: outcome, options: [
                .init(value: Self.approve, label: approveLabel, selected: outcome == Self.approve),
                .init(value: Self.reject, label: "Reject", selected: outcome == Self.reject),
            ]),
            FormField(name: "reason", label: "Reason", kind: .textarea, value: reason,
                      hint: "Needed if you reject it or leave out some changes, up to \(AssetSuggestionsController.reasonLimit) characters. It is kept in the audit log, so don't include personal details."),
        ].map { $0.with(errors: errors) }
    }
}

/// What a resident typed into the suggestion form, kept as text so a mistake is shown back as
/// it was. The asset fields have `AssetForm`'s names and pass through `AssetForm`'s checks, so
/// values accepted here pass the register's validation when a moderator approves them. A list of
/// accessibility features is kept as its codes separated by commas, as `proposed` stores it.
struct AssetSuggestionForm: Sendable {
    /// The details a resident may suggest, in the form's order.
    enum Field: String, CaseIterable, Sendable {
        case name, category, description, address, postcode, website
        case contactEmail = "contact_email", contactPhone = "contact_phone"
        case openingTimes = "opening_times", accessibility, languages, cost

        /// As staff see it in the review.
        var label: String {
            switch self {
            case .name: "Name"
            case .category: "Kind of asset"
            case .description: "Description"
            case .address: "Address"
            case .postcode: "Postcode"
            case .website: "Website"
            case .contactEmail: "Contact email"
            case .contactPhone: "Contact phone"
            case .openingTimes: "Opening times"
            case .accessibility: "Accessibility"
            case .languages: "Languages spoken"
            case .cost: "Cost"
            }
        }

        /// As a message to the resident names it: "There is a hidden character in the name".
        var inSentence: String {
            switch self {
            case .name: "the name"
            case .category: "the kind"
            case .description: "the description"
            case .address: "the address"
            case .postcode: "the postcode"
            case .website: "the website"
            case .contactEmail: "the email address"
            case .contactPhone: "the phone number"
            case .openingTimes: "the opening times"
            case .accessibility: "the accessibility list"
            case .languages: "the languages"
            case .cost: "the cost"
            }
        }

        var isMultiline: Bool { self == .description || self == .openingTimes }
    }

    static let messageLimit = 1_000
    static let emailLimit = 254
    /// The honeypot: hidden from people, so only a robot fills it in.
    static let honeypot = "homepage"
    /// The fields in the order their errors are listed.
    static let order = Field.allCases.map(\.rawValue) + ["message", "reply_email"]

    var values: [Field: String] = [:]
    var message = ""
    var replyEmail = ""
    var honeypotFilled = false

    init(values: [Field: String] = [:]) { self.values = values }

    /// A submitted form. For a correction, `current` holds the asset's present values, kept for
    /// any field the request doesn't send at all: leaving a field out is not a change. (The form
    /// sends an empty `accessibility` before its checkboxes, so unticking every box is a change.)
    init(_ form: SubmittedForm, current: [Field: String]? = nil) {
        for field in Field.allCases {
            if form.all[field.rawValue] == nil {
                values[field] = current?[field] ?? ""
            } else {
                values[field] = field == .accessibility ? form.list(field.rawValue).joined(separator: ",") : form[field.rawValue]
            }
        }
        message = form["message"]
        replyEmail = form["reply_email"]
        honeypotFilled = !form[Self.honeypot].isEmpty
    }

    subscript(_ field: Field) -> String { values[field] ?? "" }

    /// An asset's present values, as the form shows them (opening times a clause a line, as
    /// the form's hint asks for them).
    static func current(_ asset: Asset) -> [Field: String] {
        let form = AssetForm(asset, termCode: nil)
        return [.name: form.name, .category: form.category, .description: form.description, .address: form.address,
                .postcode: form.postcode, .website: form.website, .contactEmail: form.contactEmail, .contactPhone: form.contactPhone,
                .openingTimes: form.openingTimes.replacingOccurrences(of: "; ", with: "\n"),
                .accessibility: form.accessibility.joined(separator: ","),
                .languages: form.languages, .cost: form.cost]
    }

    /// Stored proposed values back as fields (unknown names are dropped).
    static func decode(_ proposed: [String: String]) -> [Field: String] {
        var values: [Field: String] = [:]
        for (key, value) in proposed { if let field = Field(rawValue: key) { values[field] = value } }
        return values
    }

    /// Writes values over an asset form.
    static func overlay(_ values: [Field: String], on form: inout AssetForm) {
        for (field, value) in values {
            switch field {
            case .name: form.name = value
            case .category: form.category = value
            case .description: form.description = value
            case .address: form.address = value
            case .postcode: form.postcode = value
            case .website: form.website = value
            case .contactEmail: form.contactEmail = value
            case .contactPhone: form.contactPhone = value
            case .openingTimes: form.openingTimes = value
            case .accessibility: form.accessibility = value.split(separator: ",").map(String.init)
            case .languages: form.languages = value
            case .cost: form.cost = value
            }
        }
    }

    /// A value as the register would store it, so that retyping the same thing differently
    /// ("ws3 1ab", "Mon-Fri 09:00-17:00" on two lines) is not a change.
    static func canonical(_ field: Field, _ value: String) -> String {
        switch field {
        case .postcode: Postcode.normalise(value) ?? value
        case .contactEmail: ContactDetails.normalisedEmail(value)
        case .openingTimes: (try? OpeningTimes.parse(value).get())?.text ?? value
        case .accessibility: Set(value.split(separator: ",").map(String.init)).sorted().joined(separator: ",")
        case .languages: AssetForm.languageList(value).joined(separator: ", ")
        default: value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// The fields whose values differ from `current`, in the form's order.
    func changes(from current: [Field: String]) -> [Field] {
        Field.allCases.filter { Self.canonical($0, self[$0]) != Self.canonical($0, current[$0] ?? "") }
    }

    /// The values to keep for these fields: a postcode in its normal form, features in the
    /// form's order, the rest as typed.
    func proposed(_ fields: [Field]) -> [String: String] {
        var proposed: [String: String] = [:]
        for field in fields {
            let value = self[field]
            switch field {
            case .postcode: proposed[field.rawValue] = Postcode.normalise(value) ?? value
            case .accessibility:
                let codes = Set(value.split(separator: ",").map(String.init))
                proposed[field.rawValue] = AccessibilityFeature.allCases.map(\.rawValue).filter(codes.contains).joined(separator: ",")
            default: proposed[field.rawValue] = value
            }
        }
        return proposed
    }

    func hiddenCharacterErrors() -> FormErrors {
        var errors = FormErrors()
        for field in Field.allCases where AssetForm.hasHiddenCharacter(self[field], multiline: field.isMultiline) {
            errors.add(field.rawValue, "There is a hidden character in \(field.inSentence) that we can't accept. Type it again instead of copying and pasting it")
        }
        if AssetForm.hasHiddenCharacter(message, multiline: true) {
            errors.add("message", "There is a hidden character in your message that we can't accept. Type it again instead of copying and pasting it")
        }
        if AssetForm.hasHiddenCharacter(replyEmail, multiline: false) {
            errors.add("reply_email", "There is a hidden character in your email address that we can't accept. Type it again")
        }
        return errors
    }

    /// Checks what a resident sent. `changed` is nil for a new asset; for a correction, only the
    /// changed fields are checked (the rest are the register's own values), and a correction
    /// must change something or say what is wrong.
    func validate(changed: Set<Field>?, req: Request) async throws -> FormErrors {
        var errors = hiddenCharacterErrors()
        var form = AssetForm()
        Self.overlay(values, on: &form)
        form.status = AssetStatus.draft.rawValue
        var found = FormErrors()
        var location = AssetLocation()
        if !self[.postcode].isEmpty, changed?.contains(.postcode) ?? true {
            location = try await AssetLocation.resolve(.init(postcode: self[.postcode], latitude: "", longitude: "", ward: ""),
                                                       tenant: try req.tenant, council: try req.council,
                                                       cache: req.application.geographyCache, errors: &found)
        }
        let choices = AssetForm.Choices(terms: [], organisations: [], wards: [], categories: AssetCategory.allCases.filter(\.mayBePublic))
        form.validate(into: Asset(), choices: choices, location: location, today: CalendarDate.inLondon(req.now), errors: &found)
        let council = try req.council
        for item in found.items {
            guard let field = Field(rawValue: item.field), changed?.contains(field) ?? true else { continue }
            errors.add(item.field, resident(field, item.message, council: council))
        }
        if message.count > Self.messageLimit {
            errors.add("message", "What you tell us must be \(DisplayFormat.count(Self.messageLimit)) characters or fewer. You wrote \(DisplayFormat.count(message.count))")
        }
        if !replyEmail.isEmpty, !ContactDetails.isPlausibleEmail(replyEmail) || replyEmail.count > Self.emailLimit {
            errors.add("reply_email", "Enter your email address in the correct format, like name@example.org, or leave it empty")
        }
        if let changed, changed.isEmpty, message.isEmpty {
            errors.add("message", "Change at least one detail, or tell us what's wrong in the message")
        }
        return Self.ordered(errors)
    }

    /// The register's message, in words for a resident where the register's are for staff.
    func resident(_ field: Field, _ message: String, council: Council) -> String {
        switch field {
        case .name where self[.name].isEmpty: return "Enter the name of the group, place or service"
        case .category: return "Select what kind of thing it is"
        case .postcode:
            guard let postcode = Postcode.normalise(self[.postcode]) else { return "Enter a real postcode, like WS1 1TP" }
            return "We can't find \(postcode) in \(council.name)'s area. Check the postcode, or leave it empty and write the address"
        case .cost: return "Select whether it costs anything"
        default: return message
        }
    }

    /// Errors in the order of the form's fields, so the summary reads top to bottom.
    static func ordered(_ errors: FormErrors) -> FormErrors {
        var sorted = FormErrors()
        for field in order { if let message = errors[field] { sorted.add(field, message) } }
        for item in errors.items { sorted.add(item.field, item.message) }
        return sorted
    }

    /// A value as people read it, in the review.
    static func display(_ field: Field, _ value: String, blank: String = "Not given") -> String {
        if value.isEmpty { return field == .accessibility ? (blank == "Not given" ? "None" : blank) : blank }
        switch field {
        case .category: return AssetCategory(rawValue: value)?.label ?? value
        case .cost: return AssetCost(rawValue: value)?.label ?? value
        case .accessibility:
            return value.split(separator: ",").map { AccessibilityFeature(rawValue: String($0))?.label ?? String($0) }.joined(separator: ", ")
        case .openingTimes: return value.split(whereSeparator: \.isNewline).joined(separator: "; ")
        default: return value
        }
    }
}
