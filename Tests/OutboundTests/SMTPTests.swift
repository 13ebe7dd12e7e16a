import Foundation
import XCTest
import TestSupport
@testable import Outbound

/// SMTPClient against FakeSMTPServer (a real SMTP server on 127.0.0.1, plain text).
final class SMTPTests: XCTestCase {
    private let arabicSubject = "تأكيد التسجيل في دورة تطوير الويب المتقدمة — مَرْحَبًا بِكُمْ في أكاديميتنا ✨ 👩🏽‍💻"

    private func server(
        _ fake: FakeSMTPServer, security: SMTPServer.Security = .none, username: String? = nil, password: String? = nil,
        timeout: Duration = .seconds(10)
    ) -> SMTPServer {
        SMTPServer(host: "127.0.0.1", port: fake.port, security: security, username: username, password: password,
                   timeout: timeout, connectTimeout: .seconds(5))
    }

    private func message(
        subject: String = "Hello", to: [MailAddress] = ["zoe@example.com"], cc: [MailAddress] = [],
        text: String = "Hello Zoé", html: String? = nil, fromName: String? = "BCOS Academy"
    ) -> MailMessage {
        MailMessage(from: MailAddress("crm@academy.example", name: fromName), to: to, cc: cc,
                    subject: subject, textBody: text, htmlBody: html)
    }

    private func sendExpectingError(_ client: SMTPClient, _ message: MailMessage, via server: SMTPServer) async -> OutboundError? {
        do {
            try await client.send(message, via: server)
            XCTFail("expected the send to fail")
            return nil
        } catch let error as OutboundError {
            return error
        } catch {
            XCTFail("expected an OutboundError, got \(error)")
            return nil
        }
    }

    private func checkExpectingError(_ client: SMTPClient, _ server: SMTPServer) async -> OutboundError? {
        do {
            try await client.check(server)
            XCTFail("expected the check to fail")
            return nil
        } catch let error as OutboundError {
            return error
        } catch {
            XCTFail("expected an OutboundError, got \(error)")
            return nil
        }
    }

    // MARK: Content

    func testArabicSubjectArrivesAsEncodedWordsThatDecodeBack() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let fromName = "أكاديمية البرمجة"

        try await SMTPClient(addressPolicy: .testLoopback).send(message(subject: arabicSubject, fromName: fromName), via: server(fake))

        let received = try XCTUnwrap(fake.messages.first)
        XCTAssertEqual(fake.messages.count, 1)
        let parsed = ParsedMail(received.data)
        for line in parsed.headerLines where line.contains("=?") {
            XCTAssertLessThanOrEqual(line.utf8.count, 76, "RFC 2047 §2 line limit: \(line)")
        }
        let subject = try XCTUnwrap(parsed.header("Subject"))
        let words = subject.split(separator: " ").map(String.init)
        XCTAssertGreaterThan(words.count, 1, "long text is split into several encoded-words")
        var decoded = ""
        for word in words {
            XCTAssertLessThanOrEqual(word.count, 75, word)
            let piece = try XCTUnwrap(decodeEncodedWord(word), "every word decodes on its own to valid UTF-8: \(word)")
            decoded += piece
        }
        XCTAssertEqual(decoded, arabicSubject)

