import CohesionCore
import Fluent
import Vapor

/// Importing the register's CSV file (`AssetCSV`): the file's own checks come from Core; here
/// each row is checked against the council (its taxonomy, organisations, wards, boundaries and
/// postcodes, and the assets it names by id) and then everything is written in one transaction.
/// All or nothing: a single problem anywhere means nothing changes, and the report lists every
/// problem by line and column.
enum AssetImport {
    /// One asset ready to be written: a new row, or a loaded one with the file's values applied.
    struct Planned {
        let asset: Asset
        /// The asset's audit fields before the import; nil for a new asset.
        let before: [String: String]?
        let line: Int
        /// Whether saving it changes anything (always, for a new asset).
        let changes: Bool
    }

    /// What the import found wrong: at most `AssetCSV.maximumErrors` problems, and how many more
    /// there were (nil when the count is unknown because the file's reading stopped early).
    struct Report: Error, Sendable {
        let problems: [AssetCSVError]
        let more: Int?

        init(_ all: [AssetCSVError]) {
            problems = Array(all.prefix(AssetCSV.maximumErrors))
            more = all.count > AssetCSV.maximumErrors ? all.count - AssetCSV.maximumErrors : 0
        }

        init(_ errors: AssetCSVErrors) {
            problems = errors.errors
            more = errors.isTruncated ? nil : 0
        }

        var count: Int { problems.count + (more ?? 0) }
    }

    /// The counts for the confirmation message.
    struct Outcome: Sendable { let added: Int; let changed: Int; let unchanged: Int }

    // MARK: Reading

