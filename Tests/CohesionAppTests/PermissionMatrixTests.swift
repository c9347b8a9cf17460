@testable import CohesionApp
import Fluent
import Testing
import Vapor

/// Walks every registered route as the public and as every role, and checks each answer
/// against a table written by hand from the README's "Roles" table, not derived from `Policy`,
/// so a wrong policy fails here. Every answer is also checked for the walk's standing rules:
/// never a 500, and API errors as problem+json.
@Suite struct PermissionMatrixTests {
    /// What one walker should get from one route.
    enum Expect: CustomStringConvertible {
        /// 200.
        case ok
        /// Not refused by access, for routes whose answer depends on what is sent (a form
        /// answering 422, 400, 409 or 303): not 401 or 403, not a redirect to sign-in, not a
        /// 404 (the example names a real record) and not a 5xx.
        case allowed
        /// 404: reachable, but there is nothing to serve at the example's address.
        case notFound
        /// A page, signed out: 303 to /sign-in, coming back here afterwards.
        case signIn
        /// The API without a token: 401.
        case unauthorized
        /// Signed in, but the role (or, where noted, the record) doesn't allow it: 403.
        case forbidden

        var description: String {
            switch self {
            case .ok: "200"
            case .allowed: "allowed"
            case .notFound: "404"
            case .signIn: "redirect to sign-in"
            case .unauthorized: "401"
            case .forbidden: "403"
            }
        }

        func accepts(_ page: Page, path: String) -> Bool {
            switch self {
            case .ok: page.status == .ok
            case .allowed: ![.unauthorized, .forbidden, .notFound].contains(page.status) && !page.isRedirectToSignIn && page.status.code < 500
            case .notFound: page.status == .notFound
            case .signIn: page.isRedirectToSignIn && page.location == PlatformRoutes.signIn.path.with("next", path).description
            case .unauthorized: page.status == .unauthorized
            case .forbidden: page.status == .forbidden
            }
        }
    }

    /// One route's expected answers, one column per walker.
    struct Row {
        let method: String, template: String
        let expected: [Role?: Expect]

        init(_ method: String, _ template: String, _ visitor: Expect, _ admin: Expect, _ officer: Expect, _ localityLead: Expect,
             _ partner: Expect, _ panel: Expect, _ safetyPartner: Expect, _ viewer: Expect) {
            self.method = method
            self.template = template
            expected = [nil: visitor, .admin: admin, .officer: officer, .localityLead: localityLead, .partner: partner,
                        .panel: panel, .safetyPartner: safetyPartner, .viewer: viewer]
        }

        var key: String { "\(method) \(template)" }
    }

    static let ok = Expect.ok, allowed = Expect.allowed, notFound = Expect.notFound, signIn = Expect.signIn
    static let unauthorized = Expect.unauthorized, forbidden = Expect.forbidden

