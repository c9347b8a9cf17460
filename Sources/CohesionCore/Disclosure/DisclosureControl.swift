import Foundation

/// How small counts are hidden and the rest rounded before they are published: 0 stays 0,
/// 1 to `threshold − 1` are hidden, other counts are rounded to the nearest `rounding`.
///
/// The standard rule hides 1 to 4 and rounds to 5. Some partners hide 1 to 7 (threshold 8).
/// Values below 1 are read as 1, so a rule decoded from a bad setting still protects something.
public struct DisclosureRule: Sendable, Hashable, Codable {
    /// Counts from 1 up to one less than this are hidden.
    public var threshold: Int
    /// Shown counts are rounded to the nearest multiple of this; 1 means they are shown exactly.
    public var rounding: Int

    public init(threshold: Int = 5, rounding: Int = 5) {
        self.threshold = max(1, threshold)
        self.rounding = max(1, rounding)
    }

    /// Hide 1 to 4, round to the nearest 5.
    public static let standard = DisclosureRule()

    /// Whether a count must be hidden for its own sake (primary suppression).
    public func isSmall(_ count: Int) -> Bool { count >= 1 && count < max(1, threshold) }

    /// The figure shown for a count that is not hidden: the nearest multiple of `rounding`,
    /// halves rounding up (with rounding 10, 15 shows as 20).
    ///
    /// The smallest figure shown for a count that isn't zero is the first multiple of
    /// `rounding` at or above the threshold. Without that floor a shown figure could pin a count
    /// down exactly: hiding 1 to 7 and rounding to 5, a count of 8 or more rounds to 10 or more,
    /// so a shown 5 could only mean 7. The same floor stops a non-zero count reading as 0 when
    /// the threshold is lower than half the rounding.
    public func rounded(_ count: Int) -> Int {
        let step = max(1, rounding)
        guard count > 0, step > 1 else { return count }
        let nearest = (count + step / 2) / step * step
        let floor = (max(1, threshold) + step - 1) / step * step
        return max(nearest, floor)
    }
}

/// Why a figure is hidden.
public enum SuppressionReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The count itself is small (primary suppression): pages say "fewer than 5".
    case primary
    /// The count is hidden so that a small count elsewhere in the table can't be worked out by
    /// subtraction from the totals (secondary suppression).
    case secondary
}

/// One figure as it may be published: shown (already rounded) or hidden, with the reason.
public enum DisclosedCount: Sendable, Hashable, Codable {
    case shown(Int)
    case suppressed(SuppressionReason)

    /// What tables print for a hidden figure (the Government Statistical Service symbol for
    /// "confidential").
    public static let suppressionSymbol = "[c]"

    /// The figure shown, or nil when it is hidden.
    public var value: Int? {
        if case .shown(let value) = self { return value }
        return nil
    }

    public var isSuppressed: Bool { value == nil }

    /// What a table cell shows: "1,235", or "[c]" when hidden.
    public var tableText: String {
        switch self {
        case .shown(let value): DisclosureControl.grouped(value)
        case .suppressed: Self.suppressionSymbol
        }
    }

    /// The figure in a sentence: "1,235", "fewer than 5", or, for a figure hidden to protect
    /// another, "hidden so that a small number elsewhere can't be worked out".
    public func plainText(rule: DisclosureRule) -> String {
        switch self {
        case .shown(let value): DisclosureControl.grouped(value)
        case .suppressed(.primary): "fewer than \(max(1, rule.threshold))"
        case .suppressed(.secondary): "hidden so that a small number elsewhere can't be worked out"
        }
    }
}

/// A row of counts and its total, ready to publish.
public struct ProtectedRow: Sendable, Hashable, Codable {
    public var rule: DisclosureRule
    public var cells: [DisclosedCount]
    public var total: DisclosedCount

    public init(rule: DisclosureRule, cells: [DisclosedCount], total: DisclosedCount) {
        self.rule = rule
        self.cells = cells
        self.total = total
    }

    /// A cell's share of the row's total, from the published (rounded) figures; nil when either
    /// is hidden or the total is 0.
    public func percentage(at index: Int) -> Double? {
        DisclosureControl.percentage(cells[index], of: total)
    }
}

