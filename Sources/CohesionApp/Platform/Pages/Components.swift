/// GOV.UK Design System components, so that every page gets the same accessible markup: form
/// fields with their hints and inline errors, the error summary, summary lists, tables,
/// pagination, buttons and tags. Each is a small value that draws as HTML.

// MARK: Forms

/// A form that changes something: POST, with the CSRF token, without the browser's own
/// validation (the server's messages are clearer and keep what was typed).
struct PostForm: HTMLContent {
    let html: HTML
    init(to action: SitePath, _ context: PageContext, multipart: Bool = false, @HTMLBuilder _ content: () -> HTML) {
        html = Form(.method(.post), .action(action), .novalidate, multipart ? .enctype("multipart/form-data") : .none) {
            Input(.type(.hidden), .name(CSRF.fieldName), .value(context.csrfToken))
            content()
        }.html
    }
}

/// A search or filter form: GET, so its results have an address that can be shared.
struct GetForm: HTMLContent {
    let html: HTML
    init(to action: SitePath, @HTMLBuilder _ content: () -> HTML) {
        html = Form(.method(.get), .action(action), .novalidate) { content() }.html
    }
}

/// "There is a problem", listing each error as a link to its field. Nothing when there are none.
struct ErrorSummary: HTMLContent {
    let errors: FormErrors

    init(_ errors: FormErrors) { self.errors = errors }

    var html: HTML {
        guard !errors.isEmpty else { return .empty }
        return Div(.class("govuk-error-summary"), .data("module", "govuk-error-summary"), .tabindex(-1), .flag("autofocus")) {
            Div(.role("alert")) {
                H2(.class("govuk-error-summary__title")) { "There is a problem" }
                Div(.class("govuk-error-summary__body")) {
                    Ul(.class("govuk-list govuk-error-summary__list")) {
                        for item in errors.items {
                            Li { A(.href(fragment: item.field)) { Text(item.message) } }
                        }
                    }
                }
            }
        }.html
    }
}

struct SubmitButton: HTMLContent {
    let html: HTML
    init(_ label: String, secondary: Bool = false, warning: Bool = false) {
        html = Button(.buttonType(.submit), .classes("govuk-button", secondary ? "govuk-button--secondary" : nil, warning ? "govuk-button--warning" : nil)) {
            Text(label)
        }.html
    }
}

/// A link styled as a button ("Add an organisation"); `hiddenSuffix` tells screen reader users
/// what it acts on ("Edit" → "Edit Palfrey Faith Forum").
struct ButtonLink: HTMLContent {
    let html: HTML
    init(_ label: String, to link: SitePath, secondary: Bool = false, hiddenSuffix: String? = nil) {
        html = A(.classes("govuk-button", secondary ? "govuk-button--secondary" : nil), .href(link)) {
            Text(label)
            if let hiddenSuffix { Span(.class("govuk-visually-hidden")) { Text(hiddenSuffix) } }
        }.html
    }
}

/// A field's inline error, `id="NAME-error"` for its `aria-describedby`; nothing without one.
struct ErrorMessage: HTMLContent {
    let html: HTML
    init(for name: String, _ message: String?) {
        guard let message else { html = .empty; return }
        html = P(.id(name + "-error"), .class("govuk-error-message")) {
            Span(.class("govuk-visually-hidden")) { "Error:" }
            " "
            Text(message)
        }.html
    }
}

/// A list of form controls.
struct FormFields: HTMLContent {
    let html: HTML
    init(_ fields: [FormField]) { html = HTML.joined(fields.map { FormFieldGroup($0).html }) }
}

/// One form control with its label, hint, inline error and the value the user typed.
struct FormFieldGroup: HTMLContent {
    let field: FormField

    init(_ field: FormField) { self.field = field }

    var html: HTML {
        switch field.kind {
        case .checkbox: checkbox
        case .checkboxes: checkboxes
        case .radios: radios
        default: input
        }
    }

    private var errorMessage: HTML { ErrorMessage(for: field.name, field.error).html }

