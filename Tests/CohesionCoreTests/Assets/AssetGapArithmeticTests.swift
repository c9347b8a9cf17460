@testable import CohesionCore
import Foundation
import Testing

@Suite struct AssetGapArithmeticTests {
    /// Pleck and Palfrey, with their Census 2021 usual residents (TS021, summed from LSOAs).
    @Test func ratesPerThousandResidentsAgainstHandWorkedNumbers() throws {
        // 10 ÷ 16,534 × 1,000 = 0.60481…; 2 ÷ 16,692 × 1,000 = 0.11982…
        let pleck = try #require(Provision(count: 10, population: 16_534).rate)
        let palfrey = try #require(Provision(count: 2, population: 16_692).rate)
        #expect(abs(pleck - 0.604814) < 0.000001)
        #expect(abs(palfrey - 0.119818) < 0.000001)
        #expect(ValueFormat.oneDecimal.string(pleck) == "0.6")
        #expect(ValueFormat.oneDecimal.string(palfrey) == "0.1")
        #expect(Provision(count: 0, population: 11_350).rate == 0)
    }

    @Test func noPopulationIsNoRateNeverADivisionByZero() {
        #expect(Provision(count: 3, population: nil).rate == nil)
        #expect(Provision(count: 3, population: 0).rate == nil)
        #expect(Provision(count: 0, population: 0).rate == nil)
        #expect(ProvisionArithmetic.combined([]).rate == nil)
        #expect(ProvisionArithmetic.combined([Provision(count: 4, population: nil)]).rate == nil)
    }

    @Test func combinedAreasCountEveryAssetButRateOnlyThoseWithResidents() throws {
        // South Walsall with Pleck's figure missing: 12 assets, of which 2 in wards with figures.
        let combined = ProvisionArithmetic.combined([
            Provision(count: 10, population: nil), Provision(count: 2, population: 16_692),
            Provision(count: 0, population: 15_564), Provision(count: 0, population: 17_596),
        ])
        #expect(combined.count == 12)
        #expect(combined.countWithPopulation == 2)
        #expect(combined.population == 49_852)
        #expect(combined.areasWithoutPopulation == 1)
        // 2 ÷ 49,852 × 1,000 = 0.04011…
        #expect(abs(try #require(combined.rate) - 0.040119) < 0.000001)
    }

    @Test func thinIsBelowHalfTheBenchmark() {
        #expect(ProvisionArithmetic.isThin(0.24, benchmark: 0.5))
        #expect(!ProvisionArithmetic.isThin(0.25, benchmark: 0.5), "exactly half is not below half")
        #expect(ProvisionArithmetic.isThin(0, benchmark: 0.1))
        #expect(!ProvisionArithmetic.isThin(0, benchmark: 0), "nothing anywhere: nothing to fall short of")
        #expect(!ProvisionArithmetic.isThin(nil, benchmark: 0.5), "no data is not thin")
        #expect(!ProvisionArithmetic.isThin(0.1, benchmark: nil))
    }

    static func table(_ key: String, _ level: AreaKind, total: String) -> CensusTableDefinition {
        CensusTableDefinition(key: key, topic: key, level: level, categories: [
            .init(position: 0, name: total, path: "Total: " + total, depth: 0, isTotal: true),
            .init(position: 1, name: "Something", path: "Something", depth: 1, isTotal: false),
        ])
    }

    @Test func populationComesFromAWardOrLSOATableOfAllUsualResidentsTS021First() {
        let tables = [
            Self.table("TS030", .ward, total: "All usual residents"),
            Self.table("TS029", .lsoa, total: "All usual residents aged 3 and over"),
            Self.table("TS021", .msoa, total: "All usual residents"),
            Self.table("TS021", .lsoa, total: "All usual residents"),
            Self.table("TS004", .district, total: "All usual residents"),
            Self.table("TS007A", .ward, total: "All usual residents"),
        ]
        let chosen = ProvisionArithmetic.populationTables(in: tables)
        #expect(chosen.map { "\($0.key) \($0.level.rawValue)" } == ["TS021 lsoa", "TS007A ward", "TS030 ward"])
        #expect(ProvisionArithmetic.populationTables(in: [Self.table("TS029", .ward, total: "All usual residents aged 3 and over")]).isEmpty)
        #expect(ProvisionArithmetic.populationTables(in: []).isEmpty)
    }
}
