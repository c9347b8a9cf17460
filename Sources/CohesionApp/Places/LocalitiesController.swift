import CohesionCore
import Fluent
import Vapor

/// The council's own localities: groups of wards that locality leads and partners work in.
/// Officers and admins add, rename and remove them, and choose which wards each holds.
struct LocalitiesController {
    typealias Row = LocalityListPage.Row

    @Sendable func index(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let areas = try await tenant.query(Area.self).filter(\.$kind ~~ [.locality, .ward]).sort(\.$name).all()
        let wards = areas.filter { $0.kind == .ward }
        let localities = areas.filter { $0.kind == .locality }
        let rows = localities.map { locality in
            let inside = wards.filter { $0.$parent.id == locality.id }
            return Row(code: locality.code, name: locality.name, wards: inside.map(\.name).joined(separator: ", "), wardCount: inside.count)
        }
        let localityIDs = Set(localities.compactMap(\.id))
        let unassigned = wards.filter { !localityIDs.contains($0.$parent.id ?? UUID()) }.map(\.name)
        return try await req.render(LocalityListPage(rows: rows, unassigned: unassigned))
    }

    // MARK: The locality form

    typealias WardChoice = LocalityFormPage.WardChoice

    func render(_ req: Request, name: String, code: String, chosen: Set<String>, errors: FormErrors, existing: Area?) async throws -> Response {
        let tenant = try req.tenant
        let wards = try await tenant.query(Area.self).filter(\.$kind == .ward).sort(\.$name).all()
        let localities = try await tenant.query(Area.self).filter(\.$kind == .locality).all()
        let names = Dictionary(uniqueKeysWithValues: localities.compactMap { l in l.id.map { ($0, l.name) } })
        let choices = wards.map { ward -> WardChoice in
            let current = ward.$parent.id.flatMap { names[$0] }
            let note = current.map { $0 == existing?.name ? "" : " (now in \($0))" } ?? ""
            return WardChoice(code: ward.code, label: ward.name + note, checked: chosen.contains(ward.code))
        }
        var fields = [FormField(name: "name", label: "Name", value: name, hint: "For example, North or Town Centre")]
        if existing == nil {
            fields.append(FormField(name: "code", label: "Short code", value: code,
                                    hint: "Lower-case letters, numbers and hyphens, used in web addresses, for example north",
                                    widthClass: "govuk-input--width-20", spellcheck: false))
        }
        let heading = existing.map { "Change \($0.name)" } ?? "Add a locality"
        return try await req.render(LocalityFormPage(heading: heading, code: existing.map { AreaCode($0.code) },
                                                     fields: fields.map { $0.with(errors: errors) }, wards: choices, errors: errors),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        try await render(req, name: "", code: "", chosen: [], errors: .init(), existing: nil)
    }

    /// Checks the name, code and ward choices; the wards must be this council's.
    func validate(_ form: SubmittedForm, tenant: TenantScope, isNew: Bool) async throws -> (FormErrors, [Area]) {
        var errors = FormErrors()
        let name = form["name"]
        if name.isEmpty { errors.add("name", "Enter the locality's name") }
        else if name.count > 100 { errors.add("name", "Name must be 100 characters or fewer") }
        if isNew {
            let code = form["code"].lowercased()
            if code.isEmpty { errors.add("code", "Enter a short code, like north") }
            else if code.count > 40 || !AreaCode.rule.accepts(code) || GSSCode(code) != nil {
                errors.add("code", "Short code must be up to 40 lower-case letters, numbers and hyphens")
            } else if try await tenant.query(Area.self).filter(\.$code == code).first() != nil {
                errors.add("code", "There is already an area with this code")
            }
        }
        let codes = Set(form.list("wards"))
        let wards = codes.isEmpty ? [] : try await tenant.query(Area.self).filter(\.$kind == .ward).filter(\.$code ~~ codes).all()
        if wards.count != codes.count { errors.add("wards", "Select wards from the list") }
        return (errors, wards)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let form = SubmittedForm(req)
        let (errors, wards) = try await validate(form, tenant: tenant, isNew: true)
        guard errors.isEmpty else {
            return try await render(req, name: form["name"], code: form["code"], chosen: Set(form.list("wards")), errors: errors, existing: nil)
        }
        let district = try await tenant.query(Area.self).filter(\.$kind == .district).first()
        let locality = Area(councilID: tenant.councilID, code: form["code"].lowercased(), name: form["name"], kind: .locality, parentID: district?.id)
        try await req.db.transaction { db in
            try await locality.create(on: db)
            try await assign(wards, to: locality, district: district, tenant: tenant.on(db))
            try await AuditLog.record(.create, .locality, recordID: locality.id,
                summary: ChangeSummary.describe(created: ["name": locality.name, "code": locality.code, "wards": wards.map(\.code).sorted().joined(separator: ", ")]),
                by: req.currentUser, council: tenant.councilID, on: db, request: req)
        }
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Places.Routes.localities.path, message: "\(locality.name) has been added")
    }

