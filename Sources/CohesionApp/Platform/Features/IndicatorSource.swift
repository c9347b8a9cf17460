import CohesionCore
import Foundation

/// A figure a feature can supply to the indicator framework: its definition and how to work out
/// its values from the feature's own tables. Features declare theirs (`Feature.indicatorSources`)
/// and the Indicators feature turns each into an indicator with stored, dated values; the way to
/// add one is in docs/adding-a-feature.md ("Indicators").
struct IndicatorSource: Sendable {
    /// Stable and unique: "survey:belonging", "assets:per-1000".
    let key: String
    let title: String
    /// Plain English: what is counted, over what, where from.
    let definition: String
    let unit: IndicatorUnit
    let polarity: IndicatorPolarity
    /// The Marmot objective and Equality Framework module it speaks to, as suggested tags.
    var performanceAreas: [String] = []
    var marmotObjectives: [String] = []
    var equalityModules: [String] = []
    /// Every value the source can give at `now`, for each area and period it covers.
    let values: @Sendable (_ tenant: TenantScope, _ now: Date) async throws -> [IndicatorSourceValue]
}

/// The unit an indicator's values are in, which decides how they are written.
enum IndicatorUnit: String, Codable, CaseIterable, Sendable {
    case percent
    case perThousand = "per_1000"
    case poundsPerThousand = "pounds_per_1000"
    case count
    case number

    var label: String {
        switch self {
        case .percent: "Percentage"
        case .perThousand: "Per 1,000 residents"
        case .poundsPerThousand: "Pounds per 1,000 residents"
        case .count: "Count"
        case .number: "Number"
        }
    }

    var format: ValueFormat {
        switch self {
        case .percent: .percent
        case .perThousand: ValueFormat(decimals: 1)
        case .poundsPerThousand: ValueFormat(decimals: 0, prefix: "£")
        case .count: .integer
        case .number: ValueFormat(decimals: 1)
        }
    }

    func text(_ value: Double) -> String { format.string(value) }
}

/// One value of a source: an area (GSS code or locality code), a period and its provenance.
struct IndicatorSourceValue: Sendable, Equatable {
    var areaCode: String
    /// Stable within the indicator: "wave-<uuid>", "2026-27".
    var periodKey: String
    var periodLabel: String
    /// `YYYY-MM-DD`, for ordering periods and the export.
    var periodStart: String
    var periodEnd: String
    /// nil when the value can't be published (too few answers), with the reason in `flags`.
    var value: Double?
    var lower: Double? = nil
    var upper: Double? = nil
    /// Unweighted respondents, or the count a rate is made from.
    var respondents: Int? = nil
    /// The base: weighted base for a survey estimate, the population for a rate.
    var base: Double? = nil
    /// For testing survey changes: the estimate's standard error, effective sample size and
    /// total weight (so an area can be compared with the rest of its district).
    var standardError: Double? = nil
    var effectiveSampleSize: Double? = nil
    var weightTotal: Double? = nil
    var flags: [IndicatorFlag] = []
    /// Where it came from, in words: "Residents' survey 2026, weighted to the census".
    var source: String
}

enum IndicatorFlag: String, Codable, CaseIterable, Sendable {
    /// From a base below the wave's minimum: not shown.
    case suppressed
    /// Coefficient of variation over 20%.
    case unreliable
    /// A small count hidden by disclosure control.
    case disclosure
    /// Synthetic demonstration data.
    case synthetic

    var label: String {
        switch self {
        case .suppressed: "too few answers to show"
        case .unreliable: "less reliable (coefficient of variation over 20%)"
        case .disclosure: "hidden to protect small numbers"
        case .synthetic: "synthetic demonstration data"
        }
    }
}
