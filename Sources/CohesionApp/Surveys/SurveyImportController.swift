import CohesionCore
import Fluent
import SQLKit
import Vapor

/// Answers collected elsewhere (a paper survey typed up, a market research company's file):
/// choose the file, match its columns to the wave's questions, then import all or nothing.
/// The file waits in `survey_import_uploads` between the two steps, for a day at most.
struct SurveyImportController {
    static let fileField = "csv_file"
    static let uploadLifetime: TimeInterval = 86_400

    @Sendable func form(_ req: Request, id: UUID) async throws -> Response {
        guard let wave = try await req.tenant.find(SurveyWave.self, id) else { throw Abort(.notFound) }
        return try await req.render(SurveyImportPage(wave: wave, errors: .init(), maxSize: DataImportsController.uploadLimit(req).label))
    }

    @Sendable func upload(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        guard let wave = try await tenant.find(SurveyWave.self, id) else { throw Abort(.notFound) }
        let limit = DataImportsController.uploadLimit(req)
        var errors = FormErrors()
        func again(_ status: HTTPStatus) async throws -> Response {
            try await req.render(SurveyImportPage(wave: wave, errors: errors, maxSize: limit.label), status: status)
        }
        let upload: StreamedUpload
        do {
            upload = try await StreamedUpload.receive(req, fileField: Self.fileField, maxBytes: limit.bytes)
        } catch StreamedUpload.Problem.tooLarge {
            errors.add(Self.fileField, "The file is larger than \(limit.label). Split it into smaller files")
            return try await again(.payloadTooLarge)
        }
        defer { upload.discard() }
        guard let file = upload.file, file.size > 0, let data = try await upload.fileData(req) else {
            errors.add(Self.fileField, "Choose a CSV file of answers to import")
            return try await again(.unprocessableEntity)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            errors.add(Self.fileField, "\(file.filename) is not UTF-8 text. In Excel, save it as “CSV UTF-8”, then choose it again")
            return try await again(.unprocessableEntity)
        }
        guard let headers = Self.headers(text), !headers.isEmpty, !headers.allSatisfy(\.isEmpty) else {
            errors.add(Self.fileField, "\(file.filename) has no header row. The first line must name the columns")
            return try await again(.unprocessableEntity)
        }
        let row = tenant.adopt(SurveyImportUpload())
        row.$wave.id = try wave.requireID()
        row.fileName = String(file.filename.prefix(200))
        row.csv = text
        row.uploadedBy = req.currentUser?.id
        row.createdAt = req.now
        try await req.db.transaction { db in
            // Files left from abandoned imports go when the next one arrives.
            try await tenant.on(db).query(SurveyImportUpload.self).filter(\.$createdAt < req.now.addingTimeInterval(-Self.uploadLifetime)).delete()
            try await row.create(on: db)
        }
        return req.redirect(to: Surveys.Routes.importColumns.path(try row.requireID()))
    }

    @Sendable func columns(_ req: Request, id: UUID) async throws -> Response {
        let (upload, wave, items) = try await load(req, id)
        let headers = Self.headers(upload.csv) ?? []
        let mapping = SurveyResponseImport.suggestedMapping(headers: headers, items: items)
        return try await req.render(SurveyImportColumnsPage(upload: upload, wave: wave, items: items, headers: headers,
                                                            mapping: mapping, errors: .init(), problems: nil))
    }

    @Sendable func commit(_ req: Request, id: UUID) async throws -> Response {
        let tenant = try req.tenant
        let (upload, wave, items) = try await load(req, id)
        let headers = Self.headers(upload.csv) ?? []
        let form = SubmittedForm(req)
        let mapping = Self.mapping(form, items: items, headers: headers)
        func refuse(_ problems: SurveyImportReport?, _ message: String) async throws -> Response {
            var errors = FormErrors()
            errors.add("columns", message)
            return try await req.render(SurveyImportColumnsPage(upload: upload, wave: wave, items: items, headers: headers,
                                                                mapping: mapping, errors: errors, problems: problems), status: .unprocessableEntity)
        }
        guard !mapping.itemColumns.isEmpty else { return try await refuse(nil, "Match at least one column to a question") }
        guard mapping.areaColumn != nil || mapping.postcodeColumn != nil else {
            return try await refuse(nil, "Choose the column with each person's ward or postcode")
        }
        let parsed: [ImportedSurveyResponse]
        switch SurveyResponseImport.parse(csv: upload.csv, mapping: mapping, items: items) {
        case .failure(let report): return try await refuse(report, "\(upload.fileName) has \(report.count == 1 ? "a problem" : "\(DisplayFormat.count(report.count)) problems"), listed below. Nothing was imported: fix the file and choose it again, or change the columns")
        case .success(let rows): parsed = rows
        }
        let waveID = try wave.requireID()
        let located = try await Self.wards(of: parsed, tenant: tenant, waveID: waveID)
        if !located.problems.isEmpty {
            let report = SurveyImportReport(problems: Array(located.problems.prefix(SurveyImportReport.listedLimit)), unlisted: max(0, located.problems.count - SurveyImportReport.listedLimit))
            return try await refuse(report, "\(upload.fileName) has \(located.problems.count == 1 ? "a problem" : "\(DisplayFormat.count(located.problems.count)) problems"), listed below. Nothing was imported")
        }
        let cipher = req.fieldCipher
        let rows = parsed.enumerated().map { index, response in
            // "Prefer not to say" is stored as nothing, as the questionnaire stores it.
            let declined = EqualityMonitoring.preferNotToSay.key
            return ResponseInsert(id: UUID(), council_id: tenant.councilID, wave_id: waveID, source: SurveyResponse.Source.import.rawValue,
                                  source_id: response.sourceID, submission_key: nil,
                                  received_at: response.date.map(LondonClock.startOfDay) ?? req.now, ward_code: located.wards[index],
                                  answers: JSONColumn.encode(response.answers), age_band: response.ageBand == declined ? nil : response.ageBand,
                                  sex: response.sex == declined ? nil : response.sex,
                                  ethnic_group: response.ethnicGroup.flatMap { $0 == declined ? nil : cipher.seal($0, column: SurveyResponse.ethnicGroupColumn.context) })
        }
        try await req.db.transaction { db in
            try await BulkInsert.rows(rows, into: SurveyResponse.schema, on: db)
            try await upload.delete(on: db)
            try await AuditLog.record(.create, .surveyWave, recordID: waveID,
                                      summary: "imported \(DisplayFormat.count(rows.count, "answer")) from \(upload.fileName)",
                                      by: req.currentUser, council: tenant.councilID, on: db, request: req)
        }
        return Flash.redirect(req, to: Surveys.Routes.wave.path(waveID),
                              message: "Imported \(DisplayFormat.count(rows.count, "answer")) from \(upload.fileName). Weight the wave again to update its estimates.")
    }

