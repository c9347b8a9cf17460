import CohesionApp
import Foundation
import Logging
import Vapor

var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)

do {
    let config = try AppConfig.fromEnvironment()
    let mailer: any Mailer = ProcessInfo.processInfo.environment["COHESION_MAIL_OUTBOX"].map {
        OutboxMailer(directory: $0, from: ProcessInfo.processInfo.environment["COHESION_MAIL_FROM"] ?? "cohesion@localhost")
    } ?? CapturingMailer(echo: true)
    try await configure(app, config: config, services: AppServices(mailer: mailer))
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
