import CohesionCore
import Foundation

private let surveysCrumb = Breadcrumb(label: "Surveys", link: Surveys.Routes.index.path)

/// The waves, newest first, with their answers so far.
struct SurveyIndexPage: Page {
    let waves: [SurveyWave]
    let counts: [UUID: (questionnaire: Int, imported: Int)]

    var title: String { "Cohesion survey" }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        Paragraph("Each wave asks residents the Community Life Survey's questions, and your own. Answers come from the public questionnaire or from a file; weighting them to the census gives estimates with their uncertainty for the borough, each locality and each ward.")
        Div(.class("govuk-button-group")) {
            ButtonLink("New wave", to: Surveys.Routes.newWave.path)
            ButtonLink("Question bank", to: Surveys.Routes.questions.path, secondary: true)
        }
        if waves.isEmpty {
            Paragraph("There are no waves yet.")
        } else {
            DataTable(caption: "Survey waves", columns: [TableColumn("Wave"), TableColumn("Fieldwork"), TableColumn("Status"),
                                                         TableColumn("Answers", numeric: true), TableColumn("Weighted")]) {
                for wave in waves {
                    let count = counts[wave.id!] ?? (0, 0)
                    TableRow {
                        RowHeader {
                            A(.class("govuk-link"), .href(Surveys.Routes.wave.path(wave.id!))) { Text(wave.title) }
                            if wave.isSynthetic { " "; Tag("Synthetic", colour: "grey") }
                        }
                        Cell(wave.period)
                        Cell(wave.status.label)
                        Cell(DisplayFormat.count(count.questionnaire + count.imported), numeric: true)
                        Cell(wave.weightedAt.map(DisplayFormat.dateTime) ?? "Not yet")
                    }
                }
            }
        }
    }
}

/// Every question the council can ask: the standard ones and its own.
struct SurveyQuestionBankPage: Page {
    let items: [SurveyItem]

    var title: String { "Question bank" }
    var breadcrumbs: [Breadcrumb] { [surveysCrumb] }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        Paragraph("The standard questions are the Community Life Survey's, so results can be compared with England's. Answers in bold count toward the indicator; answers in brackets are left out of its base.")
        ButtonLink("Add a question", to: Surveys.Routes.newQuestion.path)
        DataTable(caption: "Questions", columns: [TableColumn("Indicator"), TableColumn("Question"), TableColumn("Answers"), TableColumn("Source")]) {
            for item in items {
                TableRow {
                    RowHeader {
                        Text(item.indicatorTitle)
                        if let ni = item.nationalIndicator { " ("; Text(ni); ")" }
                    }
                    Cell(item.question)
                    Cell {
                        Ul(.class("govuk-list govuk-body-s")) {
                            for option in item.options {
                                Li {
                                    if item.counted.contains(option.key) { Strong { Text(option.label) } }
                                    else if item.excluded.contains(option.key) { Text("(" + option.label + ")") }
                                    else { Text(option.label) }
                                }
                            }
                        }
                    }
                    Cell(item.isStandard ? "Community Life Survey" : "Added by the council")
                }
            }
        }
    }
}

struct SurveyItemFormPage: Page {
    let form: SurveyItemForm

    var title: String { "Add a question" }
    var breadcrumbs: [Breadcrumb] { [surveysCrumb, Breadcrumb(label: "Question bank", link: Surveys.Routes.questions.path)] }
    var hasErrors: Bool { !form.errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(form.errors)
            PageHeading(title)
            PostForm(to: Surveys.Routes.newQuestion.path, context) {
                FormFields([
                    field("question", "Question", .textarea, hint: "As people will read it, like: How safe do you feel walking alone in your area after dark?"),
                    field("hint", "Hint (optional)", .text, hint: "Shown under the question, like: Think about the last 12 months"),
                    field("options", "Answers", .textarea, hint: "One on each line, in the order shown"),
                    field("counted", "Answers that count toward the indicator", .textarea, hint: "Copy them from the answers, one on each line, like: Very safe"),
                    field("excluded", "Answers left out of the base (optional)", .textarea, hint: "Such as Don't know. Copy them from the answers, one on each line"),
                    field("indicator", "What the indicator measures", .text, hint: "Like: Feel safe outside after dark"),
                    field("key", "Short name", .text, hint: "Lower-case letters, digits and underscores, like feel_safe_after_dark. It names the question in imports and exports and can't be changed"),
                ])
                SubmitButton("Add question")
            }
        }
    }

    private func field(_ name: String, _ label: String, _ kind: FormField.Kind, hint: String) -> FormField {
        FormField(name: name, label: label, kind: kind, value: form.typed[name] ?? "", hint: hint,
                  spellcheck: name != "key").with(errors: form.errors)
    }
}

