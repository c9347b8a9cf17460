/// What makes an acceptable password, following NCSC guidance: length over complexity rules,
/// and no passwords everyone tries first.
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// Bcrypt reads only the first 72 bytes, so a longer password would silently be cut.
    public static let maximumBytes = 72

    static let common: Set<String> = [
        "password", "password1", "password12", "password123", "1234567890", "0123456789",
        "qwertyuiop", "iloveyou12", "letmein123", "welcome123", "passw0rd12", "administrator",
        "qwerty1234", "1q2w3e4r5t", "abc1234567", "changeme12", "football12", "monkey1234",
    ]

    /// The problem with a proposed password, in plain English, or nil when it is acceptable.
    public static func problem(with password: String) -> String? {
        if password.isEmpty { return "Enter a password" }
        if password.count < minimumLength { return "Password must be \(minimumLength) characters or more" }
        if password.utf8.count > maximumBytes { return "Password must be \(maximumBytes) characters or fewer" }
        if common.contains(password.lowercased()) { return "Choose a password that is harder to guess" }
        if Set(password).count < 4 { return "Choose a password that is harder to guess" }
        return nil
    }
}

/// Temporary lockout after repeated failed sign-ins to one account: every `maxFailures`-th wrong
/// password in a row (the 5th, 10th, …) locks the account for `lockSeconds` from then. The count
/// keeps going until a successful sign-in or a new password clears it, so it says how many wrong
/// passwords were tried. The app applies this rule in one SQL statement (`SignInAttempts`).
public struct SignInLockout: Sendable {
    public let maxFailures: Int
    public let lockSeconds: Double

    public init(maxFailures: Int = 5, lockSeconds: Double = 15 * 60) {
        self.maxFailures = maxFailures
        self.lockSeconds = lockSeconds
    }

    /// Whether the failure that brings the count to `failures` starts a lock.
    public func locks(atFailure failures: Int) -> Bool {
        failures > 0 && failures % maxFailures == 0
    }

    /// After one more failure: the new failure count and, when it starts a lock, the time
    /// (seconds since the epoch) until which the account stays locked.
    public func afterFailure(previousFailures: Int, now: Double) -> (failures: Int, lockedUntil: Double?) {
        let failures = previousFailures + 1
        return (failures, locks(atFailure: failures) ? now + lockSeconds : nil)
    }

    public func isLocked(lockedUntil: Double?, now: Double) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }
}
