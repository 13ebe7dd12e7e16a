import CCurl
import Foundation

/// Where and how to deliver mail: an SMTP submission server and its credentials.
///
/// `description`, `debugDescription` and the reflection mirror leave the password out, so
/// logging a server value (or `dump`ing it) cannot leak it.
public struct SMTPServer: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public enum Security: String, Sendable, Equatable {
        /// Plain text all the way, credentials included. Only for a relay on the same host or
        /// network, and for tests.
        case none
        /// smtp:// then STARTTLS, required: a server that does not offer it fails the
        /// transfer instead of silently continuing in clear (CURLUSESSL_ALL). Port 587.
        case startTLS
        /// Implicit TLS from the first byte (smtps://). Port 465.
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// nil or empty: no authentication.
    public var username: String?
    public var password: String?
    /// The whole session, from DNS resolution to QUIT. Also the limit for any single server
    /// reply (libcurl's default there is 120 s).
    public var timeout: Duration
    /// DNS, TCP and (for `.tls`) the TLS handshake.
    public var connectTimeout: Duration

    /// `port` defaults to the usual one for `security`: 25, 587 or 465.
    public init(
        host: String,
        port: Int? = nil,
        security: Security = .startTLS,
        username: String? = nil,
        password: String? = nil,
        timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port ?? Self.defaultPort(for: security)
        self.security = security
        self.username = username
        self.password = password
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }

    public static func defaultPort(for security: Security) -> Int {
        switch security {
        case .none: 25
        case .startTLS: 587
        case .tls: 465
        }
    }

    public var description: String {
        let user = usesAuthentication ? ", user \((username ?? "").debugDescription)" : ""
        return "SMTP \(host):\(port) (\(security.rawValue)\(user))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "host": host, "port": port, "security": security, "username": username as Any,
            "password": password == nil ? "nil" : "<redacted>",
            "timeout": timeout, "connectTimeout": connectTimeout,
        ])
    }

    var usesAuthentication: Bool { !(username ?? "").isEmpty }

    /// The name the address policy's host entries are matched against.
    var policyHost: String { OutboundAddressPolicy.normalizedHost(host) }

    /// The libcurl URL: smtp:// or smtps://, the host (bracketed if IPv6) and the port. Built
    /// here from checked parts rather than taken from configuration, so nothing but SMTP can
    /// ever be reached and no stray "@", "/" or "?" can change what the URL means. No path:
    /// libcurl then greets with EHLO and this machine's host name.
    func url() throws(OutboundError) -> String {
        guard (1...65535).contains(port) else { throw .invalidMailServer(host) }
        let scheme = security == .tls ? "smtps" : "smtp"
        var name = Substring(host)
        if name.hasPrefix("[") && name.hasSuffix("]") { name = name.dropFirst().dropLast() }
        let scalars = name.unicodeScalars
        guard !name.isEmpty, name.utf8.count <= 253 else { throw .invalidMailServer(host) }
        if scalars.contains(":") {
            guard scalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." }) else {
                throw .invalidMailServer(host)
            }
            return "\(scheme)://[\(name)]:\(port)"
        }
        let isHostName = scalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_"
        }
        guard isHostName, let first = scalars.first, first != ".", first != "-" else { throw .invalidMailServer(host) }
        return "\(scheme)://\(name):\(port)"
    }
}

