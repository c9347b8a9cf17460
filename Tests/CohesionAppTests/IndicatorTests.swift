@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import Testing
import Vapor

/// The indicator framework through HTTP: indicators made from the features' sources, what the
/// public and members see (public indicators, small counts hidden), pages and exports, partners
/// entering values for their own indicators only, and officers' settings with their checks.
@Suite struct IndicatorTests {
    static func indicator(_ code: String, _ test: TestApp, council: Council) async throws -> Indicator {
        try #require(try await Indicator.query(on: test.db).filter(\.$councilID == council.requireID()).filter(\.$code == code).first())
    }

    /// A partner indicator counting something, with values for the district in two periods.
    static func countIndicator(_ test: TestApp, _ f: Fixtures, code: String, isPublic: Bool, values: [Double]) async throws -> Indicator {
        let indicator = Indicator()
        indicator.councilID = try f.walsall.requireID()
        indicator.code = code
        indicator.title = "Test count \(code)"
        indicator.definition = "A count for the tests."
        indicator.sourceKind = .partner
        indicator.unit = .count
        indicator.polarity = .neither
        indicator.performanceAreas = []
        indicator.marmotObjectives = []
        indicator.equalityModules = []
        indicator.isPublic = isPublic
        try await indicator.create(on: test.db)
        for (n, value) in values.enumerated() {
            let row = IndicatorValue()
            row.councilID = indicator.councilID
            row.$indicator.id = try indicator.requireID()
            row.areaCode = DemoSeed.districtCode
            row.periodKey = "p\(n)"
            row.periodLabel = "Period \(n + 1)"
            row.periodStart = "202\(n)-04-01"
            row.periodEnd = "202\(n + 1)-03-31"
            row.value = value
            row.respondents = Int(value)
            row.flags = []
            row.source = "test"
            row.recordedAt = Date()
            try await row.create(on: test.db)
        }
        return indicator
    }