        let from = try XCTUnwrap(parsed.header("From"))
        XCTAssertTrue(from.hasSuffix("<crm@academy.example>"), from)
        XCTAssertEqual(decodeEncodedWords(String(from.dropLast("<crm@academy.example>".count))), fromName)
    }

    func testMultipartAlternativePartsDecodeToTheRightUTF8Bodies() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let text = "Bonjour Zoé,\n\nVotre inscription à « Swift avancé » est confirmée.\n"
            + String(repeating: "Une très longue ligne sans retour à la ligne, ", count: 8) + "fin.\n"
            + ".\n.ligne qui commence par un point\nprix = 30 € \nFin."
        let html = "<html><body dir=\"rtl\">\n<p>مرحباً زوي، تم تأكيد تسجيلك في «تطوير الويب».</p>\n"
            + String(repeating: "<p>نراكم قريباً في الدورة القادمة.</p>", count: 6) + "\n</body></html>"

        try await SMTPClient(addressPolicy: .testLoopback).send(message(text: text, html: html), via: server(fake))

        let received = try XCTUnwrap(fake.messages.first)
        let parsed = ParsedMail(received.data)
        XCTAssertEqual(parsed.header("MIME-Version"), "1.0")
        let contentType = try XCTUnwrap(parsed.header("Content-Type"))
        XCTAssertTrue(contentType.hasPrefix("multipart/alternative;"), contentType)
        for line in parsed.bodyLines {
            XCTAssertLessThanOrEqual(line.utf8.count, 76, "body line too long: \(line)")
        }

        let parts = try parsed.parts()
        XCTAssertEqual(parts.count, 2)
        let plain = try XCTUnwrap(parts.first)
        XCTAssertEqual(plain.header("Content-Type"), "text/plain; charset=UTF-8")
        XCTAssertEqual(plain.header("Content-Transfer-Encoding"), "quoted-printable", "mostly-ASCII text stays readable")
        XCTAssertEqual(try plain.decodedText(), crlf(text))

        let rich = try XCTUnwrap(parts.last)
        XCTAssertEqual(rich.header("Content-Type"), "text/html; charset=UTF-8")
        XCTAssertEqual(rich.header("Content-Transfer-Encoding"), "base64", "Arabic is shorter in base64")
        XCTAssertEqual(try rich.decodedText(), crlf(html))
    }

    func testTextOnlyMessageIsASingleTextPart() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let text = "سلام عليكم\nLigne 2 avec des accents : é à ç"

        try await SMTPClient(addressPolicy: .testLoopback).send(message(text: text), via: server(fake))

        let parsed = ParsedMail(try XCTUnwrap(fake.messages.first).data)
        XCTAssertEqual(parsed.header("Content-Type"), "text/plain; charset=UTF-8")
        XCTAssertFalse(parsed.raw.contains("multipart"))
        XCTAssertEqual(try parsed.asPart().decodedText(), crlf(text))
        XCTAssertNotNil(parsed.header("Date"))
        XCTAssertNotNil(parsed.header("Message-ID"))
    }

    // MARK: Header injection

    func testCRLFInSubjectAndNamesAddsNoHeader() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let mail = MailMessage(
            from: MailAddress("crm@academy.example", name: "Eve\r\nBcc: evil@x.com"),
            to: [MailAddress("zoe@example.com", name: "Zoé\nX-Injected: 1")],
            subject: "Bonjour\r\nBcc: evil@x.com",
            textBody: "Body")

        try await SMTPClient(addressPolicy: .testLoopback).send(mail, via: server(fake))

        let received = try XCTUnwrap(fake.messages.first)
        XCTAssertEqual(received.recipients, ["zoe@example.com"])
        let parsed = ParsedMail(received.data)
        let names = parsed.headers.map { $0.name.lowercased() }
        XCTAssertFalse(names.contains("bcc"), "\(names)")
        XCTAssertFalse(names.contains("x-injected"), "\(names)")
        XCTAssertEqual(names.filter { $0 == "subject" }.count, 1)
        XCTAssertEqual(parsed.header("Subject"), "Bonjour Bcc: evil@x.com", "the line break became a space")
        XCTAssertFalse(parsed.raw.contains("\r\nBcc:"))
        XCTAssertFalse(parsed.raw.contains("\nX-Injected:"))
    }

    func testAddressWithLineBreakIsRefusedBeforeConnecting() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let client = SMTPClient(addressPolicy: .testLoopback)
        for address in ["zoe@example.com>\r\nBcc: evil@x.com", "zoe@example.com\r\n", "a b@example.com", "<zoe@example.com>"] {
            let error = await sendExpectingError(client, message(to: [MailAddress(address)]), via: server(fake))
            XCTAssertEqual(error, .invalidMailAddress(address))
        }
        let badSender = MailMessage(from: "crm@academy.example\nBcc: evil@x.com", to: ["zoe@example.com"], subject: "s", textBody: "b")
        let error = await sendExpectingError(client, badSender, via: server(fake))
        XCTAssertEqual(error, .invalidMailAddress("crm@academy.example\nBcc: evil@x.com"))
        let noRecipients = await sendExpectingError(client, message(to: []), via: server(fake))
        XCTAssertEqual(noRecipients, .missingRecipients)
        XCTAssertEqual(client.transfersStarted, 0)
        XCTAssertEqual(fake.connectionCount, 0)
    }

    // MARK: Envelope

    func testCcRecipientsAreInTheEnvelope() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let mail = message(
            to: ["zoe@example.com"],
            cc: [MailAddress("karim@example.org", name: "كريم"), "team@academy.example", "ZOE@example.com"])

        try await SMTPClient(addressPolicy: .testLoopback).send(mail, via: server(fake))

        let received = try XCTUnwrap(fake.messages.first)
        XCTAssertEqual(received.from, "crm@academy.example")
        XCTAssertEqual(received.recipients, ["zoe@example.com", "karim@example.org", "team@academy.example"],
                       "To then Cc, each address once")
        let parsed = ParsedMail(received.data)
        XCTAssertEqual(parsed.header("To"), "zoe@example.com")
        let cc = try XCTUnwrap(parsed.header("Cc"))
        XCTAssertTrue(cc.contains("<karim@example.org>,"), cc)
        XCTAssertTrue(cc.contains("team@academy.example"), cc)
        XCTAssertNil(parsed.header("Bcc"))
    }

    // MARK: Authentication

    func testLoginAndPlainAuthenticationSucceed() async throws {
        let password = "pässwörd ✓ 🔑"
        for mechanism in ["LOGIN", "PLAIN"] {
            var configuration = FakeSMTPServer.Configuration(username: "crm@academy.example", password: password)
            configuration.authMechanisms = [mechanism]
            let fake = try FakeSMTPServer(configuration)
            defer { fake.stop() }

            try await SMTPClient(addressPolicy: .testLoopback).send(message(), via: server(fake, username: "crm@academy.example", password: password))

            let received = try XCTUnwrap(fake.messages.first, mechanism)
            XCTAssertEqual(received.authenticatedUser, "crm@academy.example")
            XCTAssertTrue(fake.commands.contains("AUTH \(mechanism)"), "\(fake.commands)")
            XCTAssertEqual(fake.commands.last, "QUIT", "the session ends politely")
        }
    }

    func testWrongPasswordIsAnAuthenticationErrorWithoutThePassword() async throws {
        let wrong = "Wr0ng-S3cret!"
        for mechanism in ["LOGIN", "PLAIN"] {
            var configuration = FakeSMTPServer.Configuration(username: "crm@academy.example", password: "right")
            configuration.authMechanisms = [mechanism]
            // A careless server quoting the credentials back: they must still not reach the error.
            configuration.echoCredentialsOnFailure = true
            let fake = try FakeSMTPServer(configuration)
            defer { fake.stop() }

            let error = await sendExpectingError(SMTPClient(addressPolicy: .testLoopback), message(), via: server(fake, username: "crm@academy.example", password: wrong))

            guard case .authenticationFailed(let detail) = error else {
                XCTFail("\(mechanism): expected authenticationFailed, got \(String(describing: error))")
                continue
            }
            let description = String(describing: error)
            XCTAssertTrue(description.lowercased().contains("authentication"), description)
            XCTAssertTrue(detail.contains("535"), detail)
            XCTAssertFalse(description.contains(wrong), description)
            XCTAssertFalse(description.contains(Data(wrong.utf8).base64EncodedString()), description)
            XCTAssertTrue(fake.messages.isEmpty)
        }
    }

    // MARK: Failures

    func testConnectionRefusedIsAClearError() async throws {
        let port = try FakeSMTPServer.closedPort()
        let target = SMTPServer(host: "127.0.0.1", port: port, security: .none, connectTimeout: .seconds(5))
        let error = await sendExpectingError(SMTPClient(addressPolicy: .testLoopback), message(), via: target)
        guard case .connectionFailed(let detail) = error else {
            return XCTFail("expected connectionFailed, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.contains("\(port)"), detail)
        XCTAssertTrue(String(describing: error).contains("could not connect"))
    }

    func testRejectedRecipientFailsTheSendWithTheServerReply() async throws {
        var configuration = FakeSMTPServer.Configuration()
        configuration.rejectedRecipients = ["nobody@example.com"]
        let fake = try FakeSMTPServer(configuration)
        defer { fake.stop() }

        let error = await sendExpectingError(SMTPClient(addressPolicy: .testLoopback), message(to: ["zoe@example.com", "nobody@example.com"]), via: server(fake))

        let description = String(describing: error)
        XCTAssertTrue(description.contains("550"), description)
        XCTAssertTrue(description.contains("User unknown"), description)
        XCTAssertTrue(fake.messages.isEmpty)
    }

    func testMessageRefusedAfterDataIsAnError() async throws {
        var configuration = FakeSMTPServer.Configuration()
        configuration.replies[.endOfData] = .init(554, "5.7.1 Message rejected as spam")
        let fake = try FakeSMTPServer(configuration)
        defer { fake.stop() }

        let error = await sendExpectingError(SMTPClient(addressPolicy: .testLoopback), message(), via: server(fake))

        let description = String(describing: error)
        XCTAssertTrue(description.contains("554 5.7.1 Message rejected as spam"), description)
        XCTAssertTrue(fake.messages.isEmpty)
    }

    func testTemporaryFailureAtMailFromIsReported() async throws {
        var configuration = FakeSMTPServer.Configuration()
        configuration.replies[.mail] = .init(451, "4.3.0 Try again later")
        let fake = try FakeSMTPServer(configuration)
        defer { fake.stop() }

        let error = await sendExpectingError(SMTPClient(addressPolicy: .testLoopback), message(), via: server(fake))

        XCTAssertTrue(String(describing: error).contains("451 4.3.0 Try again later"), String(describing: error))
    }

    func testSilentServerTimesOut() async throws {
        var configuration = FakeSMTPServer.Configuration()
        configuration.silent = true
        let fake = try FakeSMTPServer(configuration)
        defer { fake.stop() }
        let started = ContinuousClock.now

        let error = await sendExpectingError(SMTPClient(addressPolicy: .testLoopback), message(), via: server(fake, timeout: .seconds(1)))

        XCTAssertEqual(error, .timedOut)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
    }

    func testStartTLSIsRequiredNeverSkipped() async throws {
        let fake = try FakeSMTPServer(.init(username: "crm@academy.example", password: "secret"))
        defer { fake.stop() }

        let error = await sendExpectingError(SMTPClient(addressPolicy: .testLoopback), message(), via: server(fake, security: .startTLS, username: "crm@academy.example", password: "secret"))

        guard case .tlsFailed = error else {
            return XCTFail("expected tlsFailed, got \(String(describing: error))")
        }
        XCTAssertFalse(fake.commands.contains { $0.hasPrefix("AUTH") || $0.hasPrefix("MAIL") },
                       "no credentials or mail in clear text: \(fake.commands)")
    }

    func testImplicitTLSAgainstAPlainServerFails() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }

        let error = await sendExpectingError(SMTPClient(addressPolicy: .testLoopback), message(), via: server(fake, security: .tls))

        guard case .tlsFailed = error else {
            return XCTFail("expected tlsFailed, got \(String(describing: error))")
        }
        XCTAssertTrue(fake.messages.isEmpty)
        // The client may give up before the fake has read its ClientHello: wait for it.
        let sawHandshake = try await eventually { fake.commands == ["TLS-HANDSHAKE"] }
        XCTAssertTrue(sawHandshake, "\(fake.commands)")
    }

    func testInvalidServerIsRefusedBeforeConnecting() async throws {
        let client = SMTPClient(addressPolicy: .testLoopback)
        for host in ["", "smtp.example.com/evil", "user@smtp.example.com", "smtp example.com", "smtp.example.com:25", "-x.example.com", "smtp\r\n.example.com", "évil.example"] {
            let error = await sendExpectingError(client, message(), via: SMTPServer(host: host, port: 25, security: .none))
            XCTAssertEqual(error, .invalidMailServer(host), host.debugDescription)
        }
        for port in [0, -1, 65536] {
            let error = await sendExpectingError(client, message(), via: SMTPServer(host: "127.0.0.1", port: port, security: .none))
            XCTAssertEqual(error, .invalidMailServer("127.0.0.1"))
        }
        XCTAssertEqual(client.transfersStarted, 0)
        XCTAssertEqual(try SMTPServer(host: "::1", port: 2525, security: .tls).url(), "smtps://[::1]:2525")
        XCTAssertEqual(try SMTPServer(host: "smtp.example.org").url(), "smtp://smtp.example.org:587")
    }

    // MARK: check

    func testCheckSucceedsWithRightCredentialsAndFailsWithWrongOnes() async throws {
        var configuration = FakeSMTPServer.Configuration(username: "crm@academy.example", password: "right-secret")
        configuration.echoCredentialsOnFailure = true
        let fake = try FakeSMTPServer(configuration)
        defer { fake.stop() }
        let client = SMTPClient(addressPolicy: .testLoopback)

        try await client.check(server(fake, username: "crm@academy.example", password: "right-secret"))

        let verbs = fake.commands.map { String($0.prefix { $0 != " " }) }
        XCTAssertEqual(verbs, ["EHLO", "AUTH", "NOOP", "QUIT"])
        XCTAssertTrue(fake.messages.isEmpty)

        let error = await checkExpectingError(client, server(fake, username: "crm@academy.example", password: "wrong-secret"))
        guard case .authenticationFailed = error else {
            return XCTFail("expected authenticationFailed, got \(String(describing: error))")
        }
        XCTAssertFalse(String(describing: error).contains("wrong-secret"), String(describing: error))
        XCTAssertTrue(fake.messages.isEmpty)
    }

    func testCheckWithoutCredentialsAndAgainstAServerOfferingNoAuth() async throws {
        let fake = try FakeSMTPServer() // advertises no AUTH
        defer { fake.stop() }
        let client = SMTPClient(addressPolicy: .testLoopback)

        try await client.check(server(fake))

        // Credentials that could not even be tried must not pass for working ones.
        let error = await checkExpectingError(client, server(fake, username: "crm@academy.example", password: "secret"))
        guard case .authenticationFailed(let detail) = error else {
            return XCTFail("expected authenticationFailed, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.contains("did not offer authentication"), detail)
    }

    func testCheckReportsConnectionRefused() async throws {
        let port = try FakeSMTPServer.closedPort()
        let error = await checkExpectingError(SMTPClient(addressPolicy: .testLoopback), SMTPServer(host: "127.0.0.1", port: port, security: .none))
        guard case .connectionFailed = error else {
            return XCTFail("expected connectionFailed, got \(String(describing: error))")
        }
    }

    // MARK: Secrets

    func testServerValueNeverShowsThePassword() {
        let server = SMTPServer(host: "smtp.example.org", username: "crm@academy.example", password: "hunter2-secret")
        var dumped = ""
        dump(server, to: &dumped)
        for text in [server.description, server.debugDescription, "\(server)", String(reflecting: server), dumped] {
            XCTAssertFalse(text.contains("hunter2-secret"), text)
        }
        XCTAssertTrue(server.description.contains("smtp.example.org:587"), server.description)
    }

    func testRedactionCoversSASLEncodings() {
        let server = SMTPServer(host: "h.example", username: "u", password: "p@ss")
        let plain = Data("\0u\0p@ss".utf8).base64EncodedString()
        let login = Data("p@ss".utf8).base64EncodedString()
        let text = SMTPTransfer.redacted("535 bad \(plain) \(login) p@ss", server: server)
        XCTAssertEqual(text, "535 bad [redacted] [redacted] [redacted]")
    }
}

/// MailMessage rendering, without a server.
final class SMTPMessageRenderingTests: XCTestCase {
    func testAddressValidation() {
        for valid in ["a@b.co", "first.last+tag@sub.example.org", "o'neil@example.ie", "x_y-z@a-b.example", "USER@EXAMPLE.COM"] {
            XCTAssertTrue(MailAddress.isValid(valid), valid)
        }
        for invalid in ["", "plain", "a@b", "a@@b.com", "a@b@c.com", "a b@c.com", "a@b .com", "<a@b.com>", "\"a\"@b.com",
                        "a@b.com\r\n", "a\n@b.com", "a@b.com\r", ".a@b.com", "a.@b.com", "a..b@c.com", "a@-b.com", "a@b-.com",
                        "a@b..com", "a@.b.com", "a@b.com.", "zoé@example.com", "a@exämple.com", "a,b@c.com", "a@b.com>", "a\t@b.com",
                        String(repeating: "a", count: 65) + "@b.com"] {
            XCTAssertFalse(MailAddress.isValid(invalid), invalid.debugDescription)
        }
    }

    func testEncodedWordsRespectLimitsAndCharacterBoundaries() throws {
        let family = "👨‍👩‍👧‍👦"
        let texts = [
            "مَرْحَبًا بِكُمْ فِي أَكَادِيمِيَّةِ البَرْمَجَةِ، نَتَمَنَّى لَكُمْ رِحْلَةً تَعْلِيمِيَّةً مُمْتِعَةً",
            String(repeating: family, count: 9),
            "e" + String(repeating: "\u{0301}", count: 40) + " après",
            "Zoé",
        ]
        for text in texts {
            let words = MailHeaders.encodedWords(text, firstLimit: 67)
            XCTAssertLessThanOrEqual(try XCTUnwrap(words.first).count, 67)
            var rest = Substring(text)
            var joined = ""
            for word in words {
                XCTAssertLessThanOrEqual(word.count, 75, word)
                let decoded = try XCTUnwrap(decodeEncodedWord(word), "valid UTF-8 on its own: \(word)")
                joined += decoded
                if text != texts[2] { // that one is a single 81-byte cluster: cut between scalars, on purpose
                    XCTAssertTrue(rest.hasPrefix(decoded), "word ends on a character boundary: \(decoded)")
                    rest = rest.dropFirst(decoded.count)
                }
            }
            XCTAssertEqual(joined, text)
        }
    }

    func testHeaderLinesStayShortAndUnfoldToTheOriginals() throws {
        let longASCII = "Your enrollment in Advanced Web Development with Swift on the Server is confirmed for next Monday"
        let recipients = (1...12).map { MailAddress("student\($0)@example.com", name: $0.isMultiple(of: 2) ? "طالب رقم \($0)" : "Student \"\($0)\"") }
        let mail = MailMessage(from: MailAddress("crm@academy.example", name: "أكاديمية البرمجة للتطوير المتقدم والتقنيات الحديثة"),
                               to: recipients, cc: recipients.reversed(), replyTo: "office@academy.example",
                               subject: longASCII, textBody: "x")
        let parsed = ParsedMail(mail.rendered())
        for line in parsed.headerLines {
            XCTAssertLessThanOrEqual(line.utf8.count, 76, line)
        }
        XCTAssertEqual(parsed.header("Subject"), longASCII)
        XCTAssertEqual(parsed.header("Reply-To"), "office@academy.example")
        let to = try XCTUnwrap(parsed.header("To"))
        XCTAssertTrue(to.hasPrefix("\"Student \\\"1\\\"\" <student1@example.com>, =?UTF-8?B?"), to)
        XCTAssertEqual(decodeEncodedWords(try XCTUnwrap(parsed.header("From")).replacingOccurrences(of: " <crm@academy.example>", with: "")),
                       "أكاديمية البرمجة للتطوير المتقدم والتقنيات الحديثة")
    }

    func testSubjectThatLooksEncodedIsEncoded() throws {
        let subject = "=?UTF-8?B?SGk=?= is literal text"
        let parsed = ParsedMail(MailMessage(from: "a@b.co", to: ["c@d.co"], subject: subject, textBody: "").rendered())
        XCTAssertEqual(decodeEncodedWords(try XCTUnwrap(parsed.header("Subject"))), subject)
    }

    func testQuotedPrintableRoundTrips() throws {
        let samples = [
            "trailing spaces   \nand tabs\t\nequals = signs == here",
            String(repeating: "0123456789", count: 30),
            String(repeating: "é", count: 60),
            ".leading dot\n..two dots\n.",
            "a\r\nb\rc\nd",
            "",
            String(repeating: "x", count: 75) + "=" + String(repeating: "y", count: 74) + " ",
        ]
        for sample in samples {
            let encoded = MailBody.quotedPrintable(MailBody.canonicalLines(sample))
            for line in encoded.components(separatedBy: "\r\n") {
                XCTAssertLessThanOrEqual(line.utf8.count, 76, line)
                XCTAssertFalse(line.hasSuffix(" ") || line.hasSuffix("\t"), "no trailing whitespace: \(line)")
                XCTAssertFalse(line.hasPrefix("."), "no leading dot: \(line)")
            }
            XCTAssertEqual(decodeQuotedPrintable(encoded), Array(crlf(sample).utf8), sample)
        }
    }

    func testRenderingIsDeterministicWithTheUsualHeaders() throws {
        let date = Date(timeIntervalSince1970: 1_772_546_709) // 2026-03-03 14:05:09 UTC
        let mail = MailMessage(from: "crm@academy.example", to: ["zoe@example.com"], subject: "Hi", textBody: "Hello",
                               htmlBody: "<p>Hello</p>", date: date)
        XCTAssertEqual(mail.rendered(), mail.rendered())
        XCTAssertTrue(mail.messageID.hasPrefix("<") && mail.messageID.hasSuffix("@academy.example>"), mail.messageID)
        XCTAssertNotEqual(mail.messageID, MailMessage(from: "crm@academy.example", to: [], subject: "", textBody: "").messageID)
        let parsed = ParsedMail(mail.rendered())
        XCTAssertEqual(parsed.header("Date"), "Tue, 03 Mar 2026 14:05:09 +0000")
        XCTAssertEqual(parsed.header("Message-ID"), mail.messageID)
        XCTAssertEqual(parsed.header("From"), "crm@academy.example")
        XCTAssertTrue(parsed.raw.hasSuffix("--\r\n"))
        XCTAssertFalse(parsed.raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line endings only")
        XCTAssertFalse(parsed.raw.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "CRLF line endings only")
    }
}

// MARK: - Test helpers: a minimal MIME reader

// `crlf` and `decodeQuotedPrintable` come from TestSupport (ReceivedEntity.swift).

/// `=?UTF-8?B?…?=` → its text, or nil if it is not exactly one such word of valid UTF-8.
private func decodeEncodedWord(_ word: String) -> String? {
    guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), word.count > 12 else { return nil }
    let payload = String(word.dropFirst(10).dropLast(2))
    guard let data = Data(base64Encoded: payload) else { return nil }
    return String(validating: Array(data), as: UTF8.self)
}

/// Decodes a header value made of encoded-words (whitespace between them is dropped).
private func decodeEncodedWords(_ value: String) -> String? {
    var result = ""
    for word in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
        guard let decoded = decodeEncodedWord(String(word)) else { return nil }
        result += decoded
    }
    return result
}

