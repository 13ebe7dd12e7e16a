// swift-tools-version:6.0
import PackageDescription

// Every dependency here must earn its build time on a 2-core machine.
let package = Package(
    name: "bcos",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bcos", targets: ["bcos"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // /metrics: swift-metrics as the API, swift-prometheus as its backend and text exporter.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // C libraries from the system (libpq-dev, libcurl4-openssl-dev).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // libxml2's HTML parser, behind the allowlist sanitizer for admin-written course HTML.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // zlib: gzip of text answers, and of cached pages once, with their per-visitor holes spliced in.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The Mustache engine: Swift standard library and Foundation only.
        .target(name: "Templating"),

        // The small HTTP server on SwiftNIO.
        .target(name: "HTTPServer", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOExtras", package: "swift-nio-extras"),
            "CZlib",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // libpq wrapper: connections, pool, typed rows, transactions.
        .target(name: "Postgres", dependencies: [
            "CLibPQ",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // libcurl wrapper: outbound HTTP (and SMTP with the CRM work).
        .target(name: "Outbound", dependencies: ["CCurl"]),

        // The application, one folder per feature.
        .target(name: "BCOS", dependencies: [
            "Templating", "HTTPServer", "Postgres", "Outbound", "CLibXML2",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),

        // The executable: configuration and subcommands only.
        .executableTarget(name: "bcos", dependencies: [
            "BCOS", "Templating",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "TemplatingTests", dependencies: ["Templating"], exclude: ["spec"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "OutboundTests", dependencies: ["Outbound", "TestSupport"]),
        .testTarget(name: "BCOSTests", dependencies: ["BCOS", "TestSupport"]),
        // Shared test helpers: a raw HTTP client over sockets, a fake SMTP server, the throwaway database URL.
        .target(name: "TestSupport", dependencies: [
            "CZlib",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], path: "Tests/TestSupport"),
    ],
    swiftLanguageModes: [.v6]
)
