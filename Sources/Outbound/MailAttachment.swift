import Foundation

/// A file sent with an e-mail (a calendar invitation, say), rendered by `MailMessage` as a
/// base64 part of a multipart/mixed message.
///
/// Plain data, like `MailMessage`: the filename and the content type are made safe when the
/// message is rendered, not here, so that a value set after init is covered too.
public struct MailAttachment: Sendable, Equatable {
    /// The name a mail reader offers when saving: `invitation.ics`. Reduced to at most 60
    /// characters of printable ASCII without quotes, backslashes, slashes or semicolons when
    /// rendered.
    public var filename: String
    /// The media type with its parameters: `text/calendar; method=PUBLISH`. A text/* type gets
    /// `charset=UTF-8` added unless it names a charset itself.
    public var contentType: String
    public var data: [UInt8]

    public init(filename: String, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// How an attachment is written into a message: its part headers and base64 body.
enum MailAttachmentPart {
    /// So that ` filename="…"`, folded onto a line of its own, stays within
    /// `MailHeaders.lineLimit` (1 + 10 + 60 + 1 = 72), and ` name="…"` too.
    static let maxFilenameLength = 60
    static let fallbackFilename = "attachment"
    static let fallbackContentType = "application/octet-stream"

    static func entity(_ attachment: MailAttachment) -> MIMEEntity {
        let filename = sanitizedFilename(attachment.filename)
        var typeTokens = contentTypeTokens(attachment.contentType)
        if isText(typeTokens[0]) && !typeTokens.contains(where: { $0.lowercased().hasPrefix("charset=") }) {
            typeTokens.append("charset=UTF-8")
        }
        typeTokens.append("name=\"\(filename)\"")
        var headers = MailHeaders.folded("Content-Type", parameterList(typeTokens))
        headers += "Content-Transfer-Encoding: base64\r\n"
        headers += MailHeaders.folded("Content-Disposition", parameterList(["attachment", "filename=\"\(filename)\""]))
        return MIMEEntity(headers: headers, content: MailBody.base64Wrapped(attachment.data) + "\r\n")
    }

    /// The filename as it goes between the quotes of `filename="…"` and `name="…"`: printable
    /// ASCII only, so that nothing in it can end the quoted string, the parameter or the header
    /// line (no `"`, `\`, `;`, CR or LF), and no `/`, so that it cannot name a path. Characters
    /// outside that set are dropped and runs of spaces collapsed. A name with leading dots (a
    /// hidden file) gets the stem `attachment` instead (`.ics` → `attachment.ics`); a name with
    /// nothing left becomes `attachment`. A long name keeps its extension, which is what mail
    /// readers go by to pick an application.
    static func sanitizedFilename(_ filename: String) -> String {
        let kept = filename.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 && scalar.value < 0x7F && !"\"\\;/".unicodeScalars.contains(scalar)
        }
        var name = String(String.UnicodeScalarView(kept))
            .split(separator: " ").joined(separator: " ")
        let stem = name.drop { $0 == "." }
        if stem.isEmpty { return fallbackFilename }
        if stem.count < name.count { name = fallbackFilename + "." + stem }
        guard name.utf8.count > maxFilenameLength else { return name }
        return shortened(name)
    }

    /// Cuts the stem, not the extension (when there is a short one), to `maxFilenameLength`.
    private static func shortened(_ name: String) -> String {
        var suffix = ""
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 10 {
            suffix = String(name[dot...])
        }
        var stem = name.dropLast(suffix.count).prefix(maxFilenameLength - suffix.count)
        while stem.last == " " { stem = stem.dropLast() }
        return stem + suffix
    }

    /// The media type and its parameters as header tokens, reduced to printable ASCII so that
    /// they cannot break the header either. Anything but a plain `type/subtype` is sent as
    /// opaque bytes instead, and so is a composite type (multipart/*, message/*), which may not
    /// be base64-encoded (RFC 2045 §6.4).
    static func contentTypeTokens(_ contentType: String) -> [String] {
        let kept = MailHeaders.sanitized(contentType).unicodeScalars.filter { $0.value > 0x1F && $0.value < 0x7F }
        let tokens = String(String.UnicodeScalarView(kept))
            .split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let type = tokens.first?.lowercased(), isMediaType(type),
              !type.hasPrefix("multipart/"), !type.hasPrefix("message/")
        else { return [fallbackContentType] }
        return tokens
    }

    /// `token "/" token` (RFC 2045 §5.1): no spaces, no tspecials.
    private static func isMediaType(_ text: String) -> Bool {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        return pieces.count == 2 && pieces.allSatisfy { piece in
            !piece.isEmpty && piece.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !tspecials.contains($0) }
        }
    }

    private static let tspecials = Set("()<>@,;:\\\"/[]?=".unicodeScalars)

    private static func isText(_ mediaType: String) -> Bool {
        mediaType.lowercased().hasPrefix("text/")
    }

    /// `["a", "b=1"]` → `["a;", "b=1"]`, so `MailHeaders.folded` can fold between parameters.
    /// A token is never split: folding inside a quoted filename is legal but not every reader
    /// unfolds it.
    private static func parameterList(_ tokens: [String]) -> [String] {
        tokens.enumerated().map { index, token in index < tokens.count - 1 ? token + ";" : token }
    }
}
