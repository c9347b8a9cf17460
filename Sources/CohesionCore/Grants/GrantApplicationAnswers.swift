import Foundation

/// A yes-or-no question a round asks before anything else ("Is your group based in Walsall?"),
/// with the answer that means a group can't apply and why, in words the group will read.
/// A round's questions are data officers edit.
public struct EligibilityQuestion: Sendable, Equatable, Codable {
    public let code: String
    public let question: String
    public let hint: String
    /// The answer that makes a group ineligible: `true` for yes, `false` for no.
    public let ineligibleAnswer: Bool
    public let whyIneligible: String

    public init(code: String, question: String, hint: String = "", ineligibleAnswer: Bool, whyIneligible: String) {
        self.code = code; self.question = question; self.hint = hint; self.ineligibleAnswer = ineligibleAnswer; self.whyIneligible = whyIneligible
    }
}

/// One thing the money will pay for: "Hall hire, 10 sessions", £300.
public struct BudgetLine: Sendable, Equatable, Codable {
    public let item: String
    public let pence: Int

    public init(item: String, pence: Int) { self.item = item; self.pence = pence }
}

/// The parts of an application, one topic to a page (the GOV.UK question-page pattern), in the
/// order a group fills them in.
public enum GrantApplicationSection: String, Sendable, CaseIterable, Codable {
    case eligibility, organisation, contact, project, area, budget, declarations

    public var title: String {
        switch self {
        case .eligibility: "Can your group apply?"
        case .organisation: "About your group"
        case .contact: "Who we should contact"
        case .project: "Your project"
        case .area: "Where and who the project is for"
        case .budget: "How much you are asking for"
        case .declarations: "Declarations"
        }
    }

    public var next: GrantApplicationSection? {
        let all = Self.allCases
        let index = all.firstIndex(of: self)!
        return index + 1 < all.count ? all[index + 1] : nil
    }
}

/// What a group tells us in its application, as checked values: everything the question pages
/// ask. Kept whole (as JSON) while the group fills it in, so a page can be left and come back to.
public struct GrantApplicationAnswers: Sendable, Equatable, Codable {
    /// By question code.
    public var eligibility: [String: Bool] = [:]

    public var organisationName = ""
    /// `OrganisationType`'s raw value.
    public var organisationType = ""
    public var charityNumber = ""
    public var companyNumber = ""
    /// Whether the group has a written constitution or set of rules.
    public var constituted: Bool?
    public var address = ""
    public var postcode = ""

    public var contactName = ""
    public var contactEmail = ""
    public var contactPhone = ""

    public var projectTitle = ""
    public var summary = ""
    public var activities = ""
    /// Codes from `GrantApplicationAnswers.themes`: what the project is mainly about.
    public var themes: [String] = []

    public var localityCodes: [String] = []
    public var wardCodes: [String] = []
    public var beneficiaries: Int?
    public var startDate: CalendarDate?
    public var endDate: CalendarDate?

    public var requestedPence: Int?
    public var budget: [BudgetLine] = []

    /// The codes of the declarations ticked (`GrantApplicationAnswers.declarations`).
    public var declared: [String] = []
    /// The sections the group has saved at least once, for the check-answers page.
    public var saved: [GrantApplicationSection] = []

    public init() {}

