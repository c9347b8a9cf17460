import CohesionCore
import Foundation

// The pages a group sees when it applies: plain words for a volunteer on a phone who may read
// English as a second language, one topic to a page (GOV.UK's question pages), and always a way
// to save and come back.

private let grantsCrumb = Breadcrumb(label: "Grants", link: Grants.Routes.rounds.path)

/// `/grants`: the rounds open now or opening soon.
struct GrantRoundsPage: Page {
    let rounds: [(round: GrantRound, open: Bool)]

    var title: String { "Apply for a community grant" }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(title)
            Paragraph("Small grants help local groups bring people from different backgrounds together. Residents' associations, faith groups, sports clubs, community interest companies and other groups can apply.")
            if rounds.isEmpty {
                Paragraph("There is no grant round open at the moment. Please come back later.")
            }
            for (round, open) in rounds {
                H2(.class("govuk-heading-m")) { A(.class("govuk-link"), .href(Grants.Routes.round.path(round.id!))) { Text(round.name) } }
                Paragraph(size: "s") {
                    Tag(open ? "Open" : "Opens soon", colour: open ? "green" : "blue")
                    Text(" Grants of \(Money.pounds(round.minimumPence)) to \(Money.pounds(round.maximumPence)). ")
                    Text(open ? "Closes \(DisplayFormat.dateTime(round.closesAt))." : "Opens \(DisplayFormat.dateTime(round.opensAt)).")
                }
            }
        }
    }
}

/// One round: what it funds, who can apply, the dates and amounts, and the start of an application.
struct GrantRoundPage: Page {
    let round: GrantRound
    /// The names of the round's priority localities and wards.
    var priorityAreas: [String] = []
    let open: Bool
    let email: String
    let errors: FormErrors

    var title: String { round.name }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb] }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(round.name, caption: "Community grants")
            SummaryList([
                SummaryRow(key: "Grants of", value: "\(Money.pounds(round.minimumPence)) to \(Money.pounds(round.maximumPence))"),
                SummaryRow(key: "Opens", value: DisplayFormat.dateTime(round.opensAt)),
                SummaryRow(key: "Closes", value: DisplayFormat.dateTime(round.closesAt)),
            ])
            for paragraph in round.guidance.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                Paragraph(paragraph)
            }
            if !priorityAreas.isEmpty {
                H2(.class("govuk-heading-m")) { "Where we especially want to fund" }
                Paragraph("This round especially welcomes projects for people in: \(priorityAreas.joined(separator: ", ")).")
            }
            if !round.eligibility.isEmpty {
                H2(.class("govuk-heading-m")) { "Who can apply" }
                Paragraph("We will ask you first:")
                Ul(.class("govuk-list govuk-list--bullet")) {
                    for question in round.eligibility { Li { Text(question.question) } }
                }
            }
            H2(.class("govuk-heading-m")) { "Before you start" }
            Paragraph("You will need your group's details, what your project will do, where and for whom, and what the money will pay for. You can save your answers and come back later.")
            if open {
                PostForm(to: Grants.Routes.round.path(round.id!), context) {
                    FormFields([FormField(name: "email", label: "Your email address", kind: .email, value: email,
                                          hint: "We will send you a private link to your application, so you can come back to it. We use this address only for your application.",
                                          autocomplete: "email", spellcheck: false).with(errors: errors)])
                    SubmitButton("Start your application")
                }
            } else {
                Paragraph(Date() < round.opensAt ? "You can start an application when the round opens." : "This round has closed.")
            }
        }
    }
}

/// "Check your email": after starting, saving for later or asking for a new link.
struct GrantLinkSentPage: Page {
    let email: String
    let started: Bool

    var title: String { "Check your email" }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb] }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(title)
            Paragraph(email.isEmpty ? "We have sent a link to the email address you gave us." : "We have sent a link to \(email).")
            Paragraph(started ? "Open the link in the email to start your application. It works for 30 days." : "Your answers are saved. Open the link in the email to come back to your application. It works for 30 days.")
            Paragraph("If the email has not arrived in a few minutes, look in your spam or junk folder.")
        }
    }
}

/// A link past its 30 days: a new one can be sent to the address the group gave.
struct GrantLinkExpiredPage: Page {
    let token: String
    var rateLimited = false

