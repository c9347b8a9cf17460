@testable import CohesionApp
import CohesionCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// After an award: payments that never add up to more than the award (even scheduled at once),
/// marked paid once; the group's monitoring report through its private link, reminders before
/// and after the due date, sign-off, and closing only after it.
@Suite struct GrantAftercareTests {
    static func demoApplication(_ test: TestApp, _ title: String) async throws -> GrantApplication {
        try #require(try await GrantApplication.query(on: test.db).filter(\.$projectTitle == title).first())
    }

    /// Gives an application a private link, as the emails do, and opens it in a new browser.
    static func groupBrowser(_ test: TestApp, for application: GrantApplication) async throws -> Browser {
        let token = Secrets.token()
        application.linkTokenHash = Secrets.hash(token)
        application.linkExpiresAt = test.clock.now().addingTimeInterval(86_400)
        try await application.update(on: test.db)
        let browser = Browser(test)
        #expect(try await browser.get("/grants/continue?token=\(token)").status == .seeOther)
        return browser
    }

    /// The demo's sent application ("Open doors") given an award of £500, and an officer signed in.
    static func awardedWithOfficer(_ test: TestApp) async throws -> (Fixtures, GrantApplication, Browser) {
        let f = try await Fixtures.make(test)
        let application = try await demoApplication(test, "Open doors")
        let sql = try #require(test.db as? any SQLDatabase)
        try await sql.update(GrantApplication.schema).set("state", to: GrantApplicationState.awarded.rawValue).set("awarded_pence", to: 50_000)
            .where("id", .equal, application.requireID()).run()
        let officer = Browser(test)
        _ = try await officer.signIn(f.users[.officer]!.email)
        return (f, application, officer)
    }

    @Test func paymentsNeverExceedTheAwardEvenScheduledAtOnce() async throws {
        try await withTestApp { test in
            let (f, application, officer) = try await Self.awardedWithOfficer(test)
            let path = "/grants/manage/applications/\(application.id!.uuidString)/payments"
            var page = try await officer.post(path, form: ["payment_amount": "12,5", "payment_due": "31/2/2027"])
            #expect(page.status == .unprocessableEntity && page.body.contains("Enter the amount to pay") && page.body.contains("as a real date"))
            // Ten officers' clicks at once, £100 each, on a £500 award: five are scheduled.
            let answers = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<10 { group.addTask { try await officer.post(path, form: ["payment_amount": "100", "payment_due": "1/5/2027"]).status } }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(answers.filter { $0 == .seeOther }.count == 5 && answers.filter { $0 == .unprocessableEntity }.count == 5)
            let payments = try await GrantPayment.query(on: test.db).filter(\.$application.$id == application.id!).all()
            #expect(payments.count == 5 && payments.reduce(0) { $0 + $1.amountPence } == 50_000)
            page = try await officer.post(path, form: ["payment_amount": "1", "payment_due": "1/5/2027"])
            #expect(page.status == .unprocessableEntity && page.body.contains("Only £0 of the £500 award is left to schedule"))
            // Marked paid twice: paid once, at the first time.
            let first = try #require(payments.first)
            #expect(try await officer.post("/grants/manage/payments/\(first.id!.uuidString)/paid").status == .seeOther)
            let paidAt = try #require(try await GrantPayment.find(first.id, on: test.db)?.paidAt)
            test.clock.advance(by: 60)
            #expect(try await officer.post("/grants/manage/payments/\(first.id!.uuidString)/paid").status == .seeOther)
            #expect(try await GrantPayment.find(first.id, on: test.db)?.paidAt == paidAt)
            // The fund's page counts it with the demo's paid awards (£1,500 and £800).
            #expect(try await officer.get("/grants/manage").body.contains("£2,400"))
            // Another council's officer can't pay it.
            let other = Browser(test, host: "other.test")
            _ = try await other.signIn(f.otherUsers[.officer]!.email)
            #expect(try await other.post("/grants/manage/payments/\(first.id!.uuidString)/paid").status == .notFound)
            #expect(try await other.post(path, form: ["payment_amount": "1", "payment_due": "1/5/2027"]).status == .notFound)
        }
    }

