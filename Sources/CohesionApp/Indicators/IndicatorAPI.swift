import CohesionCore
import Vapor

/// The indicators API: the list, and one indicator's values as the export gives them. Open to
/// everyone; visitors and members get public indicators only, after disclosure control.
enum IndicatorAPI {
    static let codeParameter: JSONValue = .path("code", "The indicator's code, like COH-01 (any case).",
                                                schema: IndicatorCode.rule.schema, example: "COH-01")

    static let operations: [APIOperation] = [
        APIOperation(.GET, Indicators.Routes.apiIndex, operationID: "listIndicators", summary: "Cohesion indicators",
                     tag: "Indicators", okSchema: .ref("IndicatorList"), errors: [404], security: false),
        APIOperation(.GET, Indicators.Routes.apiValues, operationID: "getIndicatorValues",
                     summary: "An indicator's values: one row per area and period", tag: "Indicators",
                     parameters: [codeParameter], okSchema: .ref("IndicatorValues"), errors: [400, 404], security: false),
    ]

    static var schemas: [String: JSONValue] {
        [
            "Indicator": .schema([
                "code": ["type": "string"], "title": ["type": "string"], "definition": ["type": "string"],
                "source": ["type": "string", "enum": .array(Indicator.SourceKind.allCases.map { .string($0.rawValue) })],
                "unit": ["type": "string", "enum": .array(IndicatorUnit.allCases.map { .string($0.rawValue) })],
                "polarity": ["type": "string", "enum": .array(IndicatorPolarity.allCases.map { .string($0.rawValue) })],
                "target": .nullable("number"), "greenThreshold": .nullable("number"), "amberThreshold": .nullable("number"),
                "performanceAreas": ["type": "array", "items": ["type": "string"]],
                "marmotObjectives": ["type": "array", "items": ["type": "string"]],
                "equalityModules": ["type": "array", "items": ["type": "string"]],
            ], required: ["code", "title", "definition", "source", "unit", "polarity", "performanceAreas", "marmotObjectives", "equalityModules"]),
            "IndicatorList": .schema(["items": ["type": "array", "items": .ref("Indicator")]], required: ["items"]),
            "IndicatorValue": .schema([
                "code": ["type": "string"], "areaCode": ["type": "string"], "areaName": ["type": "string"], "period": ["type": "string"],
                "periodStart": ["type": "string", "format": "date"], "periodEnd": ["type": "string", "format": "date"],
                "value": .nullable("number"), "lower": .nullable("number"), "upper": .nullable("number"),
                "n": .nullable("integer"), "base": .nullable("number"),
                "flags": ["type": "array", "items": ["type": "string", "enum": .array(IndicatorFlag.allCases.map { .string($0.rawValue) })]],
                "source": ["type": "string"],
            ], required: ["code", "areaCode", "areaName", "period", "periodStart", "periodEnd", "flags", "source"]),
            "IndicatorValues": .schema(["indicator": .ref("Indicator"), "values": ["type": "array", "items": .ref("IndicatorValue")]],
                                       required: ["indicator", "values"]),
        ]
    }

    struct IndicatorDTO: Codable, Sendable {
        let code: String
        let title: String
        let definition: String
        let source: String
        let unit: String
        let polarity: String
        let target: Double?
        let greenThreshold: Double?
        let amberThreshold: Double?
        let performanceAreas: [String]
        let marmotObjectives: [String]
        let equalityModules: [String]

        init(_ i: Indicator) {
            code = i.code; title = i.title; definition = i.definition; source = i.sourceKind.rawValue; unit = i.unit.rawValue
            polarity = i.polarity.rawValue; target = i.target; greenThreshold = i.greenThreshold; amberThreshold = i.amberThreshold
            performanceAreas = i.performanceAreas; marmotObjectives = i.marmotObjectives; equalityModules = i.equalityModules
        }
    }

    struct ListDTO: Codable, Sendable { let items: [IndicatorDTO] }
    struct ValuesDTO: Codable, Sendable { let indicator: IndicatorDTO; let values: [IndicatorExportRow] }
}
