import CohesionCore
import Fluent
import Vapor

/// A question a council added to the bank beside the Community Life Survey's standard items
/// (which live in `CommunityLifeSurvey.items` and are not stored).
final class SurveyCustomItem: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "survey_items"
    static var councilIDField: KeyPath<SurveyCustomItem, FieldProperty<SurveyCustomItem, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Field(key: "key") var key: String
    @Field(key: "question") var question: String
    @OptionalField(key: "hint") var hint: String?
    /// `[SurveyAnswerOption]` as JSON.
    @Field(key: "options") var optionsJSON: String
    /// Option keys as JSON arrays.
    @Field(key: "counted") var countedJSON: String
    @Field(key: "excluded") var excludedJSON: String
    @Field(key: "indicator_title") var indicatorTitle: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(councilID: UUID, item: SurveyItem) {
        self.councilID = councilID
        self.item = item
    }

    var item: SurveyItem {
        get {
            SurveyItem(key: key, question: question, hint: hint,
                       options: JSONColumn.decode(optionsJSON, as: [SurveyAnswerOption].self) ?? [],
                       counted: Set(JSONColumn.decode(countedJSON, as: [String].self) ?? []),
                       excluded: Set(JSONColumn.decode(excludedJSON, as: [String].self) ?? []),
                       indicatorTitle: indicatorTitle, nationalIndicator: nil, isStandard: false)
        }
        set {
            key = newValue.key
            question = newValue.question
            hint = newValue.hint
            optionsJSON = JSONColumn.encode(newValue.options)
            countedJSON = JSONColumn.encode(newValue.counted.sorted())
            excludedJSON = JSONColumn.encode(newValue.excluded.sorted())
            indicatorTitle = newValue.indicatorTitle
        }
    }
}

