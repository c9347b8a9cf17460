@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

@Suite struct CensusApportionmentTests {
    /// Worked by hand: MSOA A (100 people with the category, 300 in all) has LSOAs of 200, 100
    /// and 300 people (two in the ward); MSOA B (50, 150) has one LSOA, in the ward.
    @Test func sharesFollowThePopulationOfTheLSOAsInside() {
        let parts = [
            CensusApportionment.Part(publishedArea: "A", weight: 200, inside: true),
            .init(publishedArea: "A", weight: 100, inside: true),
            .init(publishedArea: "A", weight: 300, inside: false),
            .init(publishedArea: "B", weight: 80, inside: true),
            .init(publishedArea: "C", weight: 80, inside: false),
        ]
        let estimate = CensusApportionment.estimate(parts: parts, publishedValues: ["A": [100, 300], "B": [50, 150], "C": [9, 9]], categories: 2)
        // A: half the people are in the ward → 50 and 150; B all → 50 and 150; C none.
        #expect(estimate == [100, 300])
    }

    @Test func zeroWeightsShareEqually() {
        let parts = [CensusApportionment.Part(publishedArea: "A", weight: 0, inside: true), .init(publishedArea: "A", weight: 0, inside: false)]
        #expect(CensusApportionment.estimate(parts: parts, publishedValues: ["A": [10]], categories: 1) == [5])
    }

    /// Estimates for any split of the LSOAs into areas add up to the published totals, give or
    /// take the rounding of each area.
    @Test func estimatesForAPartitionAddUpToThePublishedTotals() async {
        await propertyCheck(input: Gen.int(in: 1...40).array(of: 1...30), Gen.int(in: 2...5)) { weights, areaCount in
            let published = Dictionary(uniqueKeysWithValues: (0..<3).map { ("M\($0)", [1_000 * ($0 + 1), 77 * ($0 + 2)]) })
            var estimates = Array(repeating: 0, count: 2)
            for area in 0..<areaCount {
                let parts = weights.enumerated().map { i, w in
                    CensusApportionment.Part(publishedArea: "M\(i % 3)", weight: Double(w), inside: i % areaCount == area)
                }
                let e = CensusApportionment.estimate(parts: parts, publishedValues: published, categories: 2)
                estimates[0] += e[0]; estimates[1] += e[1]
            }
            let usedMSOAs = Set(weights.indices.map { $0 % 3 })
            let expected = usedMSOAs.reduce(into: [0, 0]) { sum, m in sum[0] += 1_000 * (m + 1); sum[1] += 77 * (m + 2) }
            #expect(abs(estimates[0] - expected[0]) <= areaCount && abs(estimates[1] - expected[1]) <= areaCount)
        }
    }

    @Test func lsoaNamesGiveTheirMSOA() {
        #expect(CensusApportionment.msoaName(ofLSOANamed: "Walsall 015A") == "Walsall 015")
        #expect(CensusApportionment.msoaName(ofLSOANamed: "Walsall 015") == nil)
        #expect(CensusApportionment.msoaName(ofLSOANamed: "") == nil)
    }
}
