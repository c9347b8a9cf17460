@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The directory's kept search index (`DirectoryIndex`): what it finds changes as soon as this
/// process changes an asset, another process's changes are found at the next check, it is
/// read once however many searches arrive together, and its order is the same on both databases.
@Suite struct DirectoryIndexTests {
    static func search(_ test: TestApp, _ words: String) async throws -> [String] {
        let page = try await Browser(test).get("/api/v1/assets?per=100&q=" + words).json(PageDTO<AssetDTO>.self)
        return page.items.map(\.name)
    }

    static func published(_ test: TestApp, _ f: Fixtures) async throws -> [Asset] {
        try await Asset.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).filter(\.$status == .published)
            .filter(\.$category != .individuals).sort(\.$id).all()
    }

    /// Renames an asset and its searchable words, as the form does.
    static func rename(_ asset: Asset, _ name: String, on db: any Database) async throws {
        asset.name = name
        asset.searchText = SearchText.fold(name)
        try await asset.update(on: db)
    }

    @Test func aChangeThisProcessMakesIsFoundAtOnce() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            #expect(try await Self.search(test, "quokka").isEmpty)   // the index is now kept
            let asset = try #require(try await Self.published(test, f).first)
            try await Self.rename(asset, "Quokka Lending Library", on: test.db)
            #expect(try await Self.search(test, "quokka") == ["Quokka Lending Library"])
            #expect(try await Self.search(test, "quok+lend") == ["Quokka Lending Library"])
            asset.status = .draft
            try await asset.update(on: test.db)
            #expect(try await Self.search(test, "quokka").isEmpty)
            asset.status = .published
            try await asset.update(on: test.db)
            try await asset.delete(on: test.db)
            #expect(try await Self.search(test, "quokka").isEmpty)
        }
    }

    @Test func anotherProcesssChangeIsFoundAtTheNextCheck() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let asset = try #require(try await Self.published(test, f).first)
            let checksAlways = DirectoryIndex(recheck: 0), checksHourly = DirectoryIndex(recheck: 3600)
            for index in [checksAlways, checksHourly] { _ = try await index.entries(for: tenant) }
            // Another process's write: plain SQL, which no middleware of this process sees.
            let sql = try #require(test.db as? any SQLDatabase)
            try await sql.update(Asset.schema).set("name", to: "Wombat Hall").set("search_text", to: " wombat hall ")
                .set("updated_at", to: Date().addingTimeInterval(60)).where("id", .equal, asset.requireID()).run()
            #expect(try await checksAlways.entries(for: tenant).contains { $0.name == "Wombat Hall" })
            #expect(try await !checksHourly.entries(for: tenant).contains { $0.name == "Wombat Hall" })
            // A deletion leaves no later update time; the count finds it.
            try await sql.delete(from: Asset.schema).where("id", .equal, asset.requireID()).run()
            #expect(try await !checksAlways.entries(for: tenant).contains { $0.id == asset.id })
            #expect(try await checksAlways.entries(for: tenant).count == (try await Asset.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).count()))
        }
    }

    /// The names shown beside an asset (its organisation, ward and type) are kept with the
    /// index, as are Open Referral's built services: a change to any of them is shown at once.
    @Test func theNamesBesideAnAssetAreFreshAsSoonAsTheyChange() async throws {
        // The public page cache off: what is measured is the index, not the cache's lifetime.
        try await withTestApp(adjust: { $0.publicPageCacheSeconds = 0 }) { test in
            let f = try await Fixtures.make(test)
            let asset = try #require(try await Asset.query(on: test.db).filter(\.$name == "Blakenall Community Centre (example)").first())
            let servicePath = "/openreferral/services/\(asset.id!.uuidString.lowercased())", entryPath = "/directory/\(asset.id!.uuidString)"
            func shown() async throws -> (service: String, entry: String) {
                (try await Browser(test).get(servicePath).body, try await Browser(test).get(entryPath).body)
            }
            let before = try await shown()
            #expect(before.service.contains("Bloxwich Community Partnership (example)") && before.entry.contains("Bloxwich Community Partnership (example)"))
            #expect(before.service.contains("Blakenall ward") && before.entry.contains("Community hall or centre"))

            let organisation = try #require(try await Organisation.find(asset.$organisation.id, on: test.db))
            organisation.name = "Bloxwich Wombat Partnership"
            try await organisation.update(on: test.db)
            let ward = try #require(try await Area.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).filter(\.$code == asset.wardCode!).first())
            ward.name = "Blakenall and Quokka"
            try await ward.update(on: test.db)
            var after = try await shown()
            #expect(after.service.contains("Bloxwich Wombat Partnership") && after.entry.contains("Bloxwich Wombat Partnership"))
            #expect(after.service.contains("Blakenall and Quokka ward") && after.entry.contains("Blakenall and Quokka"))

            let term = try #require(try await AssetTaxonomyTerm.find(asset.$taxonomyTerm.id, on: test.db))
            term.name = "Community hall, centre or barn"
            try await term.update(on: test.db)
            after = try await shown()
            #expect(after.service.contains("Community hall, centre or barn") && after.entry.contains("Community hall, centre or barn"))
        }
    }

    /// Another process's rename of an organisation, a ward or a type changes no asset, but is
    /// found at the next check all the same (each table's latest change is checked).
    @Test func anotherProcesssRenameOfAnOrganisationWardOrTypeIsFoundAtTheNextCheck() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let ward = try #require(try await Area.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).filter(\.$kind == .ward).first())
            let term = try #require(try await AssetTaxonomyTerm.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).first())
            let checksAlways = DirectoryIndex(recheck: 0), checksHourly = DirectoryIndex(recheck: 3600)
            for index in [checksAlways, checksHourly] {
                #expect(try await AssetReference.kept(tenant, index: index).organisationNames[f.organisation.id!] == f.organisation.name)
            }
            // Another process's writes: plain SQL, which no middleware of this process sees,
            // stamped as Fluent stamps them.
            let sql = try #require(test.db as? any SQLDatabase)
            let later = Date().addingTimeInterval(60)
            try await sql.update(Organisation.schema).set("name", to: "Renamed Elsewhere").set("updated_at", to: later)
                .where("id", .equal, f.organisation.requireID()).run()
            #expect(try await AssetReference.kept(tenant, index: checksAlways).organisationNames[f.organisation.id!] == "Renamed Elsewhere")
            #expect(try await AssetReference.kept(tenant, index: checksHourly).organisationNames[f.organisation.id!] == f.organisation.name)
            try await sql.update(Area.schema).set("name", to: "Wombat Ward").set("updated_at", to: later).where("id", .equal, ward.requireID()).run()
            #expect(try await AssetReference.kept(tenant, index: checksAlways).wardNames[ward.code] == "Wombat Ward")
            try await sql.update(AssetTaxonomyTerm.schema).set("name", to: "Wombat hutch").set("updated_at", to: later).where("id", .equal, term.requireID()).run()
            #expect(try await AssetReference.kept(tenant, index: checksAlways).termByID[term.id!]?.name == "Wombat hutch")
            // A deleted organisation leaves no later time; the count finds it.
            try await sql.delete(from: Organisation.schema).where("id", .equal, f.otherOrganisation.requireID()).run()
            try await sql.update(Organisation.schema).set("council_id", to: f.otherton.requireID()).where("id", .equal, f.organisation.requireID()).run()
            #expect(try await AssetReference.kept(tenant, index: checksAlways).organisationNames[f.organisation.id!] == nil)
            #expect(try await AssetReference.kept(tenant, index: checksHourly).organisationNames[f.organisation.id!] == f.organisation.name)
        }
    }

    @Test func searchesArrivingTogetherReadTheRegisterOnce() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let index = DirectoryIndex()
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await index.entries(for: tenant).count } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(Set(counts).count == 1 && counts[0] > 50)
            #expect(index.builds == 1)
            _ = try await index.entries(for: tenant)
            #expect(index.builds == 1)
            // A change to one council's assets leaves another's kept.
            let otherton = TenantScope(council: f.otherton, database: test.db)
            _ = try await index.entries(for: otherton)
            #expect(index.builds == 2)
            index.invalidate(council: f.walsall.id)
            _ = try await index.entries(for: tenant)
            _ = try await index.entries(for: otherton)
            #expect(index.builds == 3)
            index.invalidate(council: nil)
            _ = try await index.entries(for: otherton)
            #expect(index.builds == 4)
        }
    }

    @Test func resultsAreInNameOrderWhateverTheCaseOnBothDatabases() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let assets = try await Self.published(test, f)
            // SQLite's ORDER BY puts "Zyx Beta" before "Zyx alpha" (it compares bytes).
            for (asset, name) in zip(assets, ["zyx gamma", "Zyx alpha", "ZYX Delta", "Zyx Beta"]) {
                try await Self.rename(asset, name, on: test.db)
            }
            #expect(try await Self.search(test, "zyx") == ["Zyx alpha", "Zyx Beta", "ZYX Delta", "zyx gamma"])
        }
    }

    @Test func aWordMatchesTheBeginningOfAWordWhateverItsCaseAndAccents() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let asset = try #require(try await Self.published(test, f).first)
            try await Self.rename(asset, "Quélix Éclat Ñandú", on: test.db)
            for words in ["quelix", "QUEL", "eclat", "%C3%A9CLAT", "NANDU", "quelix+eclat"] {
                #expect(try await Self.search(test, words) == ["Quélix Éclat Ñandú"], "\(words)")
            }
            // Inside a word is not the beginning of one.
            #expect(try await Self.search(test, "uelix").isEmpty)
            #expect(try await Self.search(test, "quelix+nowhere").isEmpty)
        }
    }
}
