import Vapor

/// Every route, feature by feature. Each controller registers its routes with the access they need.
func routes(_ app: Application) throws {
    HomeController().register(app, cache: app.publicPageCache)
    SetupController().register(app)
    SignInController().register(app)
    UsersController().register(app)
    TokensController().register(app)
    AuditController().register(app)
    AreasController().register(app, cache: app.publicPageCache)
    LocateController().register(app)
    MapsController().register(app, cache: app.publicPageCache)
    LocalitiesController().register(app)
    DataImportsController().register(app)
    OrganisationsController().register(app)
    OperationsController().register(app)
    OpenAPIController().register(app)
}
