import Vapor

/// What a council's public site must have, linked from every page's footer: the accessibility
/// statement (the Public Sector Bodies Accessibility Regulations 2018), the privacy notice
/// (UK GDPR), the cookies page (PECR), how to contact the council, and where to get the source
/// code of the running version (the AGPL). Pages are in AboutPages.swift.
enum About {
    static var feature: Feature {
        Feature(
            name: "About",
            routes: { routes, _ in register(routes) },
            navigation: [
                NavigationEntry(label: "Accessibility statement", link: Routes.accessibility, access: .anyone, audience: .footer),
                NavigationEntry(label: "Privacy", link: Routes.privacy, access: .anyone, audience: .footer),
                NavigationEntry(label: "Cookies", link: Routes.cookies, access: .anyone, audience: .footer),
                NavigationEntry(label: "Contact", link: PlatformRoutes.contact, access: .anyone, audience: .footer),
                NavigationEntry(label: "Source code", link: Routes.source, access: .anyone, audience: .footer),
            ])
    }

    enum Routes {
        static let accessibility = SiteRoute("accessibility")
        static let privacy = SiteRoute("privacy")
        static let cookies = SiteRoute("cookies")
        // The contact page is PlatformRoutes.contact: the phase banner links to it.
        static let source = SiteRoute("source")
    }

    static func register(_ routes: RoutesBuilder) {
        routes.get(Routes.accessibility, access: .anyone) { req in
            let council = try req.council
            return try await req.render(AccessibilityPage(
                councilName: council.name, contactEmail: council.contactEmail,
                sessionIdleLimit: duration(hours: req.application.cohesionConfig.sessionIdleHours)))
        }
        routes.get(Routes.privacy, access: .anyone) { req in
            let council = try req.council
            return try await req.render(PrivacyPage(
                councilName: council.name, contactEmail: council.contactEmail,
                sessionIdleLimit: duration(hours: req.application.cohesionConfig.sessionIdleHours)))
        }
        routes.get(Routes.cookies, access: .anyone) { req in
            try await req.render(CookiesPage(cookies: cookies(req.application.cohesionConfig)))
        }
        routes.get(PlatformRoutes.contact, access: .anyone) { req in
            let council = try req.council
            return try await req.render(ContactPage(councilName: council.name, contactEmail: council.contactEmail))
        }
        routes.get(Routes.source, access: .anyone) { req in
            let config = req.application.cohesionConfig
            return try await req.render(SourcePage(sourceURL: config.sourceURL, version: config.sourceVersion))
        }
    }

    /// Every cookie the service sets, named by the constants the code sets them with, so the
    /// cookies page can't drift from the code (a test compares it with real responses).
    static func cookies(_ config: AppConfig) -> [CookiesPage.Cookie] {
        [
            .init(name: AppCookie.session.name(secure: config.secureCookies),
                  purpose: "Keeps you signed in. It is set only when you sign in.",
                  expires: "When you sign out or close your browser, after \(duration(hours: config.sessionIdleHours)) without use, "
                      + "or \(duration(hours: config.sessionMaxHours)) after you signed in, whichever comes first"),
            .init(name: AppCookie.csrf.name(secure: config.secureCookies),
                  purpose: "Protects the website’s forms, so that another website cannot send a form in your name.",
                  expires: "When you close your browser"),
            .init(name: AppCookie.flash.name(secure: config.secureCookies),
                  purpose: "Shows you a one-off message after you send a form, such as ‘Organisation added’.",
                  expires: "After 60 seconds"),
        ]
    }

    /// "8 hours", "1 hour", "90 minutes": the session limit as people read it.
    static func duration(hours: Double) -> String {
        if hours == hours.rounded() { return DisplayFormat.count(Int(hours), "hour") }
        return DisplayFormat.count(Int((hours * 60).rounded()), "minute")
    }
}
