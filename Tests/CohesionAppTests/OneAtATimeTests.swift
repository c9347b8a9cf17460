@testable import CohesionApp
import Foundation
import NIOConcurrencyHelpers
import Testing

/// Work for one key never overlaps; work for different keys does.
@Suite struct OneAtATimeTests {
    final class Overlap: Sendable {
        private let state = NIOLockedValueBox((running: 0, most: 0))
        func enter() { state.withLockedValue { $0.running += 1; $0.most = max($0.most, $0.running) } }
        func leave() { state.withLockedValue { $0.running -= 1 } }
        var most: Int { state.withLockedValue { $0.most } }
    }

    @Test func workForOneKeyRunsOneAtATimeAndForTwoKeysTogether() async throws {
        let queue = OneAtATime()
        let one = UUID(), two = UUID()
        let sameKey = Overlap(), anyKey = Overlap()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<40 {
                let key = n % 2 == 0 ? one : two
                group.addTask {
                    try await queue.run(key) {
                        if key == one { sameKey.enter() }
                        anyKey.enter()
                        try await Task.sleep(for: .milliseconds(2))
                        anyKey.leave()
                        if key == one { sameKey.leave() }
                        return n
                    }
                }
            }
            var done = 0
            for try await _ in group { done += 1 }
            #expect(done == 40)
        }
        #expect(sameKey.most == 1)
        #expect(anyKey.most == 2)
    }

    @Test func aFailureIsTheCallersAndTheNextRunsAfterIt() async throws {
        struct Failed: Error {}
        let queue = OneAtATime()
        let key = UUID()
        await #expect(throws: Failed.self) { try await queue.run(key) { throw Failed() } }
        #expect(try await queue.run(key) { 7 } == 7)
    }
}
