import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Weighting a wave to the census and making its estimates: the census margins from the
/// imported tables, raking (`Raking`), and every measure × area estimate
/// (`SurveyEstimateTable`), written in one transaction so the dashboard never shows half a wave.
enum SurveyWeighting {
    static let perWave = OneAtATime()

    /// The census margins for the variables asked for, scaled to one population (the adults of
    /// the age-and-sex table when it is used; ONS tables are perturbed separately and TS021
    /// counts all ages, so their totals differ), with a note for each variable left out.
    static func margins(_ variables: [SurveyWeightingVariable], tenant: TenantScope) async throws -> (margins: [RakingMargin], notes: [String]) {
        var margins: [RakingMargin] = [], notes: [String] = []
        let tables = try await tenant.query(CensusTable.self).all()
        let ethnic = tables.first { $0.tableKey == "TS021" }
        for variable in variables {
            switch variable {
            case .ageSex:
                guard let table = tables.first(where: { $0.topic == "Age and sex" && $0.level == AreaKind.district.rawValue }) else {
                    notes.append("Age and sex left out: no census age-and-sex table for the district has been imported.")
                    continue
                }
                let categories = try await CensusTableCategory.query(on: tenant.database).filter(\.$table.$id == table.requireID()).all()
                let counts = try await CensusQueries.countsByArea(table: table, level: .district, tenant: tenant)
                guard let values = counts.values.first else { notes.append("Age and sex left out: the table has no figures."); continue }
                var targets: [String: Double] = [:]
                for category in categories where SurveyAboutYou.ageSexCategories.contains(category.path) {
                    targets[category.path] = Double(values[category.position] ?? 0)
                }
                guard targets.count == SurveyAboutYou.ageSexCategories.count else {
                    notes.append("Age and sex left out: the census table doesn't split working age and older by sex.")
                    continue
                }
                margins.append(RakingMargin(variable: variable.rawValue, targets: targets))
            case .ethnicGroup, .ward:
                guard let table = ethnic else {
                    notes.append("\(variable == .ward ? "Ward" : "Ethnic group") left out: Census table TS021 (ethnic group) has not been imported.")
                    continue
                }
                let categories = try await CensusTableCategory.query(on: tenant.database).filter(\.$table.$id == table.requireID()).all()
                let counts = try await CensusQueries.countsByArea(table: table, level: .ward, tenant: tenant)
                if variable == .ward {
                    guard let total = categories.first(where: \.isTotal) else { continue }
                    let wardCodes = Set(try await AreasQueries.summaries(tenant, kinds: [.ward]).map(\.code))
                    let targets = counts.filter { wardCodes.contains($0.key) }.mapValues { Double($0[total.position] ?? 0) }
                    guard !targets.isEmpty else { notes.append("Ward left out: TS021 has no figures for the wards."); continue }
                    margins.append(RakingMargin(variable: variable.rawValue, targets: targets))
                } else {
                    var targets: [String: Double] = [:]
                    // The broad groups: the shallowest categories below the total.
                    let broadest = categories.filter { !$0.isTotal }.map(\.depth).min()
                    for category in categories where category.depth == broadest && !category.isTotal {
                        targets[category.name] = counts.values.reduce(0) { $0 + Double($1[category.position] ?? 0) }
                    }
                    margins.append(RakingMargin(variable: variable.rawValue, targets: targets))
                }
            }
        }
        // One population for every margin: the first margin's.
        if let total = margins.first.map({ $0.targets.values.reduce(0, +) }), total > 0 {
            margins = margins.map { margin in
                let own = margin.targets.values.reduce(0, +)
                return RakingMargin(variable: margin.variable, targets: margin.targets.mapValues { $0 * total / max(own, 1) })
            }
        }
        return (margins, notes)
    }

    struct ResponseRow: Decodable {
        let ward_code: String?
        let answers: String
        let age_band: String?
        let sex: String?
        let ethnic_group: String?
    }

