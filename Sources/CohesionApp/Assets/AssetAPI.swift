import CohesionCore
import Vapor

/// The assets API (`/api/v1/assets`): its operations and schemas for the OpenAPI document, and
/// the DTO. The filters are the directory's (`DirectoryFilter`), stated here once each.
enum AssetAPI {
    static let defaultPer = 50

    static var filterParameters: [JSONValue] {
        [
            .query("q", "Words to look for in the name, description, type, languages and address (case and accents ignored; every word must match the start of a word).",
                   schema: DirectoryFilter.wordsRule.schema, example: "esol"),
            .query("category", "Only this ABCD category (empty: any).", schema: .enumeration([""] + AssetCategory.allCases.filter(\.mayBePublic).map(\.rawValue))),
            .query("locality", "Only this locality's code (an unknown code matches nothing).", schema: DirectoryFilter.codeRule.schema),
            .query("ward", "Only this ward's ONS code (an unknown code matches nothing).", schema: DirectoryFilter.codeRule.schema),
            ["name": "access", "in": "query", "required": false, "style": "form", "explode": true,
             "description": "Has every one of these accessibility features (repeat the parameter for more than one).",
             "schema": ["type": "array", "items": .enumeration([""] + AccessibilityFeature.allCases.map(\.rawValue))]],
            .query("language", "Someone there speaks this language (any case).", schema: DirectoryFilter.languageRule.schema),
            .query("cost", "Only this cost (empty: any).", schema: .enumeration([""] + AssetCost.allCases.map(\.rawValue))),
            .query("open_now", "yes: open now (Europe/London time, bank holidays and exceptions counted).", schema: .enumeration(DirectoryFilter.yesChoices)),
            .query("space_for_all", "yes: Space for All welcoming spaces only.", schema: .enumeration(DirectoryFilter.yesChoices)),
            .query("postcode", "Nearest first to this postcode, with `distanceMetres`; a postcode that isn't in the council's postcode directory answers 404.",
                   schema: DirectoryFilter.postcodeRule.schema),
            .query("status", "draft, published or archived: signed-in staff see any; the public see published assets only (other statuses find none).",
                   schema: .enumeration([""] + AssetStatus.allCases.map(\.rawValue))),
        ]
    }

    static let operations: [APIOperation] = [
        APIOperation(.GET, Assets.Routes.apiIndex, operationID: "listAssets",
                     summary: "Community assets: published ones for anyone, and drafts for signed-in staff", tag: "Assets",
                     parameters: APIOperation.paging(defaultPer: defaultPer) + filterParameters,
                     okSchema: .ref("AssetPage"), errors: [404], security: false),
        APIOperation(.GET, Assets.Routes.apiShow, operationID: "getAsset",
                     summary: "One community asset", tag: "Assets",
                     parameters: [.path("id", "The asset's id.", schema: ["type": "string", "format": "uuid"])],
                     okSchema: .ref("Asset"), errors: [404], security: false),
    ]

    static var schemas: [String: JSONValue] {
        let period: JSONValue = .schema(["opens": ["type": "string"], "closes": ["type": "string"]], required: ["opens", "closes"])
        return [
            "Asset": .schema([
                "id": ["type": "string", "format": "uuid"], "name": ["type": "string"], "description": ["type": "string"],
                "category": .enumeration(AssetCategory.allCases.map(\.rawValue)), "type": .nullable("string"),
                "organisation": .nullable("string"), "address": .nullable("string"), "postcode": .nullable("string"),
                "latitude": .nullable("number"), "longitude": .nullable("number"),
                "wardCode": .nullable("string"), "wardName": .nullable("string"), "localityCode": .nullable("string"),
                "email": .nullable("string"), "phone": .nullable("string"), "website": .nullable("string"),
                "openingTimes": ["type": "array", "items": .schema(["day": ["type": "string"], "periods": ["type": "array", "items": period]],
                                                                   required: ["day", "periods"])],
                "closedOnBankHolidays": ["type": "boolean"], "openingTimesText": ["type": "string"],
                "accessibility": ["type": "array", "items": .enumeration(AccessibilityFeature.allCases.map(\.rawValue))],
                "languages": ["type": "array", "items": ["type": "string"]], "communitiesServed": .nullable("string"),
                "cost": ["type": ["string", "null"], "enum": .array(AssetCost.allCases.map { .string($0.rawValue) } + [.null])],
                "costDetails": .nullable("string"), "capacity": .nullable("integer"), "minimumAge": .nullable("integer"),
                "maximumAge": .nullable("integer"), "spaceForAll": ["type": "boolean"],
                "status": .enumeration(AssetStatus.allCases.map(\.rawValue)), "lastVerified": .nullable("string"),
                "nextReview": .nullable("string"), "distanceMetres": .nullable("number"),
            ], required: ["id", "name", "description", "category", "openingTimes", "accessibility", "languages", "spaceForAll", "status"]),
            "AssetPage": .page(of: "Asset"),
        ]
    }
}

/// An asset as the API gives it. Individuals never reach the API.
struct AssetDTO: Content {
    struct Day: Content { let day: String; let periods: [Period] }
    struct Period: Content { let opens: String; let closes: String }

    let id: UUID
    let name: String
    let description: String
    let category: String
    let type: String?
    let organisation: String?
    let address: String?
    let postcode: String?
    let latitude: Double?
    let longitude: Double?
    let wardCode: String?
    let wardName: String?
    let localityCode: String?
    let email: String?
    let phone: String?
    let website: String?
    let openingTimes: [Day]
    let closedOnBankHolidays: Bool
    let openingTimesText: String
    let accessibility: [String]
    let languages: [String]
    let communitiesServed: String?
    let cost: String?
    let costDetails: String?
    let capacity: Int?
    let minimumAge: Int?
    let maximumAge: Int?
    let spaceForAll: Bool
    let status: String
    let lastVerified: String?
    let nextReview: String?
    let distanceMetres: Double?

    init(_ details: AssetDetails, distance: Double?) {
        let asset = details.asset
        let times = asset.openingTimes
        id = asset.id!
        name = asset.name
        description = asset.description
        category = asset.category.rawValue
        type = details.term?.name
        organisation = details.organisationName
        address = asset.address
        postcode = asset.postcode
        latitude = asset.latitude
        longitude = asset.longitude
        wardCode = asset.wardCode
        wardName = details.ward?.name
        localityCode = details.locality?.code
        email = asset.contactEmail
        phone = asset.contactPhone
        website = asset.website
        openingTimes = Weekday.allCases.compactMap { day in
            guard let periods = times.weekly[day], !periods.isEmpty else { return nil }
            return Day(day: day.label, periods: periods.map { Period(opens: $0.opens.text, closes: $0.closes.text) })
        }
        closedOnBankHolidays = times.closedOnBankHolidays
        openingTimesText = times.text
        accessibility = asset.accessibility.map(\.rawValue)
        languages = asset.languages
        communitiesServed = asset.communitiesServed
        cost = asset.cost?.rawValue
        costDetails = asset.costDetails
        capacity = asset.capacity
        minimumAge = asset.minimumAge
        maximumAge = asset.maximumAge
        spaceForAll = asset.spaceForAll
        status = asset.status.rawValue
        lastVerified = asset.lastVerified
        nextReview = asset.nextReview
        distanceMetres = distance.map { ($0 * 10).rounded() / 10 }
    }
}
