import CohesionCore
import Foundation

/// Who may do what to one asset, asked after it is loaded: the record-level rules beyond the
/// route's permission. Officers and administrators: everything in their council. A locality lead:
/// the assets in their locality. A partner: the assets their own organisation runs. Individuals
/// (people's skills) are personal data: only officers, administrators and the lead of the
/// person's locality see them, and never the public.
enum AssetPolicy {
    static func mayView(_ user: User, _ asset: Asset) -> Bool {
        guard asset.category == .individuals else { return true }
        return maySeeIndividuals(user, inLocality: asset.$locality.id)
    }

    static func maySeeIndividuals(_ user: User, inLocality localityID: UUID?) -> Bool {
        switch user.role {
        case .admin, .officer: true
        case .localityLead: localityID != nil && localityID == user.localityID
        default: false
        }
    }

    /// Whether the register may list individuals for `user` at all (leads: their locality's).
    static func seesAnyIndividuals(_ user: User) -> Bool {
        [.admin, .officer, .localityLead].contains(user.role)
    }

    static func mayEdit(_ user: User, _ asset: Asset) -> Bool {
        switch user.role {
        case .admin, .officer: true
        case .localityLead: asset.$locality.id != nil && asset.$locality.id == user.localityID
        case .partner: asset.category != .individuals && asset.$organisation.id != nil && asset.$organisation.id == user.organisationID
        default: false
        }
    }

    /// Whether `user` may save an asset with this locality, organisation and category: a lead
    /// keeps assets in their locality, a partner keeps them with their organisation.
    static func mayPlace(_ user: User, locality: UUID?, organisation: UUID?, category: AssetCategory) -> Bool {
        switch user.role {
        case .admin, .officer: true
        case .localityLead: locality != nil && locality == user.localityID
        case .partner: category != .individuals && organisation != nil && organisation == user.organisationID
        default: false
        }
    }

    /// The categories `user` may record: individuals need someone who may see them.
    static func categories(for user: User) -> [AssetCategory] {
        AssetCategory.allCases.filter { $0 != .individuals || seesAnyIndividuals(user) }
    }

    /// Whether `user` may decide a suggestion: a correction to an asset they may edit, or (for
    /// officers) a new asset.
    static func mayDecide(_ user: User, suggestionFor asset: Asset?) -> Bool {
        guard let asset else { return [.admin, .officer].contains(user.role) }
        return [.admin, .officer, .localityLead].contains(user.role) && mayEdit(user, asset)
    }
}