    /// Weights the wave, replaces its estimates and keeps the report with it. Reading the
    /// sealed ethnic groups is audited.
    @discardableResult
    static func run(wave: SurveyWave, items: [SurveyItem], tenant: TenantScope, cipher: FieldCipher,
                    reader: SpecialCategoryRead.Reader, now: Date) async throws -> SurveyWeightingReport {
        let waveID = try wave.requireID()
        return try await tenant.database.transaction { db in
            let scope = tenant.on(db)
            let rows = try await scope.select(from: SurveyResponse.schema)
                .columns("ward_code", "answers", "age_band", "sex", "ethnic_group")
                .where("wave_id", .equal, waveID).orderBy("received_at").orderBy("id")
                .all(decoding: ResponseRow.self)
            var variables = wave.weighting
            var (margins, notes) = try await margins(variables, tenant: scope)
            var ethnicGroups: [String?] = Array(repeating: nil, count: rows.count)
            if margins.contains(where: { $0.variable == SurveyWeightingVariable.ethnicGroup.rawValue }) {
                let opened = try await SpecialCategoryRead.open(
                    rows.map(\.ethnic_group), column: SurveyResponse.ethnicGroupColumn, cipher: cipher, what: "ethnic group",
                    records: "survey responses", purpose: "to weight \(wave.title) to the census", type: .surveyWave,
                    recordID: waveID, by: reader, on: db)
                ethnicGroups = opened.map { $0.flatMap(SurveyAboutYou.censusBroadGroup) }
            }
            func category(_ variable: String, _ i: Int) -> String? {
                switch SurveyWeightingVariable(rawValue: variable) {
                case .ageSex: SurveyAboutYou.ageSexCategory(ageBand: rows[i].age_band, sex: rows[i].sex)
                case .ethnicGroup: ethnicGroups[i]
                case .ward: rows[i].ward_code
                case nil: nil
                }
            }
            var result: RakingResult?
            // A census category nobody answered from (a ward with no respondents, say) makes
            // the margins unreachable: that variable is left out, and the report says so.
            while result == nil {
                guard !margins.isEmpty, !rows.isEmpty else { break }
                // A category the census doesn't have (a ward made since) counts as not known.
                let values = rows.indices.map { i in margins.map { m in category(m.variable, i).flatMap { m.targets[$0] != nil ? $0 : nil } } }
                do {
                    result = try Raking.rake(values: values, margins: margins)
                } catch let error as RakingError {
                    guard case .emptyCategory(let variable, let category) = error else { throw error }
                    let label = SurveyWeightingVariable(rawValue: variable)?.label ?? variable
                    let name = variable == SurveyWeightingVariable.ward.rawValue ? (try await scope.query(Area.self).filter(\.$code == category).first()?.name ?? category) : category
                    notes.append("\(label) left out: nobody who answered is in \(name), so the census figures can't be matched.")
                    margins.removeAll { $0.variable == variable }
                    variables.removeAll { $0.rawValue == variable }
                }
            }
            let weights = result?.weights ?? Array(repeating: 1, count: rows.count)
            if result == nil, !rows.isEmpty { notes.append("Not weighted: estimates are of the answers as they came.") }
            let report = Self.report(result, margins: margins, rows: rows.count, notes: notes)

            let areas = try await AreaRollup.load(scope)
            let responses = rows.indices.map { i in
                SurveyEstimateTable.Response(weight: weights[i], areas: areas.areas(ofWard: rows[i].ward_code),
                                             answers: JSONColumn.decodeStrings(rows[i].answers) ?? [:])
            }
            let estimates = SurveyEstimateTable.estimate(responses, measures: CommunityLifeSurvey.measures(items: items), minimumBase: wave.minimumBase)
            try await SurveyEstimateStore.replace(wave: waveID, council: scope.councilID, estimates: estimates, on: db)
            wave.weightingReport = report
            wave.weightedAt = now
            try await wave.update(on: db)
            try await AuditLog.write(.update, .surveyWave, recordID: waveID,
                                     summary: "weighted \(DisplayFormat.count(rows.count, "response")) and made \(DisplayFormat.count(estimates.count, "estimate"))",
                                     by: reader.user, council: scope.councilID, ipAddress: reader.ipAddress, at: now, on: db)
            return report
        }
    }

