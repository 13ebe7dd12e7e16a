@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// TOTP, base32 and recovery codes: pure functions, no database.
final class TOTPTests: XCTestCase {
    // RFC 6238 Appendix B (https://www.rfc-editor.org/rfc/rfc6238#appendix-B): 8 digits, 30 s
    // steps, T0 = 0. The appendix's prose names only the 20-byte seed; the SHA-256 and SHA-512 rows
    // were computed with the 32- and 64-byte seeds of its Appendix A reference code (reported in
    // the RFC's errata). The table was read from Appendix B as quoted verbatim in stored copies (the
    // otherwise-unrelated test suites of LinOTP and others), and agrees row for row with Botan's
    // src/tests/data/otp/hotp.vec ("From RFC 6238") and flutter_mfa_core's rfc6238Vectors
    // (https://pub.dev/documentation/flutter_mfa_core/0.2.0/testing/rfc6238Vectors-constant.html).
    static let seeds: [TOTP.Algorithm: String] = [
        .sha1: "12345678901234567890",
        .sha256: "12345678901234567890123456789012",
        .sha512: "1234567890123456789012345678901234567890123456789012345678901234",
    ]
    static let appendixB: [(time: TimeInterval, algorithm: TOTP.Algorithm, code: String)] = [
        (59, .sha1, "94287082"), (59, .sha256, "46119246"), (59, .sha512, "90693936"),
        (1_111_111_109, .sha1, "07081804"), (1_111_111_109, .sha256, "68084774"), (1_111_111_109, .sha512, "25091201"),
        (1_111_111_111, .sha1, "14050471"), (1_111_111_111, .sha256, "67062674"), (1_111_111_111, .sha512, "99943326"),
        (1_234_567_890, .sha1, "89005924"), (1_234_567_890, .sha256, "91819424"), (1_234_567_890, .sha512, "93441116"),
        (2_000_000_000, .sha1, "69279037"), (2_000_000_000, .sha256, "90698825"), (2_000_000_000, .sha512, "38618901"),
        (20_000_000_000, .sha1, "65353130"), (20_000_000_000, .sha256, "77737706"), (20_000_000_000, .sha512, "47863826"),
    ]

    static func rfcTOTP(_ algorithm: TOTP.Algorithm = .sha1, digits: Int = 6) -> TOTP {
        TOTP(secret: Array(seeds[algorithm]!.utf8), digits: digits, algorithm: algorithm)
    }

    func testRFC6238AppendixBVectors() {
        XCTAssertEqual(Self.appendixB.count, 18)
        for vector in Self.appendixB {
            let totp = Self.rfcTOTP(vector.algorithm, digits: 8)
            let date = Date(timeIntervalSince1970: vector.time)
            XCTAssertEqual(totp.code(at: date), vector.code, "\(vector.algorithm) at \(Int(vector.time))")
            XCTAssertNotNil(totp.verify(vector.code, at: date, window: 0), "\(vector.algorithm) at \(Int(vector.time))")
        }
        // The "Value of T (hex)" column: the counters the codes were computed from.
        let totp = Self.rfcTOTP()
        XCTAssertEqual(totp.counter(at: Date(timeIntervalSince1970: 59)), 0x1)
        XCTAssertEqual(totp.counter(at: Date(timeIntervalSince1970: 1_111_111_109)), 0x0235_23EC)
        XCTAssertEqual(totp.counter(at: Date(timeIntervalSince1970: 20_000_000_000)), 0x27BC_86AA)
    }

    /// RFC 4226 Appendix D (https://www.rfc-editor.org/rfc/rfc4226#appendix-D): HOTP of the same
    /// SHA-1 seed for counters 0 to 9, 6 digits, as quoted in Botan's hotp.vec and Chilkat's HOTP
    /// example. The 6-digit TOTP at T = 59 is counter 1's value, the last 6 digits of 94287082.
    func testSixDigitCodesAndRFC4226AppendixD() {
        let totp = Self.rfcTOTP()
        XCTAssertEqual(totp.code(at: Date(timeIntervalSince1970: 59)), "287082")
        let hotp = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        XCTAssertEqual((0..<10).map { totp.code(counter: $0) }, hotp)
    }

