/// The addresses the platform itself must link or redirect to: the layout's header and footer,
/// sign-in for pages that need it, first-run setup. Features register the pages behind them
/// (Home the home page and dashboard, Accounts sign-in and setup, About the contact page); the
/// platform only knows where they are.
enum PlatformRoutes {
    static let home = SiteRoute()
    static let dashboard = SiteRoute("dashboard")
    static let signIn = SiteRoute("sign-in")
    static let signOut = SiteRoute("sign-out")
    static let setup = SiteRoute("setup")
    /// Where the phase banner's "tell us what you think" leads.
    static let contact = SiteRoute("contact")

    // Served by the platform (Platform/Operations, Platform/OpenAPI).
    static let openAPI = SiteRoute("api", "openapi.json")
    static let health = SiteRoute("healthz")
    static let metrics = SiteRoute("metrics")

    // Static files in Public/, served before routing.
    static let stylesheet = SiteRoute("css", "app.css")
    static let script = SiteRoute("js", "app.js")
}