    /// The file's rows with the line each starts on: `AssetCSV.parse` keeps the file's order and
    /// skips blank rows, so the CSV records (which carry their lines) line up with its rows.
    static func parse(_ text: String) -> Result<[(line: Int, row: AssetCSVRow)], Report> {
        switch AssetCSV.parse(text) {
        case .failure(let errors):
            return .failure(Report(errors))
        case .success(let rows):
            let records = ((try? CSVReader.records(in: text)) ?? []).dropFirst()
                .filter { !$0.fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
            let lines = records.count == rows.count ? records.map(\.line) : Array(2..<(2 + rows.count))
            return .success(zip(lines, rows).map { (line: $0, row: FormulaGuard.unguarded($1)) })
        }
    }

    // MARK: Checking against the council

    /// Everything the rows refer to, read in a fixed number of queries.
    struct Lookups {
        let councilName: String
        let termsByCode: [String: AssetTaxonomyTerm]
        let organisationsByName: [String: [UUID]]
        let organisationTypes: [UUID: OrganisationType]
        let termsByID: [UUID: AssetTaxonomyTerm]
        let assetsByID: [UUID: Asset]
        let places: AssetLocation.Places

        static func load(_ rows: [AssetCSVRow], tenant: TenantScope, council: Council, cache: GeographyCache) async throws -> Lookups {
            let terms = try await tenant.query(AssetTaxonomyTerm.self).all()
            let organisations = try await tenant.query(Organisation.self).all()
            let ids = rows.compactMap(\.id)
            var assets: [UUID: Asset] = [:]
            for start in stride(from: 0, to: ids.count, by: 500) {
                let batch = Array(ids[start..<min(start + 500, ids.count)])
                for asset in try await tenant.query(Asset.self).filter(\.$id ~~ batch).all() { assets[asset.id!] = asset }
            }
            return Lookups(
                councilName: council.name,
                termsByCode: Dictionary(terms.map { ($0.code.lowercased(), $0) }, uniquingKeysWith: { a, _ in a }),
                organisationsByName: Dictionary(grouping: organisations, by: { organisationKey($0.name) }).mapValues { $0.map { $0.id! } },
                organisationTypes: Dictionary(uniqueKeysWithValues: organisations.map { ($0.id!, $0.type) }),
                termsByID: Dictionary(uniqueKeysWithValues: terms.map { ($0.id!, $0) }),
                assetsByID: assets,
                places: try await .load(tenant: tenant, council: council, cache: cache, postcodes: rows.compactMap(\.postcode)))
        }
    }

    /// Organisation names match without regard to case or surrounding spaces: a spreadsheet
    /// often changes neither on purpose.
    static func organisationKey(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Checks every row against the council and applies it to a new or loaded asset; any problem
    /// fails the whole file.
    static func plan(_ rows: [(line: Int, row: AssetCSVRow)], tenant: TenantScope, lookups: Lookups) -> Result<[Planned], Report> {
        var problems: [AssetCSVError] = []
        var planned: [Planned] = []
        for (line, row) in rows {
            var rowProblems: [AssetCSVError] = []
            func fail(_ column: AssetCSV.Column, _ message: String) { rowProblems.append(AssetCSVError(line: line, column: column.rawValue, message: message)) }

            var existing: Asset?
            if let id = row.id {
                existing = lookups.assetsByID[id]
                if existing == nil { fail(.id, "no asset with this id in \(lookups.councilName)") }
                else if existing?.category == .individuals {
                    fail(.id, "this id is a person's record; people's skills are changed one by one, not by import")
                }
            }
            var term: AssetTaxonomyTerm?
            if let code = row.taxonomyTerm {
                term = lookups.termsByCode[code.lowercased()]
                if let found = term, found.category != row.category {
                    fail(.taxonomyTerm, "“\(code)” is a type of \(found.category.label.lowercased()), not of \(row.category.label.lowercased())")
                } else if term == nil {
                    fail(.taxonomyTerm, "“\(code)” is not a type in \(lookups.councilName)'s taxonomy (see Types of asset for the codes)")
                }
            }
            var organisationID: UUID?
            if let name = row.organisation {
                let matches = lookups.organisationsByName[organisationKey(name)] ?? []
                switch matches.count {
                case 1: organisationID = matches[0]
                case 0: fail(.organisation, "no organisation called “\(name)” in \(lookups.councilName); add it to Organisations first, or check the spelling")
                default: fail(.organisation, "\(matches.count) organisations are called “\(name)”; rename one so the file can say which")
                }
            }
            if let ward = row.wardCode, lookups.places.wards[ward] == nil {
                fail(.wardCode, "\(ward) is not a ward of \(lookups.councilName)")
            }
            var locationErrors = FormErrors()
            let location = AssetLocation.locate(
                AssetLocation.Input(postcode: row.postcode ?? "", latitude: row.latitude.map { $0.description } ?? "",
                                    longitude: row.longitude.map { $0.description } ?? "",
                                    ward: rowProblems.contains { $0.column == AssetCSV.Column.wardCode.rawValue } ? "" : row.wardCode ?? ""),
                places: lookups.places, errors: &locationErrors)
            for item in locationErrors.items {
                switch item.field {
                case "ward": fail(.wardCode, "\(location.wardCode ?? "The ward") is not a ward of \(lookups.councilName)")
                case "postcode": fail(.postcode, item.message)
                case "longitude": fail(.longitude, item.message)
                default: fail(.latitude, item.message)
                }
            }
            problems += rowProblems
            guard rowProblems.isEmpty else { continue }
            let asset = existing ?? tenant.adopt(Asset())
            let before = existing?.auditFields
            let wasExample = existing?.isExample ?? false
            apply(row, to: asset, term: term, organisationID: organisationID, location: location)
            planned.append(Planned(asset: asset, before: before, line: line,
                                   changes: before == nil || before != asset.auditFields || wasExample))
        }
        return problems.isEmpty ? .success(planned) : .failure(Report(problems))
    }

    /// Writes the row's values; what the file has no column for (ages, consent, the source id)
    /// is left as it was.
    static func apply(_ row: AssetCSVRow, to asset: Asset, term: AssetTaxonomyTerm?, organisationID: UUID?, location: AssetLocation) {
        asset.name = row.name
        asset.description = row.description
        asset.category = row.category
        asset.$taxonomyTerm.id = term?.id
        asset.$organisation.id = organisationID
        asset.address = row.address
        asset.postcode = row.postcode
        asset.latitude = location.latitude
        asset.longitude = location.longitude
        asset.wardCode = location.wardCode
        asset.lsoaCode = location.lsoaCode
        asset.$locality.id = location.localityID
        asset.locationSource = location.source
        asset.contactName = row.contactName
        asset.contactEmail = row.contactEmail.map(ContactDetails.normalisedEmail)
        asset.contactPhone = row.contactPhone
        asset.website = row.website
        // Only when they differ: the stored JSON of equal times need not be the same text.
        if asset.id == nil || asset.openingTimes != row.openingTimes { asset.openingTimes = row.openingTimes }
        asset.accessibility = AccessibilityFeature.allCases.filter(row.accessibility.contains)
        asset.languages = row.languages
        asset.communitiesServed = row.communitiesServed
        asset.cost = row.cost
        asset.costDetails = row.costDetails
        asset.capacity = row.capacity
        asset.spaceForAll = row.spaceForAll
        asset.status = row.status
        asset.lastVerified = row.lastVerified?.iso
        asset.nextReview = row.nextReview?.iso
        asset.isExample = false
        asset.refreshSearchText(termName: term?.name)
    }

    // MARK: Writing

    /// Saves every planned asset with its audit entry, in one transaction.
    static func save(_ planned: [Planned], source: String = "a CSV file", req: Request) async throws -> Outcome {
        let user = try req.requireUser()
        let councilID = try req.tenant.councilID
        let toWrite = planned.filter(\.changes)
        try await req.db.transaction { db in
            for item in toWrite {
                if let before = item.before {
                    try await item.asset.update(on: db)
                    try await AuditLog.recordChange(.asset, recordID: item.asset.id, before: before, after: item.asset.auditFields, request: req, on: db)
                } else {
                    try await item.asset.create(on: db)
                    try await AuditLog.record(.create, .asset, recordID: item.asset.id,
                                              summary: "Imported from \(source): " + ChangeSummary.describe(created: item.asset.auditFields),
                                              by: user, council: councilID, on: db, request: req)
                }
            }
        }
        let added = toWrite.filter { $0.before == nil }.count
        return Outcome(added: added, changed: toWrite.count - added, unchanged: planned.count - toWrite.count)
    }

    static func message(_ outcome: Outcome) -> String {
        let total = outcome.added + outcome.changed + outcome.unchanged
        var text = "Imported \(DisplayFormat.count(total, "asset")): \(outcome.added) added, \(outcome.changed) changed"
        if outcome.unchanged > 0 { text += ", \(outcome.unchanged) already up to date" }
        return text
    }
}

// MARK: Exporting

/// The register as CSV rows: every asset but individuals (people's skills are personal data
/// and never leave the register in bulk), in any status, named as the import expects them.
enum AssetExport {
    static func rows(_ tenant: TenantScope) async throws -> [AssetCSVRow] {
        let assets = try await tenant.query(Asset.self).filter(\.$category != .individuals).sort(\.$name).sort(\.$id).all()
        let terms = Dictionary(uniqueKeysWithValues: try await tenant.query(AssetTaxonomyTerm.self).all().map { ($0.id!, $0.code) })
        let organisations = Dictionary(uniqueKeysWithValues: try await tenant.query(Organisation.self).all().map { ($0.id!, $0.name) })
        return assets.map { asset in
            AssetCSVRow(
                id: asset.id, name: asset.name, description: asset.description, category: asset.category,
                taxonomyTerm: asset.$taxonomyTerm.id.flatMap { terms[$0] }, organisation: asset.$organisation.id.flatMap { organisations[$0] },
                address: asset.address, postcode: asset.postcode, latitude: asset.latitude, longitude: asset.longitude, wardCode: asset.wardCode,
                contactName: asset.contactName, contactEmail: asset.contactEmail, contactPhone: asset.contactPhone, website: asset.website,
                openingTimes: asset.openingTimes, accessibility: asset.accessibility, languages: asset.languages,
                communitiesServed: asset.communitiesServed, cost: asset.cost, costDetails: asset.costDetails, capacity: asset.capacity,
                spaceForAll: asset.spaceForAll, status: asset.status,
                lastVerified: asset.lastVerified.flatMap(CalendarDate.init(iso:)), nextReview: asset.nextReview.flatMap(CalendarDate.init(iso:)))
        }
    }

    /// The file as served: a byte order mark first, so that Excel reads it as UTF-8, then
    /// `AssetCSV.write` with every text cell guarded against formulas.
    static func file(_ rows: [AssetCSVRow]) -> String {
        "\u{FEFF}" + AssetCSV.write(rows.map(FormulaGuard.guarded))
    }

    /// The template: the header and one example row to copy.
    static var template: String {
        file([AssetCSVRow(
            name: "Palfrey Community Hall (example)", description: "A hall for hire with a kitchen, used by local groups most evenings.",
            category: .physicalSpaces, taxonomyTerm: "community-centre", address: "1 Example Street", postcode: "WS1 4AB",
            contactName: "Bookings team", contactEmail: "bookings@example.org", contactPhone: "01922 650000", website: "https://example.org",
            openingTimes: (try? OpeningTimes.parse("Mon-Fri 09:00-21:00; Sat 10:00-16:00; closed bank holidays").get()) ?? OpeningTimes(),
            accessibility: [.stepFreeAccess, .accessibleToilet, .hearingLoop], languages: ["English", "Punjabi"],
            communitiesServed: "Everyone", cost: .fee, costDetails: "£10 an hour, free for community groups", capacity: 80,
            spaceForAll: true, status: .draft, lastVerified: nil, nextReview: nil)])
    }

    /// `assets-walsall-council-2026-12-02.csv`.
    static func filename(council: String, on date: CalendarDate) -> String {
        let slug = council.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? String($0) : " " }.joined()
            .split(separator: " ").joined(separator: "-")
        return "assets-\(slug.isEmpty ? "council" : slug)-\(date.iso).csv"
    }
}

/// Spreadsheet formula injection: a cell that starts with `=`, `+`, `-` or `@` is run as a
/// formula when the file is opened in Excel or LibreOffice, so text someone typed into the
/// register (or a public suggestion) could run in an officer's spreadsheet. A single quote in
/// front makes such a cell text.
///
/// Guarded: every text cell starting with `=` or `@` (or a tab or carriage return, which some
/// programs skip before looking), and one starting with `+` or `-` unless all of it reads as a
/// number or a phone number (digits, spaces, brackets, dots and hyphens), so that `+44 1922
/// 650000` and `-1.98` stay readable while `+1+cmd|…` and `-SUM(…)` are guarded. Numbers the
/// file writes itself (latitude, longitude, capacity) are never text, so never guarded.
///
/// The import takes the quote off again where the export would have put it, so an exported file
/// imports back unchanged.
enum FormulaGuard {
    static func needsGuard(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        switch first {
        case "=", "@", "\t", "\r":
            return true
        case "+", "-":
            let rest = text.unicodeScalars.dropFirst()
            guard let next = rest.first, next.isASCII, CharacterSet.decimalDigits.contains(next) else { return true }
            return !rest.allSatisfy(numberOrPhone.contains)
        default:
            return false
        }
    }

