import Foundation

/// Where a micro-grant application is in its life, from a group's first save to closing the
/// grant after its monitoring report.
public enum GrantApplicationState: String, CaseIterable, Codable, Sendable {
    case draft
    case submitted
    case eligibilityChecked = "eligibility_checked"
    case inReview = "in_review"
    case atPanel = "at_panel"
    case awarded
    case declined
    case withdrawn
    case inMonitoring = "in_monitoring"
    case closed

    /// As a group or an officer reads it in a list or on a status page.
    public var label: String {
        switch self {
        case .draft: "Not yet sent"
        case .submitted: "Received"
        case .eligibilityChecked: "Eligible"
        case .inReview: "Being reviewed"
        case .atPanel: "With the panel"
        case .awarded: "Awarded"
        case .declined: "Not funded"
        case .withdrawn: "Withdrawn"
        case .inMonitoring: "Funded: reporting"
        case .closed: "Closed"
        }
    }

    /// No action leads anywhere from here.
    public var isFinal: Bool { GrantWorkflow.transitions.allSatisfy { !$0.from.contains(self) } }

    /// The award stands (money is committed from the fund).
    public var holdsAward: Bool { self == .awarded || self == .inMonitoring || self == .closed }
}

/// Who is acting on an application. The app maps its roles to these: the group through its
/// private link is the applicant; officers and administrators are officers; a panel member
/// (the `panel` role) reviews.
public enum GrantActor: String, CaseIterable, Codable, Sendable {
    case applicant
    case officer
    case reviewer

    public var label: String {
        switch self {
        case .applicant: "the applicant"
        case .officer: "an officer"
        case .reviewer: "a reviewer"
        }
    }
}

/// What an actor can do to an application: each is one transition of `GrantWorkflow`.
public enum GrantAction: String, CaseIterable, Codable, Sendable {
    case submit
    case returnToApplicant = "return_to_applicant"
    case confirmEligible = "confirm_eligible"
    case declineIneligible = "decline_ineligible"
    case startReview = "start_review"
    case sendToPanel = "send_to_panel"
    case award
    case decline
    case withdraw
    case startMonitoring = "start_monitoring"
    case close

    /// A button's words.
    public var label: String {
        switch self {
        case .submit: "Send application"
        case .returnToApplicant: "Return to the applicant for changes"
        case .confirmEligible: "Confirm it is eligible"
        case .declineIneligible: "Decline as not eligible"
        case .startReview: "Start review"
        case .sendToPanel: "Send to panel"
        case .award: "Award"
        case .decline: "Decline"
        case .withdraw: "Withdraw"
        case .startMonitoring: "Start monitoring"
        case .close: "Close the grant"
        }
    }

    /// How the history records it: "Sent", "Awarded".
    public var pastTense: String {
        switch self {
        case .submit: "Sent"
        case .returnToApplicant: "Returned to the applicant for changes"
        case .confirmEligible: "Confirmed eligible"
        case .declineIneligible: "Declined as not eligible"
        case .startReview: "Review started"
        case .sendToPanel: "Sent to panel"
        case .award: "Awarded"
        case .decline: "Declined"
        case .withdraw: "Withdrawn"
        case .startMonitoring: "Monitoring started"
        case .close: "Closed"
        }
    }
}

/// What a transition records beside who made it and when.
public enum GrantRecordField: String, CaseIterable, Codable, Sendable {
    /// Why: told to the group for a decline or a return, kept for the file otherwise.
    case reason
    /// The amount awarded, in pence.
    case amount
    /// Conditions of the award (optional text, but the field is offered).
    case conditions
    /// The reviewers assigned: at least one.
    case reviewers
}

/// What the person acting filled in, checked against what the transition records.
public struct GrantTransitionInput: Sendable, Equatable {
    public var reason: String
    public var amountPence: Int?
    public var conditions: String
    public var reviewerCount: Int

    public init(reason: String = "", amountPence: Int? = nil, conditions: String = "", reviewerCount: Int = 0) {
        self.reason = reason
        self.amountPence = amountPence
        self.conditions = conditions
        self.reviewerCount = reviewerCount
    }
}

/// What the application is asking for, for the checks an award makes.
public struct GrantAwardLimits: Sendable, Equatable {
    public let requestedPence: Int
    public let roundMaximumPence: Int

    public init(requestedPence: Int, roundMaximumPence: Int) {
        self.requestedPence = requestedPence
        self.roundMaximumPence = roundMaximumPence
    }
}

/// One allowed move: from which states, to which, by whom, and what it records (`required`
/// must be filled in; `offered` may be).
public struct GrantTransition: Sendable {
    public let action: GrantAction
    public let from: Set<GrantApplicationState>
    public let to: GrantApplicationState
    public let actors: Set<GrantActor>
    public let required: Set<GrantRecordField>
    public let offered: Set<GrantRecordField>
}

/// Why a move was refused, said so the person can act on it.
public struct GrantTransitionRefusal: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The action can't be taken from the application's state.
        case wrongState
        /// This actor may not take it.
        case notAllowed
        /// Something it records is missing or out of range.
        case incomplete(GrantRecordField)
    }

    public let kind: Kind
    public let message: String
}

/// The micro-grant workflow as data (after Hypha's workflows): the pages offer the actions this
/// table allows, the permission checks ask it, and the tests walk it. Budget limits are not
/// here: they need the fund's other awards, so the app checks them inside the transaction that
/// records an award.
public enum GrantWorkflow {
    /// The longest reason or conditions a move records.
    public static let maximumTextLength = 2_000

