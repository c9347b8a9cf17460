@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

@Suite struct CensusRoundTripProperties {
    /// Writes a table the way ONS does (quoted headers with commas and doubled quotes, CRLF)
    /// and reads it back.
    static func csv(rows: [[Int]], categories: Int) -> String {
        let headers = (0..<categories).map { i in
            i == 0 ? "Ethnic group: Total: All usual residents; measures: Value"
                   : "Ethnic group: Group \(i), with \"quotes\", and commas; measures: Value"
        }
        let quoted = headers.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var lines = [(["date", "geography", "geography code"] + quoted).joined(separator: ",")]
        for (n, row) in rows.enumerated() {
            lines.append((["2021", "\"Area \(n), Walsall\"", lsoaCode(n)] + row.map(String.init)).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func lsoaCode(_ n: Int) -> String { "E01" + String(String(100_000 + n).suffix(6)) }

    static func rows(_ flat: [Int], width: Int) -> [[Int]] {
        stride(from: 0, to: flat.count - width + 1, by: width).map { Array(flat[$0..<($0 + width)]) }
    }

    @Test func randomValuesSurviveWritingAndParsing() async {
        await propertyCheck(input: Gen.int(in: 1...5), Gen.int(in: 0...2_000_000).array(of: 5...60)) { width, flat in
            let rows = Self.rows(flat, width: width)
            let table = try #require(try? ONSCensusTable.parse(csv: Self.csv(rows: rows, categories: width)))
            #expect(table.areas.map(\.values) == rows)
            #expect(table.areas.map(\.code.value) == rows.indices.map(Self.lsoaCode))
            #expect(table.areas.first?.name == "Area 0, Walsall")
            #expect(table.categories.count == width)
            #expect(table.categories.dropFirst().allSatisfy { $0.name.hasSuffix("with \"quotes\", and commas") && $0.parent == 0 })
            #expect(table.level == .lsoa)
        }
    }

    @Test func aggregationPreservesEveryColumnTotal() async {
        await propertyCheck(input: Gen.int(in: 0...50_000).array(of: 3...90), Gen.int(in: 0...4).array(of: 30)) { flat, wardPicks in
            let rows = Self.rows(flat, width: 3)
            let values = Dictionary(uniqueKeysWithValues: rows.enumerated().map { (GSSCode(Self.lsoaCode($0))!, $1) })
            let district = GSSCode("E08000030")!
            let entries = rows.indices.map { n in
                AreaLookup.Entry(lsoa: GSSCode(Self.lsoaCode(n))!, lsoaName: "", ward: GSSCode("E0500130\(wardPicks[n])")!,
                                 wardName: "", district: district, districtName: "", line: n + 2)
            }
            let sums = CensusAggregation(lsoaValues: values, lookup: AreaLookup(entries: entries),
                                         localityOfWard: Dictionary(uniqueKeysWithValues: (0...4).map { (GSSCode("E0500130\($0)")!, $0 < 2 ? "North" : "South") }))
            for column in 0..<3 {
                let expected = rows.map { $0[column] }.reduce(0, +)
                #expect(sums.wards.values.map { $0[column] }.reduce(0, +) == expected)
                #expect(sums.localities.values.map { $0[column] }.reduce(0, +) == expected)
                #expect(sums.districts[district]?[column] == expected)
            }
            #expect(sums.codesOutsideLookup.isEmpty)
        }
    }

    @Test func codesOutsideTheLookupAreListedNotDropped() {
        let inside = GSSCode("E01010241")!, outside = GSSCode("E01009999")!
        let lookup = AreaLookup(entries: [.init(lsoa: inside, lsoaName: "", ward: GSSCode("E05001301")!, wardName: "",
                                                district: GSSCode("E08000030")!, districtName: "", line: 2)])
        let sums = CensusAggregation(lsoaValues: [inside: [5, 2], outside: [7, 1]], lookup: lookup)
        #expect(sums.codesOutsideLookup == [outside])
        #expect(sums.wards == [GSSCode("E05001301")!: [5, 2]])
        #expect(sums.districts == [GSSCode("E08000030")!: [5, 2]])
    }
}

@Suite struct EthnicDiversityTests {
    /// Worked by hand: groups of 6, 3 and 1 residents (N = 10).
    /// Pairs of residents in the same group: 6·5 + 3·2 + 1·0 = 36; all ordered pairs: 10·9 = 90.
    /// Index = 1 − 36/90 = 0.6. (The with-replacement form would give 1 − (0.36 + 0.09 + 0.01) = 0.54;
    /// the two converge as N grows.)
    @Test func matchesAHandWorkedExample() throws {
        let index = try #require(EthnicDiversity.index(counts: [6, 3, 1]))
        #expect(abs(index - 0.6) < 1e-12)
    }

    @Test func edgeCases() {
        #expect(EthnicDiversity.index(counts: [250, 0, 0]) == 0)
        #expect(EthnicDiversity.index(counts: [1, 1]) == 1)
        #expect(EthnicDiversity.index(counts: [1, 0]) == nil)
        #expect(EthnicDiversity.index(counts: []) == nil)
    }

    @Test func indexStaysBetweenZeroAndOne() async {
        await propertyCheck(input: Gen.int(in: 0...10_000).array(of: 1...8)) { counts in
            guard let index = EthnicDiversity.index(counts: counts) else {
                #expect(counts.reduce(0, +) < 2)
                return
            }
            #expect(index >= 0 && index <= 1)
        }
    }

    @Test func rankingSharesRanksOnTies() {
        let ranking = EthnicDiversity.ranking(["E05001301": 0.5, "E05001302": 0.7, "E05001303": 0.5, "E05001304": 0.1])
        #expect(ranking.map(\.area) == ["E05001302", "E05001301", "E05001303", "E05001304"])
        #expect(ranking.map(\.rank) == [1, 2, 2, 4])
    }

    @Test func partitionUsesEachResidentOnce() throws {
        let text = """
        geography code,Ethnic group: Total,Ethnic group: Asian,Ethnic group: Asian: Indian,Ethnic group: Asian: Other,Ethnic group: White
        E01010241,10,4,3,1,6
        """
        let table = try ONSCensusTable.parse(csv: text)
        #expect(table.partition(atDepth: 1) == [1, 4])
        #expect(table.partition(atDepth: 2) == [2, 3, 4])
        #expect(table.categories.map(\.depth) == [0, 1, 2, 2, 1])
        // Broad groups 4 and 6: 1 − (4·3 + 6·5)/(10·9) = 1 − 42/90.
        let broad = try #require(EthnicDiversity.indices(in: table)[GSSCode("E01010241")!])
        #expect(abs(broad - (1 - 42.0 / 90)) < 1e-12)
    }
}
