import Foundation
import Fluent
import Vapor

/// The demonstration council: Walsall (E08000030) with each feature's demo records. Places
/// seeds Walsall's 20 real wards in four ILLUSTRATIVE localities; Organisations and Accounts
/// seed EXAMPLE records and accounts (example.org addresses). Safe to rerun.
enum DemoSeed {
    static let councilName = "Walsall Council"
    static let districtCode = "E08000030"

    /// Creates the demo council if the database has none, then runs every feature's seed in
    /// order. `seedFiles`: also load the bulky seed files in `Resources/Seed` (census figures,
    /// boundaries), as the demo does; tests load real files themselves.
    @discardableResult
    static func seed(features: [Feature], passwordHash: String, seedFolder: String, seedFiles: Bool = true,
                     now: Date = Date(), cipher: FieldCipher = FieldCipher(keys: [FieldCipher.developmentKey]),
                     on db: Database) async throws -> Council {
        var council = try await Council.query(on: db).filter(\.$districtCode == districtCode).first()
        if council == nil {
            council = try await Councils.create(name: councilName, districtCode: districtCode, features: features, on: db)
        }
        guard let council else { throw Abort(.internalServerError, reason: "The demo council could not be created") }
        try await db.transaction { db in
            let context = DemoContext(council: council, database: db, seedFolder: seedFolder, seedFiles: seedFiles,
                                      passwordHash: passwordHash, now: now, cipher: cipher, features: features)
            for feature in features {
                try await feature.demoSeed?(context)
            }
        }
        return council
    }
}
