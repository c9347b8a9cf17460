import CohesionCore
import Fluent
import SQLKit
import Vapor

/// `GET /api/v1/areas/locate`: which LSOA, ward, locality and district a point or a postcode
/// is in. Points are placed by point-in-polygon on the imported boundaries; postcodes by the
/// imported postcode directory (falling back to their coordinates).
struct LocateController {
    struct LocatedAreas: Content {
        struct Place: Content { let code: String; let name: String }
        let latitude: Double?
        let longitude: Double?
        let postcode: String?
        /// How the areas were found: `boundaries` or `postcode directory`.
        let method: String
        let lsoa: Place?
        let ward: Place?
        let locality: Place?
        let district: Place?
    }

    @Sendable func locate(_ req: Request) async throws -> LocatedAreas {
        let tenant = try req.tenant
        let council = try req.council
        switch try Query.parse(req) {
        case .point(let point):
            let codes = try await Self.codes(at: point, tenant: tenant, cache: req.application.geographyCache, council: council)
            return try await Self.describe(codes, point: point, postcode: nil, method: "boundaries", tenant: tenant)
        case .postcode(let postcode):
            guard let row = try await tenant.query(PostcodeLocation.self).filter(\.$postcode == postcode).first() else {
                let any = try await tenant.query(PostcodeLocation.self).first() != nil
                throw Abort(.notFound, reason: any ? "\(postcode) is not in \(council.name)'s postcode directory."
                    : "No postcode directory has been imported for \(council.name) yet (cohesion import postcodes).")
            }
            var codes = row.codes
            if codes.lsoa == nil, codes.ward == nil, let point = row.position {
                codes = try await Self.codes(at: point, tenant: tenant, cache: req.application.geographyCache, council: council)
            }
            return try await Self.describe(codes, point: row.position, postcode: postcode, method: "postcode directory", tenant: tenant)
        }
    }

    /// The question: a point or a postcode. The OpenAPI document (`PlacesAPI.locateParameter`)
    /// is built from the same ranges and rule, so what it allows is exactly what `parse` accepts:
    /// a parameter that is given must be right, even when empty.
    enum Query {
        case point(GeoPosition)
        case postcode(String)

        static let latitudes: ClosedRange<Double> = -90...90
        static let longitudes: ClosedRange<Double> = -180...180
        /// A full UK postcode in any case, with spaces before, after or between its two halves:
        /// an outward code (a letter, then one to three letters and digits with at least one
        /// digit) and an inward code (a digit and two letters). Everything it allows,
        /// `Postcode.normalise` reads.
        static let postcodeRule = TextRule(
            maxLength: 10,
            pattern: "^ *[A-Za-z]([0-9][A-Za-z0-9]{0,2}|[A-Za-z][0-9][A-Za-z0-9]?|[A-Za-z]{2}[0-9]) *[0-9][A-Za-z]{2} *$")

        static func parse(_ req: Request) throws -> Query {
            var errors = FormErrors()
            let lat = req.query[String.self, at: "lat"]
            let lon = req.query[String.self, at: "lon"]
            if let postcode = req.query[String.self, at: "postcode"] {
                if lat != nil || lon != nil { errors.add("postcode", "Give either a postcode or lat and lon, not both.") }
                guard postcodeRule.accepts(postcode), let normal = Postcode.normalise(postcode) else {
                    errors.add("postcode", "Enter a full UK postcode, like WS1 1TP.")
                    throw ValidationProblem(errors: errors)
                }
                if !errors.isEmpty { throw ValidationProblem(errors: errors) }
                return .postcode(normal)
            }
            guard lat != nil || lon != nil else {
                errors.add("lat", "Give lat and lon (WGS84 decimal degrees), or a postcode.")
                throw ValidationProblem(errors: errors)
            }
            let latitude = coordinate(lat, "lat", range: latitudes, &errors)
            let longitude = coordinate(lon, "lon", range: longitudes, &errors)
            guard errors.isEmpty, let latitude, let longitude else { throw ValidationProblem(errors: errors) }
            return .point(GeoPosition(latitude: latitude, longitude: longitude))
        }