    /// Who may do what, from the README's "Roles" table. Paths with a parameter are walked with
    /// the features' route examples: the organisation is the demo's first by name, Aldridge ESOL
    /// Conversation Club, in the East locality; the locality is North (which has a lead, so it
    /// can't be removed); the user is the demo officer; the token is the walker's own (the
    /// public walks the admin's examples).
    static let table: [Row] = [
        //  method  template                           public        admin     officer    locality_lead partner    panel      safety_partner viewer
        // The platform: health, metrics and the API's description are open to everyone.
        Row("GET",  "/healthz",                        ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/metrics",                        ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/api/openapi.json",               ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        // Home: the public home page; everyone signed in has a dashboard.
        Row("GET",  "/",                               ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/dashboard",                      signIn,       ok,       ok,        ok,           ok,        ok,        ok,            ok),
        // About: the footer's pages (accessibility, privacy, cookies, contact, source code) are public.
        Row("GET",  "/accessibility",                  ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/privacy",                        ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/cookies",                        ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/contact",                        ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/source",                         ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        // Places: areas, profiles, maps and the areas API are public; localities and data
        // files are the cohesion team's (officers and admins).
        Row("GET",  "/areas",                          ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/areas/{code}",                   ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/maps",                           ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/admin/localities",               signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/admin/localities/new",           signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/admin/localities/new",           signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/admin/localities/{code}",        signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/admin/localities/{code}",        signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/admin/localities/{code}/delete", signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/admin/localities/{code}/delete", signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/admin/data",                     signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/admin/data",                     signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/api/v1/areas",                   ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        // Without a point or a postcode, locate answers 400 naming them.
        Row("GET",  "/api/v1/areas/locate",            allowed,      allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("GET",  "/api/v1/areas/{code}",            ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/api/v1/areas/{code}/census",     ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        // Organisations: every role but the viewer sees them; officers, admins and locality
        // leads add them; partners and leads edit only their own. The example organisation is
        // in East, so the North lead and the partner (at Bloxwich Community Partnership, North)
        // are refused its edit form by the record rule: 403 here, 200 for their own, as
        // recordScopedRolesOnlyTouchTheirOwnRecords shows.
        Row("GET",  "/organisations",                  signIn,       ok,       ok,        ok,           ok,        ok,        ok,            forbidden),
        Row("GET",  "/organisations/new",              signIn,       ok,       ok,        ok,           forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/organisations/new",              signIn,       allowed,  allowed,   allowed,      forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/organisations/{id}",             signIn,       ok,       ok,        ok,           ok,        ok,        ok,            forbidden),
        Row("GET",  "/organisations/{id}/edit",        signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/organisations/{id}/edit",        signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/api/v1/organisations",           unauthorized, ok,       ok,        ok,           ok,        ok,        ok,            forbidden),
        Row("GET",  "/api/v1/organisations/{id}",      unauthorized, ok,       ok,        ok,           ok,        ok,        ok,            forbidden),
        // Assets: the register is the team's and its partners' (not the panel's, the safety
        // partner's or the viewer's, who see the directory); imports, exports and the taxonomy
        // are officers' and admins'; leads also review suggestions, but only officers decide a
        // new asset (the example suggestion is the demo's new one). The gaps are aggregates, so
        // the viewer sees them too. The example asset is Aldridge ESOL Conversation Club, in
        // East: the North lead and the North partner are refused its edit form by the record
        // rule. The directory, suggestions, Open Referral and the assets API are public.
        Row("GET",  "/assets",                         signIn,       ok,       ok,        ok,           ok,        forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/new",                     signIn,       ok,       ok,        ok,           ok,        forbidden, forbidden,     forbidden),
        Row("POST", "/assets/new",                     signIn,       allowed,  allowed,   allowed,      allowed,   forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/reviews",                 signIn,       ok,       ok,        ok,           ok,        forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/hosts",                   signIn,       ok,       ok,        ok,           ok,        forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/gaps",                    signIn,       ok,       ok,        ok,           ok,        forbidden, forbidden,     ok),
        Row("GET",  "/assets/{id}",                    signIn,       ok,       ok,        ok,           ok,        forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/{id}/edit",               signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/assets/{id}/edit",               signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/{id}/delete",             signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/assets/{id}/delete",             signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/import",                  signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/assets/import",                  signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/assets/import/openreferral",     signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/export.csv",              signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/template.csv",            signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/taxonomy",                signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/taxonomy/new",            signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/assets/taxonomy/new",            signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/taxonomy/{id}",           signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/assets/taxonomy/{id}",           signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/suggestions",             signIn,       ok,       ok,        ok,           forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/assets/suggestions/{id}",        signIn,       ok,       ok,        ok,           forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/assets/suggestions/{id}",        signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/directory",                      ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/directory/{id}",                 ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/directory/suggest",              ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("POST", "/directory/suggest",              allowed,      allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("GET",  "/directory/{id}/suggest",         ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("POST", "/directory/{id}/suggest",         allowed,      allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("GET",  "/openreferral",                   ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/openreferral/services",          ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/openreferral/services/{id}",     ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/openreferral/service_at_locations", ok,        ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/openreferral/service_at_locations/{id}", ok,   ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/openreferral/taxonomies",        ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/openreferral/taxonomies/{id}",   ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/openreferral/taxonomy_terms",    ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/openreferral/taxonomy_terms/{id}", ok,         ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/api/v1/assets",                  ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/api/v1/assets/{id}",             ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        // Grants: applying is open to anyone; an application is reached only through its
        // private link, so without one there is nothing to find.
        Row("GET",  "/grants",                         ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/grants/rounds/{id}",             ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("POST", "/grants/rounds/{id}",             allowed,      allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("GET",  "/grants/360giving.json",          ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/grants/360giving.csv",           ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/grants/continue",                notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("POST", "/grants/continue/new-link",       notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("GET",  "/grants/application",             notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("GET",  "/grants/application/report",      notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("POST", "/grants/application/report",      notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("GET",  "/grants/application/check",       notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("POST", "/grants/application/check",       notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("GET",  "/grants/application/{section}",   notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("POST", "/grants/application/{section}",   notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        // Grants for the team: officers manage; the panel reviews what it is given.
        Row("GET",  "/grants/reports",                 signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     ok),
        Row("GET",  "/grants/reports.csv",             signIn,       notFound, notFound,  forbidden,    forbidden, forbidden, forbidden,     notFound),
        Row("GET",  "/grants/manage",                  signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/manage/funds/new",        signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/grants/manage/funds/new",        signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/manage/funds/{id}",       signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/grants/manage/funds/{id}",       signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/manage/rounds/new",       signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/grants/manage/rounds/new",       signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/manage/rounds/{id}/edit", signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/grants/manage/rounds/{id}/edit", signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/manage/rounds/{id}",      signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/manage/rounds/{id}/panel-pack", signIn, ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/manage/applications/{id}", signIn,      ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/grants/manage/applications/{id}", signIn,      allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/grants/manage/applications/{id}/payments", signIn, allowed, allowed,  forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/grants/manage/applications/{id}/report", signIn, allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/manage/photos/{id}",      signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/grants/manage/payments/{id}/paid", signIn,     allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/grants/reviews",                 signIn,       forbidden, forbidden, forbidden,   forbidden, ok,        forbidden,     forbidden),
        Row("GET",  "/grants/reviews/{id}",            signIn,       forbidden, forbidden, forbidden,   forbidden, ok,        forbidden,     forbidden),
        Row("POST", "/grants/reviews/{id}",            signIn,       forbidden, forbidden, forbidden,   forbidden, allowed,   forbidden,     forbidden),
        // Surveys: the questionnaire is public; the survey's set-up, imports and weighting are
        // the cohesion team's (officers and admins). The example wave is the demo's open one.
        Row("GET",  "/have-your-say",                  ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/have-your-say/{id}",             ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("POST", "/have-your-say/{id}",             allowed,      allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("GET",  "/have-your-say/{id}/thank-you",   ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/surveys",                        signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/surveys/questions",              signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/surveys/questions/new",          signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/surveys/questions/new",          signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/surveys/waves/new",              signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/surveys/waves/new",              signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/surveys/waves/{id}",             signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/surveys/waves/{id}/edit",        signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/surveys/waves/{id}/edit",        signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/surveys/waves/{id}/weight",      signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/surveys/waves/{id}/import",      signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/surveys/waves/{id}/import",      signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/surveys/imports/{id}",           signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/surveys/imports/{id}",           signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        // Indicators: the dashboard, pages, exports and API are public (visitors and members see
        // public indicators after disclosure control). Officers and admins set indicators up;
        // partners and safety partners enter values for the indicators their organisation
        // supplies: the example PTN-01 is the demo partner's organisation's, so the safety
        // partner (of no organisation) finds nothing there.
        Row("GET",  "/indicators",                     ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/indicators/{code}",              ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/indicators/{code}/values.csv",   ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/indicators/{code}/values.json",  ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/api/v1/indicators",              ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/api/v1/indicators/{code}/values", ok,          ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("GET",  "/indicators/manage",              signIn,       ok,       ok,        forbidden,    ok,        forbidden, ok,            forbidden),
        Row("POST", "/indicators/manage/recompute",    signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/indicators/manage/new",          signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/indicators/manage/new",          signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/indicators/manage/{code}",       signIn,       ok,       ok,        forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/indicators/manage/{code}",       signIn,       allowed,  allowed,   forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/indicators/manage/{code}/values", signIn,      ok,       ok,        forbidden,    ok,        forbidden, notFound,      forbidden),
        Row("POST", "/indicators/manage/{code}/values", signIn,      allowed,  allowed,   forbidden,    allowed,   forbidden, notFound,      forbidden),
        Row("POST", "/indicators/manage/{code}/values/upload", signIn, allowed, allowed,  forbidden,    allowed,   forbidden, notFound,      forbidden),
        // Accounts: signing in, passwords and first-run setup are open; with a council already
        // set up, /setup is gone, and a set-password link without its token finds nothing.
        Row("GET",  "/sign-in",                        ok,           allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("POST", "/sign-in",                        allowed,      allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("POST", "/sign-out",                       signIn,       allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("GET",  "/forgot-password",                ok,           ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("POST", "/forgot-password",                allowed,      allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("GET",  "/set-password",                   notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("POST", "/set-password",                   notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("GET",  "/setup",                          notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        Row("POST", "/setup",                          notFound,     notFound, notFound,  notFound,     notFound,  notFound,  notFound,      notFound),
        // People's accounts and the audit log are the admin's; everyone owns their API tokens.
        Row("GET",  "/admin/users",                    signIn,       ok,       forbidden, forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/admin/users/invite",             signIn,       ok,       forbidden, forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/admin/users/invite",             signIn,       allowed,  forbidden, forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/admin/users/{id}",               signIn,       ok,       forbidden, forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/admin/users/{id}",               signIn,       allowed,  forbidden, forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("POST", "/admin/users/{id}/active",        signIn,       allowed,  forbidden, forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/admin/audit",                    signIn,       ok,       forbidden, forbidden,    forbidden, forbidden, forbidden,     forbidden),
        Row("GET",  "/account",                        signIn,       ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("POST", "/account/password",               signIn,       allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("POST", "/account/sessions/{id}/end",      signIn,       allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("POST", "/account/sessions/end-others",    signIn,       allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("GET",  "/account/tokens",                 signIn,       ok,       ok,        ok,           ok,        ok,        ok,            ok),
        Row("POST", "/account/tokens",                 signIn,       allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
        Row("POST", "/account/tokens/{id}/revoke",     signIn,       allowed,  allowed,   allowed,      allowed,   allowed,   allowed,       allowed),
    ]

    @Test func everyRouteDeclaresItsAccess() async throws {
        try await withTestApp { test in
            let undeclared = test.app.routes.all.filter { $0.access == nil }.map { "\($0.method) \($0.path.string)" }
            #expect(undeclared.isEmpty, "routes without a declared access: \(undeclared)")
            let unprotectedForms = test.app.routes.all.filter { $0.method == .POST && !$0.path.string.hasPrefix("api") && $0.userInfo["csrf"] == nil }
            #expect(unprotectedForms.isEmpty, "POST routes without CSRF: \(unprotectedForms.map(\.path.string))")
        }
    }

    @Test func theTableListsEveryRouteOnce() async throws {
        try await withTestApp { test in
            let registered = test.app.routes.all.map { "\($0.method.rawValue) \($0.template)" }
            let listed = Self.table.map(\.key)
            let missing = Set(registered).subtracting(listed).sorted()
            let unregistered = Set(listed).subtracting(registered).sorted()
            let twice = Dictionary(grouping: listed, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(missing.isEmpty, "registered routes missing from the permission table: \(missing)")
            #expect(unregistered.isEmpty, "table rows for routes that aren't registered: \(unregistered)")
            #expect(twice.isEmpty, "routes listed more than once: \(twice)")
            #expect(Set(registered).count == registered.count, "a route is registered twice")
        }
    }

    @Test func everyRouteAsEveryRole() async throws {
        // Hundreds of sign-ins from one address: lift the per-address limit for this walk.
        try await withTestApp(adjust: { $0.signInAttemptsPerAddress = 100_000 }) { test in
            let f = try await Fixtures.make(test)
            var tokens: [Role: String] = [:]
            for role in Role.allCases {
                tokens[role] = try await APITokens.create(for: f.user(role), label: "matrix", on: test.db, request: nil)
                try await Self.addNewestToken(for: f.user(role), test)
            }
            let rows = Dictionary(Self.table.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            var failures: [String] = []
            for role in [Role?.none] + Role.allCases.map(Optional.some) {
                let who = role?.rawValue ?? "public"
                // The public has no records of its own: it walks the admin's, which it must not reach.
                let stops = try await RouteWalk.stops(test, council: f.walsall, examplesFor: f.user(role ?? .admin))
                for stop in stops {
                    // theTableListsEveryRouteOnce names a missing row; it isn't repeated for every walker.
                    guard let expected = rows[stop.key]?.expected[role] else { continue }
                    let browser = Browser(test)
                    if let role {
                        if stop.isAPI { browser.bearer = tokens[role] } else { try await browser.signIn(f.user(role).email) }
                    }
                    let page = stop.method == "POST" ? try await browser.post(stop.path) : try await browser.get(stop.path)
                    if !expected.accepts(page, path: stop.path) {
                        failures.append("\(who) \(stop): expected \(expected), got \(page.status)\(page.location.map { " to \($0)" } ?? "")")
                    }
                    if page.status.code >= 500 { failures.append("\(who) got \(page.status) on \(stop)") }
                    if stop.isAPI, page.status.code >= 400,
                       page.headers.contentType?.description.hasPrefix("application/problem+json") != true {
                        failures.append("\(who) \(stop): the \(page.status) error is not problem+json")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    /// A second token, newest of the user's, for the revoke route's example to act on, so the
    /// walk doesn't revoke the token it reads the API with.
    static func addNewestToken(for user: User, _ test: TestApp) async throws {
        _ = try await APITokens.create(for: user, label: "victim", on: test.db, request: nil)
        let victim = try #require(try await APIToken.query(on: test.db).filter(\.$user.$id == user.requireID()).filter(\.$label == "victim").first())
        // Made in the same millisecond as the first, it could tie: make it plainly the newest.
        victim.createdAt = Date().addingTimeInterval(60)
        try await victim.update(on: test.db)
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
            #expect(try await lead.get("/organisations/\(f.organisation.id!)/edit").status == .ok)
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
