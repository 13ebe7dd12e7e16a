import NIOCore

/// `multipart/form-data` (RFC 7578) for the admin's uploads. The whole body is already in memory
/// and bounded by the route's body limit, so this is a straight scan over bytes. Delimiters are
/// found with Knuth–Morris–Pratt (linear time), not a naive search whose cost a crafted body of
/// near-miss boundaries could multiply by the boundary's length.
public enum MultipartParser {
    /// Most parts accepted in one body: the same cap as url-encoded fields.
    static let maxParts = FormData.maxFields

    public static func boundary(fromContentType contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingSpaces
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            guard !value.isEmpty, value.utf8.count <= 70 else { return nil }
            return value
        }
        return nil
    }

    public static func parse(body: ByteBuffer, boundary: String) throws(HTTPError) -> FormData {
        let bytes = Array(body.readableBytesView)
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        var form = FormData()

        guard var cursor = firstIndex(of: delimiter, in: bytes, from: 0) else {
            throw HTTPError(.badRequest, "multipart body without its boundary")
        }
        var parts = 0
        while true {
            cursor += delimiter.count
            // "--" after a delimiter closes the body.
            if bytes.count >= cursor + 2, bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-") { break }
            guard bytes.count >= cursor + 2, bytes[cursor] == 13, bytes[cursor + 1] == 10 else {
                throw HTTPError(.badRequest, "malformed multipart delimiter line")
            }
            cursor += 2
            guard let headerEnd = firstIndex(of: crlf + crlf, in: bytes, from: cursor) else {
                throw HTTPError(.badRequest, "multipart part without header end")
            }
            guard let headerText = String(validating: bytes[cursor..<headerEnd], as: UTF8.self) else {
                throw HTTPError(.badRequest, "multipart headers are not UTF-8")
            }
            let contentStart = headerEnd + 4
            guard let next = firstIndex(of: crlf + delimiter, in: bytes, from: contentStart) else {
                throw HTTPError(.badRequest, "multipart part is not terminated")
            }
            parts += 1
            guard parts <= maxParts else { throw HTTPError(.payloadTooLarge, "more than \(maxParts) multipart parts") }

            let headers = parseHeaders(headerText)
            guard let disposition = headers["content-disposition"], let name = parameter("name", in: disposition) else {
                throw HTTPError(.badRequest, "multipart part without a name")
            }
            let content = Array(bytes[contentStart..<next])
            if let filename = parameter("filename", in: disposition) {
                if !filename.isEmpty || !content.isEmpty {
                    form.append(file: FormData.File(
                        fieldName: name, filename: filename,
                        contentType: headers["content-type"] ?? "application/octet-stream", data: content))
                }
            } else {
                guard let value = String(validating: content, as: UTF8.self) else {
                    throw HTTPError(.badRequest, "multipart field \(name) is not UTF-8")
                }
                form.append(name: name, value: value)
            }
            cursor = next + 2
        }
        return form
    }

    private static func parseHeaders(_ text: String) -> [String: String] {
        var headers: [String: String] = [:]
        for line in text.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            headers[pair[0].trimmingSpaces.lowercased()] = pair[1].trimmingSpaces
        }
        return headers
    }

    /// `name="value"` from a Content-Disposition header. Quoted strings may contain `;`.
    static func parameter(_ wanted: String, in header: String) -> String? {
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let key = rest[..<equals].lowercased()
            var valueStart = rest[rest.index(after: equals)...]
            let value: Substring
            if valueStart.first == "\"" {
                valueStart = valueStart.dropFirst()
                guard let close = valueStart.firstIndex(of: "\"") else { return nil }
                value = valueStart[..<close]
                rest = valueStart[valueStart.index(after: close)...]
            } else {
                let end = valueStart.firstIndex(of: ";") ?? valueStart.endIndex
                value = valueStart[..<end]
                rest = valueStart[end...]
            }
            if key == wanted { return String(value) }
        }
        return nil
    }

    /// Knuth–Morris–Pratt: every haystack byte is compared a bounded number of times.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, start <= haystack.count, haystack.count - start >= needle.count else { return nil }
        // failure[i]: length of the longest proper prefix of needle[0...i] that is also its suffix.
        var failure = [Int](repeating: 0, count: needle.count)
        var length = 0
        for index in 1..<max(1, needle.count) {
            while length > 0, needle[index] != needle[length] { length = failure[length - 1] }
            if needle[index] == needle[length] { length += 1 }
            failure[index] = length
        }
        var matched = 0
        for index in start..<haystack.count {
            while matched > 0, haystack[index] != needle[matched] { matched = failure[matched - 1] }
            if haystack[index] == needle[matched] { matched += 1 }
            if matched == needle.count { return index - needle.count + 1 }
        }
        return nil
    }
}
