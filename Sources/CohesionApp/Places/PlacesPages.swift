import Foundation

/// `/areas`: the district, its localities and their wards.
struct AreaListPage: Page {
    let tree: AreasController.AreasPage

    var title: String { "Areas" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Home", link: PlatformRoutes.home.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading("Areas")
        if let district = tree.district {
            Paragraph {
                Text(district.name)
                " (ONS code "
                TextLink(district.code, to: Places.Routes.area.path(AreaCode(district.code)))
                ") has \(DisplayFormat.count(tree.wardCount, "electoral ward"))"
                if !tree.localities.isEmpty { ", grouped into \(DisplayFormat.count(tree.localities.count, "locality", plural: "localities"))" }
                "."
            }
        }
        for locality in tree.localities {
            wardTable(caption: "Wards in \(locality.name)", captionLink: (locality.name, AreaCode(locality.code)), wards: locality.wards)
        }
        if !tree.unassignedWards.isEmpty {
            wardTable(caption: "Wards not in a locality", captionLink: nil, wards: tree.unassignedWards)
        }
        if tree.wardCount == 0 { Paragraph("No wards have been added yet.") }
    }

    func wardTable(caption: String, captionLink: (String, AreaCode)?, wards: [AreaDTO]) -> HTML {
        DataTable(caption: caption, captionVisible: true,
                  captionContent: captionLink.map { TextLink($0.0, to: Places.Routes.area.path($0.1)).html },
                  columns: [.init("Ward"), .init("ONS code")]) {
            for ward in wards {
                TableRow {
                    Cell { TextLink(ward.name, to: Places.Routes.area.path(AreaCode(ward.code))) }
                    Cell(ward.code)
                }
            }
        }.html
    }
}

/// `/maps`: a choropleth of a census measure with the same figures in a sortable table.
struct MapsPage: Page {
    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct OptionGroup: Sendable { let label: String; let options: [Option] }
    struct Row: Sendable { let code: String; let name: String; let value: String; let count: String; let total: String }
    struct SortLink: Sendable { let href: SitePath; let ariaSort: String }
    /// A key row; the swatch is a tiny inline SVG because the content security policy forbids style attributes.
    typealias LegendEntry = ChoroplethFigure.LegendEntry

    let measureGroups: [OptionGroup]
    let levels: [Option]
    let heading: String?
    /// The map, drawn by CohesionCore's ChoroplethMap (which escapes its names and titles).
    let svg: HTML?
    let legend: [LegendEntry]
    let mapKind: String?
    let notice: String?
    let rows: [Row]
    let valueHeading: String
    let showsCounts: Bool
    let sortByName: SortLink
    let sortByValue: SortLink
    let source: String

    var title: String { heading.map { "Map: \($0)" } ?? "Maps" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Home", link: PlatformRoutes.home.path), .init(label: "Areas", link: Places.Routes.areas.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading(heading ?? "Maps")
        Form(.class("app-map-controls"), .method(.get), .action(Places.Routes.maps.path)) {
            Div(.class("govuk-form-group")) {
                Label(.class("govuk-label govuk-label--s"), .for("measure")) { "What to map" }
                if measureGroups.isEmpty {
                    Paragraph("No census tables yet.")
                } else {
                    Select(.class("govuk-select app-map-controls__measure"), .id("measure"), .name("measure")) {
                        for group in measureGroups {
                            Optgroup(.attribute("label", group.label)) {
                                for choice in group.options { option(choice) }
                            }
                        }
                    }
                }
            }
            Div(.class("govuk-form-group")) {
                Label(.class("govuk-label govuk-label--s"), .for("level")) { "Areas" }
                Select(.class("govuk-select"), .id("level"), .name("level")) {
                    for level in levels { option(level) }
                }
            }
            Button(.buttonType(.submit), .class("govuk-button govuk-button--secondary"), .data("module", "govuk-button")) { "Show map" }
        }
        if let notice { Div(.class("govuk-inset-text")) { Text(notice) } }
        if let svg {
            ChoroplethFigure(svg: svg, legend: legend, caption: "Darker shades are higher values; hatched areas have no data. Select or focus an area to see its name and value. The figures are also in the table below.")
        }
        if !rows.isEmpty { table }
        Paragraph(source, size: "s")
    }

    func option(_ option: Option) -> HTML {
        OptionElement(.value(option.value), option.selected ? .selected : .none) { Text(option.label) }.html
    }

