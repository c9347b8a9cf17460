import CohesionCore
import Foundation

private let manageCrumbs: [Breadcrumb] = [
    .init(label: "Dashboard", link: PlatformRoutes.dashboard.path), .init(label: "Grants", link: Grants.Routes.manage.path),
]

/// `/grants/manage`: each fund's money (budget, committed, paid, remaining) and its rounds with
/// how many applications are at each stage.
struct GrantFundsPage: Page {
    struct FundView: Sendable {
        let fund: GrantFund
        let paidPence: Int
        let rounds: [(GrantRound, [GrantApplicationState: Int])]
    }

    let funds: [FundView]

    var title: String { "Grants" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        Div(.class("govuk-button-group")) {
            ButtonLink("New fund", to: Grants.Routes.newFund.path, secondary: true)
            ButtonLink("New round", to: Grants.Routes.newRound.path, secondary: true)
        }
        if funds.isEmpty { Paragraph("There are no grant funds yet.") }
        for view in funds {
            H2(.class("govuk-heading-m")) { Text(view.fund.name) }
            Paragraph(size: "s") { TextLink("Change the fund", to: Grants.Routes.editFund.path(view.fund.id!)) }
            SummaryList([
                SummaryRow(key: "Budget", value: Money.pounds(view.fund.budgetPence)),
                SummaryRow(key: "Committed to awards", value: Money.pounds(view.fund.committedPence)),
                SummaryRow(key: "Paid", value: Money.pounds(view.paidPence)),
                SummaryRow(key: "Remaining", value: Money.pounds(view.fund.remainingPence)),
            ])
            DataTable(caption: "Rounds of \(view.fund.name)", columns: [
                TableColumn("Round"), TableColumn("Dates"), TableColumn("Received", numeric: true), TableColumn("Being assessed", numeric: true),
                TableColumn("Awarded", numeric: true), TableColumn("Not funded", numeric: true),
            ]) {
                for (round, counts) in view.rounds {
                    TableRow {
                        Cell { A(.class("govuk-link"), .href(Grants.Routes.manageRound.path(round.id!))) { Text(round.name) } }
                        Cell("\(DisplayFormat.dateTime(round.opensAt)) to \(DisplayFormat.dateTime(round.closesAt))")
                        Cell(DisplayFormat.count(counts.filter { $0.key != .draft }.values.reduce(0, +)), numeric: true)
                        Cell(DisplayFormat.count([.submitted, .eligibilityChecked, .inReview, .atPanel].reduce(0) { $0 + (counts[$1] ?? 0) }), numeric: true)
                        Cell(DisplayFormat.count([.awarded, .inMonitoring, .closed].reduce(0) { $0 + (counts[$1] ?? 0) }), numeric: true)
                        Cell(DisplayFormat.count(counts[.declined] ?? 0), numeric: true)
                    }
                }
            }
        }
    }
}

/// A round's applications, oldest first, with their stage and score.
struct GrantRoundApplicationsPage: Page {
    let round: GrantRound
    let applications: [GrantApplication]
    let scores: [UUID: GrantScoring.ApplicationScore]
    let drafts: Int

    var title: String { round.name }
    var breadcrumbs: [Breadcrumb] { manageCrumbs }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title, caption: "Grant round")
        Paragraph { TextLink("Change the round", to: Grants.Routes.editRound.path(round.id!)); " (dates, amounts, guidance, questions and criteria)" }
        Paragraph("\(DisplayFormat.count(applications.count, "application")) sent; \(DisplayFormat.count(drafts, "draft")) not yet sent.")
        Paragraph { TextLink("Panel pack", to: Grants.Routes.panelPack.path(round.id!)); " (printable: applications ranked by score against the money left)" }
        DataTable(caption: "Applications to \(round.name)", columns: [
            TableColumn("Reference"), TableColumn("Group"), TableColumn("Project"), TableColumn("Asked for", numeric: true),
            TableColumn("Stage"), TableColumn("Score", numeric: true),
        ]) {
            for application in applications {
                TableRow {
                    Cell { A(.class("govuk-link"), .href(Grants.Routes.manageApplication.path(application.id!))) { Text(application.reference ?? "") } }
                    Cell(application.answers.organisationName)
                    Cell(application.projectTitle)
                    Cell(Money.pounds(application.requestedPence), numeric: true)
                    Cell(application.state.label)
                    Cell(scores[application.id!]?.percentage.map(GrantPanelPackPage.percent) ?? "Not scored", numeric: true)
                }
            }
        }
    }
}

