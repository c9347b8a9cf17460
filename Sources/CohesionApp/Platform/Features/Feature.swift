import Fluent
import Vapor

/// Everything one feature adds to the app, declared in one place: the feature's folder has a
/// `Feature` value (`Grants.feature`, say) and `App/Features.swift` lists them in order. The
/// platform reads features; it never names one. See docs/adding-a-feature.md.
///
/// In the spirit of Decidim's component manifests, but Swift values the compiler checks.
struct Feature: Sendable {
    /// Short, for messages: "Grants".
    let name: String
    /// Its tables, in the order they are created. Features are migrated in list order, so a
    /// feature's tables may refer to those of the features before it.
    var migrations: [any Migration] = []
    /// Registers its pages and API routes, each with its access (`routes.get(_:access:)`).
    var routes: @Sendable (RoutesBuilder, Application) throws -> Void = { _, _ in }
    /// Links in the service navigation, shown to those whose access allows them.
    var navigation: [NavigationEntry] = []
    /// Cards on the staff dashboard, each with a live figure.
    var dashboardCards: [DashboardCard] = []
    /// The kinds of record it writes to the audit log, for the log's filter.
    var auditRecordTypes: [AuditRecordType] = []
    /// Its API operations (each registered by `routes` from the same value) and the schemas they use.
    var apiOperations: [APIOperation] = []
    var apiSchemas: [String: JSONValue] = [:]
    /// Work when a council is created (Places gives it its district area).
    var councilCreated: (@Sendable (Council, Database) async throws -> Void)? = nil
    /// The demonstration council's records of this feature (`cohesion demo`, and the tests'
    /// fixtures). Runs in feature order, inside one transaction; must be safe to rerun.
    var demoSeed: (@Sendable (DemoContext) async throws -> Void)? = nil
    /// A concrete path for each of its routes with a parameter, for the route-walking tests.
    var routeExamples: (@Sendable (RouteExampleContext) async throws -> [RouteExample])? = nil
    /// Command-line commands, as `cohesion NAME`.
    var commands: [FeatureCommand] = []
    /// The figures it supplies to the indicator framework (`IndicatorSource`), for a council.
    var indicatorSources: (@Sendable (TenantScope) async throws -> [IndicatorSource])? = nil
    /// Columns of its tables holding special category values sealed with `FieldCipher`, so that
    /// `cohesion keys rotate` re-encrypts them.
    var encryptedColumns: [EncryptedColumn] = []
    /// Set-up at start-up, before the routes: state the feature keeps per process, database
    /// middleware that keeps it fresh.
    var configure: (@Sendable (Application) -> Void)? = nil
}

/// A link in the service navigation.
struct NavigationEntry: Sendable {
    /// `visitors` see it signed out, `staff` signed in, `everyone` both; `footer` links sit in the footer.
    enum Audience: Sendable { case visitors, staff, everyone, footer }
    let label: String
    let link: SiteRoute
    let access: Access
    var audience: Audience = .staff
    /// Administration links come after the main ones in the staff navigation.
    var administration: Bool = false
}

/// A card on the staff dashboard: where it leads and a live figure ("12 organisations").
struct DashboardCard: Sendable {
    let title: String
    let link: SiteRoute
    let access: Access
    /// One sentence with the figure, from the database: keep it to one query.
    let summary: @Sendable (DashboardContext) async throws -> String
}

struct DashboardContext: Sendable {
    let tenant: TenantScope
    let user: User
}

/// A kind of record in the audit log: `key` is stored with each entry, `label` shown.
struct AuditRecordType: Hashable, Sendable {
    let key: String
    let label: String
}

/// What a demo seed works with: the demonstration council, its database, and where the seed
/// files are (`Resources/Seed/`).
struct DemoContext: Sendable {
    let council: Council
    let database: Database
    let seedFolder: String
    /// Whether to load the bulky seed files as well (census figures, boundaries): the demo
    /// does; the tests' fixtures don't, and import the real files where they need them.
    let seedFiles: Bool
    /// The Bcrypt hash of the demo accounts' password.
    let passwordHash: String
    let now: Date
    /// Seals the demo's special category answers, with the deployment's key.
    var cipher = FieldCipher(keys: [FieldCipher.developmentKey])
    /// The app's features, for a seed that reads what the others declare (indicator sources).
    var features: [Feature] = []

    var tenant: TenantScope { TenantScope(council: council, database: database) }
}

/// What a feature's route examples are chosen from: a seeded demonstration council, and the
/// user walking the routes (so an example can be that user's own record, such as a token).
struct RouteExampleContext: Sendable {
    let council: Council
    let database: Database
    let user: User?

    var tenant: TenantScope { TenantScope(council: council, database: database) }
}

/// A concrete path for one route template: `/organisations/{id}` → `/organisations/3f2b…`.
struct RouteExample: Sendable {
    let template: String
    let path: SitePath

    static func example<Value>(_ route: SiteRoute1<Value>, _ value: Value) -> RouteExample {
        RouteExample(template: route.template, path: route.path(value))
    }
}

/// A command a feature adds to `cohesion`.
struct FeatureCommand: @unchecked Sendable {
    // AsyncCommand isn't Sendable; commands are plain structs made once at start-up.
    let name: String
    let command: any AnyAsyncCommand
}

extension Application {
    private struct FeaturesKey: StorageKey { typealias Value = [Feature] }

    /// The features this app was configured with, in order.
    var features: [Feature] {
        get { storage[FeaturesKey.self] ?? [] }
        set { storage[FeaturesKey.self] = newValue }
    }
}
