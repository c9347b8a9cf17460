@testable import CohesionCore
import Foundation
import Testing

/// The real ONS Census 2021 files for Walsall, from `Tests/Fixtures/census2021-walsall/`.
@Suite
struct CensusRealDataTests {
    static let lookupFile = "census2021-walsall/walsall_lsoa21_to_ward24_lookup.csv"
    static let ethnicGroupFile = "census2021-walsall/census2021-ts021-lsoa-walsall-broad.csv"
    static let religionFile = "census2021-walsall/census2021-ts030-lsoa-walsall.csv"

    let walsall = GSSCode("E08000030")

    @Test func lookupHas169LSOAsIn20WardsAllInWalsall() throws {
        let lookup = try AreaLookup.parse(csv: FixtureFiles.text(Self.lookupFile))
        #expect(lookup.entries.count == 169)
        #expect(lookup.wards.count == 20)
        #expect(lookup.wards.map(\.value) == (1301...1320).map { "E0500\($0)" })
        #expect(lookup.districts == [walsall].compactMap { $0 })
        #expect(lookup.wardNames[GSSCode("E05001301")!] == "Aldridge Central and South")
    }

    @Test func ethnicGroupTableIsRecognisedAndItsTotalMatches() throws {
        let table = try ONSCensusTable.parse(csv: FixtureFiles.text(Self.ethnicGroupFile))
        #expect(table.topic == CensusTopic(identifier: "TS021", name: "Ethnic group"))
        #expect(table.level == .lsoa)
        #expect(table.areas.count == 169)
        #expect(table.categories.count == 6)
        #expect(table.totalIndex == 0)
        #expect(table.categories[1].name == "Asian, Asian British or Asian Welsh")
        #expect(table.categories[1].parent == 0 && table.categories[1].depth == 1)
        #expect(table.areas[0].date == "2021" && table.areas[0].name == "Walsall 015A")
        #expect(table.sum(ofCategory: 0) == 284_157)
        // The five broad groups add up to each LSOA's total.
        #expect(table.areas.allSatisfy { $0.values.dropFirst().reduce(0, +) == $0.values[0] })
    }

    /// The district, an illustrative split into four localities of five wards each, the wards
    /// and the LSOAs, from the lookup.
    static func hierarchy(_ lookup: AreaLookup) -> AreaHierarchy {
        let district = lookup.districts[0].value
        let localities = (1...4).map { AreaHierarchy.Place(code: "L\($0)", name: "Locality \($0)", kind: .locality, parentCode: district) }
        let wards = lookup.wards.enumerated().map { i, ward in
            AreaHierarchy.Place(code: ward.value, name: lookup.wardNames[ward] ?? "", kind: .ward, parentCode: "L\(i / 5 + 1)")
        }
        let lsoas = lookup.entries.map { AreaHierarchy.Place(code: $0.lsoa.value, name: $0.lsoaName, kind: .lsoa, parentCode: $0.ward.value) }
        return AreaHierarchy([.init(code: district, name: "Walsall", kind: .district, parentCode: nil)] + localities + wards + lsoas)
    }

    /// The table as the importer stores it, and its counts as published.
    static func stored(_ table: ONSCensusTable) -> (CensusTableDefinition, CensusCounts) {
        let key = table.topic.identifier ?? table.topic.name
        let definition = CensusTableDefinition(key: key, topic: table.topic.name, level: table.level ?? .lsoa, categories: table.categories.enumerated().map { i, c in
            .init(position: i, name: c.name, path: c.path.joined(separator: ": "), depth: c.depth, isTotal: c.isTotal)
        })
        let counts = Dictionary(uniqueKeysWithValues: table.areas.map { area in
            (area.code.value, Dictionary(uniqueKeysWithValues: area.values.enumerated().map { ($0, $1) }))
        })
        return (definition, [key: counts])
    }

    static func profiles(of file: String) throws -> [String: AreaProfile] {
        let lookup = try AreaLookup.parse(csv: FixtureFiles.text(Self.lookupFile))
        let (definition, counts) = stored(try ONSCensusTable.parse(csv: FixtureFiles.text(file)))
        let hierarchy = hierarchy(lookup)
        return Dictionary(uniqueKeysWithValues: hierarchy.places.filter { $0.kind != .lsoa }.map { place in
            (place.code, AreaProfile(code: place.code, hierarchy: hierarchy, tables: [definition], counts: counts)!)
        })
    }

    @Test func religionSummedFromLSOAsGivesTheDistrictFigures() throws {
        let district = try #require(Self.profiles(of: Self.religionFile)["E08000030"]?.tables.first)
        #expect(district.key == "TS030" && district.publishedLevel == .lsoa)
        #expect(district.categories.first { $0.name == "Christian" }?.count == 126_915)
        #expect(district.categories.first { $0.name == "Muslim" }?.count == 32_107)
    }