    /// A group's hint and error, read out with its legend (GOV.UK's fieldset pattern).
    private var fieldsetDescribedBy: Attribute {
        let ids = [field.hint.map { _ in field.name + "-hint" }, field.error.map { _ in field.name + "-error" }].compactMap { $0 }
        return ids.isEmpty ? .none : .aria("describedby", ids.joined(separator: " "))
    }

    private var group: Attribute { .classes("govuk-form-group", field.error != nil ? "govuk-form-group--error" : nil) }

    private var checkbox: HTML {
        Div(group) {
            errorMessage
            Div(.class("govuk-checkboxes")) {
                Div(.class("govuk-checkboxes__item")) {
                    Input(.class("govuk-checkboxes__input"), .id(field.name), .name(field.name), .type(.checkbox), .value(field.value),
                          field.checked ? .checked : .none, field.error != nil ? .aria("describedby", field.name + "-error") : .none)
                    Label(.class("govuk-label govuk-checkboxes__label"), .for(field.name)) { Text(field.label) }
                }
            }
        }.html
    }

    /// Several checkboxes under one question, sent as repeated values of one name.
    private var checkboxes: HTML {
        Div(group) {
            Fieldset(.class("govuk-fieldset"), fieldsetDescribedBy) {
                Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--s")) { Text(field.label) }
                if let hint = field.hint { Div(.id(field.name + "-hint"), .class("govuk-hint")) { Text(hint) } }
                errorMessage
                Div(.class("govuk-checkboxes")) {
                    for (index, option) in field.options.enumerated() {
                        let id = index == 0 ? field.name : "\(field.name)-\(index)"
                        Div(.class("govuk-checkboxes__item")) {
                            Input(.class("govuk-checkboxes__input"), .id(id), .name(field.name), .type(.checkbox), .value(option.value),
                                  option.selected ? .checked : .none)
                            Label(.class("govuk-label govuk-checkboxes__label"), .for(id)) { Text(option.label) }
                        }
                    }
                }
            }
        }.html
    }

    private var radios: HTML {
        Div(group) {
            Fieldset(.class("govuk-fieldset"), fieldsetDescribedBy) {
                Legend(.class("govuk-fieldset__legend govuk-fieldset__legend--s")) { Text(field.label) }
                if let hint = field.hint { Div(.id(field.name + "-hint"), .class("govuk-hint")) { Text(hint) } }
                errorMessage
                Div(.class("govuk-radios")) {
                    for (index, option) in field.options.enumerated() {
                        let id = index == 0 ? field.name : "\(field.name)-\(index)"
                        Div(.class("govuk-radios__item")) {
                            Input(.class("govuk-radios__input"), .id(id), .name(field.name), .type(.radio), .value(option.value),
                                  option.selected ? .checked : .none)
                            Label(.class("govuk-label govuk-radios__label"), .for(id)) { Text(option.label) }
                        }
                    }
                }
            }
        }.html
    }

    private var input: HTML {
        let describedBy = [field.hint.map { _ in field.name + "-hint" }, field.error.map { _ in field.name + "-error" }]
            .compactMap { $0 }.joined(separator: " ")
        let described: Attribute = describedBy.isEmpty ? .none : .aria("describedby", describedBy)
        let invalid = field.error != nil
        return Div(group) {
            Label(.class("govuk-label"), .for(field.name)) { Text(field.label) }
            if let hint = field.hint { Div(.id(field.name + "-hint"), .class("govuk-hint")) { Text(hint) } }
            errorMessage
            switch field.kind {
            case .select:
                Select(.classes("govuk-select", invalid ? "govuk-select--error" : nil), .id(field.name), .name(field.name), described) {
                    for option in field.options {
                        OptionElement(.value(option.value), option.selected ? .selected : .none) { Text(option.label) }
                    }
                }
            case .textarea:
                Textarea(.classes("govuk-textarea", invalid ? "govuk-textarea--error" : nil), .id(field.name), .name(field.name),
                         .rows(5), described) { Text(field.value) }
            case .file:
                Input(.classes("govuk-file-upload", invalid ? "govuk-file-upload--error" : nil), .id(field.name), .name(field.name),
                      .type(.file), field.accept.map { .accept($0) } ?? .none, described)
            default:
                Input(.classes("govuk-input", field.widthClass, invalid ? "govuk-input--error" : nil), .id(field.name), .name(field.name),
                      field.kind == .url ? .type(.text) : .attribute("type", field.kind.rawValue),
                      field.kind == .url ? .inputmode("url") : .none,
                      field.kind == .password ? .none : .value(field.value),
                      field.autocomplete.map { .autocomplete($0) } ?? .none,
                      field.spellcheck ? .none : .spellcheck(false),
                      described)
            }
        }.html
    }
}