/// Sends e-mail through an SMTP server with libcurl (smtp:// and smtps:// only).
///
/// Same machinery as `HTTPClient`: blocking `curl_easy_perform` calls run on a small pool of
/// dedicated threads (`maxConcurrentSends`), each with its own easy handle; extra sends wait
/// in a FIFO queue. TLS certificates and host names are always verified; `.startTLS` refuses
/// to continue in clear text if the server does not offer STARTTLS.
///
/// Every send is one SMTP session (connect, EHLO, STARTTLS, AUTH, MAIL, RCPT…, DATA, QUIT):
/// connections are not kept for reuse. CRM mail is a trickle, servers drop idle sessions
/// within minutes anyway, and a fresh session makes every send authenticate and fail on its
/// own terms.
///
/// Errors are `OutboundError`s carrying libcurl's text and, when there is one, the server's
/// last error reply ("550 5.1.1 User unknown"). The password is scrubbed from every message,
/// even if a misbehaving server echoes it back.
///
///     let client = SMTPClient()
///     let server = SMTPServer(host: "smtp.example.org", security: .startTLS,
///                             username: "crm@example.org", password: secret)
///     try await client.send(MailMessage(from: MailAddress("crm@example.org", name: "École"),
///                                       to: ["zoe@example.com"], subject: "Bienvenue",
///                                       textBody: "Bonjour Zoé"), via: server)
public final class SMTPClient: Sendable {
    private let pool: CurlWorkerPool
    /// Which addresses SMTP sessions may connect to (see `OutboundAddressPolicy`).
    public let addressPolicy: OutboundAddressPolicy

    /// `addressPolicy` defaults to refusing every internal address: a relay on the same host or
    /// network must be listed in `OUTBOUND_ALLOW` (`try OutboundAddressPolicy.fromEnvironment()`).
    public init(maxConcurrentSends: Int = 4, addressPolicy: OutboundAddressPolicy = .refuseInternal) {
        pool = CurlWorkerPool(name: "bcos-outbound-smtp", maxWorkers: maxConcurrentSends)
        self.addressPolicy = addressPolicy
    }

    deinit {
        // No send can be in flight: `send` and `check` keep `self` alive until they return.
        pool.shutdown()
    }

    /// Sessions that passed validation and were handed to libcurl (for tests).
    var transfersStarted: Int { pool.submittedJobs }

    /// Delivers `message` to every To and Cc recipient. Succeeds only if the server accepted
    /// all recipients and the message itself.
    /// - Throws: `OutboundError`, or `CancellationError` if the task was cancelled.
    public func send(_ message: MailMessage, via server: SMTPServer) async throws {
        try message.validate()
        let url = try server.url()
        let bytes = message.rendered()
        let policy = addressPolicy
        try await run { (handle, cancel) throws(OutboundError) in
            try SMTPTransfer.send(message, bytes: bytes, server: server, url: url, policy: policy, on: handle, cancel: cancel)
        }
    }

    /// "Test connection": connects, greets (EHLO), upgrades to TLS as configured, logs in
    /// when credentials are set, sends NOOP and QUITs. No mail is sent. Credentials that are
    /// set but could not be used, because the server offered no AUTH, count as a failure.
    /// - Throws: `OutboundError`, or `CancellationError` if the task was cancelled.
    public func check(_ server: SMTPServer) async throws {
        let url = try server.url()
        let policy = addressPolicy
        try await run { (handle, cancel) throws(OutboundError) in
            try SMTPTransfer.check(server: server, url: url, policy: policy, on: handle, cancel: cancel)
        }
    }

    private func run(_ work: @escaping @Sendable (CurlEasyHandle, CancellationFlag) throws(OutboundError) -> Void) async throws {
        try await pool.perform(work)
    }
}

