import CohesionCore
import Fluent
import Vapor

/// Open Referral UK 3.0 at /openreferral/: the council's published assets as services, for other
/// directories and apps to read. Public, read-only JSON in the standard's shapes (Core's
/// `OpenReferral` types) with its paginated envelope; lists are searched with the directory's
/// own query (`DirectoryQuery`), so they find what the directory finds. Drafts, archived assets
/// and individuals never appear: their ids answer 404 as any unknown id does.
///
/// `/service_at_locations/{id}` answers with the fully nested service at that location, as the
/// UK profile's OpenAPI gives it the service schema: the service with its one
/// service_at_location.
struct OpenReferralController {
    /// Every query parameter the endpoints read, for the public page cache's key.
    static let queryNames = ["search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "day", "start_time", "end_time",
                             "minimum_age", "maximum_age", "postcode", "proximity"]

    // MARK: Root

    @Sendable func root(_ req: Request) async throws -> Response {
        try Self.json(OpenReferral.Root())
    }

    // MARK: Services

    @Sendable func services(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let feed = try await OpenReferralFeed.load(req)
        let parameters = try Self.parameters(req, feed: feed, places: false)
        let result = try await DirectoryQuery.run(parameters.filter, scope: .publicOnly, index: req.application.directoryIndex, tenant: tenant, origin: nil, now: req.now,
                                                  termIDs: parameters.termIDs)
        let services = try await feed.services(result.items, tenant: tenant, index: req.application.directoryIndex)
        return try Self.json(OpenReferral.Page(contents: services.map(OpenReferral.ServiceListItem.init), totalItems: result.total,
                                               pageNumber: parameters.filter.paging.page, perPage: parameters.filter.paging.per))
    }

    @Sendable func service(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        guard let asset = try await OpenReferralQueries.publicAsset(id, tenant: tenant) else {
            throw Abort(.notFound, reason: "No published service has the id \(OpenReferralIDs.text(id)).")
        }
        let feed = try await OpenReferralFeed.load(req)
        return try Self.json(try await feed.services([asset], tenant: tenant, index: req.application.directoryIndex)[0])
    }

    // MARK: Services at locations

    @Sendable func serviceAtLocations(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let feed = try await OpenReferralFeed.load(req)
        let parameters = try Self.parameters(req, feed: feed, places: true)
        var origin: GeoPosition?
        if !parameters.filter.postcode.isEmpty {
            switch try await DirectoryQuery.origin(ofPostcode: parameters.filter.postcode, tenant: tenant, council: try req.council) {
            case .success(let point): origin = point
            case .failure(let problem):
                var errors = FormErrors()
                errors.add("postcode", problem.message)
                throw ValidationProblem(errors: errors)
            }
        }
        let result = try await DirectoryQuery.run(parameters.filter, scope: .publicOnly, index: req.application.directoryIndex, tenant: tenant, origin: origin, now: req.now,
                                                  termIDs: parameters.termIDs)
        let services = try await feed.services(result.items, tenant: tenant, index: req.application.directoryIndex)
        let items = services.compactMap { service in
            service.serviceAtLocations.first.map { OpenReferral.ServiceAtLocationListItem($0, service: service) }
        }
        return try Self.json(OpenReferral.Page(contents: items, totalItems: result.total,
                                               pageNumber: parameters.filter.paging.page, perPage: parameters.filter.paging.per))
    }

    @Sendable func serviceAtLocation(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        guard let asset = try await OpenReferralQueries.asset(forServiceAtLocation: id, index: req.application.directoryIndex, tenant: tenant) else {
            throw Abort(.notFound, reason: "No published service_at_location has the id \(OpenReferralIDs.text(id)).")
        }
        let feed = try await OpenReferralFeed.load(req)
        return try Self.json(try await feed.services([asset], tenant: tenant, index: req.application.directoryIndex)[0])
    }

    // MARK: Taxonomies

    @Sendable func taxonomies(_ req: Request) async throws -> Response {
        let feed = try await OpenReferralFeed.load(req)
        return try Self.json(try Self.page([feed.taxonomy()], req))
    }

    @Sendable func taxonomy(_ req: Request, id: UUID) async throws -> Response {
        let feed = try await OpenReferralFeed.load(req)
        guard id == feed.taxonomyID else { throw Abort(.notFound, reason: "No taxonomy has the id \(OpenReferralIDs.text(id)).") }
        return try Self.json(feed.taxonomy())
    }

    @Sendable func taxonomyTerms(_ req: Request) async throws -> Response {
        let feed = try await OpenReferralFeed.load(req)
        return try Self.json(try Self.page(feed.allTerms, req))
    }

    @Sendable func taxonomyTerm(_ req: Request, id: UUID) async throws -> Response {
        let feed = try await OpenReferralFeed.load(req)
        guard let term = feed.findTerm(id) else { throw Abort(.notFound, reason: "No taxonomy term has the id \(OpenReferralIDs.text(id)).") }
        return try Self.json(term)
    }

    // MARK: Helpers

    static func parameters(_ req: Request, feed: OpenReferralFeed, places: Bool) throws -> OpenReferralParameters {
        var errors = FormErrors()
        let parameters = OpenReferralParameters(SubmittedForm(urlEncoded: req.url.query ?? ""), feed: feed, places: places, errors: &errors)
        guard errors.isEmpty else { throw ValidationProblem(errors: errors) }
        return parameters
    }

    /// One page of a short list held in memory (the taxonomy and its terms).
    static func page<Item: Codable & Sendable & Equatable>(_ all: [Item], _ req: Request) throws -> OpenReferral.Page<Item> {
        var errors = FormErrors()
        let paging = OpenReferralParameters.paging(SubmittedForm(urlEncoded: req.url.query ?? ""), errors: &errors)
        guard errors.isEmpty else { throw ValidationProblem(errors: errors) }
        let items = Array(all.dropFirst(min(paging.offset, all.count)).prefix(paging.per))
        return OpenReferral.Page(contents: items, totalItems: all.count, pageNumber: paging.page, perPage: paging.per)
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(value)))
    }
}

/// Every Open Referral answer, errors included, as the UK profile's compliance rules ask: JSON
/// (problem+json for an error, naming the parameter at fault), readable from any web page
/// (`Access-Control-Allow-Origin: *`: the feed is public and carries no cookies' worth of
/// anything), and never an HTML error page.
struct OpenReferralResponses: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            response = Self.problem(for: error, request: request)
        }
        response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: "*")
        return response
    }

    static func problem(for error: any Error, request: Request) -> Response {
        var status = HTTPResponseStatus.internalServerError
        var detail: String?
        var fields: [Problem.FieldError]?
        var headers = HTTPHeaders()
        switch error {
        case let problem as ValidationProblem:
            status = problem.status
            detail = problem.reason
            fields = problem.errors.problemFields
        case let abort as AbortError:
            status = abort.status
            detail = abort.reason == status.reasonPhrase ? nil : abort.reason
            headers = abort.headers
        default:
            request.logger.error("Unhandled error: \(String(reflecting: error))")
        }
        if status == .internalServerError { detail = nil }
        return CohesionErrorMiddleware().problemResponse(status: status, detail: detail, fields: fields, headers: headers, request: request)
    }
}
