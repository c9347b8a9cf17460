@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The public questionnaire (`/have-your-say`): no account, one page. Mistakes first: each is
/// refused with 422, an error summary linking to the field, the message by the field and what
/// was typed kept, and nothing stored. Then answers that are stored once, with the ward and
/// never the postcode, the ethnic group sealed; waves not open, and other councils' waves.
@Suite struct SurveyQuestionnaireTests {
    static func openWave(_ test: TestApp, _ f: Fixtures) async throws -> SurveyWave {
        try #require(try await SurveyWave.query(on: test.db).filter(\.$councilID == f.walsall.requireID())
            .filter(\.$title == SurveysDemo.waves[1].title).first())
    }

    static func closedWave(_ test: TestApp, _ f: Fixtures) async throws -> SurveyWave {
        try #require(try await SurveyWave.query(on: test.db).filter(\.$councilID == f.walsall.requireID())
            .filter(\.$title == SurveysDemo.waves[0].title).first())
    }

    static func path(_ wave: SurveyWave) -> String { "/have-your-say/\(wave.id!.uuidString)" }

    /// A good set of answers, each part replaceable ("" leaves a field out).
    static func answers(submission: String = UUID().uuidString, postcode: String = "", ward: String = "E05001314",
                        answers: [String: String] = ["get_on_well": "tend_to_agree", "belonging": "very_strongly"],
                        age: String = "25_to_34", sex: String = "female", ethnic: String = "asian_indian") -> [String: String] {
        var form = ["submission": submission, "postcode": postcode, "ward": ward, "age": age, "sex": sex, "ethnic-group": ethnic]
        for (key, value) in answers { form["q-" + key] = value }
        return form.filter { !$0.value.isEmpty }
    }

    static func responses(_ test: TestApp, _ wave: SurveyWave) async throws -> [SurveyResponse] {
        try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == wave.requireID()).all()
    }

    static func esc(_ text: String) -> String { MarkupText.escape(text) }

    /// `name="…" type="radio" value="…" checked`, as the page writes a chosen radio.
    static func checked(_ name: String, _ value: String) -> String { "name=\"\(name)\" type=\"radio\" value=\"\(value)\" checked" }

    static func selected(_ value: String) -> String { "<option value=\"\(value)\" selected>" }

    // MARK: Pages

    @Test func theOpenWavesPageListsOnlyOpenWaves() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let open = try await Self.openWave(test, f), closed = try await Self.closedWave(test, f)
            let visitor = Browser(test)
            let page = try await visitor.get("/have-your-say")
            #expect(page.status == .ok)
            #expect(page.body.contains("href=\"\(Self.path(open))\"") && page.body.contains(Self.esc(open.title)))
            #expect(page.body.contains("Open 1 March 2026 to 31 May 2026"))
            #expect(!page.body.contains(Self.path(closed)) && !page.body.contains(Self.esc(closed.title)))
            // The footer links to it from every page.
            #expect(try await visitor.get("/").body.contains("href=\"/have-your-say\""))

            open.status = .closed
            try await open.update(on: test.db)
            let none = try await visitor.get("/have-your-say")
            #expect(none.status == .ok && none.body.contains("There is no survey open at the moment") && !none.body.contains(Self.path(open)))
        }
    }

    @Test func theQuestionnaireAsksEveryQuestionOfTheWave() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let wave = try await Self.openWave(test, f)
            let page = try await Browser(test).get(Self.path(wave))
            #expect(page.status == .ok)
            #expect(page.body.contains("<title>") && !page.body.contains("<title>Error"))
            #expect(page.body.contains(Self.esc(wave.introduction)))
            let items = CommunityLifeSurvey.items
            #expect(wave.itemKeys == items.map(\.key))
            for item in items {
                #expect(page.body.contains(Self.esc(item.question)), "\(item.key)'s question")
                if let hint = item.hint { #expect(page.body.contains(Self.esc(hint)), "\(item.key)'s hint") }
                for option in item.options {
                    #expect(page.body.contains("name=\"q-\(item.key)\" type=\"radio\" value=\"\(option.key)\""), "\(item.key): \(option.key)")
                    #expect(page.body.contains(Self.esc(option.label)), "\(item.key): \(option.label)")
                }
                #expect(!page.body.contains("name=\"q-\(item.key)\" type=\"radio\" value=\"\(item.options[0].key)\" checked"), "nothing is chosen for people")
            }
            // Where you live: the postcode and every ward; about you: every group, prefer not to say first.
            #expect(page.body.contains("name=\"postcode\"") && page.body.contains("autocomplete=\"postal-code\""))
            for locality in PlacesDemo.localities {
                for (code, name) in locality.wards { #expect(page.body.contains("<option value=\"\(code)\">\(Self.esc(name))</option>"), "\(name)") }
            }
            for band in AgeBand.allCases { #expect(page.body.contains("name=\"age\" type=\"radio\" value=\"\(band.key)\"")) }
            for sex in Sex.allCases { #expect(page.body.contains("name=\"sex\" type=\"radio\" value=\"\(sex.key)\"")) }
            for group in EthnicGroup.allCases { #expect(page.body.contains("<option value=\"\(group.key)\">")) }
            #expect(page.body.contains(Self.selected("prefer-not")))
            // A one-off key for this form.
            let key = try #require(page.body.firstMatch(of: /name="submission" value="([0-9A-F-]{36})"/)?.output.1)
            #expect(UUID(uuidString: String(key)) != nil)
            let second = try await Browser(test).get(Self.path(wave))
            #expect(!second.body.contains(String(key)), "each form gets its own key")
        }
    }

    // MARK: Mistakes

    @Test func eachMistakeIsExplainedByItsFieldKeepingWhatWasTypedAndStoresNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let wave = try await Self.openWave(test, f)
            let before = try await Self.responses(test, wave).count
            let belonging = try #require(CommunityLifeSurvey.item("belonging"))
            let cases: [(what: String, form: [String: String], field: String, message: String)] = [
                ("nothing answered", Self.answers(answers: [:]), "q-get_on_well", "Answer at least one question"),
                ("no postcode or ward", Self.answers(ward: ""), "postcode", "Enter your postcode, or choose your ward from the list"),
                ("a malformed postcode", Self.answers(postcode: "WS2 9A", ward: ""), "postcode", "Enter a full postcode, like WS1 1TP"),
                ("a postcode that is not one", Self.answers(postcode: "not a postcode", ward: "E05001314"), "postcode", "Enter a full postcode, like WS1 1TP"),
                ("a postcode not in the directory", Self.answers(postcode: "ws1 9zz", ward: ""), "postcode",
                 "We can't find WS1 9ZZ in the area. Check it, or choose your ward from the list"),
                ("an unknown ward", Self.answers(ward: "E05009999"), "ward", "Choose your ward from the list"),
                ("another council's kind of area", Self.answers(ward: "north"), "ward", "Choose your ward from the list"),
                ("an answer that isn't an option", Self.answers(answers: ["get_on_well": "tend_to_agree", "belonging": "quite_strongly"]),
                 "q-belonging", "Choose one of the answers to “\(belonging.question)”"),
                ("a bad age", Self.answers(age: "12_to_15"), "age", "Choose an age group, or prefer not to say"),
                ("a bad sex", Self.answers(sex: "x"), "sex", "Choose an answer, or prefer not to say"),
                ("a bad ethnic group", Self.answers(ethnic: "asian_martian"), "ethnic-group", "Choose an ethnic group, or prefer not to say"),
            ]
            let visitor = Browser(test)
            for (what, form, field, message) in cases {
                let page = try await visitor.post(Self.path(wave), form: form)
                #expect(page.status == .unprocessableEntity, "\(what): \(page.status)")
                #expect(page.body.contains("<title>Error: "), "\(what)")
                #expect(page.body.contains("There is a problem") && page.body.contains("<a href=\"#\(field)\">\(Self.esc(message))</a>"),
                        "\(what): the summary links to \(field)\n\(page.body.prefix(3000))")
                #expect(page.body.contains("id=\"\(field)-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> \(Self.esc(message))"),
                        "\(what): the message is by the field")
                // What was typed (and is valid) comes back: radios checked, choices selected.
                #expect(page.body.contains("name=\"submission\" value=\"\(form["submission"]!)\""), "\(what): the same one-off key")
                for (name, value) in form where name.hasPrefix("q-") && name != field {
                    #expect(page.body.contains(Self.checked(name, value)), "\(what): \(name) stays checked")
                }
                if field != "age" { #expect(page.body.contains(Self.checked("age", form["age"]!)), "\(what): age") }
                if field != "sex" { #expect(page.body.contains(Self.checked("sex", form["sex"]!)), "\(what): sex") }
                if field != "ethnic-group" { #expect(page.body.contains(Self.selected(form["ethnic-group"]!)), "\(what): ethnic group") }
                if let postcode = form["postcode"] { #expect(page.body.contains("value=\"\(Self.esc(postcode))\""), "\(what): postcode") }
                if let ward = form["ward"], field != "ward" { #expect(page.body.contains(Self.selected(ward)), "\(what): ward") }
                #expect(try await Self.responses(test, wave).count == before, "\(what) stored an answer")
            }
            // Several at once are all listed.
            let many = try await visitor.post(Self.path(wave), form: Self.answers(answers: ["belonging": "nope"], age: "old", sex: "?", ethnic: "?"))
            #expect(many.status == .unprocessableEntity)
            for field in ["q-belonging", "age", "sex", "ethnic-group"] { #expect(many.body.contains("href=\"#\(field)\""), "\(field)") }
            #expect(try await Self.responses(test, wave).count == before)
        }
    }

    @Test func controlCharactersAndHugeValuesAreRefusedNotCrashedOn() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let wave = try await Self.openWave(test, f)
            let before = try await Self.responses(test, wave).count
            let huge = String(repeating: "ü<\"'&", count: 40_000)
            let nasty = "\u{1}\u{7}\u{1B}[31m\u{7F}\u{202E}\r\n"
            let forms: [[String: String]] = [
                Self.answers(postcode: "WS2\u{7} 9AB", ward: ""),
                Self.answers(ward: "E05001314" + nasty),
                Self.answers(ward: huge),
                Self.answers(postcode: huge, ward: ""),
                Self.answers(submission: huge, answers: ["belonging": huge]),
                Self.answers(answers: ["belonging": nasty, "trust": "many\u{0}"], age: nasty, sex: huge, ethnic: nasty),
                Self.answers().merging(["q-" + huge: "x", huge: huge, "q-belonging\u{1}": "very_strongly"]) { a, _ in a },
            ]
            let visitor = Browser(test)
            for (n, form) in forms.enumerated() {
                let page = try await visitor.post(Self.path(wave), form: form)
                #expect(page.status == .unprocessableEntity || page.status == .payloadTooLarge, "form \(n): \(page.status)")
                #expect(!page.body.contains("\u{1B}") && !page.body.contains("\u{7}"), "form \(n): control characters are not echoed")
            }
            #expect(try await Self.responses(test, wave).count == before)
            // Unknown fields alone don't stop a good answer.
            let fine = try await visitor.post(Self.path(wave), form: Self.answers().merging(["q-" + huge: "x", "extra": nasty]) { a, _ in a })
            #expect(fine.status == .seeOther)
            #expect(try await Self.responses(test, wave).count == before + 1)
        }
    }

    // MARK: Answers stored

    @Test func answersAreStoredOnceWithTheWardAndTheEthnicGroupSealed() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let wave = try await Self.openWave(test, f)
            let before = try await Self.responses(test, wave).count
            let visitor = Browser(test)
            let submission = UUID().uuidString
            let sent = try await visitor.post(Self.path(wave), form: Self.answers(
                submission: submission, ward: "E05001320",
                answers: ["get_on_well": "definitely_agree", "belonging": "not_very_strongly", "lonely_direct": "never"],
                age: "65_to_74", sex: "male", ethnic: "black_caribbean"))
            #expect(sent.status == .seeOther && sent.location == "\(Self.path(wave))/thank-you")
            let thanks = try await visitor.get(sent.location!)
            #expect(thanks.status == .ok && thanks.body.contains("Thank you for your answers") && thanks.body.contains(Self.esc(wave.title)))

            let stored = try await Self.responses(test, wave)
            #expect(stored.count == before + 1)
            let row = try #require(stored.first { $0.submissionKey == submission })
            #expect(row.source == .questionnaire && row.councilID == f.walsall.id! && row.sourceID == nil)
            #expect(row.wardCode == "E05001320")
            #expect(row.answers == ["get_on_well": "definitely_agree", "belonging": "not_very_strongly", "lonely_direct": "never"])
            #expect(row.ageBand == "65_to_74" && row.sex == "male")
            let sealed = try #require(row.sealedEthnicGroup)
            #expect(sealed.hasPrefix("v1.dev.") && !sealed.contains("caribbean"))
            #expect(try test.app.fieldCipher.open(sealed, column: SurveyResponse.ethnicGroupColumn.context) == "black_caribbean")
            #expect(abs(row.receivedAt.timeIntervalSince(test.clock.now())) < 0.01)

            // The same form sent again: the thank-you page, and no second answer.
            let again = try await visitor.post(Self.path(wave), form: Self.answers(submission: submission, ward: "E05001320"))
            #expect(again.status == .seeOther && again.location == "\(Self.path(wave))/thank-you")
            #expect(try await Self.responses(test, wave).count == before + 1)
            #expect(try await SurveyResponse.find(row.id, on: test.db)?.answersJSON == row.answersJSON, "the first answers stand")
        }
    }

    @Test func preferNotToSayIsStoredAsNoAnswer() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let wave = try await Self.openWave(test, f)
            let submission = UUID().uuidString
            let sent = try await Browser(test).post(Self.path(wave), form: Self.answers(submission: submission, age: "prefer-not", sex: "prefer-not", ethnic: "prefer-not"))
            #expect(sent.status == .seeOther)
            let row = try #require(try await SurveyResponse.query(on: test.db).filter(\.$submissionKey == submission).first())
            #expect(row.ageBand == nil && row.sex == nil && row.sealedEthnicGroup == nil)
            // Left out altogether, the same.
            let bare = UUID().uuidString
            #expect(try await Browser(test).post(Self.path(wave), form: Self.answers(submission: bare, age: "", sex: "", ethnic: "")).status == .seeOther)
            let other = try #require(try await SurveyResponse.query(on: test.db).filter(\.$submissionKey == bare).first())
            #expect(other.ageBand == nil && other.sex == nil && other.sealedEthnicGroup == nil)
        }
    }

    @Test func aPostcodeFindsTheWardAndIsNotKept() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let wave = try await Self.openWave(test, f)
            // The fixtures' postcode directory is the demo's: one postcode per ward.
            let postcode = try #require(PlacesDemo.demoPostcodes["E05001314"])
            #expect(postcode == "WS2 9AB")
            let visitor = Browser(test)
            var keys: [String] = []
            for (typed, ward) in [("ws29ab", ""), (" ws2 9ab ", "E05001320")] {
                let key = UUID().uuidString
                keys.append(key)
                let sent = try await visitor.post(Self.path(wave), form: Self.answers(submission: key, postcode: typed, ward: ward))
                #expect(sent.status == .seeOther, "\(typed): \(sent.body.prefix(800))")
                let row = try #require(try await SurveyResponse.query(on: test.db).filter(\.$submissionKey == key).first())
                #expect(row.wardCode == "E05001314", "the postcode's ward wins over the list")
            }
            // No column of the stored rows, and no audit entry, holds the postcode.
            let sql = test.db as! any SQLDatabase
            let rows = try await sql.select().column("*").from("survey_responses").where("submission_key", .in, keys).all()
            #expect(rows.count == 2)
            for row in rows {
                for column in row.allColumns {
                    guard let value = (try? row.decode(column: column, as: String?.self)) ?? nil else { continue }
                    let squashed = value.uppercased().replacingOccurrences(of: " ", with: "")
                    #expect(!squashed.contains("WS29AB"), "\(column) holds the postcode: \(value)")
                }
            }
            for event in try await AuditEvent.query(on: test.db).all() {
                #expect(!event.summary.uppercased().replacingOccurrences(of: " ", with: "").contains("WS29AB"))
            }
        }
    }

    @Test func twoSubmitsOfOneFormAtOnceStoreOneAnswer() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let wave = try await Self.openWave(test, f)
            let before = try await Self.responses(test, wave).count
            for round in 0..<3 {
                let submission = UUID().uuidString
                let form = Self.answers(submission: submission)
                let first = Browser(test), second = Browser(test)
                _ = try await first.get("/sign-in")
                _ = try await second.get("/sign-in")
                async let a = first.post(Self.path(wave), form: form)
                async let b = second.post(Self.path(wave), form: form)
                let (pageA, pageB) = try await (a, b)
                #expect(pageA.status == .seeOther && pageB.status == .seeOther, "round \(round): \(pageA.status) \(pageB.status)")
                #expect(pageA.location == "\(Self.path(wave))/thank-you" && pageB.location == pageA.location)
                #expect(try await SurveyResponse.query(on: test.db).filter(\.$submissionKey == submission).count() == 1, "round \(round)")
            }
            #expect(try await Self.responses(test, wave).count == before + 3)
        }
    }

    @Test func manyAnswersFromOneConnectionAreSlowedDown() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let wave = try await Self.openWave(test, f)
            let before = try await Self.responses(test, wave).count
            let visitor = Browser(test)
            for n in 0..<SurveyQuestionnaireController.answersPerHour {
                #expect(try await visitor.post(Self.path(wave), form: Self.answers()).status == .seeOther, "answer \(n + 1)")
            }
            let refused = try await visitor.post(Self.path(wave), form: Self.answers(postcode: "WS2 9AB", ward: ""))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("href=\"#send\"") && refused.body.contains("We have had a lot of answers from this internet connection"))
            #expect(refused.body.contains("value=\"WS2 9AB\""), "what was typed is kept")
            #expect(try await Self.responses(test, wave).count == before + SurveyQuestionnaireController.answersPerHour)
            // An hour later, answers are taken again.
            test.clock.advance(by: 3_601)
            #expect(try await visitor.post(Self.path(wave), form: Self.answers()).status == .seeOther)
        }
    }

    // MARK: Waves not open, other councils

    @Test func aDraftOrClosedWaveTakesNoAnswers() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let closed = try await Self.closedWave(test, f)
            let draft = SurveyWave()
            draft.councilID = try f.walsall.requireID()
            draft.title = "Draft wave"
            draft.startsOn = "2027-03-01"
            draft.endsOn = "2027-05-31"
            draft.itemKeys = ["belonging"]
            draft.weighting = []
            draft.minimumBase = 30
            draft.status = .draft
            draft.introduction = ""
            draft.isSynthetic = false
            try await draft.create(on: test.db)
            let count = try await SurveyResponse.query(on: test.db).count()
            let visitor = Browser(test)
            for wave in [closed, draft] {
                let page = try await visitor.get(Self.path(wave))
                #expect(page.status == .notFound && page.body.contains("This survey is not taking answers"), "\(wave.title)")
                #expect(page.body.contains("href=\"/have-your-say\""))
                #expect(!page.body.contains("name=\"submission\""))
                let sent = try await visitor.post(Self.path(wave), form: Self.answers())
                #expect(sent.status == .notFound && sent.body.contains("This survey is not taking answers"), "\(wave.title)")
            }
            #expect(try await SurveyResponse.query(on: test.db).count() == count)
            // A closed wave still thanks those who answered; a draft has no page at all.
            #expect(try await visitor.get("\(Self.path(closed))/thank-you").status == .ok)
            #expect(try await visitor.get("\(Self.path(draft))/thank-you").status == .notFound)
            // An id that is no wave, or not an id.
            #expect(try await visitor.get("/have-your-say/\(UUID().uuidString)").status == .notFound)
            #expect(try await visitor.get("/have-your-say/not-a-wave").status == .notFound)
        }
    }

    @Test func anotherCouncilsWaveIsNotFoundOnThisCouncilsSite() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let theirs = SurveyWave()
            theirs.councilID = try f.otherton.requireID()
            theirs.title = "Otherton residents' survey"
            theirs.startsOn = "2026-01-01"
            theirs.endsOn = "2026-12-31"
            theirs.itemKeys = ["belonging", "trust"]
            theirs.weighting = []
            theirs.minimumBase = 30
            theirs.status = .open
            theirs.introduction = "Otherton asks."
            theirs.isSynthetic = false
            try await theirs.create(on: test.db)
            let ours = try await Self.openWave(test, f)

            let walsall = Browser(test)
            let page = try await walsall.get(Self.path(theirs))
            #expect(page.status == .notFound && !page.body.contains("Otherton"))
            let sent = try await walsall.post(Self.path(theirs), form: Self.answers())
            #expect(sent.status == .notFound)
            #expect(try await walsall.get("\(Self.path(theirs))/thank-you").status == .notFound)
            #expect(!(try await walsall.get("/have-your-say").body.contains("Otherton")))
            #expect(try await SurveyResponse.query(on: test.db).filter(\.$wave.$id == theirs.requireID()).count() == 0)

            // On its own council's site it is there, and Walsall's is not.
            let otherton = Browser(test, host: "other.test")
            let own = try await otherton.get(Self.path(theirs))
            #expect(own.status == .ok && own.body.contains("Otherton asks."))
            #expect(try await otherton.get(Self.path(ours)).status == .notFound)
            #expect(try await otherton.post(Self.path(ours), form: Self.answers()).status == .notFound)
            // Otherton has no wards: a Walsall ward is refused there.
            let wrongWard = try await otherton.post(Self.path(theirs), form: Self.answers(answers: ["belonging": "very_strongly"]))
            #expect(wrongWard.status == .unprocessableEntity && wrongWard.body.contains("href=\"#ward\""))
        }
    }
}
