@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

/// Worked examples of hiding and rounding counts, and the audit that no hidden count can be
/// worked out from what is published.
@Suite struct DisclosureControlTests {
    typealias Cell = DisclosureControl.Cell

    @Test func countsRoundToTheNearestFiveAndZeroStaysZero() {
        let rule = DisclosureRule.standard
        #expect([0, 5, 6, 7, 8, 12, 13, 1_234].map(rule.rounded) == [0, 5, 5, 5, 10, 10, 15, 1_235])
        #expect(DisclosureRule(rounding: 1).rounded(13) == 13)
        // With rounding to 10, halves round up.
        #expect(DisclosureRule(threshold: 5, rounding: 10).rounded(15) == 20)
        // Hiding 1 to 6, a 7 can't show as 5: a shown 5 could then only be 7.
        #expect(DisclosureRule(threshold: 7).rounded(7) == 10)
        // Hiding nothing, a count of 2 still doesn't read as none.
        #expect(DisclosureRule(threshold: 1).rounded(2) == 5)
        #expect(DisclosureRule(threshold: 0, rounding: 0) == DisclosureRule(threshold: 1, rounding: 1))
    }

    @Test func aSmallCountInARowHidesTheNextSmallestToo() {
        let row = DisclosureControl.protect([12, 3, 20])
        // 3 alone hidden would be 35 − 12 − 20; hiding the 12 as well leaves 15 to share.
        #expect(row.cells == [.suppressed(.secondary), .suppressed(.primary), .shown(20)])
        #expect(row.total == .shown(35))
        #expect(row.cells.map(\.tableText) == ["[c]", "[c]", "20"])
        #expect(row.cells[1].plainText(rule: row.rule) == "fewer than 5")
        #expect(row.cells[0].plainText(rule: row.rule) == "hidden so that a small number elsewhere can't be worked out")
    }

    @Test func aRowWhoseOnlyCountIsSmallHidesItsTotal() {
        let row = DisclosureControl.protect([0, 3, 0])
        #expect(row.cells == [.shown(0), .suppressed(.primary), .shown(0)])
        #expect(row.total == .suppressed(.primary))
        // A large count beside it is hidden rather than the total.
        let pair = DisclosureControl.protect([0, 3, 40])
        #expect(pair.cells == [.shown(0), .suppressed(.primary), .suppressed(.secondary)])
        #expect(pair.total == .shown(45))
    }

    @Test func aRowWithNothingSmallIsOnlyRounded() {
        let row = DisclosureControl.protect([8, 12, 20, 0])
        #expect(row.cells == [.shown(10), .shown(10), .shown(20), .shown(0)])
        #expect(row.total == .shown(40))
        // Percentages come from the rounded figures: 10 of 40.
        #expect(row.percentage(at: 0) == 25)
        #expect(DisclosureControl.protect([12, 3, 20]).percentage(at: 1) == nil)
        #expect(DisclosureControl.protect([]).total == .shown(0))
    }

