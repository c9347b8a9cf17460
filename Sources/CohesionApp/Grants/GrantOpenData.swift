import CohesionCore
import Fluent
import Vapor

/// The council's awarded grants as 360Giving open data: `/grants/360giving.json` (a data
/// package) and `/grants/360giving.csv` (the standard's spreadsheet columns), made from the same
/// `ThreeSixtyGiving.Grant` values. Public: what was awarded, to whom and where is published by
/// councils as a matter of course; nothing about the people who applied is in it.
struct GrantOpenData {
    @Sendable func json(_ req: Request) async throws -> Response {
        let council = try req.council
        let grants = try await Self.grants(req)
        guard !grants.isEmpty else {
            throw Abort(.notFound, reason: "\(council.name) has not published any awarded grants yet.")
        }
        let site = council.siteURL(configured: req.application.cohesionConfig.publicURL)
        let prefix = Self.prefix(req)
        let data = try ThreeSixtyGiving.package(
            grants, publisher: .init(name: council.name, identifier: Self.funderID(req), website: site),
            title: "\(council.name) community cohesion grants", identifier: ThreeSixtyGiving.publisherPrefix(prefix) + "-cohesion-grants",
            issued: req.now, downloadURL: site + Grants.Routes.openDataJSON.path.description)
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.add(name: .accessControlAllowOrigin, value: "*")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    @Sendable func csv(_ req: Request) async throws -> Response {
        let grants = try await Self.grants(req)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "360giving.csv")
        headers.add(name: .accessControlAllowOrigin, value: "*")
        return Response(status: .ok, headers: headers, body: .init(string: ThreeSixtyGiving.csv(grants)))
    }

    /// The council's registered prefix, or one made from its name (`360G-walsallcouncil`).
    static func prefix(_ req: Request) -> String {
        if let configured = req.application.cohesionConfig.threeSixtyGivingPrefix { return configured }
        let name = (try? req.council.name) ?? "council"
        return "360G-" + name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    static func funderID(_ req: Request) -> String {
        req.application.cohesionConfig.funderOrgID ?? ThreeSixtyGiving.publisherPrefix(prefix(req)) + "-COUNCIL"
    }

    /// Every award that stands (awarded, being reported on, or closed), oldest decision first.
    static func grants(_ req: Request) async throws -> [ThreeSixtyGiving.Grant] {
        let tenant = try req.tenant, council = try req.council
        let awarded = try await tenant.query(GrantApplication.self).filter(\.$state ~~ [.awarded, .inMonitoring, .closed])
            .sort(\.$decidedAt).sort(\.$reference).all()
        guard !awarded.isEmpty else { return [] }
        let rounds = try await tenant.query(GrantRound.self).all()
        let funds = try await tenant.query(GrantFund.self).all()
        let areas = try await GrantQueries.areas(req)
        let prefix = prefix(req)
        let funder = ThreeSixtyGiving.Organization(id: funderID(req), name: council.name)
        let roundByID = Dictionary(uniqueKeysWithValues: rounds.map { ($0.id!, $0) })
        let fundByID = Dictionary(uniqueKeysWithValues: funds.map { ($0.id!, $0) })
        return awarded.map { application in
            let a = application.answers
            let fund = roundByID[application.$round.id].flatMap { fundByID[$0.$fund.id] }
            return ThreeSixtyGiving.Grant(
                id: ThreeSixtyGiving.grantIdentifier(prefix: prefix, reference: application.reference ?? application.id!.uuidString),
                title: application.projectTitle, description: a.summary.isEmpty ? application.projectTitle : a.summary,
                amountAppliedForPence: application.requestedPence, amountAwardedPence: application.awardedPence ?? 0, amountDisbursedPence: nil,
                awardDate: CalendarDate.inLondon(application.decidedAt ?? application.updatedAt ?? req.now),
                plannedStart: a.startDate, plannedEnd: a.endDate,
                recipient: ThreeSixtyGiving.Organization(
                    id: ThreeSixtyGiving.recipientIdentifier(charityNumber: a.charityNumber.isEmpty ? nil : a.charityNumber,
                                                             companyNumber: a.companyNumber.isEmpty ? nil : a.companyNumber,
                                                             prefix: prefix, localID: application.$organisation.id ?? application.id!),
                    name: a.organisationName, charityNumber: a.charityNumber.isEmpty ? nil : a.charityNumber,
                    companyNumber: a.companyNumber.isEmpty ? nil : a.companyNumber, postalCode: a.postcode.isEmpty ? nil : a.postcode),
                beneficiaryLocations: wards(of: a, areas: areas).map { ThreeSixtyGiving.Location(name: $0.name, geoCode: $0.code, geoCodeType: "WD") },
                funder: funder,
                programme: fund.map { ThreeSixtyGiving.Programme(code: $0.id!.uuidString.lowercased(), title: $0.name) },
                fromOpenCall: true, modified: application.updatedAt ?? req.now)
        }
    }

    /// The wards a project is for: those chosen, else every ward of the localities chosen.
    static func wards(of answers: GrantApplicationAnswers, areas: GrantAreaChoices) -> [(code: String, name: String)] {
        let chosen = answers.wardCodes.isEmpty
            ? areas.wards.filter { $0.locality.map(answers.localityCodes.contains) ?? false }.map(\.code)
            : answers.wardCodes
        return chosen.map { ($0, areas.name(ofWard: $0)) }
    }
}
