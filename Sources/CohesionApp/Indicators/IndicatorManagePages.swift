import CohesionCore
import Foundation

private let manageCrumb = Breadcrumb(label: "Manage indicators", link: Indicators.Routes.manage.path)

/// Every indicator for the team (with set-up and recomputing), or a partner's own.
struct IndicatorManagePage: Page {
    let indicators: [Indicator]
    let manages: Bool
    let user: User

    var title: String { manages ? "Manage indicators" : "Enter indicator values" }
    var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: "Indicators", link: Indicators.Routes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        if manages {
            Paragraph("Survey and operational indicators are worked out from Cohesion's own records: recompute them after the survey is weighted or new records arrive. Partner services enter their own indicators' values.")
            Div(.class("govuk-button-group")) {
                PostForm(to: Indicators.Routes.recompute.path, context) { SubmitButton("Recompute survey and operational values") }
                ButtonLink("Add a partner indicator", to: Indicators.Routes.new.path, secondary: true)
            }
        } else if indicators.isEmpty {
            Paragraph("Your organisation supplies no indicators. The cohesion team can set one up for you.")
        }
        if !indicators.isEmpty {
            DataTable(caption: "Indicators", columns: [TableColumn("Code"), TableColumn("Indicator"), TableColumn("Source"), TableColumn("Public"),
                                                       TableColumn("Worked out"), TableColumn("Actions")]) {
                for indicator in indicators {
                    let code = IndicatorCode(pathComponent: indicator.code)!
                    TableRow {
                        RowHeader(indicator.code)
                        Cell { TextLink(indicator.title, to: Indicators.Routes.indicator.path(code)) }
                        Cell(indicator.sourceKind.label)
                        Cell(indicator.isPublic ? "Yes" : "No")
                        Cell(indicator.computedAt.map(DisplayFormat.dateTime) ?? (indicator.sourceKind == .partner ? "Entered" : "Not yet"))
                        Cell {
                            Ul(.class("govuk-list govuk-!-margin-bottom-0")) {
                                if manages {
                                    Li { A(.class("govuk-link"), .href(Indicators.Routes.edit.path(code))) { "Change"; Span(.class("govuk-visually-hidden")) { Text(" " + indicator.title) } } }
                                }
                                if IndicatorPolicy.mayEnterValues(user, for: indicator) {
                                    Li { A(.class("govuk-link"), .href(Indicators.Routes.enterValues.path(code))) { "Enter values"; Span(.class("govuk-visually-hidden")) { Text(" for " + indicator.title) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct IndicatorFormPage: Page {
    let indicator: Indicator?
    let form: IndicatorForm
    let organisations: [(id: UUID, name: String)]

    var title: String { indicator.map { "Change \($0.code)" } ?? "Add a partner indicator" }
    var breadcrumbs: [Breadcrumb] { [manageCrumb] }
    var hasErrors: Bool { !form.errors.isEmpty }
    private var isPartner: Bool { indicator == nil || indicator?.sourceKind == .partner }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(form.errors)
            PageHeading(title, caption: indicator?.title)
            if let indicator, indicator.sourceKind != .partner {
                Paragraph("Its values are worked out from Cohesion's records (\(indicator.sourceKind.label.lowercased())), so its unit and code stay as they are.")
            }
            PostForm(to: indicator.map { Indicators.Routes.edit.path(IndicatorCode(pathComponent: $0.code)!) } ?? Indicators.Routes.new.path, context) {
                FormFields(fields.map { $0.with(errors: form.errors) })
                SubmitButton("Save indicator")
            }
        }
    }

    private func text(_ name: String) -> String { form.typed[name] ?? "" }

    private var fields: [FormField] {
        var fields: [FormField] = []
        if indicator == nil {
            fields.append(FormField(name: "code", label: "Code", value: text("code"), hint: "Short and unique, like PTN-01. It can't be changed later",
                                    widthClass: "govuk-input--width-10", spellcheck: false))
        }
        fields += [
            FormField(name: "title", label: "Name", value: text("title"), hint: "Like Hate incidents reported to the police per 1,000 residents"),
            FormField(name: "definition", label: "Definition", kind: .textarea, value: text("definition"),
                      hint: "In plain English: what is counted, over what, and where the figures come from"),
        ]
        if isPartner {
            fields.append(FormField(name: "unit", label: "Unit", kind: .radios,
                                    options: IndicatorUnit.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: text("unit") == $0.rawValue) }))
        }
        fields += [
            FormField(name: "polarity", label: "Which way is better?", kind: .radios,
                      options: IndicatorPolarity.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: text("polarity") == $0.rawValue) }),
            FormField(name: "target", label: "Target (optional)", value: text("target"), widthClass: "govuk-input--width-10"),
            FormField(name: "green", label: "On target from (optional)", value: text("green"),
                      hint: "A value at least this good shows as on target", widthClass: "govuk-input--width-10"),
            FormField(name: "amber", label: "Close to target from (optional)", value: text("amber"),
                      hint: "Between this and the on-target value shows as close; beyond it, off target", widthClass: "govuk-input--width-10"),
            checkboxes("performance", "Performance areas", IndicatorFrameworks.performanceAreas),
            checkboxes("marmot", "Marmot objectives", IndicatorFrameworks.marmotObjectives),
            checkboxes("equality", "Equality Framework modules", IndicatorFrameworks.equalityModules),
        ]
        if isPartner {
            fields.append(FormField(name: "organisation", label: "Partner organisation that enters its values", kind: .select, value: text("organisation"),
                                    options: [FormField.Option(value: "", label: "Only the cohesion team", selected: text("organisation").isEmpty)]
                                        + organisations.map { FormField.Option(value: $0.id.uuidString, label: $0.name, selected: text("organisation") == $0.id.uuidString) }))
        }
        fields.append(FormField(name: "public", label: "Show on the public dashboard", kind: .checkbox, value: "yes", checked: text("public") == "yes"))
        return fields
    }

    private func checkboxes(_ name: String, _ label: String, _ choices: [String]) -> FormField {
        FormField(name: name, label: label, kind: .checkboxes,
                  options: choices.map { FormField.Option(value: $0, label: $0, selected: form.chosen[name]?.contains($0) ?? false) })
    }
}

/// A partner's page for one indicator: a value on the form, or many from a CSV file.
struct IndicatorValuesPage: Page {
    static let fileField = "values_file"

    let indicator: Indicator
    let form: IndicatorValueForm
    let errors: FormErrors
    let problems: [IndicatorValueFile.Problem]
    let areas: AreaRollup
    let recent: [IndicatorValue]

    var title: String { "Enter values" }
    var breadcrumbs: [Breadcrumb] { [manageCrumb] }
    var hasErrors: Bool { !errors.isEmpty }
    private var code: IndicatorCode { IndicatorCode(pathComponent: indicator.code)! }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title, caption: "\(indicator.code): \(indicator.title)")
            Paragraph(indicator.definition)
            Paragraph("Values are in \(indicator.unit.label.lowercased()). A value for an area and period already entered is replaced.")
            PostForm(to: Indicators.Routes.enterValues.path(code), context) {
                FormFields([
                    FormField(name: "area", label: "Area", kind: .select, value: form.typed["area"] ?? "",
                              options: [FormField.Option(value: "", label: "Choose an area", selected: (form.typed["area"] ?? "").isEmpty)] + areaOptions),
                    text("period", "Period", hint: "Its name, like 2026/27 or April to June 2026"),
                    text("starts", "First day of the period", hint: "Day/month/year, like 1/4/2026", width: "govuk-input--width-10"),
                    text("ends", "Last day of the period", hint: "Day/month/year, like 31/3/2027", width: "govuk-input--width-10"),
                    text("value", "Value", hint: nil, width: "govuk-input--width-10"),
                    text("lower", "Lower end of the 95% interval (optional)", hint: nil, width: "govuk-input--width-10"),
                    text("upper", "Upper end of the 95% interval (optional)", hint: nil, width: "govuk-input--width-10"),
                    text("n", "Count or number of people it is based on (optional)", hint: nil, width: "govuk-input--width-10"),
                    text("source", "Source (optional)", hint: "Like Police recorded crime, extracted 3 April 2027"),
                ].map { $0.with(errors: errors) })
                SubmitButton("Save value")
            }
            H2(.class("govuk-heading-m")) { "Many values from a CSV file" }
            Paragraph("One row per area and period, with the columns area_code, period, period_start, period_end and value, and optionally lower, upper, n and source. Dates as day/month/year or YYYY-MM-DD. All or nothing: a file with a problem saves nothing.")
            PostForm(to: Indicators.Routes.uploadValues.path(code), context, multipart: true) {
                FormFieldGroup(FormField(name: Self.fileField, label: "CSV file", kind: .file, hint: "UTF-8 CSV, up to 5 MB.",
                                         error: errors[Self.fileField], accept: ".csv,text/csv"))
                SubmitButton("Upload values", secondary: true)
            }
            if !problems.isEmpty {
                DataTable(caption: "Problems in the file", captionVisible: true,
                          columns: [TableColumn("Line", numeric: true), TableColumn("Column"), TableColumn("Problem")]) {
                    for problem in problems {
                        TableRow { Cell(String(problem.line), numeric: true); Cell(problem.column); Cell(problem.message) }
                    }
                }
            }
        }
        if !recent.isEmpty {
            DataTable(caption: "Values entered most recently", captionVisible: true,
                      columns: [TableColumn("Area"), TableColumn("Period"), TableColumn("Value", numeric: true), TableColumn("Source")]) {
                for value in recent {
                    TableRow {
                        RowHeader(areas.names[value.areaCode] ?? value.areaCode)
                        Cell(value.periodLabel)
                        Cell(value.value.map(indicator.unit.text) ?? "", numeric: true)
                        Cell(value.source)
                    }
                }
            }
        }
    }

    private var areaOptions: [FormField.Option] {
        let chosen = form.typed["area"] ?? ""
        return (areas.district.map { [($0.code, $0.name)] } ?? []).map { FormField.Option(value: $0.0, label: $0.1, selected: chosen == $0.0) }
            + areas.localities.map { FormField.Option(value: $0.code, label: "Locality: " + $0.name, selected: chosen == $0.code) }
            + areas.wards.map { FormField.Option(value: $0.code, label: "Ward: " + $0.name, selected: chosen == $0.code) }
    }

    private func text(_ name: String, _ label: String, hint: String?, width: String? = nil) -> FormField {
        FormField(name: name, label: label, value: form.typed[name] ?? "", hint: hint, widthClass: width)
    }
}