    static func report(_ result: RakingResult?, margins: [RakingMargin], rows: Int, notes: [String]) -> SurveyWeightingReport {
        var lines: [SurveyWeightingReport.Margin] = []
        if let result {
            let totals = Dictionary(grouping: result.marginReport, by: \.variable)
            for margin in margins {
                let checks = totals[margin.variable] ?? []
                let target = checks.reduce(0) { $0 + $1.target }, weighted = checks.reduce(0) { $0 + $1.weighted }
                let answered = checks.reduce(0) { $0 + $1.respondents }
                for check in checks.sorted(by: { $0.category < $1.category }) {
                    lines.append(.init(variable: margin.variable, category: check.category,
                                       populationShare: target > 0 ? check.target / target : 0,
                                       weightedShare: weighted > 0 ? check.weighted / weighted : 0,
                                       unweightedShare: answered > 0 ? Double(check.respondents) / Double(answered) : 0,
                                       respondents: check.respondents))
                }
            }
        }
        return SurveyWeightingReport(
            respondents: rows, iterations: result?.iterations ?? 0, converged: result?.converged ?? false,
            largestMarginError: result?.largestMarginError ?? 0, designEffect: result?.designEffect ?? 1,
            effectiveSampleSize: result?.effectiveSampleSize ?? Double(rows), trimmed: result?.trimmedCount ?? 0,
            variables: margins.map(\.variable), margins: lines, notes: notes)
    }
}

/// The estimates table: plain rows, replaced whole for a wave.
enum SurveyEstimateStore {
    struct Row: Codable, Sendable {
        let council_id: UUID
        let wave_id: UUID
        let measure_key: String
        let area_code: String
        let respondents: Int
        let counted: Int
        let weighted_base: Double
        let weighted_count: Double
        let proportion: Double
        let lower: Double
        let upper: Double
        let design_effect: Double
        let effective_n: Double
        let standard_error: Double
        let suppressed: Bool
        let unreliable: Bool

        var estimate: WeightedProportion {
            WeightedProportion(respondents: respondents, counted: counted, weightedBase: weighted_base, weightedCount: weighted_count,
                               proportion: proportion, designEffect: design_effect, effectiveSampleSize: effective_n,
                               standardError: standard_error, lower: lower, upper: upper,
                               coefficientOfVariation: proportion > 0 ? standard_error / proportion : nil,
                               suppressed: suppressed, unreliable: unreliable)
        }
    }

    static func replace(wave: UUID, council: UUID, estimates: [SurveyEstimateTable.Cell: WeightedProportion], on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.delete(from: "survey_estimates").where("wave_id", .equal, wave).run()
        let rows = estimates.map { cell, e in
            Row(council_id: council, wave_id: wave, measure_key: cell.measure, area_code: cell.area, respondents: e.respondents,
                counted: e.counted, weighted_base: e.weightedBase, weighted_count: e.weightedCount, proportion: e.proportion,
                lower: e.lower, upper: e.upper, design_effect: e.designEffect, effective_n: e.effectiveSampleSize,
                standard_error: e.standardError, suppressed: e.suppressed, unreliable: e.unreliable)
        }
        try await BulkInsert.rows(rows, into: "survey_estimates", on: db)
    }

    static func rows(waves: [UUID], tenant: TenantScope) async throws -> [Row] {
        guard !waves.isEmpty else { return [] }
        return try await tenant.select(from: "survey_estimates").columns("*").where("wave_id", .in, waves).all(decoding: Row.self)
    }
}
