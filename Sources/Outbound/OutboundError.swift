/// Why an outbound call failed. Descriptions are meant for admin logs, in English.
public enum OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not something we are willing to hand to libcurl (or libcurl could not parse it).
    case invalidURL(String)
    /// Only http and https are allowed; the payload is the refused scheme.
    case protocolNotAllowed(String)
    /// A header name is not an HTTP token, or its value contains CR, LF or NUL.
    case invalidHeader(String)
    /// The method is not one of `OutboundRequest.allowedMethods`.
    case invalidMethod(String)
    /// The connect timeout or the total timeout elapsed.
    case timedOut
    /// DNS resolution or the TCP connection failed.
    case connectionFailed(String)
    /// The TLS handshake or certificate verification failed.
    case tlsFailed(String)
    /// The response (body, or header section) exceeded `limit` bytes and was aborted.
    case responseTooLarge(limit: Int)
    /// The connection would have reached an internal address (loopback, private network,
    /// link-local…) that the client's `OutboundAddressPolicy` refuses. `address` is the one
    /// libcurl was about to connect to, `host` the name in the request. Nothing was sent.
    case addressRefused(host: String, address: String)
    /// Any other libcurl failure; `code` is the CURLcode.
    case transport(code: Int, message: String)
    /// A sender or recipient address failed `MailAddress.isValid`; the payload is the address.
    case invalidMailAddress(String)
    /// The message has neither To nor Cc recipients.
    case missingRecipients
    /// The SMTP server's host name or port cannot be used; the payload is the host.
    case invalidMailServer(String)
    /// The SMTP server refused the credentials (or offered no way to use them). The detail is
    /// libcurl's text plus the server's reply, with the password scrubbed out.
    case authenticationFailed(String)

    public var description: String {
        switch self {
        case .invalidURL(let url):
            return "Outbound request refused: invalid URL \(Self.quoted(url))"
        case .protocolNotAllowed(let scheme):
            return "Outbound request refused: scheme \(Self.quoted(scheme)) is not allowed (only http and https)"
        case .invalidHeader(let name):
            return "Outbound request refused: header \(Self.quoted(name)) has an invalid name or a value containing CR, LF or NUL"
        case .invalidMethod(let method):
            return "Outbound request refused: method \(Self.quoted(method)) is not allowed"
        case .timedOut:
            return "Outbound request timed out"
        case .connectionFailed(let detail):
            return "Outbound request could not connect: \(detail)"
        case .tlsFailed(let detail):
            return "Outbound request failed in TLS: \(detail)"
        case .responseTooLarge(let limit):
            return "Outbound response exceeded the \(limit)-byte limit and was aborted"
        case .addressRefused(let host, let address):
            let via = host == address ? "" : " (\(Self.quoted(host)))"
            return "Outbound connection refused: internal address \(address)\(via); add it to OUTBOUND_ALLOW if this receiver is legitimate"
        case .transport(let code, let message):
            return "Outbound request failed (curl error \(code)): \(message)"
        case .invalidMailAddress(let address):
            return "Outbound mail refused: \(Self.quoted(address)) is not a valid e-mail address"
        case .missingRecipients:
            return "Outbound mail refused: the message has no recipients"
        case .invalidMailServer(let host):
            return "Outbound mail refused: invalid SMTP server \(Self.quoted(host))"
        case .authenticationFailed(let detail):
            return "Outbound mail: SMTP authentication failed: \(detail)"
        }
    }

    /// Escapes control characters so a hostile value cannot forge extra log lines, and keeps
    /// log lines bounded.
    private static func quoted(_ text: String) -> String {
        let limited = text.count > 200 ? String(text.prefix(200)) + "…" : text
        return limited.debugDescription
    }
}