    func testOneStepEitherSideIsAcceptedAndTwoAreNot() {
        let totp = Self.rfcTOTP()
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.counter(at: now)
        XCTAssertEqual(totp.verify(totp.code(at: now), at: now), step)
        XCTAssertEqual(totp.verify(totp.code(at: now - 30), at: now), step - 1, "the phone 30 s behind")
        XCTAssertEqual(totp.verify(totp.code(at: now + 30), at: now), step + 1, "the phone 30 s ahead")
        XCTAssertNil(totp.verify(totp.code(at: now - 60), at: now))
        XCTAssertNil(totp.verify(totp.code(at: now + 60), at: now))
        XCTAssertNil(totp.verify(totp.code(at: now - 30), at: now, window: 0), "window 0 is the current step only")
        XCTAssertEqual(totp.verify(totp.code(at: now - 60), at: now, window: 2), step - 2)
        // The same code typed twice matches the same counter: that is how the caller, comparing
        // with the last counter it stored, refuses the replay.
        let code = totp.code(at: now)
        XCTAssertEqual(totp.verify(code, at: now + 5), totp.verify(code, at: now))
    }

    func testMalformedCodesAreRefused() {
        let totp = Self.rfcTOTP()
        let t59 = Date(timeIntervalSince1970: 59)
        XCTAssertEqual(totp.verify("287 082", at: t59), 1, "spaces as apps display the code")
        XCTAssertEqual(totp.verify(" 287082\n", at: t59), 1, "pasted with surrounding whitespace")
        for typed in ["", "28708", "2870820", "0287082", "28708a", "287-082", "+287082", "28708.2",
                      "٢٨٧٠٨٢", "２８７０８２", "287082\u{0}"] {
            XCTAssertNil(totp.verify(typed, at: t59), typed.debugDescription)
        }
        XCTAssertNil(Self.rfcTOTP(digits: 8).verify("287082", at: t59), "6 digits where 8 are expected")
        XCTAssertEqual(Self.rfcTOTP(digits: 8).verify("9428 7082", at: t59), 1)
    }

    func testRandomSecretsAndDescriptionKeepTheSecretOut() {
        let first = TOTP.randomSecret(), second = TOTP.randomSecret()
        XCTAssertEqual(first.count, 20)
        XCTAssertNotEqual(first, second)
        let totp = TOTP(secret: first)
        XCTAssertEqual("\(totp)", "TOTP(SHA1, 6 digits, 30 s)")
        XCTAssertFalse(String(reflecting: totp).contains(Base32.encode(first)))
    }

    func testProvisioningURI() throws {
        let totp = Self.rfcTOTP()
        XCTAssertEqual(
            totp.provisioningURI(account: "alice@example.com", issuer: "BCOS"),
            "otpauth://totp/BCOS:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=BCOS&algorithm=SHA1&digits=6&period=30")
        // Spaces as %20 (not +), a colon that is not the separator, non-ASCII as UTF-8, & and =.
        let uri = totp.provisioningURI(account: "amal:ben é", issuer: "ACME Co & Fils=1")
        XCTAssertEqual(
            uri,
            "otpauth://totp/ACME%20Co%20%26%20Fils%3D1:amal%3Aben%20%C3%A9?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=ACME%20Co%20%26%20Fils%3D1&algorithm=SHA1&digits=6&period=30")
        let components = try XCTUnwrap(URLComponents(string: uri))
        XCTAssertEqual(components.scheme, "otpauth")
        XCTAssertEqual(components.host, "totp")
        XCTAssertEqual(components.path, "/ACME Co & Fils=1:amal:ben é")
        XCTAssertEqual(components.queryItems?.first { $0.name == "issuer" }?.value, "ACME Co & Fils=1")
        XCTAssertEqual(components.queryItems?.map(\.name), ["secret", "issuer", "algorithm", "digits", "period"])
        XCTAssertTrue(Self.rfcTOTP(.sha512, digits: 8).provisioningURI(account: "a", issuer: "B").hasSuffix("&algorithm=SHA512&digits=8&period=30"))
    }

