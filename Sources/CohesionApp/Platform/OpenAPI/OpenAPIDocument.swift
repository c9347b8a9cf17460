import Vapor

/// One API operation's description. Every `/api/v1` route has an entry in `APIOperations.all`;
/// `OperationsTests.openAPIDocumentListsEveryAPIRoute` fails when a registered route has none.
struct APIOperation: Sendable {
    let method: HTTPMethod
    /// The path in OpenAPI form, e.g. `/api/v1/areas/{code}`.
    let path: String
    let operationID: String
    let summary: String
    let tag: String
    let parameters: [JSONValue]
    let okSchema: JSONValue
    /// The 4xx answers this operation can give besides 401 (which every API route can give).
    let errors: [Int]
    let security: Bool
}

enum APIOperations {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func query(_ name: String, _ description: String, schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema]
    }

    static func pathParam(_ name: String, _ description: String, schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": schema]
    }

    static let paging: [JSONValue] = [
        query("page", "Page number, from 1.", schema: ["type": "integer", "minimum": 1, "maximum": 100000, "default": 1]),
        query("per", "Items per page, 1 to 200.", schema: ["type": "integer", "minimum": 1, "maximum": 200]),
    ]

    static let all: [APIOperation] = [
        APIOperation(method: .GET, path: "/api/v1/areas", operationID: "listAreas",
                     summary: "The council's areas: district, localities, wards and LSOAs", tag: "Areas",
                     parameters: paging + [query("kind", "Only areas of this kind (empty: any).",
                                                 schema: ["type": "string", "enum": ["", "district", "locality", "ward", "msoa", "lsoa"]])],
                     okSchema: ref("AreaPage"), errors: [400], security: false),
        APIOperation(method: .GET, path: "/api/v1/areas/locate", operationID: "locateAreas",
                     summary: "The LSOA, ward, locality and district of a point (lat and lon, WGS84) or of a postcode", tag: "Areas",
                     parameters: [
                        query("lat", "Latitude in decimal degrees (WGS84), with lon.", schema: ["type": "number", "minimum": -90, "maximum": 90]),
                        query("lon", "Longitude in decimal degrees (WGS84), with lat.", schema: ["type": "number", "minimum": -180, "maximum": 180]),
                        query("postcode", "A full UK postcode, in any case and spacing (instead of lat and lon).", schema: ["type": "string", "maxLength": 10]),
                     ],
                     okSchema: ref("LocatedAreas"), errors: [400, 404], security: false),
        APIOperation(method: .GET, path: "/api/v1/areas/{code}", operationID: "getArea",
                     summary: "One area with its parents and children", tag: "Areas",
                     parameters: [pathParam("code", "ONS GSS code (e.g. E05001301) or the council's locality code.", schema: ["type": "string"])],
                     okSchema: ref("AreaDetail"), errors: [404], security: false),
        APIOperation(method: .GET, path: "/api/v1/areas/{code}/census", operationID: "getAreaCensus",
                     summary: "Census 2021 figures for an area: each imported table, summed over the published areas inside it", tag: "Areas",
                     parameters: [pathParam("code", "ONS GSS code (e.g. E05001301) or the council's locality code.", schema: ["type": "string"])],
                     okSchema: ref("CensusProfile"), errors: [404], security: false),
        APIOperation(method: .GET, path: "/api/v1/organisations", operationID: "listOrganisations",
                     summary: "Partner, voluntary and community organisations", tag: "Organisations",
                     parameters: paging + [
                        query("q", "Name contains (case-insensitive).", schema: ["type": "string", "maxLength": 100]),
                        query("type", "Only this type (empty: any).", schema: ["type": "string", "enum": .array([""] + OrganisationType.allCases.map { .string($0.rawValue) })]),
                        query("locality", "Only this locality code.", schema: ["type": "string"]),
                        query("partnership_member", "yes: partnership members only; no: non-members only; any or absent: everyone.", schema: ["type": "string", "enum": ["", "yes", "no", "true", "false", "any"]]),
                     ],
                     okSchema: ref("OrganisationPage"), errors: [400, 403], security: true),
        APIOperation(method: .GET, path: "/api/v1/organisations/{id}", operationID: "getOrganisation",
                     summary: "One organisation", tag: "Organisations",
                     parameters: [pathParam("id", "The organisation's id.", schema: ["type": "string", "format": "uuid"])],
                     okSchema: ref("Organisation"), errors: [400, 403, 404], security: true),
    ]

    static func operation(method: HTTPMethod, path: String) -> APIOperation? {
        all.first { $0.method == method && $0.path == path }
    }

    /// The OpenAPI form of a Vapor route path: `:code` becomes `{code}`.
    static func openAPIPath(_ route: Route) -> String {
        "/" + route.path.map { component in
            if case .parameter(let name) = component { return "{\(name)}" }
            return component.description
        }.joined(separator: "/")
    }
}

