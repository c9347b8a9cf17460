import CohesionCore
import Fluent
import Vapor

/// First run: with an empty database, this page creates the council and its first administrator.
/// Once any council exists it is gone (404), so it can't be used to take over a live service.
struct SetupController {
    func fields(_ form: SubmittedForm? = nil, errors: FormErrors = .init()) -> [FormField] {
        [
            FormField(name: "council_name", label: "Council name", value: form?["council_name"] ?? "", hint: "For example, Walsall Council"),
            FormField(name: "district_code", label: "ONS code of the council's district", value: form?["district_code"] ?? "",
                      hint: "9 characters, for example E08000030 for Walsall", widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "name", label: "Your full name", value: form?["name"] ?? "", autocomplete: "name", spellcheck: false),
            FormField(name: "email", label: "Your email address", kind: .email, value: form?["email"] ?? "", autocomplete: "email", spellcheck: false),
            FormField(name: "password", label: "Choose a password", kind: .password,
                      hint: "At least \(PasswordPolicy.minimumLength) characters", autocomplete: "new-password"),
        ].map { $0.with(errors: errors) }
    }

    func isFirstRun(_ req: Request) async throws -> Bool {
        try await Council.query(on: req.db).count() == 0
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        guard try await isFirstRun(req) else { throw Abort(.notFound) }
        return try await req.render(SetupPage(fields: fields(), errors: .init()))
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        guard try await isFirstRun(req) else { throw Abort(.notFound) }
        let form = SubmittedForm(req)
        var errors = FormErrors()
        let councilName = form["council_name"]
        if councilName.isEmpty { errors.add("council_name", "Enter the council's name") }
        else if councilName.count > 200 { errors.add("council_name", "Council name must be 200 characters or fewer") }
        let code = GSSCode(form["district_code"])
        if form["district_code"].isEmpty { errors.add("district_code", "Enter the ONS code of the council's district") }
        else if code?.kind != .district { errors.add("district_code", "Enter a district code like E08000030: a letter and 8 digits, starting E06, E07, E08, E09 or W06") }
        let name = form["name"]
        if name.isEmpty { errors.add("name", "Enter your full name") }
        let email = ContactDetails.normalisedEmail(form["email"])
        if email.isEmpty { errors.add("email", "Enter your email address") }
        else if !ContactDetails.isPlausibleEmail(email) { errors.add("email", "Enter an email address in the correct format, like name@example.org") }
        if let problem = PasswordPolicy.problem(with: form.values["password"] ?? "") { errors.add("password", problem) }
        guard errors.isEmpty, let code else {
            return try await req.render(SetupPage(fields: fields(form, errors: errors), errors: errors), status: .unprocessableEntity)
        }
        let hash = try await req.passwordHasher.hash(form.values["password"] ?? "")
        let user = try await req.db.transaction { db in
            let council = try await Councils.create(name: councilName, districtCode: code.value, features: req.application.features, on: db)
            let user = User(councilID: try council.requireID(), email: email, name: name, passwordHash: hash, role: .admin)
            try await user.create(on: db)
            req.setCouncil(council)
            try await AuditLog.record(.create, .council, recordID: council.id,
                summary: ChangeSummary.describe(created: ["name": councilName, "district_code": code.value]),
                by: user, council: council.requireID(), on: db, request: req)
            try await AuditLog.record(.create, .user, recordID: user.id,
                summary: ChangeSummary.describe(created: user.auditFields), by: user, council: council.requireID(), on: db, request: req)
            return user
        }
        await req.application.councilDirectory.invalidate()
        req.application.publicPageCache.invalidate()
        let response = Flash.redirect(req, to: PlatformRoutes.dashboard.path, message: "Cohesion is set up. Next, add your wards and localities, then invite your team")
        try await Sessions.start(for: user, request: req, response: response)
        return response
    }
}