// MARK: Showing things

/// The page's `<h1>`, with an optional caption above it ("Electoral ward").
struct PageHeading: HTMLContent {
    let html: HTML
    init(_ text: String, caption: String? = nil, size: String = "l") {
        html = HTML.joined([
            caption.map { c in Span(.class("govuk-caption-\(size)")) { Text(c) }.html } ?? .empty,
            H1(.class("govuk-heading-\(size)")) { Text(text) }.html,
        ])
    }
}

struct Paragraph: HTMLContent {
    let html: HTML
    init(_ text: String, size: String? = nil) {
        html = P(.class(size.map { "govuk-body-" + $0 } ?? "govuk-body")) { Text(text) }.html
    }
    init(size: String? = nil, @HTMLBuilder _ content: () -> HTML) {
        html = P(.class(size.map { "govuk-body-" + $0 } ?? "govuk-body")) { content() }.html
    }
}

/// A link inside text, in GOV.UK style.
struct TextLink: HTMLContent {
    let html: HTML
    init(_ label: String, to link: SitePath) { html = A(.class("govuk-link"), .href(link)) { Text(label) }.html }
}

/// A GOV.UK summary list: keys and values, a value optionally a link.
struct SummaryList: HTMLContent {
    let html: HTML
    init(_ rows: [SummaryRow]) {
        html = Dl(.class("govuk-summary-list")) {
            for row in rows {
                Div(.class("govuk-summary-list__row")) {
                    Dt(.class("govuk-summary-list__key")) { Text(row.key) }
                    Dd(.class("govuk-summary-list__value")) {
                        if let link = row.link {
                            A(.class("govuk-link"), .href(link)) { Text(row.value) }
                        } else if let external = row.externalLink {
                            A(.class("govuk-link"), .href(external: external)) { Text(row.value) }
                        } else {
                            Text(row.value)
                        }
                    }
                    if let change = row.change {
                        Dd(.class("govuk-summary-list__actions")) {
                            A(.class("govuk-link"), .href(change.link)) { "Change"; Span(.class("govuk-visually-hidden")) { Text(" " + change.what.lowercased()) } }
                        }
                    } else if rows.contains(where: { $0.change != nil }) {
                        // A row without an action keeps the columns lined up, as GOV.UK's list does.
                        Dd(.class("govuk-summary-list__actions")) { "" }
                    }
                }
            }
        }.html
    }
}

struct SummaryRow: Sendable {
    let key: String
    let value: String
    var link: SitePath? = nil
    /// A link out of the service: `mailto:` an address, an organisation's own website.
    var externalLink: String? = nil
    /// Where to change it, and what (for screen readers: "Change" alone says nothing out of its row).
    var change: (link: SitePath, what: String)? = nil
}

