import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately dumb HTTP/1.1 client over a plain TCP socket, so tests can send exactly the bytes
/// they want (malformed requests, slow trickles, huge headers) to the real server on 127.0.0.1.
public struct HTTPTestResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
    public func headers(_ name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }
}

public enum RawHTTPClientError: Error { case connectFailed, sendFailed, noResponse(String) }

public final class RawConnection {
    public let fd: Int32

    /// `sourceHost` binds the local end first (any 127.x.y.z works on Linux), so a test can
    /// connect from several distinct loopback addresses.
    public init(port: Int, host: String = "127.0.0.1", sourceHost: String? = nil, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPClientError.connectFailed }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if let sourceHost {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, sourceHost, &local.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                throw RawHTTPClientError.connectFailed
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw RawHTTPClientError.connectFailed
        }
    }

    deinit { close(fd) }

    /// Sends bytes; false when the peer has closed.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads until the peer closes or the timeout passes.
    public func readAll() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            result.append(contentsOf: buffer[0..<count])
        }
        return result
    }

    /// Reads one response (by Content-Length, or until close), leaving the connection usable.
    public func readResponse(headOnly: Bool = false) throws -> HTTPTestResponse {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let separator: [UInt8] = [13, 10, 13, 10]
        func read() -> Bool {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return false }
            data.append(contentsOf: buffer[0..<count])
            return true
        }
        var headEnd: Int?
        while headEnd == nil {
            headEnd = data.firstRange(of: separator)?.lowerBound
            if headEnd == nil, !read() { throw RawHTTPClientError.noResponse(String(decoding: data, as: UTF8.self)) }
        }
        guard let end = headEnd else { throw RawHTTPClientError.noResponse("") }
        var response = try HTTPTestResponse.parseHead(Array(data[0..<end]))
        var body = Array(data[(end + 4)...])
        if headOnly || response.status == 304 || response.status == 204 {
            response.body = []
            return response
        }
        if let length = response.header("content-length").flatMap(Int.init) {
            while body.count < length {
                let before = data.count
                if !read() { break }
                body.append(contentsOf: data[before...])
            }
            response.body = Array(body.prefix(length))
        } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
            while !HTTPTestResponse.chunkedComplete(body) {
                let before = data.count
                if !read() { break }
                body.append(contentsOf: data[before...])
            }
            response.body = HTTPTestResponse.dechunk(body)
        } else {
            while true {
                let before = data.count
                if !read() { break }
                body.append(contentsOf: data[before...])
            }
            response.body = body
        }
        return response
    }
}

extension HTTPTestResponse {
    public static func parseHead(_ bytes: [UInt8]) throws -> HTTPTestResponse {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw RawHTTPClientError.noResponse(lines.first ?? "")
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return HTTPTestResponse(status: status, headers: headers, body: [])
    }

    static func chunkedComplete(_ body: [UInt8]) -> Bool {
        body.count >= 5 && Array(body.suffix(5)) == Array("0\r\n\r\n".utf8)
    }

    static func dechunk(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < body.count {
            guard let lineEnd = body[index...].firstRange(of: [13, 10])?.lowerBound,
                  let size = Int(String(decoding: body[index..<lineEnd], as: UTF8.self), radix: 16) else { break }
            if size == 0 { break }
            let start = lineEnd + 2
            out.append(contentsOf: body[start..<min(start + size, body.count)])
            index = start + size + 2
        }
        return out
    }
}

/// Convenience for ordinary requests: one request per connection.
public enum TestHTTP {
    public static func request(
        port: Int, _ method: String = "GET", _ path: String, headers: [(String, String)] = [],
        body: [UInt8] = [], timeoutSeconds: Int = 30
    ) throws -> HTTPTestResponse {
        let connection = try RawConnection(port: port, timeoutSeconds: timeoutSeconds)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        connection.send(Array(head.utf8) + body)
        return try connection.readResponse(headOnly: method == "HEAD")
    }

    public static func get(port: Int, _ path: String, headers: [(String, String)] = []) throws -> HTTPTestResponse {
        try request(port: port, "GET", path, headers: headers)
    }

    /// POSTs an urlencoded form.
    public static func postForm(port: Int, _ path: String, _ fields: [(String, String)], headers: [(String, String)] = []) throws -> HTTPTestResponse {
        let body = fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
        return try request(port: port, "POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: Array(body.utf8))
    }

    public static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
    }
}

extension HTTPTestResponse {
    /// Every response in `bytes`, in order: what a pipelining client reads off one connection.
    /// Bodies by `Content-Length` (the server always sends it); 204 and 304 have none.
    public static func parseAll(_ bytes: [UInt8]) throws -> [HTTPTestResponse] {
        var responses: [HTTPTestResponse] = []
        var rest = bytes[...]
        let separator: [UInt8] = [13, 10, 13, 10]
        while !rest.isEmpty {
            guard let end = rest.firstRange(of: separator) else { throw RawHTTPClientError.noResponse(String(decoding: rest, as: UTF8.self)) }
            var response = try parseHead(Array(rest[..<end.lowerBound]))
            rest = rest[end.upperBound...]
            let length = response.status == 204 || response.status == 304 ? 0 : response.header("content-length").flatMap(Int.init) ?? 0
            guard rest.count >= length else { throw RawHTTPClientError.noResponse("body cut short") }
            response.body = Array(rest.prefix(length))
            rest = rest.dropFirst(length)
            responses.append(response)
        }
        return responses
    }
}
