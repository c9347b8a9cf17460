import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Each survey measure as an indicator source: the weighted percentage in every area and wave,
/// with its interval and what testing a change needs (`IndicatorSource`).
enum SurveyIndicators {
    @Sendable static func sources(_ tenant: TenantScope) async throws -> [IndicatorSource] {
        let bank = try await SurveyQueries.bank(tenant)
        return CommunityLifeSurvey.measures(items: bank).map { measure in
            IndicatorSource(key: "survey:" + measure.key, title: measure.title,
                            definition: definition(measure, bank: bank), unit: .percent,
                            polarity: measure.key.hasPrefix("lonely") ? .lowerIsBetter : .higherIsBetter,
                            performanceAreas: ["Communities"], marmotObjectives: [marmot(measure.key)],
                            equalityModules: ["Understanding and working with your communities"]) { tenant, _ in
                try await values(measure: measure.key, tenant: tenant)
            }
        }
    }

    static func definition(_ measure: SurveyMeasure, bank: [SurveyItem]) -> String {
        guard let item = bank.first(where: { $0.key == measure.key }) else {
            return "\(measure.title): the share of adults who answered all three questions of the loneliness scale and scored 8 or 9 (of 3 to 9). Weighted to the Census 2021 population."
        }
        let counted = item.options.filter { item.counted.contains($0.key) }.map(\.label)
        let excluded = item.options.filter { item.excluded.contains($0.key) }.map(\.label)
        var text = "The share of adults answering “\(counted.joined(separator: "” or “"))” to “\(item.question)”"
        text += excluded.isEmpty ? ", out of everyone who answered." : ", out of everyone who answered except “\(excluded.joined(separator: "”, “"))”."
        return text + " Weighted to the Census 2021 population; 95% Wilson interval on the effective sample size."
    }

    static func marmot(_ key: String) -> String {
        switch key {
        case "influence", "civic_participation": "Maximise capabilities and control"
        case "lonely_direct", "lonely_scale": "Strengthen ill-health prevention"
        default: "Create healthy and sustainable places and communities"
        }
    }

    struct Row: Decodable {
        let wave_id: UUID
        let area_code: String
        let respondents: Int
        let weighted_base: Double
        let proportion: Double
        let lower: Double
        let upper: Double
        let effective_n: Double
        let standard_error: Double
        let suppressed: Bool
        let unreliable: Bool
    }

    static func values(measure: String, tenant: TenantScope) async throws -> [IndicatorSourceValue] {
        let waves = Dictionary(uniqueKeysWithValues: try await tenant.query(SurveyWave.self).all().map { ($0.id!, $0) })
        let rows = try await tenant.select(from: "survey_estimates")
            .columns("wave_id", "area_code", "respondents", "weighted_base", "proportion", "lower", "upper", "effective_n", "standard_error", "suppressed", "unreliable")
            .where("measure_key", .equal, measure).all(decoding: Row.self)
        return rows.compactMap { row in
            guard let wave = waves[row.wave_id] else { return nil }
            var flags: [IndicatorFlag] = []
            if row.suppressed { flags.append(.suppressed) }
            if row.unreliable { flags.append(.unreliable) }
            if wave.isSynthetic { flags.append(.synthetic) }
            let shown = !row.suppressed
            return IndicatorSourceValue(
                areaCode: row.area_code, periodKey: "wave-" + row.wave_id.uuidString.lowercased(), periodLabel: wave.title,
                periodStart: wave.startsOn, periodEnd: wave.endsOn,
                value: shown ? row.proportion * 100 : nil, lower: shown ? row.lower * 100 : nil, upper: shown ? row.upper * 100 : nil,
                respondents: row.respondents, base: row.weighted_base,
                standardError: row.standard_error * 100, effectiveSampleSize: row.effective_n, weightTotal: row.weighted_base,
                flags: flags,
                source: "\(wave.title), \(DisplayFormat.count(row.respondents, "answer")), weighted to the census (\(wave.weightedAt.map(DisplayFormat.dateTime) ?? "not yet weighted"))")
        }
    }
}
