import CohesionCore
import Foundation

/// The public suggestion form, for a new group or place or a correction to one: plain words for
/// a resident who may read English as a second language, on a phone. Nothing in it asks for or
/// fills in the resident's own details except the optional address for a reply.
struct AssetSuggestionFormPage: Page {
    /// The asset a correction is for; nil for a new one.
    let asset: (id: UUID, name: String)?
    let form: AssetSuggestionForm
    let errors: FormErrors
    /// Too many suggestions from this address this hour: the form comes back with a message.
    let rateLimited: Bool

    var title: String { asset == nil ? "Suggest a group, place or service" : "Suggest a correction" }
    var hasErrors: Bool { !errors.isEmpty || rateLimited }
    var breadcrumbs: [Breadcrumb] {
        [.init(label: "Directory", link: Assets.Routes.directory.path)]
            + (asset.map { [Breadcrumb(label: $0.name, link: Assets.Routes.directoryEntry.path($0.id))] } ?? [])
    }

    var action: SitePath { asset.map { Assets.Routes.suggestCorrection.path($0.id) } ?? Assets.Routes.suggestNew.path }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            if rateLimited {
                Div(.class("govuk-error-summary"), .tabindex(-1), .flag("autofocus")) {
                    Div(.role("alert")) {
                        H2(.class("govuk-error-summary__title")) { "You have sent a lot of suggestions" }
                        Div(.class("govuk-error-summary__body")) {
                            P(.class("govuk-body")) {
                                Text("We can take \(AssetSuggestionsController.suggestionsPerHour) suggestions an hour from one internet connection. Please try again in an hour. What you wrote is still below, so you can keep a copy.")
                            }
                        }
                    }
                }
            }
            ErrorSummary(errors)
            PageHeading(title, caption: asset?.name)
            if asset == nil {
                Paragraph("Tell us about something in your area that should be in the directory: a group, a club, a class, a place to meet or a service.")
                Paragraph("Fill in what you know. You can leave out anything you are not sure about. We check every suggestion before it appears.")
            } else {
                Paragraph("The form shows what the directory says now. Change only what is wrong or out of date, or tell us in the message at the end. We check every suggestion before we change the directory.")
            }
            PostForm(to: action, context) {
                // Sent before the checkboxes, so a form with every box unticked still says so.
                Input(.type(.hidden), .name(AssetSuggestionForm.Field.accessibility.rawValue), .value(""))
                FormFields(form.assetFields(errors: errors))
                FormFields(form.personalFields(errors: errors))
                Div(.class("govuk-visually-hidden")) {
                    Label(.for(AssetSuggestionForm.honeypot)) { "Leave this empty. It helps us stop spam." }
                    Input(.type(.text), .id(AssetSuggestionForm.honeypot), .name(AssetSuggestionForm.honeypot), .value(""),
                          .tabindex(-1), .autocomplete("off"))
                }
                Div(.class("govuk-button-group")) {
                    SubmitButton("Send suggestion")
                    A(.class("govuk-link"), .href(asset.map { Assets.Routes.directoryEntry.path($0.id) } ?? Assets.Routes.directory.path)) {
                        "Cancel"
                    }
                }
            }
        }
    }
}