/// A two-way table with its row totals, column totals and grand total, ready to publish.
public struct ProtectedTable: Sendable, Hashable, Codable {
    public var rule: DisclosureRule
    /// By row, then column.
    public var cells: [[DisclosedCount]]
    public var rowTotals: [DisclosedCount]
    public var columnTotals: [DisclosedCount]
    public var grandTotal: DisclosedCount

    public init(rule: DisclosureRule, cells: [[DisclosedCount]], rowTotals: [DisclosedCount],
                columnTotals: [DisclosedCount], grandTotal: DisclosedCount) {
        self.rule = rule
        self.cells = cells
        self.rowTotals = rowTotals
        self.columnTotals = columnTotals
        self.grandTotal = grandTotal
    }

    public subscript(cell: DisclosureControl.Cell) -> DisclosedCount {
        switch (cell.row, cell.column) {
        case let (row?, column?): cells[row][column]
        case let (row?, nil): rowTotals[row]
        case let (nil, column?): columnTotals[column]
        case (nil, nil): grandTotal
        }
    }

    /// Every hidden figure, totals included: what `DisclosureControl.recoverableCells` audits.
    public var suppressedCells: Set<DisclosureControl.Cell> {
        var hidden = Set<DisclosureControl.Cell>()
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() where cell.isSuppressed { hidden.insert(.init(row: r, column: c)) }
        }
        for (r, total) in rowTotals.enumerated() where total.isSuppressed { hidden.insert(.rowTotal(r)) }
        for (c, total) in columnTotals.enumerated() where total.isSuppressed { hidden.insert(.columnTotal(c)) }
        if grandTotal.isSuppressed { hidden.insert(.grandTotal) }
        return hidden
    }

    /// A cell's share of its row's total, from the published figures.
    public func rowPercentage(row: Int, column: Int) -> Double? {
        DisclosureControl.percentage(cells[row][column], of: rowTotals[row])
    }

    /// A cell's share of its column's total, from the published figures.
    public func columnPercentage(row: Int, column: Int) -> Double? {
        DisclosureControl.percentage(cells[row][column], of: columnTotals[column])
    }
}

/// Disclosure control for published counts (incidents by ward and motivation, survey
/// respondents by group): small counts hidden, the rest rounded, and enough further figures
/// hidden that no small count can be worked out by subtraction from the totals.
///
/// Every figure, totals included, is treated as part of one linear system: each row's cells add
/// up to its total, each column's to its total, and the row totals and column totals each add up
/// to the grand total. A hidden figure is safe when the published figures, taken as exact,
/// leave it undetermined.
///
/// Rounding to 5 means that in truth subtraction gives only a range (a shown 20 less a shown 15
/// is anything from 1 to 9), but the audit treats published figures as exact: the stricter
/// rule, and the one that still holds when rounding is turned off. The audit is linear only:
/// it does not use the fact that counts can't be negative, which in some tables narrows a hidden
/// figure to a short range without fixing it. Figures published in other tables (the same
/// ward's total in a district table) are outside what it sees.
public enum DisclosureControl {
    /// One figure of a two-way table: a count (`row` and `column`), a row's total (no column),
    /// a column's total (no row) or the grand total (neither).
    public struct Cell: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        public var row: Int?
        public var column: Int?

        public init(row: Int?, column: Int?) {
            self.row = row
            self.column = column
        }

        public static func rowTotal(_ row: Int) -> Cell { Cell(row: row, column: nil) }
        public static func columnTotal(_ column: Int) -> Cell { Cell(row: nil, column: column) }
        public static let grandTotal = Cell(row: nil, column: nil)

        /// Counts in reading order, then row totals, column totals and the grand total.
        public static func < (a: Cell, b: Cell) -> Bool {
            func key(_ c: Cell) -> (Int, Int, Int) {
                switch (c.row, c.column) {
                case let (r?, k?): (0, r, k)
                case let (r?, nil): (1, r, 0)
                case let (nil, k?): (2, k, 0)
                case (nil, nil): (3, 0, 0)
                }
            }
            return key(a) < key(b)
        }

