import Fluent
import Vapor

/// Creating a council, for setup, `create-admin` and the demo: the council row, then each
/// feature's own start (Places gives it its district as the root of its areas).
enum Councils {
    static func create(name: String, districtCode: String, host: String? = nil, contactEmail: String? = nil,
                       features: [Feature], on db: Database) async throws -> Council {
        try await db.transaction { db in
            let council = Council(name: name, districtCode: districtCode, host: host, contactEmail: contactEmail)
            try await council.create(on: db)
            for feature in features {
                try await feature.councilCreated?(council, db)
            }
            return council
        }
    }
}
