import Foundation

/// A minimal MIME reader for tests, nested multiparts included: what a fake SMTP server received.

/// Line breaks made CRLF, as MIME text bodies carry them.
public func crlf(_ text: String) -> String {
    text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
}

public struct ReceivedEntity {
    public let raw: String
    /// Unfolded (only the CRLF of a fold removed), values trimmed.
    public let headers: [(name: String, value: String)]
    public let body: String

    /// Headers up to the first empty line, the body after it.
    public init?(_ raw: String) {
        guard let split = raw.range(of: "\r\n\r\n") else { return nil }
        self.raw = raw
        var headers: [(name: String, value: String)] = []
        for line in raw[..<split.lowerBound].components(separatedBy: "\r\n") {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        self.headers = headers.map { ($0.name, $0.value.trimmingCharacters(in: .whitespaces)) }
        body = String(raw[split.upperBound...])
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var boundary: String? {
        guard let type = header("Content-Type"), let start = type.range(of: "boundary=\"") else { return nil }
        return String(type[start.upperBound...].prefix { $0 != "\"" })
    }

    /// The body parts of a multipart: what lies between "CRLF--boundary" delimiters (the CRLF
    /// before a delimiter belongs to it), the preamble and epilogue left out.
    public func parts() throws -> [ReceivedEntity] {
        guard let boundary = self.boundary else { throw MIMEError("a multipart has a boundary") }
        let sections = ("\r\n" + body).components(separatedBy: "\r\n--" + boundary)
        guard sections.last?.hasPrefix("--") == true else { throw MIMEError("closing delimiter missing") }
        return try sections.dropFirst().dropLast().map { section in
            guard section.hasPrefix("\r\n") else { throw MIMEError("the delimiter line must end right after the boundary") }
            let content = String(String.UnicodeScalarView(section.unicodeScalars.dropFirst(2)))
            guard let entity = ReceivedEntity(content) else { throw MIMEError("a part without headers") }
            return entity
        }
    }

    public func decodedBytes() throws -> [UInt8] {
        guard header("Content-Transfer-Encoding")?.lowercased() == "base64" else { throw MIMEError("not base64") }
        guard let data = Data(base64Encoded: body, options: .ignoreUnknownCharacters) else { throw MIMEError("bad base64") }
        return Array(data)
    }

    public func decodedText() throws -> String {
        let bytes: [UInt8]
        switch header("Content-Transfer-Encoding")?.lowercased() {
        case "base64": bytes = try decodedBytes()
        case "quoted-printable": bytes = decodeQuotedPrintable(body)
        default: return body
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw MIMEError("not UTF-8") }
        return text
    }

    /// Every leaf part, depth first (a multipart/mixed holding a multipart/alternative…).
    public func leaves() throws -> [ReceivedEntity] {
        guard header("Content-Type")?.lowercased().hasPrefix("multipart/") == true else { return [self] }
        return try parts().flatMap { try $0.leaves() }
    }
}

public func decodeQuotedPrintable(_ text: String) -> [UInt8] {
    let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
    var output: [UInt8] = []
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count,
           let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
            output.append(value)
            index += 3
        } else {
            output.append(bytes[index])
            index += 1
        }
    }
    return output
}

public struct MIMEError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