    struct ResponseInsert: Encodable {
        let id: UUID
        let council_id: UUID
        let wave_id: UUID
        let source: String
        let source_id: String?
        let submission_key: String?
        let received_at: Date
        let ward_code: String?
        let answers: String
        let age_band: String?
        let sex: String?
        let ethnic_group: String?
    }

    private func load(_ req: Request, _ id: UUID) async throws -> (SurveyImportUpload, SurveyWave, [SurveyItem]) {
        let tenant = try req.tenant
        guard let upload = try await tenant.find(SurveyImportUpload.self, id),
              let wave = try await tenant.find(SurveyWave.self, upload.$wave.id) else { throw Abort(.notFound) }
        return (upload, wave, try await SurveyQueries.items(of: wave, tenant: tenant))
    }

    static func headers(_ csv: String) -> [String]? {
        // Only the first line is needed: parse up to the first line break outside quotes.
        guard let records = try? CSVReader.records(in: String(csv.prefix(100_000))), let first = records.first else { return nil }
        return first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The columns chosen on the form; a column not in the file is ignored.
    static func mapping(_ form: SubmittedForm, items: [SurveyItem], headers: [String]) -> SurveyImportMapping {
        let known = Set(headers)
        func column(_ name: String) -> String? { let value = form[name]; return known.contains(value) ? value : nil }
        var mapping = SurveyImportMapping()
        for item in items { if let header = column("item-" + item.key) { mapping.itemColumns[item.key] = header } }
        mapping.areaColumn = column("area")
        mapping.postcodeColumn = column("postcode")
        mapping.ageBandColumn = column("age")
        mapping.sexColumn = column("sex")
        mapping.ethnicGroupColumn = column("ethnic-group")
        mapping.dateColumn = column("date")
        mapping.idColumn = column("id")
        return mapping
    }

    /// Each response's ward, from its ward code or postcode, and a problem for each that can't be
    /// placed or whose id was imported into the wave before. Two queries whatever the size.
    static func wards(of responses: [ImportedSurveyResponse], tenant: TenantScope, waveID: UUID) async throws -> (wards: [String?], problems: [SurveyImportProblem]) {
        let areas = try await AreaRollup.load(tenant)
        let localityOrDistrict = Set(areas.localities.map { $0.code } + (areas.district.map { [$0.code] } ?? []))
        let postcodes = Set(responses.compactMap { $0.postcode.flatMap(Postcode.normalise) })
        var wardOfPostcode: [String: String] = [:]
        if !postcodes.isEmpty {
            struct Row: Decodable { let postcode: String; let ward_code: String? }
            for chunk in Array(postcodes).chunked(into: 5_000) {
                for row in try await tenant.select(from: PostcodeLocation.schema).columns("postcode", "ward_code")
                    .where("postcode", .in, chunk).all(decoding: Row.self) {
                    if let ward = row.ward_code { wardOfPostcode[row.postcode] = ward }
                }
            }
        }
        struct IDRow: Decodable { let source_id: String? }
        let seen = Set(try await tenant.select(from: SurveyResponse.schema).column("source_id").where("wave_id", .equal, waveID)
            .where("source_id", .isNot, SQLLiteral.null).all(decoding: IDRow.self).compactMap(\.source_id))
        var wards: [String?] = [], problems: [SurveyImportProblem] = []
        for response in responses {
            if let id = response.sourceID, seen.contains(id) {
                problems.append(SurveyImportProblem(line: response.line, column: nil, message: "The respondent id \(id) was imported into this wave before"))
            }
            if let code = response.areaCode, !code.isEmpty {
                if areas.countsIn[code] != nil { wards.append(code); continue }
                if localityOrDistrict.contains(code) { wards.append(nil); continue }
                problems.append(SurveyImportProblem(line: response.line, column: nil, message: "\(code) is not a ward, locality or district of this council"))
                wards.append(nil)
            } else if let raw = response.postcode, !raw.isEmpty {
                guard let postcode = Postcode.normalise(raw), let ward = wardOfPostcode[postcode] else {
                    problems.append(SurveyImportProblem(line: response.line, column: nil, message: "The postcode \(raw) is not in the council's postcode directory"))
                    wards.append(nil)
                    continue
                }
                wards.append(ward)
            } else {
                wards.append(nil)
            }
        }
        return (wards, problems)
    }
}