    var table: HTML {
        var columns: [TableColumn] = [
            TableColumn(heading: sortHeading("Area", sortByName), ariaSort: sortByName.ariaSort),
            TableColumn(heading: sortHeading(valueHeading, sortByValue), numeric: true, ariaSort: sortByValue.ariaSort),
        ]
        if showsCounts { columns.append(TableColumn("Residents", numeric: true)) }
        columns.append(TableColumn("All residents", numeric: true))
        return Div(.class("app-table-wrapper"), .role("region"), .aria("label", "Figures behind the map"), .tabindex(0)) {
            Table(.class("govuk-table")) {
                Caption(.class("govuk-table__caption govuk-table__caption--m")) { Text(heading ?? "Maps") }
                Thead(.class("govuk-table__head")) {
                    Tr(.class("govuk-table__row")) {
                        for column in columns {
                            Th(.scope("col"), .classes("govuk-table__header", column.numeric ? "govuk-table__header--numeric" : nil),
                               column.ariaSort.map { .aria("sort", $0) } ?? .none) { column.heading }
                        }
                    }
                }
                Tbody(.class("govuk-table__body")) {
                    for row in rows {
                        TableRow {
                            RowHeader { TextLink(row.name, to: Places.Routes.area.path(AreaCode(row.code))) }
                            Cell(row.value, numeric: true)
                            if showsCounts { Cell(row.count, numeric: true) }
                            Cell(row.total, numeric: true)
                        }
                    }
                }
            }
        }.html
    }

    func sortHeading(_ label: String, _ link: SortLink) -> HTML {
        A(.class("govuk-link"), .href(link.href)) {
            Text(label)
            Span(.class("govuk-visually-hidden")) { " (sort)" }
        }.html
    }
}


/// `/admin/localities`: the council's localities and the wards in each.
struct LocalityListPage: Page {
    struct Row: Sendable { let code: String; let name: String; let wards: String; let wardCount: Int }

    let rows: [Row]
    let unassigned: [String]

    var title: String { "Localities" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading("Localities")
        Paragraph("Localities are the council's own groups of wards. Locality leads work in one locality, and organisations can belong to one.")
        P(.class("govuk-body")) { ButtonLink("Add a locality", to: Places.Routes.newLocality.path) }
        if rows.isEmpty {
            Paragraph("There are no localities yet.")
        } else {
            DataTable(caption: "Localities and their wards", columns: [.init("Locality"), .init("Wards", numeric: true), .init("Ward names")]) {
                for row in rows {
                    TableRow {
                        Cell { TextLink(row.name, to: Places.Routes.locality.path(AreaCode(row.code))) }
                        Cell("\(row.wardCount)", numeric: true)
                        Cell(row.wards)
                    }
                }
            }
        }
        if !unassigned.isEmpty {
            H2(.class("govuk-heading-m")) { "Wards not in a locality" }
            Ul(.class("govuk-list govuk-list--bullet")) {
                for name in unassigned { Li { Text(name) } }
            }
        }
    }
}

/// Adding or changing a locality: its name, a short code for a new one, and its wards.
struct LocalityFormPage: Page {
    struct WardChoice: Sendable { let code: String; let label: String; let checked: Bool }

    let heading: String
    /// The locality being changed, or nil when adding one.
    let code: AreaCode?
    let fields: [FormField]
    let wards: [WardChoice]
    let errors: FormErrors

    var title: String { heading }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Localities", link: Places.Routes.localities.path)]
    }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(heading)
            PostForm(to: code.map { Places.Routes.locality.path($0) } ?? Places.Routes.newLocality.path, context) {
                FormFields(fields)
                wardChoices
                Div(.class("govuk-button-group")) {
                    SubmitButton("Save locality")
                    TextLink("Cancel", to: Places.Routes.localities.path)
                }
            }
            if let code {
                H2(.class("govuk-heading-m")) { "Remove this locality" }
                P(.class("govuk-body")) { TextLink("Remove this locality", to: Places.Routes.deleteLocality.path(code)) }
            }
        }
    }

    var wardChoices: HTML {
        let error = errors["wards"]
        return Div(.classes("govuk-form-group", error != nil ? "govuk-form-group--error" : nil)) {
            Fieldset(.class("govuk-fieldset"), .aria("describedby", "wards-hint" + (error != nil ? " wards-error" : ""))) {
                Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--m")) { "Wards in this locality" }
                Div(.id("wards-hint"), .class("govuk-hint")) { "Select all that apply. A ward already in another locality moves to this one." }
                ErrorMessage(for: "wards", error)
                Div(.class("govuk-checkboxes")) {
                    for (index, ward) in wards.enumerated() {
                        let id = index == 0 ? "wards" : "wards-\(index)"
                        Div(.class("govuk-checkboxes__item")) {
                            Input(.class("govuk-checkboxes__input"), .id(id), .name("wards"), .type(.checkbox), .value(ward.code), ward.checked ? .checked : .none)
                            Label(.class("govuk-label govuk-checkboxes__label"), .for(id)) { Text(ward.label) }
                        }
                    }
                }
            }
        }.html
    }
}

