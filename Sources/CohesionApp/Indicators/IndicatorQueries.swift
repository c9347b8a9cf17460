import CohesionCore
import Fluent
import SQLKit
import Vapor

/// One stored value as the pages and exports read it.
struct IndicatorPoint: Sendable, Codable {
    let areaCode: String
    let periodKey: String
    let periodLabel: String
    let periodStart: String
    let periodEnd: String
    var value: Double?
    var lower: Double?
    var upper: Double?
    var respondents: Int?
    let base: Double?
    let standardError: Double?
    let effectiveSampleSize: Double?
    let weightTotal: Double?
    var flags: [IndicatorFlag]
    let source: String

    init(_ row: IndicatorValue) {
        areaCode = row.areaCode; periodKey = row.periodKey; periodLabel = row.periodLabel; periodStart = row.periodStart
        periodEnd = row.periodEnd; value = row.value; lower = row.lower; upper = row.upper; respondents = row.respondents
        base = row.base; standardError = row.standardError; effectiveSampleSize = row.effectiveSampleSize
        weightTotal = row.weightTotal; flags = row.flags; source = row.source
    }

    /// As the public and members may see it (DESIGN.md, "Privacy"): a count of 1 to 4 hidden,
    /// and with it a rate made from such a count; other counts rounded. Survey estimates are
    /// protected by their wave's minimum base instead.
    func disclosed(isSurvey: Bool, unit: IndicatorUnit, rule: DisclosureRule) -> IndicatorPoint {
        guard !isSurvey else { return self }
        var copy = self
        func hide() {
            copy.value = nil
            copy.lower = nil
            copy.upper = nil
            copy.respondents = nil
            if !copy.flags.contains(.disclosure) { copy.flags.append(.disclosure) }
        }
        if unit == .count, let value {
            switch DisclosureControl.protect([Int(value.rounded())], rule: rule).cells[0] {
            case .shown(let shown): copy.value = Double(shown)
            default: hide()
            }
        }
        if let count = copy.respondents {
            switch DisclosureControl.protect([count], rule: rule).cells[0] {
            case .shown(let shown): copy.respondents = shown
            default: hide()
            }
        }
        return copy
    }

    /// The survey estimate behind a value, for testing a change; nil for other sources.
    var estimate: WeightedProportion? {
        guard let value, let standardError, let effectiveSampleSize, let weightTotal else { return nil }
        let p = value / 100
        return WeightedProportion(respondents: respondents ?? 0, counted: 0, weightedBase: weightTotal, weightedCount: p * weightTotal,
                                  proportion: p, designEffect: 1, effectiveSampleSize: effectiveSampleSize, standardError: standardError / 100,
                                  lower: (lower ?? value) / 100, upper: (upper ?? value) / 100, coefficientOfVariation: nil,
                                  suppressed: false, unreliable: false)
    }
}

/// An indicator with its values, ready for a tile or its page.
struct IndicatorSeries: Sendable {
    let indicator: Indicator
    /// Every value, oldest period first.
    let points: [IndicatorPoint]
    let districtCode: String?

    /// The periods in order, each once.
    var periods: [(key: String, label: String)] {
        var seen = Set<String>(), out: [(String, String)] = []
        for point in points where seen.insert(point.periodKey).inserted { out.append((point.periodKey, point.periodLabel)) }
        return out
    }

    func points(in area: String) -> [IndicatorPoint] { points.filter { $0.areaCode == area } }

    func point(_ area: String, _ period: String) -> IndicatorPoint? {
        points.first { $0.areaCode == area && $0.periodKey == period }
    }

    /// The district's latest value and the change from the period before, tested when it can be.
    var headline: (latest: IndicatorPoint, change: IndicatorChange?)? {
        guard let district = districtCode else { return nil }
        let shown = points(in: district).filter { $0.value != nil }
        guard let latest = shown.last else { return nil }
        guard shown.count > 1 else { return (latest, nil) }
        return (latest, IndicatorChange.between(shown[shown.count - 2], latest, unit: indicator.unit))
    }
}

