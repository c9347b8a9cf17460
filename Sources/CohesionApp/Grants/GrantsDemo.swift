import CohesionCore
import Fluent
import Vapor

/// The demo's grants, all marked as examples: the council's micro-grants fund, a round open
/// now and one that closed in the spring.
enum GrantsDemo {
    static let fundName = "Community cohesion micro-grants 2026/27 (example)"
    static let openRoundName = "Winter round 2026 (example)"
    static let pastRoundName = "Spring round 2026 (example)"

    static let eligibility = [
        EligibilityQuestion(code: "local", question: "Is your group based in the borough, or is your project for people who live here?",
                            ineligibleAnswer: false, whyIneligible: "These grants are for projects for people who live in the borough."),
        EligibilityQuestion(code: "profit", question: "Does your group share its profits with owners or shareholders?",
                            hint: "Community interest companies and groups that use any surplus for their aims can answer no.",
                            ineligibleAnswer: true, whyIneligible: "These grants are for not-for-profit groups."),
        EligibilityQuestion(code: "bank", question: "Does your group have a bank account in its own name, with two people to sign?",
                            ineligibleAnswer: false, whyIneligible: "We can only pay a grant into a group's own bank account with two signatories."),
    ]

    static let criteria = [
        AssessmentCriterion(code: "mixing", title: "Brings together people from different backgrounds", weight: 40, maximumScore: 5),
        AssessmentCriterion(code: "need", title: "Meets a need in the area", weight: 30, maximumScore: 5),
        AssessmentCriterion(code: "value", title: "Good value for money and well planned", weight: 30, maximumScore: 5),
    ]

    static let guidance = """
        Grants of £250 to £2,500 for projects that bring people from different backgrounds together: shared meals, sports, arts, conversation clubs, celebrations and volunteering.

        We welcome applications from small groups, including groups without a charity or company number. Projects must finish within 12 months.
        """

    @Sendable static func seed(_ demo: DemoContext) async throws {
        let council = try demo.council.requireID(), day: TimeInterval = 86_400
        let fund = GrantFund(councilID: council, name: fundName, budgetPence: 8_700_000, isExample: true)
        try await fund.create(on: demo.database)
        for (name, opens, closes) in [(openRoundName, demo.now - 30 * day, demo.now + 45 * day), (pastRoundName, demo.now - 240 * day, demo.now - 180 * day)] {
            try await GrantRound(councilID: council, fundID: fund.requireID(), name: name, referencePrefix: "CMG", opensAt: opens, closesAt: closes,
                                 minimumPence: 25_000, maximumPence: 250_000, guidance: guidance, eligibility: eligibility, criteria: criteria,
                                 isExample: true).create(on: demo.database)
        }
    }

    @Sendable static func routeExamples(_ context: RouteExampleContext) async throws -> [RouteExample] {
        guard let round = try await context.tenant.query(GrantRound.self).sort(\.$closesAt, .descending).first() else { return [] }
        return [.example(Grants.Routes.round, try round.requireID()), .example(Grants.Routes.section, .project)]
    }
}
