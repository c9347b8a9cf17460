import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Applying for a grant, for a group with no account: the open rounds, a round's page, then an
/// application one topic to a page, checked answers, and sending it. The group comes back by a
/// private link sent by email (the token is in the link and, once opened, in a cookie; the
/// database keeps only its SHA-256, as `Secrets` does for every token). A link lasts
/// `linkLifetime`; an expired one offers a new link, sent to the address the group gave.
struct GrantApplyController {
    static let linkLifetime: TimeInterval = 30 * 24 * 3600
    /// Applications and new links one address may ask for in an hour.
    static let linksPerHour = 10

    // MARK: Rounds

    @Sendable func rounds(_ req: Request) async throws -> Response {
        let now = req.now
        let rounds = try await req.tenant.query(GrantRound.self).filter(\.$closesAt > now).sort(\.$closesAt).all()
        return try await req.render(GrantRoundsPage(rounds: rounds.map { (round: $0, open: $0.isOpen(at: now)) }))
    }

    @Sendable func round(_ req: Request, id: UUID) async throws -> Response {
        let round = try await Self.round(req, id)
        return try await req.render(GrantRoundPage(round: round, priorityAreas: try await GrantQueries.areas(req).names(round.priorityAreas), open: round.isOpen(at: req.now), email: "", errors: .init()))
    }

    /// Starts an application: the email address the private link goes to, then the link.
    @Sendable func start(_ req: Request, id: UUID) async throws -> Response {
        let round = try await Self.round(req, id)
        let form = SubmittedForm(req)
        let email = form["email"]
        var errors = FormErrors()
        if !round.isOpen(at: req.now) {
            errors.add("email", req.now < round.opensAt ? "\(round.name) opens on \(DisplayFormat.dateTime(round.opensAt)). You can start an application then"
                                                        : "\(round.name) has closed. You can no longer start an application")
        } else if email.isEmpty {
            errors.add("email", "Enter your email address, so we can send you a link to your application")
        } else if !ContactDetails.isPlausibleEmail(email) || email.count > 254 {
            errors.add("email", "Enter an email address in the right format, like name@example.org")
        }
        guard errors.isEmpty else {
            return try await req.render(GrantRoundPage(round: round, priorityAreas: try await GrantQueries.areas(req).names(round.priorityAreas), open: round.isOpen(at: req.now), email: email, errors: errors), status: .unprocessableEntity)
        }
        let address = ContactDetails.normalisedEmail(email)
        let tenant = try req.tenant
        // A double click sends the same form twice: the second finds the first's draft.
        guard try await RateLimiter.hit("grant-start-once:\(tenant.councilID):\(round.id!):\(address)", limit: 1, windowSeconds: 60, now: req.now, on: req.db) else {
            return try await req.render(GrantLinkSentPage(email: address, started: true))
        }
        guard try await RateLimiter.hit("grant-link:\(tenant.councilID):\(req.clientAddress ?? "unknown")", limit: Self.linksPerHour,
                                        windowSeconds: 3600, now: req.now, on: req.db) else {
            errors.add("email", "We have sent a lot of links from this internet connection. Please try again in an hour")
            return try await req.render(GrantRoundPage(round: round, priorityAreas: try await GrantQueries.areas(req).names(round.priorityAreas), open: true, email: email, errors: errors), status: .tooManyRequests)
        }
        var answers = GrantApplicationAnswers()
        answers.contactEmail = address
        let application = GrantApplication(councilID: tenant.councilID, roundID: round.id!, projectTitle: "", requestedPence: 0, answers: answers)
        let token = Secrets.token()
        application.linkTokenHash = Secrets.hash(token)
        application.linkExpiresAt = req.now.addingTimeInterval(Self.linkLifetime)
        try await req.db.transaction { db in
            try await application.create(on: db)
            try await AuditLog.record(.create, .grantApplication, recordID: application.id, summary: "application to \(round.name) started by a group",
                                      by: nil, council: tenant.councilID, on: db, request: req)
        }
        try await Self.sendLink(token, to: address, round: round, started: true, req: req)
        return try await req.render(GrantLinkSentPage(email: address, started: true))
    }

    // MARK: The private link

