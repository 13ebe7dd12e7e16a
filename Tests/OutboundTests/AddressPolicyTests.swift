import Foundation
import TestSupport
import XCTest
@testable import Outbound

/// Issue #12, SSRF: the address policy's parsing and matching.
final class AddressPolicyTests: XCTestCase {
    func testCIDRParsingAndMatching() throws {
        let ten = try XCTUnwrap(IPRange("10.0.0.0/8"))
        XCTAssertTrue(ten.contains(try XCTUnwrap(IPAddress("10.255.1.2"))))
        XCTAssertFalse(ten.contains(try XCTUnwrap(IPAddress("11.0.0.1"))))
        XCTAssertFalse(ten.contains(try XCTUnwrap(IPAddress("::ffff:10.0.0.1"))), "a range matches its own family")
        XCTAssertEqual(IPRange("10.1.2.3/8")?.description, "10.0.0.0/8", "host bits are ignored")
        XCTAssertEqual(IPRange("127.0.0.1")?.description, "127.0.0.1/32")
        XCTAssertEqual(IPRange("::1")?.description, "::1/128")
        let unique = try XCTUnwrap(IPRange("fc00::/7"))
        XCTAssertTrue(unique.contains(try XCTUnwrap(IPAddress("fd12:3456::1"))))
        XCTAssertFalse(unique.contains(try XCTUnwrap(IPAddress("fe00::1"))))
        XCTAssertTrue(try XCTUnwrap(IPRange("0.0.0.0/0")).contains(try XCTUnwrap(IPAddress("8.8.8.8"))))
        for invalid in ["10.0.0.0/33", "::/129", "10.0.0.0/+8", "10.0.0.0/", "10.0.0.0/8/8", "010.0.0.1", "127.1", "0x7f.0.0.1",
                        "2130706433", "fe80::1%eth0", "[::1", "1.2.3.4.5", "", "/8", "::ffff:1.2.3", "10.0.0.0/08x"] {
            XCTAssertNil(IPRange(invalid), invalid)
        }
    }

    func testInternalAddressesIncludingTheirIPv6Forms() throws {
        let internalAddresses = [
            "127.0.0.1", "127.255.255.254", "::1", "::", "0.0.0.0", "0.1.2.3", "169.254.169.254", "fe80::1", "febf::1",
            "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255", "fc00::1", "fd12::1",
            "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:0.0.0.0", "::ffff:192.168.0.1",
            "::127.0.0.1", "::10.0.0.1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe",
        ]
        for text in internalAddresses {
            XCTAssertTrue(OutboundAddressPolicy.isInternal(try XCTUnwrap(IPAddress(text), text)), text)
            XCTAssertFalse(OutboundAddressPolicy.refuseInternal.permits(try XCTUnwrap(IPAddress(text)), host: "example.org"), text)
        }
        let external = ["8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1",
                        "169.255.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2001:db8::1"]
        for text in external {
            XCTAssertFalse(OutboundAddressPolicy.isInternal(try XCTUnwrap(IPAddress(text), text)), text)
        }
    }

    func testAllowListParsing() throws {
        let policy = try OutboundAddressPolicy(allowList: " 127.0.0.1/32, CRM.Internal. ,fd00::/8,,10.20.0.5 ")
        XCTAssertEqual(policy.allowedRanges.map(\.description), ["127.0.0.1/32", "fd00::/8", "10.20.0.5/32"])
        XCTAssertEqual(policy.allowedHosts, ["crm.internal"])
        for invalid in ["10.0.0.0/33", "crm internal", "http://crm.internal", "10.0.0.0/8;rm", "-bad.example", "é", "crm.internal:8080"] {
            XCTAssertThrowsError(try OutboundAddressPolicy(allowList: invalid), invalid) { error in
                XCTAssertEqual((error as? OutboundAddressPolicy.InvalidEntry)?.entry, invalid.trimmingCharacters(in: .whitespaces))
            }
        }
        XCTAssertEqual(try OutboundAddressPolicy.fromEnvironment([:]), .refuseInternal)
        XCTAssertEqual(try OutboundAddressPolicy.fromEnvironment(["OUTBOUND_ALLOW": ""]), .refuseInternal)
        XCTAssertEqual(try OutboundAddressPolicy.fromEnvironment(["OUTBOUND_ALLOW": "127.0.0.1/32"]).allowedRanges.count, 1)
    }

