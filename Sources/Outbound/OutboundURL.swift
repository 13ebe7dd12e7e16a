import CCurl

/// Checks a URL before libcurl sees it, and says which host it names (what the address policy's
/// host entries are matched against).
///
/// Refused, before any socket is opened: empty URLs, spaces and control characters; schemes
/// other than the allowed ones; a missing authority (`http:example.org`); userinfo
/// (`https://trusted.example@evil.example/` reads as one host and connects to the other, and
/// credentials belong in headers anyway); `%` in the host (a percent-encoded name or an IPv6
/// zone could mean one thing here and another to the resolver); `\` in the authority (browsers
/// read it as `/`, libcurl does not). Finally libcurl's own URL parser must find the same host:
/// two parsers that disagree about a URL are how filters are bypassed.
public enum OutboundURL {
    public struct Parts: Sendable, Equatable {
        /// Lowercased.
        public var scheme: String
        /// As written, lowercased, without IPv6 brackets.
        public var host: String
        /// nil when the URL has none (the scheme's default applies).
        public var port: Int?
    }

    public static func validate(_ url: String, allowedSchemes: Set<String> = ["http", "https"]) throws(OutboundError) -> Parts {
        // Spaces and control characters have no business in a URL; libcurl would either reject
        // them or, worse, forward them.
        guard !url.isEmpty, url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }) else {
            throw .invalidURL(url)
        }
        // RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":".
        guard let colon = url.firstIndex(of: ":") else { throw .invalidURL(url) }
        let scheme = url[url.startIndex..<colon]
        guard let first = scheme.unicodeScalars.first, isASCIILetter(first),
              scheme.unicodeScalars.allSatisfy({ isASCIILetter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else {
            throw .invalidURL(url)
        }
        let lowered = scheme.lowercased()
        guard allowedSchemes.contains(lowered) else { throw .protocolNotAllowed(String(scheme)) }
        // "http:example.com" would be guessed at by libcurl; demand an authority.
        guard url[colon...].hasPrefix("://") else { throw .invalidURL(url) }
        let rest = url[url.index(colon, offsetBy: 3)...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("\\"), !authority.contains("%") else {
            throw .invalidURL(url)
        }
        let (host, port) = try split(authority, url: url)
        guard let curlHost = curlParsedHost(url), normalized(curlHost) == host else { throw .invalidURL(url) }
        return Parts(scheme: lowered, host: host, port: port)
    }

    /// `host[:port]` or `[v6][:port]`.
    private static func split(_ authority: Substring, url: String) throws(OutboundError) -> (String, Int?) {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL(url) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL(url) }
                portText = after.dropFirst()
            }
            guard let address = IPAddress(host), address.family == .v6 else { throw .invalidURL(url) }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            portText = parts.count > 1 ? parts[1] : nil
            guard !host.isEmpty, !host.contains(":"), !host.contains("[") else { throw .invalidURL(url) }
        }
        var port: Int?
        if let portText {
            guard !portText.isEmpty, portText.utf8.count <= 5, portText.utf8.allSatisfy({ (48...57).contains($0) }),
                  let value = Int(portText), (1...65535).contains(value) else { throw .invalidURL(url) }
            port = value
        }
        // "http://./" would otherwise name the empty host once its trailing dot is dropped.
        let name = normalized(host)
        guard !name.isEmpty else { throw .invalidURL(url) }
        return (name, port)
    }

    /// The host libcurl's URL parser finds in `url`, or nil when it refuses the URL.
    private static func curlParsedHost(_ url: String) -> String? {
        guard (try? CurlGlobal.ensureInitialized()) != nil, let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        var part: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, CURLUPART_HOST, &part, 0) == CURLUE_OK, let part else { return nil }
        defer { curl_free(part) }
        return String(cString: part)
    }

    static func normalized(_ host: some StringProtocol) -> String {
        OutboundAddressPolicy.normalizedHost(host)
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