/// A change between two values of one area, and whether a test calls it significant.
struct IndicatorChange: Sendable {
    let from: IndicatorPoint
    let to: IndicatorPoint
    let difference: Double
    /// nil when no test is possible (values entered without intervals or counts).
    let significant: Bool?
    let pValue: Double?

    static func between(_ from: IndicatorPoint, _ to: IndicatorPoint, unit: IndicatorUnit) -> IndicatorChange? {
        guard let a = from.value, let b = to.value else { return nil }
        if let x = from.estimate, let y = to.estimate {
            let test = SurveyEstimates.difference(y, x)
            return IndicatorChange(from: from, to: to, difference: b - a, significant: test.significant, pValue: test.pValue)
        }
        if unit == .perThousand, let c1 = from.respondents, let c2 = to.respondents, let p1 = from.base, let p2 = to.base {
            let test = IndicatorRules.ratesDiffer(count1: c2, population1: p2, count2: c1, population2: p1)
            return IndicatorChange(from: from, to: to, difference: b - a, significant: test.significant, pValue: test.pValue)
        }
        return IndicatorChange(from: from, to: to, difference: b - a, significant: nil, pValue: nil)
    }

    /// An area's survey estimate against the rest of its district (the district without it), so
    /// the two samples are independent: p_area − p_district = (1 − f)(p_area − p_rest).
    static func fromDistrict(_ area: IndicatorPoint, district: IndicatorPoint) -> DifferenceTest? {
        guard let part = area.estimate, let whole = district.estimate, whole.weightedBase > part.weightedBase else { return nil }
        let restWeight = whole.weightedBase - part.weightedBase
        let restCount = whole.weightedCount - part.weightedCount
        // Σw² of each from its effective sample size: n_eff = (Σw)²/Σw².
        let restSquares = whole.weightedBase * whole.weightedBase / whole.effectiveSampleSize - part.weightedBase * part.weightedBase / part.effectiveSampleSize
        guard restWeight > 0, restSquares > 0 else { return nil }
        let p = min(max(restCount / restWeight, 0), 1)
        let effective = restWeight * restWeight / restSquares
        let rest = WeightedProportion(respondents: 0, counted: 0, weightedBase: restWeight, weightedCount: restCount, proportion: p,
                                      designEffect: 1, effectiveSampleSize: effective, standardError: (p * (1 - p) / effective).squareRoot(),
                                      lower: p, upper: p, coefficientOfVariation: nil, suppressed: false, unreliable: false)
        return SurveyEstimates.differenceFromWhole(part: part, rest: rest)
    }
}

enum IndicatorQueries {
    /// Every indicator (only public ones for visitors and members) with its values, two queries.
    static func series(_ tenant: TenantScope, publicOnly: Bool, code: String? = nil) async throws -> [IndicatorSeries] {
        var query = tenant.query(Indicator.self).sort(\.$code)
        if publicOnly { query = query.filter(\.$isPublic == true) }
        if let code { query = query.filter(\.$code == code) }
        let indicators = try await query.all()
        guard !indicators.isEmpty else { return [] }
        let values = try await tenant.query(IndicatorValue.self).filter(\.$indicator.$id ~~ indicators.compactMap(\.id))
            .sort(\.$periodStart).sort(\.$periodKey).all()
        let byIndicator = Dictionary(grouping: values, by: { $0.$indicator.id })
        let district = try await tenant.query(Area.self).filter(\.$kind == .district).first()?.code
        let rule = DisclosureRule.standard
        return indicators.map { indicator in
            let points = (byIndicator[indicator.id!] ?? []).map(IndicatorPoint.init)
            let shown = publicOnly ? points.map { $0.disclosed(isSurvey: indicator.sourceKind == .survey, unit: indicator.unit, rule: rule) } : points
            return IndicatorSeries(indicator: indicator, points: shown,
                                   districtCode: district)
        }
    }

    /// Whether the reader sees only public indicators, disclosure-controlled: everyone but the
    /// cohesion team, elected members included (DESIGN.md: they see aggregates only).
    static func publicOnly(_ req: Request) -> Bool {
        !Policy.allows(req.currentUser, .permission(.manageIndicators))
    }
}
