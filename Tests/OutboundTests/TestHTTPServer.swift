import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request as the test server received it.
struct ReceivedRequest: Sendable {
    var method: String
    /// Path and query, as on the request line.
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var path: String { String(target.prefix { $0 != "?" }) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ call: String) { description = "\(call) failed: \(String(cString: strerror(errno)))" }
}

/// A deliberately small HTTP/1.1 server over POSIX sockets, bound to 127.0.0.1 on a free port.
/// One thread accepts; each connection gets its own thread and may carry several requests
/// (keep-alive), which is what lets tests count connection reuse. All waits are 50 ms polls so
/// `stop()` ends every thread promptly, including a `/slow` handler mid-sleep.
///
/// Routes: /echo[?status=N] (JSON echo), /slow (3 s, then 200), /big (2 MiB, Content-Length),
/// /big-chunked (2 MiB, chunked), /redirect (302 to /echo), /status/500, /interim (a 100
/// Continue before the 200), anything else 404. A TLS handshake gets a plain-text 400.
final class TestHTTPServer: @unchecked Sendable {
    // @unchecked: mutable state is guarded by `condition`; the fd is immutable until stop().
    let port: Int
    private let listenFD: Int32
    private let condition = NSCondition()
    private var stopping = false
    private var stopped = false
    private var received: [ReceivedRequest] = []
    private var accepted = 0
    private let threads = DispatchGroup()

    static let bigBodySize = 2 * 1024 * 1024

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        do {
            port = try Self.bindLoopback(fd)
            guard listen(fd, 128) == 0 else { throw TestServerError("listen") }
        } catch {
            close(fd)
            throw error
        }
        listenFD = fd
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop()
            threads.leave()
        }
        thread.name = "test-http-accept"
        thread.start()
    }

    deinit {
        stop()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    var requests: [ReceivedRequest] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    var connectionCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return accepted
    }

    /// Stops accepting, ends every connection thread, waits for them ("join"), closes the socket.
    func stop() {
        condition.lock()
        let alreadyStopping = stopping
        stopping = true
        condition.broadcast()
        condition.unlock()
        guard !alreadyStopping else { return }
        threads.wait()
        close(listenFD)
    }

    /// A port on 127.0.0.1 nobody listens on: bound, then closed, so connecting is refused.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError("socket") }
        defer { close(fd) }
        return try bindLoopback(fd)
    }

    private static func bindLoopback(_ fd: Int32) throws -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestServerError("bind") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw TestServerError("getsockname") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    /// Sleeps up to `seconds`; returns false if the server was stopped meanwhile.
    private func sleep(seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopping {
            if !condition.wait(until: deadline) { return true }
        }
        return false
    }

    /// Waits until `fd` is readable; false when the server stops first.
    private func waitReadable(_ fd: Int32) -> Bool {
        while !isStopping {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 50) > 0 { return true }
        }
        return false
    }

    private func acceptLoop() {
        while waitReadable(listenFD) {
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else { continue }
            condition.lock()
            accepted += 1
            condition.unlock()
            threads.enter()
            let thread = Thread { [self] in
                serve(client)
                close(client)
                threads.leave()
            }
            thread.name = "test-http-connection"
            thread.start()
        }
    }

    // MARK: Connection handling

    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        while let request = readRequest(fd, &buffer) {
            condition.lock()
            received.append(request)
            condition.unlock()
            guard respond(to: request, on: fd) else { return }
            if request.header("Connection")?.lowercased() == "close" { return }
        }
    }

    /// Reads more bytes into `buffer`; false on EOF, error or stop.
    private func fill(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        guard waitReadable(fd) else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> ReceivedRequest? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            // A TLS ClientHello (record type 0x16) on this plain-HTTP port: answer in clear
            // text, as real servers do, so the client's handshake fails at once.
            if buffer.first == 0x16 {
                return ReceivedRequest(method: "TLS-HANDSHAKE", target: "", headers: [], body: [])
            }
            if let range = firstRange(of: terminator, in: buffer) {
                headEnd = range
                break
            }
            guard fill(fd, &buffer) else { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var request = ReceivedRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
        let bodyStart = headEnd + terminator.count
        let length = Int(request.header("Content-Length") ?? "0") ?? 0
        while buffer.count < bodyStart + length {
            guard fill(fd, &buffer) else { return nil }
        }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return request
    }

    private func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    /// Writes everything; false if the peer went away. MSG_NOSIGNAL: a client aborting a big
    /// download must not SIGPIPE the test process.
    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private func write(_ fd: Int32, status: Int, reason: String, headers: [(String, String)] = [], body: [UInt8]) -> Bool {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return write(fd, Array(head.utf8) + body)
    }

    /// Returns false when the connection must be closed.
    private func respond(to request: ReceivedRequest, on fd: Int32) -> Bool {
        if request.method == "TLS-HANDSHAKE" {
            _ = write(fd, status: 400, reason: "Bad Request", headers: [("Connection", "close")], body: Array("plain HTTP here".utf8))
            return false
        }
        switch request.path {
        case "/echo":
            let status = request.target.split(separator: "status=").last.flatMap { Int($0) } ?? 200
            let echo: [String: Any] = [
                "method": request.method,
                "target": request.target,
                "headers": request.headers.map { [$0.name, $0.value] },
                "body": String(decoding: request.body, as: UTF8.self),
            ]
            let json = (try? JSONSerialization.data(withJSONObject: echo, options: [.sortedKeys])) ?? Data()
            return write(fd, status: status, reason: status == 200 ? "OK" : "Custom", headers: [
                ("Content-Type", "application/json"),
                ("X-Test-Server", "outbound-tests"),
                ("Set-Cookie", "a=1"),
                ("Set-Cookie", "b=2"),
            ], body: Array(json))
        case "/slow":
            guard sleep(seconds: 3) else { return false }
            return write(fd, status: 200, reason: "OK", body: Array("slow".utf8))
        case "/big":
            return write(fd, status: 200, reason: "OK", body: [UInt8](repeating: 0x61, count: Self.bigBodySize))
        case "/big-chunked":
            guard write(fd, Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)) else { return false }
            let chunk = [UInt8](repeating: 0x62, count: 64 * 1024)
            for _ in 0..<(Self.bigBodySize / chunk.count) {
                guard write(fd, Array("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + Array("\r\n".utf8)) else { return false }
            }
            return write(fd, Array("0\r\n\r\n".utf8))
        case "/redirect":
            return write(fd, status: 302, reason: "Found", headers: [("Location", "/echo")], body: [])
        case "/status/500":
            return write(fd, status: 500, reason: "Internal Server Error", body: Array("boom".utf8))
        case "/interim":
            guard write(fd, Array("HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n".utf8)) else { return false }
            return write(fd, status: 200, reason: "OK", headers: [("X-Final", "yes")], body: Array("final".utf8))
        default:
            return write(fd, status: 404, reason: "Not Found", body: Array("not found".utf8))
        }
    }
}
