import CohesionApp
import Foundation
import Logging
import Vapor

var env = try Environment.detect()
if ProcessInfo.processInfo.environment["COHESION_LOG_FORMAT"] == "json" {
    let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info") ?? .info
    LoggingSystem.bootstrap { label in
        var handler = JSONLogHandler(label: label)
        handler.logLevel = level
        return handler
    }
} else {
    try LoggingSystem.bootstrap(from: &env)
}
let app = try await Application.make(env)

do {
    let config = try AppConfig.fromEnvironment()
    let environment = ProcessInfo.processInfo.environment
    let mailer: any Mailer
    if let outbox = environment["COHESION_MAIL_OUTBOX"], !outbox.isEmpty {
        mailer = OutboxMailer(directory: outbox, from: environment["COHESION_MAIL_FROM"] ?? "cohesion@localhost")
    } else {
        // Without an outbox, messages are printed: right for the demo, wrong for production.
        mailer = CapturingMailer(echo: true)
    }
    try await configure(app, config: config, services: AppServices(mailer: mailer))
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\nRun `cohesion --help`, or `cohesion COMMAND --help`, for usage.\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
