@testable import CohesionCore
import Foundation
import Testing

/// Every move of the micro-grant workflow, allowed and refused. The allowed moves are written
/// out here by hand, not read from `GrantWorkflow.transitions`, so a change to the table that
/// isn't also made here fails.
@Suite struct GrantWorkflowTests {
    typealias S = GrantApplicationState

    struct Move: Hashable, CustomStringConvertible {
        let from: S
        let action: GrantAction
        let actor: GrantActor
        let to: S
        var description: String { "\(from.rawValue) —\(action.rawValue) by \(actor.rawValue)→ \(to.rawValue)" }
    }

    static let allowed: Set<Move> = Set([
        Move(from: .draft, action: .submit, actor: .applicant, to: .submitted),
        Move(from: .submitted, action: .returnToApplicant, actor: .officer, to: .draft),
        Move(from: .submitted, action: .confirmEligible, actor: .officer, to: .eligibilityChecked),
        Move(from: .submitted, action: .declineIneligible, actor: .officer, to: .declined),
        Move(from: .eligibilityChecked, action: .startReview, actor: .officer, to: .inReview),
        Move(from: .inReview, action: .sendToPanel, actor: .officer, to: .atPanel),
        Move(from: .atPanel, action: .award, actor: .officer, to: .awarded),
        Move(from: .atPanel, action: .decline, actor: .officer, to: .declined),
        Move(from: .awarded, action: .startMonitoring, actor: .officer, to: .inMonitoring),
        Move(from: .inMonitoring, action: .close, actor: .officer, to: .closed),
    ]).union([S.draft, .submitted, .eligibilityChecked, .inReview, .atPanel, .awarded].flatMap { from in
        [Move(from: from, action: .withdraw, actor: .applicant, to: .withdrawn), Move(from: from, action: .withdraw, actor: .officer, to: .withdrawn)]
    })

    /// What each move needs filled in to go through.
    static func complete(_ action: GrantAction) -> GrantTransitionInput {
        switch action {
        case .returnToApplicant, .declineIneligible, .decline: GrantTransitionInput(reason: "The budget lines don't add up")
        case .startReview: GrantTransitionInput(reviewerCount: 2)
        case .award: GrantTransitionInput(amountPence: 150_000)
        default: GrantTransitionInput()
        }
    }

