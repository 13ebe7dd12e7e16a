import Foundation
import Outbound

/// One event as an iCalendar object (RFC 5545), for the `.ics` attached to a visitor's
/// confirmation e-mail: "add to my calendar" in any mail reader.
///
/// METHOD:PUBLISH, not REQUEST: "an unsolicited posting of an iCalendar object" that "any CU
/// may add" to their calendar (RFC 5546 §3.2.1), with nothing to accept or decline. That
/// section also wants an ORGANIZER, which this object has no field for yet. Times are written in UTC, which every
/// calendar shows in its own zone, so no VTIMEZONE is needed.
///
/// Whatever the fields hold, the output stays one well-formed object: text values are escaped
/// and stripped of control characters, so no summary or location can end its content line and
/// start another property (an ATTENDEE or a second VEVENT, say).
struct CalendarInvite: Sendable, Equatable {
    /// Globally unique and stable for the event (RFC 5545 §3.8.4.7), so that a calendar can tell
    /// the same event sent again from a new one.
    var uid: String
    var start: Date
    var end: Date
    var summary: String
    var location: String?
    var description: String?
    var url: String?
    /// When this object was created (DTSTAMP).
    var stamp: Date

    init(
        uid: String, start: Date, end: Date, summary: String,
        location: String? = nil, description: String? = nil, url: String? = nil, stamp: Date = Date(), organizer: String? = nil
    ) {
        self.organizer = organizer
        self.uid = uid
        self.start = start
        self.end = end
        self.summary = summary
        self.location = location
        self.description = description
        self.url = url
        self.stamp = stamp
    }

    /// The complete VCALENDAR: CRLF after every content line, each line folded to at most
    /// `lineLimit` octets.
    /// The sender's address (`MAIL_FROM`), for ORGANIZER.
    var organizer: String?

    func rendered() -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//BCOS Formation//FR",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:" + Self.escapedText(uid),
            "DTSTAMP:" + Self.utcDateTime(stamp),
            "DTSTART:" + Self.utcDateTime(start),
            "DTEND:" + Self.utcDateTime(end),
            "SUMMARY:" + Self.escapedText(summary),
        ]
        if let location { lines.append("LOCATION:" + Self.escapedText(location)) }
        if let description { lines.append("DESCRIPTION:" + Self.escapedText(description)) }
        if let url { lines.append("URL:" + Self.withoutControls(url)) }
        // RFC 5546 §3.2.1: a PUBLISH event names its organizer. An address only (checked by the
        // caller as a mail address), so nothing but `mailto:` and the address reaches the line.
        if let organizer, MailAddress.isValid(organizer) { lines.append("ORGANIZER;CN=BCOS Formation:mailto:" + organizer) }
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return lines.map { Self.folded($0) + "\r\n" }.joined()
    }

    /// RFC 5545 §3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line
    /// break."
    static let lineLimit = 75

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped with a
    /// backslash, every line break (CRLF, CR or LF) written `\n`, and every other control
    /// character dropped. The grammar would let a tab through, but a tab means nothing in a
    /// course title or address, and dropping all controls keeps the rule simple to check.
    static func escapedText(_ text: String) -> String {
        var result = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCR: continue // the LF of a CRLF: already written
            case "\r", "\n": result += "\\n"
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            default:
                if !isControl(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// A URI value is not TEXT (commas and semicolons are part of it, unescaped), but it must
    /// not carry a line break either.
    static func withoutControls(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !isControl($0) }))
    }

    /// C0, DEL and C1: Unicode's "Cc" category.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    /// RFC 5545 §3.1 folding: CRLF and one space before the octet that would pass `lineLimit`,
    /// the space counting towards the new line's octets. Cuts fall between Unicode scalars,
    /// never inside one's UTF-8 bytes, so every physical line is valid UTF-8 on its own.
    static func folded(_ line: String) -> String {
        var result = String.UnicodeScalarView()
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > lineLimit {
                result.append(contentsOf: "\r\n ".unicodeScalars)
                octets = 1
            }
            result.append(scalar)
            octets += width
        }
        return String(result)
    }

    /// `20260303T140509Z` (RFC 5545 §3.3.5, form #2: UTC). Built by hand for the same reason
    /// as `MailMessage`'s Date header: DateFormatter needs locale data and is costly to create.
    /// Fractions of a second are dropped.
    static func utcDateTime(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func padded(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(parts.year, 4) + padded(parts.month, 2) + padded(parts.day, 2) + "T"
            + padded(parts.hour, 2) + padded(parts.minute, 2) + padded(parts.second, 2) + "Z"
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()
}
