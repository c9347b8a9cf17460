import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOSSL
import Vapor

/// Sets up an application: database, middleware, views, routes, commands. Production, the
/// demo and every test go through this one function.
public func configure(_ app: Application, config: AppConfig, services: AppServices) async throws {
    // Before anything is set up, so a refused start changes nothing.
    if let problem = AppConfig.productionProblem(environment: app.environment, config: config) { throw problem }
    app.cohesionConfig = config
    app.services = services
    app.features = Features.all
    app.fieldCipher = FieldCipher(keys: config.fieldKeys.isEmpty ? [FieldCipher.developmentKey] : config.fieldKeys)
    _ = CohesionMetrics.registry

    try configureDatabase(app, config.database)
    if case .sqlite = config.database, let sql = app.db as? any SQLDatabase {
        // Write-ahead logging lets readers carry on while one writer writes. It is a property
        // of the database file, so setting it once at start-up is enough.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
    app.migrations.add(CohesionMigrations.all)

    app.passwords.use(.bcrypt(cost: config.bcryptCost))

    // Outermost first. Static files are served before any database work.
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware(secure: config.secureCookies))
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(CSRF.CookieMiddleware())
    app.middleware.use(CohesionErrorMiddleware())
    app.middleware.use(RejectNULMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(TenantMiddleware(directory: app.councilDirectory))
    app.middleware.use(AuthenticationMiddleware())

    app.publicPageCache = PublicPageCache(enabled: config.publicPageCacheSeconds > 0,
                                          lifetime: TimeInterval(max(config.publicPageCacheSeconds, 1)), clock: services.clock)
    // Per-process caches are made here, before any request: made lazily by two requests at
    // once, one of the two would be lost along with the invalidations sent to it.
    _ = app.geographyCache
    _ = app.areaProfileCache
    for feature in app.features { feature.configure?(app) }
    app.routes.defaultMaxBodySize = "1mb"
    try routes(app)

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(TokenCommands(), as: "token")
    app.asyncCommands.use(CouncilCommands(), as: "council")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(SweepCommand(), as: "sweep")
    app.asyncCommands.use(KeyCommands(), as: "keys")
    app.lifecycle.use(HousekeepingSchedule())
    for feature in app.features {
        for command in feature.commands { app.asyncCommands.use(command.command, as: command.name) }
    }
}

func configureDatabase(_ app: Application, _ choice: AppConfig.DatabaseChoice) throws {
    switch choice {
    // SQLite has one writer at a time, so a burst of writes queues for the connection. Fluent's
    // 10 seconds before giving up turned a busy minute into errors nobody could act on (20 groups
    // sending applications at once, on a loaded machine); a minute matches the proxy's timeout.
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60), sqlLogLevel: .debug), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, connectionPoolTimeout: .seconds(60), sqlLogLevel: .debug), as: .sqlite)
    case .postgres(let url):
        // TLS follows the URL's sslmode (or tlsmode): require, prefer (the default) or disable.
        let postgres = try SQLPostgresConfiguration(url: url)
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4, sqlLogLevel: .debug), as: .psql)
    }
}
