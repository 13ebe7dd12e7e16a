import Foundation
import XCTest
import TestSupport
@testable import Outbound

/// Attachments: multipart/mixed around the usual body, sent through FakeSMTPServer and read
/// back with a small MIME reader of its own (nested multiparts included).
final class MailAttachmentTests: XCTestCase {
    private let arabicText = "مرحباً زوي،\nتم تأكيد تسجيلك في دورة «تطوير الويب المتقدم».\nنراكم يوم الاثنين، إن شاء الله."
    private let arabicHTML = "<html><body dir=\"rtl\">\n<p>مرحباً زوي، تم تأكيد تسجيلك في «تطوير الويب المتقدم».</p>\n"
        + String(repeating: "<p>نراكم قريباً في الدورة القادمة.</p>", count: 4) + "\n</body></html>"
    /// Long enough for several base64 lines, with Arabic in it and a trailing CRLF.
    private let calendar = Array(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//BCOS Formation//FR\r\nBEGIN:VEVENT\r\n"
        + "UID:enrollment-42@bcos.example\r\nSUMMARY:تطوير الويب المتقدم\\, الدورة الأولى\r\n"
        + "LOCATION:الدار البيضاء\\; القاعة 3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").utf8)
    /// Every byte value, twice: nothing may be altered on the way (no line-break or charset fix-ups).
    private let binary: [UInt8] = Array(0...255) + Array((0...255).reversed())

    private func send(_ mail: MailMessage) async throws -> ReceivedEntity {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        try await SMTPClient(addressPolicy: .testLoopback)
            .send(mail, via: SMTPServer(host: "127.0.0.1", port: fake.port, security: .none, timeout: .seconds(10), connectTimeout: .seconds(5)))
        XCTAssertEqual(fake.messages.count, 1)
        let raw = try XCTUnwrap(fake.messages.first).text
        assertWellFormedLines(raw)
        return try XCTUnwrap(ReceivedEntity(raw), "headers, an empty line, a body")
    }

    private func message(html: String?, attachments: [MailAttachment]) -> MailMessage {
        MailMessage(from: MailAddress("crm@academy.example", name: "أكاديمية البرمجة"), to: ["zoe@example.com"],
                    subject: "تأكيد التسجيل", textBody: arabicText, htmlBody: html, attachments: attachments)
    }

    private func assertWellFormedLines(_ raw: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(raw.hasSuffix("\r\n"), file: file, line: line)
        for text in raw.components(separatedBy: "\r\n") {
            XCTAssertLessThanOrEqual(text.utf8.count, 76, "line too long: \(text)", file: file, line: line)
            XCTAssertFalse(text.contains("\r") || text.contains("\n"), "bare CR or LF: \(text.debugDescription)", file: file, line: line)
        }
    }

    // MARK: Structure

    func testAttachmentsFollowTheAlternativeBodyInMultipartMixed() async throws {
        let invite = MailAttachment(filename: "invitation.ics", contentType: "text/calendar; method=PUBLISH", data: calendar)
        let notes = MailAttachment(filename: "notes.bin", contentType: "application/octet-stream", data: binary)

        let mail = try await send(message(html: arabicHTML, attachments: [invite, notes]))

        XCTAssertEqual(mail.header("MIME-Version"), "1.0")
        let outerType = try XCTUnwrap(mail.header("Content-Type"))
        XCTAssertTrue(outerType.hasPrefix("multipart/mixed;"), outerType)
        XCTAssertNil(mail.header("Content-Transfer-Encoding"), "a multipart is never encoded (RFC 2045 §6.4)")
        let parts = try mail.parts()
        XCTAssertEqual(parts.count, 3, "the body, then each attachment in order")

        let alternative = parts[0]
        let innerType = try XCTUnwrap(alternative.header("Content-Type"))
        XCTAssertTrue(innerType.hasPrefix("multipart/alternative;"), innerType)
        let outerBoundary = try XCTUnwrap(mail.boundary)
        let innerBoundary = try XCTUnwrap(alternative.boundary)
        XCTAssertFalse(outerBoundary.hasPrefix(innerBoundary) || innerBoundary.hasPrefix(outerBoundary),
                       "distinct boundaries, neither a prefix of the other: \(outerBoundary) / \(innerBoundary)")
        let bodies = try alternative.parts()
        XCTAssertEqual(bodies.map { $0.header("Content-Type") }, ["text/plain; charset=UTF-8", "text/html; charset=UTF-8"])
        XCTAssertEqual(try bodies[0].decodedText(), crlf(arabicText))
        XCTAssertEqual(try bodies[1].decodedText(), crlf(arabicHTML))

        let calendarPart = parts[1]
        XCTAssertEqual(calendarPart.header("Content-Type"), "text/calendar; method=PUBLISH; charset=UTF-8; name=\"invitation.ics\"")
        XCTAssertEqual(calendarPart.header("Content-Transfer-Encoding"), "base64")
        XCTAssertEqual(calendarPart.header("Content-Disposition"), "attachment; filename=\"invitation.ics\"")
        XCTAssertEqual(try calendarPart.decodedBytes(), calendar)

        let binaryPart = parts[2]
        XCTAssertEqual(binaryPart.header("Content-Type"), "application/octet-stream; name=\"notes.bin\"", "no charset outside text/*")
        XCTAssertEqual(binaryPart.header("Content-Disposition"), "attachment; filename=\"notes.bin\"")
        XCTAssertEqual(try binaryPart.decodedBytes(), binary)
        let base64Lines = binaryPart.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(base64Lines.dropLast().map(\.count), Array(repeating: 76, count: base64Lines.count - 1), "76-character base64 lines")
    }

    func testTextOnlyBodyIsTheFirstPartAsItIs() async throws {
        let empty = MailAttachment(filename: "vide.txt", contentType: "text/plain; charset=ISO-8859-1", data: [])
        let mail = try await send(message(html: nil, attachments: [empty]))

        let parts = try mail.parts()
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(parts[0].header("Content-Type"), "text/plain; charset=UTF-8")
        XCTAssertEqual(try parts[0].decodedText(), crlf(arabicText))
        XCTAssertEqual(parts[1].header("Content-Type"), "text/plain; charset=ISO-8859-1; name=\"vide.txt\"",
                       "a charset the caller names is kept, not doubled")
        XCTAssertEqual(try parts[1].decodedBytes(), [])
    }

    func testWithoutAttachmentsNothingChanges() {
        let date = Date(timeIntervalSince1970: 1_772_546_709)
        for html in [nil, arabicHTML] {
            let plain = MailMessage(from: "crm@academy.example", to: ["zoe@example.com"], subject: "s", textBody: arabicText,
                                    htmlBody: html, messageID: "<fixed@academy.example>", date: date)
            var emptied = plain
            emptied.attachments = []
            XCTAssertEqual(plain.rendered(), emptied.rendered())
            XCTAssertFalse(String(decoding: plain.rendered(), as: UTF8.self).contains("multipart/mixed"))
        }
    }

    // MARK: Hostile values

    func testHostileFilenameAndContentTypeAddNoHeader() async throws {
        let hostile = MailAttachment(filename: "evil\"\r\nX-Injected: 1\r\n\r\n.ics",
                                     contentType: "text/calendar\r\nBcc: evil@x.com", data: calendar)

        let mail = try await send(message(html: arabicHTML, attachments: [hostile]))

        XCTAssertFalse(mail.raw.contains("\r\nX-Injected"), mail.raw)
        XCTAssertFalse(mail.raw.contains("\r\nBcc"), mail.raw)
        let parts = try mail.parts()
        XCTAssertEqual(parts.count, 2)
        let part = parts[1]
        XCTAssertEqual(part.headers.map { $0.name }, ["Content-Type", "Content-Transfer-Encoding", "Content-Disposition"])
        XCTAssertEqual(part.header("Content-Disposition"), "attachment; filename=\"evilX-Injected: 1.ics\"")
        XCTAssertEqual(part.header("Content-Type"), "application/octet-stream; name=\"evilX-Injected: 1.ics\"",
                       "a type with a line break in it is no media type")
        XCTAssertEqual(try part.decodedBytes(), calendar)
        let names = mail.headers.map { $0.name.lowercased() }
        XCTAssertFalse(names.contains("x-injected") || names.contains("bcc"), "\(names)")
    }

    func testFilenamesAreReducedToSafeASCII() {
        let cases: [(String, String)] = [
            ("invitation.ics", "invitation.ics"),
            ("", "attachment"),
            ("\r\n\"\\;", "attachment"),
            ("دعوة.ics", "attachment.ics"),
            (".bashrc", "attachment.bashrc"),
            ("../../etc/passwd", "attachment.etcpasswd"),
            ("a;b\\c\"d.txt", "abcd.txt"),
            ("  deux   espaces .pdf ", "deux espaces .pdf"),
            ("inscription\u{7F}\u{0}\t.ics", "inscription.ics"),
            (String(repeating: "x", count: 100) + ".ics", String(repeating: "x", count: 56) + ".ics"),
            (String(repeating: "y", count: 100), String(repeating: "y", count: 60)),
        ]
        for (given, expected) in cases {
            XCTAssertEqual(MailAttachmentPart.sanitizedFilename(given), expected, given.debugDescription)
        }
    }

    func testCompositeOrEmptyTypesAreSentAsOpaqueBytes() {
        for type in ["", "   ;", "multipart/mixed; boundary=x", "message/rfc822", "نص/عادي", "calendar", "text/", "text/cal endar",
                     "text/calendar\r\nBcc: evil@x.com", "text/html/x", "text/\"html\""] {
            XCTAssertEqual(MailAttachmentPart.contentTypeTokens(type), ["application/octet-stream"], type.debugDescription)
        }
        XCTAssertEqual(MailAttachmentPart.contentTypeTokens("text/calendar;method=PUBLISH;"), ["text/calendar", "method=PUBLISH"])
        XCTAssertEqual(MailAttachmentPart.contentTypeTokens("Text/Calendar; method=PUBLISH\r\n"), ["Text/Calendar", "method=PUBLISH"])
    }

    func testLongValuesStayWithinTheLineLimitAndRenderingIsDeterministic() throws {
        let long = MailAttachment(filename: String(repeating: "inscription-", count: 12) + ".ics",
                                  contentType: "text/calendar; method=PUBLISH; component=VEVENT", data: calendar)
        var mail = message(html: arabicHTML, attachments: [long])
        // The boundaries come from the message ID: the longest one whose own header line still
        // fits (60 letters and digits) must not make their lines long.
        mail.messageID = "<" + String(repeating: "a1b2c3", count: 8) + "a1b@ab.example>"
        let rendered = mail.rendered()
        XCTAssertEqual(rendered, mail.rendered())
        let text = String(decoding: rendered, as: UTF8.self)
        assertWellFormedLines(text)
        let entity = try XCTUnwrap(ReceivedEntity(text))
        let parts = try entity.parts()
        XCTAssertEqual(try parts[0].parts().count, 2)
        XCTAssertEqual(parts[1].header("Content-Disposition"), "attachment; filename=\"" + String(repeating: "inscription-", count: 5)
            .dropLast(4) + ".ics\"")
        XCTAssertEqual(try parts[1].decodedBytes(), calendar)
    }

    // MARK: Generated messages

    /// Random bodies, filenames, content types and attachment bytes, rendered without a server
    /// (seeded, replayable: the seed is printed): every line within the limit, the same headers
    /// at the top whatever the hostile names hold, and every part decoding to what was given.
    func testGeneratedMessagesKeepTheirStructureAndBytes() throws {
        let alphabet = Array("aé ش;\"\\\r\n\t=?-./:<>@,😀".unicodeScalars).map(String.init)
        try Fuzz.run("mail attachments", budget: .seconds(1), maxIterations: 3_000) { random in
            func text(_ count: Int) -> String { (0..<count).map { _ in random.element(of: alphabet) }.joined() }
            let attachments = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                MailAttachment(
                    filename: text(Int.random(in: 0...40, using: &random)),
                    contentType: random.element(of: ["text/calendar; method=PUBLISH", "application/pdf", text(12), "text/plain; charset=UTF-8"]),
                    data: (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            }
            let body = text(Int.random(in: 0...200, using: &random))
            let html = random.chance(0.5) ? "<p>" + text(Int.random(in: 0...200, using: &random)) + "</p>" : nil
            let mail = MailMessage(from: "crm@academy.example", to: ["zoe@example.com"], subject: text(30), textBody: body, htmlBody: html,
                                   attachments: attachments, messageID: "<fuzz-\(random.next())@academy.example>")
            let raw = String(decoding: mail.rendered(), as: UTF8.self)
            for line in raw.components(separatedBy: "\r\n") where line.utf8.count > 76 || line.contains("\r") || line.contains("\n") {
                throw FuzzMismatch("bad line \(line.debugDescription)")
            }
            guard let entity = ReceivedEntity(raw) else { throw FuzzMismatch("no header/body split") }
            let names = entity.headers.map { $0.name.lowercased() }
            guard names == ["date", "from", "to", "subject", "message-id", "mime-version", "content-type"] else {
                throw FuzzMismatch("headers \(names)")
            }
            let parts = try entity.parts()
            guard parts.count == attachments.count + 1 else { throw FuzzMismatch("\(parts.count) parts for \(attachments.count) attachments") }
            let bodies = try parts[0].leaves()
            guard try bodies[0].decodedText() == crlf(body) else { throw FuzzMismatch("text body changed") }
            if let html, try bodies[1].decodedText() != crlf(html) { throw FuzzMismatch("HTML body changed") }
            for (part, attachment) in zip(parts.dropFirst(), attachments) {
                guard try part.decodedBytes() == attachment.data else { throw FuzzMismatch("attachment bytes changed") }
                guard part.header("Content-Disposition")?.hasPrefix("attachment; filename=\"") == true else { throw FuzzMismatch("no disposition") }
            }
        }
    }
}