/// "Are you sure?" before removing a locality, saying what will change; or why it can't be yet.
struct LocalityDeletePage: Page {
    let name: String
    let code: AreaCode
    let wardCount: Int
    let organisationCount: Int
    let leadCount: Int

    var title: String { "Remove \(name)" }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Localities", link: Places.Routes.localities.path),
         .init(label: name, link: Places.Routes.locality.path(code))]
    }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            if leadCount > 0 {
                PageHeading("You cannot remove \(name) yet")
                Paragraph {
                    "\(DisplayFormat.count(leadCount, "locality lead")) \(leadCount == 1 ? "works" : "work") in \(name). Give them another locality on the "
                    TextLink("Users", to: Accounts.Routes.users.path)
                    " page first."
                }
                P(.class("govuk-body")) { TextLink("Back to \(name)", to: Places.Routes.locality.path(code)) }
            } else {
                PageHeading("Are you sure you want to remove \(name)?")
                Ul(.class("govuk-list govuk-list--bullet")) {
                    Li { "\(DisplayFormat.count(wardCount, "ward")) will no longer be in a locality." }
                    Li { "\(DisplayFormat.count(organisationCount, "organisation")) will have no locality." }
                }
                Paragraph("The wards and organisations themselves are kept.")
                PostForm(to: Places.Routes.deleteLocality.path(code), context) {
                    Div(.class("govuk-button-group")) {
                        SubmitButton("Yes, remove \(name)", warning: true)
                        TextLink("No, keep it", to: Places.Routes.locality.path(code))
                    }
                }
            }
        }
    }
}

/// `/admin/data`: load the ONS files, and see what is loaded.
struct DataPage: Page {
    struct Choice: Sendable { let value: String; let label: String; let hint: String; let checked: Bool }
    struct LoadedTable: Sendable { let key: String; let topic: String; let level: String; let source: String; let importedAt: String }

    let choices: [Choice]
    let errors: FormErrors
    let tables: [LoadedTable]
    let counts: [String]
    let maxSize: String

    var title: String { "Data" }
    var hasErrors: Bool { !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Home", link: PlatformRoutes.home.path), .init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading("Data")
            Paragraph("Load the Office for National Statistics files that describe the council's communities. A file with a mistake changes nothing: you will be told the line and what is wrong.")
            PostForm(to: Places.Routes.data.path, context, multipart: true) {
                kindChoice
                FormFieldGroup(FormField(name: "file", label: "File", kind: .file, hint: "CSV or GeoJSON, up to \(maxSize).", error: errors["file"],
                                         accept: ".csv,.geojson,.json,text/csv,application/geo+json,application/json"))
                SubmitButton("Import file")
            }
            H2(.class("govuk-heading-m")) { "What is loaded" }
            Ul(.class("govuk-list govuk-list--bullet")) {
                for line in counts { Li { Text(line) } }
            }
            if tables.isEmpty {
                Paragraph("No Census tables yet.")
            } else {
                DataTable(caption: "Census 2021 tables", captionVisible: true, captionSize: "s",
                          columns: [.init("Table"), .init("Published for"), .init("File"), .init("Imported")]) {
                    for table in tables {
                        TableRow {
                            RowHeader("\(table.key): \(table.topic)")
                            Cell("\(table.level)s")
                            Td(.class("govuk-table__cell app-break-words")) { Text(table.source) }
                            Cell(table.importedAt)
                        }
                    }
                }
            }
        }
    }

    /// The kinds of file, each with a hint saying what it is for.
    var kindChoice: HTML {
        let error = errors["kind"]
        return Div(.classes("govuk-form-group", error != nil ? "govuk-form-group--error" : nil)) {
            Fieldset(.class("govuk-fieldset"), error != nil ? .aria("describedby", "kind-error") : .none) {
                Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--m")) { "What kind of file is it?" }
                ErrorMessage(for: "kind", error)
                Div(.class("govuk-radios")) {
                    for (index, choice) in choices.enumerated() {
                        let id = index == 0 ? "kind" : "kind-\(index)"
                        Div(.class("govuk-radios__item")) {
                            Input(.class("govuk-radios__input"), .id(id), .name("kind"), .type(.radio), .value(choice.value),
                                  .aria("describedby", "kind-\(index)-hint"), choice.checked ? .checked : .none)
                            Label(.class("govuk-label govuk-radios__label"), .for(id)) { Text(choice.label) }
                            Div(.id("kind-\(index)-hint"), .class("govuk-hint govuk-radios__hint")) { Text(choice.hint) }
                        }
                    }
                }
            }
        }.html
    }
}
