@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Vapor

/// `cohesion-bench awards`: 32 officers awarding at the same moment from one fund with money
/// for 10 (in-process calls to `GrantDecisions.award`, the code the award form calls, against the
/// configured database: SQLite by default, PostgreSQL with `DATABASE_URL`). Five
/// rounds, each with a fresh fund; prints the median time for the 32 attempts, attempts a
/// second, and whether the budget held every time.
enum AwardsBench {
    static let attempts = 32, fundable = 10, awardPence = 100_000

    static func run() async throws {
        let app = try await BenchApp.make(arguments: ["cohesion-bench"])
        do {
            guard let council = try await Council.query(on: app.db).first(),
                  let officer = try await User.query(on: app.db).filter(\.$role == .officer).first() else {
                throw GrantCommandError(message: "the demo council has no officer")
            }
            let tenant = TenantScope(council: council, database: app.db)
            var times: [Double] = [], held = true, awardedCounts: [Int] = []
            for round in 1...5 {
                let fund = GrantFund(councilID: tenant.councilID, name: "Bench fund \(round) \(UUID())", budgetPence: fundable * awardPence)
                try await fund.create(on: app.db)
                let grantRound = GrantRound(councilID: tenant.councilID, fundID: try fund.requireID(), name: "Bench round \(round)",
                                            referencePrefix: "BEN", opensAt: Date(timeIntervalSince1970: 0), closesAt: Date(timeIntervalSince1970: 1),
                                            minimumPence: 1, maximumPence: awardPence)
                try await grantRound.create(on: app.db)
                var ids: [UUID] = []
                for n in 1...attempts {
                    let application = GrantApplication(councilID: tenant.councilID, roundID: try grantRound.requireID(), projectTitle: "Bench \(n)",
                                                       requestedPence: awardPence, state: .atPanel)
                    application.reference = "BEN-\(round)-\(UUID().uuidString.prefix(8))"
                    try await application.create(on: app.db)
                    ids.append(try application.requireID())
                }
                let start = ContinuousClock.now
                let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for id in ids {
                        group.addTask {
                            do {
                                _ = try await GrantDecisions.award(id, input: .init(amountPence: awardPence), by: officer, tenant: tenant)
                                return true
                            } catch is GrantDecisionRefused { return false }
                        }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                let elapsed = ContinuousClock.now - start
                times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                let committed = try await GrantFund.find(fund.id, on: app.db)?.committedPence ?? -1
                let awarded = try await GrantApplication.query(on: app.db).filter(\.$round.$id == grantRound.requireID()).filter(\.$state == .awarded).count()
                awardedCounts.append(results.filter { $0 }.count)
                held = held && committed == fundable * awardPence && awarded == fundable && results.filter { $0 }.count == fundable
            }
            let median = times.sorted()[2]
            let database = Environment.get("DATABASE_URL").map { _ in "PostgreSQL" } ?? "SQLite"
            print(String(format: "| %@ | %d | %.0f ms | %.0f | %@ (awarded %@ of %d each round) |", database, attempts, median * 1000,
                         Double(attempts) / median, held ? "yes" : "NO", awardedCounts.map(String.init).joined(separator: ", "), attempts))
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
