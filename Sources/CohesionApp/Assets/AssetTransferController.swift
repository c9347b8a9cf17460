import CohesionCore
import Fluent
import Vapor

/// Importing assets (the register's CSV file, another directory's Open Referral UK JSON) and
/// exporting them as CSV. Both imports are all or nothing; the checks are in `AssetImport` and
/// `OpenReferralAssetImport`, the page in AssetTransferPages.
struct AssetTransferController {
    typealias Form = AssetTransferPage.Form

    @Sendable func form(_ req: Request) async throws -> Response {
        try await render(req, errors: FormErrors(), report: nil)
    }

    func render(_ req: Request, errors: FormErrors, report: AssetTransferPage.ProblemReport?, status: HTTPStatus? = nil) async throws -> Response {
        try await req.render(AssetTransferPage(errors: errors, report: report, maxSize: DataImportsController.uploadLimit(req).label),
                             status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity))
    }

    /// What came of an upload: the file, or the page again saying what is wrong.
    enum Received { case file(filename: String, data: Data), page(Response) }

    /// Receives the upload for one of the forms: the file's name and bytes, or the page again
    /// saying what is wrong (no file, too large).
    func receive(_ req: Request, _ form: Form, kind: String) async throws -> Received {
        var errors = FormErrors()
        let limit = DataImportsController.uploadLimit(req)
        let upload: StreamedUpload
        do {
            upload = try await StreamedUpload.receive(req, fileField: form.rawValue, maxBytes: limit.bytes)
        } catch StreamedUpload.Problem.tooLarge {
            errors.add(form.rawValue, "The file is larger than \(limit.label). Split it into smaller files")
            return .page(try await render(req, errors: errors, report: nil, status: .payloadTooLarge))
        }
        defer { upload.discard() }
        guard let file = upload.file, file.size > 0, let data = try await upload.fileData(req) else {
            errors.add(form.rawValue, "Choose \(kind) to import")
            return .page(try await render(req, errors: errors, report: nil))
        }
        return .file(filename: file.filename, data: data)
    }

    /// The page with a file's problems listed under its form.
    func refuse(_ req: Request, _ form: Form, filename: String, rows: [AssetTransferPage.ProblemReport.Row], more: Int?) async throws -> Response {
        var errors = FormErrors()
        let count = rows.count + (more ?? 0)
        let problems = more == nil ? "problems" : count == 1 ? "a problem" : "\(DisplayFormat.count(count)) problems"
        errors.add(form.rawValue, "\(filename) has \(problems), listed below the form. Nothing was imported: fix the file and choose it again")
        return try await render(req, errors: errors, report: .init(form: form, filename: filename, rows: rows, more: more))
    }

    // MARK: CSV

    @Sendable func importCSV(_ req: Request) async throws -> Response {
        let file: (filename: String, data: Data)
        switch try await receive(req, .csv, kind: "a CSV file") {
        case .page(let page): return page
        case .file(let filename, let data): file = (filename, data)
        }
        guard let text = String(data: file.data, encoding: .utf8) else {
            var errors = FormErrors()
            errors.add(Form.csv.rawValue, "\(file.filename) is not UTF-8 text. In Excel, save it as “CSV UTF-8”, then choose it again")
            return try await render(req, errors: errors, report: nil)
        }
        let tenant = try req.tenant
        let result: Result<[AssetImport.Planned], AssetImport.Report>
        switch AssetImport.parse(text) {
        case .failure(let report): result = .failure(report)
        case .success(let rows):
            let lookups = try await AssetImport.Lookups.load(rows.map(\.row), tenant: tenant, council: try req.council, cache: req.application.geographyCache)
            result = AssetImport.plan(rows, tenant: tenant, lookups: lookups)
        }
        switch result {
        case .failure(let report):
            return try await refuse(req, .csv, filename: file.filename,
                                    rows: report.problems.map { .init(place: String($0.line), column: $0.column, problem: $0.message) }, more: report.more)
        case .success(let planned):
            let outcome = try await AssetImport.save(planned, req: req)
            req.application.publicPageCache.invalidate()
            return Flash.redirect(req, to: Assets.Routes.index.path, message: AssetImport.message(outcome))
        }
    }

    @Sendable func exportCSV(_ req: Request) async throws -> Response {
        let tenant = try req.tenant
        let council = try req.council
        let rows = try await AssetExport.rows(tenant)
        // The file carries contact details for the whole register: who took it is recorded.
        try await AuditLog.record(.view, .asset, recordID: nil, summary: "Exported the register as CSV (\(DisplayFormat.count(rows.count, "asset")))",
                                  by: req.currentUser, council: tenant.councilID, on: req.db, request: req)
        return Self.csv(AssetExport.file(rows), filename: AssetExport.filename(council: council.name, on: CalendarDate.inLondon(req.now)))
    }

    @Sendable func templateCSV(_ req: Request) async throws -> Response {
        Self.csv(AssetExport.template, filename: "assets-template.csv")
    }

    static func csv(_ text: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    // MARK: Open Referral UK

    @Sendable func importOpenReferral(_ req: Request) async throws -> Response {
        let file: (filename: String, data: Data)
        switch try await receive(req, .openReferral, kind: "an Open Referral UK JSON file") {
        case .page(let page): return page
        case .file(let filename, let data): file = (filename, data)
        }
        switch try await OpenReferralAssetImport.run(file.data, req: req) {
        case .failure(let report):
            return try await refuse(req, .openReferral, filename: file.filename,
                                    rows: report.problems.map { .init(place: $0.record, column: $0.field, problem: $0.message) }, more: report.more)
        case .success(let outcome):
            req.application.publicPageCache.invalidate()
            return Flash.redirect(req, to: Assets.Routes.index.path, message: OpenReferralAssetImport.message(outcome))
        }
    }
}
