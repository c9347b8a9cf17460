// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Cohesion",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cohesion", targets: ["cohesion"]),
        .executable(name: "cohesion-bench", targets: ["CohesionBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        // The benchmark only: Plot, and Leaf's renderer itself (to render from bench/leaf/), are
        // the renderers bench/http.sh compares with the typed pages (docs/decisions.md §14).
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.2"),
    ],
    targets: [
        .target(
            name: "CohesionCore",
            dependencies: [],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "CohesionApp",
            dependencies: [
                "CohesionCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "cohesion",
            dependencies: ["CohesionApp"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Benchmarks: geography (bench/geography.sh: locating points, drawing choropleths) and
        // page rendering (bench/http.sh: the app served, with Leaf and Plot versions of two pages).
        .executableTarget(
            name: "CohesionBench",
            dependencies: [
                "CohesionCore",
                "CohesionApp",
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Plot", package: "Plot"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "CohesionCoreTests",
            dependencies: [
                "CohesionCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "CohesionAppTests",
            dependencies: [
                "CohesionApp",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
