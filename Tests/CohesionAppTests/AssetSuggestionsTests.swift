@testable import CohesionApp
import CohesionCore
import Fluent
import Testing
import Vapor

/// Community suggestions through the real HTTP stack: the public form (honeypot, rate limit,
/// double submission, bad input), and the moderation queue (approve in part, reject, who may
/// decide, a second decision). A suggestion never publishes anything by itself.
@Suite struct AssetSuggestionsTests {
    static let newGroup = [
        "name": "Pleck Knit and Natter", "category": "associations", "description": "Knitting group on Tuesday mornings; everyone welcome.",
        "postcode": "ws1 4ab", "opening_times": "Tue 10:00-12:00", "accessibility": "step_free_access", "languages": "English, Urdu",
        "cost": "free", "message": "My neighbour runs it.", "reply_email": "Resident@Example.org",
    ]

    /// Suggestions sent in the test (the demo's examples left out).
    static func sent(_ test: TestApp) async throws -> [AssetSuggestion] {
        try await AssetSuggestion.query(on: test.db).filter(\.$isExample == false).sort(\.$createdAt).all()
    }

    static func asset(_ test: TestApp, _ name: String) async throws -> Asset {
        try #require(try await Asset.query(on: test.db).filter(\.$name == name).first())
    }

    static func audits(_ test: TestApp, _ type: String) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: test.db).filter(\.$recordType == type).sort(\.$at).all()
    }

    /// Posts a form with repeated names (checkboxes), as a browser does, with the CSRF token.
    static func post(_ browser: Browser, _ path: String, _ pairs: [(String, String)]) async throws -> Page {
        if browser.csrfToken == nil { _ = try await browser.get("/sign-in") }
        let body = (pairs + [(CSRF.fieldName, browser.csrfToken ?? "")])
            .map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        return try await browser.send(.POST, path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
    }

    /// The correction form as a browser sends it for `asset`: every current value, with `changes` over them.
    static func correction(_ asset: Asset, _ changes: [String: String], message: String = "") -> [(String, String)] {
        var pairs: [(String, String)] = [("accessibility", "")]
        for (field, value) in AssetSuggestionForm.current(asset) {
            let typed = changes[field.rawValue] ?? value
            if field == .accessibility {
                pairs += typed.split(separator: ",").map { ("accessibility", String($0)) }
            } else {
                pairs.append((field.rawValue, typed))
            }
        }
        return pairs + [("message", message), ("reply_email", "resident@example.org"), ("homepage", "")]
    }

    @Test func aNewSuggestionStaysPrivateAndApprovingItMakesOnlyADraft() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let visitor = Browser(test)
            let form = try await visitor.get("/directory/suggest")
            #expect(form.status == .ok)
            #expect(form.body.contains("What should we know?"))
            #expect(!form.body.contains("value=\"individuals\""), "a person's skills can't be suggested")
            // The honeypot: out of sight and out of the tab order, and labelled for anyone who reaches it.
            #expect(form.body.contains("<input type=\"text\" id=\"homepage\" name=\"homepage\" value=\"\" tabindex=\"-1\" autocomplete=\"off\">"))
            #expect(form.body.contains("Leave this empty"))

            let sent = try await visitor.post("/directory/suggest", form: Self.newGroup)
            #expect(sent.status == .seeOther)
            #expect(sent.location == "/directory")
            #expect(try await visitor.get("/directory").body.contains("check your suggestion before it appears"))
            let suggestion = try #require(try await Self.sent(test).first)
            #expect(suggestion.status == .pending)
            #expect(suggestion.$asset.id == nil)
            #expect(suggestion.proposed["name"] == "Pleck Knit and Natter")
            #expect(suggestion.proposed["postcode"] == "WS1 4AB")
            #expect(suggestion.proposed["address"] == nil, "blank details are not kept")
            #expect(suggestion.message == "My neighbour runs it.")
            #expect(suggestion.submitterEmail == "resident@example.org")
            let created = try await Self.audits(test, "asset_suggestion")
            #expect(created.map(\.action) == [.create])
            #expect(created.first?.userID == nil)
            #expect(created.first?.summary.contains("Pleck Knit and Natter") == true)
            #expect(created.first?.summary.lowercased().contains("resident@example.org") == false, "the sender's address never reaches the log")

            // Nothing public changes.
            #expect(try await Asset.query(on: test.db).filter(\.$name == "Pleck Knit and Natter").count() == 0)
            #expect(!(try await visitor.get("/directory?q=Pleck+Knit").body.contains("Pleck Knit and Natter")))
            #expect(!(try await visitor.get("/api/v1/assets?q=Pleck+Knit").body.contains("Pleck Knit and Natter")))

            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let queue = try await officer.get("/assets/suggestions")
            #expect(queue.body.contains("New: Pleck Knit and Natter"))
            let review = try await officer.get("/assets/suggestions/\(suggestion.id!)")
            #expect(review.status == .ok)
            #expect(review.body.contains("resident@example.org"))
            #expect(review.body.contains("delete it"))
            #expect(review.body.contains("value=\"Pleck Knit and Natter\""))
            #expect(!review.body.contains("There is a problem"), "the suggested values pass the register's checks")

            let approved = try await officer.post("/assets/suggestions/\(suggestion.id!)", form: ["decision": "approve"])
            #expect(approved.status == .seeOther)
            let asset = try await Self.asset(test, "Pleck Knit and Natter")
            #expect(approved.location == "/assets/\(asset.id!)")
            #expect(asset.status == .draft, "a suggestion never publishes anything")
            #expect(asset.category == .associations)
            #expect(asset.$organisation.id == nil)
            #expect(asset.postcode == "WS1 4AB")
            #expect(asset.wardCode == "E05001311", "placed from the postcode, as the register places it")
            #expect(asset.openingTimes.text == "Tue 10:00-12:00")
            #expect(asset.accessibility == [.stepFreeAccess])
            #expect(asset.languages == ["English", "Urdu"])
            #expect(asset.cost == .free)
            #expect(asset.councilID == f.walsall.id)
            let decided = try #require(try await AssetSuggestion.find(suggestion.id, on: test.db))
            #expect(decided.status == .approved)
            #expect(decided.submitterEmail == nil, "the sender's address is deleted once decided")
            #expect(decided.decidedBy == f.user(.officer).id)
            #expect(decided.decidedAt != nil)
            let assetAudit = try await Self.audits(test, "asset")
            #expect(assetAudit.map(\.action) == [.create])
            #expect(assetAudit.first?.userID == f.user(.officer).id)
            let decision = try #require(try await Self.audits(test, "asset_suggestion").first { $0.action == .update })
            #expect(decision.summary.contains("new draft asset"))
            #expect(decision.summary.contains("email address was deleted"))

            // Still nothing public: a draft is the register's, not the directory's.
            #expect(try await visitor.get("/directory/\(asset.id!)").status == .notFound)
            #expect(try await visitor.get("/api/v1/assets/\(asset.id!)").status == .notFound)
            #expect(!(try await visitor.get("/directory?q=Pleck+Knit").body.contains("Pleck Knit and Natter")))
        }
    }

    @Test func aCorrectionApprovedInPartChangesExactlyTheTickedFields() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let asset = try await Self.asset(test, "Blakenall Community Centre (example)")
            let before = asset.auditFields
            let visitor = Browser(test)
            let form = try await visitor.get("/directory/\(asset.id!)/suggest")
            #expect(form.status == .ok)
            #expect(form.body.contains("value=\"Blakenall Community Centre (example)\""), "the form shows what the directory says now")
            #expect(form.body.contains("Mon-Fri 09:00-21:00"))
            let pairs = Self.correction(asset, ["opening_times": "Mon-Fri 09:00-20:00\nSat 09:00-13:00\nclosed bank holidays",
                                                "languages": "English, Punjabi, Urdu", "website": "https://blakenall.example.org",
                                                "postcode": "ws3 1ab"],
                                        message: "The centre closes at 8pm now.")
            let sent = try await Self.post(visitor, "/directory/\(asset.id!)/suggest", pairs)
            #expect(sent.status == .seeOther)
            #expect(sent.location == "/directory/\(asset.id!)")
            let suggestion = try #require(try await Self.sent(test).first)
            #expect(suggestion.$asset.id == asset.id)
            #expect(Set(suggestion.proposed.keys) == ["opening_times", "languages", "website"],
                    "only what differs is kept (the postcode was typed differently but is the same)")

            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let review = try await officer.get("/assets/suggestions/\(suggestion.id!)")
            #expect(review.body.contains("Apply this change"))
            #expect(review.body.contains("https://blakenall.example.org"))
            #expect(review.body.contains("Mon-Fri 09:00-21:00"), "the current value beside the proposed one")
            let path = "/assets/suggestions/\(suggestion.id!)"
            let noReason = try await Self.post(officer, path, [("decision", "approve"), ("apply", "opening_times"), ("apply", "languages"), ("reason", "")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.contains("Say why you are not applying every change"))
            #expect(noReason.body.contains("<title>Error: "))
            #expect(!noReason.body.contains("value=\"website\" checked"), "the unticked box stays unticked")
            #expect(try await Self.asset(test, asset.name).auditFields == before)

            let reason = "The website address doesn't work."
            let saved = try await Self.post(officer, path, [("decision", "approve"), ("apply", "opening_times"), ("apply", "languages"),
                                                            ("apply", "status"), ("reason", reason)])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/assets/suggestions")
            let after = try await Self.asset(test, asset.name)
            #expect(after.openingTimes.text == "Mon-Fri 09:00-20:00; Sat 09:00-13:00; closed bank holidays")
            #expect(after.languages == ["English", "Punjabi", "Urdu"])
            #expect(after.website == nil)
            #expect(after.status == .published)
            let changed = Set(before.keys.filter { before[$0] != after.auditFields[$0] })
            #expect(changed == ["opening_times", "languages"])
            let decided = try #require(try await AssetSuggestion.find(suggestion.id, on: test.db))
            #expect(decided.status == .partlyApproved)
            #expect(decided.decisionReason == reason)
            #expect(decided.submitterEmail == nil)
            let assetChange = try #require(try await Self.audits(test, "asset").last)
            #expect(assetChange.summary.contains("opening_times"))
            #expect(assetChange.summary.contains("languages"))
            #expect(!assetChange.summary.contains("website"))
            let decision = try #require(try await Self.audits(test, "asset_suggestion").first { $0.action == .update })
            #expect(decision.summary.contains("Partly approved"))
            #expect(decision.summary.contains("applied opening_times, languages"))
            #expect(decision.summary.contains("not applied website"))
            #expect(decision.summary.contains(reason))
            // The directory shows the change at once.
            #expect(try await visitor.get("/directory/\(asset.id!)").body.contains("Urdu"))
        }
    }

    @Test func rejectingWithAReasonLeavesTheAssetUnchanged() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let asset = try await Self.asset(test, "Caldmore Community Hub (example)")
            let before = asset.auditFields
            let visitor = Browser(test)
            let sent = try await Self.post(visitor, "/directory/\(asset.id!)/suggest", Self.correction(asset, ["name": "Caldmore Hub"]))
            #expect(sent.status == .seeOther)
            let suggestion = try #require(try await Self.sent(test).first)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let path = "/assets/suggestions/\(suggestion.id!)"
            let noReason = try await officer.post(path, form: ["decision": "reject"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.contains("Say why you are rejecting the suggestion"))
            let nothing = try await officer.post(path, form: [:])
            #expect(nothing.status == .unprocessableEntity)
            #expect(nothing.body.contains("Select approve or reject"))
            let tooLong = try await officer.post(path, form: ["decision": "reject", "reason": String(repeating: "x", count: 501)])
            #expect(tooLong.body.contains("500 characters or fewer"))
            #expect(try await AssetSuggestion.find(suggestion.id, on: test.db)?.status == .pending)

            let rejected = try await officer.post(path, form: ["decision": "reject", "reason": "That is not its name.", "apply": "name"])
            #expect(rejected.status == .seeOther)
            #expect(try await Self.asset(test, asset.name).auditFields == before)
            let decided = try #require(try await AssetSuggestion.find(suggestion.id, on: test.db))
            #expect(decided.status == .rejected)
            #expect(decided.decisionReason == "That is not its name.")
            #expect(decided.submitterEmail == nil)
            #expect(try await Self.audits(test, "asset").isEmpty)
            #expect(try await Self.audits(test, "asset_suggestion").first { $0.action == .update }?.summary.hasPrefix("Rejected") == true)
            let queue = try await officer.get("/assets/suggestions")
            #expect(queue.body.contains("Rejected"))
            let page = try await officer.get(path)
            #expect(page.body.contains("That is not its name."))
            #expect(!page.body.contains("Save decision"), "a decided suggestion has no decision form")
        }
    }

    @Test func theHoneypotLooksLikeSuccessButKeepsNothing() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let person = Browser(test)
            let real = try await person.post("/directory/suggest", form: Self.newGroup)
            var spam = Self.newGroup
            spam["name"] = "Cheap watches"
            spam["homepage"] = "https://spam.example"
            let robot = Browser(test)
            let trapped = try await robot.post("/directory/suggest", form: spam)
            #expect(trapped.status == real.status)
            #expect(trapped.location == real.location)
            #expect(trapped.setCookie(robot.cookieName(.flash)) != nil, "the same thank-you message")
            #expect(try await robot.get("/directory").body.contains("check your suggestion before it appears"))
            let asset = try await Self.asset(test, "Bloxwich Library (example)")
            let correction = try await Self.post(robot, "/directory/\(asset.id!)/suggest",
                                                 Self.correction(asset, ["name": "Spam"]).map { $0.0 == "homepage" ? ($0.0, "x") : $0 })
            #expect(correction.status == .seeOther)
            #expect(correction.location == "/directory/\(asset.id!)")
            let kept = try await Self.sent(test)
            #expect(kept.map { $0.proposed["name"] } == ["Pleck Knit and Natter"])
            #expect(try await Self.audits(test, "asset_suggestion").count == 1)
        }
    }

    @Test func theSixthSuggestionInAnHourIsRefused() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let visitor = Browser(test)
            for number in 1...5 {
                var form = Self.newGroup
                form["name"] = "Group \(number)"
                #expect(try await visitor.post("/directory/suggest", form: form).status == .seeOther)
            }
            var sixth = Self.newGroup
            sixth["name"] = "Group 6"
            let refused = try await visitor.post("/directory/suggest", form: sixth)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("You have sent a lot of suggestions"))
            #expect(refused.body.contains("value=\"Group 6\""), "what was typed comes back")
            #expect(try await Self.sent(test).count == 5)
            // An hour later it is taken.
            test.clock.advance(by: 3600)
            #expect(try await visitor.post("/directory/suggest", form: sixth).status == .seeOther)
            #expect(try await Self.sent(test).count == 6)
        }
    }

    @Test func aDoubleSubmissionIsKeptOnce() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let visitor = Browser(test)
            let first = try await visitor.post("/directory/suggest", form: Self.newGroup)
            let second = try await visitor.post("/directory/suggest", form: Self.newGroup)
            #expect(first.status == .seeOther)
            #expect(second.status == .seeOther)
            #expect(second.setCookie(visitor.cookieName(.flash)) != nil, "the person is thanked again")
            #expect(try await Self.sent(test).count == 1)
            // Two at once (a double click) are kept once too.
            var chess = Self.newGroup
            chess["name"] = "Pleck Chess Club"
            let other = chess
            let clickers = [Browser(test), Browser(test)]
            for clicker in clickers { _ = try await clicker.get("/sign-in") }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for clicker in clickers { group.addTask { try await clicker.post("/directory/suggest", form: other).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses == [.seeOther, .seeOther])
            #expect(try await Self.sent(test).count == 2)
        }
    }

    @Test func badInputGetsClearMessagesAndKeepsNothing() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let visitor = Browser(test)
            var bad = Self.newGroup
            bad["name"] = "Knit\u{7}Club"
            bad["category"] = "individuals"
            bad["postcode"] = "NOT A POSTCODE"
            bad["description"] = String(repeating: "a", count: 5_001)
            bad["website"] = "pleck dot org"
            bad["opening_times"] = "Tuesdays in the morning"
            bad["reply_email"] = "me@"
            bad["message"] = String(repeating: "m", count: 1_001)
            let page = try await visitor.post("/directory/suggest", form: bad)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("<title>Error: Suggest a group, place or service"))
            for message in ["There is a hidden character in the name", "Select what kind of thing it is", "Enter a real postcode",
                            "Description must be 5,000 characters or fewer", "Enter a web address starting with https://",
                            "Opening times:", "Enter your email address in the correct format", "1,000 characters or fewer"] {
                #expect(page.body.contains(message), "missing message: \(message)")
            }
            #expect(page.body.contains("href=\"#postcode\""))
            #expect(page.body.contains("id=\"postcode-error\""))
            #expect(page.body.contains("value=\"pleck dot org\""), "what was typed comes back")
            let summary = try #require(page.body.range(of: "govuk-error-summary__list"))
            let tail = page.body[summary.lowerBound...]
            let order = ["#name", "#category", "#description", "#postcode", "#website", "#opening_times", "#message", "#reply_email"]
                .compactMap { tail.range(of: "href=\"\($0)\"")?.lowerBound }
            #expect(order == order.sorted() && order.count == 8, "the summary follows the form's order")

            var outside = Self.newGroup
            outside["postcode"] = "WS1 9ZZ"
            let notHere = try await visitor.post("/directory/suggest", form: outside)
            #expect(notHere.status == .unprocessableEntity)
            #expect(notHere.body.contains("We can") && notHere.body.contains("find WS1 9ZZ"))
            let empty = try await visitor.post("/directory/suggest", form: [:])
            #expect(empty.body.contains("Enter the name of the group, place or service"))

            // Corrections: only to published assets the public can see; and something must change.
            let published = try await Self.asset(test, "Bloxwich Library (example)")
            let unchanged = try await Self.post(visitor, "/directory/\(published.id!)/suggest", Self.correction(published, [:]))
            #expect(unchanged.status == .unprocessableEntity)
            #expect(unchanged.body.contains("Change at least one detail, or tell us what"))
            let tampered = try await Self.post(visitor, "/directory/\(published.id!)/suggest",
                                               Self.correction(published, ["contact_phone": "12", "name": "Library\u{202E}"]))
            #expect(tampered.body.contains("Enter a UK phone number"))
            #expect(tampered.body.contains("There is a hidden character in the name"))
            for name in ["Brownhills Men's Shed (example)", "Old Pleck Youth Club (example)", "Amira K. (example)"] {
                let hidden = try await Self.asset(test, name)
                #expect(try await visitor.get("/directory/\(hidden.id!)/suggest").status == .notFound, "\(name)")
                #expect(try await Self.post(visitor, "/directory/\(hidden.id!)/suggest", Self.correction(hidden, ["name": "X"])).status == .notFound)
            }
            #expect(try await visitor.get("/directory/\(UUID())/suggest").status == .notFound)
            #expect(try await visitor.post("/directory/\(UUID())/suggest", form: Self.newGroup).status == .notFound)
            #expect(try await visitor.post("/directory/not-an-id/suggest", form: Self.newGroup).status == .notFound)
            #expect(try await Self.sent(test).isEmpty)
            #expect(try await Self.audits(test, "asset_suggestion").isEmpty)
        }
    }

    @Test func aLeadDecidesOnlyCorrectionsInTheirLocality() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let visitor = Browser(test)
            let south = try await Self.asset(test, "Caldmore Community Hub (example)")
            let north = try await Self.asset(test, "Blakenall Community Centre (example)")
            #expect(north.$locality.id == f.northLocality.id && south.$locality.id != f.northLocality.id)
            _ = try await Self.post(visitor, "/directory/\(south.id!)/suggest", Self.correction(south, ["languages": "English"]))
            _ = try await Self.post(visitor, "/directory/\(north.id!)/suggest", Self.correction(north, ["languages": "English"]))
            _ = try await visitor.post("/directory/suggest", form: Self.newGroup)
            let sent = try await Self.sent(test)
            #expect(sent.count == 3)
            let southSuggestion = try #require(sent.first { $0.$asset.id == south.id })
            let northSuggestion = try #require(sent.first { $0.$asset.id == north.id })
            let newSuggestion = try #require(sent.first { $0.$asset.id == nil })

            let lead = Browser(test)
            try await lead.signIn(f.user(.localityLead).email)
            let queue = try await lead.get("/assets/suggestions")
            #expect(queue.status == .ok)
            #expect(queue.body.contains(south.name) && queue.body.contains(north.name) && queue.body.contains("New: Pleck Knit and Natter"))
            for (suggestion, note) in [(southSuggestion, "Only the lead for this asset"), (newSuggestion, "Only the cohesion team")] {
                let page = try await lead.get("/assets/suggestions/\(suggestion.id!)")
                #expect(page.status == .ok, "a lead may see any suggestion")
                #expect(page.body.contains(note))
                #expect(!page.body.contains("Save decision"))
                let refused = try await lead.post("/assets/suggestions/\(suggestion.id!)", form: ["decision": "approve", "apply": "languages"])
                #expect(refused.status == .forbidden)
                #expect(try await AssetSuggestion.find(suggestion.id, on: test.db)?.status == .pending)
            }
            #expect(try await Self.asset(test, south.name).languages == south.languages)
            #expect(try await Asset.query(on: test.db).filter(\.$name == "Pleck Knit and Natter").count() == 0)
            // Their own locality's correction they decide.
            #expect(try await lead.get("/assets/suggestions/\(northSuggestion.id!)").body.contains("Save decision"))
            let decided = try await lead.post("/assets/suggestions/\(northSuggestion.id!)", form: ["decision": "approve", "apply": "languages"])
            #expect(decided.status == .seeOther)
            #expect(try await Self.asset(test, north.name).languages == ["English"])
            #expect(try await AssetSuggestion.find(northSuggestion.id, on: test.db)?.status == .approved)
        }
    }

    @Test func aSecondDecisionIsRefusedAndChangesNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let visitor = Browser(test)
            let asset = try await Self.asset(test, "Bloxwich Library (example)")
            _ = try await Self.post(visitor, "/directory/\(asset.id!)/suggest", Self.correction(asset, ["cost": "donation"]))
            let suggestion = try #require(try await Self.sent(test).first)
            let path = "/assets/suggestions/\(suggestion.id!)"
            let officer = Browser(test), admin = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            try await admin.signIn(f.user(.admin).email)
            #expect(try await officer.post(path, form: ["decision": "reject", "reason": "It is free."]).status == .seeOther)
            let again = try await admin.post(path, form: ["decision": "approve", "apply": "cost"])
            #expect(again.status == .conflict)
            #expect(again.body.contains("already been decided"))
            let after = try #require(try await AssetSuggestion.find(suggestion.id, on: test.db))
            #expect(after.status == .rejected && after.decisionReason == "It is free." && after.decidedBy == f.user(.officer).id)
            #expect(try await Self.asset(test, asset.name).cost == .free)
            #expect(try await Self.audits(test, "asset_suggestion").filter { $0.action == .update }.count == 1)

            // Two moderators at once: one decides, the other is told.
            _ = try await Self.post(visitor, "/directory/\(asset.id!)/suggest", Self.correction(asset, ["cost": "fee"]))
            let second = try #require(try await Self.sent(test).first { $0.proposed["cost"] == "fee" })
            let secondPath = "/assets/suggestions/\(second.id!)"
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                group.addTask { try await officer.post(secondPath, form: ["decision": "approve", "apply": "cost"]).status }
                group.addTask { try await admin.post(secondPath, form: ["decision": "reject", "reason": "No."]).status }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.seeOther, .conflict])
            #expect(try await Self.audits(test, "asset_suggestion").filter { $0.action == .update }.count == 2)
        }
    }

    @Test func aModeratorFixesANewSuggestionThatFailsTheRegistersChecks() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let suggestion = AssetSuggestion()
            suggestion.councilID = try f.walsall.requireID()
            suggestion.proposed = ["name": "Darlaston Walking Group", "category": "associations", "postcode": "WS10 9ZZ"]
            suggestion.status = .pending
            suggestion.isExample = false
            try await suggestion.create(on: test.db)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let path = "/assets/suggestions/\(suggestion.id!)"
            let review = try await officer.get(path)
            #expect(review.status == .ok)
            #expect(review.body.contains("WS10 9ZZ is not in"), "the register's own message, before deciding")
            let refused = try await officer.post(path, form: ["decision": "approve", "name": "Darlaston Walking Group", "category": "associations",
                                                             "postcode": "WS10 9ZZ"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await Asset.query(on: test.db).filter(\.$name == "Darlaston Walking Group").count() == 0)
            let published = try await officer.post(path, form: ["decision": "approve", "name": "Darlaston Walking Group", "category": "associations",
                                                               "postcode": "WS10 8AB", "status": "published"])
            #expect(published.status == .seeOther)
            let asset = try await Self.asset(test, "Darlaston Walking Group")
            #expect(asset.status == .draft, "a status sent with the decision is ignored")
            #expect(asset.wardCode == "E05001309")
            #expect(try await AssetSuggestion.find(suggestion.id, on: test.db)?.status == .approved)
        }
    }
}