    /// One small count forces a rectangle of four: its row and its column each need a second
    /// hidden count, and the row and column of those need a fourth.
    @Test func oneSmallCellInATableHidesARectangleOfFour() {
        let table = [[3, 10, 20],
                     [8, 12, 25],
                     [15, 30, 40]]
        let protected = DisclosureControl.protect(table: table)
        #expect(protected.cells == [
            [.suppressed(.primary), .suppressed(.secondary), .shown(20)],
            [.suppressed(.secondary), .suppressed(.secondary), .shown(25)],
            [.shown(15), .shown(30), .shown(40)],
        ])
        #expect(protected.rowTotals == [.shown(35), .shown(45), .shown(85)])
        #expect(protected.columnTotals == [.shown(25), .shown(50), .shown(85)])
        #expect(protected.grandTotal == .shown(165))
        #expect(protected[Cell(row: 0, column: 0)] == .suppressed(.primary))
        #expect(protected[.rowTotal(1)] == .shown(45))
        #expect(protected.suppressedCells == [Cell(row: 0, column: 0), Cell(row: 0, column: 1), Cell(row: 1, column: 0), Cell(row: 1, column: 1)])
        #expect(DisclosureControl.recoverableCells(table: table, suppressed: protected.suppressedCells).isEmpty)
        #expect(protected.rowPercentage(row: 2, column: 1) == 100 * 30.0 / 85)
        #expect(protected.columnPercentage(row: 0, column: 2) == 100 * 20.0 / 85)
    }

    @Test func aSmallColumnTotalIsHiddenAndProtectedInTheTotalsRow() {
        let table = [[0, 20],
                     [3, 30],
                     [0, 25]]
        let protected = DisclosureControl.protect(table: table)
        #expect(protected.columnTotals[0] == .suppressed(.primary))
        #expect(protected.cells[1][0] == .suppressed(.primary))
        // The grand total less the other column's total would give the small one away.
        #expect(protected.columnTotals[1].isSuppressed || protected.grandTotal.isSuppressed)
        #expect(DisclosureControl.recoverableCells(table: table, suppressed: protected.suppressedCells).isEmpty)
    }

    @Test func theAuditFindsACellGivenAwayByItsRowOrColumn() {
        let table = [[3, 10], [8, 12]]
        #expect(DisclosureControl.recoverableCells(table: table, suppressed: [Cell(row: 0, column: 0)]) == [Cell(row: 0, column: 0)])
        #expect(DisclosureControl.recoverableCells(table: table, suppressed: [Cell(row: 0, column: 0), Cell(row: 0, column: 1)])
            == [Cell(row: 0, column: 0), Cell(row: 0, column: 1)])
        let rectangle: Set<Cell> = [Cell(row: 0, column: 0), Cell(row: 0, column: 1), Cell(row: 1, column: 0), Cell(row: 1, column: 1)]
        #expect(DisclosureControl.recoverableCells(table: table, suppressed: rectangle).isEmpty)
        #expect(DisclosureControl.recoverableCells(table: table, suppressed: []).isEmpty)
        // A cell and its row total hidden, with the row's other cell shown, gives away both.
        #expect(DisclosureControl.recoverableCells(table: table, suppressed: [Cell(row: 0, column: 0), .rowTotal(0)])
            == [Cell(row: 0, column: 0), .rowTotal(0)])
    }

    /// Every row and column here has two or more hidden cells, so checking lines one at a time
    /// passes it, yet the cell joining the two rectangles is their difference: the reason the
    /// exact audit runs after the line-by-line rule.
    @Test func theAuditFindsACellThatEachLineAloneMisses() {
        let table = Array(repeating: [10, 10, 10, 10], count: 4)
        let hidden: Set<Cell> = [
            Cell(row: 0, column: 0), Cell(row: 0, column: 1), Cell(row: 1, column: 0), Cell(row: 1, column: 1),
            Cell(row: 2, column: 2), Cell(row: 2, column: 3), Cell(row: 3, column: 2), Cell(row: 3, column: 3),
            Cell(row: 1, column: 2),
        ]
        #expect(DisclosureControl.recoverableCells(table: table, suppressed: hidden) == [Cell(row: 1, column: 2)])
    }

    @Test func theFootnoteExplainsTheSymbolAndTheRounding() {
        #expect(DisclosureControl.footnote(rule: .standard) ==
            "[c] means the number is hidden: it is fewer than 5, or it is hidden so that a small number elsewhere can't be worked out. "
            + "Other numbers are rounded to the nearest 5, so they may not add up to the totals.")
        #expect(!DisclosureControl.footnote(rule: DisclosureRule(threshold: 8, rounding: 1)).contains("rounded"))
        #expect(DisclosedCount.shown(1_234_567).tableText == "1,234,567")
    }
}

/// Random tables, with many small counts: after protection nothing hidden can be worked out,
/// every small count is hidden, and every shown figure is a rounded one outside the hidden range.
@Suite struct DisclosureControlProperties {
    typealias Cell = DisclosureControl.Cell

