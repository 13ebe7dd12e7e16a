import Crypto
import Foundation
import Hummingbird
import Logging
import Mustache
import PostgresNIO

// peer-hummingbird: the app's course page, GET /{lang}/formations/{slug}, as a reference
// implementation on Hummingbird 2, swift-mustache and postgres-nio. It reads the same database and
// renders the app's real templates (Templates/ under BCOS_ROOT) with the same context, so it
// answers with the same HTML apart from the form token's issue time, random part and MAC
// (bench/page-throughput/run.sh checks that before measuring).
//
// Per request, as the app before its course cache: the course query, the offered-sessions query
// (prepared), the view model with the sanitizer and the JSON-LD, a signed form token, the render.
// The legal footer comes from memory, loaded as the app's LegalFooterCache loads it.
//
// Environment: HOST, PORT (127.0.0.1:8081), BASE_URL (as the app's), BCOS_ROOT (the repository),
// SECRET_KEY (as the app's: the form tokens are signed with a key derived from it),
// PG_SOCKET (the PostgreSQL Unix socket file, e.g. /tmp/x/.s.PGSQL.5432) or PG_HOST and PG_PORT,
// PG_USER, PG_DATABASE, DATABASE_POOL_SIZE (10, as the app's default), LOG_LEVEL (warning).

let environment = ProcessInfo.processInfo.environment
let host = environment["HOST"] ?? "127.0.0.1"
let port = environment["PORT"].flatMap(Int.init) ?? 8081
let baseURL = environment["BASE_URL"].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "http://\(host):\(port)"
let root = URL(fileURLWithPath: environment["BCOS_ROOT"] ?? FileManager.default.currentDirectoryPath)
guard let secretKey = environment["SECRET_KEY"], !secretKey.isEmpty else { fatalError("SECRET_KEY is required (as for the app)") }
let tokens = SubmissionTokenSigner(secretKey: secretKey)

var logger = Logger(label: "peer-hummingbird")
logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning

// swift-mustache does not accept `/` in a closing tag's name (`{{/layouts/base}}`), so it gets the
// three templates with `/` in template names replaced by `_` (as bench/template-engine does).
var templates = MustacheLibrary()
for name in ["layouts/base", "public/course", "partials/enrollment-form"] {
    let source = try String(contentsOf: root.appendingPathComponent("Templates/\(name).mustache"), encoding: .utf8)
        .replacingOccurrences(of: "layouts/base", with: "layouts_base")
        .replacingOccurrences(of: "partials/enrollment-form", with: "partials_enrollment-form")
    try templates.register(source, named: name.replacingOccurrences(of: "/", with: "_"))
}
let library = templates

// The app's StaticFiles.url(for: "css/site.css"): the first 12 hex digits of the file's SHA-256.
let css = try Data(contentsOf: root.appendingPathComponent("Public/css/site.css"))
let cssHref = "/css/site.css?v=" + String(SHA256.hash(data: css).map { String(format: "%02x", $0) }.joined().prefix(12))

var postgres: PostgresClient.Configuration
if let socket = environment["PG_SOCKET"] {
    postgres = .init(unixSocketPath: socket, username: environment["PG_USER"] ?? "postgres", password: nil, database: environment["PG_DATABASE"])
} else {
    postgres = .init(
        host: environment["PG_HOST"] ?? "127.0.0.1", port: environment["PG_PORT"].flatMap(Int.init) ?? 5432,
        username: environment["PG_USER"] ?? "postgres", password: environment["PG_PASSWORD"], database: environment["PG_DATABASE"], tls: .disable)
}
postgres.options.maximumConnections = environment["DATABASE_POOL_SIZE"].flatMap(Int.init) ?? 10
let client = PostgresClient(configuration: postgres, backgroundLogger: logger)

let repository = FormationRepository(client: client, logger: logger)
let page = CoursePage(baseURL: baseURL, cssHref: cssHref)
let footer = LegalFooterCache { [logger] in try await LegalPage.all(client, logger: logger) }

enum Tracking {
    /// Tracking.clean: printable text only, at most 200 characters; nil when nothing is left.
    static func clean(_ value: String) -> String? {
        let printable = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }).prefix(200))
        return printable.isEmpty ? nil : printable
    }
}

let router = Router()
router.get("/{lang}/formations/{slug}") { request, context -> Response in
    // LegalFooterMiddleware: waits only for the first load.
    await footer.ensureFresh()
    guard let language = context.parameters.get("lang").flatMap(Language.init(rawValue:)),
          let slug = context.parameters.get("slug") else { throw HTTPError(.notFound) }
    guard let (formation, category) = try await repository.formation(slug: slug), formation.isVisible else {
        throw HTTPError(.notFound)
    }
    // Tracking.fromVisit: UTM parameters of the address and an outside referrer.
    let query = request.uri.queryParameters
    var tracking: [[String: Any]] = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].compactMap { key in
        query.get(key).flatMap { Tracking.clean(String($0)) }.map { ["name": key, "value": $0] }
    }
    if let referrer = request.headers[.referer].flatMap(Tracking.clean), !referrer.hasPrefix(baseURL) {
        tracking.append(["name": "ref", "value": referrer])
    }
    // SessionRepository.offered(courseID:): per request, their seats change with every enrollment.
    var sessions: [CourseSession] = []
    for try await session in try await client.execute(OfferedSessions(courseID: formation.id), logger: logger) {
        sessions.append(session)
    }
    let values = page.context(
        formation, category, language: language, token: tokens.make(courseID: formation.id), tracking: tracking,
        sessions: sessions, footer: footer.current)
    guard let html = library.render(values, withTemplate: "public_course") else { throw HTTPError(.internalServerError) }
    return Response(
        status: .ok,
        headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-cache"],
        body: .init(byteBuffer: ByteBuffer(string: html)))
}

let app = Application(
    router: router,
    configuration: .init(address: .hostname(host, port: port), serverName: "peer-hummingbird"),
    services: [client],
    logger: logger)
try await app.runService()
