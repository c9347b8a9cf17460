import CohesionCore
import Fluent
import SQLKit
import Vapor

/// One thing a community already has, in asset-based community development's six categories: a
/// hall, a faith group, a library, a market, a local history society, or a person's skills.
///
/// Lists (accessibility features, languages) are kept as `|a|b|` text so that a filter is one
/// portable `LIKE '%|a|%'` on both databases; `searchText` is the searchable words folded in
/// Swift (lower case, accents dropped) so that word search gives the same results on SQLite and
/// PostgreSQL, whose own case folding differs beyond ASCII.
final class Asset: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "assets"
    static var councilIDField: KeyPath<Asset, FieldProperty<Asset, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Enum(key: "category") var category: AssetCategory
    @OptionalParent(key: "taxonomy_term_id") var taxonomyTerm: AssetTaxonomyTerm?
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "postcode") var postcode: String?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    /// How the ward was found: `postcode`, `point` (boundaries) or `chosen` (by hand).
    @OptionalField(key: "location_source") var locationSource: String?
    @OptionalField(key: "ward_code") var wardCode: String?
    @OptionalField(key: "lsoa_code") var lsoaCode: String?
    /// The ward's locality when the asset was saved: what a locality lead's rights follow.
    @OptionalParent(key: "locality_id") var locality: Area?
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "website") var website: String?
    /// `OpeningTimes` as JSON.
    @Field(key: "opening_times") var openingTimesJSON: String
    @Field(key: "accessibility") var accessibilityText: String
    @Field(key: "languages") var languagesText: String
    @OptionalField(key: "communities_served") var communitiesServed: String?
    @OptionalField(key: "cost") var cost: AssetCost?
    @OptionalField(key: "cost_details") var costDetails: String?
    @OptionalField(key: "capacity") var capacity: Int?
    /// The ages it is for, when it is only for some (Open Referral's minimum and maximum age).
    @OptionalField(key: "minimum_age") var minimumAge: Int?
    @OptionalField(key: "maximum_age") var maximumAge: Int?
    @Field(key: "space_for_all") var spaceForAll: Bool
    @Enum(key: "status") var status: AssetStatus
    /// ISO calendar dates (`2026-12-02`): they sort as text.
    @OptionalField(key: "last_verified") var lastVerified: String?
    @OptionalField(key: "next_review") var nextReview: String?
    /// The review date a reminder was last sent for, so `cohesion assets remind` is safe to rerun.
    @OptionalField(key: "reminded_for") var remindedFor: String?
    /// For an individual: when and how they agreed to their skills being recorded.
    @OptionalField(key: "consent_recorded_on") var consentRecordedOn: String?
    @OptionalField(key: "consent_note") var consentNote: String?
    @Field(key: "is_example") var isExample: Bool
    @Field(key: "search_text") var searchText: String
    /// The one-off id of the form that added it (`AssetForm.submission`), unique in a council.
    @OptionalField(key: "submission_id") var submissionID: String?
    /// The id another directory gives it, for an asset imported from that directory's Open
    /// Referral UK data: importing the same file again updates it rather than adding it twice.
    @OptionalField(key: "source_id") var sourceID: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var openingTimes: OpeningTimes {
        get { OpeningTimesCache.shared.decode(openingTimesJSON) ?? OpeningTimes() }
        set { openingTimesJSON = Self.encode(newValue) }
    }

    var accessibility: [AccessibilityFeature] {
        get { AssetList.decode(accessibilityText).compactMap(AccessibilityFeature.init(rawValue:)) }
        set { accessibilityText = AssetList.encode(newValue.map(\.rawValue)) }
    }

    var languages: [String] {
        get { AssetList.decode(languagesText) }
        set { languagesText = AssetList.encode(newValue) }
    }

    var position: GeoPosition? { latitude.flatMap { lat in longitude.map { GeoPosition(latitude: lat, longitude: $0) } } }

    /// Whether the public may see it: published, and never a person.
    var isPublic: Bool { status == .published && category.mayBePublic }

    static func encode(_ times: OpeningTimes) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(times)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Refreshes the folded search words from the fields people search by.
    func refreshSearchText(termName: String?) {
        searchText = SearchText.fold([name, description, termName ?? "", communitiesServed ?? "", languages.joined(separator: " "),
                                      address ?? "", postcode ?? ""].joined(separator: " "))
    }

    /// The fields as text, for the audit log's field-level change summaries. An individual's
    /// skills are summarised by length only: the log is read more widely than the record.
    var auditFields: [String: String] {
        var fields: [String: String] = [
            "name": category == .individuals ? "(a person's name)" : name,
            "description": category == .individuals ? "(\(description.count) characters)" : description,
            "category": category.rawValue, "taxonomy_term": $taxonomyTerm.id?.uuidString ?? "",
            "organisation": $organisation.id?.uuidString ?? "", "address": address ?? "", "postcode": postcode ?? "",
            "latitude": latitude.map { String(format: "%.6f", $0) } ?? "", "longitude": longitude.map { String(format: "%.6f", $0) } ?? "",
            "ward": wardCode ?? "", "lsoa": lsoaCode ?? "", "locality": $locality.id?.uuidString ?? "",
            "contact_name": contactName ?? "", "contact_email": contactEmail ?? "", "contact_phone": contactPhone ?? "",
            "website": website ?? "", "opening_times": openingTimesJSON, "accessibility": accessibilityText,
            "languages": languagesText, "communities_served": communitiesServed ?? "", "cost": cost?.rawValue ?? "",
            "cost_details": costDetails ?? "", "capacity": capacity.map(String.init) ?? "",
            "minimum_age": minimumAge.map(String.init) ?? "", "maximum_age": maximumAge.map(String.init) ?? "", "space_for_all": spaceForAll ? "yes" : "no",
            "status": status.rawValue, "last_verified": lastVerified ?? "", "next_review": nextReview ?? "",
            "consent_recorded_on": consentRecordedOn ?? "", "consent_note": consentNote ?? "",
        ]
        if category == .individuals {
            for key in ["contact_name", "contact_email", "contact_phone", "address"] where !(fields[key] ?? "").isEmpty {
                fields[key] = "(personal details)"
            }
        }
        return fields
    }
}

