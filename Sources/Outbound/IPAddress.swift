#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as 128 bits (IPv4 in the low 32), for the outbound address policy.
/// Parsed with `inet_pton`, which accepts only the canonical textual forms: no octal, hex or
/// shortened IPv4 ("0x7f.1", "127.1", "2130706433"), no zone index ("fe80::1%eth0").
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Family: Sendable, Hashable { case v4, v6 }

    public let family: Family
    /// The first 64 bits of an IPv6 address; 0 for IPv4.
    let high: UInt64
    /// The last 64 bits of an IPv6 address; the 32-bit value of an IPv4 address.
    let low: UInt64

    public init(ipv4 value: UInt32) {
        family = .v4
        high = 0
        low = UInt64(value)
    }

    public init(ipv6 high: UInt64, _ low: UInt64) {
        family = .v6
        self.high = high
        self.low = low
    }

    /// `127.0.0.1`, `::1`, `[::1]`, `::ffff:10.0.0.1`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        var literal = Substring(text)
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        guard !literal.isEmpty, literal.utf8.count <= 45, !literal.utf8.contains(0) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(literal), &v4) == 1 {
            self.init(ipv4: UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, String(literal), &v6) == 1 else { return nil }
        self.init(ipv6Bytes: withUnsafeBytes(of: &v6) { Array($0) })
    }

    /// 16 bytes in network order.
    init(ipv6Bytes bytes: [UInt8]) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.prefix(16).enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(ipv6: high, low)
    }

    /// The address in a `sockaddr_in` or `sockaddr_in6`; nil for other families or short buffers.
    init?(socketAddress: UnsafeRawBufferPointer) {
        guard socketAddress.count >= MemoryLayout<sockaddr>.size else { return nil }
        let family = Int32(socketAddress.loadUnaligned(fromByteOffset: MemoryLayout<sockaddr>.offset(of: \.sa_family) ?? 0, as: sa_family_t.self))
        switch family {
        case AF_INET where socketAddress.count >= MemoryLayout<sockaddr_in>.size:
            let address = socketAddress.loadUnaligned(as: sockaddr_in.self)
            self.init(ipv4: UInt32(bigEndian: address.sin_addr.s_addr))
        case AF_INET6 where socketAddress.count >= MemoryLayout<sockaddr_in6>.size:
            var address = socketAddress.loadUnaligned(as: sockaddr_in6.self)
            self.init(ipv6Bytes: withUnsafeBytes(of: &address.sin6_addr) { Array($0) })
        default:
            return nil
        }
    }

    /// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`)
    /// or NAT64 (`64:ff9b::a.b.c.d`) IPv6 address: connecting to those reaches that IPv4 host.
    public var embeddedIPv4: IPAddress? {
        guard family == .v6 else { return nil }
        let v4 = IPAddress(ipv4: UInt32(truncatingIfNeeded: low))
        switch (high, low >> 32) {
        case (0, 0xFFFF): return v4                    // ::ffff:0:0/96, mapped
        case (0, 0) where low > 1: return v4           // ::/96, compatible (:: and ::1 are themselves)
        case (0x0064_FF9B_0000_0000, 0): return v4     // 64:ff9b::/96, NAT64
        default: return nil
        }
    }

    public var description: String {
        switch family {
        case .v4:
            let value = UInt32(truncatingIfNeeded: low)
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        case .v6:
            var bytes = [UInt8](repeating: 0, count: 16)
            for index in 0..<8 {
                bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
                bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
            }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            let written = bytes.withUnsafeBytes { inet_ntop(AF_INET6, $0.baseAddress, &text, socklen_t(text.count)) }
            guard written != nil else { return "?" }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

/// A CIDR range: `10.0.0.0/8`, `fc00::/7`, or one address (`127.0.0.1` is `127.0.0.1/32`).
public struct IPRange: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    /// Host bits set in `address` are ignored (`10.1.2.3/8` is `10.0.0.0/8`).
    public init?(_ address: IPAddress, prefixLength: Int) {
        let bits = address.family == .v4 ? 32 : 128
        guard (0...bits).contains(prefixLength) else { return nil }
        self.prefixLength = prefixLength
        let (highMask, lowMask) = Self.masks(family: address.family, prefixLength: prefixLength)
        network = address.family == .v4
            ? IPAddress(ipv4: UInt32(truncatingIfNeeded: address.low & lowMask))
            : IPAddress(ipv6: address.high & highMask, address.low & lowMask)
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let bits = address.family == .v4 ? 32 : 128
        guard parts.count == 2 else {
            self.init(address, prefixLength: bits)
            return
        }
        // Digits only: Int("+8") would accept a sign.
        guard !parts[1].isEmpty, parts[1].utf8.count <= 3, parts[1].utf8.allSatisfy({ (48...57).contains($0) }),
              let length = Int(parts[1]) else { return nil }
        self.init(address, prefixLength: length)
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.family == network.family else { return false }
        let (highMask, lowMask) = Self.masks(family: network.family, prefixLength: prefixLength)
        return address.high & highMask == network.high && address.low & lowMask == network.low
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func masks(family: IPAddress.Family, prefixLength: Int) -> (UInt64, UInt64) {
        switch family {
        case .v4:
            return (0, prefixLength == 0 ? 0 : UInt64(UInt32.max << (32 - prefixLength)))
        case .v6:
            let high: UInt64 = prefixLength >= 64 ? .max : (prefixLength == 0 ? 0 : .max << (64 - prefixLength))
            let low: UInt64 = prefixLength <= 64 ? 0 : (prefixLength == 128 ? .max : .max << (128 - prefixLength))
            return (high, low)
        }
    }
}
