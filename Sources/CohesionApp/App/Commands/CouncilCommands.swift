import CohesionCore
import Fluent
import Vapor

/// `cohesion council set-contact --email E [--district CODE]`.
struct CouncilCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["set-contact": SetCouncilContactCommand()] }
    var help: String { "Changes a council's details" }
}

/// Sets (or with `--clear` removes) the address residents use to contact the cohesion team,
/// shown on the contact page. The change is written to the audit log.
struct SetCouncilContactCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The cohesion team's email address, e.g. cohesion@walsall.gov.uk")
        var email: String?
        @Flag(name: "clear", help: "Remove the address: the contact page then sends people to the council's main website")
        var clear: Bool
        @Option(name: "district", help: "ONS district code of the council, when the database serves several")
        var district: String?
    }

    var help: String { "Sets the email address shown on the contact page (/contact)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let address: String?
        switch (signature.email, signature.clear) {
        case (nil, false), (.some, true):
            throw UsageError.missing("--email (an email address), or --clear")
        case (let raw?, false):
            guard ContactDetails.isPlausibleEmail(raw) else { throw UsageError("email", "\(raw) is not an email address like cohesion@walsall.gov.uk") }
            address = raw.trimmingCharacters(in: .whitespaces)
        case (nil, true):
            address = nil
        }
        let council = try await Self.council(app: app, district: signature.district)
        let before = council.auditFields
        council.contactEmail = address
        guard council.auditFields != before else {
            context.console.output("\(council.name)'s contact address is already \(address ?? "not set"); nothing changed.", style: .plain)
            return
        }
        try await app.db.transaction { db in
            try await council.update(on: db)
            try await AuditLog.write(.update, .council, recordID: council.id,
                                     summary: "changed on the command line; " + ChangeSummary.describe(before: before, after: council.auditFields),
                                     by: nil, council: council.requireID(), ipAddress: nil, at: app.services.clock.now(), on: db)
        }
        await app.councilDirectory.invalidate()
        context.console.success(address.map { "\(council.name)'s contact page now shows \($0)." }
            ?? "\(council.name)'s contact page now sends people to the council's main website.")
    }

    /// The council whose district is named, or the only one there is.
    static func council(app: Application, district: String?) async throws -> Council {
        let councils = try await Council.query(on: app.db).all()
        if let district {
            guard let code = GSSCode(district), code.kind == .district else {
                throw UsageError("district", "\(district) is not an ONS district code like E08000030")
            }
            guard let match = councils.first(where: { $0.districtCode == code.value }) else {
                throw UsageError("district", "no council has district \(code.value)")
            }
            return match
        }
        guard let only = councils.first else { throw UsageError("council", "the database has no council yet; create one with cohesion create-admin") }
        guard councils.count == 1 else { throw UsageError.missing("--district (this database serves several councils)") }
        return only
    }
}
