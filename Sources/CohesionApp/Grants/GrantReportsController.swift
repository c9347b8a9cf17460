import CohesionCore
import Fluent
import Vapor

/// `/grants/reports`: awards and success rates by locality, by ward (money per 1,000
/// residents, from the census table the asset gaps use), by kind of group and by theme, each
/// table also as CSV. Awards to groups are published anyway (360Giving); there is nothing about
/// people in these tables, so elected members see them too.
struct GrantReportsController {
    enum Table: String, CaseIterable, Sendable {
        case locality, ward, type, theme

        var title: String {
            switch self {
            case .locality: "By locality"
            case .ward: "By ward"
            case .type: "By kind of group"
            case .theme: "By theme"
            }
        }

        var keyHeading: String {
            switch self {
            case .locality: "Locality"
            case .ward: "Ward"
            case .type: "Kind of group"
            case .theme: "Theme"
            }
        }
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let tables = try await Self.tables(req)
        return try await req.render(GrantReportsPage(tables: tables.rows, hasPopulation: tables.hasPopulation))
    }

    @Sendable func csv(_ req: Request) async throws -> Response {
        guard let table = Table(rawValue: SubmittedForm(urlEncoded: req.url.query ?? "")["table"]) else {
            throw Abort(.notFound, reason: "Choose a table: " + Table.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let rows = try await Self.tables(req).rows.first { $0.table == table }?.rows ?? []
        var lines = [[table.keyHeading, "Code", "Applications", "Decided", "Awards", "Success rate (%)", "Awarded (£)", "Residents", "Awarded per 1,000 residents (£)"]]
        for row in rows {
            lines.append([row.label, row.key, String(row.applications), String(row.decided), String(row.awards),
                          row.successRate.map { String(format: "%.0f", $0 * 100) } ?? "",
                          String(format: "%.2f", Double(row.awardedPence) / 100), row.population.map(String.init) ?? "",
                          row.pencePerThousand.map { String(format: "%.2f", $0 / 100) } ?? ""])
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "grants-\(table.rawValue).csv")
        return Response(status: .ok, headers: headers, body: .init(string: lines.map(CSVText.line).joined(separator: "\r\n") + "\r\n"))
    }

    static func tables(_ req: Request) async throws -> (rows: [(table: Table, rows: [GrantReports.Row])], hasPopulation: Bool) {
        let tenant = try req.tenant
        let applications = try await tenant.query(GrantApplication.self).filter(\.$state != .draft).all().map { application in
            let a = application.answers
            return GrantReports.Application(state: application.state, awardedPence: application.awardedPence, localityCodes: a.localityCodes,
                                            wardCodes: a.wardCodes, organisationType: a.organisationType, themes: a.themes)
        }
        let areas = try await GrantQueries.areas(req)
        let population = try await AssetGaps.wardPopulation(tenant)?.byWard ?? [:]
        var wardsOfLocality: [String: [String]] = [:]
        for ward in areas.wards { if let locality = ward.locality { wardsOfLocality[locality, default: []].append(ward.code) } }
        let localityPopulation = population.isEmpty ? [:] : wardsOfLocality.mapValues { $0.reduce(0) { $0 + (population[$1] ?? 0) } }
        return ([
            (.locality, GrantReports.rows(applications, keys: areas.localities.map { ($0.code, $0.name) }, population: localityPopulation) { application in
                application.localityCodes.isEmpty
                    ? Array(Set(application.wardCodes.compactMap { code in areas.wards.first { $0.code == code }?.locality }))
                    : application.localityCodes
            }),
            (.ward, GrantReports.rows(applications, keys: areas.wards.map { ($0.code, $0.name) }, population: population) {
                GrantReports.wards(of: $0, wardsOfLocality: wardsOfLocality)
            }),
            (.type, GrantReports.rows(applications, keys: Grants.organisationTypes.map { ($0.value, $0.label) }) { [$0.organisationType] }),
            (.theme, GrantReports.rows(applications, keys: GrantApplicationAnswers.themes.map { ($0.code, $0.label) }) { $0.themes }),
        ], !population.isEmpty)
    }
}

struct GrantReportsPage: Page {
    let tables: [(table: GrantReportsController.Table, rows: [GrantReports.Row])]
    let hasPopulation: Bool

    var title: String { "Grants reports" }
    var breadcrumbs: [Breadcrumb] { [.init(label: "Dashboard", link: PlatformRoutes.dashboard.path)] }

    func body(_ context: PageContext) -> HTML {
        PageHeading(title)
        Paragraph("Applications sent, decided (awarded or not funded), awards and money awarded. An application counts in every area and theme it names, so a table's rows can add up to more than the total.")
        if !hasPopulation {
            Paragraph("Money per 1,000 residents needs a Census 2021 table of usual residents by ward or LSOA: load one on the data page.")
        }
        for (table, rows) in tables {
            H2(.class("govuk-heading-m"), .id(table.rawValue)) { Text(table.title) }
            Paragraph(size: "s") { TextLink("Download this table (CSV)", to: Grants.Routes.reportsCSV.path.with("table", table.rawValue)) }
            DataTable(caption: "Grants \(table.title.lowercased())", columns: [
                TableColumn(table.keyHeading), TableColumn("Applications", numeric: true), TableColumn("Awards", numeric: true),
                TableColumn("Success rate", numeric: true), TableColumn("Awarded", numeric: true),
            ] + (table == .locality || table == .ward ? [TableColumn("Per 1,000 residents", numeric: true)] : [])) {
                for row in rows {
                    TableRow {
                        Cell(row.label)
                        Cell(DisplayFormat.count(row.applications), numeric: true)
                        Cell(DisplayFormat.count(row.awards), numeric: true)
                        Cell(row.successRate.map { String(format: "%.0f%%", $0 * 100) } ?? "–", numeric: true)
                        Cell(Money.pounds(row.awardedPence), numeric: true)
                        if table == .locality || table == .ward {
                            Cell(row.pencePerThousand.map { Money.pounds(Int($0.rounded())) } ?? "–", numeric: true)
                        }
                    }
                }
            }
        }
    }
}
