import Foundation

/// Runs work for one key at a time in this process, in the order it arrived; work for other keys
/// runs alongside. For writes that must not overlap on SQLite: its connections have no busy
/// timeout, so a second writer fails at once ("database is locked") instead of waiting. On
/// PostgreSQL the database's own row locks do the same across processes; this only saves them
/// the wait.
actor OneAtATime {
    private var tails: [UUID: Task<Void, Never>] = [:]

    func run<T: Sendable>(_ key: UUID, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[key]
        let task = Task<T, any Error> {
            await previous?.value
            return try await work()
        }
        let tail = Task<Void, Never> { _ = try? await task.value }
        tails[key] = tail
        defer { if tails[key] == tail { tails[key] = nil } }
        return try await task.value
    }
}
