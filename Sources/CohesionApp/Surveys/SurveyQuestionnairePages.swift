import CohesionCore
import Foundation

private let haveYourSayCrumb = Breadcrumb(label: "Have your say", link: Surveys.Routes.haveYourSay.path)

/// The surveys taking answers now.
struct SurveyOpenWavesPage: Page {
    let waves: [SurveyWave]

    var title: String { "Have your say about your area" }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(title)
            Paragraph("The council asks residents how people get on in their area, whether they feel they belong, and whether they can influence decisions. Your answers help decide where to work with communities.")
            if waves.isEmpty {
                Paragraph("There is no survey open at the moment. Please come back later.")
            } else {
                Ul(.class("govuk-list")) {
                    for wave in waves {
                        Li {
                            A(.class("govuk-link govuk-!-font-weight-bold"), .href(Surveys.Routes.questionnaire.path(wave.id!))) { Text(wave.title) }
                            P(.class("govuk-body-s govuk-!-margin-bottom-0")) { Text("Open " + wave.period) }
                        }
                    }
                }
            }
        }
    }
}

/// A wave that is not (or no longer) taking answers.
struct SurveyClosedPage: Page {
    var title: String { "This survey is not taking answers" }
    var breadcrumbs: [Breadcrumb] { [haveYourSayCrumb] }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading(title)
            Paragraph("The survey may have closed, or the link may be wrong.")
            Paragraph { TextLink("See the surveys open now", to: Surveys.Routes.haveYourSay.path) }
        }
    }
}

/// The questionnaire on one page: where you live, the questions, and optional questions about you.
struct SurveyQuestionnairePage: Page {
    let wave: SurveyWave
    let items: [SurveyItem]
    let wards: [(code: String, name: String)]
    let form: SurveyQuestionnaireForm

    var title: String { wave.title }
    var breadcrumbs: [Breadcrumb] { [haveYourSayCrumb] }
    var hasErrors: Bool { !form.errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(form.errors)
            PageHeading(title, caption: "Survey")
            if !wave.introduction.isEmpty { Paragraph(wave.introduction) }
            Paragraph("It takes about 5 minutes. You can leave out any question you would rather not answer. We don't ask your name.")
            PostForm(to: Surveys.Routes.questionnaire.path(wave.id!), context) {
                Input(.type(.hidden), .name("submission"), .value(form.submission))
                H2(.class("govuk-heading-m")) { "Where you live" }
                FormFields([
                    FormField(name: "postcode", label: "Your postcode", value: form.postcode,
                              hint: "We use it only to find your ward, then forget it. For example, WS1 1TP",
                              autocomplete: "postal-code", widthClass: "govuk-input--width-10", spellcheck: false),
                    FormField(name: "ward", label: "Or choose your ward", kind: .select, value: form.wardChoice,
                              options: [FormField.Option(value: "", label: "Choose a ward", selected: form.wardChoice.isEmpty)]
                                + wards.map { FormField.Option(value: $0.code, label: $0.name, selected: $0.code == form.wardChoice) }),
                ].map { $0.with(errors: form.errors) })
                H2(.class("govuk-heading-m")) { "Your area" }
                FormFields(items.map { item in
                    FormField(name: "q-" + item.key, label: item.question, kind: .radios, hint: item.hint,
                              options: item.options.map { FormField.Option(value: $0.key, label: $0.label, selected: form.answers[item.key] == $0.key) })
                        .with(errors: form.errors)
                })
                H2(.class("govuk-heading-m")) { "About you (optional)" }
                Paragraph("These questions help us check that the answers represent everyone in the area. Your ethnic group is encrypted when it is stored, and it is only ever reported as totals for groups of people.")
                FormFields([
                    aboutYou("age", "Your age", SurveyAboutYou.ageBands, form.ageChoice),
                    aboutYou("sex", "Your sex", SurveyAboutYou.sexes, form.sexChoice),
                    FormField(name: "ethnic-group", label: "Your ethnic group", kind: .select, value: form.ethnicGroup ?? "",
                              hint: "The groups used by the 2021 Census",
                              options: [FormField.Option(value: "prefer-not", label: "Prefer not to say", selected: form.ethnicGroup == nil)]
                                + SurveyAboutYou.ethnicGroups.map { FormField.Option(value: $0.key, label: "\($0.group): \($0.label)", selected: form.ethnicGroup == $0.key) }),
                ].map { $0.with(errors: form.errors) })
                Button(.buttonType(.submit), .class("govuk-button"), .id("send")) { "Send my answers" }
            }
        }
    }

    /// `chosen` is the value as sent ("prefer-not" included), or "" on a new form.
    private func aboutYou(_ name: String, _ label: String, _ choices: [(key: String, label: String)], _ chosen: String) -> FormField {
        FormField(name: name, label: label, kind: .radios,
                  options: choices.map { FormField.Option(value: $0.key, label: $0.label, selected: chosen == $0.key) }
                    + [FormField.Option(value: "prefer-not", label: "Prefer not to say", selected: chosen == "prefer-not")])
    }
}

struct SurveyThanksPage: Page {
    let wave: SurveyWave

    var title: String { "Thank you for your answers" }
    var breadcrumbs: [Breadcrumb] { [haveYourSayCrumb] }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            Div(.class("govuk-panel govuk-panel--confirmation")) {
                H1(.class("govuk-panel__title")) { Text(title) }
                Div(.class("govuk-panel__body")) { Text(wave.title) }
            }
            Paragraph("Your answers are added to everyone else's. We publish the results for the borough and for each area, but never in a way that could show what one person said.")
        }
    }
}
