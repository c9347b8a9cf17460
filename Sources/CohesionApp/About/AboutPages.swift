import Foundation

// The public pages every council site must have. Written for a resident who may read English as
// a second language: short sentences, common words, GOV.UK style.

/// The accessibility statement, in the structure of the GOV.UK model statement for a public
/// sector website.
struct AccessibilityPage: Page {
    /// When the statement was written and last reviewed: fixed in the code and changed with it,
    /// never the date the page is shown.
    static let prepared = StatementDate(iso: "2026-12-02", text: "2 December 2026")
    static let lastReviewed = StatementDate(iso: "2026-12-02", text: "2 December 2026")

    struct StatementDate: Sendable { let iso: String; let text: String }

    let councilName: String
    let contactEmail: String?
    /// How long a signed-in session lasts without use ("8 hours").
    let sessionIdleLimit: String

    var title: String { "Accessibility statement" }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading("Accessibility statement for Community cohesion")
            Paragraph("This statement is about the \(councilName) Community cohesion website. It does not cover the council’s main website.")

            H2(.class("govuk-heading-m")) { "Who runs this website" }
            Paragraph("\(councilName) runs this service. We want as many people as possible to be able to use it. For example, you should be able to:")
            BulletList([
                "change colours, contrast levels and fonts using your browser or device settings",
                "zoom in up to 400% without the text spilling off the screen",
                "use the whole website with only a keyboard",
                "use the website with speech recognition software",
                "listen to most of the website using a screen reader",
            ])
            Paragraph("We have also made the text as simple as possible to understand.")
            Paragraph {
                ExternalLink("AbilityNet", to: "https://mcmw.abilitynet.org.uk/")
                " has advice on making your device easier to use if you have a disability."
            }

            H2(.class("govuk-heading-m")) { "How accessible this website is" }
            Paragraph("We know some parts of this website are not fully accessible:")
            BulletList([
                "The maps show figures as shades of colour. You can move to each area of a map with the Tab key, but a screen reader may not read the area’s name and figure. The same figures are always in a table below the map.",
                "Some tables are wide. On a small screen, you may need to scroll sideways to see all of a table.",
                "If you sign in and then do not use the website for \(sessionIdleLimit), you are signed out without a warning. Anything you typed but did not save is lost.",
                "The ‘API description’ link in the footer opens a technical file for software developers. It is not a web page.",
            ])

            H2(.class("govuk-heading-m")) { "What to do if you cannot use parts of this website" }
            Paragraph("If you need information from this website in a different format, like large print, easy read, audio or braille, contact us. Tell us the web address of the page and the format you need.")
            ContactRoute(councilName: councilName, email: contactEmail)

            H2(.class("govuk-heading-m")) { "Reporting accessibility problems with this website" }
            Paragraph("We are always looking to improve the accessibility of this website. If you find a problem that is not listed on this page, or you think we are not meeting accessibility requirements, contact us.")
            ContactRoute(councilName: councilName, email: contactEmail)

            H2(.class("govuk-heading-m")) { "Enforcement procedure" }
            Paragraph("The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the ‘accessibility regulations’).")
            Paragraph {
                "If you are not happy with how we respond to your complaint, contact the "
                ExternalLink("Equality Advisory and Support Service (EASS)", to: "https://www.equalityadvisoryservice.com/")
                "."
            }
            Paragraph {
                "If you are in Northern Ireland and you are not happy with how we respond to your complaint, contact the "
                ExternalLink("Equality Commission for Northern Ireland (ECNI)", to: "https://www.equalityni.org/Home")
                ". The ECNI is responsible for enforcing the accessibility regulations in Northern Ireland."
            }

            H2(.class("govuk-heading-m")) { "Technical information about this website’s accessibility" }
            Paragraph("\(councilName) is committed to making its website accessible, in line with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.")

            H3(.class("govuk-heading-s")) { "Compliance status" }
            Paragraph("This website aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2, level AA.")
            Paragraph("It is partially compliant with WCAG 2.2 AA. This is because of the problems listed below, and because it has not yet had a full accessibility audit. We test it automatically. We have not yet tested it with disabled people.")

