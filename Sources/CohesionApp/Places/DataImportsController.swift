import CohesionCore
import Fluent
import SQLKit
import Vapor

/// `/admin/data`: officers load the ONS files from the browser (the same importers as the
/// `cohesion import` commands) and see what is loaded. Each import is all or nothing; a refused
/// file is explained on the form, with the kind of file kept.
struct DataImportsController {
    /// The largest file the page takes (`COHESION_UPLOAD_LIMIT_MB`). Larger files go through
    /// `cohesion import`; the proxy's body limit must be at least this (docs/install.md).
    static func uploadLimit(_ req: Request) -> (bytes: Int, label: String) {
        let megabytes = req.application.cohesionConfig.uploadLimitMegabytes
        return (megabytes * 1_048_576, "\(megabytes) MB")
    }

    enum Kind: String, CaseIterable {
        case lookup, census, wardBoundaries = "boundaries-ward", lsoaBoundaries = "boundaries-lsoa",
             districtBoundaries = "boundaries-district", postcodes

        var label: String {
            switch self {
            case .lookup: "LSOA to ward lookup (CSV)"
            case .census: "Census 2021 table (CSV, ONS bulk layout)"
            case .wardBoundaries: "Ward boundaries (GeoJSON)"
            case .lsoaBoundaries: "LSOA boundaries (GeoJSON)"
            case .districtBoundaries: "District boundary (GeoJSON)"
            case .postcodes: "Postcode directory extract (NSPL or ONSPD CSV)"
            }
        }

        var hint: String {
            switch self {
            case .lookup: "Load this first: it creates the wards and LSOAs the other files refer to."
            case .census: "Any topic summary for LSOAs, MSOAs, wards or the district, such as TS021 or TS030. Re-importing a table replaces it."
            case .wardBoundaries, .lsoaBoundaries, .districtBoundaries: "WGS84 longitude and latitude, with ONS codes such as WD22CD or LSOA21CD."
            case .postcodes: "Columns pcds, lat, long, and the ward and LSOA codes. Postcodes in other councils are left out."
            }
        }
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        try await render(req, kind: nil, errors: FormErrors())
    }