struct SurveyWaveFormPage: Page {
    let wave: SurveyWave?
    let form: SurveyWaveForm
    let bank: [SurveyItem]

    var title: String { wave.map { "Change \($0.title)" } ?? "New survey wave" }
    var breadcrumbs: [Breadcrumb] { [surveysCrumb] }
    var hasErrors: Bool { !form.errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(form.errors)
            PageHeading(title)
            PostForm(to: wave.map { Surveys.Routes.editWave.path($0.id!) } ?? Surveys.Routes.newWave.path, context) {
                FormFields([
                    text("title", "Name", hint: "Like Residents' survey spring 2027"),
                    text("starts", "First day of fieldwork", hint: "Day/month/year, like 1/3/2027", width: "govuk-input--width-10"),
                    text("ends", "Last day of fieldwork", hint: "Day/month/year, like 31/5/2027", width: "govuk-input--width-10"),
                    FormField(name: "items", label: "Questions asked", kind: .checkboxes, hint: "In the bank's order",
                              options: bank.map { FormField.Option(value: $0.key, label: $0.indicatorTitle, selected: form.items.contains($0.key)) }),
                    FormField(name: "weighting", label: "Weight the answers to the census by", kind: .checkboxes,
                              hint: "Weighting makes the answers represent everyone living in the area. A variable is left out when its census table hasn't been imported",
                              options: SurveyWeightingVariable.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: form.weighting.contains($0.rawValue)) }),
                    text("minimum-base", "Fewest answers for an estimate", hint: "Estimates from fewer answers are not shown. 30 is usual", width: "govuk-input--width-4"),
                    FormField(name: "status", label: "Public questionnaire", kind: .radios,
                              options: SurveyWave.Status.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: form.typed["status"] == $0.rawValue) }),
                    FormField(name: "introduction", label: "Introduction (optional)", kind: .textarea, value: form.typed["introduction"] ?? "",
                              hint: "Shown at the top of the questionnaire: who is asking and why"),
                ].map { $0.with(errors: form.errors) })
                SubmitButton("Save wave")
            }
        }
    }

    private func text(_ name: String, _ label: String, hint: String, width: String? = nil) -> FormField {
        FormField(name: name, label: label, value: form.typed[name] ?? "", hint: hint, widthClass: width)
    }
}

/// One wave: its answers, how weighting went, and every estimate with its interval.
struct SurveyWavePage: Page {
    let wave: SurveyWave
    let measures: [SurveyMeasure]
    let counts: (questionnaire: Int, imported: Int)
    let estimates: [SurveyEstimateTable.Cell: WeightedProportion]
    let areas: AreaRollup
    let showWards: Bool

