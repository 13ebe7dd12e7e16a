// swift-tools-version:6.0
import PackageDescription

// The template-engine benchmark: our engine (the app's Templating module, through a symlink)
// against hummingbird-project/swift-mustache and vapor/leaf-kit, rendering the app's real
// course-detail template. Its own package, so the app never depends on another engine.
let package = Package(
    name: "template-engine-bench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/vapor/leaf-kit.git", exact: "1.14.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        .target(name: "Templating", path: "Sources/Templating"),
        .executableTarget(name: "TemplateBench", dependencies: [
            "Templating",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "LeafKit", package: "leaf-kit"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
    ],
    swiftLanguageModes: [.v5]
)