    private static let numberOrPhone = CharacterSet(charactersIn: "0123456789 ().-")

    static func guarded(_ text: String) -> String { needsGuard(text) ? "'" + text : text }

    static func unguarded(_ text: String) -> String {
        text.hasPrefix("'") && needsGuard(String(text.dropFirst())) ? String(text.dropFirst()) : text
    }

    static func guarded(_ row: AssetCSVRow) -> AssetCSVRow { map(row, guarded) }
    static func unguarded(_ row: AssetCSVRow) -> AssetCSVRow { map(row, unguarded) }

    /// The row with `transform` applied to every free-text cell.
    static func map(_ row: AssetCSVRow, _ transform: (String) -> String) -> AssetCSVRow {
        var row = row
        row.name = transform(row.name)
        row.description = transform(row.description)
        row.taxonomyTerm = row.taxonomyTerm.map(transform)
        row.organisation = row.organisation.map(transform)
        row.address = row.address.map(transform)
        row.contactName = row.contactName.map(transform)
        row.contactEmail = row.contactEmail.map(transform)
        row.contactPhone = row.contactPhone.map(transform)
        row.website = row.website.map(transform)
        row.communitiesServed = row.communitiesServed.map(transform)
        row.costDetails = row.costDetails.map(transform)
        if let first = row.languages.first { row.languages[0] = transform(first) }
        return row
    }
}

// MARK: Open Referral UK

/// Another directory's Open Referral UK (or HSDS 3.0) services as draft assets, for officers to
/// check before publishing. Read by `OpenReferralImport` (Core); placed, classified and written
/// here, all or nothing like the CSV import.
///
/// - Each service's id in the other directory is kept (`source_id`): importing the same file
///   again updates those assets instead of adding them twice. An update keeps the asset's status
///   (an officer may have published it) and the classification an officer gave it unless the
///   file now says which of the council's types it is.
/// - Kind of asset: a taxonomy term naming one of the council's types (by code or name) or an
///   ABCD category decides it. Otherwise the organisation named, where Cohesion has it, decides
///   (community and faith groups are associations, businesses economic exchange, the rest
///   institutions), and failing that a service is an institution: in another directory most are
///   run by charities and public bodies, and every import is a draft someone checks.
/// - Place: as the CSV import (a point by the boundaries, else the postcode by the directory).
///   A place outside the council fails the file. A postcode that isn't a UK postcode is left
///   out, as are contact details that don't look like a UK phone number, an email address or a
///   web address; text over the register's limits is shortened.
enum OpenReferralAssetImport {
    struct Problem: Sendable { let record: String; let field: String; let message: String }