    @Test func everyAllowedMoveGoesWhereItShouldAndEveryOtherIsRefusedWithAReason() {
        var checked = 0
        for from in S.allCases {
            for action in GrantAction.allCases {
                for actor in GrantActor.allCases {
                    let result = GrantWorkflow.apply(action, from: from, by: actor, input: Self.complete(action),
                                                     limits: GrantAwardLimits(requestedPence: 150_000, roundMaximumPence: 200_000))
                    let expected = Self.allowed.first { $0.from == from && $0.action == action && $0.actor == actor }
                    switch (result, expected) {
                    case (.success(let to), let move?):
                        #expect(to == move.to, "\(move)")
                    case (.failure(let refusal), nil):
                        let stateAllows = Self.allowed.contains { $0.from == from && $0.action == action }
                        #expect(refusal.kind == (stateAllows ? .notAllowed : .wrongState), "\(from) \(action) \(actor): \(refusal.message)")
                        #expect(!refusal.message.isEmpty)
                    case (.success(let to), nil):
                        Issue.record("\(from) —\(action) by \(actor)→ \(to) went through but should be refused")
                    case (.failure(let refusal), let move?):
                        Issue.record("\(move) was refused: \(refusal.message)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == S.allCases.count * GrantAction.allCases.count * GrantActor.allCases.count)
    }

    @Test func refusalsSayWhatIsWrongInPlainWords() {
        #expect(GrantWorkflow.apply(.award, from: .draft, by: .officer, input: .init(amountPence: 100)) ==
            .failure(.init(kind: .wrongState, message: "An application that is not yet sent can't be awarded.")))
        #expect(GrantWorkflow.apply(.award, from: .atPanel, by: .reviewer, input: .init(amountPence: 100)) ==
            .failure(.init(kind: .notAllowed, message: "Only an officer can do this: award.")))
        #expect(GrantWorkflow.apply(.withdraw, from: .atPanel, by: .reviewer) ==
            .failure(.init(kind: .notAllowed, message: "Only the applicant or an officer can do this: withdraw.")))
        #expect(GrantWorkflow.apply(.submit, from: .closed, by: .applicant) ==
            .failure(.init(kind: .wrongState, message: "An application that is closed can't be sent.")))
    }

    @Test func movesThatRecordSomethingRefuseWithoutIt() {
        func kind(_ result: Result<S, GrantTransitionRefusal>) -> GrantTransitionRefusal.Kind? {
            if case .failure(let refusal) = result { return refusal.kind }
            return nil
        }
        #expect(kind(GrantWorkflow.apply(.decline, from: .atPanel, by: .officer, input: .init(reason: "  \n "))) == .incomplete(.reason))
        #expect(kind(GrantWorkflow.apply(.declineIneligible, from: .submitted, by: .officer)) == .incomplete(.reason))
        #expect(kind(GrantWorkflow.apply(.returnToApplicant, from: .submitted, by: .officer)) == .incomplete(.reason))
        #expect(kind(GrantWorkflow.apply(.startReview, from: .eligibilityChecked, by: .officer, input: .init(reviewerCount: 0))) == .incomplete(.reviewers))
        #expect(kind(GrantWorkflow.apply(.award, from: .atPanel, by: .officer)) == .incomplete(.amount))
        #expect(kind(GrantWorkflow.apply(.award, from: .atPanel, by: .officer, input: .init(amountPence: 0))) == .incomplete(.amount))
        #expect(kind(GrantWorkflow.apply(.award, from: .atPanel, by: .officer, input: .init(amountPence: -500))) == .incomplete(.amount))
        // A reason or conditions a letter's length at most, on any move.
        let long = String(repeating: "x", count: GrantWorkflow.maximumTextLength + 1)
        #expect(kind(GrantWorkflow.apply(.decline, from: .atPanel, by: .officer, input: .init(reason: long))) == .incomplete(.reason))
        #expect(kind(GrantWorkflow.apply(.withdraw, from: .draft, by: .applicant, input: .init(reason: long))) == .incomplete(.reason))
        #expect(kind(GrantWorkflow.apply(.award, from: .atPanel, by: .officer, input: .init(amountPence: 100, conditions: long))) == .incomplete(.conditions))
        #expect(GrantWorkflow.apply(.decline, from: .atPanel, by: .officer,
                                    input: .init(reason: String(repeating: "x", count: GrantWorkflow.maximumTextLength))) == .success(.declined))
    }

    @Test func anAwardIsNoMoreThanAskedForOrTheRoundAllowsAndAnAwardInPartSaysWhy() {
        let limits = GrantAwardLimits(requestedPence: 250_000, roundMaximumPence: 200_000)
        let overAsked = GrantWorkflow.apply(.award, from: .atPanel, by: .officer, input: .init(amountPence: 250_001),
                                            limits: GrantAwardLimits(requestedPence: 250_000, roundMaximumPence: 500_000))
        #expect(overAsked == .failure(.init(kind: .incomplete(.amount), message: "The amount awarded can't be more than the £2,500 asked for")))
        #expect(GrantWorkflow.apply(.award, from: .atPanel, by: .officer, input: .init(amountPence: 200_001), limits: limits) ==
            .failure(.init(kind: .incomplete(.amount), message: "The amount awarded can't be more than the round's maximum of £2,000")))
        #expect(GrantWorkflow.apply(.award, from: .atPanel, by: .officer, input: .init(amountPence: 150_000), limits: limits) ==
            .failure(.init(kind: .incomplete(.reason), message: "Give the reason for awarding less than was asked for")))
        #expect(GrantWorkflow.apply(.award, from: .atPanel, by: .officer, input: .init(reason: "Venue costs are covered by the school", amountPence: 150_000),
                                    limits: limits) == .success(.awarded))
        let full = GrantAwardLimits(requestedPence: 150_000, roundMaximumPence: 200_000)
        #expect(GrantWorkflow.apply(.award, from: .atPanel, by: .officer, input: .init(amountPence: 150_000), limits: full) == .success(.awarded))
    }

    @Test func pagesOfferTheActionsTheTableAllows() {
        #expect(GrantWorkflow.actions(from: .submitted, by: .officer) == [.returnToApplicant, .confirmEligible, .declineIneligible, .withdraw])
        #expect(GrantWorkflow.actions(from: .draft, by: .applicant) == [.submit, .withdraw])
        #expect(GrantWorkflow.actions(from: .atPanel, by: .reviewer).isEmpty)
        #expect(GrantWorkflow.actions(from: .closed, by: .officer).isEmpty)
    }

    @Test func finalStatesAndAwardsThatHoldMoney() {
        #expect(S.allCases.filter(\.isFinal) == [.declined, .withdrawn, .closed])
        #expect(S.allCases.filter(\.holdsAward) == [.awarded, .inMonitoring, .closed])
        // Every state can be reached from a draft.
        var reached: Set<S> = [.draft], frontier: [S] = [.draft]
        while let state = frontier.popLast() {
            for move in Self.allowed where move.from == state && !reached.contains(move.to) {
                reached.insert(move.to)
                frontier.append(move.to)
            }
        }
        #expect(reached == Set(S.allCases))
    }
}

