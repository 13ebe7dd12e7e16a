import Foundation
import TestSupport
import XCTest
@testable import Outbound

/// Issue #12, SSRF: connections to internal addresses are refused at connect time, with the
/// address actually connected to, for HTTP and SMTP.
final class AddressRefusalTests: XCTestCase {
    private func refusal(_ client: HTTPClient, _ url: String) async -> OutboundError? {
        do {
            let response = try await client.send(OutboundRequest(url: url, connectTimeout: .seconds(3)))
            XCTFail("expected a refusal for \(url), got status \(response.status)")
        } catch let error as OutboundError {
            return error
        } catch {
            XCTFail("expected an OutboundError for \(url), got \(error)")
        }
        return nil
    }

    func testLoopbackIsRefusedByDefaultAndTheServerSeesNoConnection() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let error = await refusal(HTTPClient(), server.baseURL + "/echo")
        XCTAssertEqual(error, .addressRefused(host: "127.0.0.1", address: "127.0.0.1"))
        XCTAssertEqual(error?.adminMessage, "Adresse interne refusée : 127.0.0.1 (ajoutez-la à OUTBOUND_ALLOW si ce destinataire est légitime)")
        XCTAssertEqual(server.connectionCount, 0, "refused before connecting")
        XCTAssertTrue(server.requests.isEmpty)
    }

    func testAllowListedLoopbackIsReached() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(addressPolicy: try OutboundAddressPolicy(allowList: "127.0.0.1/32"))
        let response = try await client.send(OutboundRequest(url: server.baseURL + "/echo"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(server.connectionCount, 1)
    }

    /// The name is checked through what it resolves to: `localhost` is loopback.
    func testLocalhostNameIsRefused() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let error = await refusal(HTTPClient(), "http://localhost:\(server.port)/echo")
        guard case .addressRefused(let host, let address) = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertEqual(host, "localhost")
        XCTAssertTrue(["127.0.0.1", "::1"].contains(address), address)
        XCTAssertEqual(error?.adminMessage.hasPrefix("Adresse interne refusée : \(address) (localhost)"), true)
        XCTAssertEqual(server.connectionCount, 0)
    }

    func testAHostNameEntryAllowsThatNameOnly() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(addressPolicy: try OutboundAddressPolicy(allowList: "localhost"))
        let response = try await client.send(OutboundRequest(url: "http://localhost:\(server.port)/echo"))
        XCTAssertEqual(response.status, 200)
        let error = await refusal(client, "http://127.0.0.1:\(server.port)/echo")
        XCTAssertEqual(error, .addressRefused(host: "127.0.0.1", address: "127.0.0.1"))
    }

    func testIPv6AndMappedLoopbackAndMetadataAreRefused() async throws {
        let client = HTTPClient()
        let cases = [
            ("http://[::1]:9/", "::1"), ("http://[::ffff:127.0.0.1]:9/", "::ffff:127.0.0.1"),
            ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"), ("http://10.0.0.1:9/", "10.0.0.1"),
            ("http://0.0.0.0:9/", "0.0.0.0"), ("http://[fd00::1]:9/", "fd00::1"),
        ]
        for (url, address) in cases {
            let error = await refusal(client, url)
            guard case .addressRefused(_, let refused) = error else {
                XCTFail("\(url): got \(String(describing: error))")
                continue
            }
            XCTAssertEqual(refused, address, url)
        }
    }

    func testErrorDescriptionIsEnglishAndSingleLine() {
        let error = OutboundError.addressRefused(host: "crm\r\nx", address: "10.0.0.1")
        XCTAssertFalse(error.description.contains("\n"), error.description)
        XCTAssertTrue(error.description.contains("OUTBOUND_ALLOW"))
        XCTAssertFalse(error.adminMessage.contains("\n"), error.adminMessage)
    }

    // MARK: SMTP

    func testSMTPToLoopbackIsRefusedByDefault() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let message = MailMessage(from: "crm@academy.example", to: ["zoe@example.com"], subject: "Hi", textBody: "Hi")
        let server = SMTPServer(host: "127.0.0.1", port: fake.port, security: .none, timeout: .seconds(5), connectTimeout: .seconds(3))
        do {
            try await SMTPClient().send(message, via: server)
            XCTFail("expected a refusal")
        } catch let error as OutboundError {
            XCTAssertEqual(error, .addressRefused(host: "127.0.0.1", address: "127.0.0.1"))
        }
        do {
            try await SMTPClient().check(SMTPServer(host: "localhost", port: fake.port, security: .none, timeout: .seconds(5)))
            XCTFail("expected a refusal")
        } catch let error as OutboundError {
            guard case .addressRefused(let host, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(host, "localhost")
        }
        XCTAssertTrue(fake.commands.isEmpty, "the SMTP server never saw a session")
        XCTAssertTrue(fake.messages.isEmpty)

        try await SMTPClient(addressPolicy: .testLoopback).send(message, via: server)
        XCTAssertEqual(fake.messages.count, 1, "allowed explicitly, the same server is reached")
    }
}
