import Vapor

/// The organisations API: its operations and schemas for the OpenAPI document, and the DTO.
enum OrganisationAPI {
    static let operations: [APIOperation] = [
        APIOperation(.GET, Organisations.Routes.apiIndex, operationID: "listOrganisations",
                     summary: "Partner, voluntary and community organisations", tag: "Organisations",
                     parameters: APIOperation.paging(defaultPer: OrganisationFilter.apiDefaultPer) + [
                        .query("q", "Name contains (case-insensitive), up to \(OrganisationFilter.searchRule.maxLength ?? 0) characters.",
                               schema: OrganisationFilter.searchRule.schema),
                        .query("type", "Only this type (empty: any).", schema: .enumeration([""] + OrganisationType.allCases.map(\.rawValue))),
                        .query("locality", "Only this locality code (an unknown code matches nothing).", schema: OrganisationFilter.localityRule.schema),
                        .query("partnership_member", "yes or true: partnership members only; no or false: non-members only; any, empty or absent: everyone.",
                               schema: .enumeration(OrganisationFilter.partnershipChoices.keys.sorted())),
                     ],
                     okSchema: .ref("OrganisationPage"), errors: [403], security: true),
        APIOperation(.GET, Organisations.Routes.apiShow, operationID: "getOrganisation",
                     summary: "One organisation", tag: "Organisations",
                     parameters: [.path("id", "The organisation's id.", schema: ["type": "string", "format": "uuid"])],
                     okSchema: .ref("Organisation"), errors: [403, 404], security: true),
    ]

    static var schemas: [String: JSONValue] {
        [
            "Organisation": .schema([
                "id": ["type": "string", "format": "uuid"], "name": ["type": "string"],
                "type": ["type": "string", "enum": .array(OrganisationType.allCases.map { .string($0.rawValue) })],
                "charityNumber": .nullable("string"), "companyNumber": .nullable("string"), "localityCode": .nullable("string"),
                "partnershipMember": ["type": "boolean"], "contactName": .nullable("string"), "contactEmail": .nullable("string"),
                "contactPhone": .nullable("string"), "website": .nullable("string"), "postcode": .nullable("string"),
            ], required: ["id", "name", "type", "partnershipMember"]),
            "OrganisationPage": .page(of: "Organisation"),
        ]
    }
}

/// An organisation as the API gives it.
struct OrganisationDTO: Content {
    let id: UUID
    let name: String
    let type: String
    let charityNumber: String?
    let companyNumber: String?
    let localityCode: String?
    let partnershipMember: Bool
    let contactName: String?
    let contactEmail: String?
    let contactPhone: String?
    let website: String?
    let postcode: String?

    init(_ org: Organisation, localityCode: String?) {
        id = org.id!
        name = org.name
        type = org.type.rawValue
        charityNumber = org.charityNumber
        companyNumber = org.companyNumber
        self.localityCode = localityCode
        partnershipMember = org.partnershipMember
        contactName = org.contactName
        contactEmail = org.contactEmail
        contactPhone = org.contactPhone
        website = org.website
        postcode = org.postcode
    }
}

