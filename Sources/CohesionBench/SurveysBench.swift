@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// `cohesion-bench surveys [--waves N] [--responses N]`: recomputing every estimate of a
/// council's survey. The demo council (with the census tables from `Resources/Seed`, so the
/// weighting has its margins) gets N waves of synthetic answers (8 × 12,500 = 100,000 by
/// default; made as `SurveysDemo` makes them, ethnic groups sealed with the app's field cipher,
/// inserted in bulk with SQL), then `SurveyWeighting.run`, the code `cohesion survey estimate`
/// and the wave page's "Weight" button call, is timed for every wave in turn: weighting to the
/// census and every measure × area estimate written, on the configured database (SQLite by
/// default, PostgreSQL with `DATABASE_URL`). Three rounds; prints the median and the fastest.
///
/// Then the same work is done again step by step, outside the real code's transaction, timing
/// each step over all the waves: where the time goes. The steps add up to about the whole
/// (the real run also writes two audit entries and updates the wave per wave).
enum SurveysBench {
    static func run(waves waveCount: Int, perWave: Int) async throws {
        let app = try await BenchApp.make(arguments: ["cohesion-bench"])
        do {
            try await measure(app: app, waveCount: waveCount, perWave: perWave)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func measure(app: Application, waveCount: Int, perWave: Int) async throws {
        guard let council = try await Council.query(on: app.db).first() else { throw Abort(.internalServerError, reason: "no demo council") }
        let tenant = TenantScope(council: council, database: app.db)
        let items = CommunityLifeSurvey.items
        let wards = try await AreasQueries.summaries(tenant, kinds: [.ward]).map(\.code).sorted()
        let areas = try await AreaRollup.load(tenant)
        let database = Environment.get("DATABASE_URL").map { _ in "PostgreSQL" } ?? "SQLite"
        let now = Date()

        // The answers.
        let made = ContinuousClock.now
        var waves: [SurveyWave] = []
        for w in 0..<waveCount {
            let spec = SurveysDemo.WaveSpec(title: "Bench wave \(w + 1)", starts: "20\(30 + w)-03-01", ends: "20\(30 + w)-05-31",
                                            status: .closed, shifts: ["belonging": 0.01 * Double(w)], seed: 9_000 + UInt64(w))
            let wave = tenant.adopt(SurveyWave())
            wave.title = spec.title
            wave.startsOn = spec.starts
            wave.endsOn = spec.ends
            wave.itemKeys = items.map(\.key)
            wave.weighting = SurveyWeightingVariable.allCases
            wave.minimumBase = 30
            wave.status = spec.status
            wave.introduction = "Benchmark (synthetic answers)."
            wave.isSynthetic = true
            try await wave.create(on: app.db)
            let waveID = try wave.requireID()
            var random = SurveysDemo.SplitMix(seed: spec.seed)
            let rows = (0..<perWave).map { n in
                SurveysDemo.response(n, wave: waveID, spec: spec, items: items, wards: wards, council: tenant.councilID,
                                     received: now.addingTimeInterval(-Double(perWave - n)), cipher: app.fieldCipher, random: &random)
            }
            try await app.db.transaction { db in try await BulkInsert.rows(rows, into: SurveyResponse.schema, on: db) }
            waves.append(wave)
        }
        let total = waveCount * perWave
        print("\(database): \(waveCount) waves × \(perWave) responses = \(total) responses, \(wards.count) wards, "
              + "\(areas.localities.count) localities, \(areas.district == nil ? 0 : 1) district; made and inserted in "
              + String(format: "%.1f s", seconds(ContinuousClock.now - made)))

        // The whole: SurveyWeighting.run for every wave, three rounds.
        let reader = SpecialCategoryRead.Reader(user: nil, council: tenant.councilID, ipAddress: nil, at: now)
        var rounds: [Double] = []
        var estimatesWritten = 0
        for _ in 1...3 {
            let start = ContinuousClock.now
            for wave in waves {
                let report = try await SurveyWeighting.run(wave: wave, items: items, tenant: tenant, cipher: app.fieldCipher,
                                                           reader: reader, now: now)
                guard report.converged else { throw Abort(.internalServerError, reason: "\(wave.title) did not converge") }
            }
            rounds.append(seconds(ContinuousClock.now - start))
        }
        if let sql = app.db as? any SQLDatabase {
            struct Count: Decodable { let n: Int }
            estimatesWritten = try await sql.raw("SELECT COUNT(*) AS n FROM survey_estimates WHERE wave_id IN (\(binds: waves.map { $0.id! }))")
                .first(decoding: Count.self)?.n ?? 0
        }
        let median = rounds.sorted()[1]
        print(String(format: "| %@ | %d × %d | %.2f s | %.2f s | %d |", database, waveCount, perWave, median, rounds.min()!, estimatesWritten))

        // Step by step.
        var steps: [(String, Double)] = [
            ("read the rows (one SELECT a wave, decoded into structs)", 0), ("census margins (census tables read)", 0),
            ("open the sealed ethnic groups (AES-GCM)", 0), ("raking", 0),
            ("decode each response's answers (JSON)", 0), ("estimates (every measure × area)", 0),
            ("write the estimates (delete + insert)", 0),
        ]
        var iterations: [Int] = []
        let measures = CommunityLifeSurvey.measures(items: items)
        for wave in waves {
            let waveID = try wave.requireID()
            var t = ContinuousClock.now
            func lap(_ step: Int) {
                let n = ContinuousClock.now
                steps[step].1 += seconds(n - t)
                t = n
            }
            let rows = try await tenant.select(from: SurveyResponse.schema)
                .columns("ward_code", "answers", "age_band", "sex", "ethnic_group")
                .where("wave_id", .equal, waveID).orderBy("received_at").orderBy("id")
                .all(decoding: SurveyWeighting.ResponseRow.self)
            lap(0)
            let margins = try await SurveyWeighting.margins(wave.weighting, tenant: tenant).margins
            lap(1)
            let column = SurveyResponse.ethnicGroupColumn.context
            let ethnic = try rows.map { row in try row.ethnic_group.map { try app.fieldCipher.open($0, column: column) }.flatMap(SurveyAboutYou.censusBroadGroup) }
            lap(2)
            let values = rows.indices.map { i in
                margins.map { m -> String? in
                    let value: String? = switch SurveyWeightingVariable(rawValue: m.variable) {
                    case .ageSex: SurveyAboutYou.ageSexCategory(ageBand: rows[i].age_band, sex: rows[i].sex)
                    case .ethnicGroup: ethnic[i]
                    case .ward: rows[i].ward_code
                    case nil: nil
                    }
                    return value.flatMap { m.targets[$0] != nil ? $0 : nil }
                }
            }
            let result = try Raking.rake(values: values, margins: margins)
            iterations.append(result.iterations)
            lap(3)
            let answers = rows.map { JSONColumn.decode($0.answers, as: [String: String].self) ?? [:] }
            lap(4)
            let responses = rows.indices.map { i in
                SurveyEstimateTable.Response(weight: result.weights[i], areas: areas.areas(ofWard: rows[i].ward_code), answers: answers[i])
            }
            let estimates = SurveyEstimateTable.estimate(responses, measures: measures, minimumBase: wave.minimumBase)
            lap(5)
            try await app.db.transaction { db in
                try await SurveyEstimateStore.replace(wave: waveID, council: tenant.councilID, estimates: estimates, on: db)
            }
            lap(6)
        }
        let sum = steps.reduce(0) { $0 + $1.1 }
        print("")
        print("| step (\(database), all \(waveCount) waves) | seconds | share |")
        print("|---|---:|---:|")
        for (name, time) in steps {
            print(String(format: "| %@ | %.3f | %.0f%% |", name, time, 100 * time / sum))
        }
        print(String(format: "| **sum of the steps** | **%.3f** | |", sum))
        print("")
        print("Raking iterations per wave: \(iterations.map(String.init).joined(separator: ", ")); "
              + "\(measures.count) measures; rounds of the whole: \(rounds.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s")
    }
}
