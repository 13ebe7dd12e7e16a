import NIOCore
import NIOHTTP1

/// One HTTP response. The body is complete in memory: pages, forms and static assets are small.
public struct Response: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer
    /// A body sent as several buffers, in order, in one write — a cached page: its kept pieces
    /// around the visitor's own bytes, never copied into one buffer. When not empty it is sent
    /// instead of `body`.
    public var bodyParts: [ByteBuffer] = []

    /// The number of body bytes sent.
    public var bodyLength: Int { bodyParts.isEmpty ? body.readableBytes : bodyParts.reduce(0) { $0 + $1.readableBytes } }

    public init(status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An HTML page (UTF-8).
    public static func html(_ bytes: [UInt8], status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: ["content-type": "text/html; charset=utf-8"], body: ByteBuffer(bytes: bytes))
    }

    public static func html(_ text: String, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: ["content-type": "text/html; charset=utf-8"], body: ByteBuffer(string: text))
    }

    public static func text(_ text: String, status: HTTPResponseStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: ["content-type": contentType], body: ByteBuffer(string: text))
    }

    /// A redirect. 302 for "go there now", 303 after a POST (Post/Redirect/Get), 301 for moved pages.
    public static func redirect(to location: String, status: HTTPResponseStatus = .found) -> Response {
        Response(status: status, headers: ["location": location, "content-length": "0"])
    }

    public mutating func setCookie(_ cookie: SetCookie) {
        headers.add(name: "set-cookie", value: cookie.headerValue)
    }
}