    func render(_ req: Request, kind: Kind?, errors: FormErrors, status: HTTPStatus? = nil) async throws -> Response {
        let tenant = try req.tenant
        let tables = try await tenant.query(CensusTable.self).sort(\.$tableKey).all()
        let page = DataPage(
            choices: Kind.allCases.map { .init(value: $0.rawValue, label: $0.label, hint: $0.hint, checked: $0 == kind) },
            errors: errors,
            tables: tables.map { .init(key: $0.tableKey, topic: $0.topic, level: $0.level == "lsoa" ? "LSOA" : $0.level == "msoa" ? "MSOA" : $0.level,
                                       source: $0.sourceFile, importedAt: DisplayFormat.dateTime($0.importedAt)) },
            counts: try await Self.counts(tenant), maxSize: Self.uploadLimit(req).label)
        return try await req.render(page, status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity))
    }

    /// One line per kind of geography loaded: "169 LSOAs (169 with boundaries)".
    static func counts(_ tenant: TenantScope) async throws -> [String] {
        struct Row: Decodable { let kind: String; let n: Int }
        let areas = try await tenant.select(from: "areas").column("kind").column(SQLRaw("COUNT(*)"), as: "n").groupBy("kind").all(decoding: Row.self)
        let shapes = try await tenant.select(from: "area_boundaries").column("level", as: "kind").column(SQLRaw("COUNT(*)"), as: "n")
            .groupBy("level").all(decoding: Row.self)
        func n(_ rows: [Row], _ kind: AreaKind) -> Int { rows.first { $0.kind == kind.rawValue }?.n ?? 0 }
        let postcodes = try await tenant.query(PostcodeLocation.self).count()
        return [
            "\(n(areas, .ward)) wards (\(n(shapes, .ward)) with boundaries)",
            "\(n(areas, .lsoa)) LSOAs (\(n(shapes, .lsoa)) with boundaries)",
            "\(n(areas, .msoa)) MSOAs",
            "District boundary: \(n(shapes, .district) > 0 ? "loaded" : "not loaded")",
            "\(DisplayFormat.count(postcodes)) postcodes",
        ]
    }

    @Sendable func upload(_ req: Request) async throws -> Response {
        var errors = FormErrors()
        let upload: StreamedUpload
        do {
            upload = try await StreamedUpload.receive(req, fileField: "file", maxBytes: Self.uploadLimit(req).bytes)
        } catch StreamedUpload.Problem.tooLarge {
            errors.add("file", "The file is larger than \(Self.uploadLimit(req).label). Split it, or load it with the cohesion import command")
            return try await render(req, kind: nil, errors: errors, status: .payloadTooLarge)
        }
        defer { upload.discard() }
        let kind = upload.fields["kind"].flatMap(Kind.init(rawValue:))
        if kind == nil { errors.add("kind", "Select the kind of file") }
        let file = upload.file.flatMap { $0.size > 0 ? $0 : nil }
        if file == nil { errors.add("file", "Choose a file to import") }
        guard let kind, let file, errors.isEmpty, let data = try await upload.fileData(req) else {
            return try await render(req, kind: kind, errors: errors)
        }
        do {
            let message = try await Self.load(kind, filename: file.filename, data: data, req: req)
            req.application.publicPageCache.invalidate()
            req.application.geographyCache.invalidate(try req.tenant.councilID)
            return Flash.redirect(req, to: Places.Routes.data.path, message: message)
        } catch let error as any CustomStringConvertible & Error where Self.isImportProblem(error) {
            errors.add("file", "\(file.filename): \(error.description) Choose the file again once it is fixed.")
            return try await render(req, kind: kind, errors: errors)
        }
    }

    static func isImportProblem(_ error: any Error) -> Bool {
        error is CensusImport.ImportError || error is AreaImport.ImportError || error is BoundaryImport.ImportError || error is PostcodeImport.ImportError
    }

    /// Runs the importer for `kind` and says what it did, as the flash message.
    static func load(_ kind: Kind, filename: String, data: Data, req: Request) async throws -> String {
        let council = try req.council
        let user = req.currentUser
        if kind == .wardBoundaries || kind == .lsoaBoundaries || kind == .districtBoundaries {
            let level: AreaKind = kind == .wardBoundaries ? .ward : kind == .lsoaBoundaries ? .lsoa : .district
            let s = try await BoundaryImport.importBoundaries(geoJSON: data, level: level, codeProperty: nil, nameProperty: nil,
                                                              sourceFile: filename, council: council, now: Date(), by: user, on: req.db)
            return "Imported \(s.areas) \(level == .lsoa ? "LSOA" : level.rawValue) boundaries from \(filename)"
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CensusImport.ImportError(description: "The file is not UTF-8 text; save it as CSV UTF-8 and try again.")
        }
        switch kind {
        case .lookup:
            let s = try await AreaImport.importLookup(csv: text, council: council, by: user, on: req.db)
            return "Imported \(s.wardCount) wards and \(s.lsoaCount) LSOAs from \(filename)"
        case .postcodes:
            let s = try await PostcodeImport.importDirectory(csv: text, council: council, by: user, on: req.db)
            return "Imported \(s.imported) postcodes from \(filename)" + (s.outside > 0 ? "; \(s.outside) in other councils were left out" : "")
        default:
            let s = try await CensusImport.importTable(csv: text, sourceFile: filename, council: council, now: Date(), by: user, on: req.db)
            return "\(s.replaced ? "Replaced" : "Imported") \(s.key) (\(s.topic)) for \(s.areas) \(s.level == "lsoa" ? "LSOA" : s.level)s from \(filename)"
        }
    }
}
