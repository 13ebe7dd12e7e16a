import Foundation

/// Which addresses outbound connections (HTTP and SMTP) may reach.
///
/// By default every internal destination is refused: loopback, link-local (cloud metadata at
/// 169.254.169.254), RFC 1918 and CGNAT networks, unique-local IPv6, "this network", multicast,
/// broadcast and reserved ranges, and the IPv4-mapped, -compatible and NAT64 IPv6 spellings of
/// all of those. An admin-typed webhook URL or SMTP host can then not be used to probe or
/// call services on the server's own network (SSRF).
///
/// The check runs when libcurl opens each socket, against the address it is about to connect
/// to, not against the URL: a host name that resolves to a public address when validated and to
/// 127.0.0.1 when connecting (DNS rebinding) is still refused.
///
/// `OUTBOUND_ALLOW` exempts legitimate local receivers: comma-separated CIDR ranges or addresses
/// (matched against the connected address) and host names (matched against the name in the
/// request, whatever it resolves to): `127.0.0.1/32,10.20.0.0/16,crm.internal`.
public struct OutboundAddressPolicy: Sendable, Hashable, CustomStringConvertible {
    public private(set) var allowedRanges: [IPRange]
    /// Lowercased, without a trailing dot.
    public private(set) var allowedHosts: Set<String>

    /// Refuses every internal address, allows nothing extra.
    public static let refuseInternal = OutboundAddressPolicy()

    public init(allowedRanges: [IPRange] = [], allowedHosts: [String] = []) {
        self.allowedRanges = allowedRanges
        self.allowedHosts = Set(allowedHosts.map(Self.normalizedHost))
    }

    /// An `OUTBOUND_ALLOW` value: comma-separated CIDR ranges, addresses and host names.
    /// Blank entries are skipped; anything else unrecognisable is an error, so a typo fails at
    /// start-up instead of silently allowing nothing.
    public init(allowList: String) throws(InvalidEntry) {
        self.init()
        for raw in allowList.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            if let range = IPRange(entry) {
                allowedRanges.append(range)
            } else if !entry.contains("/"), !entry.contains(":"), Self.isHostName(entry) {
                allowedHosts.insert(Self.normalizedHost(entry))
            } else {
                throw InvalidEntry(entry: entry)
            }
        }
    }

    /// The policy `OUTBOUND_ALLOW` describes; `refuseInternal` when it is unset or blank.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(InvalidEntry) -> OutboundAddressPolicy {
        guard let value = environment["OUTBOUND_ALLOW"] else { return .refuseInternal }
        return try OutboundAddressPolicy(allowList: value)
    }

    /// An `OUTBOUND_ALLOW` entry that is neither a CIDR range, an address nor a host name.
    public struct InvalidEntry: Error, Sendable, Equatable, CustomStringConvertible {
        public let entry: String
        public var description: String {
            "OUTBOUND_ALLOW: \(entry.debugDescription) is neither a CIDR range (10.0.0.0/8, fd00::/8), an address nor a host name"
        }
    }

    /// Whether a connection to `address`, made for a request to `host`, may go ahead.
    public func permits(_ address: IPAddress, host: String) -> Bool {
        if !allowedHosts.isEmpty, allowedHosts.contains(Self.normalizedHost(host)) { return true }
        let candidates = [address] + (address.embeddedIPv4.map { [$0] } ?? [])
        if allowedRanges.contains(where: { range in candidates.contains { range.contains($0) } }) { return true }
        return !Self.isInternal(address)
    }

    /// Whether `address` (or the IPv4 address its IPv6 form embeds) is not on the public internet.
    public static func isInternal(_ address: IPAddress) -> Bool {
        if let embedded = address.embeddedIPv4, isInternal(embedded) { return true }
        let ranges = address.family == .v4 ? internalIPv4 : internalIPv6
        return ranges.contains { $0.contains(address) }
    }

    public var description: String {
        let entries = allowedRanges.map(\.description) + allowedHosts.sorted()
        return entries.isEmpty ? "refuse internal addresses" : "refuse internal addresses except \(entries.joined(separator: ","))"
    }

    static let internalIPv4: [IPRange] = [
        "0.0.0.0/8",        // "this network"
        "10.0.0.0/8",       // RFC 1918
        "100.64.0.0/10",    // CGNAT (RFC 6598)
        "127.0.0.0/8",      // loopback
        "169.254.0.0/16",   // link-local, cloud metadata
        "172.16.0.0/12",    // RFC 1918
        "192.0.0.0/24",     // IETF protocol assignments
        "192.168.0.0/16",   // RFC 1918
        "198.18.0.0/15",    // benchmarking
        "224.0.0.0/4",      // multicast
        "240.0.0.0/4",      // reserved, and 255.255.255.255 broadcast
    ].compactMap { IPRange($0) }

    static let internalIPv6: [IPRange] = [
        "::/128",           // unspecified
        "::1/128",          // loopback
        "100::/64",         // discard-only
        "fc00::/7",         // unique local
        "fe80::/10",        // link-local
        "fec0::/10",        // deprecated site-local
        "ff00::/8",         // multicast
    ].compactMap { IPRange($0) }

    static func normalizedHost(_ host: some StringProtocol) -> String {
        var name = Substring(host.lowercased())
        if name.hasPrefix("["), name.hasSuffix("]") { name = name.dropFirst().dropLast() }
        while name.hasSuffix(".") { name = name.dropLast() }
        return String(name)
    }

    /// Letters, digits, `-` and `_` in dot-separated labels of 1–63 characters, 253 in all.
    static func isHostName(_ text: String) -> Bool {
        let name = text.hasSuffix(".") ? String(text.dropLast()) : text
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            }
        }
    }
}