    struct Report: Error, Sendable {
        let problems: [Problem]
        let more: Int?

        init(_ all: [Problem]) {
            problems = Array(all.prefix(AssetCSV.maximumErrors))
            more = all.count - problems.count
        }
    }

    struct Outcome: Sendable { let added: Int; let changed: Int; let unchanged: Int; let unknownOrganisations: Int }

    static func run(_ data: Data, req: Request) async throws -> Result<Outcome, Report> {
        let services: [ImportedService]
        do {
            services = try OpenReferralImport.services(from: data)
        } catch {
            return .failure(Report([Problem(record: error.path.isEmpty ? "The file" : error.path, field: "", message: error.reason)]))
        }
        let tenant = try req.tenant
        let lookups = try await AssetImport.Lookups.load(
            services.map { AssetCSVRow(name: $0.name, category: .associations, postcode: $0.postcode.flatMap(Postcode.normalise)) },
            tenant: tenant, council: try req.council, cache: req.application.geographyCache)
        let existing = try await existingAssets(sourceIDs: services.map(\.sourceID), tenant: tenant)
        switch plan(services, tenant: tenant, lookups: lookups, existing: existing) {
        case .failure(let report): return .failure(report)
        case .success(let planned):
            let outcome = try await AssetImport.save(planned.items, source: "another directory's Open Referral data", req: req)
            return .success(Outcome(added: outcome.added, changed: outcome.changed, unchanged: outcome.unchanged,
                                    unknownOrganisations: planned.unknownOrganisations))
        }
    }

