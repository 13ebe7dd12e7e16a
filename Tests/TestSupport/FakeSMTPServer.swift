import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small, real SMTP server on 127.0.0.1 (ephemeral port) for tests, over POSIX sockets: one
/// thread accepts, each connection gets its own thread. All waits are 50 ms polls, so `stop()`
/// ends every thread promptly and joins them.
///
/// Speaks EHLO/HELO, AUTH PLAIN and AUTH LOGIN (checked against the configured credentials,
/// 535 otherwise), MAIL FROM, RCPT TO, DATA (with dot-unstuffing), RSET, NOOP, VRFY and QUIT.
/// No STARTTLS and no TLS: it is for `.none` security only. A TLS client gets the plain-text
/// greeting as its "ServerHello" and fails at once; its ClientHello is logged as
/// "TLS-HANDSHAKE" and the connection closed.
///
/// Accepted messages are recorded (envelope and raw data) for assertions, and so is every
/// command line, with AUTH payloads left out.
public final class FakeSMTPServer: @unchecked Sendable {
    // @unchecked: mutable state is guarded by `condition`; the fd is immutable until stop().

    public struct Reply: Sendable, Equatable {
        public var code: Int
        public var text: String
        public init(_ code: Int, _ text: String) {
            self.code = code
            self.text = text
        }
    }

    /// Points where a test can force a reply (usually a 4xx or 5xx).
    public enum Stage: Hashable, Sendable {
        case greeting, ehlo, mail, rcpt, data, endOfData, noop
    }

    public struct Configuration: Sendable {
        /// With a username, the server advertises AUTH and answers MAIL with 530 until the
        /// client has logged in; without one, it advertises no AUTH and requires none.
        public var username: String?
        public var password: String?
        /// As advertised in the EHLO reply ("250-AUTH PLAIN LOGIN"); only these are accepted.
        public var authMechanisms: [String] = ["PLAIN", "LOGIN"]
        /// RCPT TO for these addresses (compared without case) gets 550.
        public var rejectedRecipients: Set<String> = []
        /// Replaces the normal reply at a stage; a 4xx/5xx there refuses the command.
        public var replies: [Stage: Reply] = [:]
        /// Imitates a careless server: the 535 reply quotes the credentials it received.
        public var echoCredentialsOnFailure = false
        /// Accepts connections but never sends the greeting (for timeout tests).
        public var silent = false

        public init(username: String? = nil, password: String? = nil) {
            self.username = username
            self.password = password
        }
    }

    /// One accepted message.
    public struct Message: Sendable {
        /// From MAIL FROM:<…>.
        public var from: String
        /// From each accepted RCPT TO:<…>, in order.
        public var recipients: [String]
        /// The DATA content after dot-unstuffing, CRLF line endings, without the final ".".
        public var data: [UInt8]
        /// The user who logged in on that session, if any.
        public var authenticatedUser: String?

        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    public let port: Int
    public let configuration: Configuration
    private let listenFD: Int32
    private let condition = NSCondition()
    private var stopping = false
    private var received: [Message] = []
    private var commandLog: [String] = []
    private var accepted = 0
    private let threads = DispatchGroup()

    /// `port` 0 picks a free one; a test restarting "the same" server passes the old port.
    public init(_ configuration: Configuration = Configuration(), port requested: Int = 0) throws {
        self.configuration = configuration
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FakeSMTPServerError("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        do {
            port = try Self.bindLoopback(fd, port: requested)
            guard listen(fd, 64) == 0 else { throw FakeSMTPServerError("listen") }
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
        thread.name = "fake-smtp-accept"
        thread.start()
    }

    deinit {
        stop()
    }

    /// Messages accepted so far (after a 250 to the final ".").
    public var messages: [Message] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    /// Every command line received, in order, across sessions. AUTH lines are reduced to
    /// "AUTH <mechanism>"; SASL exchanges and message data are not included.
    public var commands: [String] {
        condition.lock()
        defer { condition.unlock() }
        return commandLog
    }

    public var connectionCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return accepted
    }

    /// Stops accepting, ends every session thread, waits for them, closes the socket.
    public func stop() {
        condition.lock()
        let alreadyStopping = stopping
        stopping = true
        condition.unlock()
        guard !alreadyStopping else { return }
        threads.wait()
        close(listenFD)
    }

