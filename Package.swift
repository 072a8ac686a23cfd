// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "miliano-payment-hub",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hub", targets: ["hub"]),
        .library(name: "Hub", targets: ["Hub"]),
        .library(name: "Webhooks", targets: ["Webhooks"]),
        .library(name: "HubTesting", targets: ["HubTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "Webhooks",
            dependencies: ["COpenSSL"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "XMLSecurity",
            dependencies: ["CLibXML2", "COpenSSL"],
            resources: [.copy("Schemas")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HubKit",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Hub",
            dependencies: [
                "HubKit", "Webhooks", "CCurl", "CLibXML2",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HubPostgres",
            dependencies: [
                "Hub", "HubKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Providers",
            dependencies: ["Hub", "Webhooks", "XMLSecurity"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Simulators",
            dependencies: [
                "HubKit", "Webhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HubServer",
            dependencies: [
                "Hub", "HubConsole", "Webhooks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HubConsole",
            dependencies: [
                "Hub",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HubTesting",
            dependencies: [
                "Hub", "HubConfiguration", "HubServer", "Simulators",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ProviderPlugins",
            dependencies: ["Hub", "HubConfiguration", "Providers", "Simulators"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HubConfiguration",
            dependencies: [
                "Hub", "HubPostgres", "Webhooks",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hub",
            dependencies: [
                "Hub", "HubConfiguration", "HubConsole", "HubPostgres", "HubServer", "ProviderPlugins", "Simulators", "Webhooks", "XMLSecurity", "COpenSSL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "WebhooksTests", dependencies: ["Webhooks"], swiftSettings: swiftSettings),
        .testTarget(name: "XMLSecurityTests", dependencies: ["XMLSecurity", "Providers", "Hub"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HubTests",
            dependencies: [
                "Hub", "HubPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HubConfigurationTests", dependencies: ["Hub", "HubConfiguration", "ProviderPlugins", "Providers"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ProvidersTests",
            dependencies: ["Hub", "HubConfiguration", "Providers", "Simulators", "HubTesting", "Webhooks",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SimulatorsTests",
            dependencies: [
                "Simulators", "Hub",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HubServerTests",
            dependencies: [
                "Hub", "HubConsole", "HubServer", "Providers", "Simulators", "Webhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// The libFuzzer targets (scripts/fuzz, docs/security.md): declared only when HUB_FUZZ is set, because they link
// against libFuzzer's driver and need `-sanitize=fuzzer`, which the normal build and `swift test` do not use.
if Context.environment["HUB_FUZZ"] != nil {
    package.targets.append(.executableTarget(
        name: "hub-fuzz",
        dependencies: ["Hub", "HubKit", "HubConfiguration", "Providers", "Webhooks"],
        path: "Fuzz/hub-fuzz",
        swiftSettings: swiftSettings
    ))
}
