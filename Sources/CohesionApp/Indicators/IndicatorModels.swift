import CohesionCore
import Fluent
import Vapor

/// One cohesion indicator: what it measures and where its values come from (a survey measure,
/// a figure another feature computes, or values a partner service enters), how it is judged
/// (polarity, target, red/amber/green thresholds) and the frameworks it reports to.
final class Indicator: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "indicators"
    static var councilIDField: KeyPath<Indicator, FieldProperty<Indicator, UUID>> { \.$councilID }

    enum SourceKind: String, Codable, CaseIterable, Sendable {
        /// A survey measure, weighted: values from each wave's estimates.
        case survey
        /// Computed from the platform's own data by a feature (`IndicatorSource`).
        case operational
        /// Entered by a partner service, on the form or from a CSV file.
        case partner

        var label: String {
            switch self {
            case .survey: "Cohesion survey"
            case .operational: "Computed from Cohesion's own records"
            case .partner: "Entered by a partner service"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    /// Short and stable, shown on tiles and in exports: "COH-01".
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "definition") var definition: String
    @Enum(key: "source_kind") var sourceKind: SourceKind
    /// The `IndicatorSource` key for survey and operational indicators.
    @OptionalField(key: "source_key") var sourceKey: String?
    /// For a partner indicator: the organisation whose users may enter its values.
    @OptionalField(key: "partner_organisation_id") var partnerOrganisationID: UUID?
    @Field(key: "unit") var unitRaw: String
    @Field(key: "polarity") var polarityRaw: String
    @OptionalField(key: "target") var target: Double?
    @OptionalField(key: "green_threshold") var greenThreshold: Double?
    @OptionalField(key: "amber_threshold") var amberThreshold: Double?
    /// Tags as JSON arrays of text.
    @Field(key: "performance_areas") var performanceAreasJSON: String
    @Field(key: "marmot_objectives") var marmotJSON: String
    @Field(key: "equality_modules") var equalityJSON: String
    /// Shown on the public dashboard (after disclosure control).
    @Field(key: "is_public") var isPublic: Bool
    @OptionalField(key: "computed_at") var computedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var unit: IndicatorUnit {
        get { IndicatorUnit(rawValue: unitRaw) ?? .number }
        set { unitRaw = newValue.rawValue }
    }

    var polarity: IndicatorPolarity {
        get { IndicatorPolarity(rawValue: polarityRaw) ?? .neither }
        set { polarityRaw = newValue.rawValue }
    }

    var thresholds: IndicatorThresholds { IndicatorThresholds(green: greenThreshold, amber: amberThreshold) }

    var performanceAreas: [String] {
        get { JSONColumn.decode(performanceAreasJSON, as: [String].self) ?? [] }
        set { performanceAreasJSON = JSONColumn.encode(newValue) }
    }

    var marmotObjectives: [String] {
        get { JSONColumn.decode(marmotJSON, as: [String].self) ?? [] }
        set { marmotJSON = JSONColumn.encode(newValue) }
    }

    var equalityModules: [String] {
        get { JSONColumn.decode(equalityJSON, as: [String].self) ?? [] }
        set { equalityJSON = JSONColumn.encode(newValue) }
    }
}

/// One value of an indicator, for an area and a period, with where it came from.
final class IndicatorValue: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "indicator_values"
    static var councilIDField: KeyPath<IndicatorValue, FieldProperty<IndicatorValue, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "indicator_id") var indicator: Indicator
    @Field(key: "area_code") var areaCode: String
    @Field(key: "period_key") var periodKey: String
    @Field(key: "period_label") var periodLabel: String
    @Field(key: "period_start") var periodStart: String
    @Field(key: "period_end") var periodEnd: String
    @OptionalField(key: "value") var value: Double?
    @OptionalField(key: "lower") var lower: Double?
    @OptionalField(key: "upper") var upper: Double?
    @OptionalField(key: "respondents") var respondents: Int?
    @OptionalField(key: "base") var base: Double?
    @OptionalField(key: "standard_error") var standardError: Double?
    @OptionalField(key: "effective_n") var effectiveSampleSize: Double?
    @OptionalField(key: "weight_total") var weightTotal: Double?
    /// `IndicatorFlag` raw values, comma-separated.
    @Field(key: "flags") var flagsText: String
    /// Provenance, in words.
    @Field(key: "source") var source: String
    @OptionalField(key: "entered_by") var enteredBy: UUID?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var flags: [IndicatorFlag] {
        get { flagsText.split(separator: ",").compactMap { IndicatorFlag(rawValue: String($0)) } }
        set { flagsText = newValue.map(\.rawValue).joined(separator: ",") }
    }
}

struct CreateIndicators: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("indicators")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("definition", .string, .required)
            .field("source_kind", .string, .required)
            .field("source_key", .string)
            .field("partner_organisation_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("unit", .string, .required)
            .field("polarity", .string, .required)
            .field("target", .double)
            .field("green_threshold", .double)
            .field("amber_threshold", .double)
            .field("performance_areas", .string, .required)
            .field("marmot_objectives", .string, .required)
            .field("equality_modules", .string, .required)
            .field("is_public", .bool, .required)
            .field("computed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "council_id", "code")
            .create()
        try await database.schema("indicator_values")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .field("area_code", .string, .required)
            .field("period_key", .string, .required)
            .field("period_label", .string, .required)
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("value", .double)
            .field("lower", .double)
            .field("upper", .double)
            .field("respondents", .int)
            .field("base", .double)
            .field("standard_error", .double)
            .field("effective_n", .double)
            .field("weight_total", .double)
            .field("flags", .string, .required)
            .field("source", .string, .required)
            .field("entered_by", .uuid)
            .field("recorded_at", .datetime, .required)
            .unique(on: "indicator_id", "area_code", "period_key")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("indicator_values").delete()
        try await database.schema("indicators").delete()
    }
}