    /// A port on 127.0.0.1 nobody listens on: bound, then closed, so connecting is refused.
    public static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FakeSMTPServerError("socket") }
        defer { close(fd) }
        return try bindLoopback(fd)
    }

    private static func bindLoopback(_ fd: Int32, port: Int = 0) throws -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw FakeSMTPServerError("bind") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw FakeSMTPServerError("getsockname") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func record(command: String) {
        condition.lock()
        commandLog.append(command)
        condition.unlock()
    }

    private func record(message: Message) {
        condition.lock()
        received.append(message)
        condition.unlock()
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
                var session = Session(fd: client, server: self)
                session.run()
                close(client)
                threads.leave()
            }
            thread.name = "fake-smtp-session"
            thread.start()
        }
    }

    // MARK: One SMTP session

    private struct Session {
        let fd: Int32
        let server: FakeSMTPServer
        var buffer: [UInt8] = []
        var greeted = false
        var user: String?
        var from: String?
        var recipients: [String] = []

        init(fd: Int32, server: FakeSMTPServer) {
            self.fd = fd
            self.server = server
        }

        var configuration: Configuration { server.configuration }

        mutating func run() {
            if configuration.silent {
                // Hold the connection open, saying nothing, until the client gives up.
                while server.waitReadable(fd) {
                    guard fill() else { return }
                    buffer.removeAll()
                }
                return
            }
            guard reply(configuration.replies[.greeting] ?? Reply(220, "fake.smtp ESMTP ready")) else { return }
            if let forced = configuration.replies[.greeting], forced.code >= 400 { return }
            while let line = readLine() {
                // A TLS ClientHello (record type 0x16): this server speaks plain text only.
                if line.first == 0x16 {
                    server.record(command: "TLS-HANDSHAKE")
                    return
                }
                let text = String(decoding: line, as: UTF8.self)
                let verb = text.prefix { $0 != " " }.uppercased()
                server.record(command: verb == "AUTH" ? "AUTH " + (text.split(separator: " ").dropFirst().first.map { $0.uppercased() } ?? "") : text)
                guard handle(verb: verb, argument: String(text.dropFirst(verb.count).drop { $0 == " " })) else { return }
            }
        }

        /// Returns false when the session must end.
        private mutating func handle(verb: String, argument: String) -> Bool {
            switch verb {
            case "EHLO":
                if let forced = configuration.replies[.ehlo] { return reply(forced) }
                greeted = true
                resetTransaction()
                var lines = ["fake.smtp greets \(argument)"]
                if configuration.username != nil {
                    lines.append("AUTH " + configuration.authMechanisms.joined(separator: " "))
                }
                lines += ["8BITMIME", "SIZE 10485760", "HELP"]
                return replyLines(250, lines)
            case "HELO":
                greeted = true
                resetTransaction()
                return reply(Reply(250, "fake.smtp"))
            case "AUTH":
                return authenticate(argument)
            case "MAIL":
                if let forced = configuration.replies[.mail], forced.code >= 400 { return reply(forced) }
                guard greeted else { return reply(Reply(503, "5.5.1 EHLO first")) }
                guard configuration.username == nil || user != nil else {
                    return reply(Reply(530, "5.7.0 Authentication required"))
                }
                guard let address = Self.angleAddress(argument, prefix: "FROM:") else {
                    return reply(Reply(501, "5.5.4 Syntax: MAIL FROM:<address>"))
                }
                resetTransaction()
                from = address
                return reply(configuration.replies[.mail] ?? Reply(250, "2.1.0 OK"))
            case "RCPT":
                guard from != nil else { return reply(Reply(503, "5.5.1 MAIL first")) }
                guard let address = Self.angleAddress(argument, prefix: "TO:") else {
                    return reply(Reply(501, "5.5.4 Syntax: RCPT TO:<address>"))
                }
                if configuration.rejectedRecipients.contains(where: { $0.lowercased() == address.lowercased() }) {
                    return reply(Reply(550, "5.1.1 <\(address)>: Recipient address rejected: User unknown"))
                }
                if let forced = configuration.replies[.rcpt], forced.code >= 400 { return reply(forced) }
                recipients.append(address)
                return reply(configuration.replies[.rcpt] ?? Reply(250, "2.1.5 OK"))
            case "DATA":
                guard from != nil, !recipients.isEmpty else { return reply(Reply(503, "5.5.1 RCPT first")) }
                if let forced = configuration.replies[.data], forced.code >= 400 { return reply(forced) }
                guard reply(Reply(354, "End data with <CR><LF>.<CR><LF>")) else { return false }
                guard let data = readData() else { return false }
                let final = configuration.replies[.endOfData] ?? Reply(250, "2.0.0 OK queued")
                if final.code < 400, let from {
                    server.record(message: Message(from: from, recipients: recipients, data: data, authenticatedUser: user))
                }
                resetTransaction()
                return reply(final)
            case "RSET":
                resetTransaction()
                return reply(Reply(250, "2.0.0 OK"))
            case "NOOP":
                return reply(configuration.replies[.noop] ?? Reply(250, "2.0.0 OK"))
            case "VRFY":
                return reply(Reply(252, "2.0.0 Cannot VRFY user"))
            case "QUIT":
                _ = reply(Reply(221, "2.0.0 Bye"))
                return false
            default:
                return reply(Reply(502, "5.5.2 Command not recognized"))
            }
        }

        private mutating func resetTransaction() {
            from = nil
            recipients = []
        }

        /// AUTH PLAIN [initial-response] and AUTH LOGIN [initial-response].
        private mutating func authenticate(_ argument: String) -> Bool {
            guard configuration.username != nil else { return reply(Reply(503, "5.5.1 AUTH not available")) }
            guard greeted else { return reply(Reply(503, "5.5.1 EHLO first")) }
            guard user == nil else { return reply(Reply(503, "5.5.1 Already authenticated")) }
            let parts = argument.split(separator: " ").map(String.init)
            let mechanism = parts.first?.uppercased() ?? ""
            guard configuration.authMechanisms.contains(mechanism) else {
                return reply(Reply(504, "5.5.4 Unrecognized authentication type"))
            }
            var givenUser: String
            var givenPassword: String
            if mechanism == "PLAIN" {
                var response = parts.count > 1 ? parts[1] : nil
                if response == nil {
                    guard reply(Reply(334, "")) else { return false }
                    guard let line = readLine() else { return false }
                    response = String(decoding: line, as: UTF8.self)
                }
                guard let encoded = response, encoded != "*" else { return reply(Reply(501, "5.7.0 Authentication cancelled")) }
                guard let decoded = Data(base64Encoded: encoded) else { return reply(Reply(501, "5.5.2 Cannot decode response")) }
                // authzid NUL authcid NUL passwd
                let fields = Array(decoded).split(separator: 0, omittingEmptySubsequences: false)
                guard fields.count == 3 else { return reply(Reply(501, "5.5.2 Malformed PLAIN response")) }
                givenUser = String(decoding: fields[1], as: UTF8.self)
                givenPassword = String(decoding: fields[2], as: UTF8.self)
            } else {
                // LOGIN: "Username:" and "Password:" prompts, base64 both ways.
                var encodedUser = parts.count > 1 ? parts[1] : nil
                if encodedUser == nil {
                    guard reply(Reply(334, "VXNlcm5hbWU6")) else { return false }
                    guard let line = readLine() else { return false }
                    encodedUser = String(decoding: line, as: UTF8.self)
                }
                guard reply(Reply(334, "UGFzc3dvcmQ6")) else { return false }
                guard let passwordLine = readLine() else { return false }
                guard let userData = encodedUser.flatMap({ Data(base64Encoded: $0) }),
                      let passwordData = Data(base64Encoded: String(decoding: passwordLine, as: UTF8.self))
                else { return reply(Reply(501, "5.5.2 Cannot decode response")) }
                givenUser = String(decoding: userData, as: UTF8.self)
                givenPassword = String(decoding: passwordData, as: UTF8.self)
            }
            guard givenUser == configuration.username, givenPassword == (configuration.password ?? "") else {
                let detail = configuration.echoCredentialsOnFailure ? " for \(givenUser):\(givenPassword)" : ""
                return reply(Reply(535, "5.7.8 Authentication credentials invalid\(detail)"))
            }
            user = givenUser
            return reply(Reply(235, "2.7.0 Authentication successful"))
        }

        /// "FROM:<a@b> SIZE=123" → "a@b" (also accepts a space after the colon).
        private static func angleAddress(_ argument: String, prefix: String) -> String? {
            guard argument.uppercased().hasPrefix(prefix) else { return nil }
            let rest = argument.dropFirst(prefix.count).drop { $0 == " " }
            guard rest.first == "<", let end = rest.firstIndex(of: ">") else { return nil }
            return String(rest[rest.index(after: rest.startIndex)..<end])
        }

        // MARK: I/O

        /// Reads more bytes into `buffer`; false on EOF, error or stop.
        private mutating func fill() -> Bool {
            guard server.waitReadable(fd) else { return false }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }

        /// One line without its CRLF (a bare LF is tolerated).
        private mutating func readLine() -> [UInt8]? {
            while true {
                if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = Array(buffer[..<newline])
                    buffer.removeFirst(newline + 1)
                    if line.last == UInt8(ascii: "\r") { line.removeLast() }
                    return line
                }
                guard fill() else { return nil }
            }
        }

        /// DATA content up to the "." line, dot-unstuffed (RFC 5321 §4.5.2), CRLF-terminated lines.
        private mutating func readData() -> [UInt8]? {
            var data: [UInt8] = []
            while let line = readLine() {
                if line == [UInt8(ascii: ".")] { return data }
                data += line.first == UInt8(ascii: ".") ? Array(line.dropFirst()) : line
                data += [13, 10]
            }
            return nil
        }

        private func reply(_ reply: Reply) -> Bool {
            write(reply.text.isEmpty ? "\(reply.code) \r\n" : "\(reply.code) \(reply.text)\r\n")
        }

        private func replyLines(_ code: Int, _ lines: [String]) -> Bool {
            var text = ""
            for (index, line) in lines.enumerated() {
                text += "\(code)\(index == lines.count - 1 ? " " : "-")\(line)\r\n"
            }
            return write(text)
        }

        /// Writes everything; false if the peer went away. MSG_NOSIGNAL: a client hanging up
        /// must not SIGPIPE the test process.
        private func write(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
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
    }
}

public struct FakeSMTPServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ call: String) { description = "\(call) failed: \(String(cString: strerror(errno)))" }
}
