@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// A fund is never committed beyond its budget, however many awards arrive at once, on the
/// database the suite runs on (SQLite, or PostgreSQL under `scripts/with-postgres`).
@Suite struct GrantBudgetTests {
    struct Setup {
        let tenant: TenantScope
        let officer: User
        let fund: GrantFund
        let round: GrantRound
    }

    static func setUp(_ test: TestApp, budgetPence: Int) async throws -> Setup {
        let f = try await Fixtures.make(test)
        let tenant = TenantScope(council: f.walsall, database: test.db)
        try await removeDemoGrants(test)
        let fund = GrantFund(councilID: tenant.councilID, name: "Community cohesion micro-grants", budgetPence: budgetPence)
        try await fund.create(on: test.db)
        let round = GrantRound(councilID: tenant.councilID, fundID: try fund.requireID(), name: "Spring 2026", referencePrefix: "CMG",
                               opensAt: Date(timeIntervalSince1970: 1_767_225_600), closesAt: Date(timeIntervalSince1970: 1_775_000_000),
                               minimumPence: 10_000, maximumPence: 200_000)
        try await round.create(on: test.db)
        return Setup(tenant: tenant, officer: try #require(f.users[.officer]), fund: fund, round: round)
    }

    /// These suites count every row and number from 0001, so they start with no grants: the
    /// demo's examples are removed first.
    static func removeDemoGrants(_ test: TestApp) async throws {
        let sql = try #require(test.db as? any SQLDatabase)
        for table in ["grant_application_events", "grant_reviews", "grant_applications", "grant_rounds", "grant_funds", "grant_reference_counters"] {
            try await sql.delete(from: table).run()
        }
    }

    static func applicationsAtPanel(_ s: Setup, count: Int, requestedPence: Int, on db: any Database) async throws -> [UUID] {
        var ids: [UUID] = []
        for n in 1...count {
            let application = GrantApplication(councilID: s.tenant.councilID, roundID: try s.round.requireID(),
                                               projectTitle: "Project \(n)", requestedPence: requestedPence, state: .atPanel)
            application.reference = String(format: "CMG-2026-%04d", n)
            try await application.create(on: db)
            ids.append(try application.requireID())
        }
        return ids
    }

    @Test func thirtyTwoAwardsAtOnceNeverCommitMoreThanTheBudget() async throws {
        try await withTestApp { test in
            // £10,000 of budget, 32 applications of £1,000 each at panel, all awarded at once.
            let s = try await Self.setUp(test, budgetPence: 1_000_000)
            let ids = try await Self.applicationsAtPanel(s, count: 32, requestedPence: 100_000, on: test.db)
            let outcomes = await withTaskGroup(of: Result<Int, GrantDecisionRefused>.self) { group in
                for id in ids {
                    group.addTask {
                        do {
                            let awarded = try await GrantDecisions.award(id, input: .init(amountPence: 100_000), by: s.officer, tenant: s.tenant)
                            return .success(awarded.awardedPence ?? 0)
                        } catch let refused as GrantDecisionRefused {
                            return .failure(refused)
                        } catch {
                            return .failure(GrantDecisionRefused(reason: .changedMeanwhile, message: "unexpected: \(error)"))
                        }
                    }
                }
                var all: [Result<Int, GrantDecisionRefused>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let awarded = outcomes.compactMap { try? $0.get() }
            let refusals = outcomes.compactMap { if case .failure(let refused) = $0 { refused } else { nil } }
            #expect(awarded.count == 10)
            #expect(refusals.count == 22)
            #expect(refusals.allSatisfy { $0.reason == .budget && $0.message == "Community cohesion micro-grants has no money left to award" },
                    "\(Set(refusals.map(\.message)))")
            let fund = try #require(try await GrantFund.find(s.fund.id, on: test.db))
            #expect(fund.committedPence == 1_000_000)
            let states = try await GrantApplication.query(on: test.db).all().map(\.state)
            #expect(states.filter { $0 == .awarded }.count == 10 && states.filter { $0 == .atPanel }.count == 22)
            let sum = try await GrantApplication.query(on: test.db).filter(\.$state == .awarded).all().compactMap(\.awardedPence).reduce(0, +)
            #expect(sum == fund.committedPence)
            #expect(try await GrantApplicationEvent.query(on: test.db).count() == 10)
        }
    }

    @Test func theSameApplicationAwardedTwiceAtOnceIsAwardedOnce() async throws {
        try await withTestApp { test in
            let s = try await Self.setUp(test, budgetPence: 1_000_000)
            let id = try #require(try await Self.applicationsAtPanel(s, count: 1, requestedPence: 150_000, on: test.db).first)
            let results = await withTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do { return "awarded \(try await GrantDecisions.award(id, input: .init(amountPence: 150_000), by: s.officer, tenant: s.tenant).awardedPence ?? 0)" }
                        catch let refused as GrantDecisionRefused { return refused.message }
                        catch { return "unexpected: \(error)" }
                    }
                }
                var all: [String] = []
                for await result in group { all.append(result) }
                return all
            }
            #expect(results.filter { $0 == "awarded 150000" }.count == 1, "\(results)")
            // The rest found it awarded: before the transaction (the workflow) or inside it.
            #expect(results.filter { $0 != "awarded 150000" }.allSatisfy {
                $0 == "An application that is awarded can't be awarded." || $0.hasPrefix("Someone else has decided")
            }, "\(results)")
            #expect(try await GrantFund.find(s.fund.id, on: test.db)?.committedPence == 150_000)
            #expect(try await GrantApplicationEvent.query(on: test.db).count() == 1)
        }
    }

    @Test func anAwardOverWhatIsLeftSaysHowMuchIsLeftAndChangesNothing() async throws {
        try await withTestApp { test in
            let s = try await Self.setUp(test, budgetPence: 250_000)
            let ids = try await Self.applicationsAtPanel(s, count: 2, requestedPence: 200_000, on: test.db)
            _ = try await GrantDecisions.award(ids[0], input: .init(amountPence: 200_000), by: s.officer, tenant: s.tenant)
            await #expect(throws: GrantDecisionRefused(reason: .budget, message: "Community cohesion micro-grants has only £500 left: award that or less")) {
                try await GrantDecisions.award(ids[1], input: .init(amountPence: 200_000), by: s.officer, tenant: s.tenant)
            }
            #expect(try await GrantApplication.find(ids[1], on: test.db)?.state == .atPanel)
            #expect(try await GrantFund.find(s.fund.id, on: test.db)?.committedPence == 200_000)
            // In part, with a reason: what is left.
            let partial = try await GrantDecisions.award(ids[1], input: .init(reason: "Only £500 was left in the fund", amountPence: 50_000),
                                                         by: s.officer, tenant: s.tenant)
            #expect(partial.state == .awarded && partial.awardedPence == 50_000)
            #expect(try await GrantFund.find(s.fund.id, on: test.db)?.committedPence == 250_000)
        }
    }

    @Test func anotherCouncilsApplicationIsNotFound() async throws {
        try await withTestApp { test in
            let s = try await Self.setUp(test, budgetPence: 1_000_000)
            let id = try #require(try await Self.applicationsAtPanel(s, count: 1, requestedPence: 100_000, on: test.db).first)
            let otherton = try #require(try await Council.query(on: test.db).filter(\.$name == "Otherton Council").first())
            let elsewhere = TenantScope(council: otherton, database: test.db)
            await #expect(throws: Abort.self) {
                try await GrantDecisions.award(id, input: .init(amountPence: 100_000), by: s.officer, tenant: elsewhere)
            }
            #expect(try await GrantApplication.find(id, on: test.db)?.state == .atPanel)
        }
    }
}
