import CohesionCore
import Foundation

/// One question page of a grant application: reads what was typed into the answers (each
/// answer checked on its own form: a charity number's digits, an amount in pounds, a real date),
/// then the section's checks across answers and against the round (`GrantApplicationAnswers`).
/// What was typed is kept as typed (`typed`) so a page with a mistake comes back as it was sent.
struct GrantApplicationForm {
    /// Lengths a group's answers may have: enough for a small group to explain, not an essay.
    static let nameLimit = 150, shortLimit = 200, summaryLimit = 1_000, activitiesLimit = 3_000, itemLimit = 200
    static let maximumBeneficiaries = 1_000_000

    let section: GrantApplicationSection
    var answers: GrantApplicationAnswers
    /// The text sent, by field name, for showing again when something is wrong.
    var typed: [String: String] = [:]
    var errors = FormErrors()

    /// The page as first shown: the answers so far.
    init(section: GrantApplicationSection, answers: GrantApplicationAnswers) {
        self.section = section
        self.answers = answers
        typed = Self.typed(from: answers)
    }

    /// The page as sent: read, checked, and the answers updated with what was good.
    /// `complete`: also check that the section is finished (not when saving to come back later,
    /// which keeps a half-done page as long as what is there is right).
    init(section: GrantApplicationSection, answers: GrantApplicationAnswers, submitted form: SubmittedForm, round: GrantRound,
         areas: GrantAreaChoices, complete: Bool = true) {
        self.section = section
        self.answers = answers
        typed = Self.typed(from: answers)
        for (name, values) in form.all where name != CSRF.fieldName { typed[name] = values.first ?? "" }
        read(form, round: round, areas: areas)
        if errors.isEmpty && complete {
            for problem in self.answers.problems(in: section, questions: round.eligibility, minimumPence: round.minimumPence,
                                                 maximumPence: round.maximumPence) where errors[problem.field] == nil {
                errors.add(problem.field, problem.message)
            }
        }
        if !self.answers.saved.contains(section) { self.answers.saved.append(section) }
    }

    private mutating func text(_ form: SubmittedForm, _ name: String, _ label: String, limit: Int) -> String {
        let value = form[name]
        if value.count > limit {
            errors.add(name, "\(label) must be \(DisplayFormat.count(limit, "character")) or fewer")
            return ""
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            errors.add(name, "\(label) has characters we can't keep. Type it again without them")
            return ""
        }
        return value
    }

    private mutating func yesNo(_ form: SubmittedForm, _ name: String) -> Bool? {
        switch form[name] {
        case "yes": return true
        case "no": return false
        case "": return nil
        default:
            errors.add(name, "Select yes or no")
            return nil
        }
    }

    private mutating func read(_ form: SubmittedForm, round: GrantRound, areas: GrantAreaChoices) {
        switch section {
        case .eligibility:
            for question in round.eligibility {
                answers.eligibility[question.code] = yesNo(form, "eligibility_\(question.code)")
            }
        case .organisation:
            answers.organisationName = text(form, "organisation_name", "Your group's name", limit: Self.nameLimit)
            let type = form["organisation_type"]
            if !type.isEmpty && OrganisationType(rawValue: type) == nil { errors.add("organisation_type", "Select what kind of group it is") }
            answers.organisationType = OrganisationType(rawValue: type) == nil ? "" : type
            answers.charityNumber = ""
            if !form["charity_number"].isEmpty {
                if let parsed = CharityNumber.parse(form["charity_number"]) { answers.charityNumber = parsed.number }
                else { errors.add("charity_number", "Enter a registered charity number as it is on the register, like 1123456 or SC012345, or leave it empty") }
            }
            answers.companyNumber = ""
            if !form["company_number"].isEmpty {
                if let parsed = CompanyNumber.parse(form["company_number"]) { answers.companyNumber = parsed }
                else { errors.add("company_number", "Enter a company number of 8 characters, like 01234567 or SC123456, or leave it empty") }
            }
            answers.constituted = yesNo(form, "constituted")
            answers.address = text(form, "address", "The address", limit: Self.shortLimit)
            answers.postcode = ""
            if !form["postcode"].isEmpty {
                if let postcode = Postcode.normalise(form["postcode"]) { answers.postcode = postcode }
                else { errors.add("postcode", "Enter a full postcode, like WS1 1TP") }
            }
        case .contact:
            answers.contactName = text(form, "contact_name", "The name", limit: Self.nameLimit)
            answers.contactEmail = ""
            if !form["contact_email"].isEmpty {
                if ContactDetails.isPlausibleEmail(form["contact_email"]) { answers.contactEmail = ContactDetails.normalisedEmail(form["contact_email"]) }
                else { errors.add("contact_email", "Enter an email address in the right format, like name@example.org") }
            }
            answers.contactPhone = ""
            if !form["contact_phone"].isEmpty {
                if ContactDetails.isPlausiblePhone(form["contact_phone"]) { answers.contactPhone = form["contact_phone"] }
                else { errors.add("contact_phone", "Enter a UK phone number, like 01922 650000 or 07700 900123, or leave it empty") }
            }
        case .project:
            answers.projectTitle = text(form, "project_title", "The title", limit: Self.nameLimit)
            answers.summary = text(form, "summary", "The summary", limit: Self.summaryLimit)
            answers.activities = text(form, "activities", "What will happen", limit: Self.activitiesLimit)
            let known = Set(GrantApplicationAnswers.themes.map(\.code))
            if form.list("themes").contains(where: { !known.contains($0) }) { errors.add("themes", "Select themes from the list") }
            answers.themes = form.list("themes").filter(known.contains)
        case .area:
            let localities = form.list("localities"), wards = form.list("wards")
            if localities.contains(where: { !areas.localityCodes.contains($0) }) || wards.contains(where: { !areas.wardCodes.contains($0) }) {
                errors.add("localities", "Select areas from the list")
            }
            answers.localityCodes = localities.filter(areas.localityCodes.contains)
            answers.wardCodes = wards.filter(areas.wardCodes.contains)
            answers.beneficiaries = nil
            if !form["beneficiaries"].isEmpty {
                if let number = QueryNumber.integer(form["beneficiaries"].replacingOccurrences(of: ",", with: "")), (1...Self.maximumBeneficiaries).contains(number) {
                    answers.beneficiaries = number
                } else {
                    errors.add("beneficiaries", "Enter a whole number of people, like 40")
                }
            }
            answers.startDate = date(form, "start_date", "the date the project starts")
            answers.endDate = date(form, "end_date", "the date the project ends")
        case .budget:
            answers.requestedPence = nil
            if !form["requested"].isEmpty {
                if let pence = Money.pence(from: form["requested"]) { answers.requestedPence = pence }
                else { errors.add("requested", "Enter an amount in pounds, like 750 or 750.50") }
            }
            var lines: [BudgetLine] = []
            for n in 1...GrantApplicationAnswers.maximumBudgetLines {
                let item = text(form, "item_\(n)", "What line \(n) pays for", limit: Self.itemLimit), amount = form["amount_\(n)"]
                if item.isEmpty && amount.isEmpty { continue }
                if item.isEmpty { errors.add("item_\(n)", "Say what line \(n)'s \(amount) pays for"); continue }
                guard let pence = Money.pence(from: amount), pence > 0 else {
                    errors.add("amount_\(n)", amount.isEmpty ? "Enter how much \(item) costs" : "Enter the cost of \(item) in pounds, like 120 or 120.50")
                    continue
                }
                lines.append(BudgetLine(item: item, pence: pence))
            }
            answers.budget = lines
        case .declarations:
            let known = Set(GrantApplicationAnswers.declarations.map(\.code))
            answers.declared = form.list("declarations").filter(known.contains)
        }
    }

