import CohesionCore
import Foundation

/// The emails that tell a group what was decided: an award (in full or in part, with any
/// conditions), a decline with its reason, or a request for changes. Plain words; the reason is
/// the officer's, as recorded in the application's history.
enum GrantLetters {
    static func letter(for action: GrantAction, application: GrantApplication, input: GrantTransitionInput, council: Council,
                       reportDue: CalendarDate? = nil) throws -> MailMessage? {
        let answers = application.answers, reference = application.reference ?? ""
        guard !answers.contactEmail.isEmpty else { return nil }
        let greeting = "Hello \(answers.contactName.isEmpty ? answers.organisationName : answers.contactName),\n\n"
        let signOff = "\n\n\(council.name) community cohesion team"
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        switch action {
        case .award:
            let amount = application.awardedPence ?? input.amountPence ?? 0
            var body = greeting + "We are pleased to tell you that \(answers.organisationName) has been awarded a grant of \(Money.pounds(amount)) for \(answers.projectTitle) (\(reference))."
            if amount < application.requestedPence {
                body += "\n\nYou asked for \(Money.pounds(application.requestedPence)). " + (reason.isEmpty ? "" : "The panel gave this reason for the amount: \(reason)")
            } else if !reason.isEmpty {
                body += "\n\n\(reason)"
            }
            let conditions = input.conditions.trimmingCharacters(in: .whitespacesAndNewlines)
            if !conditions.isEmpty { body += "\n\nThe grant has these conditions:\n\(conditions)" }
            body += "\n\nWe will be in touch about payment, and about telling us how the project went."
            return MailMessage(to: answers.contactEmail, subject: "Your grant application \(reference): awarded", body: body + signOff)
        case .decline, .declineIneligible:
            let body = greeting + "Thank you for applying for a grant for \(answers.projectTitle) (\(reference)). We are sorry, but we can't fund it."
                + "\n\nThe reason: \(reason)\n\nYou are welcome to talk to the cohesion team about other help for your group, or to apply to a future round."
            return MailMessage(to: answers.contactEmail, subject: "Your grant application \(reference): not funded", body: body + signOff)
        case .returnToApplicant:
            let body = greeting + "We need some changes to your application for \(answers.projectTitle) (\(reference)) before we can assess it:\n\n\(reason)"
                + "\n\nUse the link we sent you to change your answers and send the application again. If the link no longer works, open it and ask for a new one."
            return MailMessage(to: answers.contactEmail, subject: "Your grant application \(reference): changes needed", body: body + signOff)
        case .startMonitoring:
            let due = reportDue.map(DisplayFormat.date) ?? "the date we agreed"
            let body = greeting + "Thank you for running \(answers.projectTitle) (\(reference)). Please tell us how it went by \(due): what happened, "
                + "how many people took part in each area and what changed. We have sent you a new link to your application in a separate email; "
                + "the report form is there. We will remind you before the date."
            return MailMessage(to: answers.contactEmail, subject: "Your grant \(reference): please tell us how it went", body: body + signOff)
        default:
            return nil
        }
    }
}
