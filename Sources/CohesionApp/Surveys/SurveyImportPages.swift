import CohesionCore
import Foundation

/// Step one of an import: choose the file.
struct SurveyImportPage: Page {
    let wave: SurveyWave
    let errors: FormErrors
    let maxSize: String

    var title: String { "Import answers" }
    var breadcrumbs: [Breadcrumb] {
        [Breadcrumb(label: "Surveys", link: Surveys.Routes.index.path), Breadcrumb(label: wave.title, link: Surveys.Routes.wave.path(wave.id!))]
    }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title, caption: wave.title)
            Paragraph("Add answers collected on paper or by another organisation. The file needs one row for each person and a header row naming the columns. Next you match the columns to the questions.")
            Ul(.class("govuk-list govuk-list--bullet")) {
                Li { "answers in the words of the question's answers (like “Definitely agree”) or their short names" }
                Li { "each person's ward or locality code (like E05001320), or their postcode" }
                Li { "optionally: their age group, sex and ethnic group, a date, and your own respondent id (ids already imported are refused)" }
            }
            Paragraph("An import is all or nothing: if any row has a problem, nothing is added and you are told the line, the column and what to fix.")
            PostForm(to: Surveys.Routes.importWave.path(wave.id!), context, multipart: true) {
                FormFieldGroup(FormField(name: SurveyImportController.fileField, label: "CSV file", kind: .file, hint: "UTF-8 CSV, up to \(maxSize).",
                                         error: errors[SurveyImportController.fileField], accept: ".csv,text/csv"))
                SubmitButton("Continue")
            }
        }
    }
}

/// Step two: match the file's columns to the wave's questions and the "about you" questions.
struct SurveyImportColumnsPage: Page {
    let upload: SurveyImportUpload
    let wave: SurveyWave
    let items: [SurveyItem]
    let headers: [String]
    let mapping: SurveyImportMapping
    let errors: FormErrors
    let problems: SurveyImportReport?

    var title: String { "Match the columns" }
    var breadcrumbs: [Breadcrumb] {
        [Breadcrumb(label: "Surveys", link: Surveys.Routes.index.path), Breadcrumb(label: wave.title, link: Surveys.Routes.wave.path(wave.id!))]
    }
    var hasErrors: Bool { !errors.isEmpty }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title, caption: upload.fileName)
            Paragraph("For each question, choose the column of the file that holds its answers. We have guessed where we could.")
            PostForm(to: Surveys.Routes.importColumns.path(upload.id!), context) {
                Div(.id("columns")) {
                    // The error summary links here: the message is repeated where it lands.
                    ErrorMessage(for: "columns", errors["columns"])
                    H2(.class("govuk-heading-m")) { "Where people live" }
                    FormFields([
                        select("area", "Ward or locality code", mapping.areaColumn),
                        select("postcode", "Postcode", mapping.postcodeColumn),
                    ])
                    H2(.class("govuk-heading-m")) { "Questions" }
                    FormFields(items.map { select("item-" + $0.key, $0.question, mapping.itemColumns[$0.key]) })
                    H2(.class("govuk-heading-m")) { "About the person (optional)" }
                    FormFields([
                        select("age", "Age group", mapping.ageBandColumn),
                        select("sex", "Sex", mapping.sexColumn),
                        select("ethnic-group", "Ethnic group", mapping.ethnicGroupColumn),
                        select("date", "Date answered", mapping.dateColumn),
                        select("id", "Your respondent id", mapping.idColumn),
                    ])
                }
                SubmitButton("Import answers")
            }
            if let problems { report(problems) }
        }
    }

    private func select(_ name: String, _ label: String, _ chosen: String?) -> FormField {
        FormField(name: name, label: label, kind: .select, value: chosen ?? "",
                  options: [FormField.Option(value: "", label: "Not in the file", selected: chosen == nil)]
                    + headers.map { FormField.Option(value: $0, label: $0, selected: $0 == chosen) })
    }

    @HTMLBuilder private func report(_ report: SurveyImportReport) -> HTML {
        DataTable(caption: "Problems in \(upload.fileName)", captionVisible: true,
                  columns: [TableColumn("Line", numeric: true), TableColumn("Column"), TableColumn("Problem")]) {
            for problem in report.problems {
                TableRow {
                    Cell(problem.line.map(String.init) ?? "", numeric: true)
                    Cell(problem.column ?? "")
                    Cell(problem.message)
                }
            }
        }
        if report.unlisted > 0 { Paragraph("And \(DisplayFormat.count(report.unlisted, "more problem")).") }
    }
}
