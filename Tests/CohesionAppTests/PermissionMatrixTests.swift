@testable import CohesionApp
import Fluent
import Testing
import Vapor

/// Walks every registered route as the public and as every role, and checks each answer
/// against the one permission policy: allowed requests are never refused; refused ones get a
/// redirect to sign-in (pages) or 401 (API) when signed out, and 403 when signed in.
@Suite struct PermissionMatrixTests {
    /// A concrete path for a route, with its parameters filled from the fixtures.
    static func concretePath(_ route: Route, _ f: Fixtures, token: APIToken?) -> String {
        let path = "/" + route.path.map(\.description).joined(separator: "/")
        return route.path.reduce(into: "") { result, component in
            switch component {
            case .parameter("code"): result += path.contains("localities") ? "/north" : "/E05001301"
            case .parameter("id"):
                if path.contains("/admin/users/") { result += "/\(f.spareUser.id!)" }
                else if path.contains("/account/tokens/") { result += "/\(token?.id ?? UUID())" }
                else { result += "/\(f.organisation.id!)" }
            case .constant(let c): result += "/" + c
            default: result += "/" + component.description
            }
        }.ifEmpty("/")
    }

    @Test func everyRouteDeclaresItsAccess() async throws {
        try await withTestApp { test in
            let undeclared = test.app.routes.all.filter { $0.access == nil }.map { "\($0.method) \($0.path.string)" }
            #expect(undeclared.isEmpty, "routes without a declared access: \(undeclared)")
            let unprotectedForms = test.app.routes.all.filter { $0.method == .POST && !$0.path.string.hasPrefix("api") && $0.userInfo["csrf"] == nil }
            #expect(unprotectedForms.isEmpty, "POST routes without CSRF: \(unprotectedForms.map(\.path.string))")
        }
    }

    @Test func everyRouteAsEveryRole() async throws {
        // Hundreds of sign-ins from one address: lift the per-address limit for this walk.
        try await withTestApp(adjust: { $0.signInAttemptsPerAddress = 100_000 }) { test in
            let f = try await Fixtures.make(test)
            var tokens: [Role: String] = [:]
            for role in Role.allCases {
                tokens[role] = try await APITokens.create(for: f.user(role), label: "matrix", on: test.db, request: nil)
                // A second token for the revoke route to act on, so the walk doesn't revoke the one it uses.
                _ = try await APITokens.create(for: f.user(role), label: "victim", on: test.db, request: nil)
            }
            let routes = test.app.routes.all
            #expect(routes.count >= 30)
            var failures: [String] = []
            for route in routes {
                let access = try #require(route.access)
                for role in [Role?.none] + Role.allCases.map(Optional.some) {
                    let user = role.map { f.user($0) }
                    let browser = Browser(test)
                    let isAPI = route.path.first?.description == "api"
                    if let role {
                        if isAPI { browser.bearer = tokens[role] } else { try await browser.signIn(f.user(role).email) }
                    }
                    let ownToken: APIToken? = if let user { try await APIToken.query(on: test.db).filter(\.$user.$id == user.id!).filter(\.$label == "victim").first() } else { nil }
                    let path = Self.concretePath(route, f, token: ownToken)
                    let page = route.method == .POST ? try await browser.post(path) : try await browser.get(path)
                    let allowed = Policy.allows(user, access)
                    let who = role?.rawValue ?? "public"
                    if allowed {
                        if [.unauthorized, .forbidden].contains(page.status) || page.isRedirectToSignIn {
                            failures.append("\(who) refused \(route.method) \(path): \(page.status)")
                        }
                        if page.status == .internalServerError { failures.append("\(who) got 500 on \(route.method) \(path)") }
                    } else if role == nil {
                        let ok = isAPI ? page.status == .unauthorized : page.isRedirectToSignIn
                        if !ok { failures.append("public not refused properly on \(route.method) \(path): \(page.status)") }
                    } else if page.status != .forbidden {
                        failures.append("\(who) not refused on \(route.method) \(path): \(page.status)")
                    }
                    if isAPI, page.status.code >= 400 {
                        if page.headers.contentType?.description.hasPrefix("application/problem+json") != true {
                            failures.append("\(who) \(route.method) \(path) error is not problem+json")
                        }
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test func recordScopedRolesOnlyTouchTheirOwnRecords() async throws {
        try await withTestApp { test in
            let f = try await Fixtures.make(test)
            let other = try await Organisation.query(on: test.db).filter(\.$councilID == f.walsall.id!)
                .filter(\.$name == "Caldmore Women's Network (example)").first()!
            // The partner may edit their own organisation but not another.
            let partner = Browser(test)
            try await partner.signIn(f.user(.partner).email)
            #expect(try await partner.get("/organisations/\(f.organisation.id!)/edit").status == .ok)
            #expect(try await partner.get("/organisations/\(other.id!)/edit").status == .forbidden)
            let refused = try await partner.post("/organisations/\(other.id!)/edit", form: ["name": "Taken over", "type": "charity", "charity_number": "1100001"])
            #expect(refused.status == .forbidden)
            #expect(try await Organisation.find(other.id, on: test.db)?.name == "Caldmore Women's Network (example)")
            #expect(try await partner.get("/organisations/new").status == .forbidden)
            // The North locality lead edits North organisations, not South ones, and can't move one out of North.
            let lead = Browser(test)
            try await lead.signIn(f.user(.localityLead).email)
            #expect(try await lead.get("/organisations/\(other.id!)/edit").status == .forbidden)
            let moved = try await lead.post("/organisations/\(f.organisation.id!)/edit",
                                            form: ["name": f.organisation.name, "type": "vcs_group", "locality": "south"])
            #expect(moved.status == .unprocessableEntity)
            #expect(try await Organisation.find(f.organisation.id, on: test.db)?.$locality.id == f.northLocality.id)
            let created = try await lead.post("/organisations/new", form: ["name": "New North Group", "type": "vcs_group", "locality": "north"])
            #expect(created.status == .seeOther)
            let refusedSouth = try await lead.post("/organisations/new", form: ["name": "New South Group", "type": "vcs_group", "locality": "south"])
            #expect(refusedSouth.status == .unprocessableEntity)
            #expect(try await Organisation.query(on: test.db).filter(\.$name == "New South Group").count() == 0)
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
