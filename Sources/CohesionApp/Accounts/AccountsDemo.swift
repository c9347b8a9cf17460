import Fluent

/// The demonstration council's accounts: one for every role, all with the demo password, all
/// at example.org. A locality lead for North and a partner at the first example organisation.
enum AccountsDemo {
    static let accounts: [(email: String, name: String, role: Role)] = [
        ("admin@example.org", "Alex Admin", .admin),
        ("officer@example.org", "Olu Officer", .officer),
        ("lead.north@example.org", "Lena Lead (North)", .localityLead),
        ("partner@example.org", "Priya Partner", .partner),
        ("panel@example.org", "Pat Panel", .panel),
        ("safety@example.org", "Sam Safety (police)", .safetyPartner),
        ("councillor@example.org", "Cllr Chris Viewer", .viewer),
    ]

    /// Creates the accounts, or resets their passwords and unlocks them.
    @Sendable static func seed(_ demo: DemoContext) async throws {
        let tenant = demo.tenant
        let north = try await tenant.query(Area.self).filter(\.$code == "north").first()
        let partnerOrg = try await tenant.query(Organisation.self).filter(\.$name == OrganisationDemo.partnerOrganisation).first()
        for account in accounts {
            let user = try await tenant.query(User.self).filter(\.$email == account.email).first()
                ?? User(councilID: tenant.councilID, email: account.email, name: account.name, passwordHash: demo.passwordHash, role: account.role,
                        localityID: account.role == .localityLead ? north?.id : nil,
                        organisationID: account.role == .partner ? partnerOrg?.id : nil)
            user.passwordHash = demo.passwordHash
            user.active = true
            user.failedSignIns = 0
            user.lockedUntil = nil
            try await user.save(on: demo.database)
        }
    }
}
