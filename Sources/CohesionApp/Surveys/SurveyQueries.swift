import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Reads the survey pages share: the question bank, a wave's items, response counts.
enum SurveyQueries {
    /// The standard items then the council's own, in that order.
    static func bank(_ tenant: TenantScope) async throws -> [SurveyItem] {
        let own = try await tenant.query(SurveyCustomItem.self).sort(\.$key).all().map(\.item)
        return CommunityLifeSurvey.items + own
    }

    /// A wave's items in the order asked; a key no longer in the bank is skipped.
    static func items(of wave: SurveyWave, tenant: TenantScope) async throws -> [SurveyItem] {
        let bank = Dictionary(try await bank(tenant).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        return wave.itemKeys.compactMap { bank[$0] }
    }

    struct CountRow: Decodable { let wave_id: UUID; let source: String; let n: Int }

    /// Responses by wave and source, one query.
    static func responseCounts(_ tenant: TenantScope, wave: UUID? = nil) async throws -> [UUID: (questionnaire: Int, imported: Int)] {
        var query = try tenant.select(from: SurveyResponse.schema).column("wave_id").column("source")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
        if let wave { query = query.where("wave_id", .equal, wave) }
        let rows = try await query.groupBy("wave_id").groupBy("source").all(decoding: CountRow.self)
        var counts: [UUID: (questionnaire: Int, imported: Int)] = [:]
        for row in rows {
            var count = counts[row.wave_id] ?? (0, 0)
            if row.source == SurveyResponse.Source.questionnaire.rawValue { count.questionnaire += row.n } else { count.imported += row.n }
            counts[row.wave_id] = count
        }
        return counts
    }
}

/// The optional "about you" questions and what the weighting makes of them, in one place so the
/// questionnaire, the import and the weighting read the same lists.
enum SurveyAboutYou {
    static var ageBands: [(key: String, label: String)] { AgeBand.allCases.map { ($0.key, $0.label) } }
    static var sexes: [(key: String, label: String)] { Sex.allCases.map { ($0.key, $0.label) } }
    static var ethnicGroups: [(key: String, label: String, group: String)] {
        EthnicGroup.allCases.map { ($0.key, $0.label, $0.broadGroup.label) }
    }

    static func isAgeBand(_ key: String) -> Bool { AgeBand(rawValue: key) != nil }
    static func isSex(_ key: String) -> Bool { Sex(rawValue: key) != nil }
    static func isEthnicGroup(_ key: String) -> Bool { EthnicGroup(rawValue: key) != nil }

    /// The census's broad group (TS021's column) for a recorded ethnic group key: a detailed
    /// group, or a broad group alone when an imported file gave no more.
    static func censusBroadGroup(_ key: String) -> String? { WeightingCategory.ethnicGroup(RecordedEthnicGroup(key: key)) }

    /// The age-and-sex table's category ("Females: Working age") for an age band and sex.
    static func ageSexCategory(ageBand: String?, sex: String?) -> String? {
        WeightingCategory.ageSex(ageBand: ageBand.flatMap(AgeBand.init(rawValue:)), sex: sex.flatMap(Sex.init(rawValue:)))
    }

    /// Every category `ageSexCategory` can give: the census table's adult columns.
    static var ageSexCategories: Set<String> {
        Set(AgeBand.allCases.flatMap { band in Sex.allCases.compactMap { WeightingCategory.ageSex(ageBand: band, sex: $0) } })
    }
}