    // RFC 4648 section 10, without the padding our encoder leaves out.
    static let base32Vectors = [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ]

    func testBase32RFC4648Vectors() {
        for (plain, encoded) in Self.base32Vectors {
            XCTAssertEqual(Base32.encode(Array(plain.utf8)), encoded, plain)
            XCTAssertEqual(Base32.decode(encoded), Array(plain.utf8), encoded)
        }
        // As section 10 prints them (padded), and as people type them.
        XCTAssertEqual(Base32.decode("MZXW6YTBOI======"), Array("foobar".utf8))
        XCTAssertEqual(Base32.decode("MY======"), Array("f".utf8))
        XCTAssertEqual(Base32.decode("mzxw 6ytb-oi"), Array("foobar".utf8))
    }

    func testBase32RefusesWhatNoEncoderWrites() {
        for text in ["MZXW6YTBO0", "MZXW6YTBO1", "MZXW6YTBO8", "MZXW6YTBOI_", "MZXW6YTBOÉ", "MZ=XW6YTBOI", "MZXW6YTBOI==\n",
                     "M", "MZX", "MZXW6Y", // lengths no byte string encodes to
                     "MZ"] { // "MZ" leaves non-zero bits ("f" is "MY")
            XCTAssertNil(Base32.decode(text), text.debugDescription)
        }
    }

    /// Random byte strings round-trip, also through the forms people type (any case, spaces,
    /// hyphens, padding). Replay a failure with the BCOS_FUZZ_SEED or BCOS_FUZZ_CASE printed.
    func testBase32RoundTripsGeneratedBytes() throws {
        try Fuzz.run("base32 round trip", budget: .seconds(1), maxIterations: 5000) { random in
            let bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let encoded = Base32.encode(bytes)
            try Fuzz.expect(encoded.utf8.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8.contains($0) }, "alphabet: \(encoded)")
            try Fuzz.expect(encoded.count == (bytes.count * 8 + 4) / 5, "length \(encoded.count) for \(bytes.count) bytes")
            try Fuzz.expect(Base32.decode(encoded) == bytes, "\(bytes) → \(encoded) did not decode back")
            var typed = ""
            for character in encoded {
                typed.append(random.chance(0.5) ? Character(character.lowercased()) : character)
                if random.chance(0.1) { typed.append(random.element(of: [" ", "-"])) }
            }
            if random.chance(0.5) { typed += String(repeating: "=", count: (8 - encoded.count % 8) % 8) }
            try Fuzz.expect(Base32.decode(typed) == bytes, "\(bytes) typed as \(typed.debugDescription) did not decode back")
        }
    }

    func testRecoveryCodes() {
        let codes = RecoveryCodes.generate()
        XCTAssertEqual(codes.count, 10)
        XCTAssertEqual(Set(codes).count, 10, "distinct")
        XCTAssertEqual(Set(codes.map(RecoveryCodes.hash)).count, 10)
        let symbols = Set("abcdefghjkmnpqrstuvwxyz23456789")
        for code in codes {
            let groups = code.split(separator: "-", omittingEmptySubsequences: false)
            XCTAssertEqual(groups.map(\.count), [4, 4, 4], code)
            XCTAssertTrue(groups.joined().allSatisfy(symbols.contains), code)
        }
        XCTAssertTrue(codes.joined().allSatisfy { !"0o1li".contains($0) }, "no ambiguous characters")
        XCTAssertEqual(RecoveryCodes.generate(count: 3).count, 3)

        XCTAssertEqual(RecoveryCodes.normalised(" K7M2 9xqp-4HT8\n"), "k7m29xqp4ht8")
        let stored = RecoveryCodes.hash("k7m2-9xqp-4ht8")
        XCTAssertEqual(RecoveryCodes.hash("K7M2 9XQP 4HT8"), stored)
        XCTAssertEqual(RecoveryCodes.hash("k7m29xqp4ht8"), stored)
        XCTAssertNotEqual(RecoveryCodes.hash("k7m2-9xqp-4ht9"), stored)
        // SHA-256("abc") from FIPS 180-2: the hash is plain lowercase hex of the normalised text.
        XCTAssertEqual(RecoveryCodes.hash("A-B C"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
