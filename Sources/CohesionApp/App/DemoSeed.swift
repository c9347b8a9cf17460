import Foundation
import CohesionCore
import Fluent
import Vapor

/// The demonstration council: Walsall's real district and 20 electoral wards (ONS codes and
/// names as in the ONS LSOA 2021 → ward 2024 lookup), grouped into four localities.
///
/// The grouping into North, South, East and West is ILLUSTRATIVE: it is our own choice by
/// geography for the demo, not the council's published locality map. The organisations are
/// EXAMPLES, marked "(example)", and every demo account uses an example.org address.
enum DemoSeed {
    static let councilName = "Walsall Council"
    static let districtCode = "E08000030"

    static let localities: [(code: String, name: String, wards: [(String, String)])] = [
        ("north", "North Walsall", [
            ("E05001304", "Birchills Leamore"), ("E05001305", "Blakenall"), ("E05001306", "Bloxwich East"),
            ("E05001307", "Bloxwich West"), ("E05001308", "Brownhills"), ("E05001312", "Pelsall"),
        ]),
        ("east", "East Walsall", [
            ("E05001301", "Aldridge Central and South"), ("E05001302", "Aldridge North and Walsall Wood"),
            ("E05001310", "Paddock"), ("E05001313", "Pheasey Park Farm"), ("E05001315", "Rushall-Shelfield"),
            ("E05001318", "Streetly"),
        ]),
        ("south", "South Walsall", [
            ("E05001309", "Darlaston South"), ("E05001311", "Palfrey"), ("E05001314", "Pleck"), ("E05001316", "St Matthew's"),
        ]),
        ("west", "West Walsall", [
            ("E05001303", "Bentley and Darlaston North"), ("E05001317", "Short Heath"),
            ("E05001319", "Willenhall North"), ("E05001320", "Willenhall South"),
        ]),
    ]

    static let organisations: [(name: String, type: OrganisationType, locality: String, charity: String?, company: String?, partner: Bool)] = [
        ("Bloxwich Community Partnership (example)", .vcsGroup, "north", nil, nil, true),
        ("Caldmore Women's Network (example)", .charity, "south", "1100001", nil, true),
        ("Palfrey Faith Forum (example)", .faithGroup, "south", nil, nil, true),
        ("Willenhall Youth Sports Club (example)", .vcsGroup, "west", nil, nil, false),
        ("Aldridge ESOL Conversation Club (example)", .cic, "east", nil, "12345678", true),
        ("St Matthew's Primary School (example)", .school, "south", nil, nil, false),
        ("Walsall Neighbourhood Policing Team (example)", .statutoryBody, "", nil, nil, true),
    ]

    /// One account for every role, all with the same password.
    static let accounts: [(email: String, name: String, role: Role)] = [
        ("admin@example.org", "Alex Admin", .admin),
        ("officer@example.org", "Olu Officer", .officer),
        ("lead.north@example.org", "Lena Lead (North)", .localityLead),
        ("partner@example.org", "Priya Partner", .partner),
        ("panel@example.org", "Pat Panel", .panel),
        ("safety@example.org", "Sam Safety (police)", .safetyPartner),
        ("councillor@example.org", "Cllr Chris Viewer", .viewer),
    ]

    /// Creates the demo council if the database has none. Safe to rerun.
    static func seed(on db: Database) async throws -> Council {
        if let existing = try await Council.query(on: db).filter(\.$districtCode == districtCode).first() { return existing }
        return try await db.transaction { db in
            let council = try await Accounts.createCouncil(name: councilName, districtCode: districtCode, on: db)
            let councilID = try council.requireID()
            let district = try await Area.query(on: db).filter(\.$code == districtCode).first()!
            var localityIDs: [String: UUID] = [:]
            for locality in localities {
                let area = Area(councilID: councilID, code: locality.code, name: locality.name, kind: .locality, parentID: district.id)
                try await area.create(on: db)
                localityIDs[locality.code] = area.id
                for (code, name) in locality.wards {
                    try await Area(councilID: councilID, code: code, name: name, kind: .ward, parentID: area.id).create(on: db)
                }
            }
            for o in organisations {
                let org = Organisation()
                org.councilID = councilID
                org.name = o.name
                org.type = o.type
                org.charityNumber = o.charity
                org.companyNumber = o.company
                org.$locality.id = localityIDs[o.locality]
                org.partnershipMember = o.partner
                org.contactEmail = "hello@example.org"
                org.notes = "Example record for the demonstration."
                try await org.create(on: db)
            }
            return council
        }
    }

    /// Loads the Census 2021 facts in `Resources/Seed` (ward and district figures derived from the
    /// ONS tables; see its README) and a point per ward for the hex map, unless the council
    /// already has census tables. Returns the number of tables loaded.
    @discardableResult
    static func census(for council: Council, seedFolder: String, on db: Database) async throws -> Int {
        let tenant = TenantScope(council: council, database: db)
        guard try await tenant.query(CensusTable.self).first() == nil else { return 0 }
        let files = try FileManager.default.contentsOfDirectory(atPath: seedFolder)
            .filter { $0.hasPrefix("census2021-") && $0.hasSuffix(".csv") }.sorted()
        for file in files {
            let text = try String(contentsOfFile: seedFolder + file, encoding: .utf8)
            _ = try await CensusImport.importTable(csv: text, sourceFile: file, council: council, now: Date(), on: db)
        }
        if let points = try? String(contentsOfFile: seedFolder + "walsall-ward-points.csv", encoding: .utf8) {
            let wards = Dictionary(uniqueKeysWithValues: try await tenant.query(Area.self).filter(\.$kind == .ward).all().map { ($0.code, $0) })
            for line in points.split(separator: "\n").dropFirst() {
                let cells = line.split(separator: ",").map(String.init)
                guard cells.count == 4, let ward = wards[cells[0]], let lat = Double(cells[2]), let lon = Double(cells[3]) else { continue }
                ward.latitude = lat
                ward.longitude = lon
                try await ward.update(on: db)
            }
        }
        return files.count
    }

    /// Creates the demo accounts (or resets their passwords) with `password`.
    static func accounts(for council: Council, password hash: String, on db: Database) async throws {
        let councilID = try council.requireID()
        let north = try await Area.query(on: db).filter(\.$councilID == councilID).filter(\.$code == "north").first()
        let partnerOrg = try await Organisation.query(on: db).filter(\.$councilID == councilID)
            .filter(\.$name == organisations[0].name).first()
        for account in accounts {
            let user = try await User.query(on: db).filter(\.$councilID == councilID).filter(\.$email == account.email).first()
                ?? User(councilID: councilID, email: account.email, name: account.name, passwordHash: hash, role: account.role,
                        localityID: account.role == .localityLead ? north?.id : nil,
                        organisationID: account.role == .partner ? partnerOrg?.id : nil)
            user.passwordHash = hash
            user.active = true
            user.failedSignIns = 0
            user.lockedUntil = nil
            try await user.save(on: db)
        }
    }
}
