import CohesionCore
import Fluent
import Vapor

/// Community cohesion micro-grants: funds and rounds, applications through `GrantWorkflow`,
/// awards that hold to the budget, and 360Giving open data. Declared in one place
/// (docs/adding-a-feature.md). Built in parts (issue 10): so far the tables and the award.
enum Grants {
    static var feature: Feature {
        Feature(
            name: "Grants",
            migrations: [CreateGrants()],
            auditRecordTypes: [.grantApplication, .grantFund])
    }
}

extension AuditRecordType {
    static let grantApplication = AuditRecordType(key: "grant_application", label: "Grant application")
    static let grantFund = AuditRecordType(key: "grant_fund", label: "Grant fund")
}