    @Test func everyWardGetsValuesAndLocalitiesAddUp() throws {
        let profiles = try Self.profiles(of: Self.ethnicGroupFile)
        let wards = profiles.values.filter { $0.area.kind == .ward }
        #expect(wards.count == 20)
        #expect(wards.allSatisfy { $0.tables.first?.total ?? 0 > 0 && $0.tables.first?.categories.count == 5 })
        #expect(wards.map { $0.tables[0].total }.reduce(0, +) == 284_157)
        #expect((1...4).map { profiles["L\($0)"]?.tables.first?.total ?? 0 }.reduce(0, +) == 284_157)
        #expect(profiles["E08000030"]?.tables.first?.total == 284_157)
    }

    @Test func wardDiversityIsBetweenZeroAndOneAndRanks20Wards() throws {
        let profiles = try Self.profiles(of: Self.ethnicGroupFile)
        let ranked = profiles.values.compactMap(\.diversity)
        #expect(ranked.count == 20 && ranked.allSatisfy { $0.of == 20 && $0.index > 0 && $0.index < 1 })
        #expect(Set(ranked.map(\.rank)) == Set(1...20))
        // Pleck is Walsall's most ethnically diverse ward, Pelsall the least.
        #expect(profiles["E05001314"]?.diversity == .init(index: 0.639, rank: 1, of: 20))
        #expect(profiles["E05001312"]?.diversity?.rank == 20)
        let table = try ONSCensusTable.parse(csv: FixtureFiles.text(Self.ethnicGroupFile))
        let lsoaIndices = EthnicDiversity.indices(in: table)
        #expect(lsoaIndices.count == 169 && lsoaIndices.values.allSatisfy { (0...1).contains($0) })
    }

    @Test func proficiencyInEnglishMSOASubsetReadsAsAReshapedWideTable() throws {
        let text = try FixtureFiles.text("census2021-walsall/census2021-ts029-msoa-walsall-subset.csv")
        let table = try ONSCensusTable.parseWide(csv: text, layout: .ts029MSOASubset)
        #expect(table.topic.identifier == "TS029")
        #expect(table.level == .msoa)
        #expect(table.areas.count == 39)
        #expect(table.totalIndex == nil)
        #expect(table.categories.count == 6)
        let veryWell = try #require(table.categoryIndex(named: "Can speak English very well"))
        #expect(table.categories[veryWell].parent == 1 && table.categories[veryWell].depth == 2)
        #expect(table.values(for: GSSCode("E02002110")!) == [6649, 154, 60, 56, 31, 7])
        // The four proficiency levels add up to "main language is not English" in every MSOA.
        #expect(table.areas.allSatisfy { $0.values[2...5].reduce(0, +) == $0.values[1] })
    }

    @Test func countryOfBirthLongFileKeepsItsHierarchy() throws {
        let text = try FixtureFiles.text("census2021-walsall/census2021-ts012-ltla-walsall-country-of-birth-detailed-long.csv")
        let table = try ONSCensusTable.parseLong(csv: text, layout: .ts012CountryOfBirthLong)
        #expect(table.topic.identifier == "TS012")
        #expect(table.level == .district)
        #expect(table.areas.count == 1)
        #expect(table.categories.count == 83)
        let values = try #require(table.values(for: GSSCode("E08000030")!))
        #expect(values[0] == 284_123)
        let england = try #require(table.categoryIndex(named: "england"))
        #expect(values[england] == 239_723)
        #expect(table.categories[england].path == ["Europe", "United kingdom", "England"])
        #expect(table.categories[england].depth == 3)
        // Continents partition the total (Walsall's "Other" is 0).
        #expect(table.partition(atDepth: 1).map { values[$0] }.reduce(0, +) == 284_123)
    }

    @Test func ageAndSexExtractReadsButHasNoBandDefinitions() throws {
        let text = try FixtureFiles.text("census2021-walsall/age_gender21_ltla21_walsall.csv")
        let table = try ONSCensusTable.parseWide(csv: text, layout: .ageAndSexByDistrict)
        #expect(table.topic.identifier == nil)
        #expect(table.categories[0].isTotal)
        #expect(table.values(for: GSSCode("E08000030")!)?.first == 284_122)
        let females = try #require(table.categoryIndex(named: "total_females"))
        let males = try #require(table.categoryIndex(named: "total_males"))
        #expect(table.areas[0].values[females] + table.areas[0].values[males] == 284_122)
    }
}
