import CohesionCore
import Foundation

/// `/directory`: find community groups, places and services, for residents on a phone. Filters
/// on the left (above on a phone), results on the right, then the same results on a ward map.
struct DirectoryPage: Page {
    struct Result: Sendable {
        let id: UUID
        let name: String
        let kind: String
        let summary: String
        let place: String
        let ward: String?
        let distance: String?
        let openNow: Bool?
        let spaceForAll: Bool
        let cost: String?
    }

    let filter: DirectoryFilter
    let errors: FormErrors
    let choices: AssetQueries.FilterChoices
    let results: [Result]
    let pagination: PaginationView
    let accessQuery: [AccessibilityFeature]
    let total: Int
    let map: WardMapView?
    let nearPostcode: String?

    var title: String { "Find community groups and places" }
    var hasErrors: Bool { !errors.isEmpty }

    var fields: [FormField] {
        func option(_ value: String, _ label: String, _ current: String) -> FormField.Option { .init(value: value, label: label, selected: value == current) }
        return [
            FormField(name: "q", label: "What are you looking for?", value: filter.words, hint: "For example, ESOL, women's group, hall, food bank"),
            FormField(name: "postcode", label: "Near a postcode (optional)", value: filter.postcode, autocomplete: "postal-code",
                      widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "category", label: "Kind", kind: .select, value: filter.category?.rawValue ?? "",
                      options: [option("", "Any kind", filter.category?.rawValue ?? "")]
                        + AssetCategory.allCases.filter(\.mayBePublic).map { option($0.rawValue, $0.label, filter.category?.rawValue ?? "") }),
            FormField(name: "locality", label: "Area", kind: .select, value: filter.locality,
                      options: [option("", "Anywhere", filter.locality)] + choices.localities.map { option($0.code, $0.name, filter.locality) }),
            FormField(name: "ward", label: "Ward", kind: .select, value: filter.ward,
                      options: [option("", "Any ward", filter.ward)] + choices.wards.map { option($0.code, $0.name, filter.ward) }),
            FormField(name: "language", label: "Language spoken", kind: .select, value: filter.language,
                      options: [option("", "Any language", filter.language)] + choices.languages.map { option($0, $0, filter.language) }),
            FormField(name: "cost", label: "Cost", kind: .select, value: filter.cost?.rawValue ?? "",
                      options: [option("", "Any cost", filter.cost?.rawValue ?? "")] + AssetCost.allCases.map { option($0.rawValue, $0.label, filter.cost?.rawValue ?? "") }),
            FormField(name: "access", label: "Accessibility", kind: .checkboxes, value: "",
                      options: AccessibilityFeature.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: accessQuery.contains($0)) }),
            FormField(name: "open_now", label: "Open now", kind: .checkbox, value: "yes", checked: filter.openNow),
            FormField(name: "space_for_all", label: "Space for All: warm, welcoming spaces", kind: .checkbox, value: "yes", checked: filter.spaceForAll),
        ].map { $0.with(errors: errors) }
    }

    func body(_ context: PageContext) -> HTML {
        ErrorSummary(errors)
        PageHeading(title)
        Paragraph("Groups, places, classes and services in your area. Search by what you need, or where you live.")
        Div(.class("govuk-grid-row")) {
            Div(.class("govuk-grid-column-one-third")) {
                GetForm(to: Assets.Routes.directory.path) {
                    FormFields(fields)
                    Div(.class("govuk-button-group")) {
                        SubmitButton("Search")
                        if filter.isFiltered { A(.class("govuk-link"), .href(Assets.Routes.directory.path)) { "Clear filters" } }
                    }
                }
            }
            Div(.class("govuk-grid-column-two-thirds")) {
                Div(.role("status")) {
                    H2(.class("govuk-heading-m")) {
                        Text(total == 0 ? "No results" : "\(DisplayFormat.count(total, "result"))" + (nearPostcode.map { ", nearest to \($0) first" } ?? ""))
                    }
                }
                if results.isEmpty {
                    Paragraph("Nothing matches. Try fewer words, another spelling, or fewer filters.")
                } else {
                    Ul(.class("govuk-list app-results")) {
                        for result in results { Li(.class("app-result")) { item(result) } }
                    }
                }
                PaginationLinks(pagination)
                if let map {
                    H2(.class("govuk-heading-m")) { "On the map" }
                    if let notice = map.notice { Div(.class("govuk-inset-text")) { Text(notice) } }
                    ChoroplethFigure(svg: map.svg, legend: map.legend,
                                     caption: "How many of the results are in each ward: darker shades have more. Select or focus a ward to see its name and count.")
                }
                Div(.class("govuk-inset-text")) {
                    "Know a group or place that should be here? "
                    A(.class("govuk-link"), .href(Assets.Routes.suggestNew.path)) { "Suggest one" }
                    "."
                }
            }
        }
    }

    func item(_ result: Result) -> HTML {
        HTML.joined([
            H3(.class("govuk-heading-s govuk-!-margin-bottom-1")) {
                A(.class("govuk-link"), .href(Assets.Routes.directoryEntry.path(result.id))) { Text(result.name) }
            }.html,
            P(.class("govuk-body-s govuk-!-margin-bottom-1 app-secondary-text")) {
                Text(([result.kind] + [result.ward, result.distance.map { "\($0) away" }].compactMap { $0 }).joined(separator: " · "))
            }.html,
            result.summary.isEmpty ? .empty : P(.class("govuk-body govuk-!-margin-bottom-1")) { Text(result.summary) }.html,
            result.place.isEmpty ? .empty : P(.class("govuk-body-s govuk-!-margin-bottom-1")) { Text(result.place) }.html,
            P(.class("govuk-body-s")) {
                if let open = result.openNow { Tag(open ? "Open now" : "Closed now", colour: open ? "green" : "grey") }
                if result.spaceForAll { " "; Tag("Space for All", colour: "purple") }
                if let cost = result.cost { " "; Tag(cost, colour: "blue") }
            }.html,
        ])
    }
}

