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

    @Test func religionSummedFromLSOAsGivesTheDistrictFigures() throws {
        let lookup = try AreaLookup.parse(csv: FixtureFiles.text(Self.lookupFile))
        let table = try ONSCensusTable.parse(csv: FixtureFiles.text(Self.religionFile))
        #expect(table.topic.identifier == "TS030")
        let sums = CensusAggregation(table: table, lookup: lookup)
        let code = try #require(walsall)
        let district = try #require(sums.districts[code])
        let christian = try #require(table.categoryIndex(named: "Christian"))
        let muslim = try #require(table.categoryIndex(named: "Muslim"))
        #expect(district[christian] == 126_915)
        #expect(district[muslim] == 32_107)
        #expect(sums.codesOutsideLookup.isEmpty)
        #expect(sums.lookupLSOAsMissingFromTable.isEmpty)
    }

    @Test func everyWardGetsValuesAndLocalitiesAddUp() throws {
        let lookup = try AreaLookup.parse(csv: FixtureFiles.text(Self.lookupFile))
        let table = try ONSCensusTable.parse(csv: FixtureFiles.text(Self.ethnicGroupFile))
        // An illustrative split into four localities of five wards each.
        let localities = Dictionary(uniqueKeysWithValues: lookup.wards.enumerated().map { ($1, "L\($0 / 5 + 1)") })
        let sums = CensusAggregation(table: table, lookup: lookup, localityOfWard: localities)
        #expect(Set(sums.wards.keys) == Set(lookup.wards))
        #expect(sums.wards.values.allSatisfy { $0.count == 6 && $0[0] > 0 })
        #expect(sums.localities.count == 4 && sums.wardsWithoutLocality.isEmpty)
        #expect(sums.wards.values.map { $0[0] }.reduce(0, +) == 284_157)
        #expect(sums.localities.values.map { $0[0] }.reduce(0, +) == 284_157)
    }

    @Test func wardDiversityIsBetweenZeroAndOneAndRanks20Wards() throws {
        let lookup = try AreaLookup.parse(csv: FixtureFiles.text(Self.lookupFile))
        let table = try ONSCensusTable.parse(csv: FixtureFiles.text(Self.ethnicGroupFile))
        let wards = CensusAggregation(table: table, lookup: lookup).wards
        let indices = EthnicDiversity.indices(of: wards, groups: table.partition(atDepth: 1))
        #expect(indices.count == 20)
        #expect(indices.values.allSatisfy { $0 > 0 && $0 < 1 })
        let ranking = EthnicDiversity.ranking(indices)
        #expect(ranking.count == 20)
        #expect(ranking.first?.rank == 1)
        #expect(zip(ranking, ranking.dropFirst()).allSatisfy { $0.index >= $1.index })
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
