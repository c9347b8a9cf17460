import CohesionCore
import Fluent
import Vapor

/// Admin pages to invite people, change their role and scope, and deactivate or reactivate them.
struct UsersController {

    @Sendable func index(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let users = try await tenant.query(User.self).sort(\.$name).all()
        let areas = try await tenant.query(Area.self).filter(\.$kind == .locality).all()
        let orgIDs = Set(users.compactMap { $0.organisationID })
        let orgs = orgIDs.isEmpty ? [] : try await tenant.query(Organisation.self).filter(\.$id ~~ orgIDs).all()
        let rows = users.map { user in
            UserListPage.Row(id: user.id!, name: user.name, email: user.email, role: user.role.label,
                scope: scopeLabel(user, localities: areas, organisations: orgs), active: user.active,
                lastSignIn: user.lastSignInAt.map(DisplayFormat.dateTime) ?? "Never")
        }
        return try await req.render(UserListPage(rows: rows))
    }

    func scopeLabel(_ user: User, localities: [Area], organisations: [Organisation]) -> String {
        if let id = user.localityID, let area = localities.first(where: { $0.id == id }) { return area.name }
        if let id = user.organisationID, let org = organisations.first(where: { $0.id == id }) { return org.name }
        return "—"
    }

    // MARK: The user form (invite and edit share it)

    struct UserForm {
        var name = ""; var email = ""; var role = ""; var locality = ""; var organisation = ""

        init() {}
        init(_ form: SubmittedForm) {
            name = form["name"]; email = form["email"]; role = form["role"]
            locality = form["locality"]; organisation = form["organisation"]
        }

        func validate(localities: [String: UUID], organisations: [String: UUID], requireEmail: Bool)
            -> (FormErrors, Role?, UUID?, UUID?) {
            var errors = FormErrors()
            if name.isEmpty { errors.add("name", "Enter the person's full name") }
            else if name.count > 200 { errors.add("name", "Name must be 200 characters or fewer") }
            if requireEmail {
                if email.isEmpty { errors.add("email", "Enter the person's email address") }
                else if !ContactDetails.isPlausibleEmail(email) { errors.add("email", "Enter an email address in the correct format, like name@example.org") }
            }
            let role = Role(rawValue: self.role)
            if role == nil { errors.add("role", "Select a role") }
            var localityID: UUID?, organisationID: UUID?
            if role?.scope == .locality {
                localityID = localities[locality]
                if localityID == nil { errors.add("locality", "Select the locality this locality lead works in") }
            }
            if role?.scope == .organisation {
                organisationID = organisations[organisation]
                if organisationID == nil { errors.add("organisation", "Select the organisation this partner works for") }
            }
            return (errors, role, localityID, organisationID)
        }
    }