extension AssetSuggestionForm {
    /// The asset's details: the same fields as the register's form, in plain words. Address
    /// fields don't ask the browser to fill them in, since they are the place's, not the
    /// resident's.
    func assetFields(errors: FormErrors) -> [FormField] {
        func option(_ value: String, _ label: String, _ current: String) -> FormField.Option { .init(value: value, label: label, selected: value == current) }
        let kinds = AssetCategory.allCases.filter(\.mayBePublic).map { option($0.rawValue, $0.summary, self[.category]) }
        let costs = [option("", "I don't know", self[.cost])] + AssetCost.allCases.map { option($0.rawValue, $0.label, self[.cost]) }
        let features = Set(self[.accessibility].split(separator: ",").map(String.init))
        return [
            FormField(name: "name", label: "What is it called?", value: self[.name], hint: "For example, Pleck Community Kitchen", autocomplete: "off"),
            FormField(name: "category", label: "What kind of thing is it?", kind: .radios, value: self[.category], options: kinds),
            FormField(name: "description", label: "What happens there? (optional)", kind: .textarea, value: self[.description],
                      hint: "Say what it is, who it is for and what people can do there. Up to \(DisplayFormat.count(AssetForm.descriptionLimit)) characters."),
            FormField(name: "address", label: "Address (optional)", value: self[.address], hint: "The address of the place, not your own",
                      autocomplete: "off"),
            FormField(name: "postcode", label: "Postcode (optional)", value: self[.postcode], hint: "For example, WS1 1TP",
                      autocomplete: "off", widthClass: "govuk-input--width-10", spellcheck: false),
            FormField(name: "website", label: "Website (optional)", kind: .url, value: self[.website], hint: "For example, https://example.org",
                      autocomplete: "off", spellcheck: false),
            FormField(name: "contact_email", label: "Email address for the group or place (optional)", kind: .email, value: self[.contactEmail],
                      hint: "Only an address they are happy to show to the public", autocomplete: "off", spellcheck: false),
            FormField(name: "contact_phone", label: "Phone number for the group or place (optional)", kind: .tel, value: self[.contactPhone],
                      hint: "For example, 01922 650000. Only a number they are happy to show to the public", autocomplete: "off",
                      widthClass: "govuk-input--width-20"),
            FormField(name: "opening_times", label: "When is it open? (optional)", kind: .textarea, value: self[.openingTimes],
                      hint: "Use the 24-hour clock. Write each day, or group of days, on a new line, like “Mon-Fri 09:00-17:00” and then “Sat 10:00-12:00”. You can add “closed bank holidays”."),
            FormField(name: "accessibility", label: "Accessibility (optional)", kind: .checkboxes, value: "", hint: "Select everything it has",
                      options: AccessibilityFeature.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: features.contains($0.rawValue)) }),
            FormField(name: "languages", label: "Languages spoken (optional)", value: self[.languages],
                      hint: "Put a comma between them, like English, Urdu, Polish"),
            FormField(name: "cost", label: "Does it cost anything?", kind: .radios, value: self[.cost], options: costs),
        ].map { $0.with(errors: errors) }
    }

    /// The message and the optional address for a reply: the only things about the resident.
    func personalFields(errors: FormErrors) -> [FormField] {
        [
            FormField(name: "message", label: "What should we know? (optional)", kind: .textarea, value: message,
                      hint: "Anything that helps us check it, like how you know about it. Up to \(DisplayFormat.count(Self.messageLimit)) characters. Please don't write other people's personal details."),
            FormField(name: "reply_email", label: "Your email address (optional)", kind: .email, value: replyEmail,
                      hint: "Only if you'd like us to reply. We use it only for this suggestion and delete it when we have checked it.",
                      autocomplete: "email", spellcheck: false),
        ].map { $0.with(errors: errors) }
    }
}

private let suggestionCrumbs: [Breadcrumb] = [
    .init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Assets", link: Assets.Routes.index.path),
]

/// The moderation queue: suggestions waiting (oldest first), then the latest decided.
struct AssetSuggestionQueuePage: Page {
    static let pendingLimit = 200
    static let decidedLimit = 50

    struct Row: Sendable {
        let id: UUID
        let title: String
        let received: String
        let status: AssetSuggestion.Status
        let decided: String
        let canDecide: Bool
    }

    let pending: [Row]
    let pendingTotal: Int
    let decided: [Row]

