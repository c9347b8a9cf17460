import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Turns the features' indicator sources into indicators and keeps their values up to date.
/// A source with no indicator yet gets one (survey measures coded COH-01…, other figures
/// OPS-01…); its values are then replaced period by period, so an operational figure worked out
/// last year stays as last year's value while this year's is refreshed.
enum IndicatorCatalogue {
    struct Outcome: Sendable {
        var added = 0
        var values = 0
    }

    static func sources(_ features: [Feature], tenant: TenantScope) async throws -> [IndicatorSource] {
        var all: [IndicatorSource] = []
        for feature in features {
            if let provide = feature.indicatorSources { all += try await provide(tenant) }
        }
        return all
    }

    /// One recompute at a time per council in this process: two at once would each delete and
    /// re-insert the same rows, and the second would meet the first's on the unique key.
    static let perCouncil = OneAtATime()

    /// Adds missing indicators and recomputes every computed one, in one transaction.
    @discardableResult
    static func recompute(features: [Feature], tenant: TenantScope, by user: User?, ipAddress: String?, now: Date) async throws -> Outcome {
        try await perCouncil.run(tenant.councilID) {
            do {
                return try await recomputeOnce(features: features, tenant: tenant, by: user, ipAddress: ipAddress, now: now)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another process recomputed at the same moment: its rows are there now, so
                // once more replaces them cleanly.
                return try await recomputeOnce(features: features, tenant: tenant, by: user, ipAddress: ipAddress, now: now)
            }
        }
    }

    private static func recomputeOnce(features: [Feature], tenant: TenantScope, by user: User?, ipAddress: String?, now: Date) async throws -> Outcome {
        try await tenant.database.transaction { db in
            let scope = tenant.on(db)
            let sources = try await sources(features, tenant: scope)
            var outcome = Outcome()
            var indicators = try await scope.query(Indicator.self).all()
            for source in sources where !indicators.contains(where: { $0.sourceKey == source.key }) {
                let indicator = scope.adopt(Indicator())
                indicator.code = nextCode(prefix: source.key.hasPrefix("survey:") ? "COH" : "OPS", taken: indicators.map(\.code))
                indicator.title = source.title
                indicator.definition = source.definition
                indicator.sourceKind = source.key.hasPrefix("survey:") ? .survey : .operational
                indicator.sourceKey = source.key
                indicator.unit = source.unit
                indicator.polarity = source.polarity
                indicator.performanceAreas = source.performanceAreas
                indicator.marmotObjectives = source.marmotObjectives
                indicator.equalityModules = source.equalityModules
                indicator.isPublic = true
                try await indicator.create(on: db)
                indicators.append(indicator)
                outcome.added += 1
            }
            let byKey = Dictionary(sources.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            for indicator in indicators {
                guard let key = indicator.sourceKey, let source = byKey[key] else { continue }
                let values = try await source.values(scope, now)
                outcome.values += try await replace(indicator, with: values, wholly: indicator.sourceKind == .survey, now: now, on: db)
                indicator.computedAt = now
                try await indicator.update(on: db)
            }
            try await AuditLog.write(.update, .indicator, recordID: nil,
                                     summary: "computed values recomputed: \(DisplayFormat.count(outcome.values, "value"))\(outcome.added > 0 ? ", \(DisplayFormat.count(outcome.added, "indicator")) added" : "")",
                                     by: user, council: scope.councilID, ipAddress: ipAddress, at: now, on: db)
            return outcome
        }
    }

    /// COH-01, COH-02…: the first number not taken.
    static func nextCode(prefix: String, taken: [String]) -> String {
        let used = Set(taken)
        var n = 1
        while used.contains("\(prefix)-\(n < 10 ? "0" : "")\(n)") { n += 1 }
        return "\(prefix)-\(n < 10 ? "0" : "")\(n)"
    }

    struct Row: Encodable {
        let id: UUID
        let council_id: UUID
        let indicator_id: UUID
        let area_code: String
        let period_key: String
        let period_label: String
        let period_start: String
        let period_end: String
        let value: Double?
        let lower: Double?
        let upper: Double?
        let respondents: Int?
        let base: Double?
        let standard_error: Double?
        let effective_n: Double?
        let weight_total: Double?
        let flags: String
        let source: String
        let entered_by: UUID?
        let recorded_at: Date
    }

    /// Writes values as rows of the indicator, in bulk: computed ones (`enteredBy` nil) and a
    /// partner's alike.
    static func insert(_ values: [IndicatorSourceValue], for indicator: Indicator, enteredBy: UUID?, now: Date, on db: Database) async throws {
        let id = try indicator.requireID()
        let rows = values.map { v in
            Row(id: UUID(), council_id: indicator.councilID, indicator_id: id, area_code: v.areaCode, period_key: v.periodKey,
                period_label: v.periodLabel, period_start: v.periodStart, period_end: v.periodEnd, value: v.value, lower: v.lower,
                upper: v.upper, respondents: v.respondents, base: v.base, standard_error: v.standardError, effective_n: v.effectiveSampleSize,
                weight_total: v.weightTotal, flags: v.flags.map(\.rawValue).joined(separator: ","), source: v.source, entered_by: enteredBy,
                recorded_at: now)
        }
        try await BulkInsert.rows(rows, into: IndicatorValue.schema, on: db)
    }

    /// Replaces the indicator's values for the periods given (or all of them), in bulk.
    static func replace(_ indicator: Indicator, with values: [IndicatorSourceValue], wholly: Bool, now: Date, on db: Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let id = try indicator.requireID()
        var delete = sql.delete(from: IndicatorValue.schema).where("indicator_id", .equal, id)
        if !wholly {
            let periods = Array(Set(values.map(\.periodKey)))
            guard !periods.isEmpty else { return 0 }
            delete = delete.where("period_key", .in, periods)
        }
        try await delete.run()
        try await insert(values, for: indicator, enteredBy: nil, now: now, on: db)
        return values.count
    }
}

/// `cohesion indicators recompute [--district CODE]`: safe to rerun, and what a schedule runs
/// after the survey is weighted or each night.
struct IndicatorCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["recompute": IndicatorRecomputeCommand()] }
    var help: String { "Recomputes the indicators worked out from Cohesion's own data" }
}

struct IndicatorRecomputeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "district", help: "ONS district code of the council, when the database serves several")
        var district: String?
    }

    var help: String { "Adds missing indicators and recomputes the values of survey and operational ones" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let council = try await SetCouncilContactCommand.council(app: app, district: signature.district)
        let outcome = try await IndicatorCatalogue.recompute(features: app.features, tenant: TenantScope(council: council, database: app.db),
                                                            by: nil, ipAddress: nil, now: app.services.clock.now())
        context.console.output("\(council.name): \(DisplayFormat.count(outcome.values, "value")) recomputed, \(DisplayFormat.count(outcome.added, "indicator")) added.", style: .plain)
    }
}
