@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// Sending an application: references counted without gaps or repeats however many groups send
/// at once, a double click sending once, and a round's dates and limits holding.
@Suite struct GrantSubmissionTests {
    static let inRound = Date(timeIntervalSince1970: 1_770_000_000)  // 2 February 2026

    static func drafts(_ s: GrantBudgetTests.Setup, count: Int, requestedPence: Int = 100_000, on db: any Database) async throws -> [UUID] {
        var ids: [UUID] = []
        for n in 1...count {
            let draft = GrantApplication(councilID: s.tenant.councilID, roundID: try s.round.requireID(), projectTitle: "Project \(n)",
                                         requestedPence: requestedPence)
            try await draft.create(on: db)
            ids.append(try draft.requireID())
        }
        return ids
    }

    @Test func groupsSendingAtOnceGetConsecutiveReferencesEachOnce() async throws {
        try await withTestApp { test in
            let s = try await GrantBudgetTests.setUp(test, budgetPence: 1_000_000)
            let ids = try await Self.drafts(s, count: 20, on: test.db)
            let references = try await withThrowingTaskGroup(of: String.self) { group in
                for id in ids { group.addTask { try await GrantSubmission.submit(id, tenant: s.tenant, now: Self.inRound).reference ?? "" } }
                var all: [String] = []
                for try await reference in group { all.append(reference) }
                return all
            }
            #expect(references.sorted() == (1...20).map { String(format: "CMG-2026-%04d", $0) })
            #expect(try await GrantApplication.query(on: test.db).filter(\.$state == .submitted).count() == 20)
        }
    }

    @Test func aDoubleClickSendsOnceWithOneReference() async throws {
        try await withTestApp { test in
            let s = try await GrantBudgetTests.setUp(test, budgetPence: 1_000_000)
            let id = try #require(try await Self.drafts(s, count: 1, on: test.db).first)
            let references = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await GrantSubmission.submit(id, tenant: s.tenant, now: Self.inRound).reference ?? "" } }
                var all: [String] = []
                for try await reference in group { all.append(reference) }
                return all
            }
            #expect(Set(references) == ["CMG-2026-0001"], "\(references)")
            #expect(try await GrantApplicationEvent.query(on: test.db).count() == 1)
            // The number a losing click took was rolled back with it: the next group gets 0002.
            let next = try #require(try await Self.drafts(s, count: 1, on: test.db).first)
            #expect(try await GrantSubmission.submit(next, tenant: s.tenant, now: Self.inRound).reference == "CMG-2026-0002")
        }
    }

    @Test func aClosedRoundOrAnAmountOutsideItsLimitsIsRefusedAndNothingChanges() async throws {
        try await withTestApp { test in
            let s = try await GrantBudgetTests.setUp(test, budgetPence: 1_000_000)
            let ids = try await Self.drafts(s, count: 1, on: test.db)
            let tooBig = try await Self.drafts(s, count: 1, requestedPence: 200_001, on: test.db)
            let tooSmall = try await Self.drafts(s, count: 1, requestedPence: 9_999, on: test.db)
            let late = s.round.closesAt.addingTimeInterval(1)
            await #expect(throws: GrantDecisionRefused(reason: .outsideRound,
                                                       message: "Spring 2026 closed on \(DisplayFormat.dateTime(s.round.closesAt)). Applications can no longer be sent")) {
                try await GrantSubmission.submit(ids[0], tenant: s.tenant, now: late)
            }
            await #expect(throws: GrantDecisionRefused(reason: .outsideRound, message: "Ask for £2,000 or less: the largest grant in Spring 2026")) {
                try await GrantSubmission.submit(tooBig[0], tenant: s.tenant, now: Self.inRound)
            }
            await #expect(throws: GrantDecisionRefused(reason: .outsideRound, message: "Ask for at least £100: the smallest grant in Spring 2026")) {
                try await GrantSubmission.submit(tooSmall[0], tenant: s.tenant, now: Self.inRound)
            }
            #expect(try await GrantApplication.query(on: test.db).filter(\.$state == .draft).count() == 3)
            #expect(try await GrantApplication.query(on: test.db).filter(\.$reference != nil).count() == 0)
            #expect(try await GrantSubmission.submit(ids[0], tenant: s.tenant, now: Self.inRound).reference == "CMG-2026-0001")
        }
    }

    @Test func referencesHaveFourDigitsAtLeast() {
        #expect(GrantReferences.text(prefix: "CMG", year: 2026, number: 42) == "CMG-2026-0042")
        #expect(GrantReferences.text(prefix: "CMG", year: 2026, number: 12_345) == "CMG-2026-12345")
    }
}