        public var description: String {
            switch (row, column) {
            case let (r?, c?): "row \(r), column \(c)"
            case let (r?, nil): "total of row \(r)"
            case let (nil, c?): "total of column \(c)"
            case (nil, nil): "grand total"
            }
        }
    }

    /// One row of counts with its total (incidents by motivation in one ward, and the ward's
    /// total). The total is hidden only when it is small itself: hiding a second cell always
    /// protects a hidden one in a single row.
    public static func protect(_ counts: [Int], rule: DisclosureRule = .standard) -> ProtectedRow {
        let system = LinearTable(row: counts)
        let reasons = system.protect(rule: rule)
        let shown = zip(system.values, reasons).map { disclosed($0, $1, rule) }
        return ProtectedRow(rule: rule, cells: Array(shown.dropLast()), total: shown[shown.count - 1])
    }

    /// A two-way table (rows × columns, every row the same length) with its row totals, column
    /// totals and grand total, which are worked out here from the counts.
    public static func protect(table: [[Int]], rule: DisclosureRule = .standard) -> ProtectedTable {
        let system = LinearTable(table: table)
        let reasons = system.protect(rule: rule)
        let shown = zip(system.values, reasons).map { disclosed($0, $1, rule) }
        let rows = table.count, columns = system.columns
        return ProtectedTable(
            rule: rule,
            cells: (0..<rows).map { r in (0..<columns).map { c in shown[system.index(of: Cell(row: r, column: c))] } },
            rowTotals: (0..<rows).map { shown[system.index(of: .rowTotal($0))] },
            columnTotals: (0..<columns).map { shown[system.index(of: .columnTotal($0))] },
            grandTotal: shown[system.index(of: .grandTotal)])
    }

    /// Exact linear audit of a two-way table and its totals: which of the `suppressed` figures
    /// the published ones (every figure not in `suppressed`, taken as exact) determine. Empty
    /// means safe.
    ///
    /// A hidden figure xᵢ is determined exactly when eᵢ lies in the row space of the system's
    /// equations restricted to the hidden figures. The test row-reduces that matrix with exact
    /// fractions rather than floating point: there is then no tolerance to choose, and the
    /// coefficients stay tiny because the margins of a two-way table form a totally unimodular
    /// system (the incidence matrix of a bipartite graph, up to signs), so every entry met during
    /// elimination is 0, 1 or −1.
    public static func recoverableCells(table: [[Int]], suppressed: Set<Cell>) -> Set<Cell> {
        let system = LinearTable(table: table)
        let hidden = Set(suppressed.compactMap { system.indexIfPresent(of: $0) })
        return Set(system.determined(hidden: hidden).map(system.cell(at:)))
    }

    /// `part` as a percentage of `whole`, from the published figures; nil when either is hidden
    /// or `whole` is 0.
    public static func percentage(_ part: DisclosedCount, of whole: DisclosedCount) -> Double? {
        guard let part = part.value, let whole = whole.value, whole > 0 else { return nil }
        return 100 * Double(part) / Double(whole)
    }

    /// The note to print under a protected table.
    public static func footnote(rule: DisclosureRule) -> String {
        let hidden = "[c] means the number is hidden: it is fewer than \(max(1, rule.threshold)), "
            + "or it is hidden so that a small number elsewhere can't be worked out."
        guard rule.rounding > 1 else { return hidden }
        return hidden + " Other numbers are rounded to the nearest \(rule.rounding), so they may not add up to the totals."
    }

    static func disclosed(_ value: Int, _ reason: SuppressionReason?, _ rule: DisclosureRule) -> DisclosedCount {
        reason.map(DisclosedCount.suppressed) ?? .shown(rule.rounded(value))
    }

    /// 1250 → "1,250".
    static func grouped(_ n: Int) -> String {
        var digits = String(n.magnitude), result = ""
        while digits.count > 3 {
            result = "," + digits.suffix(3) + result
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + digits + result
    }
}

/// The figures of a row or a two-way table as one linear system. Every figure, total or not, is
/// a value; each line says that its members add up to its total.
struct LinearTable {
    struct Line {
        let members: [Int]
        let total: Int
        var all: [Int] { members + [total] }
    }