    func fields(_ form: UserForm, localities: [Area], organisations: [Organisation], errors: FormErrors, includeEmail: Bool) -> [FormField] {
        var fields = [FormField(name: "name", label: "Full name", value: form.name, autocomplete: "off", spellcheck: false)]
        if includeEmail {
            fields.append(FormField(name: "email", label: "Email address", kind: .email, value: form.email,
                                    hint: "We will send an invitation to this address", autocomplete: "off", spellcheck: false))
        }
        fields.append(FormField(name: "role", label: "Role", kind: .radios, value: form.role,
                                options: Role.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.role) }))
        fields.append(FormField(name: "locality", label: "Locality (for locality leads)", kind: .select, value: form.locality,
            options: [.init(value: "", label: "Select a locality", selected: form.locality.isEmpty)]
                + localities.map { .init(value: $0.code, label: $0.name, selected: $0.code == form.locality) }))
        fields.append(FormField(name: "organisation", label: "Organisation (for partners)", kind: .select, value: form.organisation,
            options: [.init(value: "", label: "Select an organisation", selected: form.organisation.isEmpty)]
                + organisations.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form.organisation) }))
        return fields.map { $0.with(errors: errors) }
    }

    func choices(_ tenant: TenantScope) async throws -> ([Area], [Organisation]) {
        (try await tenant.query(Area.self).filter(\.$kind == .locality).sort(\.$name).all(),
         try await tenant.query(Organisation.self).sort(\.$name).all())
    }

    func render(_ req: Request, form: UserForm, errors: FormErrors, user: User?) async throws -> Response {
        let (localities, organisations) = try await choices(req.tenant)
        let heading = user.map { "Change \($0.name)'s account" } ?? "Invite a user"
        let page = UserFormPage(
            heading: heading,
            existing: try user.map { .init(id: try $0.requireID(), active: $0.active, isSelf: $0.id == req.currentUser?.id) },
            fields: fields(form, localities: localities, organisations: organisations, errors: errors, includeEmail: user == nil),
            errors: errors)
        return try await req.render(page, status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func showInvite(_ req: Request) async throws -> Response {
        try await render(req, form: UserForm(), errors: .init(), user: nil)
    }

    @Sendable func invite(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let form = UserForm(SubmittedForm(req))
        let (localities, organisations) = try await choices(tenant)
        var (errors, role, localityID, organisationID) = form.validate(
            localities: Dictionary(uniqueKeysWithValues: localities.map { ($0.code, $0.id!) }),
            organisations: Dictionary(uniqueKeysWithValues: organisations.map { ($0.id!.uuidString, $0.id!) }), requireEmail: true)
        let email = ContactDetails.normalisedEmail(form.email)
        if errors.isEmpty, try await tenant.query(User.self).filter(\.$email == email).first() != nil {
            errors.add("email", "There is already an account with this email address")
        }
        guard errors.isEmpty, let role else { return try await render(req, form: form, errors: errors, user: nil) }
        let user = tenant.adopt(User(councilID: tenant.councilID, email: email, name: form.name, passwordHash: "", role: role,
                                     localityID: localityID, organisationID: organisationID))
        try await req.db.transaction { db in
            try await user.create(on: db)
            try await AuditLog.record(.create, .user, recordID: user.id, summary: "invited; " + ChangeSummary.describe(created: user.auditFields),
                                      by: req.currentUser, council: tenant.councilID, on: db, request: req)
        }
        try await AccountLinks.send(.invite, to: user, request: req)
        return Flash.redirect(req, to: Accounts.Routes.users.path, message: "An invitation has been sent to \(email)")
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        let user = try await req.tenant.require(User.self, req.parameters.get("id", as: UUID.self))
        var form = UserForm()
        form.name = user.name; form.email = user.email; form.role = user.role.rawValue
        if let id = user.localityID, let area = try await req.tenant.find(Area.self, id) { form.locality = area.code }
        form.organisation = user.organisationID?.uuidString ?? ""
        return try await render(req, form: form, errors: .init(), user: user)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let user = try await tenant.require(User.self, req.parameters.get("id", as: UUID.self))
        let form = UserForm(SubmittedForm(req))
        let (localities, organisations) = try await choices(tenant)
        var (errors, role, localityID, organisationID) = form.validate(
            localities: Dictionary(uniqueKeysWithValues: localities.map { ($0.code, $0.id!) }),
            organisations: Dictionary(uniqueKeysWithValues: organisations.map { ($0.id!.uuidString, $0.id!) }), requireEmail: false)
        if errors.isEmpty, user.id == req.currentUser?.id, role != .admin {
            errors.add("role", "You can't remove your own administrator role. Ask another administrator")
        }
        guard errors.isEmpty, let role else { return try await render(req, form: form, errors: errors, user: user) }
        let before = user.auditFields
        user.name = form.name
        user.role = role
        user.localityID = localityID
        user.organisationID = organisationID
        try await req.db.transaction { db in
            try await user.update(on: db)
            try await AuditLog.recordChange(.user, recordID: user.id, before: before, after: user.auditFields, request: req, on: db)
        }
        return Flash.redirect(req, to: Accounts.Routes.users.path, message: "\(user.name)'s account has been updated")
    }

    @Sendable func setActive(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let user = try await tenant.require(User.self, req.parameters.get("id", as: UUID.self))
        let form = SubmittedForm(req)
        guard ["true", "false"].contains(form["active"]) else {
            throw Abort(.badRequest, reason: "Choose whether the account should be active.")
        }
        let active = form["active"] == "true"
        if !active, user.id == req.currentUser?.id {
            throw Abort(.badRequest, reason: "You can't deactivate your own account. Ask another administrator.")
        }
        let before = user.auditFields
        user.active = active
        try await req.db.transaction { db in
            try await user.update(on: db)
            if !active {
                try await Sessions.endAll(userID: user.requireID(), on: db)
                try await APIToken.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil)
                    .set(\.$revokedAt, to: req.now).update()
            }
            try await AuditLog.recordChange(.user, recordID: user.id, before: before, after: user.auditFields, request: req, on: db)
        }
        return Flash.redirect(req, to: Accounts.Routes.users.path, message: active ? "\(user.name) can sign in again" : "\(user.name) has been deactivated and signed out")
    }
}
