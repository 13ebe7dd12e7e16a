// swift-tools-version:6.1
import PackageDescription

// Reference implementations ("peers") of the app's course page for bench/page-throughput: the
// same page from the same database, built with common server-side Swift packages instead of the
// app's own server, template engine and libpq wrapper. Its own package, so the app never depends
// on them. `peer-hummingbird`: Hummingbird 2 + swift-mustache + postgres-nio.
let package = Package(
    name: "peers",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Default traits off: they only add swift-configuration support and Foundation extras.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        // Already a dependency of postgres-nio; used for the CSS version hash and form tokens, as the app does.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"6.0.0"),
    ],
    targets: [
        // The app's libxml2 binding (a symlink to Sources/CLibXML2): the sanitizer is ported as is.
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .executableTarget(
            name: "peer-hummingbird",
            dependencies: [
                "CLibXML2",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/PeerHummingbird"),
    ],
    swiftLanguageModes: [.v5]
)