    public static let transitions: [GrantTransition] = [
        GrantTransition(action: .submit, from: [.draft], to: .submitted, actors: [.applicant], required: [], offered: []),
        GrantTransition(action: .returnToApplicant, from: [.submitted], to: .draft, actors: [.officer], required: [.reason], offered: []),
        GrantTransition(action: .confirmEligible, from: [.submitted], to: .eligibilityChecked, actors: [.officer], required: [], offered: [.reason]),
        GrantTransition(action: .declineIneligible, from: [.submitted], to: .declined, actors: [.officer], required: [.reason], offered: []),
        GrantTransition(action: .startReview, from: [.eligibilityChecked], to: .inReview, actors: [.officer], required: [.reviewers], offered: []),
        GrantTransition(action: .sendToPanel, from: [.inReview], to: .atPanel, actors: [.officer], required: [], offered: [.reason]),
        GrantTransition(action: .award, from: [.atPanel], to: .awarded, actors: [.officer], required: [.amount], offered: [.reason, .conditions]),
        GrantTransition(action: .decline, from: [.atPanel], to: .declined, actors: [.officer], required: [.reason], offered: []),
        GrantTransition(action: .withdraw, from: [.draft, .submitted, .eligibilityChecked, .inReview, .atPanel, .awarded],
                        to: .withdrawn, actors: [.applicant, .officer], required: [], offered: [.reason]),
        GrantTransition(action: .startMonitoring, from: [.awarded], to: .inMonitoring, actors: [.officer], required: [], offered: [.reason]),
        GrantTransition(action: .close, from: [.inMonitoring], to: .closed, actors: [.officer], required: [], offered: [.reason]),
    ]

    public static func transition(_ action: GrantAction) -> GrantTransition {
        guard let found = transitions.first(where: { $0.action == action }) else { preconditionFailure("\(action) has no transition") }
        return found
    }

    /// The actions this actor may take from this state, in the table's order: what a page offers.
    public static func actions(from state: GrantApplicationState, by actor: GrantActor) -> [GrantAction] {
        transitions.filter { $0.from.contains(state) && $0.actors.contains(actor) }.map(\.action)
    }

    /// The state after `action`, or why not. An award also needs `limits`: more than nothing,
    /// no more than was asked for or the round's maximum, and a reason when it is less than
    /// asked for (an award in part).
    public static func apply(_ action: GrantAction, from state: GrantApplicationState, by actor: GrantActor,
                             input: GrantTransitionInput = .init(), limits: GrantAwardLimits? = nil) -> Result<GrantApplicationState, GrantTransitionRefusal> {
        let move = transition(action)
        guard move.from.contains(state) else {
            return .failure(.init(kind: .wrongState, message: "An application that is \(state.label.lowercased()) can't be \(pastTenseLower(action))."))
        }
        guard move.actors.contains(actor) else {
            let who = move.actors.sorted { $0.rawValue < $1.rawValue }.map(\.label).joined(separator: " or ")
            return .failure(.init(kind: .notAllowed, message: "Only \(who) can do this: \(action.label.lowercased())."))
        }
        if let missing = missing(move, input, limits: limits) { return .failure(missing) }
        return .success(move.to)
    }

    private static func missing(_ move: GrantTransition, _ input: GrantTransitionInput, limits: GrantAwardLimits?) -> GrantTransitionRefusal? {
        func refuse(_ field: GrantRecordField, _ message: String) -> GrantTransitionRefusal { .init(kind: .incomplete(field), message: message) }
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        // What is kept on the record, and read out in letters, stays a letter's length.
        if reason.count > maximumTextLength { return refuse(.reason, "The reason must be 2,000 characters or fewer") }
        if input.conditions.trimmingCharacters(in: .whitespacesAndNewlines).count > maximumTextLength {
            return refuse(.conditions, "The conditions must be 2,000 characters or fewer")
        }
        if move.required.contains(.reason), reason.isEmpty {
            return refuse(.reason, move.action == .returnToApplicant ? "Say what the applicant needs to change" : "Give the reason, which the applicant will be told")
        }
        if move.required.contains(.reviewers), input.reviewerCount < 1 {
            return refuse(.reviewers, "Choose at least one reviewer")
        }
        if move.required.contains(.amount) {
            guard let amount = input.amountPence else { return refuse(.amount, "Enter the amount awarded") }
            guard amount > 0 else { return refuse(.amount, "The amount awarded must be more than £0") }
            if let limits {
                if amount > limits.requestedPence {
                    return refuse(.amount, "The amount awarded can't be more than the \(Money.pounds(limits.requestedPence)) asked for")
                }
                if amount > limits.roundMaximumPence {
                    return refuse(.amount, "The amount awarded can't be more than the round's maximum of \(Money.pounds(limits.roundMaximumPence))")
                }
                if amount < limits.requestedPence, reason.isEmpty {
                    return refuse(.reason, "Give the reason for awarding less than was asked for")
                }
            }
        }
        return nil
    }

    private static func pastTenseLower(_ action: GrantAction) -> String {
        switch action {
        case .submit: "sent"
        case .returnToApplicant: "returned to the applicant"
        case .confirmEligible: "confirmed as eligible"
        case .declineIneligible: "declined as not eligible"
        case .startReview: "put into review"
        case .sendToPanel: "sent to panel"
        case .award: "awarded"
        case .decline: "declined"
        case .withdraw: "withdrawn"
        case .startMonitoring: "moved to monitoring"
        case .close: "closed"
        }
    }
}
