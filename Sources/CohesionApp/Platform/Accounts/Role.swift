/// What a user does in the service. Some roles are scoped to part of it (see `User`).
enum Role: String, Codable, CaseIterable, Sendable {
    /// The council's system administrator.
    case admin
    /// A member of the cohesion team.
    case officer
    /// A VCS locality lead, scoped to one locality.
    case localityLead = "locality_lead"
    /// A partner organisation's worker, scoped to that organisation.
    case partner
    /// A grant panel member.
    case panel
    /// Police or community safety: tensions and referred incidents.
    case safetyPartner = "safety_partner"
    /// Elected members and leadership: aggregates only.
    case viewer

    var label: String {
        switch self {
        case .admin: "Administrator"
        case .officer: "Cohesion officer"
        case .localityLead: "Locality lead"
        case .partner: "Partner organisation"
        case .panel: "Grant panel member"
        case .safetyPartner: "Community safety partner"
        case .viewer: "Elected member or leader (reports only)"
        }
    }

    /// Which scope the role needs: a locality lead works in one locality, a partner for one organisation.
    var scope: RoleScope {
        switch self {
        case .localityLead: .locality
        case .partner: .organisation
        default: .none
        }
    }
}

enum RoleScope: Sendable { case none, locality, organisation }