            H3(.class("govuk-heading-s")) { "Non-accessible content" }
            Paragraph("The content listed below is not fully accessible, for these reasons.")
            BulletList([
                "A screen reader may not read the name and figure of a map area when it has keyboard focus. This may fail WCAG 2.2 success criterion 4.1.2 (Name, Role, Value). Every figure on a map is also in the table below it.",
                "Signed-in staff are signed out after \(sessionIdleLimit) without use, with no warning and no way to ask for more time. This may fail WCAG 2.2 success criterion 2.2.1 (Timing Adjustable).",
            ])

            H2(.class("govuk-heading-m")) { "How we test this website" }
            Paragraph("We test the website automatically every time its software changes:")
            BulletList([
                "Every page our tests visit is opened in a real web browser (headless Chromium) 1280 pixels wide and checked with axe-core 4.12, against the WCAG 2.0, 2.1 and 2.2 rules for levels A and AA. The main pages are checked again 375 pixels wide, the width of a phone.",
                "The HTML of every page our tests visit is checked with the Nu HTML Checker.",
                "We go through the main tasks using only a keyboard, and check that you can always see where you are on the page.",
                "We check that the pages with maps and figures do not need scrolling sideways on a screen 375 pixels wide.",
                "The website works without JavaScript. Our other automated tests use its pages and forms without it.",
            ])
            Paragraph("Automated tests find only some problems. A full audit by accessibility specialists, and testing with disabled people, are still to be done. We will update this statement when they are.")

            H2(.class("govuk-heading-m")) { "Preparation of this accessibility statement" }
            Paragraph {
                "This statement was prepared on "
                Time(.datetime(Self.prepared.iso)) { Text(Self.prepared.text) }
                ". It was last reviewed on "
                Time(.datetime(Self.lastReviewed.iso)) { Text(Self.lastReviewed.text) }
                "."
            }
        }
    }
}

/// The privacy notice: what the service holds about people today (docs/privacy.md), why, for
/// how long, and people's rights.
struct PrivacyPage: Page {
    let councilName: String
    let contactEmail: String?
    let sessionIdleLimit: String

    var title: String { "Privacy notice" }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading("Privacy notice")
            Paragraph("This notice explains what information this website keeps about people, why we keep it, and what your rights are.")
            Paragraph("It is only about the Community cohesion website. The council’s own privacy notice says more about how the council uses personal information, and how to contact its data protection officer.")

            H2(.class("govuk-heading-m")) { "Who is responsible for your information" }
            Paragraph("\(councilName) is the data controller for the personal information this website holds. This means the council decides how the information is used, and must keep it safe.")

            H2(.class("govuk-heading-m")) { "If you only read this website" }
            Paragraph("You do not need an account to read the public pages. We do not ask for your name, and this website does not keep a record of your visit or your IP address.")
            Paragraph("The council’s web servers may keep their own records of visits, such as IP addresses, to keep the website secure. The council’s own privacy notice explains these.")
            Paragraph {
                "The website sets only the cookies it needs to work. "
                TextLink("Read about cookies", to: About.Routes.cookies.path)
                "."
            }

            H2(.class("govuk-heading-m")) { "What we hold about staff and partners who sign in" }
            Paragraph("Council staff and partner organisations sign in to the website. For each account we hold:")
            BulletList([
                "name and email address",
                "role, and the area or organisation the person works for",
                "a scrambled form of the password (a ‘hash’), never the password itself",
                "whether the account is active, when the person last signed in, and how many wrong passwords were typed in a row",
            ])
            Paragraph("When you sign in, we keep a record that you are signed in. It holds a scrambled copy of a random code, and when you signed in and last used the website. It does not hold your IP address or details of your browser.")
            Paragraph("Emails to reset a password or to invite a new user contain the person’s name, email address and a link.")

            H2(.class("govuk-heading-m")) { "What we hold about organisations" }
            Paragraph("The website holds details of partner, voluntary and community organisations. These can include a contact person’s name, email address and phone number.")

            H2(.class("govuk-heading-m")) { "Records that keep the website safe" }
            BulletList([
                "Audit log: a record of every change made on the website, and of every sign-in and failed sign-in. It shows who did it, what changed (old and new values, which can include names and contact details), when, and from which IP address.",
                "Sign-in limits: to stop people guessing passwords, we count sign-in attempts and password reset requests from each IP address.",
            ])

