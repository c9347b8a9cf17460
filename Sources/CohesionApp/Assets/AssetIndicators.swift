import CohesionCore
import Fluent
import Vapor

/// The asset register as an indicator: published assets (people's skills left out) per 1,000
/// residents, in each ward, locality and the district, as at the day it is worked out. Each
/// financial year keeps the last figure worked out in it, so the trend shows how the register grew.
enum AssetIndicators {
    @Sendable static func sources(_ tenant: TenantScope) async throws -> [IndicatorSource] {
        [IndicatorSource(
            key: "assets:per-1000", title: "Community assets per 1,000 residents",
            definition: "Published assets in the asset register (associations, institutions, places, economic exchange, stories and culture; people's skills are not counted) per 1,000 usual residents (Census 2021), as at the day the figure was worked out.",
            unit: .perThousand, polarity: .higherIsBetter, performanceAreas: ["Communities", "Voluntary and community sector"],
            marmotObjectives: ["Create healthy and sustainable places and communities"],
            equalityModules: ["Understanding and working with your communities"], values: { try await values($0, now: $1) })]
    }

    @Sendable static func values(_ tenant: TenantScope, now: Date) async throws -> [IndicatorSourceValue] {
        guard let population = try await AssetGaps.wardPopulation(tenant)?.byWard, !population.isEmpty else { return [] }
        let areas = try await AreaRollup.load(tenant)
        let counts = try await AssetGaps.publicCounts(tenant)
        let assets = areas.rolledUp(counts.byWard.mapValues { Double($0.values.reduce(0, +)) })
        let people = areas.rolledUp(population.mapValues(Double.init))
        let today = CalendarDate.inLondon(now)
        let year = FinancialYear(containing: today)
        return people.compactMap { code, residents in
            guard let rate = IndicatorRules.perThousand(assets[code] ?? 0, population: residents) else { return nil }
            return IndicatorSourceValue(areaCode: code, periodKey: year.key, periodLabel: year.label, periodStart: year.start.iso,
                                        periodEnd: year.end.iso, value: rate, respondents: Int(assets[code] ?? 0), base: residents,
                                        source: "Asset register as at \(DisplayFormat.date(today)): \(DisplayFormat.count(Int(assets[code] ?? 0), "published asset")); Census 2021 usual residents")
        }
    }
}