/// A finer kind of asset within a category ("Community hall", "ESOL class"): the council's own
/// taxonomy, edited by officers and published as an Open Referral UK taxonomy.
final class AssetTaxonomyTerm: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "asset_taxonomy_terms"
    static var councilIDField: KeyPath<AssetTaxonomyTerm, FieldProperty<AssetTaxonomyTerm, UUID>> { \.$councilID }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    @Enum(key: "category") var category: AssetCategory
    /// Short and stable, for CSV files and links: `community-hall`.
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var description: String?
    /// When it was last created or changed, for the directory index to notice another
    /// process's changes.
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var auditFields: [String: String] {
        ["category": category.rawValue, "code": code, "name": name, "description": description ?? ""]
    }

    /// Terms by id, read as plain rows and filled in by hand: without the reflection over
    /// properties that decoding a Fluent model costs, for pages that show a few per request.
    /// `ids` nil: all the council's.
    static func rows(_ tenant: TenantScope, ids: [UUID]? = nil) async throws -> [AssetTaxonomyTerm] {
        struct Row: Decodable { let id: UUID; let category: String; let code: String; let name: String; let description: String? }
        let query = try tenant.select(from: schema).columns("id", "category", "code", "name", "description")
        if let ids { query.where("id", .in, ids) }
        return try await query.all(decoding: Row.self).compactMap { row in
                guard let category = AssetCategory(rawValue: row.category) else { return nil }
                let term = AssetTaxonomyTerm()
                term.id = row.id
                term.councilID = tenant.councilID
                term.category = category
                term.code = row.code
                term.name = row.name
                term.description = row.description
                return term
            }
    }
}

/// Someone's suggestion of a new asset or a correction to one, from the public form, waiting for
/// staff to approve (in part) or reject. The proposed values are kept as submitted; nothing
/// reaches an asset until a member of staff approves it.
final class AssetSuggestion: Model, CouncilOwned, @unchecked Sendable {
    static let schema = "asset_suggestions"
    static var councilIDField: KeyPath<AssetSuggestion, FieldProperty<AssetSuggestion, UUID>> { \.$councilID }

    enum Status: String, Codable, CaseIterable, Sendable {
        case pending, approved, partlyApproved = "partly_approved", rejected