    @Test func theGroupReportsTheOfficerSignsOffAndOnlyThenCloses() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let application = try await Self.demoApplication(test, "Cook and share")
            let officer = Browser(test)
            _ = try await officer.signIn(f.users[.officer]!.email)
            let manage = "/grants/manage/applications/\(application.id!.uuidString)"
            var page = try await GrantApplyTests.post(officer, manage, [("action", "close")])
            #expect(page.status == .conflict && page.body.contains("Sign off the group&#39;s monitoring report before closing") || page.body.contains("Sign off the group's monitoring report before closing"))
            page = try await officer.post(manage + "/report")
            #expect(page.status == .conflict && page.body.contains("The group hasn"))

            let group = try await Self.groupBrowser(test, for: application)
            let overview = try await group.get("/grants/application")
            #expect(overview.body.contains("Write your report"))
            page = try await GrantApplyTests.post(group, "/grants/application/report", [("what_happened", "We cooked."), ("people_south", "lots")])
            #expect(page.status == .unprocessableEntity && page.body.contains("Enter a whole number of people") && page.body.contains("Say what changed"))
            #expect(page.body.contains("We cooked."))
            page = try await GrantApplyTests.post(group, "/grants/application/report", [("what_happened", "We cooked."), ("people_south", "")])
            #expect(page.status == .unprocessableEntity && page.body.contains("at least one area"))
            page = try await GrantApplyTests.post(group, "/grants/application/report",
                                                  [("what_happened", "Ten evenings of cooking."), ("people_south", "48"), ("what_changed", "Neighbours swap recipes now.")])
            #expect(page.status == .seeOther)
            let report = try #require(try await GrantMonitoringReport.query(on: test.db).filter(\.$application.$id == application.id!).first())
            #expect(report.submittedAt != nil && report.peopleReached == ["south": 48] && report.whatChanged == "Neighbours swap recipes now.")
            // Sent again (a second click): nothing changes.
            page = try await GrantApplyTests.post(group, "/grants/application/report", [("what_happened", "Changed"), ("people_south", "1"), ("what_changed", "x")])
            #expect(page.status == .seeOther)
            #expect(try await GrantMonitoringReport.find(report.id, on: test.db)?.whatHappened == "Ten evenings of cooking.")

