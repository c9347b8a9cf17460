import CohesionCore
import Foundation

/// Stable ids for what Open Referral needs but the register doesn't store as rows: the council's
/// taxonomy, a term for each ABCD category (the parents of the council's finer terms), and each
/// asset's place and its link to that place. Version 5 UUIDs from `OpenReferral.derivedID`,
/// hanging off the council's or the asset's id, so they are the same on every request and every
/// server, and anyone can recompute them.
enum OpenReferralIDs {
    static func taxonomy(council: UUID) -> UUID { derived(council, "taxonomy") }
    static func categoryTerm(council: UUID, category: AssetCategory) -> UUID { derived(council, "taxonomy/category/" + category.rawValue) }
    static func serviceAtLocation(asset: UUID) -> UUID { derived(asset, "service_at_location") }
    static func location(asset: UUID) -> UUID { derived(asset, "location") }

    static func derived(_ parent: UUID, _ name: String) -> UUID { OpenReferral.derivedUUID(parent, name) }

    /// Ids as the feed writes them: lower case, as RFC 9562 recommends and the standard's
    /// examples show.
    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }
}