/// Runs one SMTP session on a worker thread's easy handle. Synchronous and blocking: only
/// ever called from `CurlWorkerPool` threads.
enum SMTPTransfer {
    static func send(
        _ message: MailMessage, bytes: [UInt8], server: SMTPServer, url: String, policy: OutboundAddressPolicy,
        on handle: CurlEasyHandle, cancel: CancellationFlag
    ) throws(OutboundError) {
        defer { handle.clearOptions() }
        let state = SMTPTransferState(body: bytes, cancel: cancel)
        let connectGuard = ConnectGuard(policy: policy, host: server.policyHost)
        try configure(handle, server: server, url: url, state: state)
        try connectGuard.install(on: handle)

        // Addresses were validated (no "<", ">", spaces, CR or LF), so the brackets are ours.
        try handle.set(CURLOPT_MAIL_FROM, "<\(message.from.address)>")
        let recipients = CurlStringList()
        for recipient in message.envelopeRecipients {
            try recipients.append("<\(recipient)>")
        }
        try handle.set(CURLOPT_MAIL_RCPT, list: recipients.pointer)
        // libcurl dot-stuffs the data and adds the final "." line itself.
        try handle.set(CURLOPT_UPLOAD, 1)
        try handle.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(bytes.count))
        try handle.set(CURLOPT_READFUNCTION, callback: readCallback)
        try handle.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(state).toOpaque())

        // libcurl holds raw pointers to all three: pin them until perform has returned.
        let code = withExtendedLifetime((state, recipients, connectGuard)) { handle.perform() }
        guard code == CURLE_OK else { throw connectGuard.refusal() ?? error(for: code, handle: handle, state: state, server: server, url: url) }
    }

    static func check(server: SMTPServer, url: String, policy: OutboundAddressPolicy, on handle: CurlEasyHandle, cancel: CancellationFlag) throws(OutboundError) {
        defer { handle.clearOptions() }
        let state = SMTPTransferState(body: [], cancel: cancel)
        let connectGuard = ConnectGuard(policy: policy, host: server.policyHost)
        try configure(handle, server: server, url: url, state: state)
        try connectGuard.install(on: handle)
        // Without MAIL_FROM, MAIL_RCPT or UPLOAD, libcurl runs the connect phase (greeting,
        // EHLO, STARTTLS, AUTH) and then this single command. NOOP changes nothing on the
        // server, unlike VRFY/EXPN, which many servers refuse or log as probing.
        try handle.set(CURLOPT_CUSTOMREQUEST, "NOOP")

        let code = withExtendedLifetime((state, connectGuard)) { handle.perform() }
        guard code == CURLE_OK else { throw connectGuard.refusal() ?? error(for: code, handle: handle, state: state, server: server, url: url) }
        // libcurl skips AUTH, without error, when the EHLO reply does not offer it; a check
        // that passes although the credentials were never tried would mislead the admin.
        if server.usesAuthentication && !state.sentAuth {
            var detail = "the server did not offer authentication (no AUTH in its EHLO reply), so the credentials were not used"
            if server.security == .none { detail += "; many servers offer AUTH only over TLS" }
            throw .authenticationFailed(detail)
        }
    }

    /// Settings shared by `send` and `check`.
    private static func configure(_ handle: CurlEasyHandle, server: SMTPServer, url: String, state: SMTPTransferState) throws(OutboundError) {
        try handle.prepare(protocols: "smtp,smtps", timeout: server.timeout, connectTimeout: server.connectTimeout)
        try handle.set(CURLOPT_URL, url)
        switch server.security {
        case .none:
            try handle.set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        case .startTLS, .tls:
            // For smtps:// TLS is implicit anyway; ALL also rules out any clear-text fallback.
            try handle.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        }
        if server.usesAuthentication {
            // Separate options rather than user:password in the URL, so the password never
            // appears in a URL that libcurl might quote in an error.
            try handle.set(CURLOPT_USERNAME, server.username ?? "")
            try handle.set(CURLOPT_PASSWORD, server.password ?? "")
        }
        try handle.set(CURLOPT_FORBID_REUSE, 1)
        // Bounds each wait for a server reply, QUIT included (where the total timeout no
        // longer applies); libcurl's default is 120 s. Whole seconds only in libcurl 7.88.
        let (seconds, attoseconds) = server.timeout.components
        try handle.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, Int(max(1, min(86_400, seconds + (attoseconds > 0 ? 1 : 0)))))
        // NOOP's reply is "body" to libcurl; without a write function it would go to stdout.
        try handle.set(CURLOPT_WRITEFUNCTION, callback: discardCallback)
        // The debug stream is the only place libcurl 7.88 exposes the server's reply text;
        // with a debug function set, VERBOSE writes nothing to stderr.
        try handle.set(CURLOPT_DEBUGFUNCTION, debugCallback: debugCallback)
        try handle.set(CURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(state).toOpaque())
        try handle.set(CURLOPT_VERBOSE, 1)
    }

    private static func error(
        for code: CURLcode, handle: CurlEasyHandle, state: SMTPTransferState, server: SMTPServer, url: String
    ) -> OutboundError {
        if state.cancelled { return .transport(code: Int(code.rawValue), message: "cancelled by the caller") }
        var message = handle.message(for: code)
        if let reply = state.lastErrorReply {
            message += " (server replied: \(reply))"
        }
        message = redacted(message, server: server)
        if code == CURLE_LOGIN_DENIED { return .authenticationFailed(message) }
        return OutboundError(curlCode: code, message: message, url: url)
    }

    /// Removes the password, and the base64 forms in which AUTH PLAIN and AUTH LOGIN carry
    /// it, from a message. libcurl never puts it in its own texts, but a server reply could
    /// echo what it received.
    static func redacted(_ text: String, server: SMTPServer) -> String {
        guard let password = server.password, !password.isEmpty else { return text }
        let user = server.username ?? ""
        let secrets = [
            Data("\0\(user)\0\(password)".utf8).base64EncodedString(),
            Data("\(user)\0\(user)\0\(password)".utf8).base64EncodedString(),
            Data(password.utf8).base64EncodedString(),
            password,
        ]
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return result
    }
}

