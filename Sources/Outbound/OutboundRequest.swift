/// One header line, as a pair. A struct rather than a tuple so that requests and responses
/// stay plainly `Sendable`, `Equatable` and easy to build in array literals.
public struct OutboundHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A single outbound HTTP request. Plain data: validation happens in `HTTPClient.send`.
public struct OutboundRequest: Sendable {
    /// The methods the client knows how to send correctly. HEAD, OPTIONS, CONNECT and TRACE are
    /// left out on purpose: HEAD needs different libcurl handling (no body expected) and the
    /// others have no use in a web app's outbound calls.
    public static let allowedMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    public var method: String
    public var url: String
    public var headers: [OutboundHeader]
    public var body: [UInt8]
    /// The whole transfer, from DNS resolution to the last body byte.
    public var timeout: Duration
    /// DNS, TCP and TLS handshakes only.
    public var connectTimeout: Duration
    /// Bodies beyond this size are aborted mid-transfer with `OutboundError.responseTooLarge`.
    public var maxResponseBytes: Int

    public init(
        method: String = "GET",
        url: String,
        headers: [OutboundHeader] = [],
        body: [UInt8] = [],
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        maxResponseBytes: Int = 1 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }
}

extension OutboundRequest {
    /// Rejects everything libcurl must never see: schemes other than http(s), header lines that
    /// could smuggle extra headers, methods that would be passed verbatim into the request line.
    /// Runs before any curl call, so a refused request costs nothing and touches no socket.
    /// Returns the URL's parts: the host is what the address policy's host entries match.
    @discardableResult
    func validate() throws(OutboundError) -> OutboundURL.Parts {
        guard Self.allowedMethods.contains(method) else {
            throw .invalidMethod(method)
        }
        let parts = try Self.validateURL(url)
        for header in headers {
            guard Self.isToken(header.name), Self.isSafeHeaderValue(header.value) else {
                throw .invalidHeader(header.name)
            }
        }
        return parts
    }

    /// See `OutboundURL.validate`: returns the host the address policy matches.
    @discardableResult
    static func validateURL(_ url: String) throws(OutboundError) -> OutboundURL.Parts {
        try OutboundURL.validate(url)
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// RFC 9110 token: what a field name may contain. Rules out ":", spaces, CR and LF.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            isASCIILetter(scalar) || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
        }
    }

    /// CR or LF would end the header line and start an attacker-chosen one; NUL would truncate
    /// the C string libcurl receives.
    static func isSafeHeaderValue(_ value: String) -> Bool {
        !value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }
}
