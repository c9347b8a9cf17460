import AsyncHTTPClient
@testable import CohesionApp
import Fluent
import FluentPostgresDriver
import Foundation
import NIOCore
import NIOHTTP1
import SQLKit
import Testing
import Vapor

/// Each test gets its own application and its own clean database: an in-memory SQLite
/// database, or, when `COHESION_TEST_DATABASE_URL` is set, a fresh PostgreSQL database cloned
/// from a migrated template. The app serves real HTTP on a free loopback port.
final class TestApp: @unchecked Sendable {
    let app: Application
    let mailer: CapturingMailer
    let clock: TestClock
    let baseURL: String
    private let postgresDatabase: String?

    static var usesPostgres: Bool { postgresURL != nil }
    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["COHESION_TEST_DATABASE_URL"]
        return (url?.isEmpty ?? true) ? nil : url
    }

    private init(app: Application, mailer: CapturingMailer, clock: TestClock, baseURL: String, postgresDatabase: String?) {
        self.app = app; self.mailer = mailer; self.clock = clock; self.baseURL = baseURL; self.postgresDatabase = postgresDatabase
    }

    /// `prepare` runs after `configure` and before the server starts, e.g. to add a middleware.
    static func make(migrate: Bool = true, adjust: (inout AppConfig) -> Void = { _ in },
                     prepare: (Application) -> Void = { _ in }) async throws -> TestApp {
        var config = AppConfig(database: .sqliteMemory, bcryptCost: 4, publicURL: "http://127.0.0.1:8080")
        // Tests import files straight through the importers, then read pages: read the census
        // figures afresh each time, except in AreaProfileCacheTests, which test the cache.
        config.censusCacheSeconds = 0
        adjust(&config)
        var databaseName: String?
        if let base = postgresURL {
            let name = try await PostgresTemplates.shared.freshDatabase(baseURL: base)
            databaseName = name
            config.database = .postgres(url: PostgresTemplates.url(base, database: name))
        }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        let mailer = CapturingMailer()
        let clock = TestClock()
        try await configure(app, config: config, services: AppServices(mailer: mailer, clock: clock))
        if migrate, databaseName == nil { try await app.autoMigrate() }
        prepare(app)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "no port") }
        return TestApp(app: app, mailer: mailer, clock: clock, baseURL: "http://127.0.0.1:\(port)", postgresDatabase: databaseName)
    }

    func shutdown() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
        if let name = postgresDatabase, let base = Self.postgresURL {
            try await PostgresTemplates.shared.drop(database: name, baseURL: base)
        }
    }

    var db: Database { app.db }
}

/// Runs `body` with a fresh app and database, shutting both down afterwards.
func withTestApp(migrate: Bool = true, adjust: (inout AppConfig) -> Void = { _ in }, prepare: (Application) -> Void = { _ in },
                 _ body: (TestApp) async throws -> Void) async throws {
    let gate = TestApp.usesPostgres ? TestAppGate.shared : nil
    await gate?.enter()
    do {
        let test = try await TestApp.make(migrate: migrate, adjust: adjust, prepare: prepare)
        do {
            try await body(test)
        } catch {
            try? await test.shutdown()
            throw error
        }
        try await test.shutdown()
    } catch {
        await gate?.leave()
        throw error
    }
    await gate?.leave()
}

/// How many test apps run at once on PostgreSQL. Swift Testing starts every test together, each
/// app's pool opens up to 4 connections per event loop, and the server started by
/// scripts/with-postgres takes 300: without a limit, a suite of a few hundred tests ran out
/// ("sorry, too many clients already").
actor TestAppGate {
    static let shared = TestAppGate(limit: 24)
    let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func enter() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the place to the next waiting test, or frees it.
    func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}

/// Makes one migrated template database per test run and clones it for each test: a clone is
/// much faster than running every migration again.
actor PostgresTemplates {
    static let shared = PostgresTemplates()
    /// One task makes the template; actor reentrancy would otherwise let every test start its own.
    private var template: Task<String, Error>?
    private let runID = String(UUID().uuidString.prefix(8)).lowercased()
    private var counter = 0

    static func url(_ base: String, database: String) -> String {
        guard var components = URLComponents(string: base) else { return base }
        components.path = "/" + database
        return components.string ?? base
    }

    /// Runs SQL against the server's maintenance connection (the database in the base URL).
    private func admin(_ base: String, _ statements: [String]) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        do {
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: base)), as: .psql)
            let sql = app.db as! any SQLDatabase
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        } catch {
            try? await app.asyncShutdown()
            throw Abort(.internalServerError, reason: "PostgreSQL setup failed: \(String(reflecting: error))")
        }
        try await app.asyncShutdown()
    }

    func freshDatabase(baseURL: String) async throws -> String {
        let template = try await ensureTemplate(baseURL)
        counter += 1
        let name = "cohesion_t_\(runID)_\(counter)"
        try await admin(baseURL, ["CREATE DATABASE \(name) TEMPLATE \(template)"])
        return name
    }

    func drop(database: String, baseURL: String) async throws {
        try await admin(baseURL, ["DROP DATABASE IF EXISTS \(database) WITH (FORCE)"])
    }

    private func ensureTemplate(_ base: String) async throws -> String {
        if let template { return try await template.value }
        let task = Task { try await self.makeTemplate(base) }
        template = task
        return try await task.value
    }

    private func makeTemplate(_ base: String) async throws -> String {
        let name = "cohesion_tpl_\(runID)"
        try await admin(base, ["CREATE DATABASE \(name)"])
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        do {
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: Self.url(base, database: name))), as: .psql)
            app.migrations.add(CohesionMigrations.all)
            try await app.autoMigrate()
        } catch {
            try? await app.asyncShutdown()
            throw Abort(.internalServerError, reason: "Migrating the template failed: \(String(reflecting: error))")
        }
        try await app.asyncShutdown()
        return name
    }
}