/// Builds the OpenAPI 3.1 document from the routes that are actually registered.
enum OpenAPIDocument {
    static func build(routes: [Route], serverURL: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes {
            let path = APIOperations.openAPIPath(route)
            guard path.hasPrefix("/api/v1/"), let op = APIOperations.operation(method: route.method, path: path) else { continue }
            var item: [String: JSONValue] = { if case .object(let o) = paths[path] ?? [:] { return o }; return [:] }()
            item[op.method.rawValue.lowercased()] = operationObject(op)
            paths[path] = .object(item)
        }
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
            "components": ["schemas": schemas, "securitySchemes": ["bearerToken": ["type": "http", "scheme": "bearer"]]],
        ]
    }

    static func operationObject(_ op: APIOperation) -> JSONValue {
        var responses: [String: JSONValue] = [
            "200": ["description": "OK", "content": ["application/json": ["schema": op.okSchema]]],
        ]
        let descriptions = [400: "The request is not valid: see the field errors", 401: "The API token is missing, unknown or revoked",
                            403: "The token's user may not do this", 404: "Not found"]
        for status in Set(op.errors + [401]).sorted() {
            responses[String(status)] = ["description": .string(descriptions[status] ?? "Error"),
                                         "content": ["application/problem+json": ["schema": APIOperations.ref("Problem")]]]
        }
        var object: [String: JSONValue] = [
            "operationId": .string(op.operationID), "summary": .string(op.summary), "tags": [.string(op.tag)],
            "parameters": .array(op.parameters), "responses": .object(responses),
        ]
        object["security"] = op.security ? [["bearerToken": []]] : [[:], ["bearerToken": []]]
        return .object(object)
    }

    static func nullable(_ type: String) -> JSONValue { ["type": [.string(type), "null"]] }

    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }), "additionalProperties": false]
    }

    static func page(of item: String) -> JSONValue {
        object(["items": ["type": "array", "items": APIOperations.ref(item)], "page": ["type": "integer"],
                "per": ["type": "integer"], "total": ["type": "integer"]], required: ["items", "page", "per", "total"])
    }

    static let placeOrNull: JSONValue = ["type": ["object", "null"], "properties": ["code": ["type": "string"], "name": ["type": "string"]],
                                         "required": ["code", "name"], "additionalProperties": false]
    static let areaKinds: JSONValue = ["type": "string", "enum": ["district", "locality", "ward", "msoa", "lsoa"]]

    static var schemas: JSONValue {
        let area: [String: JSONValue] = ["code": ["type": "string"], "name": ["type": "string"], "kind": areaKinds, "parentCode": nullable("string")]
        var detail = area
        detail["ancestors"] = ["type": "array", "items": APIOperations.ref("Area")]
        detail["children"] = ["type": "array", "items": APIOperations.ref("Area")]
        return [
            "Area": object(area, required: ["code", "name", "kind"]),
            "AreaDetail": object(detail, required: ["code", "name", "kind", "ancestors", "children"]),
            "AreaPage": page(of: "Area"),
            "Organisation": object([
                "id": ["type": "string", "format": "uuid"], "name": ["type": "string"],
                "type": ["type": "string", "enum": .array(OrganisationType.allCases.map { .string($0.rawValue) })],
                "charityNumber": nullable("string"), "companyNumber": nullable("string"), "localityCode": nullable("string"),
                "partnershipMember": ["type": "boolean"], "contactName": nullable("string"), "contactEmail": nullable("string"),
                "contactPhone": nullable("string"), "website": nullable("string"), "postcode": nullable("string"),
            ], required: ["id", "name", "type", "partnershipMember"]),
            "OrganisationPage": page(of: "Organisation"),
            "CensusProfile": object([
                "areaCode": ["type": "string"], "censusDate": ["type": "string", "format": "date"], "source": ["type": "string"],
                "tables": ["type": "array", "items": object([
                    "key": ["type": "string"], "topic": ["type": "string"], "publishedLevel": areaKinds, "total": ["type": "integer"],
                    "estimated": ["type": "boolean"],
                    "categories": ["type": "array", "items": object([
                        "name": ["type": "string"], "path": ["type": "string"], "count": ["type": "integer"],
                        "percentage": nullable("number"),
                    ], required: ["name", "path", "count"])],
                ], required: ["key", "topic", "publishedLevel", "total", "categories"])],
                "diversity": object(["index": ["type": "number", "minimum": 0, "maximum": 1], "rank": ["type": "integer", "minimum": 1],
                                     "of": ["type": "integer", "minimum": 1]], required: ["index", "rank", "of"]),
            ], required: ["areaCode", "censusDate", "source", "tables"]),
            "LocatedAreas": object([
                "latitude": nullable("number"), "longitude": nullable("number"), "postcode": nullable("string"),
                "method": ["type": "string", "enum": ["boundaries", "postcode directory"]],
                "lsoa": placeOrNull, "ward": placeOrNull, "locality": placeOrNull, "district": placeOrNull,
            ], required: ["method"]),
            "Problem": object([
                "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                "detail": ["type": "string"], "instance": ["type": "string"],
                "errors": ["type": "array", "items": object(["field": ["type": "string"], "message": ["type": "string"]], required: ["field", "message"])],
            ], required: ["title", "status"]),
        ]
    }
}

struct OpenAPIController {
    func register(_ routes: RoutesBuilder) {
        routes.on(.GET, "api", "openapi.json", access: .anyone, use: document)
    }

    @Sendable func document(_ req: Request) async throws -> Response {
        let doc = OpenAPIDocument.build(routes: req.application.routes.all, serverURL: req.application.cohesionConfig.publicURL)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(doc)))
    }
}
