@testable import CohesionApp
import Fluent
import Testing
import Vapor

/// Field-level rules on editing an organisation (`OrganisationPolicy.editableFields`): a partner
/// keeps their own organisation's contact details up to date, and nothing else; the cohesion
/// team edits every field.
@Suite struct OrganisationFieldRulesTests {
    static let contactFields = ["contact_name", "contact_email", "contact_phone", "website", "postcode"]
    static let lockedFields = ["name", "type", "charity_number", "company_number", "locality", "partnership_member", "notes"]

    /// New contact details, as the partner's form sends them.
    static let newContacts = ["contact_name": "Bea Bloxwich", "contact_email": "Bea@Bloxwich.example.org",
                              "contact_phone": "01922 650000", "website": "https://bloxwich.example.org", "postcode": "ws3 2aa"]

    /// Which of the organisation form's fields the page has a control for.
    static func controls(_ page: Page) -> Set<String> {
        Set((contactFields + lockedFields).filter { page.body.contains("name=\"\($0)\"") })
    }

    /// The partner's organisation (Bloxwich Community Partnership, North, in the partnership)
    /// as the audit log sees it, for "nothing changed" checks.
    static func record(_ f: Fixtures, _ test: TestApp) async throws -> [String: String] {
        try #require(try await Organisation.find(f.organisation.id, on: test.db)).auditFields
    }

    /// The fields an audit entry's summary says changed: `name: "A" → "B"; notes: …` gives name, notes.
    static func changedFields(_ event: AuditEvent) -> Set<String> {
        Set(event.summary.components(separatedBy: "; ").compactMap { $0.components(separatedBy: ": ").first })
    }

    static func organisationAuditCount(_ test: TestApp) async throws -> Int {
        try await AuditEvent.query(on: test.db).filter(\.$recordType == AuditRecordType.organisation.key).count()
    }

    static func signedIn(_ role: Role, _ f: Fixtures, _ test: TestApp) async throws -> Browser {
        let browser = Browser(test)
        try await browser.signIn(f.user(role).email)
        return browser
    }