    var title: String { "This link has expired" }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb] }
    var hasErrors: Bool { rateLimited }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            if rateLimited {
                ErrorSummary({ var e = FormErrors(); e.add("new-link", "We have sent a lot of links from this internet connection. Please try again in an hour"); return e }())
            }
            PageHeading(title)
            Paragraph("Links to an application work for 30 days. Your answers are still saved.")
            Paragraph("We can send a new link to the email address you gave when you started.")
            PostForm(to: Grants.Routes.renewLink.path, context) {
                Input(.type(.hidden), .name("token"), .value(token))
                Button(.buttonType(.submit), .class("govuk-button"), .id("new-link")) { "Send me a new link" }
            }
        }
    }
}

struct GrantLinkUnknownPage: Page {
    var title: String { "This link does not work" }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb] }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(title)
            Paragraph("Check you copied the whole link from the email. If we sent you more than one email, use the link in the newest one: a new link stops the old one working.")
            Paragraph { "Or "; TextLink("start a new application", to: Grants.Routes.rounds.path); "." }
        }
    }
}

/// The application's own page: what is left to do (a task list) while it is a draft, and where
/// it has got to once it is sent.
struct GrantApplicationOverviewPage: Page {
    let application: GrantApplication
    let round: GrantRound
    let unfinished: [GrantApplicationSection]
    let ineligible: EligibilityQuestion?
    let open: Bool
    var report: GrantMonitoringReport? = nil

    var title: String { application.state == .draft ? "Your application" : "Your application \(application.reference ?? "")" }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb] }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(title, caption: round.name)
            if application.state == .draft {
                if let ineligible {
                    Div(.class("govuk-warning-text")) {
                        Span(.class("govuk-warning-text__icon"), .aria("hidden", "true")) { "!" }
                        Strong(.class("govuk-warning-text__text")) {
                            Span(.class("govuk-visually-hidden")) { "Warning" }
                            Text("From your answers, your group can't apply: \(ineligible.whyIneligible) Change your answers if they were wrong.")
                        }
                    }
                }
                Paragraph(unfinished.isEmpty ? "You have answered every question. Check your answers and send your application."
                                             : "You have finished \(GrantApplicationSection.allCases.count - unfinished.count) of \(GrantApplicationSection.allCases.count) sections.")
                Ul(.class("govuk-task-list")) {
                    for section in GrantApplicationSection.allCases {
                        let done = !unfinished.contains(section)
                        Li(.class("govuk-task-list__item govuk-task-list__item--with-link")) {
                            Div(.class("govuk-task-list__name-and-hint")) {
                                A(.class("govuk-link govuk-task-list__link"), .href(Grants.Routes.section.path(section)),
                                  .aria("describedby", "status-\(section.rawValue)")) { Text(section.title) }
                            }
                            Div(.class("govuk-task-list__status"), .id("status-\(section.rawValue)")) {
                                if done { Text("Completed") } else { Tag(application.answers.saved.contains(section) ? "In progress" : "Not yet started", colour: "blue") }
                            }
                        }
                    }
                }
                if unfinished.isEmpty && ineligible == nil {
                    ButtonLink("Check your answers", to: Grants.Routes.check.path)
                }
                Paragraph(size: "s") { Text("Closes \(DisplayFormat.dateTime(round.closesAt)).") }
            } else {
                SummaryList([
                    SummaryRow(key: "Reference", value: application.reference ?? ""),
                    SummaryRow(key: "Project", value: application.projectTitle),
                    SummaryRow(key: "Amount asked for", value: Money.pounds(application.requestedPence)),
                    SummaryRow(key: "Sent", value: application.submittedAt.map(DisplayFormat.dateTime) ?? ""),
                    SummaryRow(key: "Where it has got to", value: Self.status(application)),
                ])
                if let report, let due = report.due {
                    if report.submittedAt == nil {
                        H2(.class("govuk-heading-m")) { "Tell us how it went" }
                        Paragraph("Your report is due on \(DisplayFormat.date(due)).")
                        ButtonLink("Write your report", to: Grants.Routes.report.path)
                    } else {
                        Paragraph("Thank you for your report, sent on \(report.submittedAt.map(DisplayFormat.dateTime) ?? "").")
                    }
                }
            }
        }
    }

    /// The state in the group's words.
    static func status(_ application: GrantApplication) -> String {
        switch application.state {
        case .draft: "Not sent yet"
        case .submitted, .eligibilityChecked, .inReview: "We are assessing it"
        case .atPanel: "The grants panel is considering it"
        case .awarded, .inMonitoring: "Awarded \(Money.pounds(application.awardedPence ?? 0)). We have emailed you the details"
        case .declined: "Not funded. We have emailed you the reason"
        case .withdrawn: "Withdrawn"
        case .closed: "Finished"
        }
    }
}