    static func existingAssets(sourceIDs: [String], tenant: TenantScope) async throws -> [String: Asset] {
        var found: [String: Asset] = [:]
        let ids = Array(Set(sourceIDs))
        for start in stride(from: 0, to: ids.count, by: 500) {
            let batch = Array(ids[start..<min(start + 500, ids.count)])
            for asset in try await tenant.query(Asset.self).filter(\.$sourceID ~~ batch).all() {
                if let id = asset.sourceID { found[id] = asset }
            }
        }
        return found
    }

    static func plan(_ services: [ImportedService], tenant: TenantScope, lookups: AssetImport.Lookups,
                     existing: [String: Asset]) -> Result<(items: [AssetImport.Planned], unknownOrganisations: Int), Report> {
        var problems: [Problem] = []
        var planned: [AssetImport.Planned] = []
        var firstRecord: [String: Int] = [:]
        var unknownOrganisations = 0
        for (index, service) in services.enumerated() {
            let record = "\(index + 1): \(service.name.prefix(60))"
            func fail(_ field: String, _ message: String) { problems.append(Problem(record: record, field: field, message: message)) }
            if let first = firstRecord[service.sourceID] {
                fail("id", "the service \(service.sourceID) is also record \(first + 1); each can be imported once")
                continue
            }
            firstRecord[service.sourceID] = index
            let postcode = service.postcode.flatMap(Postcode.normalise)
            var errors = FormErrors()
            let location = AssetLocation.locate(
                AssetLocation.Input(postcode: postcode ?? "", latitude: service.latitude.map { $0.description } ?? "",
                                    longitude: service.longitude.map { $0.description } ?? "", ward: ""),
                places: lookups.places, errors: &errors)
            for item in errors.items { fail(item.field == "longitude" ? "latitude" : item.field, item.message) }
            guard errors.isEmpty else { continue }
            let previous = existing[service.sourceID]
            let asset = previous ?? tenant.adopt(Asset())
            let before = previous?.auditFields
            let wasExample = previous?.isExample ?? false
            let organisationID = organisation(service.organisationName, lookups: lookups)
            if service.organisationName != nil, organisationID == nil { unknownOrganisations += 1 }
            apply(service, to: asset, isNew: previous == nil, postcode: postcode, location: location,
                  classification: classify(service, lookups: lookups), organisationID: organisationID, lookups: lookups)
            planned.append(AssetImport.Planned(asset: asset, before: before, line: index + 1,
                                               changes: before == nil || before != asset.auditFields || wasExample))
        }
        return problems.isEmpty ? .success((planned, unknownOrganisations)) : .failure(Report(problems))
    }

    static func organisation(_ name: String?, lookups: AssetImport.Lookups) -> UUID? {
        guard let name, let matches = lookups.organisationsByName[AssetImport.organisationKey(name)], matches.count == 1 else { return nil }
        return matches[0]
    }

