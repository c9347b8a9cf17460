import CohesionCore
import Foundation

/// `/assets/import`: export the register, import the register's CSV file, or import another
/// directory's Open Referral UK data. A refused file is explained under its form: every problem
/// with its line (or record) and column, and nothing in the register changed.
struct AssetTransferPage: Page {
    /// Which of the two imports a report or an error belongs to.
    enum Form: String, Sendable { case csv = "csv_file", openReferral = "openreferral_file" }

    /// The problems found in one file.
    struct ProblemReport: Sendable {
        struct Row: Sendable { let place: String; let column: String; let problem: String }
        let form: Form
        let filename: String
        let rows: [Row]
        /// How many more problems there were beyond those listed; nil when not counted.
        let more: Int?
    }

    let errors: FormErrors
    let report: ProblemReport?
    let maxSize: String

    var title: String { "Import and export assets" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Assets", link: Assets.Routes.index.path)]
    }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title)
            Paragraph("Bring many assets into the register at once, or take a copy of it to work on in a spreadsheet. An import is all or nothing: if any row has a problem, nothing changes and you are told the line, the column and what to fix.")
            H2(.class("govuk-heading-m")) { "Export the register" }
            Paragraph("Every asset except people's skills, in any status, as a CSV file that opens in Excel. Change it and import it back to update the assets: keep the id column as it is.")
            P(.class("govuk-body")) { TextLink("Download the register as CSV", to: Assets.Routes.exportCSV.path) }
            SectionBreak()
            H2(.class("govuk-heading-m")) { "Import assets from a CSV file" }
            Paragraph("A row without an id adds an asset; a row with an id from an export changes that asset. Organisations must already be in Cohesion, named as they are there.")
            P(.class("govuk-body")) { TextLink("Download the CSV template", to: Assets.Routes.templateCSV.path) }
            columnGuide
            PostForm(to: Assets.Routes.importCSV.path, context, multipart: true) {
                FormFieldGroup(FormField(name: Form.csv.rawValue, label: "CSV file", kind: .file, hint: "UTF-8 CSV, up to \(maxSize).",
                                         error: errors[Form.csv.rawValue], accept: ".csv,text/csv"))
                SubmitButton("Import CSV file")
            }
            problems(for: .csv)
            SectionBreak()
            H2(.class("govuk-heading-m")) { "Import from another directory" }
            Paragraph("Services from another directory's Open Referral UK 3.0 data (a JSON file of services, as its /services endpoint gives them) become draft assets for you to check before publishing. Importing the same file again updates them rather than adding them twice.")
            PostForm(to: Assets.Routes.importOpenReferral.path, context, multipart: true) {
                FormFieldGroup(FormField(name: Form.openReferral.rawValue, label: "Open Referral UK JSON file", kind: .file,
                                         hint: "JSON, up to \(maxSize).", error: errors[Form.openReferral.rawValue], accept: ".json,application/json"))
                SubmitButton("Import services")
            }
            problems(for: .openReferral)
        }
    }

    /// The columns the file may have, from `AssetCSV.columnGuide`.
    @HTMLBuilder var columnGuide: HTML {
        Details(.class("govuk-details")) {
            Summary(.class("govuk-details__summary")) { Span(.class("govuk-details__summary-text")) { "What each column means" } }
            Div(.class("govuk-details__text")) {
                DataTable(caption: "Columns of the asset CSV file", columns: [.init("Column"), .init("Required"), .init("What to put in it")]) {
                    for column in AssetCSV.columnGuide {
                        TableRow {
                            RowHeader { Code { Text(column.column) } }
                            Cell(column.required ? "Yes" : "No")
                            Cell(column.explanation)
                        }
                    }
                }
            }
        }
    }

    @HTMLBuilder func problems(for form: Form) -> HTML {
        if let report, report.form == form {
            DataTable(caption: "Problems in \(report.filename)", captionVisible: true, captionSize: "s",
                      columns: [.init(form == .csv ? "Line" : "Record"), .init(form == .csv ? "Column" : "Field"), .init("Problem")]) {
                for row in report.rows {
                    TableRow {
                        Cell(row.place)
                        Td(.class("govuk-table__cell app-break-words")) { Text(row.column.isEmpty ? "—" : row.column) }
                        Cell(row.problem)
                    }
                }
            }
            if let more = report.more, more > 0 {
                Paragraph("And \(DisplayFormat.count(more, "more problem")). Fix these and import the file again to see them.")
            } else if report.more == nil {
                Paragraph("There are more problems after these. Fix these and import the file again to see the rest.")
            }
        }
    }
}

/// GOV.UK's section break, `<hr>` between the page's parts.
private struct SectionBreak: HTMLContent {
    private enum Hr: ElementName { static let tag = "hr" }
    var html: HTML { VoidElement<Hr>(.class("govuk-section-break govuk-section-break--l govuk-section-break--visible")).html }
}