/// One section's questions.
struct GrantQuestionPage: Page {
    let form: GrantApplicationForm
    let round: GrantRound
    let areas: GrantAreaChoices

    var title: String { form.section.title }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb, .init(label: "Your application", link: Grants.Routes.application.path)] }
    var hasErrors: Bool { !form.errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(form.errors)
            PageHeading(title, caption: round.name)
            PostForm(to: Grants.Routes.section.path(form.section), context) {
                questions
                Div(.class("govuk-button-group")) {
                    SubmitButton("Save and continue")
                    Button(.buttonType(.submit), .class("govuk-button govuk-button--secondary"), .name("then"), .value("save")) { "Save and come back later" }
                }
            }
        }
    }

    private func typed(_ name: String) -> String { form.typed[name] ?? "" }

    private func field(_ name: String, _ label: String, kind: FormField.Kind = .text, hint: String? = nil, autocomplete: String? = nil,
                       width: String? = nil, options: [FormField.Option] = []) -> FormField {
        FormField(name: name, label: label, kind: kind, value: typed(name), hint: hint, options: options, autocomplete: autocomplete, widthClass: width)
            .with(errors: form.errors)
    }

    private func yesNo(_ name: String) -> [FormField.Option] {
        [.init(value: "yes", label: "Yes", selected: typed(name) == "yes"), .init(value: "no", label: "No", selected: typed(name) == "no")]
    }

    @HTMLBuilder private var questions: HTML {
        switch form.section {
        case .eligibility:
            FormFields(round.eligibility.map { question in
                field("eligibility_\(question.code)", question.question, kind: .radios, hint: question.hint.isEmpty ? nil : question.hint,
                      options: yesNo("eligibility_\(question.code)"))
            })
        case .organisation:
            FormFields([
                field("organisation_name", "What is your group called?", autocomplete: "organization"),
                field("organisation_type", "What kind of group is it?", kind: .radios, options: Grants.organisationTypes.map {
                    .init(value: $0.value, label: $0.label, selected: typed("organisation_type") == $0.value)
                }),
                field("charity_number", "Registered charity number (if it has one)", hint: "For example, 1123456 or SC012345", width: "govuk-input--width-10"),
                field("company_number", "Company number (if it has one)", hint: "For example, 01234567. Community interest companies have one", width: "govuk-input--width-10"),
                field("constituted", "Does your group have a written constitution or set of rules?", kind: .radios,
                      hint: "A document that says what the group is for and how it makes decisions", options: yesNo("constituted")),
                field("address", "Your group's address", hint: "Where the group is based, or where its post goes", autocomplete: "address-line1"),
                field("postcode", "Postcode", autocomplete: "postal-code", width: "govuk-input--width-10"),
            ])
        case .contact:
            FormFields([
                field("contact_name", "Name of the person we should contact", autocomplete: "name"),
                field("contact_email", "Their email address", kind: .email, hint: "We send the private link to your application here", autocomplete: "email"),
                field("contact_phone", "Their phone number (optional)", kind: .tel, autocomplete: "tel", width: "govuk-input--width-20"),
            ])
        case .project:
            FormFields([
                field("project_title", "What is your project called?", hint: "A short title, like Pleck Community Kitchen"),
                field("summary", "Tell us about your project in a few sentences", kind: .textarea,
                      hint: "What it is and why it matters. Up to \(DisplayFormat.count(GrantApplicationForm.summaryLimit, "character"))."),
                field("activities", "What will happen?", kind: .textarea,
                      hint: "What people will do together, how often, and how you will bring people from different backgrounds together. Up to \(DisplayFormat.count(GrantApplicationForm.activitiesLimit, "character"))."),
                field("themes", "What is your project mainly about?", kind: .checkboxes, hint: "Select all that apply",
                      options: GrantApplicationAnswers.themes.map { .init(value: $0.code, label: $0.label, selected: form.answers.themes.contains($0.code)) }),
            ])
        case .area:
            FormFields([
                field("localities", "Which parts of the borough is the project for?", kind: .checkboxes, hint: "Select all that apply",
                      options: areas.localities.map { .init(value: $0.code, label: $0.name, selected: form.answers.localityCodes.contains($0.code)) }),
                field("wards", "Which wards? (optional)", kind: .checkboxes, hint: "If the project is for particular wards, select them",
                      options: areas.wards.map { .init(value: $0.code, label: $0.name, selected: form.answers.wardCodes.contains($0.code)) }),
                field("beneficiaries", "How many people do you expect to take part?", hint: "Your best guess, as a number", width: "govuk-input--width-5"),
            ])
            DateInput(name: "start_date", legend: "When does the project start?", hint: "For example, 27 3 2027", typed: form.typed, error: form.errors["start_date"])
            DateInput(name: "end_date", legend: "When does the project end?", hint: "For example, 27 9 2027", typed: form.typed, error: form.errors["end_date"])
        case .budget:
            FormFields([
                field("requested", "How much are you asking for, in pounds?",
                      hint: "Between \(Money.pounds(round.minimumPence)) and \(Money.pounds(round.maximumPence))", width: "govuk-input--width-10"),
            ])
            budgetLines
        case .declarations:
            FormFields([
                FormField(name: "declarations", label: "Tick each one to confirm it", kind: .checkboxes,
                          options: GrantApplicationAnswers.declarations.map { .init(value: $0.code, label: $0.text, selected: form.answers.declared.contains($0.code)) })
                    .with(errors: form.errors),
            ])
        }
    }

    /// Ten rows of item and amount; the lines must add up to the amount asked for.
    private var budgetLines: HTML {
        Div(.classes("govuk-form-group", form.errors["budget"] != nil ? "govuk-form-group--error" : nil)) {
            Fieldset(.class("govuk-fieldset"), .aria("describedby", "budget-hint" + (form.errors["budget"] != nil ? " budget-error" : ""))) {
                Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--s")) { "What will the money pay for?" }
                Div(.id("budget-hint"), .class("govuk-hint")) { "One thing to a line, with its cost. The lines must add up to the amount you are asking for. Leave spare lines empty." }
                ErrorMessage(for: "budget", form.errors["budget"])
                // The error summary links here.
                Span(.id("budget"), .tabindex(-1)) { "" }
                for n in 1...GrantApplicationAnswers.maximumBudgetLines {
                    FormFields([
                        field("item_\(n)", "Line \(n): what it pays for"),
                        field("amount_\(n)", "Line \(n): cost in pounds", width: "govuk-input--width-10"),
                    ])
                }
            }
        }.html
    }
}

