import Fluent

/// The demonstration council's organisations: EXAMPLES, marked "(example)", each in one of the
/// demo localities (Places seeds those first).
enum OrganisationDemo {
    static let organisations: [(name: String, type: OrganisationType, locality: String, charity: String?, company: String?, partner: Bool)] = [
        ("Bloxwich Community Partnership (example)", .vcsGroup, "north", nil, nil, true),
        ("Caldmore Women's Network (example)", .charity, "south", "1100001", nil, true),
        ("Palfrey Faith Forum (example)", .faithGroup, "south", nil, nil, true),
        ("Willenhall Youth Sports Club (example)", .vcsGroup, "west", nil, nil, false),
        ("Aldridge ESOL Conversation Club (example)", .cic, "east", nil, "12345678", true),
        ("St Matthew's Primary School (example)", .school, "south", nil, nil, false),
        ("Walsall Neighbourhood Policing Team (example)", .statutoryBody, "", nil, nil, true),
    ]

    /// The organisation the demo's partner account works for.
    static var partnerOrganisation: String { organisations[0].name }

    @Sendable static func seed(_ demo: DemoContext) async throws {
        let tenant = demo.tenant
        guard try await tenant.query(Organisation.self).first() == nil else { return }
        let localities = try await tenant.query(Area.self).filter(\.$kind == .locality).all()
        let ids = Dictionary(uniqueKeysWithValues: localities.compactMap { l in l.id.map { (l.code, $0) } })
        for o in organisations {
            let org = tenant.adopt(Organisation())
            org.name = o.name
            org.type = o.type
            org.charityNumber = o.charity
            org.companyNumber = o.company
            org.$locality.id = ids[o.locality]
            org.partnershipMember = o.partner
            org.contactEmail = "hello@example.org"
            org.notes = "Example record for the demonstration."
            try await org.create(on: demo.database)
        }
    }
}
