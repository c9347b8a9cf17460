import Vapor

/// One API operation's description, declared by the feature that registers it (its
/// `apiOperations`) from the same `SiteRoute`, so the document can't describe a path that
/// isn't served. `OperationsTests.openAPIDocumentListsEveryAPIRoute` fails when a registered
/// `/api/v1` route has none.
struct APIOperation: Sendable {
    let method: HTTPMethod
    /// The path in OpenAPI form, from the route: `/api/v1/areas/{code}`.
    let path: String
    let operationID: String
    let summary: String
    let tag: String
    let parameters: [JSONValue]
    let okSchema: JSONValue
    /// The 4xx answers this operation can give; `everywhere` is added to them.
    let errors: [Int]
    /// The 4xx answers every API route can give.
    static let everywhere = [400, 401, 404]
    let security: Bool

    init(_ method: HTTPMethod, _ route: SiteRoute, operationID: String, summary: String, tag: String,
         parameters: [JSONValue] = [], okSchema: JSONValue, errors: [Int], security: Bool) {
        self.init(method, template: route.template, operationID: operationID, summary: summary, tag: tag,
                  parameters: parameters, okSchema: okSchema, errors: errors, security: security)
    }

    init<Value>(_ method: HTTPMethod, _ route: SiteRoute1<Value>, operationID: String, summary: String, tag: String,
                parameters: [JSONValue] = [], okSchema: JSONValue, errors: [Int], security: Bool) {
        self.init(method, template: route.template, operationID: operationID, summary: summary, tag: tag,
                  parameters: parameters, okSchema: okSchema, errors: errors, security: security)
    }

    private init(_ method: HTTPMethod, template: String, operationID: String, summary: String, tag: String,
                 parameters: [JSONValue], okSchema: JSONValue, errors: [Int], security: Bool) {
        self.method = method
        self.path = template
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.parameters = parameters
        self.okSchema = okSchema
        self.errors = errors
        self.security = security
    }

    /// `page` and `per`, with the ranges `PageRequest` enforces and the handler's default page size.
    static func paging(defaultPer: Int) -> [JSONValue] {
        [
            .query("page", "Page number, from \(PageRequest.pages.lowerBound).",
                   schema: .integer(in: PageRequest.pages, default: PageRequest.pages.lowerBound)),
            .query("per", "Items per page, \(PageRequest.perPage.lowerBound) to \(PageRequest.perPage.upperBound).",
                   schema: .integer(in: PageRequest.perPage, default: defaultPer)),
        ]
    }
}

/// Pieces of OpenAPI documents.
extension JSONValue {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func query(_ name: String, _ description: String, schema: JSONValue, example: JSONValue? = nil) -> JSONValue {
        parameter(["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema], example)
    }

    private static func parameter(_ fields: [String: JSONValue], _ example: JSONValue?) -> JSONValue {
        var fields = fields
        if let example { fields["example"] = example }
        return .object(fields)
    }

    /// Query parameters that only make sense together, as one object whose properties are sent
    /// as separate parameters (`style: form`, `explode: true`): `lat=…&lon=…`. Its schema can
    /// then say which combinations are allowed, which separate parameters can't.
    static func queryGroup(_ name: String, _ description: String, schema: JSONValue, examples: [String: JSONValue] = [:]) -> JSONValue {
        var fields: [String: JSONValue] = ["name": .string(name), "in": "query", "required": true, "style": "form", "explode": true,
                                           "description": .string(description), "schema": schema]
        if !examples.isEmpty { fields["examples"] = .object(examples.mapValues { ["value": $0] }) }
        return .object(fields)
    }

    static func path(_ name: String, _ description: String, schema: JSONValue, example: JSONValue? = nil) -> JSONValue {
        parameter(["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": schema], example)
    }

    static func nullable(_ type: String) -> JSONValue { ["type": [.string(type), "null"]] }

    /// An object schema that allows no other properties.
    static func schema(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }), "additionalProperties": false]
    }

    static func page(of item: String) -> JSONValue {
        schema(["items": ["type": "array", "items": ref(item)], "page": ["type": "integer"],
                "per": ["type": "integer"], "total": ["type": "integer"]], required: ["items", "page", "per", "total"])
    }
}

