import CohesionCore
import Vapor

/// The areas API: its operations and schemas for the OpenAPI document.
enum PlacesAPI {
    /// Areas per page when the request doesn't say.
    static let defaultPer = 100

    static let codeParameter: JSONValue = .path("code", "ONS GSS code in any case (e.g. E05001301), or the council's locality code (e.g. north).",
                                                schema: AreaCode.rule.schema, example: "E05001314")

    /// Either lat and lon, or a postcode: what `LocateController.Query.parse` accepts.
    static var locateParameter: JSONValue {
        typealias Query = LocateController.Query
        let lat = JSONValue.number(in: Query.latitudes), lon = JSONValue.number(in: Query.longitudes)
        return .queryGroup("place", "Where: `lat` and `lon` together (decimal degrees, WGS84), or `postcode`, never both.", schema: [
            "type": "object",
            "properties": [
                "lat": lat, "lon": lon,
                "postcode": Query.postcodeRule.schema,
            ],
            "additionalProperties": false,
            "oneOf": [
                ["required": ["lat", "lon"], "not": ["required": ["postcode"]]],
                ["required": ["postcode"], "not": ["anyOf": [["required": ["lat"]], ["required": ["lon"]]]]],
            ],
        ], examples: ["point": ["lat": .number(52.5752), "lon": .number(-2.0024)], "postcode": ["postcode": "WS1 1TP"]])
    }

    static let operations: [APIOperation] = [
        APIOperation(.GET, Places.Routes.apiAreas, operationID: "listAreas",
                     summary: "The council's areas: district, localities, wards and LSOAs", tag: "Areas",
                     parameters: APIOperation.paging(defaultPer: defaultPer) + [
                        .query("kind", "Only areas of this kind (empty: any).", schema: .enumeration([""] + AreaKind.allCases.map(\.rawValue)),
                               example: "ward"),
                     ],
                     okSchema: .ref("AreaPage"), errors: [], security: false),
        APIOperation(.GET, Places.Routes.apiLocate, operationID: "locateAreas",
                     summary: "The LSOA, ward, locality and district of a point (lat and lon, WGS84) or of a postcode", tag: "Areas",
                     parameters: [locateParameter],
                     okSchema: .ref("LocatedAreas"), errors: [404], security: false),
        APIOperation(.GET, Places.Routes.apiArea, operationID: "getArea",
                     summary: "One area with its parents and children", tag: "Areas",
                     parameters: [codeParameter], okSchema: .ref("AreaDetail"), errors: [404], security: false),
        APIOperation(.GET, Places.Routes.apiAreaCensus, operationID: "getAreaCensus",
                     summary: "Census 2021 figures for an area: each imported table, summed over the published areas inside it", tag: "Areas",
                     parameters: [codeParameter], okSchema: .ref("CensusProfile"), errors: [404], security: false),
    ]

    static let placeOrNull: JSONValue = ["type": ["object", "null"], "properties": ["code": ["type": "string"], "name": ["type": "string"]],
                                         "required": ["code", "name"], "additionalProperties": false]
    static let areaKinds: JSONValue = .enumeration(AreaKind.allCases.map(\.rawValue))

    static var schemas: [String: JSONValue] {
        let area: [String: JSONValue] = ["code": ["type": "string"], "name": ["type": "string"], "kind": areaKinds, "parentCode": .nullable("string")]
        var detail = area
        detail["ancestors"] = ["type": "array", "items": .ref("Area")]
        detail["children"] = ["type": "array", "items": .ref("Area")]
        return [
            "Area": .schema(area, required: ["code", "name", "kind"]),
            "AreaDetail": .schema(detail, required: ["code", "name", "kind", "ancestors", "children"]),
            "AreaPage": .page(of: "Area"),
            "CensusProfile": .schema([
                "areaCode": ["type": "string"], "censusDate": ["type": "string", "format": "date"], "source": ["type": "string"],
                "tables": ["type": "array", "items": .schema([
                    "key": ["type": "string"], "topic": ["type": "string"], "publishedLevel": areaKinds, "total": ["type": "integer"],
                    "estimated": ["type": "boolean"],
                    "categories": ["type": "array", "items": .schema([
                        "name": ["type": "string"], "path": ["type": "string"], "count": ["type": "integer"],
                        "percentage": .nullable("number"),
                    ], required: ["name", "path", "count"])],
                ], required: ["key", "topic", "publishedLevel", "total", "categories"])],
                "diversity": .schema(["index": ["type": "number", "minimum": 0, "maximum": 1], "rank": ["type": "integer", "minimum": 1],
                                      "of": ["type": "integer", "minimum": 1]], required: ["index", "rank", "of"]),
            ], required: ["areaCode", "censusDate", "source", "tables"]),
            "LocatedAreas": .schema([
                "latitude": .nullable("number"), "longitude": .nullable("number"), "postcode": .nullable("string"),
                "method": ["type": "string", "enum": ["boundaries", "postcode directory"]],
                "lsoa": placeOrNull, "ward": placeOrNull, "locality": placeOrNull, "district": placeOrNull,
            ], required: ["method"]),
        ]
    }
}