    func testAllowListExemptsOnlyWhatItNames() throws {
        let policy = try OutboundAddressPolicy(allowList: "127.0.0.1/32,crm.internal")
        let loopback = try XCTUnwrap(IPAddress("127.0.0.1"))
        XCTAssertTrue(policy.permits(loopback, host: "anything"))
        XCTAssertTrue(policy.permits(try XCTUnwrap(IPAddress("::ffff:127.0.0.1")), host: "x"), "the mapped form of an allowed address")
        XCTAssertFalse(policy.permits(try XCTUnwrap(IPAddress("127.0.0.2")), host: "x"))
        XCTAssertFalse(policy.permits(try XCTUnwrap(IPAddress("::1")), host: "x"))
        // Host entries match the name in the request, whatever it resolves to.
        let internalAddress = try XCTUnwrap(IPAddress("10.9.8.7"))
        XCTAssertTrue(policy.permits(internalAddress, host: "CRM.internal."))
        XCTAssertFalse(policy.permits(internalAddress, host: "evil.crm.internal"))
        XCTAssertFalse(policy.permits(internalAddress, host: "10.9.8.7"))
        XCTAssertTrue(policy.permits(try XCTUnwrap(IPAddress("93.184.216.34")), host: "example.org"), "public addresses stay allowed")
    }

    /// Range matching against a reference that compares bit by bit.
    func testFuzzRangeMatchingAgainstBitByBitReference() throws {
        try Fuzz.run("cidr match") { random in
            let v6 = random.chance(0.5)
            let bytesCount = v6 ? 16 : 4
            let base = random.bytes(from: Array(0...255), count: bytesCount)
            var other = base
            // Mostly near misses: flip one bit somewhere.
            if random.chance(0.8) {
                let bit = Int.random(in: 0..<(bytesCount * 8), using: &random)
                let mask: UInt8 = 0x80 >> UInt8(bit % 8)
                other[bit / 8] ^= mask
            } else {
                other = random.bytes(from: Array(0...255), count: bytesCount)
            }
            let prefix = Int.random(in: 0...(bytesCount * 8), using: &random)
            let baseText = Self.text(base), otherText = Self.text(other)
            let range = try XCTUnwrap(IPRange("\(baseText)/\(prefix)"))
            let address = try XCTUnwrap(IPAddress(otherText))
            let expected = (0..<prefix).allSatisfy { bit in Self.bit(base, bit) == Self.bit(other, bit) }
            try Fuzz.expect(range.contains(address) == expected, "\(range) contains \(otherText): \(range.contains(address)), expected \(expected)")
            try Fuzz.expect(IPAddress(address.description) == address, "\(otherText) → \(address) does not parse back")
        }
    }

    /// Allow-lists and URLs from configuration: a value or an error, never a trap.
    func testFuzzHostileTextNeverTraps() throws {
        let alphabet = Array("0123456789abcdefABCDEF.:/%[]@,\\ -_x\u{0}".utf8) + [0xC3, 0xA9, 0xFF]
        try Fuzz.run("policy and URL text") { random in
            let text = String(decoding: random.bytes(from: alphabet, count: Int.random(in: 0..<50, using: &random)), as: UTF8.self)
            _ = IPAddress(text)
            _ = IPRange(text)
            _ = try? OutboundAddressPolicy(allowList: text)
            let url = random.element(of: ["http://", "https://", "smtp://", "HTTP://", ""]) + text
            if let parts = try? OutboundURL.validate(url) {
                try Fuzz.expect(!parts.host.isEmpty && !parts.host.contains("%") && !parts.host.contains("@"), "\(url.debugDescription) → \(parts)")
            }
        }
    }

    private static func bit(_ bytes: [UInt8], _ index: Int) -> UInt8 {
        let shift = UInt8(7 - index % 8)
        return (bytes[index / 8] >> shift) & 1
    }

    private static func text(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}

final class OutboundURLTests: XCTestCase {
    func testHostsAreParsedTheWayLibcurlParsesThem() throws {
        XCTAssertEqual(try OutboundURL.validate("https://CRM.Example.org:8443/hook?x=1"), OutboundURL.Parts(scheme: "https", host: "crm.example.org", port: 8443))
        XCTAssertEqual(try OutboundURL.validate("http://[::1]:8080/").host, "::1")
        XCTAssertEqual(try OutboundURL.validate("http://127.0.0.1/").port, nil)
    }

    func testTrickyURLsAreRefused() {
        for url in [
            "http://%31%32%37.0.0.1/", "http://127.0.0.1%2f@evil/", "http://[fe80::1%25eth0]/", "https://trusted.example@evil.example/",
            "https://user:pass@example.org/", "http://example.org\\@127.0.0.1/", "http://example.org:0/", "http://example.org:65536/",
            "http://example.org:80:80/", "http://[::1/", "http://[127.0.0.1]/", "http://:80/", "http://exa\u{85}mple.org/",
            "http://example.org:+80/", "HTTP://.", "http://../x",
        ] {
            XCTAssertThrowsError(try OutboundURL.validate(url), url.debugDescription) { error in
                XCTAssertEqual(error as? OutboundError, .invalidURL(url))
            }
        }
        XCTAssertThrowsError(try OutboundURL.validate("smtp://mail.example.org/")) { error in
            XCTAssertEqual(error as? OutboundError, .protocolNotAllowed("smtp"))
        }
        XCTAssertEqual(try? OutboundURL.validate("smtps://mail.example.org:465", allowedSchemes: ["smtp", "smtps"]).host, "mail.example.org")
    }
}