/// One application for the team: the answers, the history, the reviews, and one form with the
/// steps the workflow allows from here.
struct GrantApplicationPage: Page {
    let application: GrantApplication
    let round: GrantRound
    let areas: GrantAreaChoices
    let payments: [GrantPayment]
    let report: GrantMonitoringReport?
    var photos: [UUID] = []
    let history: [(GrantApplicationEvent, String?)]
    let reviews: [(GrantReview, String)]
    /// Panel members who may be chosen as reviewers (when review can start).
    let panel: [User]
    let errors: FormErrors
    let typed: [String: String]

    var title: String { "\(application.reference ?? "Draft"): \(application.projectTitle)" }
    var breadcrumbs: [Breadcrumb] { manageCrumbs + [.init(label: round.name, link: Grants.Routes.manageRound.path(round.id!))] }
    var hasErrors: Bool { !errors.isEmpty }

    var actions: [GrantAction] { GrantWorkflow.actions(from: application.state, by: .officer) }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title, caption: application.answers.organisationName)
            SummaryList([
                SummaryRow(key: "Stage", value: application.state.label),
                SummaryRow(key: "Asked for", value: Money.pounds(application.requestedPence)),
                SummaryRow(key: "Awarded", value: application.awardedPence.map(Money.pounds) ?? "Nothing yet"),
                SummaryRow(key: "Sent", value: application.submittedAt.map(DisplayFormat.dateTime) ?? "Not yet"),
            ])
            if !actions.isEmpty { decide(context) }
            if application.state.holdsAward { money(context) }
            if let report { monitoring(report, context) }
            for section in GrantApplicationSection.allCases where section != .declarations {
                H2(.class("govuk-heading-m")) { Text(section.title) }
                SummaryList(GrantAnswerRows.rows(section, application.answers, round: round, areas: areas))
            }
            if !reviews.isEmpty {
                H2(.class("govuk-heading-m")) { "Reviews" }
                SummaryList(reviews.map { review, name in
                    let status = switch review.conflicted {
                    case nil: "Not yet said whether they have a conflict of interest"
                    case true?: "Conflict of interest: \(review.conflictNote)"
                    case false?: review.submittedAt == nil ? "Scoring"
                        : "Sent: \(GrantScoring.weightedPercentage(review.scores, criteria: round.criteria).map(GrantPanelPackPage.percent) ?? "incomplete")"
                            + (review.comments.isEmpty ? "" : ". “\(review.comments)”")
                    }
                    return SummaryRow(key: name, value: status)
                })
            }
            H2(.class("govuk-heading-m")) { "History" }
            SummaryList(history.map { event, name in
                SummaryRow(key: event.at.map(DisplayFormat.dateTime) ?? "",
                           value: "\(event.action.pastTense) by \(name ?? event.actor.label)"
                               + (event.amountPence.map { ": \(Money.pounds($0))" } ?? "")
                               + (event.reason.isEmpty ? "" : ". \(event.reason)")
                               + (event.conditions.isEmpty ? "" : ". Conditions: \(event.conditions)"))
            })
        }
    }

    private func value(_ name: String) -> String { typed[name] ?? "" }

    /// One form: the step, then whatever any of the steps offered needs (an amount, a reason,
    /// conditions, reviewers), each saying which step it is for.
    private func decide(_ context: PageContext) -> HTML {
        let fields = Set(actions.flatMap { action -> Set<GrantRecordField> in
            let move = GrantWorkflow.transition(action)
            return move.required.union(move.offered)
        })
        return HTML.joined([
            H2(.class("govuk-heading-m")) { "Decide what happens next" }.html,
            PostForm(to: Grants.Routes.manageApplication.path(application.id!), context) {
                FormFields([FormField(name: "action", label: "What do you want to do?", kind: .radios,
                                      options: actions.map { .init(value: $0.rawValue, label: $0.label, selected: value("action") == $0.rawValue) })
                    .with(errors: errors)])
                if fields.contains(.amount) {
                    FormFields([FormField(name: "amount", label: "Amount to award, in pounds (for an award)", value: value("amount"),
                                          hint: "Up to the \(Money.pounds(application.requestedPence)) asked for", widthClass: "govuk-input--width-10")
                        .with(errors: errors)])
                }
                if fields.contains(.reviewers) {
                    FormFields([FormField(name: "reviewers", label: "Reviewers from the grant panel (to start review)", kind: .checkboxes,
                                          hint: panel.isEmpty ? "No one has the grant panel role yet: an administrator can give it." : "Each will say whether they have a conflict of interest before they read it",
                                          options: panel.map { .init(value: $0.id!.uuidString, label: $0.name, selected: false) })
                        .with(errors: errors)])
                }
                if fields.contains(.reason) {
                    FormFields([FormField(name: "reason", label: "Reason", kind: .textarea, value: value("reason"),
                                          hint: "Needed to decline or to return it for changes; the group is told it in their letter. Up to 2,000 characters.")
                        .with(errors: errors)])
                }
                if actions.contains(.startMonitoring) {
                    FormFields([FormField(name: "report_due", label: "Monitoring report due (to start monitoring, optional)", value: value("report_due"),
                                          hint: "For example, 30/4/2027. Empty: four weeks after the project ends", widthClass: "govuk-input--width-10")
                        .with(errors: errors)])
                }
                if fields.contains(.conditions) {
                    FormFields([FormField(name: "conditions", label: "Conditions of the grant (for an award, optional)", kind: .textarea,
                                          value: value("conditions"), hint: "For example, what the group must send us and when")
                        .with(errors: errors)])
                }
                SubmitButton("Record this step")
            }.html,
        ])
    }
}

