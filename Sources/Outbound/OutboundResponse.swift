/// The final HTTP response of a transfer. Redirects are not followed, so a 3xx lands here too.
public struct OutboundResponse: Sendable {
    public var status: Int
    /// Every header line of the final response, in arrival order (interim 1xx responses excluded).
    public var headers: [OutboundHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [OutboundHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively (field names are
    /// case-insensitive in HTTP, and HTTP/2 servers send them in lower case).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// All values of a repeated header (such as Set-Cookie), in arrival order.
    public func headerValues(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The body decoded as UTF-8; invalid sequences become U+FFFD instead of failing.
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
