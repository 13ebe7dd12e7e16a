/// Makes outside text safe to put in a log line.
///
/// A request path, a header value or a stored row can carry CR, LF or other control characters;
/// logged raw, `/x%0D%0A…` decoded or a header value with a bare LF would start a forged line
/// ("… 200 OK\n2026-01-01 admin signed in"). `escape` writes every control character (C0, DEL,
/// C1, and the Unicode line and paragraph separators) as a visible escape, and the backslash
/// itself as `\\`, so an escaped line always reads back unambiguously.
public enum LogSafe {
    /// `"a\r\nb"` → `a\r\nb` (the two-character escapes), `"\u{1B}"` → `\u{1B}`. Text without anything
    /// to escape (nearly all of it) is returned as is, without copying.
    public static func escape(_ text: some StringProtocol) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") || $0 >= 0xC2 }) {
            return String(text)
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// At most `limit` characters of `text`, escaped, with "…" when cut: for values whose length
    /// the sender controls.
    public static func escape(_ text: some StringProtocol, limit: Int) -> String {
        guard text.count > limit else { return escape(text) }
        return escape(text.prefix(max(0, limit))) + "…"
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029: true
        // Bidirectional overrides and isolates can make a line display in another order than it reads.
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
