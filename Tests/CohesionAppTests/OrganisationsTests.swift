@testable import CohesionApp
import Fluent
import Testing
import Vapor

@Suite struct OrganisationsTests {
    static let valid = ["name": "Pleck Community Kitchen", "type": "charity", "charity_number": "1 012 345",
                        "company_number": "1234567", "locality": "south", "contact_name": "Asha Khan",
                        "contact_email": "Asha@Example.org", "contact_phone": "01922 650000", "website": "https://pleck.example.org",
                        "postcode": "ws2 9hw", "partnership_member": "yes", "notes": "Runs a Friday lunch club."]

    @Test func addingAnOrganisationWithMistakesKeepsInputAndWritesNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let before = try await Organisation.query(on: test.db).count()
            var bad = Self.valid
            bad["charity_number"] = "12AB"
            bad["company_number"] = "XX123"
            bad["contact_email"] = "asha@"
            bad["contact_phone"] = "12"
            bad["website"] = "pleck dot org"
            bad["postcode"] = "NOTAPOSTCODE"
            bad["locality"] = "atlantis"
            bad["name"] = "<script>alert(1)</script>"
            let page = try await officer.post("/organisations/new", form: bad)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("<title>Error: Add an organisation"))
            for message in ["Enter a charity number in the correct format", "Enter a company number in the correct format",
                            "Enter an email address in the correct format", "Enter a UK phone number", "Enter a web address starting with https://",
                            "Enter a real postcode", "Select a locality from the list"] {
                #expect(page.body.contains(message), "missing message: \(message)")
            }
            // The summary links each message to its field.
            #expect(page.body.contains("href=\"#charity_number\""))
            #expect(page.body.contains("id=\"charity_number-error\""))
            // What was typed comes back, escaped.
            #expect(page.body.contains("value=\"12AB\""))
            #expect(page.body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
            #expect(!page.body.contains("<script>alert(1)"))
            #expect(try await Organisation.query(on: test.db).count() == before)
            #expect(try await AuditEvent.query(on: test.db).filter(\.$recordType == "organisation").count() == 0)
            let empty = try await officer.post("/organisations/new", form: [:])
            #expect(empty.body.contains("Enter the organisation&#39;s name") || empty.body.contains("Enter the organisation's name"))
            #expect(empty.body.contains("Select the type of organisation"))
        }
    }

    @Test func addingAndEditingAnOrganisationIsSavedNormalisedAndAudited() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let created = try await officer.post("/organisations/new", form: Self.valid)
            #expect(created.status == .seeOther)
            let org = try #require(try await Organisation.query(on: test.db).filter(\.$name == "Pleck Community Kitchen").first())
            #expect(org.charityNumber == "1012345")
            #expect(org.companyNumber == "01234567")
            #expect(org.contactEmail == "asha@example.org")
            #expect(org.postcode == "WS2 9HW")
            #expect(org.partnershipMember)
            #expect(org.councilID == f.walsall.id)
            #expect(created.location == "/organisations/\(org.id!)")
            let show = try await officer.get(created.location!)
            #expect(show.body.contains("Pleck Community Kitchen has been added"))
            #expect(show.body.contains("WS2 9HW"))
            var edit = Self.valid
            edit["partnership_member"] = nil
            edit["name"] = "Pleck Kitchen"
            let saved = try await officer.post("/organisations/\(org.id!)/edit", form: edit)
            #expect(saved.status == .seeOther)
            let updated = try #require(try await Organisation.find(org.id, on: test.db))
            #expect(updated.name == "Pleck Kitchen")
            #expect(!updated.partnershipMember)
            let events = try await AuditEvent.query(on: test.db).filter(\.$recordType == "organisation").sort(\.$at).all()
            #expect(events.map(\.action) == [.create, .update])
            #expect(events.last?.summary.contains("name: \"Pleck Community Kitchen\" → \"Pleck Kitchen\"") == true)
            #expect(events.last?.summary.contains("partnership_member: \"yes\" → \"no\"") == true)
            #expect(events.allSatisfy { $0.userID == f.user(.officer).id })
        }
    }

    @Test func editingWithAMistakeChangesNothing() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let page = try await officer.post("/organisations/\(f.organisation.id!)/edit", form: ["name": "", "type": "vcs_group", "website": "ftp://x"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Enter a web address"))
            #expect(page.body.contains("value=\"ftp://x\""))
            #expect(try await Organisation.find(f.organisation.id, on: test.db)?.name == f.organisation.name)
        }
    }

    @Test func listingFiltersBySearchTypeLocalityAndPartnership() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            let all = try await officer.get("/organisations")
            #expect(all.body.contains("Showing 1 to 7 of 7"))
            let search = try await officer.get("/organisations?q=WOMEN")
            #expect(search.body.contains("Caldmore Women"))
            #expect(!search.body.contains("Palfrey Faith Forum"))
            let south = try await officer.get("/organisations?locality=south&type=faith_group")
            #expect(south.body.contains("Palfrey Faith Forum"))
            #expect(!south.body.contains("Caldmore Women"))
            let others = try await officer.get("/organisations?partnership_member=no")
            #expect(others.body.contains("Willenhall Youth Sports Club"))
            #expect(!others.body.contains("Caldmore Women"))
            let wildcard = try await officer.get("/organisations?q=%25")
            #expect(wildcard.body.contains("Showing 0 to 0 of 0"), "a % typed in search is literal, not a wildcard")
            let badFilter = try await officer.get("/organisations?type=spaceship&page=abc")
            #expect(badFilter.status == .ok, "a hand-edited bad filter is ignored on the page")
        }
    }

    @Test func unknownOrMalformedIdsAre404() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let officer = Browser(test)
            try await officer.signIn(f.user(.officer).email)
            #expect(try await officer.get("/organisations/\(UUID())").status == .notFound)
            let malformed = try await officer.get("/organisations/not-a-uuid")
            #expect(malformed.status == .notFound)
            #expect(malformed.body.contains("Page not found"))
        }
    }
}