    let values: [Int]
    let lines: [Line]
    /// The lines each value belongs to, as a member or as the total.
    let linesOf: [[Int]]
    let isTotal: [Bool]
    let rows: Int
    let columns: Int

    /// A single row: the counts, then their total. Its cells have no column totals.
    init(row counts: [Int]) {
        precondition(counts.allSatisfy { $0 >= 0 }, "Counts can't be negative")
        self.init(values: counts + [counts.reduce(0, +)],
                  lines: [Line(members: Array(counts.indices), total: counts.count)],
                  isTotal: counts.map { _ in false } + [true], rows: 1, columns: counts.count)
    }

    /// Counts in reading order, then the row totals, the column totals and the grand total.
    init(table: [[Int]]) {
        let rows = table.count, columns = table.first?.count ?? 0
        precondition(table.allSatisfy { $0.count == columns }, "Every row of a table needs the same number of columns")
        precondition(table.allSatisfy { $0.allSatisfy { $0 >= 0 } }, "Counts can't be negative")
        let rowTotals = table.map { $0.reduce(0, +) }
        let columnTotals = (0..<columns).map { c in table.reduce(0) { $0 + $1[c] } }
        let values = table.flatMap { $0 } + rowTotals + columnTotals + [rowTotals.reduce(0, +)]
        let rowTotal = { (r: Int) in rows * columns + r }
        let columnTotal = { (c: Int) in rows * columns + rows + c }
        let grand = rows * columns + rows + columns
        var lines = (0..<rows).map { r in Line(members: (0..<columns).map { r * columns + $0 }, total: rowTotal(r)) }
        lines += (0..<columns).map { c in Line(members: (0..<rows).map { $0 * columns + c }, total: columnTotal(c)) }
        lines.append(Line(members: (0..<columns).map(columnTotal), total: grand))
        lines.append(Line(members: (0..<rows).map(rowTotal), total: grand))
        self.init(values: values, lines: lines, isTotal: values.indices.map { $0 >= rows * columns },
                  rows: rows, columns: columns)
    }

    private init(values: [Int], lines: [Line], isTotal: [Bool], rows: Int, columns: Int) {
        self.values = values
        self.lines = lines
        self.isTotal = isTotal
        self.rows = rows
        self.columns = columns
        var linesOf = [[Int]](repeating: [], count: values.count)
        for (l, line) in lines.enumerated() { for v in line.all { linesOf[v].append(l) } }
        self.linesOf = linesOf
    }

    func indexIfPresent(of cell: DisclosureControl.Cell) -> Int? {
        switch (cell.row, cell.column) {
        case let (r?, c?): (0..<rows).contains(r) && (0..<columns).contains(c) ? r * columns + c : nil
        case let (r?, nil): (0..<rows).contains(r) ? rows * columns + r : nil
        case let (nil, c?): (0..<columns).contains(c) ? rows * columns + rows + c : nil
        case (nil, nil): rows * columns + rows + columns
        }
    }

    func index(of cell: DisclosureControl.Cell) -> Int { indexIfPresent(of: cell)! }

    func cell(at index: Int) -> DisclosureControl.Cell {
        let inner = rows * columns
        if index < inner { return .init(row: index / columns, column: index % columns) }
        if index < inner + rows { return .rowTotal(index - inner) }
        if index < inner + rows + columns { return .columnTotal(index - inner - rows) }
        return .grandTotal
    }

    /// Why each value is hidden, or nil where it is published.
    ///
    /// First every small value is hidden. Then, until nothing changes, each line with exactly one
    /// hidden figure gets a second: the smallest other non-zero figure in it, preferring on a tie
    /// one that also completes another line and then a count over a total. Lines with two or more
    /// hidden figures can still give one away through other lines, so the exact audit runs next,
    /// and while it finds a determined figure the smallest published non-zero figure sharing a
    /// line with one is hidden as well and the whole round repeats.
    ///
    /// This ends: hiding every non-zero figure is always safe, because the equations are then
    /// homogeneous in the hidden figures, and a figure they determined would have to be 0.
    /// Zeros are never hidden; a published 0 says nothing a hidden one wouldn't.
    func protect(rule: DisclosureRule) -> [SuppressionReason?] {
        var reasons: [SuppressionReason?] = values.map { rule.isSmall($0) ? .primary : nil }
        guard reasons.contains(where: { $0 != nil }) else { return reasons }
        while true {
            addSecondaryForLonelyCells(&reasons)
            let hidden = Set(reasons.indices.filter { reasons[$0] != nil })
            let exposed = determined(hidden: hidden)
            if exposed.isEmpty { return reasons }
            let near = Set(exposed.flatMap { linesOf[$0].flatMap { lines[$0].all } })
            var candidates = near.filter { reasons[$0] == nil && values[$0] > 0 }
            if candidates.isEmpty { candidates = Set(values.indices.filter { reasons[$0] == nil && values[$0] > 0 }) }
            guard let pick = best(of: Array(candidates), reasons: reasons, besideLine: nil) else { return reasons }
            reasons[pick] = .secondary
        }
    }

