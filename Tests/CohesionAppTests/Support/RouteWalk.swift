@testable import CohesionApp
import Vapor

/// Every registered route with a concrete path to request, for the tests that walk them all.
/// A constant route is requested as it is; a route with a parameter takes its path from its
/// feature's `routeExamples`, called for the council being walked and the user whose records the
/// examples may be (their own API token, say). Nothing is guessed from the path's text: a route
/// with a parameter and no example stops the walk, naming the feature that should give one.
struct RouteWalk {
    struct Stop: CustomStringConvertible {
        let route: Route
        /// "GET", "POST".
        let method: String
        /// As the route's `SiteRoute` writes it: `/organisations/{id}/edit`.
        let template: String
        /// What to request: `/organisations/3F2B…/edit`.
        let path: String

        var isAPI: Bool { template.hasPrefix("/api/") }
        /// "GET /organisations/{id}/edit", how the permission table names a route.
        var key: String { "\(method) \(template)" }
        var description: String { "\(method) \(path)" }
    }

    /// Why a walk can't start: routes with no example, or examples for no route.
    struct Incomplete: Error, CustomStringConvertible {
        let problems: [String]
        var description: String { "The route walk is incomplete:\n" + problems.joined(separator: "\n") }
    }

    /// The walk over `test`'s routes, with examples chosen from `council` for `user` (nil: no one
    /// is signed in, so no example can be a user's own record).
    static func stops(_ test: TestApp, council: Council, examplesFor user: User?) async throws -> [Stop] {
        let context = RouteExampleContext(council: council, database: test.db, user: user)
        var examples: [String: (path: String, feature: String)] = [:]
        var problems: [String] = []
        for feature in test.app.features {
            for example in try await feature.routeExamples?(context) ?? [] {
                if let earlier = examples[example.template] {
                    problems.append("\(feature.name) and \(earlier.feature) both give an example for \(example.template)")
                }
                examples[example.template] = (example.path.description, feature.name)
            }
        }
        let owners = try featureOwningEachTemplate(test.app)
        var stops: [Stop] = []
        for route in test.app.routes.all {
            let template = route.template
            let hasParameter = route.path.contains { if case .constant = $0 { false } else { true } }
            if !hasParameter {
                stops.append(Stop(route: route, method: route.method.rawValue, template: template, path: template))
            } else if let example = examples[template] {
                stops.append(Stop(route: route, method: route.method.rawValue, template: template, path: example.path))
            } else {
                let owner = owners[template] ?? "the feature that registers it"
                problems.append("\(route.method.rawValue) \(template) has a parameter but no example: add one to \(owner)'s routeExamples"
                    + (user == nil ? " (walked by the public, with no user)" : " (walked for \(user!.email))"))
            }
        }
        let registered = Set(test.app.routes.all.map(\.template))
        for (template, example) in examples where !registered.contains(template) {
            problems.append("\(example.feature) gives an example for \(template), which no route has")
        }
        if !problems.isEmpty { throw Incomplete(problems: problems.sorted()) }
        return stops
    }

    /// Which feature registers each route template, found by letting every feature register
    /// its routes again into a scratch table.
    static func featureOwningEachTemplate(_ app: Application) throws -> [String: String] {
        var owners: [String: String] = [:]
        for feature in app.features {
            let scratch = Routes()
            try feature.routes(scratch, app)
            for route in scratch.all { owners[route.template] = "the \(feature.name) feature" }
        }
        return owners
    }
}
