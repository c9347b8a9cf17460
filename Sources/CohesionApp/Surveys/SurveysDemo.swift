import CohesionCore
import Fluent
import SQLKit
import Vapor

/// The demo's two survey waves: SYNTHETIC answers, made up here and marked so on every page,
/// with the structure real ones have. Answers come more from older people, women and White
/// residents than the census says (as postal and online surveys do), so weighting matters; they
/// differ by ward; and between the waves belonging rises by eight points (a change the test
/// calls significant) while getting on well moves by one (a change it doesn't).
enum SurveysDemo {
    struct WaveSpec {
        let title: String
        let starts: String
        let ends: String
        let status: SurveyWave.Status
        /// Added to every measure's chance of a counted answer, by measure key.
        let shifts: [String: Double]
        let seed: UInt64
    }

    static let waves = [
        WaveSpec(title: "Residents' survey 2025 (synthetic)", starts: "2025-03-01", ends: "2025-05-31", status: .closed, shifts: [:], seed: 2025),
        WaveSpec(title: "Residents' survey 2026 (synthetic)", starts: "2026-03-01", ends: "2026-05-31", status: .open,
                 shifts: ["belonging": 0.08, "get_on_well": 0.01, "influence": 0.02], seed: 2026),
    ]

    /// The chance of a counted answer to each standard measure, before the ward's and the
    /// person's differences: near the Community Life Survey's England figures.
    static let baseRates: [String: Double] = [
        "get_on_well": 0.80, "belonging": 0.58, "trust": 0.40, "influence": 0.25, "satisfaction": 0.76,
        "chat_neighbours": 0.68, "volunteer_month": 0.16, "volunteer_year": 0.27, "civic_participation": 0.35, "lonely_direct": 0.07,
    ]

    @Sendable static func seed(_ demo: DemoContext) async throws {
        let tenant = demo.tenant
        guard try await tenant.query(SurveyWave.self).filter(\.$title == waves[0].title).first() == nil else { return }
        let items = CommunityLifeSurvey.items
        let wards = try await AreasQueries.summaries(tenant, kinds: [.ward]).map(\.code).sorted()
        let answersPerWave = demo.seedFiles ? 1_500 : 150
        for spec in waves {
            let wave = tenant.adopt(SurveyWave())
            wave.title = spec.title
            wave.startsOn = spec.starts
            wave.endsOn = spec.ends
            wave.itemKeys = items.map(\.key)
            wave.weighting = SurveyWeightingVariable.allCases
            wave.minimumBase = 30
            wave.status = spec.status
            wave.introduction = "Example: Walsall Council asks how people get on in their area. (These answers are synthetic.)"
            wave.isSynthetic = true
            try await wave.create(on: demo.database)
            var random = SplitMix(seed: spec.seed)
            let rows = (0..<answersPerWave).map { n in
                response(n, wave: try! wave.requireID(), spec: spec, items: items, wards: wards, council: tenant.councilID,
                         received: demo.now.addingTimeInterval(-Double(answersPerWave - n) * 600), cipher: demo.cipher, random: &random)
            }
            try await BulkInsert.rows(rows, into: SurveyResponse.schema, on: demo.database)
            try await SurveyWeighting.run(wave: wave, items: items, tenant: tenant, cipher: demo.cipher,
                                          reader: .init(user: nil, council: tenant.councilID, ipAddress: nil, at: demo.now), now: demo.now)
        }
    }

