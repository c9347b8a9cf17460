import CohesionCore
import Foundation

/// The form for a grant round: its dates, amounts and guidance, the eligibility questions asked
/// first and the criteria reviewers score, all as data officers edit. Questions and criteria are
/// rows of a repeated fieldset (up to `maximumRows`; empty rows are left out); their codes are
/// kept by position so that answers and scores already given still match. Once a round has
/// applications its questions are fixed, and once any review is scored its criteria are.
struct GrantRoundForm {
    static let maximumRows = 6
    static let nameLimit = 150, textLimit = 500, guidanceLimit = 5_000

    var typed: [String: String] = [:]
    var errors = FormErrors()

    /// The round's values as the form shows them.
    init(round: GrantRound?) {
        guard let round else {
            typed = ["reference_prefix": "CMG", "minimum": "250", "maximum": "2500"]
            return
        }
        typed = [
            "fund": round.$fund.id.uuidString, "name": round.name, "reference_prefix": round.referencePrefix,
            "opens": DisplayFormat.typedDate(CalendarDate.inLondon(round.opensAt)),
            "closes": DisplayFormat.typedDate(CalendarDate.inLondon(round.closesAt.addingTimeInterval(-1))),
            "minimum": Money.plain(round.minimumPence), "maximum": Money.plain(round.maximumPence), "guidance": round.guidance,
        ]
        for (n, question) in round.eligibility.enumerated() {
            typed["question_\(n + 1)"] = question.question
            typed["question_\(n + 1)_hint"] = question.hint
            typed["question_\(n + 1)_ineligible"] = question.ineligibleAnswer ? "yes" : "no"
            typed["question_\(n + 1)_why"] = question.whyIneligible
        }
        for (n, criterion) in round.criteria.enumerated() {
            typed["criterion_\(n + 1)"] = criterion.title
            typed["criterion_\(n + 1)_weight"] = String(criterion.weight)
            typed["criterion_\(n + 1)_maximum"] = String(criterion.maximumScore)
        }
    }

    struct Values {
        var fundID: UUID?
        var name = "", prefix = "", guidance = ""
        var opensAt = Date(), closesAt = Date()
        var minimumPence = 0, maximumPence = 0
        var eligibility: [EligibilityQuestion] = []
        var criteria: [AssessmentCriterion] = []
    }

    /// Reads the form; `values` is complete only when `errors` is empty.
    mutating func read(_ form: SubmittedForm, funds: [GrantFund], existing: GrantRound?) -> Values {
        for (name, values) in form.all where name != CSRF.fieldName { typed[name] = values.first ?? "" }
        var values = Values()
        values.fundID = existing?.$fund.id ?? funds.first { $0.id?.uuidString == form["fund"] }?.id
        if values.fundID == nil { errors.add("fund", "Choose the fund the round's grants come from") }
        values.name = form["name"]
        if values.name.isEmpty { errors.add("name", "Enter the round's name, like Winter round 2026") }
        else if values.name.count > Self.nameLimit { errors.add("name", "The name must be \(Self.nameLimit) characters or fewer") }
        values.prefix = form["reference_prefix"].uppercased()
        if values.prefix.wholeMatch(of: /[A-Z]{2,6}/) == nil {
            errors.add("reference_prefix", "Enter 2 to 6 capital letters for the start of references, like CMG")
        }
        let opens = CalendarDate(typed: form["opens"]), closes = CalendarDate(typed: form["closes"])
        if opens == nil { errors.add("opens", "Enter the day the round opens as a real date, like 1/11/2026") }
        if closes == nil { errors.add("closes", "Enter the last day applications can be sent as a real date, like 15/1/2027") }
        if let opens, let closes {
            if closes < opens { errors.add("closes", "The round must close on or after the day it opens") }
            // Opens at the start of its first day and closes at the end of its last, London time.
            values.opensAt = LondonClock.startOfDay(opens)
            values.closesAt = LondonClock.startOfDay(closes.adding(days: 1))
        }
        let minimum = Money.pence(from: form["minimum"]), maximum = Money.pence(from: form["maximum"])
        if minimum == nil { errors.add("minimum", "Enter the smallest grant in pounds, like 250") }
        if maximum == nil || maximum == 0 { errors.add("maximum", "Enter the largest grant in pounds, like 2500") }
        if let minimum, let maximum, maximum > 0 {
            if maximum < minimum { errors.add("maximum", "The largest grant must be at least the smallest") }
            values.minimumPence = minimum
            values.maximumPence = maximum
        }
        values.guidance = form["guidance"]
        if values.guidance.count > Self.guidanceLimit { errors.add("guidance", "The guidance must be \(DisplayFormat.count(Self.guidanceLimit, "character")) or fewer") }
        values.eligibility = readQuestions(form, existing: existing?.eligibility ?? [])
        values.criteria = readCriteria(form, existing: existing?.criteria ?? [])
        return values
    }

    private mutating func readQuestions(_ form: SubmittedForm, existing existingQuestions: [EligibilityQuestion]) -> [EligibilityQuestion] {
        var questions: [EligibilityQuestion] = []
        for n in 1...Self.maximumRows {
            let question = form["question_\(n)"], why = form["question_\(n)_why"], answer = form["question_\(n)_ineligible"]
            if question.isEmpty && why.isEmpty { continue }
            if question.isEmpty { errors.add("question_\(n)", "Write question \(n), or empty its reason too"); continue }
            if question.count > Self.textLimit || why.count > Self.textLimit || form["question_\(n)_hint"].count > Self.textLimit {
                errors.add("question_\(n)", "Question \(n), its hint and its reason must each be \(Self.textLimit) characters or fewer"); continue
            }
            guard answer == "yes" || answer == "no" else { errors.add("question_\(n)_ineligible", "Choose which answer to question \(n) means a group can't apply"); continue }
            if why.isEmpty { errors.add("question_\(n)_why", "Say why a group that answers \(answer) to question \(n) can't apply: they will read it"); continue }
            questions.append(EligibilityQuestion(code: existingQuestions.indices.contains(n - 1) ? existingQuestions[n - 1].code : "q\(n)", question: question, hint: form["question_\(n)_hint"],
                                                 ineligibleAnswer: answer == "yes", whyIneligible: why))
        }
        return questions
    }

    private mutating func readCriteria(_ form: SubmittedForm, existing existingCriteria: [AssessmentCriterion]) -> [AssessmentCriterion] {
        var criteria: [AssessmentCriterion] = []
        for n in 1...Self.maximumRows {
            let title = form["criterion_\(n)"]
            if title.isEmpty { continue }
            if title.count > Self.textLimit { errors.add("criterion_\(n)", "Criterion \(n) must be \(Self.textLimit) characters or fewer"); continue }
            guard let weight = QueryNumber.integer(form["criterion_\(n)_weight"]), (1...100).contains(weight) else {
                errors.add("criterion_\(n)_weight", "Give criterion \(n) a weight from 1 to 100"); continue
            }
            guard let maximum = QueryNumber.integer(form["criterion_\(n)_maximum"]), (1...100).contains(maximum) else {
                errors.add("criterion_\(n)_maximum", "Give criterion \(n) a top score from 1 to 100, like 5"); continue
            }
            criteria.append(AssessmentCriterion(code: existingCriteria.indices.contains(n - 1) ? existingCriteria[n - 1].code : "c\(n)", title: title, weight: weight, maximumScore: maximum))
        }
        if criteria.isEmpty && errors.isEmpty { errors.add("criterion_1", "Add at least one criterion for reviewers to score") }
        return criteria
    }
}
