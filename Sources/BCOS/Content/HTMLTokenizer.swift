import Foundation

/// A small, forgiving HTML tokenizer for the sanitizer: text, comments, start and end tags with
/// attributes. It never fails; malformed markup becomes text (and is then escaped).
struct HTMLTokenizer {
    enum Token {
        case text(String)
        case comment
        case startTag(name: String, attributes: [(String, String)], selfClosing: Bool)
        case endTag(name: String)
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ html: String) { scalars = Array(html.unicodeScalars) }

    mutating func next() -> Token? {
        guard index < scalars.count else { return nil }
        if scalars[index] == "<" {
            if let token = tag() { return token }
            index += 1
            return .text("<")
        }
        let start = index
        while index < scalars.count, scalars[index] != "<" { index += 1 }
        return .text(String(String.UnicodeScalarView(scalars[start..<index])))
    }

    private mutating func tag() -> Token? {
        let start = index
        if match("<!--") {
            index += 4
            while index < scalars.count, !match("-->") { index += 1 }
            index = min(scalars.count, index + 3)
            return .comment
        }
        if match("<!") || match("<?") {
            while index < scalars.count, scalars[index] != ">" { index += 1 }
            index = min(scalars.count, index + 1)
            return .comment
        }
        var cursor = index + 1
        let closing = cursor < scalars.count && scalars[cursor] == "/"
        if closing { cursor += 1 }
        let nameStart = cursor
        while cursor < scalars.count, scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor]) { cursor += 1 }
        guard cursor > nameStart else { return nil }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<cursor])).lowercased()
        var attributes: [(String, String)] = []
        var selfClosing = false
        while cursor < scalars.count {
            let scalar = scalars[cursor]
            if scalar == ">" { break }
            if scalar == "/" { selfClosing = true; cursor += 1; continue }
            if scalar.properties.isWhitespace { cursor += 1; continue }
            let keyStart = cursor
            while cursor < scalars.count, !scalars[cursor].properties.isWhitespace, scalars[cursor] != "=", scalars[cursor] != ">", scalars[cursor] != "/" { cursor += 1 }
            let key = String(String.UnicodeScalarView(scalars[keyStart..<cursor])).lowercased()
            while cursor < scalars.count, scalars[cursor].properties.isWhitespace { cursor += 1 }
            var value = ""
            if cursor < scalars.count, scalars[cursor] == "=" {
                cursor += 1
                while cursor < scalars.count, scalars[cursor].properties.isWhitespace { cursor += 1 }
                if cursor < scalars.count, scalars[cursor] == "\"" || scalars[cursor] == "'" {
                    let quote = scalars[cursor]
                    cursor += 1
                    let valueStart = cursor
                    while cursor < scalars.count, scalars[cursor] != quote { cursor += 1 }
                    value = String(String.UnicodeScalarView(scalars[valueStart..<min(cursor, scalars.count)]))
                    cursor += 1
                } else {
                    let valueStart = cursor
                    while cursor < scalars.count, !scalars[cursor].properties.isWhitespace, scalars[cursor] != ">" { cursor += 1 }
                    value = String(String.UnicodeScalarView(scalars[valueStart..<cursor]))
                }
            }
            if !key.isEmpty { attributes.append((key, value)) }
            selfClosing = false
        }
        guard cursor < scalars.count else {
            index = start
            return nil
        }
        index = cursor + 1
        return closing ? .endTag(name: name) : .startTag(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    private func match(_ literal: String) -> Bool {
        var position = index
        for scalar in literal.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    static func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\u{0}": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func escapeAttribute(_ text: String) -> String {
        escapeText(text).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Decodes the common named entities and numeric references, so that `&lt;script&gt;` stays text
    /// (re-escaped on output) and `jav&#x61;script:` is seen as what it is.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        while i < scalars.count {
            if scalars[i] == "&", let semicolon = scalars[i...].prefix(12).firstIndex(of: ";") {
                let body = String(String.UnicodeScalarView(scalars[(i + 1)..<semicolon]))
                var decoded: Unicode.Scalar?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if body.hasPrefix("#") {
                    decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init)
                } else {
                    decoded = named[body]
                }
                if let decoded {
                    out.append(decoded)
                    i = semicolon + 1
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }
}
