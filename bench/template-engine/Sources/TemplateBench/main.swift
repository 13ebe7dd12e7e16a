import Foundation
import LeafKit
import Mustache
import NIOCore
import NIOPosix
import Templating

// Renders the app's real course page (Templates/public/course.mustache with its layout and the
// enrollment-form partial) with the context the app builds for a demo course (fixtures/, dumped
// from the running app), in French and Arabic, with three engines, and prints renders per second.

let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let repository = packageDirectory.deletingLastPathComponent().deletingLastPathComponent()
let templatesDirectory = repository.appendingPathComponent("Templates")
let seconds = Double(ProcessInfo.processInfo.environment["BENCH_SECONDS"] ?? "2") ?? 2

/// JSON → plain Swift values (Bool, Int, Double, String, [Any], [String: Any]) for swift-mustache.
func swiftValue(_ json: Any) -> Any {
    switch json {
    case let value as String: return value
    case let value as NSNumber:
        if type(of: value) == type(of: NSNumber(value: true)) { return value.boolValue }
        if let int = Int(exactly: value.doubleValue), !"\(value)".contains(".") { return int }
        return value.doubleValue
    case let value as [Any]: return value.map(swiftValue)
    case let value as [String: Any]:
        // null members are left out: swift-mustache would print an Optional's description.
        return value.filter { !($0.value is NSNull) }.mapValues(swiftValue)
    default: return Optional<String>.none as Any
    }
}

func leafValue(_ json: Any) -> LeafData {
    switch json {
    case let value as String: return .string(value)
    case let value as NSNumber:
        if type(of: value) == type(of: NSNumber(value: true)) { return .bool(value.boolValue) }
        if let int = Int(exactly: value.doubleValue), !"\(value)".contains(".") { return .int(int) }
        return .double(value.doubleValue)
    case let value as [Any]: return .array(value.map(leafValue))
    case let value as [String: Any]: return .dictionary(value.mapValues(leafValue))
    default: return .nil(.string)
    }
}

struct Measurement {
    let engine: String
    let language: String
    let rendersPerSecond: Double
    let bytes: Int
    var microseconds: Double { 1_000_000 / rendersPerSecond }
}

/// Runs `body` repeatedly for about `seconds` after a warm-up and returns renders per second.
func measure(_ body: () throws -> Int) rethrows -> (Double, Int) {
    var bytes = 0
    for _ in 0..<200 { bytes = try body() }
    let clock = ContinuousClock()
    var count = 0
    let start = clock.now
    let deadline = start + .milliseconds(Int(seconds * 1000))
    while clock.now < deadline {
        for _ in 0..<50 { bytes = try body() }
        count += 50
    }
    let elapsed = clock.now - start
    let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (Double(count) / elapsedSeconds, bytes)
}

func normalized(_ html: String) -> String {
    html.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
}

let ours = try TemplateSet(directory: templatesDirectory)
// swift-mustache does not accept `/` in a closing tag's name (`{{/layouts/base}}`), so it gets the
// same three templates with `/` in template names replaced by `_`; nothing else changes.
var mustache = MustacheLibrary()
for name in ["layouts/base", "public/course", "partials/enrollment-form"] {
    let source = try String(contentsOf: templatesDirectory.appendingPathComponent(name + ".mustache"), encoding: .utf8)
        .replacingOccurrences(of: "layouts/base", with: "layouts_base")
        .replacingOccurrences(of: "partials/enrollment-form", with: "partials_enrollment-form")
    try mustache.register(source, named: name.replacingOccurrences(of: "/", with: "_"))
}
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let loop = group.next()
let leafRoot = packageDirectory.appendingPathComponent("leaf").path + "/"
let leaf = LeafRenderer(
    configuration: LeafConfiguration(rootDirectory: leafRoot),
    sources: LeafSources.singleSource(NIOLeafFiles(
        fileio: NonBlockingFileIO(threadPool: NIOThreadPool.singleton),
        limits: .default, sandboxDirectory: leafRoot, viewDirectory: leafRoot)),
    eventLoop: loop)