    /// Opens an application from its emailed link: the token moves into a cookie, so it leaves
    /// the address bar (and the browser's history) at once.
    @Sendable func continueLink(_ req: Request) async throws -> Response {
        let token = SubmittedForm(urlEncoded: req.url.query ?? "")["token"]
        switch try await Self.application(token: token, req: req) {
        case .found:
            let response = req.redirect(to: Grants.Routes.application.path.description, redirectType: .normal)
            response.setCookie(.privateLink, token, maxAge: Int(Self.linkLifetime), for: req)
            return response
        case .expired:
            return try await req.render(GrantLinkExpiredPage(token: token), status: .gone)
        case .unknown:
            return try await req.render(GrantLinkUnknownPage(), status: .notFound)
        }
    }

    /// A new link for an expired one, sent to the address the group gave (never shown here).
    @Sendable func renewLink(_ req: Request) async throws -> Response {
        let token = SubmittedForm(req)["token"]
        guard case .expired(let application) = try await Self.application(token: token, req: req) else {
            return try await req.render(GrantLinkUnknownPage(), status: .notFound)
        }
        guard try await RateLimiter.hit("grant-link:\(application.councilID):\(req.clientAddress ?? "unknown")", limit: Self.linksPerHour,
                                        windowSeconds: 3600, now: req.now, on: req.db) else {
            return try await req.render(GrantLinkExpiredPage(token: token, rateLimited: true), status: .tooManyRequests)
        }
        let email = application.answers.contactEmail
        try await Self.renew(application, req: req)
        return try await req.render(GrantLinkSentPage(email: email, started: false))
    }

    /// "Save and come back later": the answers are already saved; the link is sent again.
    @Sendable func saveForLater(_ req: Request) async throws -> Response {
        let application = try await Self.current(req)
        guard try await RateLimiter.hit("grant-link:\(application.councilID):\(req.clientAddress ?? "unknown")", limit: Self.linksPerHour,
                                        windowSeconds: 3600, now: req.now, on: req.db) else {
            return Flash.redirect(req, to: Grants.Routes.application.path, message: "Your answers are saved. We have sent a lot of links from this internet connection, so try again in an hour if you need another.")
        }
        let email = application.answers.contactEmail
        try await Self.renew(application, req: req)
        let response = try await req.render(GrantLinkSentPage(email: email, started: false))
        response.setCookie(.privateLink, "", maxAge: 0, for: req)
        return response
    }

    // MARK: The application

    @Sendable func overview(_ req: Request) async throws -> Response {
        let application = try await Self.current(req)
        let round = try await req.tenant.require(GrantRound.self, application.$round.id)
        let answers = application.answers
        let unfinished = answers.unfinished(questions: round.eligibility, minimumPence: round.minimumPence, maximumPence: round.maximumPence)
        let report = application.state == .inMonitoring ? try await GrantAftercare.report(of: application.id!, tenant: req.tenant) : nil
        return try await req.render(GrantApplicationOverviewPage(application: application, round: round, unfinished: unfinished,
                                                                 ineligible: answers.ineligibility(round.eligibility), open: round.isOpen(at: req.now),
                                                                 report: report))
    }

    @Sendable func section(_ req: Request, section: GrantApplicationSection) async throws -> Response {
        let (application, round) = try await Self.draft(req)
        let form = GrantApplicationForm(section: section, answers: application.answers)
        return try await req.render(GrantQuestionPage(form: form, round: round, areas: try await GrantQueries.areas(req)))
    }

    @Sendable func saveSection(_ req: Request, section: GrantApplicationSection) async throws -> Response {
        let (application, round) = try await Self.draft(req)
        let areas = try await GrantQueries.areas(req)
        let submitted = SubmittedForm(req)
        let saving = submitted["then"] == "save"
        let form = GrantApplicationForm(section: section, answers: application.answers, submitted: submitted, round: round, areas: areas,
                                        complete: !saving)
        // A page with a mistake changes nothing: it comes back as it was typed, saying what to fix.
        guard form.errors.isEmpty else {
            return try await req.render(GrantQuestionPage(form: form, round: round, areas: areas), status: .unprocessableEntity)
        }
        try await Self.save(form.answers, to: application, req: req)
        if saving { return try await saveForLater(req) }
        if section == .eligibility, let reason = form.answers.ineligibility(round.eligibility) {
            return try await req.render(GrantIneligiblePage(round: round, question: reason))
        }
        let unfinished = form.answers.unfinished(questions: round.eligibility, minimumPence: round.minimumPence, maximumPence: round.maximumPence)
        guard let next = section.next, unfinished.contains(next) else { return req.redirect(to: Grants.Routes.check.path.description) }
        return req.redirect(to: Grants.Routes.section.path(next).description)
    }