/// GOV.UK's date input: day, month and year boxes under one legend.
struct DateInput: HTMLContent {
    let html: HTML
    init(name: String, legend: String, hint: String, typed: [String: String], error: String?) {
        html = Div(.classes("govuk-form-group", error != nil ? "govuk-form-group--error" : nil)) {
            Fieldset(.class("govuk-fieldset"), .role("group"), .aria("describedby", name + "-hint" + (error != nil ? " \(name)-error" : ""))) {
                Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--s")) { Text(legend) }
                Div(.id(name + "-hint"), .class("govuk-hint")) { Text(hint) }
                ErrorMessage(for: name, error)
                Div(.class("govuk-date-input")) {
                    for (part, label, width) in [("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4)] {
                        let id = part == "day" ? name : "\(name)_\(part)"
                        Div(.class("govuk-date-input__item")) {
                            Div(.class("govuk-form-group")) {
                                Label(.class("govuk-label govuk-date-input__label"), .for(id)) { Text(label) }
                                Input(.classes("govuk-input govuk-date-input__input govuk-input--width-\(width)", error != nil ? "govuk-input--error" : nil),
                                      .id(id), .name("\(name)_\(part)"), .type(.text), .inputmode("numeric"), .value(typed["\(name)_\(part)"] ?? ""))
                            }
                        }
                    }
                }
            }
        }.html
    }
}

struct GrantIneligiblePage: Page {
    let round: GrantRound
    let question: EligibilityQuestion