    var title: String { wave.title }
    var breadcrumbs: [Breadcrumb] { [surveysCrumb] }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title, caption: "Survey wave")
        if wave.isSynthetic {
            Div(.class("govuk-inset-text")) { "Synthetic data: these answers were made up for the demonstration. They describe no real person or place." }
        }
        SummaryList([
            SummaryRow(key: "Fieldwork", value: wave.period, change: (Surveys.Routes.editWave.path(wave.id!), "Wave")),
            SummaryRow(key: "Public questionnaire", value: wave.status.label, link: wave.status == .open ? Surveys.Routes.questionnaire.path(wave.id!) : nil),
            SummaryRow(key: "Answers", value: "\(DisplayFormat.count(counts.questionnaire)) from the questionnaire, \(DisplayFormat.count(counts.imported)) imported"),
            SummaryRow(key: "Questions", value: DisplayFormat.count(wave.itemKeys.count, "question")),
            SummaryRow(key: "Weighted by", value: wave.weighting.isEmpty ? "Not weighted" : wave.weighting.map(\.label).joined(separator: "; ")),
            SummaryRow(key: "Fewest answers for an estimate", value: String(wave.minimumBase)),
        ])
        Div(.class("govuk-button-group")) {
            PostForm(to: Surveys.Routes.weightWave.path(wave.id!), context) {
                SubmitButton(wave.weightedAt == nil ? "Weight and make estimates" : "Weight again and update estimates")
            }
            ButtonLink("Import answers from a file", to: Surveys.Routes.importWave.path(wave.id!), secondary: true)
        }
        if let report = wave.weightingReport { weighting(report) }
        estimateTables
    }

    @HTMLBuilder private func weighting(_ report: SurveyWeightingReport) -> HTML {
        H2(.class("govuk-heading-m")) { "Weighting" }
        for note in report.notes { Div(.class("govuk-inset-text")) { Text(note) } }
        if !report.variables.isEmpty {
            SummaryList([
                SummaryRow(key: "Last weighted", value: wave.weightedAt.map(DisplayFormat.dateTime) ?? ""),
                SummaryRow(key: "Settled", value: report.converged ? "Yes, after \(DisplayFormat.count(report.iterations, "round"))" : "No: stopped after \(report.iterations) rounds"),
                SummaryRow(key: "Design effect", value: Self.decimal(report.designEffect, 2)),
                SummaryRow(key: "Effective number of answers", value: "\(DisplayFormat.count(Int(report.effectiveSampleSize.rounded()))) of \(DisplayFormat.count(report.respondents))"),
            ])
            DataTable(caption: "The answers against the census, before and after weighting", captionVisible: true, captionSize: "s",
                      columns: [TableColumn("Group"), TableColumn("Census", numeric: true), TableColumn("Answers", numeric: true), TableColumn("Weighted", numeric: true)]) {
                for margin in report.margins {
                    TableRow {
                        RowHeader(label(margin))
                        Cell(Self.percent(margin.populationShare), numeric: true)
                        Cell(Self.percent(margin.unweightedShare), numeric: true)
                        Cell(Self.percent(margin.weightedShare), numeric: true)
                    }
                }
            }
        }
    }

    private func label(_ margin: SurveyWeightingReport.Margin) -> String {
        switch SurveyWeightingVariable(rawValue: margin.variable) {
        case .ward: "Ward: " + (areas.names[margin.category] ?? margin.category)
        case .ageSex: "Age and sex: " + margin.category
        case .ethnicGroup: "Ethnic group: " + margin.category
        case nil: margin.category
        }
    }

    @HTMLBuilder private var estimateTables: HTML {
        H2(.class("govuk-heading-m")) { "Estimates" }
        if estimates.isEmpty {
            Paragraph("No estimates yet: weight the wave to make them.")
        } else {
            Paragraph("Percentages are weighted. The 95% interval is where the true figure most likely lies. Estimates from fewer than \(wave.minimumBase) answers are not shown; those marked “less reliable” have a coefficient of variation over 20%.")
            Paragraph {
                if showWards { TextLink("Show the borough and localities only", to: Surveys.Routes.wave.path(wave.id!)) }
                else { TextLink("Show wards too", to: Surveys.Routes.wave.path(wave.id!).with(query: [("areas", "wards")])) }
            }
            for measure in measures where shownAreas.contains(where: { estimates[SurveyEstimateTable.Cell(measure: measure.key, area: $0.code)] != nil }) {
                DataTable(caption: measure.title, captionVisible: true, captionSize: "s",
                          columns: [TableColumn("Area"), TableColumn("Estimate", numeric: true), TableColumn("95% interval", numeric: true),
                                    TableColumn("Answers", numeric: true)]) {
                    for area in shownAreas {
                        if let estimate = estimates[SurveyEstimateTable.Cell(measure: measure.key, area: area.code)] {
                            TableRow {
                                RowHeader(area.name)
                                if estimate.suppressed {
                                    Cell("[c]", numeric: true)
                                    Cell("Fewer than \(wave.minimumBase) answers", numeric: true)
                                } else {
                                    Cell(Self.percent(estimate.proportion) + (estimate.unreliable ? " (less reliable)" : ""), numeric: true)
                                    Cell("\(Self.percent(estimate.lower)) to \(Self.percent(estimate.upper))", numeric: true)
                                }
                                Cell(DisplayFormat.count(estimate.respondents), numeric: true)
                            }
                        }
                    }
                }
            }
        }
    }

    private var shownAreas: [(code: String, name: String)] {
        (areas.district.map { [($0.code, $0.name)] } ?? []) + areas.localities.map { ($0.code, $0.name) }
            + (showWards ? areas.wards.map { ($0.code, $0.name) } : [])
    }

    static func percent(_ share: Double) -> String { ValueFormat.percent.string(share * 100) }

    static func decimal(_ value: Double, _ places: Int) -> String { ValueFormat(decimals: places).string(value) }
}