    static func response(_ n: Int, wave: UUID, spec: WaveSpec, items: [SurveyItem], wards: [String], council: UUID, received: Date,
                         cipher: FieldCipher, random: inout SplitMix) -> SurveyImportController.ResponseInsert {
        // Who answers: more women, more older people, fewer people from ethnic minorities.
        let ward = wards.isEmpty ? nil : wards[Int(random.next() * Double(wards.count))]
        let wardIndex = ward.flatMap { wards.firstIndex(of: $0) } ?? 0
        let ages = AgeBand.allCases
        let ageWeights = [0.07, 0.11, 0.22, 0.26, 0.19, 0.15]
        let age = random.next() < 0.04 ? nil : ages[pick(ageWeights, &random)]
        let sex: Sex? = random.next() < 0.03 ? nil : (random.next() < 0.57 ? .female : .male)
        // Wards later in code order have more Asian residents in this made-up picture.
        let minorityShare = 0.08 + 0.25 * Double(wardIndex) / Double(max(wards.count - 1, 1))
        let ethnic: EthnicGroup? = random.next() < 0.07 ? nil : ethnicGroup(minorityShare: minorityShare * 0.7, &random)
        // A person's general outlook, and the ward's, move all their answers together.
        let outlook = (random.next() - 0.5) * 0.2 + (Double(wardIndex % 5) - 2) * 0.03 + (age == .from65To74 || age == .from75 ? 0.04 : 0)
        var answers: [String: String] = [:]
        for item in items where random.next() > 0.02 {
            let rate = (baseRates[item.key] ?? 0.5) + (spec.shifts[item.key] ?? 0) + (item.key == "lonely_direct" ? -outlook * 0.3 : outlook)
            answers[item.key] = answer(to: item, chance: min(max(rate, 0.01), 0.99), &random)
        }
        return .init(id: UUID(), council_id: council, wave_id: wave, source: SurveyResponse.Source.questionnaire.rawValue,
                     source_id: nil, submission_key: "demo-\(spec.seed)-\(n)", received_at: received, ward_code: ward,
                     answers: JSONColumn.encode(answers), age_band: age?.rawValue, sex: sex?.rawValue,
                     ethnic_group: ethnic.map { cipher.seal($0.rawValue, column: SurveyResponse.ethnicGroupColumn.context) })
    }

    /// A counted answer with the given chance; otherwise, now and then, one left out of the base
    /// ("don't know"), else one that doesn't count.
    static func answer(to item: SurveyItem, chance: Double, _ random: inout SplitMix) -> String {
        let counted = item.options.filter { item.counted.contains($0.key) }
        let excluded = item.options.filter { item.excluded.contains($0.key) }
        let others = item.options.filter { !item.counted.contains($0.key) && !item.excluded.contains($0.key) }
        let roll = random.next()
        if !excluded.isEmpty, roll < 0.04 { return excluded[Int(random.next() * Double(excluded.count))].key }
        if roll < chance || others.isEmpty { return counted[Int(random.next() * Double(counted.count))].key }
        return others[Int(random.next() * Double(others.count))].key
    }

    static func ethnicGroup(minorityShare: Double, _ random: inout SplitMix) -> EthnicGroup {
        guard random.next() < minorityShare else { return random.next() < 0.93 ? .whiteBritish : .otherWhite }
        let minority: [EthnicGroup] = [.indian, .pakistani, .bangladeshi, .otherAsian, .african, .caribbean, .whiteAndBlackCaribbean, .otherMixed, .arab, .anyOther]
        let weights = [0.30, 0.22, 0.08, 0.06, 0.07, 0.07, 0.08, 0.04, 0.03, 0.05]
        return minority[pick(weights, &random)]
    }

    static func pick(_ weights: [Double], _ random: inout SplitMix) -> Int {
        var roll = random.next() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            roll -= weight
            if roll < 0 { return index }
        }
        return weights.count - 1
    }

    /// SplitMix64: a small seeded generator, so the demo's answers are the same every time
    /// (Swift's own generator can't be seeded).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }

        /// A number in [0, 1).
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
    }

    @Sendable static func routeExamples(_ context: RouteExampleContext) async throws -> [RouteExample] {
        guard let open = try await context.tenant.query(SurveyWave.self).filter(\.$status == .open).first() else { return [] }
        let id = try open.requireID()
        var examples: [RouteExample] = [
            .example(Surveys.Routes.questionnaire, id), .example(Surveys.Routes.thanks, id), .example(Surveys.Routes.wave, id),
            .example(Surveys.Routes.editWave, id), .example(Surveys.Routes.weightWave, id), .example(Surveys.Routes.importWave, id),
        ]
        // An upload waiting for its columns: made for the walk if there is none.
        var upload = try await context.tenant.query(SurveyImportUpload.self).first()
        if upload == nil {
            let row = context.tenant.adopt(SurveyImportUpload())
            row.$wave.id = id
            row.fileName = "example-answers.csv"
            row.csv = "id,ward,belonging\n1,E05001320,Very strongly\n"
            row.createdAt = Date()
            try await row.create(on: context.database)
            upload = row
        }
        examples.append(.example(Surveys.Routes.importColumns, try upload!.requireID()))
        return examples
    }
}