    var title: String { "Suggestions from residents" }
    var breadcrumbs: [Breadcrumb] { suggestionCrumbs }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        Paragraph("Residents suggest new groups and places, and corrections to the directory, with the public form. Nothing changes in the register or the directory until someone approves a suggestion here, and an approved new asset is only a draft.")
        H2(.class("govuk-heading-m")) { "Waiting for review" }
        if pending.isEmpty {
            Paragraph("No suggestions are waiting.")
        } else {
            if pendingTotal > pending.count {
                Paragraph("Showing the oldest \(DisplayFormat.count(pending.count)) of \(DisplayFormat.count(pendingTotal)).")
            }
            DataTable(caption: "Waiting for review, oldest first", columns: [.init("Suggestion"), .init("Received"), .init("Your part")]) {
                for row in pending {
                    TableRow {
                        Cell { A(.class("govuk-link"), .href(Assets.Routes.suggestion.path(row.id))) { Text(row.title) } }
                        Cell(row.received)
                        Cell(row.canDecide ? "You can decide it" : "You can see it; someone else decides")
                    }
                }
            }
        }
        H2(.class("govuk-heading-m")) { "Recently decided" }
        if decided.isEmpty {
            Paragraph("None decided yet.")
        } else {
            DataTable(caption: "Recently decided, latest first", columns: [.init("Suggestion"), .init("Received"), .init("Decision"), .init("Decided")]) {
                for row in decided {
                    TableRow {
                        Cell { A(.class("govuk-link"), .href(Assets.Routes.suggestion.path(row.id))) { Text(row.title) } }
                        Cell(row.received)
                        Cell { SuggestionStatusTag(row.status) }
                        Cell(row.decided)
                    }
                }
            }
        }
    }
}

struct SuggestionStatusTag: HTMLContent {
    let html: HTML
    init(_ status: AssetSuggestion.Status) {
        let colour = switch status {
        case .pending: "blue"
        case .approved: "green"
        case .partlyApproved: "turquoise"
        case .rejected: "red"
        }
        html = Tag(status.label, colour: colour).html
    }
}

/// One suggestion: for a correction, each proposed change beside the current value with a box
/// to apply it; for a new asset, the values (editable, so a moderator can fix what doesn't pass
/// the register's checks). Then the decision.
struct AssetSuggestionReviewPage: Page {
    struct Change: Sendable {
        let field: String
        let label: String
        let current: String
        let proposed: String
        let apply: Bool
        let error: String?
    }

    struct Decided: Sendable {
        let by: String
        let at: String
        let reason: String?
    }

    let id: UUID
    let title: String
    /// The asset a correction is for.
    let asset: (id: UUID, name: String)?
    let received: String
    let status: AssetSuggestion.Status
    let message: String?
    let replyEmail: String?
    let decided: Decided?
    let changes: [Change]
    /// For a new asset that this user may decide: its fields, to check and fix.
    let newValues: [FormField]
    /// For a new asset, read only.
    let newSummary: [SummaryRow]
    let canDecide: Bool
    let mayDecide: Bool
    let decisionFields: [FormField]
    let errors: FormErrors
    let submitted: Bool
    /// A second decision: why nothing happened.
    let notice: String?

    var hasErrors: Bool { submitted && !errors.isEmpty }
    var breadcrumbs: [Breadcrumb] { suggestionCrumbs + [.init(label: "Suggestions", link: Assets.Routes.suggestions.path)] }

