@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Vapor

/// Two councils with a user in every role each, for permission and isolation tests.
/// Walsall (host walsall.test) is the demo council; Otherton (host other.test) is a second tenant.
struct Fixtures {
    static let password = "correct horse battery"

    let walsall: Council
    let otherton: Council
    /// Walsall's users by role.
    let users: [Role: User]
    /// Otherton's users by role.
    let otherUsers: [Role: User]
    /// An organisation in Walsall's North locality; the partner user works for it.
    let organisation: Organisation
    let otherOrganisation: Organisation
    let northLocality: Area
    /// A spare Walsall user that admin routes can act on.
    let spareUser: User

    static func make(_ test: TestApp) async throws -> Fixtures {
        let db = test.db
        let hash = try await test.app.password.async.hash(password)
        let walsall = try await DemoSeed.seed(features: test.app.features, passwordHash: hash,
                                              seedFolder: test.app.directory.resourcesDirectory + "Seed/", seedFiles: false, cipher: test.app.fieldCipher, on: db)
        walsall.host = "walsall.test"
        try await walsall.update(on: db)
        let otherton = try await Councils.create(name: "Otherton Council", districtCode: "E08000031", host: "other.test",
                                                 features: test.app.features, on: db)
        let north = try await Area.query(on: db).filter(\.$councilID == walsall.requireID()).filter(\.$code == "north").first()!
        let org = try await Organisation.query(on: db).filter(\.$councilID == walsall.requireID())
            .filter(\.$name == OrganisationDemo.partnerOrganisation).first()!

        var users: [Role: User] = [:]
        for user in try await User.query(on: db).filter(\.$councilID == walsall.requireID()).all() { users[user.role] = user }

        let otherOrg = Organisation()
        otherOrg.councilID = try otherton.requireID()
        otherOrg.name = "Otherton Secret Society"
        otherOrg.type = .charity
        otherOrg.charityNumber = "1099999"
        otherOrg.partnershipMember = true
        try await otherOrg.create(on: db)
        var otherUsers: [Role: User] = [:]
        for role in Role.allCases {
            let user = User(councilID: try otherton.requireID(), email: "\(role.rawValue)@otherton.example", name: "Otherton \(role.label)",
                            passwordHash: hash, role: role, organisationID: role == .partner ? otherOrg.id : nil)
            try await user.create(on: db)
            otherUsers[role] = user
        }
        let spare = User(councilID: try walsall.requireID(), email: "spare@example.org", name: "Spare User", passwordHash: hash, role: .officer)
        try await spare.create(on: db)
        await test.app.councilDirectory.invalidate()
        return Fixtures(walsall: walsall, otherton: otherton, users: users, otherUsers: otherUsers, organisation: org,
                        otherOrganisation: otherOrg, northLocality: north, spareUser: spare)
    }

    func user(_ role: Role) -> User { users[role]! }

    /// The demo's Census 2021 seed (ward and district figures, `Resources/Seed`), as `cohesion demo` loads it.
    func loadDemoCensus(_ test: TestApp) async throws {
        try await PlacesDemo.census(DemoContext(council: walsall, database: test.db, seedFolder: CensusImportTests.seedFolder.path + "/",
                                                seedFiles: true, passwordHash: "", now: Date()))
    }
}