            H2(.class("govuk-heading-m")) { "Why we use it, and our lawful basis" }
            Paragraph("We use this information to run the council’s community cohesion service: so that staff and partners can sign in and do their work, so that we can keep in touch with organisations, and to keep the website secure.")
            Paragraph("The law allows this because it is needed for a task the council carries out in the public interest. The legal term is ‘public task’ (UK GDPR Article 6(1)(e)).")
            Paragraph("This website does not yet ask anyone about their ethnicity, religion, health, disability, sexual orientation or gender identity. These are called ‘special category’ information. If the service asks about them later, for example in a survey, answering will be your choice. We will say why we ask. We will use the answers only with your explicit consent, or where the law allows it for reasons of substantial public interest, such as checking that people are treated equally. We will publish only totals, never details about one person.")

            H2(.class("govuk-heading-m")) { "Who can see your information" }
            BulletList([
                "The website’s administrators at the council can see accounts and the audit log.",
                "Signed-in staff and partners, except elected members and council leaders, can see organisations’ contact details.",
                "The people who run the website’s computers for the council can reach the database, to keep it working and safe.",
            ])
            Paragraph("This website does not send your information to other organisations.")

            H2(.class("govuk-heading-m")) { "How long we keep it" }
            BulletList([
                "When you sign out, or after \(sessionIdleLimit) without use, your signed-in session ends.",
                "A link to reset a password stops working after 1 hour. An invitation stops working after 7 days.",
                "Counts of sign-in attempts from an IP address are deleted after about a day.",
            ])
            Paragraph("Some information is not yet deleted automatically:")
            BulletList([
                "Accounts are not deleted. An administrator can stop an account from working, but its details stay.",
                "Organisations’ details stay until staff change them.",
                "The audit log has no time limit yet. Entries are not deleted.",
            ])
            Paragraph("If you think we have kept something for too long, contact us and ask us to delete it.")

            H2(.class("govuk-heading-m")) { "Your rights" }
            Paragraph("You have the right to:")
            BulletList([
                "ask for a copy of the information we hold about you (the right of access)",
                "ask us to correct information about you that is wrong (the right to rectification)",
                "ask us to delete information about you (the right to erasure)",
                "object to how we use information about you (the right to object)",
            ])
            Paragraph("Sometimes the law says we must keep information, so we cannot always do what you ask. If we cannot, we will tell you why.")
            Paragraph("To use your rights, contact the council.")
            ContactRoute(councilName: councilName, email: contactEmail)

            H2(.class("govuk-heading-m")) { "How to complain" }
            Paragraph("If you are not happy with how we have used your information, tell the council first.")
            Paragraph {
                "You can also complain to the "
                ExternalLink("Information Commissioner’s Office (ICO)", to: "https://ico.org.uk/make-a-complaint/")
                ". Its helpline is 0303 123 1113."
            }

            H2(.class("govuk-heading-m")) { "Cookies" }
            Paragraph { TextLink("Read about the cookies this website uses", to: About.Routes.cookies.path) }
        }
    }
}

/// Every cookie the service sets, and why no consent banner is needed.
struct CookiesPage: Page {
    struct Cookie: Sendable { let name: String; let purpose: String; let expires: String }

    let cookies: [Cookie]

    var title: String { "Cookies" }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading("Cookies")
            Paragraph("Cookies are small files saved on your phone, tablet or computer when you visit a website.")
            Paragraph("This website uses only cookies that it needs to work. They are called ‘strictly necessary’ cookies. The law (the Privacy and Electronic Communications Regulations) does not require us to ask you before we set them, so we do not show a cookie banner.")
            Paragraph("We do not use cookies to measure how you use the website (analytics), or for advertising. We do not use cookies from other websites.")
        }
        DataTable(caption: "Cookies this website sets", captionVisible: true, columns: [.init("Name"), .init("Purpose"), .init("Expires")]) {
            for cookie in cookies {
                TableRow {
                    Cell { Code { Text(cookie.name) } }
                    Cell(cookie.purpose)
                    Cell(cookie.expires)
                }
            }
        }
    }
}

/// How to contact the council's cohesion team, give feedback, report a problem with the website,
/// and, clearly, where to report a crime or hate incident instead.
struct ContactPage: Page {
    let councilName: String
    let contactEmail: String?

