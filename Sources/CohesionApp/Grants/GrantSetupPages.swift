import CohesionCore
import Foundation

private let setupCrumbs: [Breadcrumb] = [
    .init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Grants", link: Grants.Routes.manage.path),
]

/// A fund's name and budget.
struct GrantFundFormPage: Page {
    let fund: GrantFund?
    let typed: [String: String]
    let errors: FormErrors

    var title: String { fund == nil ? "New grant fund" : "Change \(fund!.name)" }
    var breadcrumbs: [Breadcrumb] { setupCrumbs }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title)
            PostForm(to: fund.map { Grants.Routes.editFund.path($0.id!) } ?? Grants.Routes.newFund.path, context) {
                FormFields([
                    FormField(name: "name", label: "Name", value: typed["name"] ?? "", hint: "For example, Community cohesion micro-grants 2027/28"),
                    FormField(name: "budget", label: "Budget, in pounds", value: typed["budget"] ?? "",
                              hint: fund.map { "\(Money.pounds($0.committedPence)) is committed to awards already" } ?? "For example, 87,000",
                              widthClass: "govuk-input--width-10"),
                ].map { $0.with(errors: errors) })
                SubmitButton("Save fund")
            }
        }
    }
}

/// A round: its fund, name, dates and amounts, guidance, eligibility questions, criteria and
/// priority areas.
struct GrantRoundFormPage: Page {
    let round: GrantRound?
    let funds: [GrantFund]
    let form: GrantRoundForm
    let areas: GrantAreaChoices
    let questionsFixed: Bool
    let criteriaFixed: Bool

    var title: String { round == nil ? "New grant round" : "Change \(round!.name)" }
    var breadcrumbs: [Breadcrumb] { setupCrumbs }
    var hasErrors: Bool { !form.errors.isEmpty }

    private func value(_ name: String) -> String { form.typed[name] ?? "" }

    private func field(_ name: String, _ label: String, kind: FormField.Kind = .text, hint: String? = nil, width: String? = nil,
                       options: [FormField.Option] = []) -> FormField {
        FormField(name: name, label: label, kind: kind, value: value(name), hint: hint, options: options, widthClass: width).with(errors: form.errors)
    }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(form.errors)
            PageHeading(title)
            if funds.isEmpty {
                Paragraph { "Create a fund first: "; TextLink("new fund", to: Grants.Routes.newFund.path); "." }
            } else {
                PostForm(to: round.map { Grants.Routes.editRound.path($0.id!) } ?? Grants.Routes.newRound.path, context) {
                    FormFields([
                        field("fund", "Fund", kind: .select, hint: round == nil ? "Where the round's grants are paid from" : "A round stays with its fund",
                              options: funds.map { .init(value: $0.id!.uuidString, label: $0.name, selected: value("fund") == $0.id!.uuidString) }),
                        field("name", "Name", hint: "For example, Winter round 2026"),
                        field("reference_prefix", "Start of application references", hint: "2 to 6 capital letters: CMG gives CMG-2026-0042", width: "govuk-input--width-5"),
                        field("opens", "Opens on", hint: "For example, 1/11/2026. Opens at the start of the day", width: "govuk-input--width-10"),
                        field("closes", "Closes at the end of", hint: "For example, 15/1/2027. The last day applications can be sent", width: "govuk-input--width-10"),
                        field("minimum", "Smallest grant, in pounds", width: "govuk-input--width-10"),
                        field("maximum", "Largest grant, in pounds", width: "govuk-input--width-10"),
                        field("guidance", "Guidance for applicants", kind: .textarea,
                              hint: "What the round funds and who can apply. Leave a blank line between paragraphs."),
                    ])
                    H2(.class("govuk-heading-m")) { "Eligibility questions" }
                    Paragraph(questionsFixed ? "Groups have already applied, so these can't change." : "Asked first, each answered yes or no. Leave the rows you don't need empty.")
                    for n in 1...GrantRoundForm.maximumRows { question(n) }
                    H2(.class("govuk-heading-m")) { "Assessment criteria" }
                    Paragraph(criteriaFixed ? "Reviewers have already scored, so these can't change." : "What reviewers score, each with a weight (its share of the total) and a top score.")
                    for n in 1...GrantRoundForm.maximumRows { criterion(n) }
                    Div(.class("govuk-form-group")) {
                        Fieldset(.class("govuk-fieldset")) {
                            Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--m")) { "Priority areas (optional)" }
                            Div(.class("govuk-checkboxes govuk-checkboxes--small")) {
                                for (code, name) in areas.localities.map({ ($0.code, $0.name) }) + areas.wards.map({ ($0.code, "\($0.name) ward") }) {
                                    Div(.class("govuk-checkboxes__item")) {
                                        Input(.class("govuk-checkboxes__input"), .id("priority_\(code)"), .name("priority_\(code)"), .type(.checkbox), .value("on"),
                                              value("priority_\(code)").isEmpty ? .none : .checked)
                                        Label(.class("govuk-label govuk-checkboxes__label"), .for("priority_\(code)")) { Text(name) }
                                    }
                                }
                            }
                        }
                    }
                    SubmitButton("Save round")
                }
            }
        }
    }

    private func question(_ n: Int) -> HTML {
        Fieldset(.class("govuk-fieldset govuk-!-margin-bottom-6")) {
            Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--s")) { Text("Question \(n)") }
            FormFields([
                field("question_\(n)", "Question \(n)", hint: "For example, Is your group based in the borough?"),
                field("question_\(n)_hint", "Hint for question \(n) (optional)"),
                field("question_\(n)_ineligible", "Which answer to question \(n) means a group can't apply?", kind: .radios,
                      options: [.init(value: "yes", label: "Yes", selected: value("question_\(n)_ineligible") == "yes"),
                                .init(value: "no", label: "No", selected: value("question_\(n)_ineligible") == "no")]),
                field("question_\(n)_why", "Why a group with that answer can't apply", hint: "The group reads this"),
            ])
        }.html
    }

    private func criterion(_ n: Int) -> HTML {
        Fieldset(.class("govuk-fieldset govuk-!-margin-bottom-6")) {
            Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--s")) { Text("Criterion \(n)") }
            FormFields([
                field("criterion_\(n)", "Criterion \(n)", hint: "For example, Brings together people from different backgrounds"),
                field("criterion_\(n)_weight", "Weight of criterion \(n)", hint: "1 to 100", width: "govuk-input--width-3"),
                field("criterion_\(n)_maximum", "Top score for criterion \(n)", hint: "Scores run from 0 to this, like 5", width: "govuk-input--width-3"),
            ])
        }.html
    }
}