    @Sendable func check(_ req: Request) async throws -> Response {
        let (application, round) = try await Self.draft(req)
        return try await req.render(GrantCheckAnswersPage(application: application, round: round, areas: try await GrantQueries.areas(req), errors: .init()))
    }

    @Sendable func submit(_ req: Request) async throws -> Response {
        let application = try await Self.current(req)
        let round = try await req.tenant.require(GrantRound.self, application.$round.id)
        // A second click after the first sent it: the confirmation again.
        if application.state == .submitted, application.reference != nil { return try await confirmation(application, round: round, req: req, mail: false) }
        let answers = application.answers
        var errors = FormErrors()
        if let reason = answers.ineligibility(round.eligibility) { errors.add("eligibility", reason.whyIneligible) }
        for section in answers.unfinished(questions: round.eligibility, minimumPence: round.minimumPence, maximumPence: round.maximumPence) {
            errors.add(section.rawValue, "Finish “\(section.title)” before you send your application")
        }
        if let problem = GrantSubmission.problem(application, round: round, now: req.now) { errors.add("round", problem) }
        guard errors.isEmpty else {
            return try await req.render(GrantCheckAnswersPage(application: application, round: round, areas: try await GrantQueries.areas(req), errors: errors),
                                        status: .unprocessableEntity)
        }
        let sent: GrantApplication
        do {
            sent = try await GrantSubmission.submit(application.id!, tenant: req.tenant, now: req.now)
        } catch let refused as GrantDecisionRefused {
            errors.add("round", refused.message)
            return try await req.render(GrantCheckAnswersPage(application: application, round: round, areas: try await GrantQueries.areas(req), errors: errors),
                                        status: .conflict)
        }
        try await AuditLog.record(.update, .grantApplication, recordID: sent.id, summary: "application \(sent.reference ?? "") sent by the group",
                                  by: nil, council: sent.councilID, on: req.db, request: req)
        return try await confirmation(sent, round: round, req: req, mail: true)
    }

    private func confirmation(_ application: GrantApplication, round: GrantRound, req: Request, mail: Bool) async throws -> Response {
        let reference = application.reference ?? ""
        if mail {
            let answers = application.answers
            try await req.services.mailer.send(MailMessage(
                to: answers.contactEmail, subject: "Application \(reference) received",
                body: "Hello \(answers.contactName),\n\nThank you for applying to \(round.name) for \(answers.projectTitle). "
                    + "Your reference is \(reference). You asked for \(Money.pounds(application.requestedPence)).\n\n"
                    + "We will check your application and tell you what happens next. You can see where it has got to with the link we sent you before.\n\n"
                    + "\(try req.council.name) community cohesion team"))
        }
        return try await req.render(GrantConfirmationPage(reference: reference, email: application.answers.contactEmail, round: round))
    }

    // MARK: Monitoring report

    static let reportTextLimit = 3_000

    @Sendable func reportForm(_ req: Request) async throws -> Response {
        let (application, report) = try await Self.reporting(req)
        return try await req.render(GrantReportPage(application: application, report: report, areas: try await GrantQueries.areas(req), typed: [:], errors: .init()))
    }

    static let maximumPhotos = 3, photoBytes = 5 * 1024 * 1024

