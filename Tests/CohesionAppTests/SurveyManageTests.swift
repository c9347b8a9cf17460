@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The cohesion team's survey pages through HTTP: waves (made, refused, changed), the question
/// bank, weighting to the census (with and without the census loaded) and the estimates it
/// makes, and importing answers from a file, all or nothing.
@Suite struct SurveyManageTests {
    static func esc(_ text: String) -> String { MarkupText.escape(text) }

    static func officer(_ test: TestApp, _ f: Fixtures) async throws -> Browser {
        let browser = Browser(test)
        try await browser.signIn(f.user(.officer).email)
        return browser
    }

    /// A form with repeated names (checkboxes), as a browser sends it, with the CSRF token.
    static func post(_ browser: Browser, _ path: String, _ pairs: [(String, String)]) async throws -> Page {
        let body = ([(CSRF.fieldName, browser.csrfToken ?? "")] + pairs).map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        return try await browser.send(.POST, path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
    }

    static func waveForm(title: String = "Residents' survey spring 2027", starts: String = "1/3/2027", ends: String = "31/5/2027",
                         items: [String] = ["get_on_well", "belonging"], weighting: [String] = ["age_sex", "ethnic_group", "ward"],
                         minimumBase: String = "30", status: String = "draft", introduction: String = "Walsall Council asks.") -> [(String, String)] {
        [("title", title), ("starts", starts), ("ends", ends), ("minimum-base", minimumBase), ("status", status), ("introduction", introduction)]
            + items.map { ("items", $0) } + weighting.map { ("weighting", $0) }
    }

    static func waves(_ test: TestApp) async throws -> [SurveyWave] { try await SurveyWave.query(on: test.db).all() }

    static func auditCount(_ test: TestApp) async throws -> Int { try await AuditEvent.query(on: test.db).count() }

    /// The message by a field and the summary's link to it.
    static func expectError(_ page: Page, _ field: String, _ message: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.body.contains("There is a problem") && page.body.contains("<a href=\"#\(field)\">\(esc(message))"),
                "\(what): the summary links to \(field)", sourceLocation: sourceLocation)
        #expect(page.body.contains("id=\"\(field)-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> \(esc(message))"),
                "\(what): the message is by \(field)\n\(page.body.prefix(4000))", sourceLocation: sourceLocation)
    }

    // MARK: Waves

    @Test func anOfficerMakesAWave() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let form = try await officer.get("/surveys/waves/new")
            #expect(form.status == .ok)
            // Every question of the bank is offered and ticked, and every weighting variable.
            for item in CommunityLifeSurvey.items { #expect(form.body.contains("name=\"items\" type=\"checkbox\" value=\"\(item.key)\" checked"), "\(item.key)") }
            for variable in SurveyWeightingVariable.allCases { #expect(form.body.contains("value=\"\(variable.rawValue)\" checked")) }

            let before = try await Self.waves(test).count
            let made = try await Self.post(officer, "/surveys/waves/new", Self.waveForm(items: ["belonging", "get_on_well", "no_such_question"],
                                                                                      weighting: ["ward", "astrology"], minimumBase: " 40 ", status: "open"))
            #expect(made.status == .seeOther, "\(made.body.prefix(2000))")
            let waves = try await Self.waves(test)
            #expect(waves.count == before + 1)
            let wave = try #require(waves.first { $0.title == "Residents' survey spring 2027" })
            #expect(made.location == "/surveys/waves/\(wave.id!.uuidString)")
            #expect(wave.councilID == f.walsall.id! && wave.startsOn == "2027-03-01" && wave.endsOn == "2027-05-31")
            #expect(wave.itemKeys == ["belonging", "get_on_well"], "unknown questions are dropped, the order kept")
            #expect(wave.weighting == [.ward] && wave.minimumBase == 40 && wave.status == .open && !wave.isSynthetic)
            #expect(wave.introduction == "Walsall Council asks." && wave.weightedAt == nil)
            let audit = try #require(try await AuditEvent.query(on: test.db).filter(\.$recordType == "survey_wave").filter(\.$action == .create).first())
            #expect(audit.summary == "wave created: Residents' survey spring 2027" && audit.actor == f.user(.officer).name)

            let page = try await officer.get(made.location!)
            #expect(page.status == .ok && page.body.contains("Wave created."))
            #expect(page.body.contains("1 March 2027 to 31 May 2027") && page.body.contains("No estimates yet"))
            #expect(page.body.contains("0 from the questionnaire, 0 imported") && page.body.contains("2 questions"))
            let index = try await officer.get("/surveys")
            #expect(index.body.contains(Self.esc(wave.title)) && index.body.contains("Open for answers"))
            // Open, it is on the public list.
            #expect(try await Browser(test).get("/have-your-say").body.contains(wave.id!.uuidString))
        }
    }

    @Test func aWaveWithMistakesIsRefusedSayingWhyAndNothingIsWritten() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let existing = SurveysDemo.waves[0].title
            let cases: [(String, [(String, String)], String, String)] = [
                ("a blank title", Self.waveForm(title: "  "), "title", "Enter a name for the wave, like Residents' survey spring 2027"),
                ("a long title", Self.waveForm(title: String(repeating: "w", count: 121)), "title", "The name must be 120 characters or fewer"),
                ("a start that is no date", Self.waveForm(starts: "31/2/2027"), "starts", "Enter the first day of fieldwork as day/month/year, like 1/3/2027"),
                ("an end that is no date", Self.waveForm(ends: "soon"), "ends", "Enter the last day of fieldwork as day/month/year, like 31/5/2027"),
                ("no dates", Self.waveForm(starts: "", ends: ""), "starts", "Enter the first day of fieldwork as day/month/year, like 1/3/2027"),
                ("an end before the start", Self.waveForm(starts: "1/6/2027", ends: "31/5/2027"), "ends", "The last day must be on or after the first day"),
                ("no questions", Self.waveForm(items: []), "items", "Choose at least one question to ask"),
                ("only unknown questions", Self.waveForm(items: ["made_up"]), "items", "Choose at least one question to ask"),
                ("too small a base", Self.waveForm(minimumBase: "9"), "minimum-base", "Enter a whole number from 10 to 1,000"),
                ("too large a base", Self.waveForm(minimumBase: "1001"), "minimum-base", "Enter a whole number from 10 to 1,000"),
                ("a base that is no number", Self.waveForm(minimumBase: "thirty"), "minimum-base", "Enter a whole number from 10 to 1,000"),
                ("an unknown status", Self.waveForm(status: "paused"), "status", "Choose whether the questionnaire takes answers"),
                ("a long introduction", Self.waveForm(introduction: String(repeating: "i", count: 2_001)), "introduction", "The introduction must be 2,000 characters or fewer"),
                ("a title already used", Self.waveForm(title: existing), "title", "There is already a wave called \(existing). Give this one another name"),
            ]
            let before = try await Self.waves(test).count, audits = try await Self.auditCount(test)
            for (what, form, field, message) in cases {
                let page = try await Self.post(officer, "/surveys/waves/new", form)
                #expect(page.status == .unprocessableEntity, "\(what): \(page.status)")
                #expect(page.body.contains("<title>Error: "), "\(what)")
                Self.expectError(page, field, message, what)
                // What was typed is kept.
                for (name, value) in form where ["title", "starts", "ends", "minimum-base"].contains(name) && name != field && !value.isEmpty {
                    #expect(page.body.contains("value=\"\(Self.esc(value))\""), "\(what): \(name) kept")
                }
                for (name, value) in form where name == "items" && value != "made_up" {
                    #expect(page.body.contains("name=\"items\" type=\"checkbox\" value=\"\(value)\" checked"), "\(what): \(value) still ticked")
                }
                #expect(!page.body.contains("name=\"items\" type=\"checkbox\" value=\"trust\" checked"), "\(what): an unticked question stays unticked")
                #expect(try await Self.waves(test).count == before, "\(what) made a wave")
            }
            #expect(try await Self.auditCount(test) == audits)
        }
    }

    @Test func anOfficerChangesAWave() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let path = "/surveys/waves/\(wave.id!.uuidString)"
            let form = try await officer.get(path + "/edit")
            #expect(form.status == .ok && form.body.contains("value=\"1/3/2026\"") && form.body.contains("value=\"31/5/2026\""))
            #expect(form.body.contains("name=\"status\" type=\"radio\" value=\"open\" checked") && form.body.contains(Self.esc(wave.introduction)))

            // Another wave's title is refused; keeping its own is not a clash.
            let clash = try await Self.post(officer, path + "/edit", Self.waveForm(title: SurveysDemo.waves[0].title, items: wave.itemKeys))
            #expect(clash.status == .unprocessableEntity && clash.body.contains("There is already a wave called"))
            #expect(try await SurveyWave.find(wave.id, on: test.db)?.title == wave.title)

            let saved = try await Self.post(officer, path + "/edit", Self.waveForm(title: wave.title, starts: "1/3/2026", ends: "30/6/2026",
                                                                                   items: ["belonging", "trust"], weighting: ["ward"],
                                                                                   minimumBase: "50", status: "closed", introduction: wave.introduction))
            #expect(saved.status == .seeOther && saved.location == path)
            let after = try #require(try await SurveyWave.find(wave.id, on: test.db))
            #expect(after.endsOn == "2026-06-30" && after.itemKeys == ["belonging", "trust"] && after.weighting == [.ward])
            #expect(after.minimumBase == 50 && after.status == .closed && after.isSynthetic, "still the demo's synthetic wave")
            let audit = try #require(try await AuditEvent.query(on: test.db).filter(\.$recordType == "survey_wave").filter(\.$action == .update)
                .filter(\.$userID == f.user(.officer).id).first())
            #expect(audit.summary.contains("ends: \"2026-05-31\" → \"2026-06-30\"") && audit.summary.contains("minimum base: \"30\" → \"50\""), "\(audit.summary)")
            #expect(audit.summary.contains("status: \"Open for answers\" → \"Closed\"") && !audit.summary.contains("title"))
            #expect(try await officer.get(path).body.contains("Wave saved."))
            // Closed, the public questionnaire is gone.
            #expect(try await Browser(test).get("/have-your-say/\(wave.id!.uuidString)").status == .notFound)
            // Another council's officer can't reach it.
            let other = Browser(test, host: "other.test")
            try await other.signIn(f.otherUsers[.officer]!.email)
            #expect(try await other.get(path + "/edit").status == .notFound)
            #expect(try await Self.post(other, path + "/edit", Self.waveForm(title: "Taken over")).status == .notFound)
            #expect(try await SurveyWave.find(wave.id, on: test.db)?.title == wave.title)
        }
    }

    // MARK: The question bank

    static func questionForm(key: String = "feel_safe_after_dark", question: String = "How safe do you feel walking alone in your area after dark?",
                             hint: String = "Think about the last 12 months",
                             options: String = "Very safe\nFairly safe\nA bit unsafe\nVery unsafe\nDon't know",
                             counted: String = "Very safe\nfairly safe", excluded: String = "don't KNOW",
                             indicator: String = "Feel safe outside after dark") -> [String: String] {
        ["key": key, "question": question, "hint": hint, "options": options, "counted": counted, "excluded": excluded, "indicator": indicator]
    }

    @Test func theQuestionBankRefusesABadQuestionSayingWhichFieldIsWrong() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let cases: [(String, [String: String], String, String)] = [
                ("no short name", Self.questionForm(key: ""), "key", "Enter a short name, like feel_safe_after_dark"),
                ("no question", Self.questionForm(question: " "), "question", "Enter the question as people will read it"),
                ("a long question", Self.questionForm(question: String(repeating: "q", count: 301)), "question", "The question must be 300 characters or fewer"),
                ("one answer", Self.questionForm(options: "Yes", counted: "Yes", excluded: ""), "options", "Enter at least two answers, one on each line"),
                ("thirteen answers", Self.questionForm(options: (1...13).map { "Answer \($0)" }.joined(separator: "\n"), counted: "Answer 1", excluded: ""),
                 "options", "A question can have at most 12 answers"),
                ("the same answer twice", Self.questionForm(options: "Yes\nyes\nNo", counted: "Yes", excluded: ""), "options", "Two answers are the same: each answer must be different"),
                ("a counted answer that isn't one", Self.questionForm(counted: "Very safe\nQuite safe"), "counted",
                 "“Quite safe” is not one of the answers. Answers that count must be copied from the answers above"),
                ("an excluded answer that isn't one", Self.questionForm(excluded: "Not sure"), "excluded",
                 "“Not sure” is not one of the answers. Answers left out must be copied from the answers above"),
                ("nothing counted", Self.questionForm(counted: ""), "counted", "Enter at least one answer that counts toward the indicator"),
                ("no indicator", Self.questionForm(indicator: ""), "indicator", "Enter what the indicator measures, like Feel safe outside after dark"),
                // The bank's own rules (SurveyItem.validate), each put by its field.
                ("a short name with spaces", Self.questionForm(key: "Feel Safe"), "key",
                 "The key “feel safe” must be lower case letters, digits and underscores, starting with a letter (like get_on_well)."),
                ("a short name starting with a digit", Self.questionForm(key: "1st_question"), "key",
                 "The key “1st_question” must be lower case letters, digits and underscores, starting with a letter (like get_on_well)."),
                ("a standard question's name", Self.questionForm(key: "belonging"), "key",
                 "The key “belonging” belongs to a standard Community Life Survey question. Choose another key."),
                ("a derived measure's name", Self.questionForm(key: "lonely_scale"), "key",
                 "The key “lonely_scale” belongs to a standard Community Life Survey question. Choose another key."),
                ("an answer of no letters", Self.questionForm(options: "!!!\nNo", counted: "No", excluded: ""), "options",
                 "The answer key “” must be lower case letters, digits and underscores (like tend_to_agree)."),
                ("every answer counts", Self.questionForm(options: "Yes\nNo\nDon't know", counted: "Yes\nNo", excluded: "Don't know"), "counted",
                 "At least one answer in the base must not count, or the indicator would always be 100%."),
                ("an answer counted and left out", Self.questionForm(counted: "Very safe", excluded: "Very safe"), "excluded",
                 "“very_safe” can't both count and be left out of the base."),
            ]
            let before = try await SurveyCustomItem.query(on: test.db).count(), audits = try await Self.auditCount(test)
            for (what, form, field, message) in cases {
                let page = try await officer.post("/surveys/questions/new", form: form)
                #expect(page.status == .unprocessableEntity, "\(what): \(page.status)")
                Self.expectError(page, field, message, what)
                for (name, value) in form where !value.isEmpty && name != field && value.count < 300 {
                    #expect(page.body.contains(Self.esc(value)), "\(what): \(name) kept")
                }
            }
            #expect(try await SurveyCustomItem.query(on: test.db).count() == before)
            #expect(try await Self.auditCount(test) == audits)
        }
    }

    @Test func aCouncilsOwnQuestionJoinsTheBankAndCanBeAsked() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let added = try await officer.post("/surveys/questions/new", form: Self.questionForm())
            #expect(added.status == .seeOther && added.location == "/surveys/questions", "\(added.body.prefix(2000))")
            let row = try #require(try await SurveyCustomItem.query(on: test.db).filter(\.$key == "feel_safe_after_dark").first())
            #expect(row.councilID == f.walsall.id!)
            let item = row.item
            #expect(item.options.map(\.key) == ["very_safe", "fairly_safe", "a_bit_unsafe", "very_unsafe", "dont_know"])
            #expect(item.counted == ["very_safe", "fairly_safe"] && item.excluded == ["dont_know"] && item.hint == "Think about the last 12 months")
            #expect(item.validate().isEmpty && !item.isStandard)
            let audit = try #require(try await AuditEvent.query(on: test.db).filter(\.$recordType == "survey_item").first())
            #expect(audit.action == .create && audit.summary.hasPrefix("question added: feel_safe_after_dark"))

            let bank = try await officer.get("/surveys/questions")
            #expect(bank.body.contains("Question added to the bank."))
            #expect(bank.body.contains("Feel safe outside after dark") && bank.body.contains("Added by the council"))
            #expect(bank.body.contains("<strong>Very safe</strong>") && bank.body.contains("(Don&#39;t know)"))
            // Its short name is taken now.
            let again = try await officer.post("/surveys/questions/new", form: Self.questionForm(question: "Another wording"))
            #expect(again.status == .unprocessableEntity)
            Self.expectError(again, "key", "There is already a question with the short name feel_safe_after_dark. Choose another", "a repeated name")
            // Another council's bank doesn't have it, and may use the name.
            let other = Browser(test, host: "other.test")
            try await other.signIn(f.otherUsers[.officer]!.email)
            #expect(!(try await other.get("/surveys/questions").body.contains("Feel safe outside after dark")))
            #expect(try await other.post("/surveys/questions/new", form: Self.questionForm()).status == .seeOther)

            // A wave asks it; the public answer it; weighting makes its estimates.
            #expect(try await officer.get("/surveys/waves/new").body.contains("value=\"feel_safe_after_dark\""))
            let made = try await Self.post(officer, "/surveys/waves/new", Self.waveForm(title: "Safety survey", items: ["feel_safe_after_dark", "belonging"],
                                                                                      weighting: [], status: "open"))
            #expect(made.status == .seeOther)
            let wave = try #require(try await SurveyWave.query(on: test.db).filter(\.$title == "Safety survey").first())
            let questionnaire = try await Browser(test).get("/have-your-say/\(wave.id!.uuidString)")
            #expect(questionnaire.body.contains("How safe do you feel walking alone in your area after dark?"))
            #expect(questionnaire.body.contains("name=\"q-feel_safe_after_dark\" type=\"radio\" value=\"a_bit_unsafe\""))
            let visitor = Browser(test)
            for (n, answer) in ["very_safe", "a_bit_unsafe", "fairly_safe", "dont_know"].enumerated() {
                let sent = try await visitor.post("/have-your-say/\(wave.id!.uuidString)", form: SurveyQuestionnaireTests.answers(
                    ward: ["E05001314", "E05001320"][n % 2], answers: ["feel_safe_after_dark": answer]))
                #expect(sent.status == .seeOther)
            }
            let refused = try await visitor.post("/have-your-say/\(wave.id!.uuidString)", form: SurveyQuestionnaireTests.answers(answers: ["feel_safe_after_dark": "very_sure"]))
            #expect(refused.status == .unprocessableEntity && refused.body.contains("href=\"#q-feel_safe_after_dark\""))
            let stored = try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == wave.requireID()).all()
            #expect(stored.compactMap { $0.answers["feel_safe_after_dark"] }.sorted() == ["a_bit_unsafe", "dont_know", "fairly_safe", "very_safe"])

            #expect(try await officer.post("/surveys/waves/\(wave.id!.uuidString)/weight").status == .seeOther)
            let rollup = try await AreaRollup.load(TenantScope(council: f.walsall, database: test.db))
            let district = try #require(rollup.district?.code)
            let estimates = try await SurveyEstimateStore.rows(waves: [wave.id!], tenant: TenantScope(council: f.walsall, database: test.db))
            let borough = try #require(estimates.first { $0.measure_key == "feel_safe_after_dark" && $0.area_code == district })
            // "Don't know" is out of the base: 2 of 3 feel safe.
            #expect(borough.respondents == 3 && borough.counted == 2 && abs(borough.proportion - 2.0 / 3) < 1e-12 && borough.suppressed)
        }
    }

    // MARK: Weighting

    /// The census seed's figures, read straight from its files: each margin's shares.
    static func censusShares() throws -> [String: [String: Double]] {
        func rows(_ file: String) throws -> [[String]] {
            let text = try String(contentsOf: CensusImportTests.seedFolder.appendingPathComponent(file), encoding: .utf8)
            return try CSVReader.records(in: text).map(\.fields)
        }
        func shares(_ counts: [String: Double]) -> [String: Double] {
            let total = counts.values.reduce(0, +)
            return counts.mapValues { $0 / total }
        }
        let ts021 = try rows("census2021-ts021-ward-walsall.csv")
        var wards: [String: Double] = [:], groups: [String: Double] = [:]
        let header = ts021[0]
        for row in ts021.dropFirst() where row.count == header.count {
            wards[row[2]] = Double(row[3])!
            for column in 4..<header.count {
                groups[String(header[column].dropFirst("Ethnic group: ".count)), default: 0] += Double(row[column])!
            }
        }
        let ageSex = try rows("census2021-age-sex-district-walsall.csv")
        var adults: [String: Double] = [:]
        for (column, name) in ageSex[0].enumerated() where name.hasSuffix("Working age") || name.hasSuffix("Older") {
            adults[String(name.dropFirst("Age and sex: ".count))] = Double(ageSex[1][column])!
        }
        return ["ward": shares(wards), "ethnic_group": shares(groups), "age_sex": shares(adults)]
    }

    @Test func weightingToTheCensusMeetsEveryMarginAndMakesEstimatesForEveryArea() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            try await f.loadDemoCensus(test)
            let officer = try await Self.officer(test, f)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let answers = try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == wave.requireID()).count()
            let path = "/surveys/waves/\(wave.id!.uuidString)"
            let weighted = try await officer.post(path + "/weight")
            #expect(weighted.status == .seeOther && weighted.location == path)

            let after = try #require(try await SurveyWave.find(wave.id, on: test.db))
            let report = try #require(after.weightingReport)
            #expect(abs((after.weightedAt ?? .distantPast).timeIntervalSince(test.clock.now())) < 0.01)
            #expect(report.respondents == answers && report.converged && report.largestMarginError < 1e-6)
            #expect(report.variables == ["age_sex", "ethnic_group", "ward"], "\(report.notes)")
            #expect(report.notes.isEmpty, "\(report.notes)")
            #expect(report.designEffect > 1 && report.effectiveSampleSize < Double(answers) && report.trimmed == 0)

            let census = try Self.censusShares()
            #expect(census["ward"]?.count == 20 && census["ethnic_group"]?.count == 5 && census["age_sex"]?.count == 4)
            for variable in report.variables {
                let margins = report.margins.filter { $0.variable == variable }
                let expected = try #require(census[variable])
                #expect(Set(margins.map(\.category)) == Set(expected.keys), "\(variable)'s categories")
                for margin in margins {
                    #expect(abs(margin.populationShare - (expected[margin.category] ?? -1)) < 1e-9, "\(variable) \(margin.category): the census share")
                    #expect(abs(margin.weightedShare - margin.populationShare) < 1e-6, "\(variable) \(margin.category): weighted \(margin.weightedShare) vs census \(margin.populationShare)")
                    #expect(margin.respondents > 0)
                }
                #expect(abs(margins.map(\.weightedShare).reduce(0, +) - 1) < 1e-9)
                // Weighting changed something: the answers were not already like the census.
                #expect(margins.contains { abs($0.unweightedShare - $0.populationShare) > 0.01 }, "\(variable)")
            }

            // An estimate for the borough and each locality, for each measure.
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let rollup = try await AreaRollup.load(tenant)
            let district = try #require(rollup.district)
            #expect(rollup.localities.count == 4)
            let estimates = try await SurveyEstimateStore.rows(waves: [wave.id!], tenant: tenant)
            let cells = Dictionary(estimates.map { ("\($0.measure_key)|\($0.area_code)", $0) }, uniquingKeysWith: { a, _ in a })
            let measures = CommunityLifeSurvey.measures(items: CommunityLifeSurvey.items)
            #expect(measures.count == CommunityLifeSurvey.items.count + 2, "the loneliness scale and yearly volunteering are derived")
            for measure in measures {
                for area in [district.code] + rollup.localities.map(\.code) {
                    let cell = try #require(cells["\(measure.key)|\(area)"], "\(measure.key) in \(area)")
                    #expect(cell.lower <= cell.proportion && cell.proportion <= cell.upper && cell.respondents > 0)
                }
                let borough = try #require(cells["\(measure.key)|\(district.code)"])
                #expect(!borough.suppressed && borough.design_effect > 1, "\(measure.key)")
            }
            #expect(estimates.allSatisfy { $0.council_id == f.walsall.id! })
            // A weighted estimate, not a count: belonging in the borough differs from the raw share.
            let rows = try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == wave.requireID()).all()
            let belonging = try #require(CommunityLifeSurvey.item("belonging"))
            let inBase = rows.filter { belonging.outcome(for: $0.answers["belonging"]).isInBase }
            let raw = Double(inBase.filter { belonging.outcome(for: $0.answers["belonging"]) == .counted }.count) / Double(inBase.count)
            let boroughBelonging = try #require(cells["belonging|\(district.code)"])
            #expect(boroughBelonging.respondents == inBase.count && abs(boroughBelonging.proportion - raw) > 1e-6)

            // The wave page shows how weighting went and the estimates.
            let page = try await officer.get(path)
            #expect(page.body.contains("Weighted \(DisplayFormat.count(answers, "answer")) to the census; estimates updated."))
            #expect(page.body.contains("Weight again and update estimates") && page.body.contains("Design effect"))
            #expect(page.body.contains("The answers against the census, before and after weighting"))
            #expect(page.body.contains("Ward: Pleck") && page.body.contains("Age and sex: Females: Working age"))
            for measure in measures { #expect(page.body.contains(Self.esc(measure.title)), "\(measure.key)") }
            let shown = SurveyWavePage.percent(boroughBelonging.proportion)
            #expect(page.body.contains("<th scope=\"row\" class=\"govuk-table__header\">\(Self.esc(district.name))</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">\(shown)"),
                    "the borough's belonging, \(shown)")
        }
    }

    @Test func withoutTheCensusTheWaveIsEstimatedUnweightedAndSaysWhy() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let path = "/surveys/waves/\(wave.id!.uuidString)"
            #expect(try await officer.post(path + "/weight").status == .seeOther)
            let report = try #require(try await SurveyWave.find(wave.id, on: test.db)?.weightingReport)
            #expect(report.variables.isEmpty && report.margins.isEmpty && !report.converged && report.designEffect == 1)
            #expect(report.notes == [
                "Age and sex left out: no census age-and-sex table for the district has been imported.",
                "Ethnic group left out: Census table TS021 (ethnic group) has not been imported.",
                "Ward left out: Census table TS021 (ethnic group) has not been imported.",
                "Not weighted: estimates are of the answers as they came.",
            ])
            // The estimates are the answers' own shares.
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let district = try #require(try await AreaRollup.load(tenant).district?.code)
            let estimates = try await SurveyEstimateStore.rows(waves: [wave.id!], tenant: tenant)
            let rows = try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == wave.requireID()).all()
            for item in CommunityLifeSurvey.items {
                let outcomes = rows.map { item.outcome(for: $0.answers[item.key]) }
                let base = outcomes.filter(\.isInBase).count, counted = outcomes.filter { $0 == .counted }.count
                let cell = try #require(estimates.first { $0.measure_key == item.key && $0.area_code == district }, "\(item.key)")
                #expect(cell.respondents == base && cell.counted == counted, "\(item.key)")
                #expect(abs(cell.proportion - Double(counted) / Double(base)) < 1e-12 && abs(cell.design_effect - 1) < 1e-12, "\(item.key)")
            }
            let page = try await officer.get(path)
            #expect(page.body.contains("No census figures to weight to (see the notes): estimates updated from the answers as they came."))
            for note in report.notes { #expect(page.body.contains(Self.esc(note))) }
            #expect(!page.body.contains("The answers against the census, before and after weighting"))
            #expect(page.body.contains(Self.esc(CommunityLifeSurvey.item("belonging")!.indicatorTitle)))
        }
    }

    @Test func estimatesFromTooFewAnswersAreSuppressed() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let path = "/surveys/waves/\(wave.id!.uuidString)"
            #expect(try await officer.post(path + "/weight").status == .seeOther)
            let tenant = TenantScope(council: f.walsall, database: test.db)
            let rollup = try await AreaRollup.load(tenant)
            let estimates = try await SurveyEstimateStore.rows(waves: [wave.id!], tenant: tenant)
            #expect(!estimates.isEmpty)
            for row in estimates { #expect(row.suppressed == (row.respondents < wave.minimumBase), "\(row.measure_key) \(row.area_code): \(row.respondents)") }
            let wardCodes = Set(rollup.wards.map(\.code))
            let wardRows = estimates.filter { wardCodes.contains($0.area_code) }
            #expect(!wardRows.isEmpty && wardRows.allSatisfy { $0.suppressed }, "150 answers over 20 wards: each too few")
            #expect(estimates.contains { !$0.suppressed })

            // The page shows [c] for those, and not their figure.
            let wards = try await officer.get(path + "?areas=wards")
            #expect(wards.status == .ok && wards.body.contains(">[c]</td>") && wards.body.contains("Fewer than 30 answers"))
            let pleck = try #require(estimates.first { $0.measure_key == "belonging" && $0.area_code == "E05001314" })
            #expect(wards.body.contains("<th scope=\"row\" class=\"govuk-table__header\">Pleck</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">[c]</td>"))
            #expect(!wards.body.contains("Pleck</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">\(SurveyWavePage.percent(pleck.proportion))"))
            let borough = try await officer.get(path)
            #expect(!borough.body.contains(">Pleck</th>"), "wards only when asked for")

            // A higher base suppresses more, a lower one less, at the next weighting.
            wave.minimumBase = 10
            try await wave.update(on: test.db)
            #expect(try await officer.post(path + "/weight").status == .seeOther)
            let lower = try await SurveyEstimateStore.rows(waves: [wave.id!], tenant: tenant)
            #expect(lower.filter(\.suppressed).count < estimates.filter(\.suppressed).count)
            for row in lower { #expect(row.suppressed == (row.respondents < 10)) }
        }
    }

    // MARK: Importing answers

    static let goodFile = """
        respondent_id,ward,belonging,get_on_well,age,sex,ethnic_group,date
        r1,E05001314,Very strongly,Definitely agree,25-34,Female,Indian,2026-03-14
        r2,E05001320,fairly_strongly,Tend to disagree,75+,male,"Asian, Asian British or Asian Welsh",14/03/2026
        r3,north,Don't know,Tend to agree,16-24,Prefer not to say,Prefer not to say,
        r4,ws2 9ab,Not at all strongly,Definitely agree,,,,

        """

    /// Uploads a file for the wave and returns the columns page's path.
    static func upload(_ browser: Browser, _ wave: SurveyWave, _ csv: String, name: String = "answers.csv") async throws -> Page {
        try await browser.postMultipart("/surveys/waves/\(wave.id!.uuidString)/import", fields: [:], files: [(SurveyImportController.fileField, name, csv)])
    }

    /// The option a `<select name="…">` has selected ("" for "Not in the file").
    static func chosen(_ page: Page, _ name: String) -> String? {
        guard let start = page.body.range(of: "name=\"\(name)\"") else { return nil }
        let rest = page.body[start.upperBound...]
        let select = rest[..<(rest.range(of: "</select>")?.lowerBound ?? rest.endIndex)]
        return select.firstMatch(of: /<option value="([^"]*)" selected>/).map { String($0.output.1) }
    }

    static let goodMapping = ["area": "ward", "item-belonging": "belonging", "item-get_on_well": "get_on_well", "age": "age", "sex": "sex",
                              "ethnic-group": "ethnic_group", "date": "date", "id": "respondent_id"]

    static func imported(_ test: TestApp, _ wave: SurveyWave) async throws -> [SurveyResponse] {
        try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == wave.requireID()).filter(\.$source == .import).all()
    }

    @Test func anOfficerImportsAFileThroughTheColumnsPage() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            // The closed wave: imports are still taken.
            let wave = try await SurveyQuestionnaireTests.closedWave(test, f)
            let form = try await officer.get("/surveys/waves/\(wave.id!.uuidString)/import")
            #expect(form.status == .ok && form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("name=\"csv_file\""))

            let uploaded = try await Self.upload(officer, wave, Self.goodFile)
            #expect(uploaded.status == .seeOther, "\(uploaded.body.prefix(2000))")
            let location = try #require(uploaded.location)
            #expect(location.hasPrefix("/surveys/imports/"))
            let uploadID = try #require(UUID(uuidString: String(location.dropFirst("/surveys/imports/".count))))
            let waiting = try #require(try await SurveyImportUpload.find(uploadID, on: test.db))
            #expect(waiting.fileName == "answers.csv" && waiting.uploadedBy == f.user(.officer).id && waiting.councilID == f.walsall.id!)

            // The columns page guesses the mapping from the headers.
            let columns = try await officer.get(location)
            #expect(columns.status == .ok && columns.body.contains("Match the columns"))
            for (field, header) in Self.goodMapping { #expect(Self.chosen(columns, field) == header, "\(field) → \(header)") }
            #expect(Self.chosen(columns, "postcode") == "", "no postcode column")
            #expect(Self.chosen(columns, "item-trust") == "")
            let audits = try await Self.auditCount(test)
            let done = try await officer.post(location, form: Self.goodMapping)
            #expect(done.status == .seeOther && done.location == "/surveys/waves/\(wave.id!.uuidString)", "\(done.body.prefix(3000))")
            #expect(try await officer.get(done.location!).body.contains("Imported 4 answers from answers.csv. Weight the wave again to update its estimates."))

            let rows = try await Self.imported(test, wave).sorted { ($0.sourceID ?? "") < ($1.sourceID ?? "") }
            #expect(rows.map(\.sourceID) == ["r1", "r2", "r3", "r4"])
            #expect(rows.map(\.wardCode) == ["E05001314", "E05001320", nil, "E05001314"], "a locality code has no ward; a postcode finds one")
            #expect(rows[0].answers == ["belonging": "very_strongly", "get_on_well": "definitely_agree"])
            #expect(rows[1].answers == ["belonging": "fairly_strongly", "get_on_well": "tend_to_disagree"])
            #expect(rows[2].answers == ["belonging": "dont_know", "get_on_well": "tend_to_agree"])
            #expect(rows.map(\.ageBand) == ["25_to_34", "75_and_over", "16_to_24", nil])
            #expect(rows.map(\.sex) == ["female", "male", nil, nil], "“prefer not to say” is stored as nothing, as the questionnaire stores it")
            let cipher = test.app.fieldCipher
            let groups = try rows.map { try $0.sealedEthnicGroup.map { try cipher.open($0, column: SurveyResponse.ethnicGroupColumn.context) } }
            #expect(groups == ["asian_indian", "asian", nil, nil])
            // The date answered, when the file gives one, is kept (as the start of that day in London).
            #expect(rows[0].receivedAt == LondonClock.startOfDay(CalendarDate(year: 2026, month: 3, day: 14)))
            #expect(rows[1].receivedAt == LondonClock.startOfDay(CalendarDate(year: 2026, month: 3, day: 14)))
            #expect(rows.compactMap(\.sealedEthnicGroup).allSatisfy { $0.hasPrefix("v1.") })
            #expect(rows.allSatisfy { $0.source == .import && $0.submissionKey == nil && $0.councilID == f.walsall.id! })
            // The file is gone once imported, and the import is audited.
            #expect(try await SurveyImportUpload.find(uploadID, on: test.db) == nil)
            #expect(try await officer.get(location).status == .notFound)
            #expect(try await Self.auditCount(test) == audits + 1)
            let audit = try #require(try await AuditEvent.query(on: test.db).filter(\.$summary == "imported 4 answers from answers.csv").first())
            #expect(audit.action == .create && audit.recordID == wave.id!.uuidString && audit.actor == f.user(.officer).name)
            #expect(try await officer.get("/surveys/waves/\(wave.id!.uuidString)").body.contains(" 4 imported"))
        }
    }

    /// The problems table's row for a line and column.
    static func problemRow(_ line: Int, _ column: String) -> String {
        "<td class=\"govuk-table__cell govuk-table__cell--numeric\">\(line)</td><td class=\"govuk-table__cell\">\(esc(column))</td>"
    }

    @Test func aFileWithABadRowImportsNothingAndNamesTheLineAndColumn() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let before = try await SurveyResponse.query(on: test.db).count(), audits = try await Self.auditCount(test)
            let file = """
                respondent_id,ward,belonging,get_on_well
                a1,E05001314,Very strongly,Definitely agree
                a2,E05001314,Quite strongly,Definitely agree
                a3,E05001316,Fairly strongly,Tend to agree
                a4,E05001316,Very strongly,Always
                """
            let uploaded = try await Self.upload(officer, wave, file, name: "paper.csv")
            let location = try #require(uploaded.location)
            let mapping = ["area": "ward", "item-belonging": "belonging", "item-get_on_well": "get_on_well", "id": "respondent_id"]
            let refused = try await officer.post(location, form: mapping)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("paper.csv has 2 problems, listed below. Nothing was imported"))
            #expect(refused.body.contains("href=\"#columns\""))
            let belonging = try #require(CommunityLifeSurvey.item("belonging"))
            #expect(refused.body.contains(Self.problemRow(3, "belonging") + "<td class=\"govuk-table__cell\">" + Self.esc("“Quite strongly” is not an answer to this question. Use one of: \(belonging.options.map(\.label).joined(separator: ", ")).")),
                    "\(refused.body)")
            #expect(refused.body.contains(Self.problemRow(5, "get_on_well")) && refused.body.contains("“Always” is not an answer to this question."))
            #expect(!refused.body.contains(Self.problemRow(2, "belonging")) && !refused.body.contains(Self.problemRow(4, "belonging")))
            // What was chosen is kept.
            for (field, header) in mapping { #expect(Self.chosen(refused, field) == header, "\(field)") }
            #expect(try await SurveyResponse.query(on: test.db).count() == before)
            #expect(try await Self.auditCount(test) == audits)

            // The file waits for another try: with the bad columns left out, it imports.
            #expect(try await officer.get(location).status == .ok)
            let retried = try await officer.post(location, form: ["area": "ward", "id": "respondent_id", "item-belonging": "", "item-get_on_well": ""])
            #expect(retried.status == .unprocessableEntity && retried.body.contains("Match at least one column to a question"))
            let noArea = try await officer.post(location, form: ["item-belonging": "belonging"])
            #expect(noArea.status == .unprocessableEntity && noArea.body.contains(Self.esc("Choose the column with each person's ward or postcode")))
            let file2 = try await Self.upload(officer, wave, file.replacingOccurrences(of: "Quite strongly", with: "Fairly strongly").replacingOccurrences(of: "Always", with: "Tend to agree"),
                                              name: "paper-fixed.csv")
            #expect(try await officer.post(try #require(file2.location), form: mapping).status == .seeOther)
            #expect(try await SurveyResponse.query(on: test.db).count() == before + 4)
        }
    }

    @Test func placesAndIdsThatCantBeUsedRefuseTheFile() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let mapping = ["area": "area", "postcode": "postcode", "item-belonging": "belonging", "id": "id"]
            let cases: [(String, String, [String])] = [
                ("an unknown ward", "id,area,postcode,belonging\n1,E05001314,,Very strongly\n2,E05009999,,Very strongly\n",
                 [Self.problemRow(3, "") + "<td class=\"govuk-table__cell\">E05009999 is not a ward, locality or district of this council"]),
                ("a mistyped code", "id,area,postcode,belonging\n1,E0500131,,Very strongly\n",
                 [Self.problemRow(2, "area"), Self.esc("“E0500131” is not an ONS area code.")]),
                ("a postcode not in the directory", "id,area,postcode,belonging\n1,,WS2 9AB,Very strongly\n2,,ws1 9zz,Very strongly\n",
                 [Self.problemRow(3, "") + "<td class=\"govuk-table__cell\">" + Self.esc("The postcode WS1 9ZZ is not in the council's postcode directory")]),
                ("a malformed postcode", "id,area,postcode,belonging\n1,,WS2 9A,Very strongly\n", [Self.problemRow(2, "postcode"), Self.esc("“WS2 9A” is not a UK postcode.")]),
                ("an id used twice", "id,area,postcode,belonging\n7,E05001314,,Very strongly\n8,E05001314,,Very strongly\n7,E05001320,,Fairly strongly\n",
                 [Self.problemRow(4, "id"), Self.esc("“7” is already used on line 2. Each response needs its own ID.")]),
                ("a row with no answer", "id,area,postcode,belonging\n1,E05001314,,\n", [Self.esc("This response has no answers to any question.")]),
                ("a row too short", "id,area,postcode,belonging\n1,E05001314\n", ["The row has 2 fields but the header has 4."]),
                ("a control character", "id,area,postcode,belonging\n1,E05001314,,Very\u{7} strongly\n", [Self.problemRow(2, "belonging"), "hidden control character (U+0007)"]),
                ("a header with no rows", "id,area,postcode,belonging\n", ["The file has a header row but no responses."]),
            ]
            let before = try await SurveyResponse.query(on: test.db).count()
            for (what, csv, says) in cases {
                let uploaded = try await Self.upload(officer, wave, csv)
                let location = try #require(uploaded.location, "\(what): \(uploaded.status) \(uploaded.body.prefix(1000))")
                let refused = try await officer.post(location, form: mapping)
                #expect(refused.status == .unprocessableEntity, "\(what): \(refused.status)")
                #expect(refused.body.contains("Nothing was imported"), "\(what)")
                for text in says { #expect(refused.body.contains(text), "\(what): \(text)\n\(refused.body.suffix(3000))") }
                #expect(try await SurveyResponse.query(on: test.db).count() == before, "\(what) imported something")
            }

            // An id imported before into the same wave: refused the second time.
            let first = try await Self.upload(officer, wave, "id,area,postcode,belonging\nX1,E05001314,,Very strongly\nX2,E05001320,,Fairly strongly\n")
            #expect(try await officer.post(try #require(first.location), form: mapping).status == .seeOther)
            let second = try await Self.upload(officer, wave, "id,area,postcode,belonging\nX3,E05001314,,Very strongly\nX2,E05001320,,Fairly strongly\n")
            let refused = try await officer.post(try #require(second.location), form: mapping)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(Self.problemRow(3, "") + "<td class=\"govuk-table__cell\">The respondent id X2 was imported into this wave before"))
            #expect(try await SurveyResponse.query(on: test.db).count() == before + 2)
            // Into another wave, the same ids are new.
            let closed = try await SurveyQuestionnaireTests.closedWave(test, f)
            let elsewhere = try await Self.upload(officer, closed, "id,area,postcode,belonging\nX1,E05001314,,Very strongly\n")
            #expect(try await officer.post(try #require(elsewhere.location), form: mapping).status == .seeOther)
        }
    }

    @Test func aFileThatIsNoCSVIsRefusedAtUpload() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let path = "/surveys/waves/\(wave.id!.uuidString)/import"
            let uploads = try await SurveyImportUpload.query(on: test.db).count()
            var notUTF8 = Data("id,ward,belonging\n1,E05001314,Tr".utf8)
            notUTF8.append(0xE8) // è in Latin-1
            notUTF8.append(contentsOf: Data("s fort\n".utf8))
            let cases: [(String, Page, String)] = [
                ("no file", try await officer.postMultipart(path, pairs: [], files: []), "Choose a CSV file of answers to import"),
                ("an empty file", try await officer.postMultipart(path, pairs: [], files: [(SurveyImportController.fileField, "empty.csv", Data())]),
                 "Choose a CSV file of answers to import"),
                ("a file that isn't UTF-8", try await officer.postMultipart(path, pairs: [], files: [(SurveyImportController.fileField, "excel.csv", notUTF8)]),
                 "excel.csv is not UTF-8 text. In Excel, save it as “CSV UTF-8”, then choose it again"),
                ("a broken quote", try await officer.postMultipart(path, pairs: [], files: [(SurveyImportController.fileField, "quote.csv", Data("\"id,ward\n".utf8))]),
                 "quote.csv has no header row. The first line must name the columns"),
            ]
            for (what, page, message) in cases {
                #expect(page.status == .unprocessableEntity, "\(what): \(page.status)")
                Self.expectError(page, SurveyImportController.fileField, message, what)
            }
            #expect(try await SurveyImportUpload.query(on: test.db).count() == uploads)
        }
    }

    @Test func anotherCouncilsUploadAndWaveAreNotFound() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.officer(test, f)
            let wave = try await SurveyQuestionnaireTests.openWave(test, f)
            let uploaded = try await Self.upload(officer, wave, Self.goodFile)
            let location = try #require(uploaded.location)
            let other = Browser(test, host: "other.test")
            try await other.signIn(f.otherUsers[.officer]!.email)
            #expect(try await other.get(location).status == .notFound)
            #expect(try await other.post(location, form: Self.goodMapping).status == .notFound)
            #expect(try await other.get("/surveys/waves/\(wave.id!.uuidString)/import").status == .notFound)
            #expect(try await other.postMultipart("/surveys/waves/\(wave.id!.uuidString)/import", fields: [:],
                                                  files: [(SurveyImportController.fileField, "x.csv", Self.goodFile)]).status == .notFound)
            #expect(try await other.get("/surveys/waves/\(wave.id!.uuidString)").status == .notFound)
            #expect(try await other.post("/surveys/waves/\(wave.id!.uuidString)/weight").status == .notFound)
            #expect(try await Self.imported(test, wave).isEmpty)
            #expect(try await SurveyImportUpload.query(on: test.db).filter(\.$councilID == f.otherton.requireID()).count() == 0)
            // Still there for its own council.
            #expect(try await officer.get(location).status == .ok)
            #expect(try await officer.get("/surveys/imports/\(UUID().uuidString)").status == .notFound)
        }
    }
}
