import CohesionCore
import Fluent
import Vapor

/// The public questionnaire: no account, one page, on a phone. The postcode only finds the ward
/// and is not kept; the ethnic group is sealed before it is stored; a second press of "Send"
/// adds nothing (the form's one-off key is unique within the wave).
struct SurveyQuestionnaireController {
    /// Answers from one internet connection in an hour, enough for a household or a library PC.
    static let answersPerHour = 30

    @Sendable func list(_ req: Request) async throws -> Response {
        let waves = try await req.tenant.query(SurveyWave.self).filter(\.$status == .open).sort(\.$startsOn, .descending).all()
        return try await req.render(SurveyOpenWavesPage(waves: waves))
    }

    @Sendable func form(_ req: Request, id: UUID) async throws -> Response {
        let (wave, items) = try await openWave(req, id)
        guard let wave else { return try await req.render(SurveyClosedPage(), status: .notFound) }
        return try await req.render(SurveyQuestionnairePage(wave: wave, items: items, wards: try await wards(req),
                                                            form: .init(submission: UUID().uuidString)))
    }

    @Sendable func submit(_ req: Request, id: UUID) async throws -> Response {
        let (wave, items) = try await openWave(req, id)
        guard let wave else { return try await req.render(SurveyClosedPage(), status: .notFound) }
        let tenant = try req.tenant
        var form = SurveyQuestionnaireForm(SubmittedForm(req), items: items)
        var ward: String?
        if form.errors.isEmpty {
            ward = try await form.ward(tenant: tenant)
        }
        guard form.errors.isEmpty, let ward else {
            return try await req.render(SurveyQuestionnairePage(wave: wave, items: items, wards: try await wards(req), form: form),
                                        status: .unprocessableEntity)
        }
        let waveID = try wave.requireID()
        if try await tenant.query(SurveyResponse.self).filter(\.$wave.$id == waveID).filter(\.$submissionKey == form.submission).first() != nil {
            return req.redirect(to: Surveys.Routes.thanks.path(waveID))
        }
        guard try await RateLimiter.hit("survey:\(req.clientAddress ?? "unknown")", limit: Self.answersPerHour, windowSeconds: 3600, now: req.now, on: req.db) else {
            form.errors.add("send", "We have had a lot of answers from this internet connection. Please try again in an hour")
            return try await req.render(SurveyQuestionnairePage(wave: wave, items: items, wards: try await wards(req), form: form),
                                        status: .tooManyRequests)
        }
        let response = tenant.adopt(SurveyResponse())
        response.$wave.id = waveID
        response.source = .questionnaire
        response.submissionKey = form.submission
        response.receivedAt = req.now
        response.wardCode = ward
        response.answers = form.answers
        response.ageBand = form.ageBand
        response.sex = form.sex
        response.sealedEthnicGroup = form.ethnicGroup.map { req.fieldCipher.seal($0, column: SurveyResponse.ethnicGroupColumn.context) }
        do {
            try await response.create(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same form sent twice at once: the first one counts.
        }
        return req.redirect(to: Surveys.Routes.thanks.path(waveID))
    }

    @Sendable func thanks(_ req: Request, id: UUID) async throws -> Response {
        guard let wave = try await req.tenant.find(SurveyWave.self, id), wave.status != .draft else { throw Abort(.notFound) }
        return try await req.render(SurveyThanksPage(wave: wave))
    }

    private func openWave(_ req: Request, _ id: UUID) async throws -> (SurveyWave?, [SurveyItem]) {
        guard let wave = try await req.tenant.find(SurveyWave.self, id), wave.status == .open else { return (nil, []) }
        return (wave, try await SurveyQueries.items(of: wave, tenant: req.tenant))
    }

    private func wards(_ req: Request) async throws -> [(code: String, name: String)] {
        try await AreasQueries.summaries(req.tenant, kinds: [.ward]).map { ($0.code, $0.name) }
    }
}

/// The questionnaire's answers as sent, checked. Every value is kept to show the form again.
struct SurveyQuestionnaireForm: Sendable {
    var submission: String
    var postcode = ""
    var wardChoice = ""
    var answers: [String: String] = [:]
    var ageBand: String?
    var sex: String?
    var ethnicGroup: String?
    /// The age and sex choices as sent, so that "Prefer not to say" (stored as nothing) is still
    /// chosen when the form comes back with a mistake elsewhere.
    var ageChoice = ""
    var sexChoice = ""
    var errors = FormErrors()

    init(submission: String) { self.submission = submission }

    init(_ form: SubmittedForm, items: [SurveyItem]) {
        submission = form["submission"]
        if UUID(uuidString: submission) == nil { submission = UUID().uuidString }
        postcode = String(form["postcode"].prefix(20))
        wardChoice = form["ward"]
        for item in items {
            let answer = form["q-" + item.key]
            guard !answer.isEmpty else { continue }
            if item.options.contains(where: { $0.key == answer }) {
                answers[item.key] = answer
            } else {
                errors.add("q-" + item.key, "Choose one of the answers to “\(item.question)”")
            }
        }
        ageChoice = form["age"]
        sexChoice = form["sex"]
        ageBand = Self.choice(form["age"], valid: SurveyAboutYou.isAgeBand, field: "age", "Choose an age group, or prefer not to say", &errors)
        sex = Self.choice(form["sex"], valid: SurveyAboutYou.isSex, field: "sex", "Choose an answer, or prefer not to say", &errors)
        ethnicGroup = Self.choice(form["ethnic-group"], valid: SurveyAboutYou.isEthnicGroup, field: "ethnic-group", "Choose an ethnic group, or prefer not to say", &errors)
        if postcode.trimmingCharacters(in: .whitespaces).isEmpty && wardChoice.isEmpty {
            errors.add("postcode", "Enter your postcode, or choose your ward from the list")
        } else if !postcode.trimmingCharacters(in: .whitespaces).isEmpty && Postcode.normalise(postcode) == nil {
            errors.add("postcode", "Enter a full postcode, like WS1 1TP")
        }
        if answers.isEmpty && errors.isEmpty {
            errors.add(items.first.map { "q-" + $0.key } ?? "send", "Answer at least one question")
        }
    }

    /// The ward from the postcode (when given) or the list. The postcode itself is not kept.
    mutating func ward(tenant: TenantScope) async throws -> String? {
        if !postcode.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let found = try await LocateController.areas(ofPostcode: postcode, tenant: tenant)?.ward?.code else {
                errors.add("postcode", "We can't find \(postcode.uppercased()) in the area. Check it, or choose your ward from the list")
                return nil
            }
            return found
        }
        guard try await tenant.query(Area.self).filter(\.$kind == .ward).filter(\.$code == wardChoice).first() != nil else {
            errors.add("ward", "Choose your ward from the list")
            return nil
        }
        return wardChoice
    }

    private static func choice(_ value: String, valid: (String) -> Bool, field: String, _ message: String, _ errors: inout FormErrors) -> String? {
        guard !value.isEmpty, value != "prefer-not" else { return nil }
        guard valid(value) else { errors.add(field, message); return nil }
        return value
    }
}
