import Foundation

/// Who may do what to one organisation, asked after it is loaded: the record-level and
/// field-level rules beyond the route's permission.
enum OrganisationPolicy {
    /// Partners create nothing new here: their organisation already exists. A locality lead adds
    /// organisations in their own locality only.
    static func mayCreate(_ user: User, inLocality localityID: UUID?) -> Bool {
        switch user.role {
        case .admin, .officer: true
        case .localityLead: localityID != nil && localityID == user.localityID
        default: false
        }
    }

    /// A locality lead edits organisations in their locality; a partner only their own.
    static func mayEdit(_ user: User, _ organisation: Organisation) -> Bool {
        switch user.role {
        case .admin, .officer: true
        case .localityLead: organisation.$locality.id != nil && organisation.$locality.id == user.localityID
        case .partner: organisation.id != nil && organisation.id == user.organisationID
        default: false
        }
    }

    /// Whether `user` may give an organisation a new locality (a lead may not move it out of theirs).
    static func mayAssign(_ user: User, locality localityID: UUID?) -> Bool {
        switch user.role {
        case .localityLead: localityID != nil && localityID == user.localityID
        default: true
        }
    }

    /// The fields `user` may change. A partner keeps their own organisation's contact details up
    /// to date; what the organisation is (name, type, registration numbers), whether it is in
    /// the partnership, its locality and the team's notes stay with the cohesion team.
    static func editableFields(for user: User) -> Set<OrganisationForm.Field> {
        switch user.role {
        case .partner: OrganisationForm.Field.contactDetails
        default: Set(OrganisationForm.Field.allCases)
        }
    }
}
