import CohesionCore
import Fluent
import Vapor

/// Where an asset is: from its postcode (the council's postcode directory), from a point (placed
/// in its ward and LSOA by the imported boundaries), or, where neither can place it, from the
/// ward chosen by hand. Its locality is the ward's.
struct AssetLocation: Sendable, Equatable {
    var latitude: Double?
    var longitude: Double?
    var wardCode: String?
    var lsoaCode: String?
    var localityID: UUID?
    /// `postcode`, `point` or `chosen`; nil when nothing places it.
    var source: String?

    /// What was typed, as text, so a mistake can be shown back as it was.
    struct Input: Sendable {
        var postcode: String
        var latitude: String
        var longitude: String
        var ward: String
    }

    static let latitudes: ClosedRange<Double> = -90...90
    static let longitudes: ClosedRange<Double> = -180...180

    /// Resolves the input, adding any problem to `errors` under the field it concerns.
    static func resolve(_ input: Input, tenant: TenantScope, council: Council, cache: GeographyCache,
                        errors: inout FormErrors) async throws -> AssetLocation {
        var location = AssetLocation()
        let point = try parsePoint(input, errors: &errors)
        if !input.postcode.isEmpty, Postcode.normalise(input.postcode) == nil {
            errors.add("postcode", "Enter a real postcode, like WS1 1TP")
        }
        if let point {
            location.latitude = point.latitude
            location.longitude = point.longitude
            let indexes = try await cache.indexes(tenant)
            if !indexes.isEmpty {
                let ward = indexes[.ward]?.code(containing: point), lsoa = indexes[.lsoa]?.code(containing: point)
                if ward == nil, lsoa == nil, indexes[.district]?.code(containing: point) == nil {
                    errors.add("latitude", "That point is outside \(council.name). Check the latitude and longitude, or leave them blank")
                    return location
                }
                location.wardCode = ward
                location.lsoaCode = lsoa
                location.source = "point"
            }
        } else if let postcode = Postcode.normalise(input.postcode) {
            if let row = try await tenant.query(PostcodeLocation.self).filter(\.$postcode == postcode).first() {
                location.latitude = row.latitude
                location.longitude = row.longitude
                location.wardCode = row.wardCode
                location.lsoaCode = row.lsoaCode
                if location.wardCode == nil, location.lsoaCode == nil, let position = row.position {
                    let indexes = try await cache.indexes(tenant)
                    location.wardCode = indexes[.ward]?.code(containing: position)
                    location.lsoaCode = indexes[.lsoa]?.code(containing: position)
                }
                location.source = "postcode"
            } else if try await tenant.query(PostcodeLocation.self).first() != nil {
                errors.add("postcode", "\(postcode) is not in \(council.name)'s postcode directory. Check it, or give the point's latitude and longitude")
            }
        }
        // A ward from the LSOA's parent when only the LSOA was found.
        if location.wardCode == nil, let lsoa = location.lsoaCode,
           let area = try await tenant.query(Area.self).filter(\.$code == lsoa).first(),
           let parent = try await tenant.find(Area.self, area.$parent.id), parent.kind == .ward {
            location.wardCode = parent.code
        }
        if location.wardCode == nil, !input.ward.isEmpty {
            location.wardCode = input.ward
            location.source = location.source ?? "chosen"
        }
        if let wardCode = location.wardCode {
            guard let ward = try await tenant.query(Area.self).filter(\.$code == wardCode).filter(\.$kind == .ward).first() else {
                errors.add("ward", "Select a ward from the list")
                return location
            }
            if let parent = try await tenant.find(Area.self, ward.$parent.id), parent.kind == .locality {
                location.localityID = parent.id
            }
        }
        return location
    }

    static func parsePoint(_ input: Input, errors: inout FormErrors) throws -> GeoPosition? {
        let lat = input.latitude.trimmingCharacters(in: .whitespaces), lon = input.longitude.trimmingCharacters(in: .whitespaces)
        if lat.isEmpty, lon.isEmpty { return nil }
        guard !lat.isEmpty, !lon.isEmpty else {
            errors.add(lat.isEmpty ? "latitude" : "longitude", "Enter both the latitude and the longitude, or neither")
            return nil
        }
        guard let latitude = QueryNumber.decimal(lat), latitudes.contains(latitude) else {
            errors.add("latitude", "Enter the latitude as decimal degrees, like 52.5859")
            return nil
        }
        guard let longitude = QueryNumber.decimal(lon), longitudes.contains(longitude) else {
            errors.add("longitude", "Enter the longitude as decimal degrees, like -1.9740")
            return nil
        }
        return GeoPosition(latitude: latitude, longitude: longitude)
    }
}