private struct MIMEPart {
    var headers: [(name: String, value: String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func decodedText() throws -> String {
        switch header("Content-Transfer-Encoding")?.lowercased() {
        case "base64":
            let data = try XCTUnwrap(Data(base64Encoded: body, options: .ignoreUnknownCharacters))
            return try XCTUnwrap(String(validating: Array(data), as: UTF8.self))
        case "quoted-printable":
            return try XCTUnwrap(String(validating: decodeQuotedPrintable(body), as: UTF8.self))
        default:
            return body
        }
    }
}

private struct ParsedMail {
    let raw: String
    /// The header section's physical lines (folded continuations separate).
    let headerLines: [String]
    /// Unfolded headers.
    let headers: [(name: String, value: String)]
    let body: String

    init(_ data: [UInt8]) {
        raw = String(decoding: data, as: UTF8.self)
        let split = raw.components(separatedBy: "\r\n\r\n")
        let head = split.first ?? ""
        body = split.dropFirst().joined(separator: "\r\n\r\n")
        headerLines = head.components(separatedBy: "\r\n")
        headers = Self.unfold(headerLines)
    }

    static func unfold(_ lines: [String]) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for line in lines {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += line // unfolding removes only the CRLF
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return headers.map { ($0.name, $0.value.trimmingCharacters(in: .whitespaces)) }
    }

    var bodyLines: [String] { body.components(separatedBy: "\r\n") }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func asPart() -> MIMEPart {
        MIMEPart(headers: headers, body: body)
    }

    func parts() throws -> [MIMEPart] {
        let contentType = try XCTUnwrap(header("Content-Type"))
        let boundaryStart = try XCTUnwrap(contentType.range(of: "boundary=\""))
        let boundary = String(contentType[boundaryStart.upperBound...].prefix { $0 != "\"" })
        let sections = body.components(separatedBy: "\r\n--" + boundary)
        XCTAssertTrue(sections.last?.hasPrefix("--") == true, "closing delimiter present")
        // sections[0] is the preamble ending right before the first delimiter.
        return sections.dropFirst().dropLast().map { section in
            let content = String(section.drop { $0 != "\r\n" }.dropFirst()) // after the delimiter line ("\r\n" is one Character)
            let pieces = content.components(separatedBy: "\r\n\r\n")
            let headers = ParsedMail.unfold((pieces.first ?? "").components(separatedBy: "\r\n"))
            return MIMEPart(headers: headers, body: pieces.dropFirst().joined(separator: "\r\n\r\n"))
        }
    }
}