    /// The kind of asset and type the file says, if it says one the council has.
    struct Classification { var category: AssetCategory?; var term: AssetTaxonomyTerm? }

    static func classify(_ service: ImportedService, lookups: AssetImport.Lookups) -> Classification {
        let byName = Dictionary(lookups.termsByCode.values.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        for imported in service.taxonomyTerms {
            let candidates = [imported.code, imported.name].compactMap { $0?.trimmingCharacters(in: .whitespaces).lowercased() }
            for text in candidates {
                if let term = lookups.termsByCode[text] ?? byName[text], term.category.mayBePublic { return Classification(category: term.category, term: term) }
            }
        }
        for imported in service.taxonomyTerms {
            let candidates = [imported.code, imported.name].compactMap { $0?.trimmingCharacters(in: .whitespaces).lowercased() }
            if let category = AssetCategory.allCases.first(where: { c in c.mayBePublic && candidates.contains { $0 == c.rawValue || $0 == c.label.lowercased() } }) {
                return Classification(category: category, term: nil)
            }
        }
        return Classification(category: nil, term: nil)
    }

    /// The default kind when the file doesn't say: from the organisation's type where Cohesion
    /// knows the organisation, else an institution.
    static func defaultCategory(organisationType: OrganisationType?) -> AssetCategory {
        switch organisationType {
        case .vcsGroup?, .faithGroup?: .associations
        case .business?: .economicExchange
        default: .institutions
        }
    }

    static func apply(_ service: ImportedService, to asset: Asset, isNew: Bool, postcode: String?, location: AssetLocation,
                      classification: Classification, organisationID: UUID?, lookups: AssetImport.Lookups) {
        func clip(_ text: String?, _ limit: Int) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
        }
        asset.name = clip(service.name, AssetForm.nameLimit) ?? "Unnamed service"
        asset.description = clip(service.description, AssetForm.descriptionLimit) ?? ""
        if isNew || organisationID != nil { asset.$organisation.id = organisationID }
        if let category = classification.category {
            asset.category = category
            asset.$taxonomyTerm.id = classification.term?.id
        } else if isNew {
            asset.category = defaultCategory(organisationType: asset.$organisation.id.flatMap { lookups.organisationTypes[$0] })
            asset.$taxonomyTerm.id = nil
        }
        if isNew || location != AssetLocation() || service.address != nil {
            asset.address = clip(service.address, AssetForm.textLimit)
            asset.postcode = postcode
            asset.latitude = location.latitude
            asset.longitude = location.longitude
            asset.wardCode = location.wardCode
            asset.lsoaCode = location.lsoaCode
            asset.$locality.id = location.localityID
            asset.locationSource = location.source
        }
        asset.website = service.url.flatMap { ContactDetails.isPlausibleWebsite($0) && $0.count <= AssetForm.textLimit ? $0 : nil }
        asset.contactEmail = service.email.flatMap { ContactDetails.isPlausibleEmail($0) ? ContactDetails.normalisedEmail($0) : nil }
        asset.contactPhone = service.phone.flatMap { ContactDetails.isPlausiblePhone($0) ? $0 : nil }
        if isNew || asset.openingTimes != service.openingTimes { asset.openingTimes = service.openingTimes }
        asset.accessibility = AccessibilityFeature.allCases.filter(service.accessibilityFeatures.contains)
        asset.languages = Array(service.languages.filter { $0.count <= AssetForm.languageLimit }.prefix(AssetForm.languageCount))
        asset.cost = service.cost
        asset.costDetails = clip(service.costDetails, AssetForm.textLimit)
        if isNew {
            asset.status = .draft
            asset.spaceForAll = false
        }
        asset.sourceID = service.sourceID
        asset.isExample = false
        asset.refreshSearchText(termName: asset.$taxonomyTerm.id.flatMap { lookups.termsByID[$0]?.name })
    }

    static func message(_ outcome: Outcome) -> String {
        let total = outcome.added + outcome.changed + outcome.unchanged
        var text = "Imported \(DisplayFormat.count(total, "service")) as draft assets to check: \(outcome.added) added, \(outcome.changed) changed"
        if outcome.unchanged > 0 { text += ", \(outcome.unchanged) already up to date" }
        if outcome.unknownOrganisations > 0 {
            text += ". \(DisplayFormat.count(outcome.unknownOrganisations, "service")) named an organisation that isn't in Cohesion, so \(outcome.unknownOrganisations == 1 ? "it has" : "they have") none"
        }
        return text
    }
}
