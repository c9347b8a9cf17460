import CohesionCore
import Fluent
import Vapor

/// A council's district, localities and wards, and the areas a ward's figures add up into:
/// what survey estimates and indicator values are made for.
struct AreaRollup: Sendable {
    let district: AreasQueries.AreaSummary?
    let localities: [AreasQueries.AreaSummary]
    let wards: [AreasQueries.AreaSummary]
    /// Ward code → the codes a response from it counts in (ward, locality, district).
    let countsIn: [String: [String]]
    let names: [String: String]

    static func load(_ tenant: TenantScope) async throws -> AreaRollup {
        let all = try await AreasQueries.summaries(tenant, kinds: [.district, .locality, .ward])
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        let district = all.first { $0.kind == AreaKind.district.rawValue }
        var countsIn: [String: [String]] = [:]
        for ward in all where ward.kind == AreaKind.ward.rawValue {
            var codes = [ward.code]
            if let parent = ward.parent_id.flatMap({ byID[$0] }), parent.kind == AreaKind.locality.rawValue { codes.append(parent.code) }
            if let district { codes.append(district.code) }
            countsIn[ward.code] = codes
        }
        return AreaRollup(district: district, localities: all.filter { $0.kind == AreaKind.locality.rawValue },
                           wards: all.filter { $0.kind == AreaKind.ward.rawValue }, countsIn: countsIn,
                           names: Dictionary(all.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Figures by ward added up into their localities and the district.
    func rolledUp(_ byWard: [String: Double]) -> [String: Double] {
        var totals: [String: Double] = [:]
        for (ward, value) in byWard {
            for code in countsIn[ward] ?? [ward] { totals[code, default: 0] += value }
        }
        return totals
    }

    /// A record with no ward still counts in the district.
    func areas(ofWard code: String?) -> [String] {
        code.flatMap { countsIn[$0] } ?? (district.map { [$0.code] } ?? [])
    }
}

