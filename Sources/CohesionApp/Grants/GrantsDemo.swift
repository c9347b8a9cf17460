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
        // Safe to rerun: the examples are made once.
        guard try await demo.tenant.query(GrantFund.self).filter(\.$name == fundName).first() == nil else { return }
        let fund = GrantFund(councilID: council, name: fundName, budgetPence: 8_700_000, isExample: true)
        try await fund.create(on: demo.database)
        var rounds: [GrantRound] = []
        for (name, opens, closes) in [(openRoundName, demo.now - 30 * day, demo.now + 45 * day), (pastRoundName, demo.now - 240 * day, demo.now - 180 * day)] {
            let round = GrantRound(councilID: council, fundID: try fund.requireID(), name: name, referencePrefix: "CMG", opensAt: opens, closesAt: closes,
                                   minimumPence: 25_000, maximumPence: 250_000, guidance: guidance, eligibility: eligibility, criteria: criteria,
                                   isExample: true)
            try await round.create(on: demo.database)
            rounds.append(round)
        }
        let (open, past) = (rounds[0], rounds[1])
        let panel = try await demo.tenant.query(User.self).filter(\.$role == .panel).first()
        var committed = 0
        for example in examples {
            let round = example.past ? past : open
            var answers = Self.answers(example)
            answers.saved = GrantApplicationSection.allCases
            let application = GrantApplication(councilID: council, roundID: try round.requireID(), projectTitle: answers.projectTitle,
                                               requestedPence: example.requested, state: example.state, answers: answers, isExample: true)
            if example.state != .draft {
                let sentAt = example.past ? past.opensAt + 20 * day : demo.now - 5 * day
                application.reference = try await GrantReferences.next(prefix: "CMG", year: CalendarDate.inLondon(sentAt).year, council: council, on: demo.database)
                application.submittedAt = sentAt
            }
            if example.state.holdsAward {
                application.awardedPence = example.awarded
                application.decidedAt = past.closesAt + 30 * day
                committed += example.awarded ?? 0
            }
            if example.state == .declined { application.decidedAt = past.closesAt + 30 * day }
            try await application.create(on: demo.database)
            if example.state == .inMonitoring || example.state == .closed, let awarded = example.awarded {
                let id = try application.requireID(), decided = CalendarDate.inLondon(past.closesAt + 30 * day)
                let payment = GrantPayment(councilID: council, applicationID: id, amountPence: awarded, dueOn: decided.adding(days: 14))
                payment.paidAt = past.closesAt + 45 * day
                try await payment.create(on: demo.database)
                let report = GrantMonitoringReport(councilID: council, applicationID: id, dueOn: CalendarDate.inLondon(demo.now).adding(days: example.state == .closed ? -30 : 10))
                if example.state == .closed {
                    report.whatHappened = "Twelve matches over the summer and a final with a barbecue. Parents from both estates ran the food stall together."
                    report.peopleReached = [example.locality: 64]
                    report.whatChanged = "Two of the teams now train together every week."
                    report.submittedAt = demo.now - 35 * day
                    report.signedOffAt = demo.now - 32 * day
                }
                try await report.create(on: demo.database)
                if example.state == .closed {
                    try await GrantReportPhoto(councilID: council, reportID: try report.requireID(), contentType: "image/png", bytes: examplePhoto)
                        .create(on: demo.database)
                }
            }
            if example.state == .inReview, let panel {
                try await GrantReview(councilID: council, applicationID: try application.requireID(), reviewerID: try panel.requireID()).create(on: demo.database)
            }
            for (action, from, to) in Self.history(to: example.state) {
                let input = GrantTransitionInput(reason: action == .decline ? "Other applications brought more people together for the money left." : "",
                                                 amountPence: action == .award ? example.awarded : nil)
                try await GrantApplicationEvent(councilID: council, applicationID: try application.requireID(), action: action, from: from, to: to,
                                                actor: action == .submit ? .applicant : .officer, userID: nil, input: input).create(on: demo.database)
            }
        }
        fund.committedPence = committed
        try await fund.update(on: demo.database)
    }

    /// A tiny green square standing in for the football group's photo of its final.
    static let examplePhoto = Data([
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41,
        0x54, 0x08, 0xD7, 0x63, 0x60, 0xF8, 0xCF, 0x00, 0x00, 0x02, 0x04, 0x01, 0x00, 0x5B, 0x8F, 0x2F, 0x76, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ])

    struct Example {
        let group: String, type: String, charity: String, title: String, summary: String, locality: String
        let requested: Int, awarded: Int?, state: GrantApplicationState, past: Bool
        var themes: [String] = ["mixing"]
    }

    /// Two rounds' worth: the spring round decided (awards being reported on, one closed, one not
    /// funded); the winter round with a draft, one just sent and one with the panel's reviewer.
    static let examples: [Example] = [
        Example(group: "Caldmore Community Kitchen (example)", type: "vcs_group", charity: "", title: "Cook and share",
                summary: "Monthly cooking sessions where neighbours teach each other recipes from home and eat together.",
                locality: "south", requested: 150_000, awarded: 150_000, state: .inMonitoring, past: true, themes: ["mixing", "food"]),
        Example(group: "Bloxwich Youth Football (example)", type: "charity", charity: "1123456", title: "Kick-off together",
                summary: "A summer football league mixing young people from different schools and estates.",
                locality: "north", requested: 120_000, awarded: 80_000, state: .closed, past: true, themes: ["sport", "young"]),
        Example(group: "Darlaston Stitchers (example)", type: "vcs_group", charity: "", title: "Quilt of many threads",
                summary: "A community quilt made by women from different backgrounds over ten weeks.",
                locality: "west", requested: 60_000, awarded: nil, state: .declined, past: true, themes: ["arts", "women"]),
        Example(group: "Willenhall Walkers (example)", type: "vcs_group", charity: "", title: "Heritage walks",
                summary: "Guided walks sharing the stories of the people who built the town, old and new.",
                locality: "west", requested: 45_000, awarded: nil, state: .draft, past: false, themes: ["arts", "older"]),
        Example(group: "Palfrey Faith Forum (example)", type: "faith_group", charity: "", title: "Open doors",
                summary: "Visits between the area's churches, mosques and gurdwara, with tea and conversation.",
                locality: "south", requested: 90_000, awarded: nil, state: .submitted, past: false, themes: ["dialogue"]),
        Example(group: "Aldridge Men's Shed (example)", type: "cic", charity: "", title: "Make and mend",
                summary: "A weekly repair café where older and younger residents fix things together.",
                locality: "east", requested: 200_000, awarded: nil, state: .inReview, past: false, themes: ["skills", "older"]),
    ]

    static func answers(_ example: Example) -> GrantApplicationAnswers {
        var a = GrantApplicationAnswers()
        a.eligibility = ["local": true, "profit": false, "bank": true]
        a.organisationName = example.group
        a.organisationType = example.type
        a.charityNumber = example.charity
        a.constituted = true
        a.address = "Community Centre, Walsall"
        a.postcode = "WS1 1TP"
        a.contactName = "Sam Example"
        a.contactEmail = "grants.example@example.org"
        a.projectTitle = example.title
        a.summary = example.summary
        a.activities = example.summary
        a.themes = example.themes
        a.localityCodes = [example.locality]
        a.beneficiaries = 40
        a.startDate = CalendarDate(iso: "2026-04-01")
        a.endDate = CalendarDate(iso: "2027-03-31")
        a.requestedPence = example.requested
        a.budget = [BudgetLine(item: "Venue hire", pence: example.requested / 2), BudgetLine(item: "Materials and food", pence: example.requested - example.requested / 2)]
        a.declared = GrantApplicationAnswers.declarations.map(\.code)
        return a
    }

    /// The moves that lead to a state, for the example's history.
    static func history(to state: GrantApplicationState) -> [(GrantAction, GrantApplicationState, GrantApplicationState)] {
        let path: [(GrantAction, GrantApplicationState, GrantApplicationState)] = [
            (.submit, .draft, .submitted), (.confirmEligible, .submitted, .eligibilityChecked), (.startReview, .eligibilityChecked, .inReview),
            (.sendToPanel, .inReview, .atPanel),
        ]
        switch state {
        case .draft: return []
        case .submitted: return Array(path.prefix(1))
        case .inReview: return Array(path.prefix(3))
        case .declined: return path + [(.decline, .atPanel, .declined)]
        case .inMonitoring: return path + [(.award, .atPanel, .awarded), (.startMonitoring, .awarded, .inMonitoring)]
        case .closed: return path + [(.award, .atPanel, .awarded), (.startMonitoring, .awarded, .inMonitoring), (.close, .inMonitoring, .closed)]
        default: return path
        }
    }

    @Sendable static func routeExamples(_ context: RouteExampleContext) async throws -> [RouteExample] {
        guard let round = try await context.tenant.query(GrantRound.self).sort(\.$closesAt, .descending).first(),
              let reviewed = try await context.tenant.query(GrantApplication.self).filter(\.$state == .inReview).first(),
              let funded = try await context.tenant.query(GrantApplication.self).filter(\.$state == .inMonitoring).first(),
              let payment = try await context.tenant.query(GrantPayment.self).first(),
              let photo = try await context.tenant.query(GrantReportPhoto.self).first() else { return [] }
        return [.example(Grants.Routes.round, try round.requireID()), .example(Grants.Routes.section, .project),
                .example(Grants.Routes.manageRound, try round.requireID()), .example(Grants.Routes.panelPack, try round.requireID()),
                .example(Grants.Routes.manageApplication, try reviewed.requireID()), .example(Grants.Routes.review, try reviewed.requireID()),
                .example(Grants.Routes.schedulePayment, try funded.requireID()), .example(Grants.Routes.signOffReport, try funded.requireID()),
                .example(Grants.Routes.markPaid, try payment.requireID()), .example(Grants.Routes.editFund, try round.$fund.id),
                .example(Grants.Routes.editRound, try round.requireID()), .example(Grants.Routes.photo, try photo.requireID())]
    }
}