    @Test func partnersFormHasOnlyTheContactDetailsWithTheRestReadOnly() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let partner = try await Self.signedIn(.partner, f, test)
            let page = try await partner.get("/organisations/\(f.organisation.id!)/edit")
            #expect(page.status == .ok)
            #expect(Self.controls(page) == Set(Self.contactFields))
            let explained = page.body.contains("You can change the contact details. To change anything else, ask the cohesion team.")
            #expect(explained)
            // Every field the partner can't change is shown, so they know what to ask the team about.
            let readOnly = [("Name", f.organisation.name), ("Type", "Voluntary or community group"), ("Charity number", "Not given"),
                            ("Company number", "Not given"), ("Locality", "North Walsall"), ("Partnership member", "Yes"),
                            ("Notes", "Example record for the demonstration.")]
            let notShown = readOnly.filter { key, value in
                !page.body.contains("<dt class=\"govuk-summary-list__key\">\(key)</dt><dd class=\"govuk-summary-list__value\">\(value)</dd>")
            }.map(\.0)
            #expect(notShown.isEmpty, "the partner's form doesn't show these read-only")
            // The cohesion team's form of the same organisation has every field, nothing read-only.
            let officer = try await Self.signedIn(.officer, f, test)
            let full = try await officer.get("/organisations/\(f.organisation.id!)/edit")
            #expect(Self.controls(full) == Set(Self.contactFields + Self.lockedFields))
            let fullExplains = full.body.contains("ask the cohesion team")
            #expect(!fullExplains)
        }
    }

    @Test func partnerSavesContactDetailsAndTheChangeIsAudited() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let before = try await Self.record(f, test)
            let partner = try await Self.signedIn(.partner, f, test)
            // Exactly what the partner's form sends: the contact fields, no checkbox.
            let saved = try await partner.post("/organisations/\(f.organisation.id!)/edit", form: Self.newContacts)
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/organisations/\(f.organisation.id!)")
            let after = try await Self.record(f, test)
            #expect(after["contact_name"] == "Bea Bloxwich")
            #expect(after["contact_email"] == "bea@bloxwich.example.org")
            #expect(after["contact_phone"] == "01922 650000")
            #expect(after["website"] == "https://bloxwich.example.org")
            #expect(after["postcode"] == "WS3 2AA")
            for field in Self.lockedFields { #expect(after[field] == before[field], "\(field) changed") }
            #expect(after["partnership_member"] == "yes", "a checkbox the partner's form doesn't have is not cleared")

            let event = try #require(try await AuditEvent.query(on: test.db).filter(\.$recordType == "organisation").first())
            #expect(event.action == .update)
            #expect(event.userID == f.user(.partner).id)
            #expect(event.recordID == f.organisation.id?.uuidString)
            #expect(event.summary.contains("contact_email: \"hello@example.org\" → \"bea@bloxwich.example.org\""))
            #expect(event.summary.contains("postcode: (blank) → \"WS3 2AA\""))
            #expect(Self.changedFields(event) == Set(Self.contactFields))
            let confirmed = try await partner.get(saved.location!).body.contains("Your changes have been saved")
            #expect(confirmed)
        }
    }

    @Test func partnersMistakeShowsTheirFormAgainAndSavesNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let before = try await Self.record(f, test)
            let partner = try await Self.signedIn(.partner, f, test)
            var form = Self.newContacts
            form["contact_email"] = "bea@"
            let page = try await partner.post("/organisations/\(f.organisation.id!)/edit", form: form)
            #expect(page.status == .unprocessableEntity)
            let explained = page.body.contains("Enter an email address in the correct format")
            let kept = page.body.contains("value=\"bea@\"")
            #expect(explained)
            #expect(kept, "what was typed comes back")
            #expect(Self.controls(page) == Set(Self.contactFields), "after a mistake, still only the contact details")
            #expect(try await Self.record(f, test) == before)
            #expect(try await Self.organisationAuditCount(test) == 0)
        }
    }

    /// A hand-made request changing any field the partner's form doesn't have is refused as a
    /// whole: the contact details sent with it aren't saved either.
    @Test(arguments: [
        ("type", "faith_group"), ("partnership_member", ""), ("partnership_member", "no"), ("locality", "south"),
        ("locality", ""), ("name", "Taken Over"), ("charity_number", "1100001"), ("company_number", "12345678"),
        ("notes", "Rewritten by the partner"),
    ])
    func partnerChangingAFieldTheyDontHaveIsRefusedAndChangesNothing(field: String, value: String) async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let before = try await Self.record(f, test)
            let partner = try await Self.signedIn(.partner, f, test)
            var form = Self.newContacts
            form[field] = value
            let page = try await partner.post("/organisations/\(f.organisation.id!)/edit", form: form)
            #expect(page.status == .forbidden)
            let named = page.body.contains("not its \(field.replacingOccurrences(of: "_", with: " "))")
            #expect(named, "the refusal names \(field)")
            #expect(try await Self.record(f, test) == before)
            #expect(try await Self.organisationAuditCount(test) == 0)
        }
    }

    @Test func partnerSendingTheCurrentValuesUnchangedIsAccepted() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let before = try await Self.record(f, test)
            let partner = try await Self.signedIn(.partner, f, test)
            // Every field, as a full form would carry them, with only the contact details changed.
            let current = ["name": "  " + f.organisation.name + " ", "type": "vcs_group", "charity_number": "", "company_number": "",
                           "locality": "north", "partnership_member": "yes", "notes": "Example record for the demonstration."]
            let page = try await partner.post("/organisations/\(f.organisation.id!)/edit", form: current.merging(Self.newContacts) { a, _ in a })
            #expect(page.status == .seeOther)
            let after = try await Self.record(f, test)
            #expect(after["contact_name"] == "Bea Bloxwich")
            for field in Self.lockedFields { #expect(after[field] == before[field], "\(field) changed") }
        }
    }

    @Test func officerStillEditsEveryField() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = try await Self.signedIn(.officer, f, test)
            let everything = ["name": "Bloxwich Community Trust", "type": "charity", "charity_number": "1 012 345",
                              "company_number": "1234567", "locality": "south", "notes": "Now a registered charity."]
                .merging(Self.newContacts) { a, _ in a }
            // The checkbox left out: the officer's form has it, so leaving it out unticks it.
            let page = try await officer.post("/organisations/\(f.organisation.id!)/edit", form: everything)
            #expect(page.status == .seeOther)
            let south = try #require(try await Area.query(on: test.db).filter(\.$councilID == f.walsall.id!).filter(\.$code == "south").first())
            let org = try #require(try await Organisation.find(f.organisation.id, on: test.db))
            #expect(org.name == "Bloxwich Community Trust")
            #expect(org.type == .charity)
            #expect(org.charityNumber == "1012345")
            #expect(org.companyNumber == "01234567")
            #expect(org.$locality.id == south.id)
            #expect(!org.partnershipMember)
            #expect(org.notes == "Now a registered charity.")
            #expect(org.contactName == "Bea Bloxwich")
            #expect(org.postcode == "WS3 2AA")
            let event = try #require(try await AuditEvent.query(on: test.db).filter(\.$recordType == "organisation").first())
            #expect(Self.changedFields(event) == Set(Self.contactFields + Self.lockedFields))
            #expect(event.userID == f.user(.officer).id)
        }
    }
}
