import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// One HTTP request, fully received. Value type: handlers may copy and pass it around freely.
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The raw request target as sent (`/fr/formations?q=x`).
    public var uri: String
    /// The path part of `uri`, still percent-encoded.
    public var path: String
    /// The path split on `/` and percent-decoded; empty segments dropped.
    public var pathSegments: [String]
    /// The query string without `?` (percent-encoded), or "".
    public var queryString: String
    public var headers: HTTPHeaders { didSet { formCache = FormCache() } }
    public var body: ByteBuffer { didSet { formCache = FormCache() } }
    /// Peer IP address as text, when known.
    public var remoteAddress: String?
    /// Values captured by the router from `{name}` segments.
    public var parameters: [String: String] = [:]
    /// Typed facts that middleware passes to handlers (the signed-in admin…), see `RequestAttributes`.
    public var attributes = RequestAttributes()
    /// The decoded body, shared by the copies of this request that middleware and handler see, so
    /// a CSRF check and the handler do not both decode it. Replaced when body or headers change.
    private var formCache = FormCache()

    public init(
        method: HTTPMethod, uri: String, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer(),
        remoteAddress: String? = nil
    ) throws(HTTPError) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        // Cut by bytes: `?` and `/` are ASCII, and splitting a String by Character (grapheme
        // breaking) was the largest part of making a request.
        let bytes = uri.utf8
        if let mark = bytes.firstIndex(of: UInt8(ascii: "?")) {
            path = String(uri[..<mark])
            queryString = String(uri[bytes.index(after: mark)...])
        } else {
            path = uri
            queryString = ""
        }
        guard path.utf8.first == UInt8(ascii: "/") else { throw HTTPError(.badRequest, "request target is not a path") }
        var segments: [String] = []
        for raw in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            guard let decoded = PercentDecoding.decode(bytes: raw, plusAsSpace: false) else {
                throw HTTPError(.badRequest, "bad percent-encoding in path")
            }
            segments.append(decoded)
        }
        pathSegments = segments
        attributes[MatchedRouteKey.self] = MatchedRoute()
    }

    /// Query parameters, decoded with the same decoder as form bodies.
    public var query: FormData {
        get throws(HTTPError) { try FormData(urlEncoded: Substring(queryString)) }
    }

    /// Query parameters, or empty when the query string is malformed (for pages that should not fail on it).
    public var lenientQuery: FormData { (try? query) ?? FormData() }

    /// Cookies sent by the client.
    public var cookies: [String: String] { Cookies.parse(headers["cookie"].joined(separator: "; ")) }

    /// Body decoded as `application/x-www-form-urlencoded` or `multipart/form-data`: decoded on
    /// first use, then answered from the cache (errors included).
    public func formData() throws(HTTPError) -> FormData {
        if let cached = formCache.result.withLockedValue({ $0 }) { return try cached.get() }
        let result = Result { () throws(HTTPError) in try decodeBody() }
        formCache.result.withLockedValue { $0 = result }
        return try result.get()
    }

    private func decodeBody() throws(HTTPError) -> FormData {
        let contentType = headers.first(name: "content-type")?.lowercased() ?? ""
        if contentType.hasPrefix("multipart/form-data") {
            guard let boundary = MultipartParser.boundary(fromContentType: headers.first(name: "content-type") ?? "") else {
                throw HTTPError(.badRequest, "multipart body without boundary")
            }
            return try MultipartParser.parse(body: body, boundary: boundary)
        }
        if contentType.isEmpty || contentType.hasPrefix("application/x-www-form-urlencoded") {
            return try FormData(urlEncodedBytes: body.readableBytesView)
        }
        throw HTTPError(.unsupportedMediaType, "unsupported content type \(contentType)")
    }

    public func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A once-per-body slot for the decoded form. A class so that copies of a `Request` share it; the
/// lock makes that sharing safe across tasks.
final class FormCache: Sendable {
    let result = NIOLockedValueBox<Result<FormData, HTTPError>?>(nil)
}