    /// Counts from 0 to 40, about half of them 7 or under.
    static let counts = Gen.int(in: 0...40).map { $0 < 20 ? $0 % 8 : $0 }
    static let rules = Gen.element(of: [DisclosureRule.standard, DisclosureRule(threshold: 8), DisclosureRule(threshold: 5, rounding: 1),
                                        DisclosureRule(threshold: 3, rounding: 10), DisclosureRule(threshold: 1)]).map { $0! }

    static func table(_ rows: Int, _ columns: Int, _ flat: [Int]) -> [[Int]] {
        (0..<rows).map { r in Array(flat[(r * columns)..<(r * columns + columns)]) }
    }

    @Test func protectedTablesGiveNothingAway() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1...6), Gen.int(in: 1...6), Self.counts.array(of: 36), Self.rules) { rows, columns, flat, rule in
            let table = Self.table(rows, columns, flat)
            let protected = DisclosureControl.protect(table: table, rule: rule)
            #expect(DisclosureControl.recoverableCells(table: table, suppressed: protected.suppressedCells).isEmpty, "\(table)")
            let system = LinearTable(table: table)
            for (i, value) in system.values.enumerated() {
                let shown = protected[system.cell(at: i)]
                if rule.isSmall(value) { #expect(shown == .suppressed(.primary)) }
                if value == 0 { #expect(shown == .shown(0)) }
                if let figure = shown.value {
                    #expect(figure % rule.rounding == 0)
                    #expect(!rule.isSmall(figure))
                    #expect((figure == 0) == (value == 0))
                }
            }
        }
    }

    @Test func protectedRowsGiveNothingAway() async {
        await propertyCheck(count: 300, input: Self.counts.array(of: 0...8), Self.rules) { counts, rule in
            let row = DisclosureControl.protect(counts, rule: rule)
            let system = LinearTable(row: counts)
            let hidden = Set((row.cells + [row.total]).indices.filter { (row.cells + [row.total])[$0].isSuppressed })
            #expect(system.determined(hidden: hidden).isEmpty, "\(counts)")
            for (count, shown) in zip(counts, row.cells) {
                #expect(rule.isSmall(count) ? shown == .suppressed(.primary) : shown == .shown(rule.rounded(count)) || shown == .suppressed(.secondary))
            }
            // In a single row the total is hidden only when it is small itself.
            #expect(row.total.isSuppressed == rule.isSmall(counts.reduce(0, +)))
        }
    }

    /// Checks the elimination against graph theory. Put the totals row and totals column in an
    /// (r+1) × (c+1) array: every figure then lies on one row line and one column line, so the
    /// hidden figures are the edges of a bipartite graph between lines, and a hidden figure is
    /// determined exactly when its edge lies on no cycle (a bridge).
    @Test func theAuditFindsExactlyTheBridges() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1...5), Gen.int(in: 1...5), Gen.bool(0.45).array(of: 36)) { rows, columns, flags in
            let table = Array(repeating: Array(repeating: 1, count: columns), count: rows)
            var hidden = Set<Cell>()
            for r in 0...rows {
                for c in 0...columns where flags[r * 6 + c] {
                    hidden.insert(Cell(row: r < rows ? r : nil, column: c < columns ? c : nil))
                }
            }
            #expect(DisclosureControl.recoverableCells(table: table, suppressed: hidden) == Self.bridges(hidden, rows: rows, columns: columns))
        }
    }

    static func bridges(_ hidden: Set<Cell>, rows: Int, columns: Int) -> Set<Cell> {
        // Nodes: row lines 0...rows, then column lines 0...columns.
        func ends(_ cell: Cell) -> (Int, Int) { (cell.row ?? rows, rows + 1 + (cell.column ?? columns)) }
        func connected(_ a: Int, _ b: Int, without skipped: Cell) -> Bool {
            var parent = Array(0...(rows + columns + 1))
            func root(_ x: Int) -> Int { parent[x] == x ? x : root(parent[x]) }
            for cell in hidden where cell != skipped {
                let (u, v) = ends(cell)
                parent[root(u)] = root(v)
            }
            return root(a) == root(b)
        }
        return hidden.filter { cell in
            let (u, v) = ends(cell)
            return !connected(u, v, without: cell)
        }
    }
}