/// Monitoring reminders: once when the due date is near, once when it is late, never after.
@Suite struct GrantMonitoringTests {
    let due = CalendarDate(iso: "2027-04-30")!

    func reminder(_ offset: Int, submitted: Bool = false, soon: Bool = false, overdue: Bool = false) -> GrantMonitoring.Reminder? {
        GrantMonitoring.reminder(due: due, today: due.adding(days: offset), submitted: submitted, sentDueSoon: soon, sentOverdue: overdue)
    }

    @Test func remindersFallOnTheirDaysOnce() {
        #expect(reminder(-15) == nil)
        #expect(reminder(-14) == .dueSoon && reminder(0) == .dueSoon)
        #expect(reminder(-3, soon: true) == nil)
        #expect(reminder(6, soon: true) == nil)
        #expect(reminder(7, soon: true) == .overdue && reminder(40) == .overdue)
        #expect(reminder(8, soon: true, overdue: true) == nil)
        #expect(reminder(-1, submitted: true) == nil && reminder(9, submitted: true) == nil)
    }

    @Test func datesAreReadAsPeopleTypeThem() {
        #expect(CalendarDate(typed: "30/4/2027") == due && CalendarDate(typed: " 30-04-2027 ") == due && CalendarDate(typed: "2027-04-30") == due)
        #expect(CalendarDate(typed: "30.4.2027") == due && CalendarDate(typed: "30 4 2027") == due)
        for bad in ["31/4/2027", "30/4/27", "30/4", "April 30 2027", "", "29/2/2027", "1/1/1899"] {
            #expect(CalendarDate(typed: bad) == nil, "\(bad)")
        }
        #expect(CalendarDate(typed: "29/2/2028") == CalendarDate(iso: "2028-02-29"))
    }
}

/// Reports' arithmetic: every sent application in every key it names; rates of decided ones.
@Suite struct GrantReportsArithmeticTests {
    func app(_ state: GrantApplicationState, _ awarded: Int? = nil, localities: [String] = [], wards: [String] = [], themes: [String] = []) -> GrantReports.Application {
        .init(state: state, awardedPence: awarded, localityCodes: localities, wardCodes: wards, organisationType: "vcs_group", themes: themes)
    }

    @Test func rowsCountEachApplicationInEveryKeyItNames() {
        let apps = [app(.awarded, 100_000, localities: ["n", "s"]), app(.declined, localities: ["n"]), app(.submitted, localities: ["s"]),
                    app(.draft, localities: ["n"]), app(.withdrawn, localities: ["n"]), app(.closed, 50_000, localities: ["s"])]
        let rows = GrantReports.rows(apps, keys: [("n", "North"), ("s", "South"), ("e", "East")], population: ["n": 20_000, "s": 0]) { $0.localityCodes }
        #expect(rows.map(\.applications) == [3, 3, 0] && rows.map(\.decided) == [2, 2, 0] && rows.map(\.awards) == [1, 2, 0])
        #expect(rows.map(\.awardedPence) == [100_000, 150_000, 0])
        #expect(rows[0].successRate == 0.5 && rows[1].successRate == 1 && rows[2].successRate == nil)
        // £1,000 over 20,000 residents: £50 per 1,000, in pence.
        #expect(rows[0].pencePerThousand == 5_000 && rows[1].pencePerThousand == nil && rows[2].pencePerThousand == nil)
        #expect(GrantReports.wards(of: app(.awarded, localities: ["n"]), wardsOfLocality: ["n": ["w1", "w2"]]) == ["w1", "w2"])
        #expect(GrantReports.wards(of: app(.awarded, localities: ["n"], wards: ["w9"]), wardsOfLocality: ["n": ["w1"]]) == ["w9"])
    }

    @Test func anOlderDraftWithoutALaterQuestionStillReads() throws {
        let old = #"{"organisationName":"Pleck Friends","budget":[{"item":"Hall","pence":100}]}"#
        let answers = try JSONDecoder().decode(GrantApplicationAnswers.self, from: Data(old.utf8))
        #expect(answers.organisationName == "Pleck Friends" && answers.themes.isEmpty && answers.budget == [BudgetLine(item: "Hall", pence: 100)])
    }
}