extension GrantApplicationPage {
    /// Payments: what is scheduled and paid, and a form for the next.
    func money(_ context: PageContext) -> HTML {
        let scheduled = payments.reduce(0) { $0 + $1.amountPence }
        return HTML.joined([
            H2(.class("govuk-heading-m"), .id("payments")) { "Payments" }.html,
            Paragraph("\(Money.pounds(scheduled)) of the \(Money.pounds(application.awardedPence ?? 0)) award scheduled; \(Money.pounds(payments.filter { $0.paidAt != nil }.reduce(0) { $0 + $1.amountPence })) paid.").html,
            payments.isEmpty ? .empty : DataTable(caption: "Payments", columns: [TableColumn("Due"), TableColumn("Amount", numeric: true), TableColumn("Paid")]) {
                for payment in payments {
                    TableRow {
                        Cell(CalendarDate(iso: payment.dueOn).map(DisplayFormat.date) ?? payment.dueOn)
                        Cell(Money.pounds(payment.amountPence), numeric: true)
                        Cell {
                            if let paid = payment.paidAt { Text(DisplayFormat.dateTime(paid)) }
                            else {
                                PostForm(to: Grants.Routes.markPaid.path(payment.id!), context) {
                                    Button(.buttonType(.submit), .class("govuk-button govuk-button--secondary govuk-!-margin-bottom-0")) {
                                        "Mark paid"; Span(.class("govuk-visually-hidden")) { Text(" " + Money.pounds(payment.amountPence)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }.html,
            scheduled >= (application.awardedPence ?? 0) ? .empty : PostForm(to: Grants.Routes.schedulePayment.path(application.id!), context) {
                FormFields([
                    FormField(name: "payment_amount", label: "Amount to pay, in pounds", value: typed["payment_amount"] ?? "",
                              hint: "Up to \(Money.pounds((application.awardedPence ?? 0) - scheduled)) left", widthClass: "govuk-input--width-10").with(errors: errors),
                    FormField(name: "payment_due", label: "Pay on", value: typed["payment_due"] ?? "", hint: "For example, 30/4/2027",
                              widthClass: "govuk-input--width-10").with(errors: errors),
                ])
                SubmitButton("Schedule payment", secondary: true)
            }.html,
        ])
    }

    /// The group's monitoring report, and its sign-off.
    func monitoring(_ report: GrantMonitoringReport, _ context: PageContext) -> HTML {
        HTML.joined([
            H2(.class("govuk-heading-m"), .id("sign-off")) { "Monitoring report" }.html,
            ErrorMessage(for: "sign-off", errors["sign-off"]).html,
            SummaryList([SummaryRow(key: "Due", value: report.due.map(DisplayFormat.date) ?? report.dueOn)]
                + (report.submittedAt == nil ? [SummaryRow(key: "Sent", value: "Not yet")] : [
                    SummaryRow(key: "Sent", value: report.submittedAt.map(DisplayFormat.dateTime) ?? ""),
                    SummaryRow(key: "What happened", value: report.whatHappened),
                    SummaryRow(key: "People who took part", value: report.peopleReached.sorted { $0.key < $1.key }
                        .map { "\(areas.name(ofLocality: $0.key)): \(DisplayFormat.count($0.value))" }.joined(separator: "; ")),
                    SummaryRow(key: "What changed", value: report.whatChanged),
                    SummaryRow(key: "Signed off", value: report.signedOffAt.map(DisplayFormat.dateTime) ?? "Not yet"),
                ])).html,
            photos.isEmpty ? .empty : HTML.joined(photos.enumerated().map { n, id in
                P(.class("govuk-body")) {
                    A(.class("govuk-link"), .href(Grants.Routes.photo.path(id))) { Text("Photo \(n + 1) from the group's report") }
                }.html
            }),
            report.submittedAt != nil && report.signedOffAt == nil
                ? PostForm(to: Grants.Routes.signOffReport.path(application.id!), context) { SubmitButton("Sign off the report") }.html : .empty,
        ])
    }
}

/// The panel's papers: printable, ranked by score, with the money left as a running total and a
/// column for the panel to write its decision.
struct GrantPanelPackPage: Page {
    struct Line: Sendable {
        let pack: GrantScoring.PanelLine
        let application: GrantApplication
        let score: GrantScoring.ApplicationScore?
        let reviews: [(GrantReview, String)]
    }

    let round: GrantRound
    let fund: GrantFund
    var areas: GrantAreaChoices? = nil
    let lines: [Line]

    var title: String { "Panel pack: \(round.name)" }
    var breadcrumbs: [Breadcrumb] { manageCrumbs + [.init(label: round.name, link: Grants.Routes.manageRound.path(round.id!))] }

    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value) }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        Paragraph("\(fund.name): \(Money.pounds(fund.remainingPence)) left of \(Money.pounds(fund.budgetPence)). Applications being reviewed or at panel, highest score first; the running total shows where the money runs out.")
        if let areas, !round.priorityAreas.isEmpty {
            Paragraph("Priority areas for this round: \(areas.names(round.priorityAreas).joined(separator: ", ")).")
        }
        DataTable(caption: "Applications ranked by score", columns: [
            TableColumn("Rank", numeric: true), TableColumn("Application"), TableColumn("Asked for", numeric: true), TableColumn("Score", numeric: true),
            TableColumn("Running total", numeric: true), TableColumn("Panel decision"),
        ]) {
            for (rank, line) in lines.enumerated() {
                TableRow {
                    Cell(String(rank + 1), numeric: true)
                    Cell {
                        A(.class("govuk-link"), .href(Grants.Routes.manageApplication.path(line.application.id!))) { Text(line.pack.reference) }
                        Br()
                        Text("\(line.application.answers.organisationName): \(line.application.projectTitle)")
                        if let areas, areas.touches(line.application.answers, any: round.priorityAreas) { Br(); Tag("Priority area", colour: "green") }
                    }
                    Cell(Money.pounds(line.pack.requestedPence), numeric: true)
                    Cell(line.pack.percentage.map(Self.percent) ?? "Not scored", numeric: true)
                    Cell(numeric: true) {
                        Text(Money.pounds(line.pack.runningTotalPence))
                        if !line.pack.withinBudget { Br(); Tag("Over budget", colour: "red") }
                    }
                    Cell("Award / part / decline: ______")
                }
            }
        }
        H2(.class("govuk-heading-m")) { "Reviewers' scores and comments" }
        for line in lines {
            H3(.class("govuk-heading-s")) { Text("\(line.pack.reference): \(line.application.projectTitle)") }
            if let score = line.score, score.reviewers > 1 {
                Paragraph("Reviewers' scores are \(Self.percent(score.spread).replacingOccurrences(of: "%", with: " points")) apart."
                          + (score.disputedCriteria.isEmpty ? "" : " They disagree by half the scale or more on: "
                             + score.disputedCriteria.compactMap { code in round.criteria.first { $0.code == code }?.title }.joined(separator: "; ") + "."))
            }
            if line.reviews.isEmpty { Paragraph("No scores sent yet.") }
            SummaryList(line.reviews.map { review, name in
                SummaryRow(key: name, value: round.criteria.map { "\($0.title): \(review.scores[$0.code].map(String.init) ?? "–") of \($0.maximumScore)" }.joined(separator: "; ")
                           + (review.comments.isEmpty ? "" : ". “\(review.comments)”"))
            })
        }
    }
}

/// `/grants/reviews`: the applications a panel member has been asked to review.
struct GrantReviewsPage: Page {
    let reviews: [(GrantReview, GrantApplication)]

    var title: String { "Your grant reviews" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        if reviews.isEmpty { Paragraph("You have no applications to review.") }
        else {
            DataTable(caption: "Applications to review", columns: [TableColumn("Application"), TableColumn("Group"), TableColumn("Your review")]) {
                for (review, application) in reviews {
                    TableRow {
                        Cell { A(.class("govuk-link"), .href(Grants.Routes.review.path(application.id!))) { Text(application.reference ?? "") } }
                        Cell(application.answers.organisationName)
                        Cell(GrantReviewPage.status(review))
                    }
                }
            }
        }
    }
}

/// One review: the conflict of interest question first; then the application and the scores.
struct GrantReviewPage: Page {
    let review: GrantReview
    let application: GrantApplication
    let round: GrantRound
    let areas: GrantAreaChoices
    let errors: FormErrors
    let typed: [String: String]

    var title: String { "Review \(application.reference ?? "")" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Your grant reviews", link: Grants.Routes.reviews.path)] }
    var hasErrors: Bool { !errors.isEmpty }

    static func status(_ review: GrantReview) -> String {
        switch review.conflicted {
        case nil: "Say whether you have a conflict of interest"
        case true?: "Conflict of interest declared"
        case false?: review.submittedAt == nil ? "To score" : "Scores sent"
        }
    }

    private func value(_ name: String, _ fallback: String = "") -> String { typed[name] ?? fallback }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            ErrorSummary(errors)
            PageHeading(title, caption: round.name)
            SummaryList([SummaryRow(key: "Group", value: application.answers.organisationName),
                         SummaryRow(key: "Project", value: application.projectTitle)])
            switch review.conflicted {
            case nil: conflictForm(context)
            case true?: Paragraph("You have declared a conflict of interest, so you won't see or score this application. If that was a mistake, tell a cohesion officer.")
            case false?: scoring(context)
            }
        }
    }

    private func conflictForm(_ context: PageContext) -> HTML {
        PostForm(to: Grants.Routes.review.path(application.id!), context) {
            Input(.type(.hidden), .name("step"), .value("conflict"))
            Paragraph("Before you read this application, tell us whether you have a conflict of interest: for example, you are a member, trustee or employee of the group, or a close relative or friend of someone who runs it.")
            FormFields([
                FormField(name: "conflicted", label: "Do you have a conflict of interest with this group or project?", kind: .radios,
                          options: [.init(value: "yes", label: "Yes", selected: value("conflicted") == "yes"), .init(value: "no", label: "No", selected: value("conflicted") == "no")])
                    .with(errors: errors),
                FormField(name: "conflict_note", label: "If yes, what is it?", kind: .textarea, value: value("conflict_note"),
                          hint: "Kept on the record. Up to 1,000 characters.").with(errors: errors),
            ])
            SubmitButton("Continue")
        }.html
    }

    private func scoring(_ context: PageContext) -> HTML {
        let sent = review.submittedAt != nil
        return HTML.joined([
            HTML.joined(GrantApplicationSection.allCases.filter { $0 != .declarations && $0 != .contact }.map { section in
                HTML.joined([H2(.class("govuk-heading-m")) { Text(section.title) }.html,
                             SummaryList(GrantAnswerRows.rows(section, application.answers, round: round, areas: areas)).html])
            }),
            H2(.class("govuk-heading-m"), .id("scores")) { "Your scores" }.html,
            ErrorMessage(for: "scores", errors["scores"]).html,
            sent ? SummaryList(round.criteria.map { SummaryRow(key: $0.title, value: "\(review.scores[$0.code].map(String.init) ?? "–") of \($0.maximumScore)") }
                               + [SummaryRow(key: "Comments", value: review.comments)]).html
                : PostForm(to: Grants.Routes.review.path(application.id!), context) {
                    Input(.type(.hidden), .name("step"), .value("scores"))
                    FormFields(round.criteria.map { criterion in
                        FormField(name: "score_\(criterion.code)", label: "\(criterion.title) (0 to \(criterion.maximumScore))",
                                  value: value("score_\(criterion.code)", review.scores[criterion.code].map(String.init) ?? ""),
                                  hint: "Weight \(criterion.weight)", widthClass: "govuk-input--width-3").with(errors: errors)
                    })
                    FormFields([FormField(name: "comments", label: "Comments for the panel", kind: .textarea, value: value("comments", review.comments),
                                          hint: "What is strong and what is weak. Up to 5,000 characters.").with(errors: errors)])
                    Div(.class("govuk-button-group")) {
                        Button(.buttonType(.submit), .class("govuk-button"), .name("send"), .value("yes")) { "Send scores to the panel" }
                        SubmitButton("Save and come back later", secondary: true)
                    }
                }.html,
        ])
    }
}
