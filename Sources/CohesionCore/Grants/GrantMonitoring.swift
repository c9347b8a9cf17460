import Foundation

/// When a funded group is reminded about its monitoring report: once when the due date is
/// near (`daysBefore` or fewer days to go) and once when it is late (`daysAfter` or more days
/// past), each at most once, and never once the report is in.
public enum GrantMonitoring {
    public static let daysBefore = 14
    public static let daysAfter = 7

    public enum Reminder: String, Sendable, Equatable, CaseIterable {
        case dueSoon = "due_soon"
        case overdue
    }

    /// The reminder to send today, if any.
    public static func reminder(due: CalendarDate, today: CalendarDate, submitted: Bool,
                                sentDueSoon: Bool, sentOverdue: Bool) -> Reminder? {
        guard !submitted else { return nil }
        let days = today.days(until: due)
        if days < 0, -days >= daysAfter, !sentOverdue { return .overdue }
        if days >= 0, days <= daysBefore, !sentDueSoon { return .dueSoon }
        return nil
    }
}
