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
        let places = try await Places.load(tenant: tenant, council: council, cache: cache,
                                           postcodes: Postcode.normalise(input.postcode).map { [$0] } ?? [])
        return locate(input, places: places, errors: &errors)
    }

    /// What placing assets needs from the council's geography, read once: for the form one
    /// asset's worth, for an import every row's, so an import of hundreds of rows is a handful
    /// of queries rather than several per row.
    struct Places: Sendable {
        struct PostcodePoint: Sendable { let latitude: Double?; let longitude: Double?; let wardCode: String?; let lsoaCode: String? }

        var councilName: String
        var indexes: [AreaKind: BoundaryIndex]
        /// The postcodes asked for that are in the council's directory.
        var postcodes: [String: PostcodePoint]
        /// Whether the council has a postcode directory at all (without one, a postcode can't be
        /// checked, so it is kept without a ward rather than refused).
        var hasPostcodeDirectory: Bool
        /// Each ward's code with its locality's id (nil when the ward isn't in a locality).
        var wards: [String: UUID?]
        /// Each LSOA's code with its parent ward's code, where its parent is a ward.
        var lsoaWards: [String: String]

        /// `postcodes` are normalised (`WS1 1TP`); they are looked up in batches.
        static func load(tenant: TenantScope, council: Council, cache: GeographyCache, postcodes: [String]) async throws -> Places {
            var found: [String: PostcodePoint] = [:]
            let wanted = Array(Set(postcodes))
            for start in stride(from: 0, to: wanted.count, by: 500) {
                let batch = Array(wanted[start..<min(start + 500, wanted.count)])
                for row in try await tenant.query(PostcodeLocation.self).filter(\.$postcode ~~ batch).all() {
                    found[row.postcode] = PostcodePoint(latitude: row.latitude, longitude: row.longitude, wardCode: row.wardCode, lsoaCode: row.lsoaCode)
                }
            }
            let hasDirectory = !found.isEmpty ? true : try await tenant.query(PostcodeLocation.self).first() != nil
            let areas = try await tenant.query(Area.self).filter(\.$kind ~~ [.ward, .lsoa, .locality]).all()
            let localityIDs = Set(areas.filter { $0.kind == .locality }.compactMap(\.id))
            let wardAreas = areas.filter { $0.kind == .ward }
            let wardCodeByID = Dictionary(wardAreas.map { ($0.id!, $0.code) }, uniquingKeysWith: { a, _ in a })
            var wards: [String: UUID?] = [:]
            for ward in wardAreas { wards[ward.code] = ward.$parent.id.flatMap { localityIDs.contains($0) ? $0 : nil } }
            var lsoaWards: [String: String] = [:]
            for lsoa in areas where lsoa.kind == .lsoa {
                if let ward = lsoa.$parent.id.flatMap({ wardCodeByID[$0] }) { lsoaWards[lsoa.code] = ward }
            }
            return Places(councilName: council.name, indexes: try await cache.indexes(tenant), postcodes: found,
                          hasPostcodeDirectory: hasDirectory, wards: wards, lsoaWards: lsoaWards)
        }
    }

    /// Places the input with what `places` holds, without touching the database: a point by the
    /// boundaries, else a postcode by the directory, else the ward chosen by hand.
    static func locate(_ input: Input, places: Places, errors: inout FormErrors) -> AssetLocation {
        var location = AssetLocation()
        let point = parsePoint(input, errors: &errors)
        if !input.postcode.isEmpty, Postcode.normalise(input.postcode) == nil {
            errors.add("postcode", "Enter a real postcode, like WS1 1TP")
        }
        let indexes = places.indexes
        if let point {
            location.latitude = point.latitude
            location.longitude = point.longitude
            if !indexes.isEmpty {
                let ward = indexes[.ward]?.code(containing: point), lsoa = indexes[.lsoa]?.code(containing: point)
                if ward == nil, lsoa == nil, indexes[.district]?.code(containing: point) == nil {
                    errors.add("latitude", "That point is outside \(places.councilName). Check the latitude and longitude, or leave them blank")
                    return location
                }
                location.wardCode = ward
                location.lsoaCode = lsoa
                location.source = "point"
            }
        } else if let postcode = Postcode.normalise(input.postcode) {
            if let row = places.postcodes[postcode] {
                location.latitude = row.latitude
                location.longitude = row.longitude
                location.wardCode = row.wardCode
                location.lsoaCode = row.lsoaCode
                if location.wardCode == nil, location.lsoaCode == nil, let lat = row.latitude, let lon = row.longitude {
                    let position = GeoPosition(latitude: lat, longitude: lon)
                    location.wardCode = indexes[.ward]?.code(containing: position)
                    location.lsoaCode = indexes[.lsoa]?.code(containing: position)
                }
                location.source = "postcode"
            } else if places.hasPostcodeDirectory {
                errors.add("postcode", "\(postcode) is not in \(places.councilName)'s postcode directory. Check it, or give the point's latitude and longitude")
            }
        }
        // A ward from the LSOA's parent when only the LSOA was found.
        if location.wardCode == nil, let lsoa = location.lsoaCode, let ward = places.lsoaWards[lsoa] {
            location.wardCode = ward
        }
        if location.wardCode == nil, !input.ward.isEmpty {
            location.wardCode = input.ward
            location.source = location.source ?? "chosen"
        }
        if let wardCode = location.wardCode {
            guard let locality = places.wards[wardCode] else {
                errors.add("ward", "Select a ward from the list")
                return location
            }
            location.localityID = locality
        }
        return location
    }

    static func parsePoint(_ input: Input, errors: inout FormErrors) -> GeoPosition? {
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