    func body(_ context: PageContext) -> HTML {
        if let notice {
            Div(.class("govuk-error-summary"), .tabindex(-1), .flag("autofocus")) {
                Div(.role("alert")) {
                    H2(.class("govuk-error-summary__title")) { "Already decided" }
                    Div(.class("govuk-error-summary__body")) { P(.class("govuk-body")) { Text(notice) } }
                }
            }
        }
        ErrorSummary(errors)
        PageHeading(title, caption: asset == nil ? "Suggested new asset" : "Suggested correction")
        SummaryList(facts)
        if replyEmail != nil, status == .pending {
            Div(.class("govuk-inset-text")) {
                "We keep the sender's email address only until the suggestion is decided, then delete it. If you want to reply, do it before you decide."
            }
        }
        if let decided {
            SummaryList([.init(key: "Decision", value: status.label), .init(key: "Decided by", value: decided.by),
                         .init(key: "Decided", value: decided.at), .init(key: "Reason", value: decided.reason ?? "None given")])
            Paragraph("Any email address the sender gave was deleted when this was decided.")
        } else if !mayDecide {
            Div(.class("govuk-inset-text")) {
                Text(asset == nil ? "Only the cohesion team can decide suggestions of new assets."
                     : "Only the lead for this asset's locality, or the cohesion team, can decide this suggestion.")
            }
        }
        if asset != nil { correction(context) } else { newAsset(context) }
    }

    var facts: [SummaryRow] {
        var rows: [SummaryRow] = [.init(key: "Received", value: received), .init(key: "Status", value: status.label)]
        if let asset { rows.append(.init(key: "Asset", value: asset.name, link: Assets.Routes.show.path(asset.id))) }
        rows.append(.init(key: "Message", value: message ?? "No message"))
        if let replyEmail { rows.append(.init(key: "Email for a reply", value: replyEmail, externalLink: "mailto:" + replyEmail)) }
        return rows
    }

    func correction(_ context: PageContext) -> HTML {
        HTML.joined([
            H2(.class("govuk-heading-m")) { "Suggested changes" }.html,
            changes.isEmpty ? Paragraph("The sender didn't change any details: read their message.").html : .empty,
            canDecide
                ? PostForm(to: Assets.Routes.suggestion.path(id), context) {
                    if !changes.isEmpty {
                        Paragraph("Untick any change you don't want to make. Approved changes are checked as the register checks an edit.")
                        changesTable(withBoxes: true)
                    }
                    decision
                }.html
                : (changes.isEmpty ? .empty : changesTable(withBoxes: false)),
        ])
    }

    func changesTable(withBoxes: Bool) -> HTML {
        DataTable(caption: "Suggested changes", columns: [.init("Detail"), .init("Now"), .init("Suggested")] + (withBoxes ? [.init("Apply")] : [])) {
            for change in changes {
                TableRow {
                    RowHeader(change.label)
                    Cell(change.current)
                    Cell(change.proposed)
                    if withBoxes {
                        Cell {
                            Div(.classes("govuk-form-group", change.error != nil ? "govuk-form-group--error" : nil)) {
                                ErrorMessage(for: "apply-" + change.field, change.error)
                                Div(.class("govuk-checkboxes")) {
                                    Div(.class("govuk-checkboxes__item")) {
                                        Input(.class("govuk-checkboxes__input"), .id("apply-" + change.field), .name("apply"), .type(.checkbox),
                                              .value(change.field), change.apply ? .checked : .none,
                                              change.error != nil ? .aria("describedby", "apply-\(change.field)-error") : .none)
                                        Label(.class("govuk-label govuk-checkboxes__label"), .for("apply-" + change.field)) {
                                            "Apply this change"
                                            Span(.class("govuk-visually-hidden")) { Text(" to the " + change.label.lowercased()) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }.html
    }

    func newAsset(_ context: PageContext) -> HTML {
        HTML.joined([
            H2(.class("govuk-heading-m")) { "The suggested asset" }.html,
            canDecide
                ? PostForm(to: Assets.Routes.suggestion.path(id), context) {
                    Paragraph("Check the details and fix anything that doesn't pass the register's checks. Approving adds it to the register as a draft: it appears in the directory only when someone publishes it.")
                    FormFields(newValues)
                    decision
                }.html
                : SummaryList(newSummary).html,
        ])
    }

    var decision: HTML {
        HTML.joined([
            H2(.class("govuk-heading-m")) { "Decision" }.html,
            FormFields(decisionFields).html,
            SubmitButton("Save decision").html,
        ])
    }
}