        static func coordinate(_ text: String?, _ name: String, range: ClosedRange<Double>, _ errors: inout FormErrors) -> Double? {
            guard let text else { errors.add(name, "\(name) is missing; give both lat and lon."); return nil }
            guard let value = QueryNumber.decimal(text), range.contains(value) else {
                errors.add(name, "\(name) must be a number from \(Int(range.lowerBound)) to \(Int(range.upperBound)) (decimal degrees, WGS84).")
                return nil
            }
            return value
        }
    }

    struct Codes { var lsoa: String?; var ward: String? }

    /// The areas of a postcode from the imported directory, for any feature that holds an
    /// address; nil when the postcode is malformed or not in the directory.
    static func areas(ofPostcode raw: String?, tenant: TenantScope) async throws -> LocatedAreas? {
        guard let postcode = raw.flatMap(Postcode.normalise),
              let row = try await tenant.query(PostcodeLocation.self).filter(\.$postcode == postcode).first(),
              row.lsoaCode != nil || row.wardCode != nil else { return nil }
        return try await describe(row.codes, point: row.position, postcode: postcode, method: "postcode directory", tenant: tenant)
    }

    static func codes(at point: GeoPosition, tenant: TenantScope, cache: GeographyCache, council: Council) async throws -> Codes {
        let indexes = try await cache.indexes(tenant)
        guard !indexes.isEmpty else {
            throw Abort(.notFound, reason: "No boundaries have been imported for \(council.name) yet, so points can't be placed (cohesion import boundaries).")
        }
        let codes = Codes(lsoa: indexes[.lsoa]?.code(containing: point), ward: indexes[.ward]?.code(containing: point))
        guard codes.lsoa != nil || codes.ward != nil || indexes[.district]?.code(containing: point) != nil else {
            throw Abort(.notFound, reason: "The point (\(point.latitude), \(point.longitude)) is outside \(council.name)'s boundaries.")
        }
        return codes
    }

    /// Names the areas and climbs to locality and district, in one query whatever was found.
    static func describe(_ codes: Codes, point: GeoPosition?, postcode: String?, method: String, tenant: TenantScope) async throws -> LocatedAreas {
        let found = [codes.lsoa, codes.ward].compactMap { $0 }
        let rows = try await tenant.select(from: "areas").columns("id", "code", "name", "kind", "parent_id")
            .where(group: { group in
                let upper = group.where("kind", .in, [AreaKind.district.rawValue, AreaKind.locality.rawValue])
                return found.isEmpty ? upper : upper.orWhere("code", .in, found)
            })
            .all(decoding: AreasQueries.AreaSummary.self)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        let lsoa = codes.lsoa.flatMap { code in rows.first { $0.code == code && $0.kind == AreaKind.lsoa.rawValue } }
        let ward = codes.ward.flatMap { code in rows.first { $0.code == code && $0.kind == AreaKind.ward.rawValue } }
            ?? lsoa?.parent_id.flatMap { id in byID[id] ?? nil }
        // Without ward boundaries the ward comes from the LSOA's parent, which the query didn't fetch.
        let wardRow: AreasQueries.AreaSummary?
        if ward == nil, let parent = lsoa?.parent_id {
            wardRow = try await tenant.select(from: "areas").columns("id", "code", "name", "kind", "parent_id")
                .where("id", .equal, SQLBind(parent)).first(decoding: AreasQueries.AreaSummary.self)
        } else {
            wardRow = ward
        }
        let locality = wardRow?.parent_id.flatMap { byID[$0] }.flatMap { $0.kind == AreaKind.locality.rawValue ? $0 : nil }
        let district = rows.first { $0.kind == AreaKind.district.rawValue }
        func place(_ a: AreasQueries.AreaSummary?) -> LocatedAreas.Place? { a.map { .init(code: $0.code, name: $0.name) } }
        return LocatedAreas(latitude: point?.latitude, longitude: point?.longitude, postcode: postcode, method: method,
                            lsoa: place(lsoa), ward: place(wardRow), locality: place(locality), district: place(district))
    }
}

extension PostcodeLocation {
    var position: GeoPosition? { latitude.flatMap { lat in longitude.map { GeoPosition(latitude: lat, longitude: $0) } } }
    var codes: LocateController.Codes { .init(lsoa: lsoaCode, ward: wardCode) }
}