            #expect(try await officer.get(manage).body.contains("Neighbours swap recipes now."))
            #expect(try await officer.post(manage + "/report").status == .seeOther)
            page = try await GrantApplyTests.post(officer, manage, [("action", "close")])
            #expect(page.status == .seeOther)
            #expect(try await GrantApplication.find(application.id, on: test.db)?.state == .closed)
        }
    }

    /// A 1×1 PNG, as a phone would never send but a validator accepts.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                           0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89])

    @Test func photosComeWithConsentAreImagesAndOnlyTheTeamSeesThem() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let application = try await Self.demoApplication(test, "Cook and share")
            let group = try await Self.groupBrowser(test, for: application)
            let report = try #require(try await GrantMonitoringReport.query(on: test.db).filter(\.$application.$id == application.id!).first())
            let photos = { try await GrantReportPhoto.query(on: test.db).filter(\.$report.$id == report.id!) }
            let text = [("what_happened", "Ten evenings."), ("people_south", "48"), ("what_changed", "Friendships.")]
            var page = try await group.postMultipart("/grants/application/report", pairs: text, files: [("photos[]", "kitchen.png", Self.png)])
            #expect(page.status == .unprocessableEntity && page.body.contains("everyone who can be recognised"))
            page = try await group.postMultipart("/grants/application/report", pairs: text + [("photo_consent", "yes")],
                                                 files: [("photos[]", "notes.txt", Data("not a photo".utf8))])
            #expect(page.status == .unprocessableEntity && page.body.contains("notes.txt is not a JPEG or PNG photo"))
            page = try await group.postMultipart("/grants/application/report", pairs: text + [("photo_consent", "yes")],
                                                 files: (1...4).map { ("photos[]", "p\($0).png", Self.png) })
            #expect(page.status == .unprocessableEntity && page.body.contains("Send up to 3 photos"))
            #expect(try await photos().count() == 0)
            #expect(try await GrantMonitoringReport.query(on: test.db).filter(\.$application.$id == application.id!).first()?.submittedAt == nil)
            page = try await group.postMultipart("/grants/application/report", pairs: text + [("photo_consent", "yes")],
                                                 files: [("photos[]", "kitchen.png", Self.png), ("photos[]", "", Data())])
            #expect(page.status == .seeOther, "\(page.status) \(page.body.prefix(600))")
            let photo = try #require(try await photos().first())
            #expect(photo.contentType == "image/png" && photo.bytes == Self.png)
            // The officer sees it from the application's page; no one else can.
            let officer = Browser(test)
            _ = try await officer.signIn(f.users[.officer]!.email)
            #expect(try await officer.get("/grants/manage/applications/\(application.id!.uuidString)").body.contains("/grants/manage/photos/\(photo.id!.uuidString)"))
            let served = try await officer.get("/grants/manage/photos/\(photo.id!.uuidString)")
            #expect(served.status == .ok && served.headers.first(name: "Content-Type") == "image/png" && served.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(try await Browser(test).get("/grants/manage/photos/\(photo.id!.uuidString)").isRedirectToSignIn)
            let other = Browser(test, host: "other.test")
            _ = try await other.signIn(f.otherUsers[.officer]!.email)
            #expect(try await other.get("/grants/manage/photos/\(photo.id!.uuidString)").status == .notFound)
        }
    }

    @Test func remindersGoOnceBeforeAndOnceAfterTheDueDate() async throws {
        try await withTestApp { test in
            _ = try await Fixtures.make(test)
            let application = try await Self.demoApplication(test, "Cook and share")
            let report = try #require(try await GrantMonitoringReport.query(on: test.db).filter(\.$application.$id == application.id!).first())
            let due = try #require(report.due)
            func remind(_ today: CalendarDate) async throws -> Int {
                try await GrantAftercare.remind(on: test.db, mailer: test.mailer, publicURL: "http://127.0.0.1", today: today)
            }
            #expect(try await remind(due.adding(days: -15)) == 0)
            #expect(try await remind(due.adding(days: -14)) == 1)
            #expect(try await remind(due.adding(days: -1)) == 0)
            #expect(try await remind(due.adding(days: 6)) == 0)
            #expect(try await remind(due.adding(days: 7)) == 1)
            #expect(try await remind(due.adding(days: 30)) == 0)
            let mails = await test.mailer.messages
            #expect(mails.count == 2 && mails[0].subject.contains("due on") && mails[1].subject.contains("overdue") && mails[0].to == "grants.example@example.org")
        }
    }

    @Test func startingMonitoringSetsTheDueDateAndSendsANewLink() async throws {
        try await withTestApp { test in
            let (f, application, officer) = try await Self.awardedWithOfficer(test)
            let manage = "/grants/manage/applications/\(application.id!.uuidString)"
            var page = try await GrantApplyTests.post(officer, manage, [("action", "start_monitoring"), ("report_due", "31/2/2027")])
            #expect(page.status == .unprocessableEntity && page.body.contains("as a real date"))
            #expect(try await GrantApplication.find(application.id, on: test.db)?.state == .awarded)
            page = try await GrantApplyTests.post(officer, manage, [("action", "start_monitoring"), ("report_due", "30/4/2027")])
            #expect(page.status == .seeOther)
            #expect(try await GrantMonitoringReport.query(on: test.db).filter(\.$application.$id == application.id!).first()?.dueOn == "2027-04-30")
            let mails = await test.mailer.messages.suffix(2)
            #expect(mails.contains { $0.body.contains("30 April 2027") } && mails.contains { GrantApplyTests.link(in: $0.body) != nil })
        }
    }
}
