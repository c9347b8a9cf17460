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