/// Builds the OpenAPI 3.1 document from the features' operations for the routes that are
/// actually registered.
enum OpenAPIDocument {
    static func build(routes: [Route], features: [Feature], serverURL: String) -> JSONValue {
        let operations = features.flatMap(\.apiOperations)
        var paths: [String: JSONValue] = [:]
        for route in routes where route.template.hasPrefix("/api/v1/") {
            guard let op = operations.first(where: { $0.method == route.method && $0.path == route.template }) else { continue }
            var item: [String: JSONValue] = { if case .object(let o) = paths[op.path] ?? [:] { return o }; return [:] }()
            item[op.method.rawValue.lowercased()] = operationObject(op)
            paths[op.path] = .object(item)
        }
        var schemas = features.reduce(into: [String: JSONValue]()) { $0.merge($1.apiSchemas) { a, _ in a } }
        schemas["Problem"] = problem
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Cohesion API",
                "version": "1.0.0",
                "description": "Read access to a council's community cohesion data. Send an API token (created on the API tokens page or with `cohesion token create`) as `Authorization: Bearer <token>`. Errors are RFC 9457 problem details.",
                "license": ["name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"],
            ],
            "servers": [["url": .string(serverURL)]],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas), "securitySchemes": ["bearerToken": ["type": "http", "scheme": "bearer"]]],
        ]
    }

    static func operationObject(_ op: APIOperation) -> JSONValue {
        var responses: [String: JSONValue] = [
            "200": ["description": "OK", "content": ["application/json": ["schema": op.okSchema]]],
        ]
        let descriptions = [400: "The request is not valid: see `detail` and the field `errors`", 401: "The API token is missing, unknown or revoked",
                            403: "The token's user may not do this", 404: "Not found (or no council is served at this host)"]
        // Any address can get 400 (a NUL character, refused by RejectNULMiddleware before
        // routing), 401 (a bad token) and 404 (a host that serves no council, in a deployment of
        // several), so every operation declares them.
        for status in Set(op.errors + APIOperation.everywhere).sorted() {
            var response: [String: JSONValue] = ["description": .string(descriptions[status] ?? "Error"),
                                                 "content": ["application/problem+json": ["schema": .ref("Problem")]]]
            if status == 401 {
                response["headers"] = ["WWW-Authenticate": ["description": "`Bearer`, with `error=\"invalid_token\"` for a token that was sent but not accepted",
                                                             "required": true, "schema": ["type": "string", "pattern": "^Bearer( .*)?$"]]]
            }
            responses[String(status)] = .object(response)
        }
        var object: [String: JSONValue] = [
            "operationId": .string(op.operationID), "summary": .string(op.summary), "tags": [.string(op.tag)],
            "parameters": .array(op.parameters), "responses": .object(responses),
        ]
        object["security"] = op.security ? [["bearerToken": []]] : [[:], ["bearerToken": []]]
        return .object(object)
    }

    static let problem: JSONValue = .schema([
        "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
        "detail": ["type": "string"], "instance": ["type": "string"],
        "errors": ["type": "array", "items": .schema(["field": ["type": "string"], "message": ["type": "string"]], required: ["field", "message"])],
    ], required: ["title", "status"])
}

struct OpenAPIController {
    func register(_ routes: RoutesBuilder) {
        routes.get(PlatformRoutes.openAPI, access: .anyone, use: document)
    }

    @Sendable func document(_ req: Request) async throws -> Response {
        let doc = OpenAPIDocument.build(routes: req.application.routes.all, features: req.application.features,
                                        serverURL: req.application.cohesionConfig.publicURL)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(doc)))
    }
}
