import CohesionApp
import Foundation
import Logging
import Vapor

// Weighting files needs no database or web server: done before either is set up.
if let status = SurveyWeightRun.runIfAsked(CommandLine.arguments) { exit(status) }

let config: AppConfig
do {
    config = try AppConfig.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

var env = try Environment.detect()
if config.jsonLogs {
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
    // Without an outbox, messages are printed: right for the demo, wrong for production, where
    // `configure` refuses to serve without one (AppConfig.productionProblem).
    let mailer: any Mailer = config.mailOutbox.map { OutboxMailer(directory: $0, from: config.mailFrom) } ?? CapturingMailer(echo: true)
    try await configure(app, config: config, services: AppServices(mailer: mailer))
    if config.mailOutbox == nil, env.arguments.dropFirst().first == "serve" {
        app.logger.warning("COHESION_MAIL_OUTBOX is not set: emails (password resets, invitations) are printed, not sent.")
    }
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\nRun `cohesion --help`, or `cohesion COMMAND --help`, for usage.\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