    func locality(_ req: Request) async throws -> Area {
        guard let area = try await req.tenant.query(Area.self).filter(\.$kind == .locality)
            .filter(\.$code == (req.parameters.get("code") ?? "")).first() else { throw Abort(.notFound) }
        return area
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        let area = try await locality(req)
        let wards = try await req.tenant.query(Area.self).filter(\.$parent.$id == area.requireID()).all()
        return try await render(req, name: area.name, code: area.code, chosen: Set(wards.map(\.code)), errors: .init(), existing: area)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let area = try await locality(req)
        let form = SubmittedForm(req)
        let (errors, wards) = try await validate(form, tenant: tenant, isNew: false)
        guard errors.isEmpty else {
            return try await render(req, name: form["name"], code: area.code, chosen: Set(form.list("wards")), errors: errors, existing: area)
        }
        let before = try await tenant.query(Area.self).filter(\.$parent.$id == area.requireID()).all()
        let district = try await tenant.query(Area.self).filter(\.$kind == .district).first()
        let oldName = area.name
        area.name = form["name"]
        try await req.db.transaction { db in
            try await area.update(on: db)
            try await assign(wards, to: area, district: district, tenant: tenant.on(db))
            try await AuditLog.recordChange(.locality, recordID: area.id,
                before: ["name": oldName, "wards": before.map(\.code).sorted().joined(separator: ", ")],
                after: ["name": area.name, "wards": wards.map(\.code).sorted().joined(separator: ", ")], request: req, on: db)
        }
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Places.Routes.localities.path, message: "\(area.name) has been updated")
    }

    /// Makes `wards` exactly the wards of `locality`: chosen wards move in (from wherever they
    /// were), wards no longer chosen go back to the district.
    func assign(_ wards: [Area], to locality: Area, district: Area?, tenant: TenantScope) async throws {
        let id = try locality.requireID()
        let chosen = Set(wards.compactMap(\.id))
        for ward in try await tenant.query(Area.self).filter(\.$parent.$id == id).all() where !chosen.contains(ward.id!) {
            ward.$parent.id = district?.id
            try await ward.update(on: tenant.database)
        }
        for ward in wards where ward.$parent.id != id {
            ward.$parent.id = id
            try await ward.update(on: tenant.database)
        }
    }


    /// "Are you sure?": removing a locality can't be undone with one click, so it asks first and
    /// says what will change.
    @Sendable func confirmDelete(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let area = try await locality(req)
        let id = try area.requireID()
        let page = LocalityDeletePage(
            name: area.name, code: AreaCode(area.code),
            wardCount: try await tenant.query(Area.self).filter(\.$parent.$id == id).count(),
            organisationCount: try await tenant.query(Organisation.self).filter(\.$locality.$id == id).count(),
            leadCount: try await tenant.query(User.self).filter(\.$localityID == id).count())
        return try await req.render(page)
    }

    @Sendable func delete(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let area = try await locality(req)
        let leads = try await tenant.query(User.self).filter(\.$localityID == area.requireID()).count()
        guard leads == 0 else {
            throw Abort(.conflict, reason: "\(leads) locality lead\(leads == 1 ? " works" : "s work") in \(area.name). Give them another locality first.")
        }
        let district = try await tenant.query(Area.self).filter(\.$kind == .district).first()
        try await req.db.transaction { db in
            try await assign([], to: area, district: district, tenant: tenant.on(db))
            try await Organisation.query(on: db).filter(\.$councilID == tenant.councilID).filter(\.$locality.$id == area.requireID())
                .set(\.$locality.$id, to: nil).update()
            try await area.delete(on: db)
            try await AuditLog.record(.delete, .locality, recordID: area.id, summary: "removed locality \"\(area.name)\" (\(area.code))",
                                      by: req.currentUser, council: tenant.councilID, on: db, request: req)
        }
        req.application.publicPageCache.invalidate()
        return Flash.redirect(req, to: Places.Routes.localities.path, message: "\(area.name) has been removed; its wards are no longer in a locality")
    }
}