    @Test func everySourceBecomesAnIndicatorWithValuesAndRecomputingAddsNothingTwice() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let all = try await Indicator.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).all()
            let measures = CommunityLifeSurvey.measures(items: CommunityLifeSurvey.items)
            for measure in measures {
                #expect(all.contains { $0.sourceKey == "survey:" + measure.key && $0.sourceKind == .survey }, "\(measure.key)")
            }
            for key in ["assets:per-1000", "grants:pounds-per-1000", "grants:groups-per-1000"] {
                #expect(all.contains { $0.sourceKey == key && $0.sourceKind == .operational && $0.code.hasPrefix("OPS-") }, "\(key)")
            }
            let belonging = try #require(all.first { $0.sourceKey == "survey:belonging" })
            let before = try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == belonging.requireID()).all()
            // Both synthetic waves, for the district at least.
            #expect(Set(before.filter { $0.areaCode == DemoSeed.districtCode }.map(\.periodKey)).count == 2)
            #expect(before.allSatisfy { $0.flags.contains(.synthetic) })

            let officer = Browser(test, host: "walsall.test")
            _ = try await officer.signIn(f.users[.officer]!.email)
            let manage = try await officer.get("/indicators/manage")
            let recompute = try await officer.post("/indicators/manage/recompute", form: [:])
            #expect(manage.status == .ok && recompute.status == .seeOther)
            let after = try await Indicator.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).count()
            #expect(after == all.count, "no indicator twice")
            let values = try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == belonging.requireID()).count()
            #expect(values == before.count, "values replaced, not added")
            let audit = try await AuditEvent.query(on: test.db).filter(\.$recordType == AuditRecordType.indicator.key).filter(\.$userID == f.users[.officer]!.id).count()
            #expect(audit == 1)
        }
    }

    @Test func twoRecomputesAtOnceLeaveOneSetOfValues() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let count = try await IndicatorValue.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).count()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await IndicatorCatalogue.recompute(features: test.app.features, tenant: tenant, by: nil, ipAddress: nil, now: Date())
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await IndicatorValue.query(on: test.db).filter(\.$councilID == f.walsall.requireID()).count() == count)
        }
    }

    @Test func thePublicAndMembersSeePublicIndicatorsOnlyWithSmallCountsHidden() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            _ = try await Self.countIndicator(test, f, code: "TST-01", isPublic: true, values: [3, 12])
            _ = try await Self.countIndicator(test, f, code: "TST-02", isPublic: false, values: [40])

            let visitor = Browser(test, host: "walsall.test")
            let member = Browser(test, host: "walsall.test")
            _ = try await member.signIn(f.users[.viewer]!.email)
            let officer = Browser(test, host: "walsall.test")
            _ = try await officer.signIn(f.users[.officer]!.email)

            for reader in [visitor, member] {
                let list = try await reader.get("/api/v1/indicators").json(IndicatorAPI.ListDTO.self)
                #expect(list.items.contains { $0.code == "TST-01" } && !list.items.contains { $0.code == "TST-02" })
                #expect(try await reader.get("/indicators/TST-02").status == .notFound)
                #expect(!(try await reader.get("/indicators").body.contains("Test count TST-02")))
                let values = try await reader.get("/api/v1/indicators/TST-01/values").json(IndicatorAPI.ValuesDTO.self).values
                let small = try #require(values.first { $0.period == "Period 1" })
                let larger = try #require(values.first { $0.period == "Period 2" })
                #expect(small.value == nil && small.n == nil && small.flags.contains("disclosure"), "3 is hidden")
                #expect(larger.value == 10 && larger.n == 10, "12 is rounded to the nearest 5")
                let csv = try await reader.get("/indicators/TST-01/values.csv").body
                #expect(!csv.contains(",3,") && csv.contains("disclosure"))
                let page = try await reader.get("/indicators/TST-01").body
                #expect(page.contains("[c] fewer than 5"))
            }
            #expect(try await officer.get("/indicators/TST-02").status == .ok, "the team sees every indicator")
            #expect(try await officer.get("/indicators").body.contains("Test count TST-02"))
            let exact = try await officer.get("/indicators/TST-01/values.json").json(IndicatorAPI.ValuesDTO.self).values
            #expect(exact.contains { $0.value == 3 } && exact.contains { $0.value == 12 })
        }
    }

    @Test func anIndicatorPageShowsItsTrendAreasAndWhatChanged() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let visitor = Browser(test, host: "walsall.test")
            let page = try await visitor.get("/indicators/COH-02")
            #expect(page.status == .ok)
            for text in ["Over time", "95% interval", "What changed significantly", "Residents&#39; survey 2025 (synthetic)", "Download"] {
                #expect(page.body.contains(text) || page.body.contains(text.replacingOccurrences(of: "&#39;", with: "'")), "\(text)")
            }
            #expect(page.body.contains("<svg"), "the charts are drawn")
            // Lower-case codes work; nonsense, unknown codes and another council's host don't.
            #expect(try await visitor.get("/indicators/coh-02").status == .ok)
            #expect(try await visitor.get("/indicators/NOPE-99").status == .notFound)
            #expect(try await visitor.get("/indicators/%3Cscript%3E").status == .notFound)
            #expect(try await visitor.get("/api/v1/indicators/not%20a%20code/values").status == .badRequest)
            #expect(try await Browser(test, host: "other.test").get("/indicators/COH-02").status == .notFound)
            // An unknown area or period is ignored rather than an error.
            #expect(try await visitor.get("/indicators/COH-02?area=E05999999&period=nope").status == .ok)
            let ward = try await visitor.get("/indicators/COH-02?area=E05001314")
            #expect(ward.status == .ok && ward.body.contains("Pleck"))
        }
    }

    @Test func theExportHasOneRowPerAreaAndPeriodInBothForms() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let belonging = try await Self.indicator("COH-02", test, council: f.walsall)
            let stored = try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == belonging.requireID()).count()
            let visitor = Browser(test, host: "walsall.test")
            let csv = try await visitor.get("/indicators/COH-02/values.csv")
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.first == "code,area_code,area_name,period,period_start,period_end,value,lower,upper,n,base,flags,source")
            #expect(lines.count == stored + 1)
            let json = try await visitor.get("/indicators/COH-02/values.json").json(IndicatorAPI.ValuesDTO.self)
            let api = try await visitor.get("/api/v1/indicators/COH-02/values").json(IndicatorAPI.ValuesDTO.self)
            #expect(json.values.count == stored && api.values.count == stored)
            for row in api.values where row.value != nil {
                #expect(row.lower! <= row.value! && row.value! <= row.upper!, "an interval contains its estimate")
            }
        }
    }

    @Test func aPartnerEntersValuesForTheirOwnIndicatorOnlyAndMistakesChangeNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let partner = Browser(test, host: "walsall.test")
            _ = try await partner.signIn(f.users[.partner]!.email)
            let list = try await partner.get("/indicators/manage")
            #expect(list.status == .ok && list.body.contains("PTN-01") && !list.body.contains("COH-02"))
            let indicator = try await Self.indicator("PTN-01", test, council: f.walsall)
            let before = try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == indicator.requireID()).count()

            _ = try await partner.get("/indicators/manage/PTN-01/values")
            let wrong = try await partner.post("/indicators/manage/PTN-01/values", form: [
                "area": "", "period": "2026/27", "starts": "1/4/2026", "ends": "31/3/2026", "value": "lots", "lower": "1", "upper": "",
            ])
            #expect(wrong.status == .unprocessableEntity)
            for message in ["Choose the area", "The last day must be on or after the first day", "“lots” is not a number", "Give both ends of the interval, or neither"] {
                #expect(wrong.body.contains(message), "\(message)")
            }
            #expect(wrong.body.contains("value=\"2026/27\""), "what was typed is kept")
            #expect(try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == indicator.requireID()).count() == before)

            let valid = ["area": "E05001314", "period": "2026/27", "starts": "1/4/2026", "ends": "31/3/2027", "value": "2.4", "n": "28", "source": "Police recorded crime"]
            #expect(try await partner.post("/indicators/manage/PTN-01/values", form: valid).status == .seeOther)
            var again = valid
            again["value"] = "2.6"
            #expect(try await partner.post("/indicators/manage/PTN-01/values", form: again).status == .seeOther)
            let stored = try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == indicator.requireID()).filter(\.$areaCode == "E05001314").all()
            #expect(stored.count == 1 && stored.first?.value == 2.6, "the same area and period is replaced")
            #expect(stored.first?.source.hasPrefix("Entered by \(f.users[.partner]!.name)") == true)
            #expect(stored.first?.enteredBy == f.users[.partner]!.id)

            // Not theirs: a survey indicator, and every indicator for the safety partner (of no
            // organisation) and for another council's partner.
            #expect(try await partner.get("/indicators/manage/COH-02/values").status == .notFound)
            let safety = Browser(test, host: "walsall.test")
            _ = try await safety.signIn(f.users[.safetyPartner]!.email)
            #expect(try await safety.get("/indicators/manage/PTN-01/values").status == .notFound)
            let other = Browser(test, host: "other.test")
            _ = try await other.signIn(f.otherUsers[.partner]!.email)
            #expect(try await other.get("/indicators/manage/PTN-01/values").status == .notFound)
            #expect(try await other.post("/indicators/manage/PTN-01/values", form: valid).status == .notFound)
        }
    }

    @Test func aFileOfValuesIsAllOrNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let partner = Browser(test, host: "walsall.test")
            _ = try await partner.signIn(f.users[.partner]!.email)
            _ = try await partner.get("/indicators/manage/PTN-01/values")
            let indicator = try await Self.indicator("PTN-01", test, council: f.walsall)
            let before = try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == indicator.requireID()).count()
            let bad = """
                area_code,period,period_start,period_end,value,n
                E05001314,2026/27,2026-04-01,2027-03-31,2.1,20
                E05009999,2026/27,2026-04-01,2027-03-31,1.0,9
                E05001301,2026/27,2026-04-01,2027-03-31,-4,3
                E05001314,2026/27,2026-04-01,2027-03-31,2.2,21
                """
            let refused = try await partner.postMultipart("/indicators/manage/PTN-01/values/upload", fields: [:],
                                                          files: [(field: "values_file", filename: "police.csv", content: bad)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("E05009999 is not an area of this council"))
            #expect(refused.body.contains("The value can&#39;t be negative") || refused.body.contains("The value can't be negative"))
            #expect(refused.body.contains("The same area and period as line 2"))
            #expect(try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == indicator.requireID()).count() == before)

            let good = "area_code,period,period_start,period_end,value\r\nE05001314,2026/27,1/4/2026,31/3/2027,2.1\r\nnorth,2026/27,1/4/2026,31/3/2027,1.7\r\n"
            let saved = try await partner.postMultipart("/indicators/manage/PTN-01/values/upload", fields: [:],
                                                        files: [(field: "values_file", filename: "police.csv", content: good)])
            #expect(saved.status == .seeOther)
            #expect(try await IndicatorValue.query(on: test.db).filter(\.$indicator.$id == indicator.requireID()).count() == before + 2)
            let missing = try await partner.postMultipart("/indicators/manage/PTN-01/values/upload", fields: [:],
                                                          files: [(field: "values_file", filename: "x.csv", content: "area,value\nnorth,1\n")])
            #expect(missing.status == .unprocessableEntity && missing.body.contains("The header row needs the columns"))
        }
    }

    @Test func officersSetTargetsAndThresholdsThatMakeSense() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test, host: "walsall.test")
            _ = try await officer.signIn(f.users[.officer]!.email)
            let form = try await officer.get("/indicators/manage/COH-02")
            #expect(form.status == .ok && !form.body.contains("name=\"unit\""), "a survey indicator keeps its unit")
            var fields = ["title": "Feel they belong", "definition": "The share who belong.", "polarity": IndicatorPolarity.higherIsBetter.rawValue,
                          "target": "70", "green": "65", "amber": "68", "public": "yes"]
            let wrong = try await officer.post("/indicators/manage/COH-02", form: fields)
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("the “close to target” value must be below the “on target” value"))
            fields["amber"] = "60"
            #expect(try await officer.post("/indicators/manage/COH-02", form: fields).status == .seeOther)
            let saved = try await Self.indicator("COH-02", test, council: f.walsall)
            #expect(saved.greenThreshold == 65 && saved.amberThreshold == 60 && saved.target == 70 && saved.unit == .percent)
            let change = try await AuditEvent.query(on: test.db).filter(\.$recordType == AuditRecordType.indicator.key)
                .filter(\.$action == .update).filter(\.$recordID == saved.id?.uuidString).first()
            #expect(change?.summary.contains("target: \"65\" → \"70\"") == true, "\(change?.summary ?? "no entry")")

            // A new partner indicator: its code must be new and well formed.
            _ = try await officer.get("/indicators/manage/new")
            var new = ["code": "PTN-01", "title": "Referrals", "definition": "Referrals to victim support.", "unit": "count",
                       "polarity": "neither", "organisation": f.organisation.id!.uuidString, "public": "yes"]
            let taken = try await officer.post("/indicators/manage/new", form: new)
            #expect(taken.status == .unprocessableEntity && taken.body.contains("There is already an indicator PTN-01"))
            new["code"] = "bad code!"
            #expect(try await officer.post("/indicators/manage/new", form: new).body.contains("The code must be 1 to 20 letters"))
            new["code"] = "ptn-02"
            new["organisation"] = f.otherOrganisation.id!.uuidString
            #expect(try await officer.post("/indicators/manage/new", form: new).body.contains("Choose an organisation from the list"), "another council's organisation")
            new["organisation"] = f.organisation.id!.uuidString
            #expect(try await officer.post("/indicators/manage/new", form: new).status == .seeOther)
            #expect(try await Self.indicator("PTN-02", test, council: f.walsall).partnerOrganisationID == f.organisation.id)
        }
    }
}