/// A table that scrolls sideways on a narrow screen, with a caption (hidden unless asked for)
/// for screen readers. Rows are `TableRow`s of `Cell`s and `RowHeader`s.
struct DataTable: HTMLContent {
    let html: HTML
    /// `captionContent` shows instead of the caption's text where it needs a link; `caption` still
    /// names the scrolling region for screen readers.
    init(caption: String, captionVisible: Bool = false, captionSize: String = "m", captionContent: HTML? = nil,
         columns: [TableColumn], @HTMLBuilder rows: () -> HTML) {
        html = Div(.class("app-table-wrapper"), .role("region"), .aria("label", caption), .tabindex(0)) {
            Table(.class("govuk-table")) {
                Caption(.classes("govuk-table__caption govuk-table__caption--\(captionSize)", captionVisible || captionContent != nil ? nil : "govuk-visually-hidden")) {
                    captionContent ?? Text(caption).html
                }
                Thead(.class("govuk-table__head")) {
                    Tr(.class("govuk-table__row")) {
                        for column in columns {
                            Th(.scope("col"), .classes("govuk-table__header", column.numeric ? "govuk-table__header--numeric" : nil),
                               column.ariaSort.map { .aria("sort", $0) } ?? .none) { column.heading }
                        }
                    }
                }
                Tbody(.class("govuk-table__body")) { rows() }
            }
        }.html
    }
}

struct TableColumn: Sendable {
    let heading: HTML
    var numeric: Bool = false
    /// `ascending`, `descending` or `none` on a sortable column.
    var ariaSort: String? = nil

    init(_ heading: String, numeric: Bool = false) {
        self.heading = .text(heading)
        self.numeric = numeric
    }

    init(heading: HTML, numeric: Bool = false, ariaSort: String? = nil) {
        self.heading = heading
        self.numeric = numeric
        self.ariaSort = ariaSort
    }
}

struct TableRow: HTMLContent {
    let html: HTML
    init(@HTMLBuilder _ cells: () -> HTML) { html = Tr(.class("govuk-table__row")) { cells() }.html }
}

struct Cell: HTMLContent {
    let html: HTML
    init(numeric: Bool = false, @HTMLBuilder _ content: () -> HTML) {
        html = Td(.classes("govuk-table__cell", numeric ? "govuk-table__cell--numeric" : nil)) { content() }.html
    }
    init(_ text: String, numeric: Bool = false) { self.init(numeric: numeric) { Text(text) } }
}

struct RowHeader: HTMLContent {
    let html: HTML
    init(@HTMLBuilder _ content: () -> HTML) { html = Th(.scope("row"), .class("govuk-table__header")) { content() }.html }
    init(_ text: String) { self.init { Text(text) } }
}

/// A GOV.UK tag: a short status ("Member", "Revoked").
struct Tag: HTMLContent {
    let html: HTML
    init(_ text: String, colour: String? = nil) {
        html = Strong(.classes("govuk-tag", colour.map { "govuk-tag--" + $0 })) { Text(text) }.html
    }
}

/// Previous and next links for a page of a listing; nothing when it fits on one page.
struct PaginationLinks: HTMLContent {
    let view: PaginationView

    init(_ view: PaginationView) { self.view = view }

    var html: HTML {
        guard view.previous != nil || view.next != nil else { return .empty }
        return Nav(.class("govuk-pagination"), .aria("label", "Pages")) {
            if let previous = view.previous {
                Div(.class("govuk-pagination__prev")) {
                    A(.class("govuk-link govuk-pagination__link"), .href(previous), .rel("prev")) {
                        "Previous"
                        Span(.class("govuk-visually-hidden")) { " page" }
                    }
                }
            }
            Ul(.class("govuk-pagination__list")) {
                for link in view.links {
                    Li(.classes("govuk-pagination__item", link.current ? "govuk-pagination__item--current" : nil)) {
                        A(.class("govuk-link govuk-pagination__link"), .href(link.href), .aria("label", "Page \(link.number)"),
                          link.current ? .aria("current", "page") : .none) { "\(link.number)" }
                    }
                }
            }
            if let next = view.next {
                Div(.class("govuk-pagination__next")) {
                    A(.class("govuk-link govuk-pagination__link"), .href(next), .rel("next")) {
                        "Next"
                        Span(.class("govuk-visually-hidden")) { " page" }
                    }
                }
            }
        }.html
    }
}

/// Two-thirds of the page's width, where GOV.UK puts forms and text.
struct TwoThirds: HTMLContent {
    let html: HTML
    init(@HTMLBuilder _ content: () -> HTML) {
        html = Div(.class("govuk-grid-row")) { Div(.class("govuk-grid-column-two-thirds")) { content() } }.html
    }
}