    var title: String { "Contact us" }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading("Contact us")
            Div(.class("govuk-warning-text")) {
                Span(.class("govuk-warning-text__icon"), .aria("hidden", "true")) { "!" }
                Strong(.class("govuk-warning-text__text")) {
                    Span(.class("govuk-visually-hidden")) { "Warning" }
                    "Do not use this page to report a crime or a hate incident. In an emergency, call 999."
                }
            }

            H2(.class("govuk-heading-m")) { "Contact the cohesion team" }
            ContactRoute(councilName: councilName, email: contactEmail)

            H2(.class("govuk-heading-m")) { "Give feedback" }
            Paragraph("This is a new service. Your feedback helps us make it better. Tell us what works well for you and what does not.")

            H2(.class("govuk-heading-m")) { "Report a problem with this website" }
            Paragraph("Tell us:")
            BulletList([
                "the web address of the page",
                "what you were trying to do",
                "what went wrong",
                "the device and web browser you used, if you know",
            ])
            Paragraph {
                "If the problem is about accessibility, read our "
                TextLink("accessibility statement", to: About.Routes.accessibility.path)
                "."
            }

            H2(.class("govuk-heading-m")) { "Report a crime or a hate incident" }
            Paragraph("The cohesion team cannot take reports of crimes or hate incidents through this website.")
            BulletList([
                "In an emergency, call 999.",
                "If it is not an emergency, call 101 to speak to the police.",
            ])
            Paragraph {
                "You can also report a hate crime or hate incident online to "
                ExternalLink("True Vision", to: "https://www.report-it.org.uk/")
                ", the police’s hate crime reporting website."
            }
        }
    }
}

/// The source code of the running version, which the AGPL says people who use the service over
/// a network must be able to get.
struct SourcePage: Page {
    let sourceURL: String
    /// A git commit, a release number, or `AppConfig.unknownVersion`.
    let version: String

    var title: String { "Source code" }

    var versionKnown: Bool { version != AppConfig.unknownVersion }

    func body(_ context: PageContext) -> HTML {
        TwoThirds {
            PageHeading("Source code")
            Paragraph("This website runs Cohesion. Cohesion is free software: anyone can use it, study it, change it and share it.")
            Paragraph("It is licensed under the GNU Affero General Public License, version 3 or any later version. This licence says that people who use the software over a network, as you do on this website, must be able to get its source code.")
            SummaryList([
                SummaryRow(key: "Version running", value: versionKnown ? version : "Not recorded"),
                SummaryRow(key: "Source code", value: sourceURL, externalLink: sourceURL),
            ])
            if !versionKnown {
                Paragraph("The version running was not recorded when this website was installed. Contact the council to ask for the source code of the version it runs.")
            } else if GitCheckout.isCommit(version) {
                Paragraph("The version is the git commit the website was built from. You can find it at the source code address above.")
            }
            Paragraph {
                "The full licence is in the file LICENSE that comes with the source code. You can also read the "
                ExternalLink("GNU Affero General Public License on the GNU website", to: "https://www.gnu.org/licenses/agpl-3.0.html")
                "."
            }
        }
    }
}

// MARK: Pieces the pages share

/// How to reach the cohesion team: its address when the council has set one, otherwise the
/// council's main website.
struct ContactRoute: HTMLContent {
    let html: HTML
    init(councilName: String, email: String?) {
        if let email {
            html = Paragraph {
                "Email the \(councilName) cohesion team: "
                A(.class("govuk-link"), .href(external: "mailto:" + email)) { Text(email) }
            }.html
        } else {
            html = Paragraph("Contact \(councilName) through its main website. Ask for the community cohesion team.").html
        }
    }
}

/// A GOV.UK bulleted list of plain sentences.
struct BulletList: HTMLContent {
    let html: HTML
    init(_ items: [String]) {
        html = Ul(.class("govuk-list govuk-list--bullet")) {
            for item in items { Li { Text(item) } }
        }.html
    }
}

/// A link to another website, written out in full.
struct ExternalLink: HTMLContent {
    let html: HTML
    init(_ label: String, to url: String) { html = A(.class("govuk-link"), .href(external: url)) { Text(label) }.html }
}