/// One round of the cohesion survey: its period, the items asked, how its answers are weighted
/// to the census, and whether the public questionnaire takes answers.
final class SurveyWave: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "survey_waves"
    static var councilIDField: KeyPath<SurveyWave, FieldProperty<SurveyWave, UUID>> { \.$councilID }

    enum Status: String, Codable, CaseIterable, Sendable {
        /// Being set up: no public questionnaire yet.
        case draft
        /// The public questionnaire takes answers.
        case open
        /// No more answers from the public; imports still allowed.
        case closed

        var label: String {
            switch self {
            case .draft: "Draft"
            case .open: "Open for answers"
            case .closed: "Closed"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Field(key: "title") var title: String
    /// The fieldwork period, as `YYYY-MM-DD`.
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    /// The item keys asked, in order, as JSON.
    @Field(key: "item_keys") var itemKeysJSON: String
    /// `[SurveyWeightingVariable]` raw values as JSON.
    @Field(key: "weighting") var weightingJSON: String
    /// Estimates from fewer respondents than this are suppressed.
    @Field(key: "minimum_base") var minimumBase: Int
    @Enum(key: "status") var status: Status
    /// Shown at the top of the questionnaire: who is asking and why.
    @Field(key: "introduction") var introduction: String
    /// Demonstration data made up by the demo seed, marked so on every page that shows it.
    @Field(key: "is_synthetic") var isSynthetic: Bool
    /// `SurveyWeightingReport` as JSON, once the wave has been weighted.
    @OptionalField(key: "weighting_report") var weightingReportJSON: String?
    @OptionalField(key: "weighted_at") var weightedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var itemKeys: [String] {
        get { JSONColumn.decode(itemKeysJSON, as: [String].self) ?? [] }
        set { itemKeysJSON = JSONColumn.encode(newValue) }
    }

    var weighting: [SurveyWeightingVariable] {
        get { (JSONColumn.decode(weightingJSON, as: [String].self) ?? []).compactMap(SurveyWeightingVariable.init(rawValue:)) }
        set { weightingJSON = JSONColumn.encode(newValue.map(\.rawValue)) }
    }

    var weightingReport: SurveyWeightingReport? {
        get { weightingReportJSON.flatMap { JSONColumn.decode($0, as: SurveyWeightingReport.self) } }
        set { weightingReportJSON = newValue.map(JSONColumn.encode) }
    }

    /// "1 March 2026 to 31 May 2026".
    var period: String {
        guard let start = CalendarDate(iso: startsOn), let end = CalendarDate(iso: endsOn) else { return startsOn + " to " + endsOn }
        return DisplayFormat.date(start) + " to " + DisplayFormat.date(end)
    }
}

/// The census margins a wave can be weighted to.
enum SurveyWeightingVariable: String, Codable, CaseIterable, Sendable {
    case ageSex = "age_sex"
    case ethnicGroup = "ethnic_group"
    case ward

    var label: String {
        switch self {
        case .ageSex: "Age and sex (working age or older, by sex)"
        case .ethnicGroup: "Ethnic group (five broad groups)"
        case .ward: "Ward"
        }
    }
}

/// What weighting a wave found: kept with the wave so its page can show how well it worked.
struct SurveyWeightingReport: Codable, Sendable, Equatable {
    struct Margin: Codable, Sendable, Equatable {
        var variable: String
        var category: String
        var populationShare: Double
        var weightedShare: Double
        var unweightedShare: Double
        var respondents: Int
    }
    var respondents: Int
    var iterations: Int
    var converged: Bool
    var largestMarginError: Double
    var designEffect: Double
    var effectiveSampleSize: Double
    var trimmed: Int
    var variables: [String]
    var margins: [Margin]
    /// Why a variable asked for was left out (no census table imported, say), in plain English.
    var notes: [String]
}

/// One answer to a wave: from the public questionnaire or an import. Answers are opinions and
/// kept as they are; the ethnic group is special category data and sealed (`FieldCipher`).
final class SurveyResponse: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "survey_responses"
    static var councilIDField: KeyPath<SurveyResponse, FieldProperty<SurveyResponse, UUID>> { \.$councilID }

    enum Source: String, Codable, Sendable {
        case questionnaire, `import`
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "wave_id") var wave: SurveyWave
    @Enum(key: "source") var source: Source
    /// The import file's own respondent id, if it had one.
    @OptionalField(key: "source_id") var sourceID: String?
    /// The questionnaire form's one-off key: a second press of "Send" finds it and adds nothing.
    @OptionalField(key: "submission_key") var submissionKey: String?
    @Field(key: "received_at") var receivedAt: Date
    /// The ward's GSS code, when known.
    @OptionalField(key: "ward_code") var wardCode: String?
    /// Item key → option key, as JSON.
    @Field(key: "answers") var answersJSON: String
    @OptionalField(key: "age_band") var ageBand: String?
    @OptionalField(key: "sex") var sex: String?
    /// Sealed with `FieldCipher` under `SurveyResponse.ethnicGroupColumn`.
    @OptionalField(key: "ethnic_group") var sealedEthnicGroup: String?

    init() {}

    static let ethnicGroupColumn = EncryptedColumn(table: "survey_responses", column: "ethnic_group")

    var answers: [String: String] {
        get { JSONColumn.decodeStrings(answersJSON) ?? [:] }
        set { answersJSON = JSONColumn.encode(newValue) }
    }
}

struct CreateSurveys: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("survey_items")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("question", .string, .required)
            .field("hint", .string)
            .field("options", .string, .required)
            .field("counted", .string, .required)
            .field("excluded", .string, .required)
            .field("indicator_title", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "council_id", "key")
            .create()
        try await database.schema("survey_waves")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("item_keys", .string, .required)
            .field("weighting", .string, .required)
            .field("minimum_base", .int, .required)
            .field("status", .string, .required)
            .field("introduction", .string, .required)
            .field("is_synthetic", .bool, .required)
            .field("weighting_report", .string)
            .field("weighted_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "council_id", "title")
            .create()
        try await database.schema("survey_responses")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("wave_id", .uuid, .required, .references("survey_waves", "id", onDelete: .cascade))
            .field("source", .string, .required)
            .field("source_id", .string)
            .field("submission_key", .string)
            .field("received_at", .datetime, .required)
            .field("ward_code", .string)
            .field("answers", .string, .required)
            .field("age_band", .string)
            .field("sex", .string)
            .field("ethnic_group", .string)
            .unique(on: "wave_id", "submission_key")
            .unique(on: "wave_id", "source_id")
            .create()
        try await IndexHelper.create(index: "survey_responses_wave", on: "survey_responses", columns: ["wave_id"], database: database)
        // Estimates are the bulk reads of the dashboard: plain rows, written and read with SQLKit.
        try await database.schema("survey_estimates")
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("wave_id", .uuid, .required, .references("survey_waves", "id", onDelete: .cascade))
            .field("measure_key", .string, .required)
            .field("area_code", .string, .required)
            .field("respondents", .int, .required)
            .field("counted", .int, .required)
            .field("weighted_base", .double, .required)
            .field("weighted_count", .double, .required)
            .field("proportion", .double, .required)
            .field("lower", .double, .required)
            .field("upper", .double, .required)
            .field("design_effect", .double, .required)
            .field("effective_n", .double, .required)
            .field("standard_error", .double, .required)
            .field("suppressed", .bool, .required)
            .field("unreliable", .bool, .required)
            .unique(on: "wave_id", "measure_key", "area_code")
            .create()
        // An uploaded file waits here between choosing it and matching its columns.
        try await database.schema("survey_import_uploads")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("wave_id", .uuid, .required, .references("survey_waves", "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("csv", .string, .required)
            .field("uploaded_by", .uuid)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        for table in ["survey_import_uploads", "survey_estimates", "survey_responses", "survey_waves", "survey_items"] {
            try await database.schema(table).delete()
        }
    }
}

/// A file waiting for its columns to be matched to the wave's questions.
final class SurveyImportUpload: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "survey_import_uploads"
    static var councilIDField: KeyPath<SurveyImportUpload, FieldProperty<SurveyImportUpload, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Parent(key: "wave_id") var wave: SurveyWave
    @Field(key: "file_name") var fileName: String
    @Field(key: "csv") var csv: String
    @OptionalField(key: "uploaded_by") var uploadedBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
