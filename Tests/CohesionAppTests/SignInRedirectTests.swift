@testable import CohesionApp
import Testing
import Vapor

/// The page to return to after signing in (`next=`) can only be a page of this site: browsers
/// drop tabs and newlines from addresses and read `\` as `/`, so each of these would otherwise
/// lead to another site.
@Suite struct SignInRedirectTests {
    static let hostile = [
        "/%09/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/ /evil.example",
        "/\\evil.example", "/\\/evil.example", "//evil.example", "///evil.example", "https://evil.example",
        "http:evil.example", "javascript:alert(1)", "evil.example", "", "/%2F/evil.example/%252F",
        "/%5Cevil.example", "/\u{0}/evil.example", "/\u{2028}/evil.example", "/\u{00A0}/evil.example",
    ]

    @Test(arguments: hostile)
    func foreignOrMalformedAddressesAreRefused(_ raw: String) {
        #expect(SitePath.local(raw) == nil, "accepted \(raw.debugDescription)")
    }

    @Test func localAddressesKeepTheirPathAndQuery() {
        #expect(SitePath.local("/organisations")?.description == "/organisations")
        #expect(SitePath.local("/organisations?q=ESOL&type=cic")?.description == "/organisations?q=ESOL&type=cic")
        #expect(SitePath.local("/areas/E05001314")?.description == "/areas/E05001314")
        #expect(SitePath.local("/maps?measure=TS030%3A6")?.description == "/maps?measure=TS030%3A6")
    }

    /// Through the real sign-in: a hostile `next` sends the person to their dashboard, on the
    /// link (the hidden field) and after the form; a local one is kept.
    @Test func signInFollowsOnlyLocalAddresses() async throws {
        try await withTestApp(adjust: { $0.signInAttemptsPerAddress = 100_000 }) { test in
            let f = try await Fixtures.make(test)
            for raw in ["/%09/evil.example", "/\\evil.example", "//evil.example", "https://evil.example/x"] {
                let browser = Browser(test)
                let form = try await browser.get("/sign-in?next=" + Browser.encode(raw))
                #expect(!form.body.contains("evil.example"), "the sign-in form carried \(raw)")
                let page = try await browser.post("/sign-in", form: ["email": f.user(.officer).email, "password": Fixtures.password, "next": raw])
                #expect(page.status == .seeOther)
                #expect(page.location == "/dashboard", "\(raw) → \(page.location ?? "nil")")
            }
            let browser = Browser(test)
            let page = try await browser.post("/sign-in", form: ["email": f.user(.officer).email, "password": Fixtures.password,
                                                                  "next": "/organisations?q=ESOL"])
            #expect(page.location == "/organisations?q=ESOL")
            // A page that needs sign-in sends people back to it afterwards.
            let visitor = Browser(test)
            let refused = try await visitor.get("/organisations?q=ESOL")
            #expect(refused.location == "/sign-in?next=" + SitePath.encode("/organisations?q=ESOL"))
        }
    }
}