    @Sendable func sendReport(_ req: Request) async throws -> Response {
        let (application, report) = try await Self.reporting(req)
        let areas = try await GrantQueries.areas(req)
        let localityCodes = GrantReportPage.localities(application, areas: areas).map(\.code)
        let (form, files) = Self.reportForm(req, localityCodes: localityCodes)
        var errors = FormErrors()
        func text(_ name: String, _ missing: String) -> String {
            let value = form[name]
            if value.isEmpty { errors.add(name, missing) }
            else if value.count > Self.reportTextLimit { errors.add(name, "Write \(DisplayFormat.count(Self.reportTextLimit, "character")) or fewer") }
            return value
        }
        let happened = text("what_happened", "Say what happened in your project")
        var reached: [String: Int] = [:]
        for code in GrantReportPage.localities(application, areas: areas).map(\.code) {
            let typed = form["people_\(code)"].replacingOccurrences(of: ",", with: "")
            guard !typed.isEmpty else { continue }
            if let number = QueryNumber.integer(typed), (0...GrantApplicationForm.maximumBeneficiaries).contains(number) { reached[code] = number }
            else { errors.add("people_\(code)", "Enter a whole number of people, like 25") }
        }
        if errors.isEmpty, reached.values.reduce(0, +) == 0, let first = GrantReportPage.localities(application, areas: areas).first {
            errors.add("people_\(first.code)", "Say how many people took part in at least one area")
        }
        let changed = text("what_changed", "Say what changed because of your project")
        var photos: [(type: String, bytes: Data)] = []
        let sent = files.filter { $0.data.readableBytes > 0 }
        if sent.count > Self.maximumPhotos { errors.add("photos", "Send up to \(Self.maximumPhotos) photos") }
        for file in sent.prefix(Self.maximumPhotos) {
            let bytes = Data(buffer: file.data)
            guard bytes.count <= Self.photoBytes else { errors.add("photos", "\(file.filename) is larger than 5 MB: send a smaller copy"); continue }
            guard let type = GrantReportPhoto.imageType(of: bytes) else { errors.add("photos", "\(file.filename) is not a JPEG or PNG photo"); continue }
            photos.append((type, bytes))
        }
        if !sent.isEmpty, form["photo_consent"] != "yes" {
            errors.add("photo_consent", "Confirm that everyone who can be recognised in the photos agreed to them being sent, or leave the photos out")
        }
        guard errors.isEmpty else {
            return try await req.render(GrantReportPage(application: application, report: report, areas: areas,
                                                        typed: form.values.filter { $0.key != CSRF.fieldName }, errors: errors), status: .unprocessableEntity)
        }
        // Sent once: a second click finds it sent and changes nothing.
        let reportID = try report.requireID(), council = application.councilID
        let (peopleReached, kept) = (reached, photos)
        try await req.db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            struct Row: Decodable { let id: UUID }
            let claimed = try await sql.update(GrantMonitoringReport.schema)
                .set("what_happened", to: happened).set("people_reached", to: JSONColumn.encode(peopleReached)).set("what_changed", to: changed)
                .set("submitted_at", to: req.now)
                .where("id", .equal, reportID).where("submitted_at", .is, SQLLiteral.null).returning("id").all(decoding: Row.self)
            guard !claimed.isEmpty else { return }
            for photo in kept {
                try await GrantReportPhoto(councilID: council, reportID: reportID, contentType: photo.type, bytes: photo.bytes).create(on: db)
            }
        }
        try await AuditLog.record(.update, .grantApplication, recordID: application.id, summary: "monitoring report sent by the group"
                                      + (photos.isEmpty ? "" : " with \(photos.count) photo\(photos.count == 1 ? "" : "s")"),
                                  by: nil, council: application.councilID, on: req.db, request: req)
        return Flash.redirect(req, to: Grants.Routes.application.path, message: "Thank you. Your report has been sent to the cohesion team.")
    }

    /// The report form's fields, whether sent as a plain form or with photos (multipart: its
    /// text fields read by name, since they include one per area).
    static func reportForm(_ req: Request, localityCodes: [String]) -> (SubmittedForm, [File]) {
        guard req.headers.contentType?.type == "multipart" else { return (SubmittedForm(req), []) }
        // Decoded once: a body of up to 16 MB is not parsed again for each field.
        guard let upload = try? req.content.decode(ReportUpload.self) else { return (SubmittedForm(values: [:]), []) }
        let wanted = Set(["what_happened", "what_changed", "photo_consent"] + localityCodes.map { "people_\($0)" })
        return (SubmittedForm(values: upload.fields.filter { wanted.contains($0.key) }
                    .mapValues { [$0.trimmingCharacters(in: .whitespacesAndNewlines)] }), upload.photos)
    }

    /// A report sent with photos: its text fields by name (one per area), and its files.
    struct ReportUpload: Decodable {
        var fields: [String: String] = [:]
        var photos: [File] = []

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == "photos" { photos = (try? container.decode([File].self, forKey: key)) ?? [] }
                else if let text = try? container.decode(String.self, forKey: key) { fields[key.stringValue] = text }
            }
        }
    }

    /// The application whose report is wanted now, and its report; otherwise to its page.
    static func reporting(_ req: Request) async throws -> (GrantApplication, GrantMonitoringReport) {
        let application = try await current(req)
        guard application.state == .inMonitoring, let report = try await GrantAftercare.report(of: application.id!, tenant: req.tenant),
              report.submittedAt == nil else { throw Abort.redirect(to: Grants.Routes.application.path.description) }
        return (application, report)
    }

    // MARK: Helpers

    static func round(_ req: Request, _ id: UUID) async throws -> GrantRound {
        guard let round = try await req.tenant.find(GrantRound.self, id) else { throw Abort(.notFound) }
        return round
    }

    enum LinkLookup { case found(GrantApplication), expired(GrantApplication), unknown }

    /// The application a link's token opens, in this council only.
    static func application(token: String, req: Request) async throws -> LinkLookup {
        guard token.count >= 32, token.count <= 100 else { return .unknown }
        guard let application = try await req.tenant.query(GrantApplication.self).filter(\.$linkTokenHash == Secrets.hash(token)).first() else {
            return .unknown
        }
        guard let expires = application.linkExpiresAt, req.now < expires else { return .expired(application) }
        return .found(application)
    }

    /// The application whose link this browser opened; otherwise a page saying how to get back.
    static func current(_ req: Request) async throws -> GrantApplication {
        switch try await application(token: req.cookie(.privateLink) ?? "", req: req) {
        case .found(let application): return application
        case .expired: throw Abort(.gone, reason: "Your link to this application has expired. Open the newest link we emailed you, or ask for a new one from the link in that email.")
        case .unknown: throw Abort(.notFound, reason: "Open your application from the link we emailed you.")
        }
    }

    /// The current application while it may still be changed: a draft, or one returned for changes.
    static func draft(_ req: Request) async throws -> (GrantApplication, GrantRound) {
        let application = try await current(req)
        let round = try await req.tenant.require(GrantRound.self, application.$round.id)
        guard application.state == .draft else { throw Abort.redirect(to: Grants.Routes.application.path.description) }
        return (application, round)
    }

    /// Keeps the answers, and the title and amount the lists show, only while it is a draft.
    static func save(_ answers: GrantApplicationAnswers, to application: GrantApplication, req: Request) async throws {
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        try await sql.update(GrantApplication.schema)
            .set("answers", to: JSONColumn.encode(answers))
            .set("project_title", to: answers.projectTitle)
            .set("requested_pence", to: answers.requestedPence ?? 0)
            .set("updated_at", to: req.now)
            .where("id", .equal, application.id!).where("council_id", .equal, application.councilID)
            .where("state", .equal, GrantApplicationState.draft.rawValue)
            .run()
        application.answers = answers
        application.projectTitle = answers.projectTitle
        application.requestedPence = answers.requestedPence ?? 0
    }

    /// A new token replaces the old one (which stops working), sent to the group's address.
    static func renew(_ application: GrantApplication, req: Request) async throws {
        let round = try await req.tenant.require(GrantRound.self, application.$round.id)
        let token = Secrets.token()
        application.linkTokenHash = Secrets.hash(token)
        application.linkExpiresAt = req.now.addingTimeInterval(linkLifetime)
        try await application.update(on: req.db)
        try await sendLink(token, to: application.answers.contactEmail, round: round, started: false, req: req)
    }

    static func sendLink(_ token: String, to email: String, round: GrantRound, started: Bool, req: Request) async throws {
        let council = try req.council
        let url = council.siteURL(configured: req.application.cohesionConfig.publicURL) + Grants.Routes.continueLink.path.with("token", token).description
        try await req.services.mailer.send(MailMessage(
            to: email, subject: started ? "Your application to \(round.name)" : "Your link to your application to \(round.name)",
            body: "Hello,\n\n" + (started ? "You have started an application to \(council.name)'s \(round.name). " : "Here is a new link to your application to \(round.name). ")
                + "Use this link to carry on with it, or to see where it has got to after you send it:\n\n\(url)\n\n"
                + "The link works for 30 days. Keep this email private: anyone with the link can see and change your application. "
                + "Any earlier link no longer works.\n\nIf you did not start an application, you can ignore this email.\n\n\(council.name) community cohesion team"))
    }
}

extension GrantApplicationSection: PathParameter {
    init?(pathComponent: String) { self.init(rawValue: pathComponent) }
    var pathComponent: String { rawValue }
    static var expectedForm: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
}