var results: [Measurement] = []
for language in ["fr", "ar"] {
    let data = try Data(contentsOf: packageDirectory.appendingPathComponent("fixtures/course-\(language).json"))
    let json = try JSONSerialization.jsonObject(with: data)
    let context = TemplateValue(json: json)
    // As in the app: the page's own view model goes through TemplateEncoder on every request; the
    // message catalog `t` and the `layout` values are prebuilt TemplateValues added to the result.
    var pageJSON = json as? [String: Any] ?? [:]
    pageJSON["t"] = nil
    pageJSON["layout"] = nil
    let viewModel = try JSONDecoder().decode(CoursePageModel.self, from: JSONSerialization.data(withJSONObject: pageJSON))
    let catalog = context.member("t") ?? .null
    let layout = context.member("layout") ?? .null
    let dictionary = swiftValue(json)
    let leafContext = (leafValue(json).dictionary) ?? [:]

    // Same page from each engine: check before timing.
    let ourHTML = try ours.render("public/course", context)
    guard let theirHTML = mustache.render(dictionary, withTemplate: "public_course") else { fatalError("swift-mustache could not render") }
    let leafBuffer = try leaf.render(path: "public/course", context: leafContext).wait()
    let leafHTML = String(buffer: leafBuffer)
    if ProcessInfo.processInfo.environment["BENCH_DUMP"] != nil {
        try ourHTML.write(toFile: "/tmp/bench-ours-\(language).html", atomically: true, encoding: .utf8)
        try theirHTML.write(toFile: "/tmp/bench-mustache-\(language).html", atomically: true, encoding: .utf8)
        try leafHTML.write(toFile: "/tmp/bench-leaf-\(language).html", atomically: true, encoding: .utf8)
    }
    print("[\(language)] page size: ours \(ourHTML.utf8.count) B, swift-mustache \(theirHTML.utf8.count) B, Leaf \(leafHTML.utf8.count) B")
    print("[\(language)] ours == swift-mustache byte for byte: \(ourHTML == theirHTML); same text ignoring blank lines and indentation: ours/swift-mustache \(normalized(ourHTML) == normalized(theirHTML)), ours/Leaf \(normalized(ourHTML) == normalized(leafHTML))")

    var (rate, bytes) = try measure { try ours.renderBytes("public/course", context).count }
    results.append(Measurement(engine: "ours (prebuilt TemplateValue)", language: language, rendersPerSecond: rate, bytes: bytes))

    (rate, bytes) = try measure {
        // What the app does per request: view model → TemplateValue → bytes. Here the view model is
        // the decoded fixture re-encoded through TemplateEncoder to include that conversion's cost.
        guard case .object(var members) = try TemplateEncoder().encode(viewModel) else { return 0 }
        members["t"] = catalog
        members["layout"] = layout
        return try ours.renderBytes("public/course", .object(members)).count
    }
    results.append(Measurement(engine: "ours (encode + render)", language: language, rendersPerSecond: rate, bytes: bytes))

    (rate, bytes) = measure { mustache.render(dictionary, withTemplate: "public_course")?.utf8.count ?? 0 }
    results.append(Measurement(engine: "swift-mustache 2.1.1 (dictionary)", language: language, rendersPerSecond: rate, bytes: bytes))

    (rate, bytes) = try measure { try leaf.render(path: "public/course", context: leafContext).wait().readableBytes }
    results.append(Measurement(engine: "Leaf (leaf-kit 1.14.3)", language: language, rendersPerSecond: rate, bytes: bytes))
}

print("")
print("| engine | lang | renders/s | µs/render | page bytes |")
print("|---|---|---:|---:|---:|")
for result in results {
    print("| \(result.engine) | \(result.language) | \(Int(result.rendersPerSecond)) | \(String(format: "%.1f", result.microseconds)) | \(result.bytes) |")
}
print("")
for language in ["fr", "ar"] {
    let row = { (prefix: String) in results.first { $0.language == language && $0.engine.hasPrefix(prefix) }!.rendersPerSecond }
    let prebuilt = row("ours (prebuilt")
    let encoded = row("ours (encode")
    print("[\(language)] ours/swift-mustache: \(String(format: "%.1f", prebuilt / row("swift-mustache")))× (with encoding \(String(format: "%.1f", encoded / row("swift-mustache")))×); ours/Leaf: \(String(format: "%.1f", prebuilt / row("Leaf")))× (with encoding \(String(format: "%.1f", encoded / row("Leaf")))×)")
}
try await group.shutdownGracefully()