        var label: String {
            switch self {
            case .pending: "Waiting for review"
            case .approved: "Approved"
            case .partlyApproved: "Partly approved"
            case .rejected: "Rejected"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "council_id") var councilID: UUID
    /// The asset it corrects; nil for a new asset.
    @OptionalParent(key: "asset_id") var asset: Asset?
    /// Field name → proposed value (as the suggestion form's fields), as JSON.
    @Field(key: "proposed") var proposedJSON: String
    @OptionalField(key: "message") var message: String?
    /// Optional, so staff can say thank you or ask a question; removed once decided.
    @OptionalField(key: "submitter_email") var submitterEmail: String?
    @Enum(key: "status") var status: Status
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "is_example") var isExample: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var proposed: [String: String] {
        get { (try? JSONDecoder().decode([String: String].self, from: Data(proposedJSON.utf8))) ?? [:] }
        set {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            proposedJSON = String(decoding: (try? encoder.encode(newValue)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }
}

/// `|a|b|` lists: each item wrapped so that `LIKE '%|a|%'` matches whole items only.
enum AssetList {
    static func encode(_ items: [String]) -> String {
        let clean = items.map { $0.replacingOccurrences(of: "|", with: "/") }.filter { !$0.isEmpty }
        return clean.isEmpty ? "" : "|" + clean.joined(separator: "|") + "|"
    }

    static func decode(_ text: String) -> [String] {
        text.split(separator: "|").map(String.init).filter { !$0.isEmpty }
    }
}

/// Text folded for portable word search: lower case, accents dropped, anything but letters and
/// digits a space. The query is folded the same way.
enum SearchText {
    static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        let mapped = folded.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        return " " + String(mapped).split(separator: " ").joined(separator: " ") + " "
    }

    /// The words of a query, folded, at most `limit` of them.
    static func words(_ query: String, limit: Int = 8) -> [String] {
        Array(fold(query).split(separator: " ").map(String.init).prefix(limit))
    }
}

struct CreateAssets: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("asset_taxonomy_terms")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("category", .string, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("description", .string)
            .unique(on: "council_id", "code")
            .create()
        try await database.schema("assets")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("category", .string, .required)
            .field("taxonomy_term_id", .uuid, .references("asset_taxonomy_terms", "id", onDelete: .setNull))
            .field("organisation_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("address", .string)
            .field("postcode", .string)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("location_source", .string)
            .field("ward_code", .string)
            .field("lsoa_code", .string)
            .field("locality_id", .uuid, .references("areas", "id", onDelete: .setNull))
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("website", .string)
            .field("opening_times", .string, .required)
            .field("accessibility", .string, .required)
            .field("languages", .string, .required)
            .field("communities_served", .string)
            .field("cost", .string)
            .field("cost_details", .string)
            .field("capacity", .int)
            .field("minimum_age", .int)
            .field("maximum_age", .int)
            .field("space_for_all", .bool, .required)
            .field("status", .string, .required)
            .field("last_verified", .string)
            .field("next_review", .string)
            .field("reminded_for", .string)
            .field("consent_recorded_on", .string)
            .field("consent_note", .string)
            .field("is_example", .bool, .required)
            .field("search_text", .string, .required)
            .field("submission_id", .string)
            .field("source_id", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("asset_suggestions")
            .id()
            .field("council_id", .uuid, .required, .references("councils", "id", onDelete: .cascade))
            .field("asset_id", .uuid, .references("assets", "id", onDelete: .cascade))
            .field("proposed", .string, .required)
            .field("message", .string)
            .field("submitter_email", .string)
            .field("status", .string, .required)
            .field("decision_reason", .string)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("is_example", .bool, .required)
            .field("created_at", .datetime)
            .create()
        // Councils that exist already get the starting taxonomy, as new ones do.
        for council in try await Council.query(on: database).all() {
            try await AssetTaxonomy.createDefaults(for: council.requireID(), on: database)
        }
        // The directory reads published assets of one council: counted (by category), totalled by
        // ward for its map and the gaps page, a page at a time in name order, and the languages
        // they list for its filter. Each of these is an index scan rather than a sort or a full
        // scan (bench/README.md, 10,000 assets).
        try await IndexHelper.create(index: "assets_council_status", on: "assets", columns: ["council_id", "status", "category"], database: database)
        try await IndexHelper.create(index: "assets_council_status_ward", on: "assets", columns: ["council_id", "status", "ward_code", "category"], database: database)
        try await IndexHelper.create(index: "assets_council_status_name", on: "assets", columns: ["council_id", "status", "name"], database: database)
        try await IndexHelper.create(index: "assets_council_status_languages", on: "assets", columns: ["council_id", "status", "languages", "category"], database: database)
        // NULLs are distinct in a unique index on both databases: only the ids of forms and of
        // imported records take part, so a double submission or two imports at once add one.
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "assets_council_submission").unique().on("assets").column("council_id").column("submission_id").run()
            try await sql.create(index: "assets_council_source").unique().on("assets").column("council_id").column("source_id").run()
        }
        try await IndexHelper.create(index: "asset_suggestions_council_status", on: "asset_suggestions", columns: ["council_id", "status"], database: database)
    }

    func revert(on database: Database) async throws {
        try await database.schema("asset_suggestions").delete()
        try await database.schema("assets").delete()
        try await database.schema("asset_taxonomy_terms").delete()
    }
}

/// `asset_taxonomy_terms.updated_at` (`AssetTaxonomyTerm.updatedAt`).
struct AddTaxonomyTermUpdatedAt: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("asset_taxonomy_terms").field("updated_at", .datetime).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("asset_taxonomy_terms").deleteField("updated_at").update()
    }
}
