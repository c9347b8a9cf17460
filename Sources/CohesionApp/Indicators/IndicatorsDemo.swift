import CohesionCore
import Fluent
import Vapor

/// The demo's indicators: every source's, computed from the other features' demo records, targets
/// on two survey indicators, and an EXAMPLE partner indicator with values entered for it.
enum IndicatorsDemo {
    static let partnerCode = "PTN-01"

    @Sendable static func seed(_ demo: DemoContext) async throws {
        let tenant = demo.tenant
        try await IndicatorCatalogue.recompute(features: demo.features, tenant: tenant, by: nil, ipAddress: nil, now: demo.now)
        for (key, target, green, amber) in [("survey:belonging", 65.0, 65.0, 60.0), ("survey:get_on_well", 85.0, 85.0, 80.0)] {
            guard let indicator = try await tenant.query(Indicator.self).filter(\.$sourceKey == key).first(), indicator.target == nil else { continue }
            indicator.target = target
            indicator.greenThreshold = green
            indicator.amberThreshold = amber
            try await indicator.update(on: demo.database)
        }
        guard try await tenant.query(Indicator.self).filter(\.$code == partnerCode).first() == nil else { return }
        let partner = tenant.adopt(Indicator())
        partner.code = partnerCode
        partner.title = "Hate incidents reported to the police per 1,000 residents (example)"
        partner.definition = "Hate crimes and non-crime hate incidents recorded by the police in the period, per 1,000 usual residents (Census 2021). Entered by the police partner. Example figures, not real ones."
        partner.sourceKind = .partner
        partner.unit = .perThousand
        partner.polarity = .neither
        partner.performanceAreas = ["Community safety"]
        partner.marmotObjectives = ["Tackle racism, discrimination and their outcomes"]
        partner.equalityModules = ["Understanding and working with your communities"]
        // The demo partner account's organisation supplies it, so that account can enter values.
        partner.partnerOrganisationID = try await tenant.query(User.self).filter(\.$role == .partner).sort(\.$email).first()?.organisationID
        partner.isPublic = true
        try await partner.create(on: demo.database)
        guard let district = try await tenant.query(Area.self).filter(\.$kind == .district).first() else { return }
        for (n, (label, start, end, value)) in [("2024/25", "2024-04-01", "2025-03-31", 1.9), ("2025/26", "2025-04-01", "2026-03-31", 2.1)].enumerated() {
            let row = tenant.adopt(IndicatorValue())
            row.$indicator.id = try partner.requireID()
            row.areaCode = district.code
            row.periodKey = start + "_" + end
            row.periodLabel = label
            row.periodStart = start
            row.periodEnd = end
            row.value = value
            row.flags = [.synthetic]
            row.source = "Example figure entered for the demonstration (\(n + 1) of 2)"
            row.recordedAt = demo.now
            try await row.create(on: demo.database)
        }
    }

    @Sendable static func routeExamples(_ context: RouteExampleContext) async throws -> [RouteExample] {
        guard let first = try await context.tenant.query(Indicator.self).filter(\.$sourceKind == .survey).sort(\.$code).first(),
              let code = IndicatorCode(pathComponent: first.code), let partner = IndicatorCode(pathComponent: partnerCode) else { return [] }
        return [.example(Indicators.Routes.indicator, code), .example(Indicators.Routes.valuesCSV, code), .example(Indicators.Routes.valuesJSON, code),
                .example(Indicators.Routes.apiValues, code), .example(Indicators.Routes.edit, code),
                .example(Indicators.Routes.enterValues, partner), .example(Indicators.Routes.uploadValues, partner)]
    }
}