    /// Every answer read if present: answers are kept as JSON while a group fills them in, so
    /// a question added later (as `themes` was) must not make an earlier draft unreadable.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T { try c.decodeIfPresent(T.self, forKey: key) ?? fallback }
        eligibility = try read(.eligibility, [:])
        organisationName = try read(.organisationName, ""); organisationType = try read(.organisationType, "")
        charityNumber = try read(.charityNumber, ""); companyNumber = try read(.companyNumber, "")
        constituted = try c.decodeIfPresent(Bool.self, forKey: .constituted)
        address = try read(.address, ""); postcode = try read(.postcode, "")
        contactName = try read(.contactName, ""); contactEmail = try read(.contactEmail, ""); contactPhone = try read(.contactPhone, "")
        projectTitle = try read(.projectTitle, ""); summary = try read(.summary, ""); activities = try read(.activities, "")
        themes = try read(.themes, [])
        localityCodes = try read(.localityCodes, []); wardCodes = try read(.wardCodes, [])
        beneficiaries = try c.decodeIfPresent(Int.self, forKey: .beneficiaries)
        startDate = try c.decodeIfPresent(CalendarDate.self, forKey: .startDate)
        endDate = try c.decodeIfPresent(CalendarDate.self, forKey: .endDate)
        requestedPence = try c.decodeIfPresent(Int.self, forKey: .requestedPence)
        budget = try read(.budget, []); declared = try read(.declared, []); saved = try read(.saved, [])
    }

    /// What a project can be about, for the reports by theme: the council's cohesion programmes.
    public static let themes: [(code: String, label: String)] = [
        ("mixing", "Bringing people from different backgrounds together"),
        ("sport", "Sport and physical activity"),
        ("arts", "Arts, culture and heritage"),
        ("food", "Food and cooking"),
        ("english", "Learning English"),
        ("dialogue", "Dialogue between faiths and communities"),
        ("women", "Women's confidence and leadership"),
        ("young", "Young people"),
        ("older", "Older people"),
        ("hate", "Standing up to hate and prejudice"),
        ("skills", "Skills, volunteering and work"),
    ]

    /// What every applicant confirms before sending, by code.
    public static let declarations: [(code: String, text: String)] = [
        ("true", "The information in this application is true and complete, as far as I know."),
        ("authorised", "I am allowed to apply for the group, and its committee or trustees know about this application."),
        ("report", "If we get a grant, we will spend it only on this project and tell the council how it went."),
        ("data", "The council may keep this information to assess the application, and publish the group's name, the amount and the project's title if a grant is made."),
    ]

    /// Budget lines a group may list.
    public static let maximumBudgetLines = 10

    /// The sum of the budget lines.
    public var budgetTotal: Int { budget.reduce(0) { $0 + $1.pence } }

    /// The first question whose answer makes the group ineligible, or nil (also while some are unanswered).
    public func ineligibility(_ questions: [EligibilityQuestion]) -> EligibilityQuestion? {
        questions.first { eligibility[$0.code] == $0.ineligibleAnswer }
    }

    /// Checks that look across a section's answers and at the round (the amounts), by field
    /// name; a page checks each answer's own form first.
    public func problems(in section: GrantApplicationSection, questions: [EligibilityQuestion],
                         minimumPence: Int, maximumPence: Int) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        switch section {
        case .eligibility:
            for question in questions where eligibility[question.code] == nil {
                problems.append(("eligibility_\(question.code)", "Answer yes or no: \(question.question)"))
            }
        case .organisation:
            if organisationName.isEmpty { problems.append(("organisation_name", "Enter your group's name")) }
            if organisationType.isEmpty { problems.append(("organisation_type", "Select what kind of group it is")) }
            if constituted == nil { problems.append(("constituted", "Select yes if your group has a written constitution or set of rules")) }
            if address.isEmpty { problems.append(("address", "Enter your group's address")) }
            if postcode.isEmpty { problems.append(("postcode", "Enter your group's postcode")) }
        case .contact:
            if contactName.isEmpty { problems.append(("contact_name", "Enter the name of the person we should contact")) }
            if contactEmail.isEmpty { problems.append(("contact_email", "Enter an email address for them")) }
        case .project:
            if projectTitle.isEmpty { problems.append(("project_title", "Enter a short title for your project")) }
            if summary.isEmpty { problems.append(("summary", "Say what your project is, in a few sentences")) }
            if activities.isEmpty { problems.append(("activities", "Say what will happen in your project")) }
            if themes.isEmpty { problems.append(("themes", "Select what your project is mainly about")) }
        case .area:
            if localityCodes.isEmpty && wardCodes.isEmpty { problems.append(("localities", "Select at least one area the project is for")) }
            if beneficiaries == nil { problems.append(("beneficiaries", "Enter how many people you expect to take part")) }
            if startDate == nil { problems.append(("start_date", "Enter the date the project starts")) }
            if endDate == nil { problems.append(("end_date", "Enter the date the project ends")) }
            if let start = startDate, let end = endDate, end < start { problems.append(("end_date", "The project must end on or after the day it starts")) }
        case .budget:
            if let requested = requestedPence {
                if requested < minimumPence { problems.append(("requested", "Ask for at least \(Money.pounds(minimumPence)), the smallest grant in this round")) }
                if requested > maximumPence { problems.append(("requested", "Ask for \(Money.pounds(maximumPence)) or less, the largest grant in this round")) }
            } else {
                problems.append(("requested", "Enter how much you are asking for"))
            }
            if budget.isEmpty { problems.append(("budget", "List at least one thing the money will pay for")) }
            if let requested = requestedPence, !budget.isEmpty, budgetTotal != requested {
                problems.append(("budget", "Your budget lines add up to \(Money.pounds(budgetTotal)), but you are asking for \(Money.pounds(requested)). Change the lines or the amount so they match"))
            }
        case .declarations:
            for declaration in Self.declarations where !declared.contains(declaration.code) {
                problems.append(("declarations", "Tick every declaration to send your application"))
                break
            }
        }
        return problems
    }

    /// Every section's problems, for sending: what is left to do, section by section.
    public func unfinished(questions: [EligibilityQuestion], minimumPence: Int, maximumPence: Int) -> [GrantApplicationSection] {
        GrantApplicationSection.allCases.filter {
            !problems(in: $0, questions: questions, minimumPence: minimumPence, maximumPence: maximumPence).isEmpty
        }
    }
}