    var title: String { "Your group can't apply to this round" }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb, .init(label: "Your application", link: Grants.Routes.application.path)] }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(title, caption: round.name)
            Paragraph(question.whyIneligible)
            Paragraph { "If you gave the wrong answer, "; TextLink("change your answers", to: Grants.Routes.section.path(.eligibility)); "." }
            Paragraph("The cohesion team can tell you about other help for your group.")
        }
    }
}

/// Check your answers, each with a link to change it, then send.
struct GrantCheckAnswersPage: Page {
    let application: GrantApplication
    let round: GrantRound
    let areas: GrantAreaChoices
    let errors: FormErrors

    var title: String { "Check your answers before sending your application" }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb, .init(label: "Your application", link: Grants.Routes.application.path)] }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        let a = application.answers
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title, caption: round.name)
            for section in GrantApplicationSection.allCases where section != .declarations {
                H2(.class("govuk-heading-m"), .id(section.rawValue)) { Text(section.title) }
                ErrorMessage(for: section.rawValue, errors[section.rawValue])
                SummaryList(GrantAnswerRows.rows(section, a, round: round, areas: areas).map { row in
                    var row = row
                    row.change = (Grants.Routes.section.path(section), row.key)
                    return row
                })
            }
            H2(.class("govuk-heading-m"), .id("declarations")) { "Now send your application" }
            Paragraph("By sending this application you confirm the declarations you ticked:")
            Ul(.class("govuk-list govuk-list--bullet")) {
                for declaration in GrantApplicationAnswers.declarations where a.declared.contains(declaration.code) { Li { Text(declaration.text) } }
            }
            ErrorMessage(for: "declarations", errors["declarations"])
            Span(.id("round")) { "" }
            ErrorMessage(for: "round", errors["round"])
            PostForm(to: Grants.Routes.check.path, context) {
                SubmitButton("Accept and send")
            }
        }
    }
}

struct GrantConfirmationPage: Page {
    let reference: String
    let email: String
    let round: GrantRound

    var title: String { "Application sent" }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb] }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            Div(.class("govuk-panel govuk-panel--confirmation")) {
                H1(.class("govuk-panel__title")) { "Application sent" }
                Div(.class("govuk-panel__body")) { "Your reference is"; Br(); Strong { Text(reference) } }
            }
            Paragraph("We have sent a confirmation to \(email).")
            H2(.class("govuk-heading-m")) { "What happens next" }
            Paragraph("We check that your group can apply, then members of the grants panel read and score your application. We will email you when a decision is made.")
            Paragraph("You can see where your application has got to with the link we emailed you.")
        }
    }
}

/// An application's answers as summary rows, section by section: for the group's check-answers
/// page and the staff's view of the application.
enum GrantAnswerRows {
    static func rows(_ section: GrantApplicationSection, _ a: GrantApplicationAnswers, round: GrantRound, areas: GrantAreaChoices) -> [SummaryRow] {
        func yes(_ value: Bool?) -> String { value.map { $0 ? "Yes" : "No" } ?? "Not answered" }
        switch section {
        case .eligibility:
            return round.eligibility.map { SummaryRow(key: $0.question, value: yes(a.eligibility[$0.code])) }
        case .organisation:
            return [
                SummaryRow(key: "Group's name", value: a.organisationName),
                SummaryRow(key: "Kind of group", value: Grants.organisationTypes.first { $0.value == a.organisationType }?.label ?? ""),
                SummaryRow(key: "Charity number", value: a.charityNumber.isEmpty ? "None" : a.charityNumber),
                SummaryRow(key: "Company number", value: a.companyNumber.isEmpty ? "None" : a.companyNumber),
                SummaryRow(key: "Written constitution", value: yes(a.constituted)),
                SummaryRow(key: "Address", value: [a.address, a.postcode].filter { !$0.isEmpty }.joined(separator: ", ")),
            ]
        case .contact:
            return [SummaryRow(key: "Contact", value: a.contactName), SummaryRow(key: "Email", value: a.contactEmail),
                    SummaryRow(key: "Phone", value: a.contactPhone.isEmpty ? "None given" : a.contactPhone)]
        case .project:
            return [SummaryRow(key: "Project", value: a.projectTitle), SummaryRow(key: "Summary", value: a.summary),
                    SummaryRow(key: "What will happen", value: a.activities),
                    SummaryRow(key: "Mainly about", value: GrantApplicationAnswers.themes.filter { a.themes.contains($0.code) }.map(\.label).joined(separator: "; "))]
        case .area:
            return [
                SummaryRow(key: "Parts of the borough", value: a.localityCodes.map(areas.name(ofLocality:)).joined(separator: ", ")),
                SummaryRow(key: "Wards", value: a.wardCodes.isEmpty ? "None chosen" : a.wardCodes.map(areas.name(ofWard:)).joined(separator: ", ")),
                SummaryRow(key: "People taking part", value: a.beneficiaries.map { DisplayFormat.count($0) } ?? ""),
                SummaryRow(key: "Dates", value: [a.startDate, a.endDate].compactMap { $0.map(DisplayFormat.date) }.joined(separator: " to ")),
            ]
        case .budget:
            return [SummaryRow(key: "Amount asked for", value: a.requestedPence.map(Money.pounds) ?? "")]
                + a.budget.map { SummaryRow(key: $0.item, value: Money.pounds($0.pence)) }
        case .declarations:
            return []
        }
    }
}