    /// A date typed as day, month and year (the GOV.UK date input's three boxes).
    private mutating func date(_ form: SubmittedForm, _ name: String, _ label: String) -> CalendarDate? {
        let day = form[name + "_day"], month = form[name + "_month"], year = form[name + "_year"]
        if day.isEmpty && month.isEmpty && year.isEmpty { return nil }
        guard let d = Int(day), let m = Int(month), let y = Int(year), (2000...2100).contains(y),
              let date = CalendarDate(iso: String(format: "%04d-%02d-%02d", y, m, d)) else {
            errors.add(name, "Enter \(label) as a real date, like 27 3 2027")
            return nil
        }
        return date
    }

    /// The answers as the fields show them.
    static func typed(from answers: GrantApplicationAnswers) -> [String: String] {
        var typed: [String: String] = [
            "organisation_name": answers.organisationName, "organisation_type": answers.organisationType,
            "charity_number": answers.charityNumber, "company_number": answers.companyNumber,
            "constituted": answers.constituted.map { $0 ? "yes" : "no" } ?? "", "address": answers.address, "postcode": answers.postcode,
            "contact_name": answers.contactName, "contact_email": answers.contactEmail, "contact_phone": answers.contactPhone,
            "project_title": answers.projectTitle, "summary": answers.summary, "activities": answers.activities,
            "beneficiaries": answers.beneficiaries.map(String.init) ?? "",
            "requested": answers.requestedPence.map(Money.plain) ?? "",
        ]
        for (code, answer) in answers.eligibility { typed["eligibility_\(code)"] = answer ? "yes" : "no" }
        for (name, date) in [("start_date", answers.startDate), ("end_date", answers.endDate)] {
            guard let date else { continue }
            typed[name + "_day"] = String(date.day); typed[name + "_month"] = String(date.month); typed[name + "_year"] = String(date.year)
        }
        for (n, line) in answers.budget.enumerated() {
            typed["item_\(n + 1)"] = line.item
            typed["amount_\(n + 1)"] = Money.plain(line.pence)
        }
        return typed
    }
}

/// The localities and wards a group may say its project is for.
struct GrantAreaChoices: Sendable {
    let localities: [(code: String, name: String)]
    let wards: [(code: String, name: String, locality: String?)]
    var localityCodes: Set<String> { Set(localities.map(\.code)) }
    var wardCodes: Set<String> { Set(wards.map(\.code)) }

    func name(ofLocality code: String) -> String { localities.first { $0.code == code }?.name ?? code }
    func name(ofWard code: String) -> String { wards.first { $0.code == code }?.name ?? code }

    /// Localities' and wards' names for codes of either ("North Walsall, Pleck ward").
    func names(_ codes: [String]) -> [String] {
        codes.map { code in localityCodes.contains(code) ? name(ofLocality: code) : name(ofWard: code) + " ward" }
    }

    /// Whether an application is for any of these localities or wards (a ward's locality counts).
    func touches(_ answers: GrantApplicationAnswers, any codes: [String]) -> Bool {
        let chosen = Set(codes)
        let wardLocalities = answers.wardCodes.compactMap { code in wards.first { $0.code == code }?.locality }
        return !chosen.isDisjoint(with: answers.localityCodes + answers.wardCodes + wardLocalities)
            || answers.localityCodes.contains { locality in wards.contains { $0.locality == locality && chosen.contains($0.code) } }
    }
}

extension Money {
    /// An amount as a form shows it back: "750", "750.50", no pound sign or commas.
    static func plain(_ pence: Int) -> String {
        pence % 100 == 0 ? String(pence / 100) : String(format: "%d.%02d", pence / 100, pence % 100)
    }
}