/// What the C callbacks share with the transfer; reached through an unretained pointer
/// (the transfer keeps it alive across curl_easy_perform).
final class SMTPTransferState {
    let body: [UInt8]
    var offset = 0
    let cancel: CancellationFlag
    var cancelled = false
    /// The last 4xx/5xx line the server sent, for the error message.
    var lastErrorReply: String?
    /// Whether libcurl sent an AUTH command (only the command name is looked at).
    var sentAuth = false

    init(body: [UInt8], cancel: CancellationFlag) {
        self.body = body
        self.cancel = cancel
    }

    /// Keeps error replies, one line at a time, limited to printable ASCII (a hostile server
    /// cannot forge log lines) and 300 characters. Redaction happens later, on the final text.
    func receiveServerText(_ bytes: UnsafeRawBufferPointer) {
        for line in bytes.split(whereSeparator: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) {
            guard let first = line.first, first == UInt8(ascii: "4") || first == UInt8(ascii: "5") else { continue }
            let printable = line.prefix(300).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }
            lastErrorReply = String(decoding: printable, as: UTF8.self)
        }
    }

    func noteClientCommand(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count >= 5, bytes.prefix(5).elementsEqual("AUTH ".utf8) {
            sentAuth = true
        }
    }

    /// Copies the next slice of the message into libcurl's buffer; 0 means "end of data".
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, body.count - offset)
        guard count > 0 else { return 0 }
        body.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}

private let readCallback: bcos_curl_data_callback = { buffer, size, count, context in
    guard let context, let buffer else { return Int(CURL_READFUNC_ABORT) }
    let state = Unmanaged<SMTPTransferState>.fromOpaque(context).takeUnretainedValue()
    if state.cancel.isSet {
        state.cancelled = true
        return Int(CURL_READFUNC_ABORT)
    }
    return state.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
}

private let discardCallback: bcos_curl_data_callback = { _, size, count, _ in
    size * count
}

private let debugCallback: bcos_curl_debug_callback = { _, type, data, size, context in
    guard let context, let data, size > 0 else { return 0 }
    let state = Unmanaged<SMTPTransferState>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    switch type {
    case CURLINFO_HEADER_IN:
        state.receiveServerText(bytes)
    case CURLINFO_HEADER_OUT:
        // Client commands, AUTH payloads included: inspected for the command name only,
        // never stored.
        state.noteClientCommand(bytes)
    default:
        break
    }
    return 0
}
