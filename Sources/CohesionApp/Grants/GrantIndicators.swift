import CohesionCore
import Fluent
import Vapor

/// Grants as indicators: money awarded, and groups funded, per 1,000 residents, by locality and
/// for the district, in each financial year (by the date of the decision). An award for two
/// localities counts in both, as in the grants reports; the district counts it once.
enum GrantIndicators {
    @Sendable static func sources(_ tenant: TenantScope) async throws -> [IndicatorSource] {
        [
            IndicatorSource(
                key: "grants:pounds-per-1000", title: "Grant money awarded per 1,000 residents",
                definition: "Community grants awarded in the financial year (by the date of the decision), in pounds per 1,000 usual residents (Census 2021). An award for several localities counts in each of them.",
                unit: .poundsPerThousand, polarity: .neither, performanceAreas: ["Communities", "Voluntary and community sector"],
                marmotObjectives: ["Create healthy and sustainable places and communities"],
                equalityModules: ["Leadership, partnership and organisational commitment"]) { tenant, _ in
                try await values(tenant, money: true)
            },
            IndicatorSource(
                key: "grants:groups-per-1000", title: "Groups funded per 1,000 residents",
                definition: "Community groups awarded a grant in the financial year (by the date of the decision) per 1,000 usual residents (Census 2021). A group with two awards in a year counts once.",
                unit: .perThousand, polarity: .neither, performanceAreas: ["Communities", "Voluntary and community sector"],
                marmotObjectives: ["Create healthy and sustainable places and communities"],
                equalityModules: ["Leadership, partnership and organisational commitment"]) { tenant, _ in
                try await values(tenant, money: false)
            },
        ]
    }

    static func values(_ tenant: TenantScope, money: Bool) async throws -> [IndicatorSourceValue] {
        guard let population = try await AssetGaps.wardPopulation(tenant)?.byWard, !population.isEmpty else { return [] }
        let areas = try await AreaRollup.load(tenant)
        let people = areas.rolledUp(population.mapValues(Double.init))
        let awards = try await tenant.query(GrantApplication.self).filter(\.$decidedAt != nil).filter(\.$awardedPence != nil).all()
            .filter { $0.state.holdsAward }
        // Year → area → (pence, groups named by their lower-cased name).
        var totals: [FinancialYear: [String: (pence: Int, groups: Set<String>)]] = [:]
        for award in awards {
            guard let decided = award.decidedAt, let pence = award.awardedPence else { continue }
            let year = FinancialYear(containing: CalendarDate.inLondon(decided))
            let answers = award.answers
            var codes = Set(answers.localityCodes)
            for ward in answers.wardCodes {
                codes.insert(ward)
                if let locality = areas.countsIn[ward]?.dropFirst().first, locality != areas.district?.code { codes.insert(locality) }
            }
            if let district = areas.district?.code { codes.insert(district) }
            let group = award.$organisation.id?.uuidString ?? answers.organisationName.lowercased()
            for code in codes {
                var entry = totals[year, default: [:]][code] ?? (0, [])
                entry.pence += pence
                entry.groups.insert(group)
                totals[year, default: [:]][code] = entry
            }
        }
        var values: [IndicatorSourceValue] = []
        for (year, byArea) in totals {
            for (code, residents) in people where areas.wards.allSatisfy({ $0.code != code }) || byArea[code] != nil {
                let entry = byArea[code] ?? (0, [])
                let amount = money ? Double(entry.pence) / 100 : Double(entry.groups.count)
                guard let rate = IndicatorRules.perThousand(amount, population: residents) else { continue }
                values.append(IndicatorSourceValue(
                    areaCode: code, periodKey: year.key, periodLabel: year.label, periodStart: year.start.iso, periodEnd: year.end.iso,
                    value: rate, respondents: money ? nil : entry.groups.count, base: residents,
                    source: money ? "Grant awards decided in \(year.label): \(Money.pounds(entry.pence)); Census 2021 usual residents"
                                  : "Grant awards decided in \(year.label): \(DisplayFormat.count(entry.groups.count, "group")); Census 2021 usual residents"))
            }
        }
        return values
    }
}
