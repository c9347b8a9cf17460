import Vapor

/// Every route: the platform's own (health, metrics, the API description), then each feature's,
/// each registered with the access it needs.
func routes(_ app: Application) throws {
    OperationsController().register(app)
    OpenAPIController().register(app)
    for feature in app.features {
        try feature.routes(app, app)
    }
}