/// The funded group's report: what happened, how many people took part in each area the
/// project was for, what changed.
struct GrantReportPage: Page {
    let application: GrantApplication
    let report: GrantMonitoringReport
    let areas: GrantAreaChoices
    let typed: [String: String]
    let errors: FormErrors

    var title: String { "Tell us how your project went" }
    var breadcrumbs: [Breadcrumb] { [grantsCrumb, .init(label: "Your application", link: Grants.Routes.application.path)] }
    var hasErrors: Bool { !errors.isEmpty }

    /// The areas the group reports numbers for: those the project was for, else all.
    static func localities(_ application: GrantApplication, areas: GrantAreaChoices) -> [(code: String, name: String)] {
        let chosen = areas.localities.filter { application.answers.localityCodes.contains($0.code) }
        return chosen.isEmpty ? areas.localities : chosen
    }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title, caption: "\(application.reference ?? ""): \(application.projectTitle)")
            Paragraph("Due on \(report.due.map(DisplayFormat.date) ?? ""). A few sentences for each question is enough.")
            PostForm(to: Grants.Routes.report.path, context, multipart: true) {
                FormFields([FormField(name: "what_happened", label: "What happened in your project?", kind: .textarea, value: typed["what_happened"] ?? "",
                                      hint: "What you did, how often, and who came").with(errors: errors)])
                Div(.class("govuk-form-group")) {
                    Fieldset(.class("govuk-fieldset")) {
                        Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--s")) { "How many people took part in each area?" }
                        Div(.class("govuk-hint")) { "Your best count. Leave an area empty if no one came from there." }
                        FormFields(Self.localities(application, areas: areas).map { locality in
                            FormField(name: "people_\(locality.code)", label: locality.name, value: typed["people_\(locality.code)"] ?? "",
                                      widthClass: "govuk-input--width-5").with(errors: errors)
                        })
                    }
                }
                FormFields([FormField(name: "what_changed", label: "What changed because of your project?", kind: .textarea, value: typed["what_changed"] ?? "",
                                      hint: "For example, new friendships, people from different backgrounds meeting, a group that carries on").with(errors: errors)])
                Div(.classes("govuk-form-group", errors["photos"] != nil ? "govuk-form-group--error" : nil)) {
                    Label(.class("govuk-label govuk-label--s"), .for("photos")) { "Photos (optional)" }
                    Div(.id("photos-hint"), .class("govuk-hint")) { "Up to 3 JPEG or PNG photos, each up to 5 MB. Only the cohesion team sees them." }
                    ErrorMessage(for: "photos", errors["photos"])
                    Input(.classes("govuk-file-upload", errors["photos"] != nil ? "govuk-file-upload--error" : nil), .id("photos"), .name("photos[]"),
                          .type(.file), .flag("multiple"), .accept("image/jpeg,image/png"), .aria("describedby", "photos-hint"))
                }
                FormFields([FormField(name: "photo_consent", label: "Everyone who can be recognised in the photos agreed to them being sent to the council",
                                      kind: .checkbox, value: "yes", checked: typed["photo_consent"] == "yes").with(errors: errors)])
                SubmitButton("Send your report")
            }
        }
    }
}