/// One entry in the directory: what it is, when it's open, accessibility, how to get in touch.
struct DirectoryEntryPage: Page {
    let details: AssetDetails
    let openNow: Bool?
    let structured: StructuredData

    var title: String { details.asset.name }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Directory", link: Assets.Routes.directory.path)] }
    var structuredData: StructuredData? { structured }

    func body(_ context: PageContext) -> HTML {
        let a = details.asset
        TwoThirds {
            PageHeading(a.name, caption: details.term?.name ?? a.category.label)
            if a.spaceForAll {
                P(.class("govuk-body")) { Tag("Space for All", colour: "purple"); " A warm, welcoming space anyone can use." }
            }
            SummaryList(AssetSummary.rows(details, staff: false))
            H2(.class("govuk-heading-m")) { "Opening times" }
            OpeningTimesTable(a.openingTimes, openNow: openNow)
            if !a.accessibility.isEmpty {
                H2(.class("govuk-heading-m")) { "Accessibility" }
                Ul(.class("govuk-list govuk-list--bullet")) { for feature in a.accessibility { Li { Text(feature.label) } } }
            }
            H2(.class("govuk-heading-m")) { "How to get in touch" }
            if a.contactEmail == nil && a.contactPhone == nil && a.website == nil {
                Paragraph("No contact details are recorded. You can visit at the times above.")
            } else {
                Ul(.class("govuk-list")) {
                    if let phone = a.contactPhone { Li { "Phone: "; A(.class("govuk-link"), .href(external: "tel:" + phone.filter { $0.isNumber || $0 == "+" })) { Text(phone) } } }
                    if let email = a.contactEmail { Li { "Email: "; A(.class("govuk-link"), .href(external: "mailto:" + email)) { Text(email) } } }
                    if let website = a.website { Li { "Website: "; A(.class("govuk-link"), .href(external: website)) { Text(website) } } }
                }
            }
            Div(.class("govuk-inset-text")) {
                "Is something wrong or out of date? "
                A(.class("govuk-link"), .href(Assets.Routes.suggestCorrection.path(a.id!))) {
                    "Suggest a correction"
                    Span(.class("govuk-visually-hidden")) { Text(" to " + a.name) }
                }
                "."
            }
        }
    }
}
