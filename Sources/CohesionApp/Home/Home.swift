import Fluent
import Vapor

/// The public home page and the staff dashboard, which gathers every feature's cards.
enum Home {
    static var feature: Feature {
        Feature(
            name: "Home",
            routes: { routes, app in
                let controller = HomeController()
                routes.grouped(PublicPageCache.Middleware(cache: app.publicPageCache, query: []))
                    .get(PlatformRoutes.home, access: .anyone, use: controller.home)
                routes.get(PlatformRoutes.dashboard, access: .permission(.viewDashboard), use: controller.dashboard)
            },
            navigation: [
                NavigationEntry(label: "Home", link: PlatformRoutes.home, access: .anyone, audience: .visitors),
                NavigationEntry(label: "Dashboard", link: PlatformRoutes.dashboard, access: .permission(.viewDashboard)),
            ])
    }
}