    private func addSecondaryForLonelyCells(_ reasons: inout [SuppressionReason?]) {
        var changed = true
        while changed {
            changed = false
            for (l, line) in lines.enumerated() {
                let all = line.all
                guard all.filter({ reasons[$0] != nil }).count == 1 else { continue }
                let candidates = all.filter { reasons[$0] == nil && values[$0] > 0 }
                guard let pick = best(of: candidates, reasons: reasons, besideLine: l) else { continue }
                reasons[pick] = .secondary
                changed = true
            }
        }
    }

    /// The cheapest figure to hide: the smallest, then one whose other line has exactly one
    /// hidden figure (so it protects two lines at once), then a count before a total, then
    /// reading order.
    private func best(of candidates: [Int], reasons: [SuppressionReason?], besideLine: Int?) -> Int? {
        func helps(_ v: Int) -> Bool {
            linesOf[v].contains { l in l != besideLine && lines[l].all.filter { reasons[$0] != nil }.count == 1 }
        }
        return candidates.min { a, b in
            (values[a], helps(a) ? 0 : 1, isTotal[a] ? 1 : 0, a) < (values[b], helps(b) ? 0 : 1, isTotal[b] ? 1 : 0, b)
        }
    }

    /// The hidden values that the published ones determine: those xᵢ for which the reduced row
    /// echelon form of the equations, restricted to the hidden values, has the row eᵢ.
    func determined(hidden: Set<Int>) -> [Int] {
        let unknowns = hidden.sorted()
        guard !unknowns.isEmpty else { return [] }
        let column = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        var matrix: [[Fraction]] = lines.compactMap { line in
            var row = [Fraction](repeating: .zero, count: unknowns.count)
            for m in line.members { if let c = column[m] { row[c] = row[c] + .one } }
            if let c = column[line.total] { row[c] = row[c] - .one }
            return row.contains { !$0.isZero } ? row : nil
        }
        var pivots: [Int] = []
        for c in unknowns.indices {
            let next = pivots.count
            guard let r = (next..<matrix.count).first(where: { !matrix[$0][c].isZero }) else { continue }
            matrix.swapAt(next, r)
            let pivot = matrix[next][c]
            matrix[next] = matrix[next].map { $0 / pivot }
            for other in matrix.indices where other != next && !matrix[other][c].isZero {
                let factor = matrix[other][c]
                for k in unknowns.indices where !matrix[next][k].isZero {
                    matrix[other][k] = matrix[other][k] - factor * matrix[next][k]
                }
            }
            pivots.append(c)
        }
        return pivots.enumerated().compactMap { r, c in
            matrix[r].indices.allSatisfy { $0 == c || matrix[r][$0].isZero } ? unknowns[c] : nil
        }
    }
}

/// An exact rational number, enough for row-reducing small integer systems.
struct Fraction: Equatable {
    let numerator: Int
    let denominator: Int

    static let zero = Fraction(0, 1), one = Fraction(1, 1)

    init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0)
        let sign = denominator < 0 ? -1 : 1
        let divisor = Swift.max(1, Self.gcd(abs(numerator), abs(denominator)))
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
    }

    var isZero: Bool { numerator == 0 }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    static func + (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    static func - (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }
    static func * (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.numerator, a.denominator * b.denominator)
    }
    static func / (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator, a.denominator * b.numerator)
    }
}
