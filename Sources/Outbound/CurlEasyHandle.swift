import CCurl

/// One libcurl easy handle.
///
/// Not thread-safe and deliberately not `Sendable`: a handle belongs to one worker thread for
/// its whole life. Keeping it across transfers (instead of one per request) keeps libcurl's
/// connection cache, so consecutive requests to the same host reuse the keep-alive connection
/// and the TLS session. `prepare` resets every option between transfers; `curl_easy_reset`
/// keeps the connection cache.
///
/// Protocol-agnostic on purpose: HTTP (`HTTPTransfer`) and SMTP both start with `prepare`.
final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    /// CURLOPT_ERRORBUFFER target: libcurl writes a detailed message here when a transfer
    /// fails (e.g. "Failed to connect to 127.0.0.1 port 9: Connection refused").
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(OutboundError) {
        try CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw .transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init returned NULL")
        }
        self.handle = handle
        let size = Int(CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Clears every option left by the previous transfer and applies the settings every
    /// protocol shares. `protocols` is a CURLOPT_PROTOCOLS_STR list such as "http,https".
    func prepare(protocols: String, timeout: Duration, connectTimeout: Duration) throws(OutboundError) {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // libcurl otherwise uses SIGALRM for DNS timeouts, which is unsafe with threads.
        try set(CURLOPT_NOSIGNAL, 1)
        // Restrict protocols for the request and for any redirect, so a URL check bypass or a
        // future FOLLOWLOCATION cannot reach file://, gopher:// and friends.
        try set(CURLOPT_PROTOCOLS_STR, protocols)
        try set(CURLOPT_REDIR_PROTOCOLS_STR, protocols)
        try set(CURLOPT_FOLLOWLOCATION, 0)
        // These are libcurl's defaults; set them anyway so nothing upstream can silently relax them.
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        // An empty string disables proxies, including http_proxy/ALL_PROXY from the environment.
        try set(CURLOPT_PROXY, "")
        try set(CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.curlMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, timeout.curlMilliseconds)
    }

    /// Runs the configured transfer, blocking the calling thread until it ends.
    func perform() -> CURLcode {
        curl_easy_perform(handle)
    }

    /// Drops the pointers the last transfer registered (body buffer, header list, callback
    /// context) so the idle handle references no freed memory. Connections stay cached.
    func clearOptions() {
        curl_easy_reset(handle)
    }

    func getLong(_ info: CURLINFO) -> Int {
        var value = 0
        guard bcos_curl_getinfo_long(handle, info, &value) == CURLE_OK else { return 0 }
        return value
    }

    /// libcurl's generic text for `code` ("Couldn't connect to server") with the error buffer's
    /// specific one ("Failed to connect to 127.0.0.1 port 9 after 0 ms: ...") when there is one.
    func message(for code: CURLcode) -> String {
        let generic = Self.describe(code)
        let detail = String(cString: errorBuffer)
        if detail.isEmpty { return generic }
        return detail.contains(generic) ? detail : "\(generic): \(detail)"
    }

    static func describe(_ code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "curl error \(code.rawValue)" }
        return String(cString: text)
    }

    // MARK: Typed setters over the shim. A failing setopt throws: silently running a transfer
    // without, say, the protocol restriction would be worse than failing it.

    func set(_ option: CURLoption, _ value: Int) throws(OutboundError) {
        try check(bcos_curl_setopt_long(handle, option, value), option)
    }

    /// libcurl copies string options (except CURLOPT_POSTFIELDS), so the C string only has to
    /// live for the duration of the call.
    func set(_ option: CURLoption, _ value: String) throws(OutboundError) {
        let code = value.withCString { bcos_curl_setopt_string(handle, option, $0) }
        try check(code, option)
    }

    /// The pointee must outlive the transfer: libcurl keeps the pointer, not a copy.
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(OutboundError) {
        try check(bcos_curl_setopt_pointer(handle, option, pointer), option)
    }

    /// The list must outlive the transfer.
    func set(_ option: CURLoption, list: UnsafeMutablePointer<curl_slist>?) throws(OutboundError) {
        try check(bcos_curl_setopt_slist(handle, option, list), option)
    }

    func set(_ option: CURLoption, offset: Int64) throws(OutboundError) {
        try check(bcos_curl_setopt_off_t(handle, option, curl_off_t(offset)), option)
    }

    /// Write, header and read callbacks all share this C signature.
    func set(_ option: CURLoption, callback: bcos_curl_data_callback) throws(OutboundError) {
        try check(bcos_curl_setopt_callback(handle, option, callback), option)
    }

    /// CURLOPT_DEBUGFUNCTION (only called while CURLOPT_VERBOSE is on).
    func set(_ option: CURLoption, debugCallback: bcos_curl_debug_callback) throws(OutboundError) {
        try check(bcos_curl_setopt_debug_callback(handle, option, debugCallback), option)
    }

    /// CURLOPT_OPENSOCKETFUNCTION (see `ConnectGuard`).
    func set(_ option: CURLoption, openSocketCallback: curl_opensocket_callback) throws(OutboundError) {
        try check(bcos_curl_setopt_opensocket_callback(handle, option, openSocketCallback), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(OutboundError) {
        guard code == CURLE_OK else {
            throw .transport(code: Int(code.rawValue), message: "curl_easy_setopt(\(option.rawValue)) failed: \(Self.describe(code))")
        }
    }
}

/// An owned curl_slist (header lists, SMTP recipients), freed on deinit.
final class CurlStringList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit {
        curl_slist_free_all(pointer)
    }

    /// libcurl copies the string.
    func append(_ line: String) throws(OutboundError) {
        guard let next = line.withCString({ curl_slist_append(pointer, $0) }) else {
            throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed")
        }
        pointer = next
    }
}

extension Duration {
    /// For CURLOPT_*TIMEOUT_MS: rounded up, at least 1 ms (0 means "no timeout" to libcurl,
    /// which is never what a zero or negative Duration should mean), capped at one day.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 1 }
        if seconds >= 86_400 { return 86_400_000 }
        let millis = Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        return Swift.max(1, Swift.min(millis, 86_400_000))
    }
}

extension OutboundError {
    /// Maps a failed transfer's CURLcode onto the public cases. Callers handle the cases only
    /// they can tell apart (a write error caused by our own size cap, a cancellation) first.
    init(curlCode code: CURLcode, message: String, url: String) {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            self = .timedOut
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .connectionFailed(message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            self = .tlsFailed(message)
        case CURLE_UNSUPPORTED_PROTOCOL:
            // libcurl's own protocol restriction caught it; report the scheme, like validation does.
            self = .protocolNotAllowed(String(url.prefix { $0 != ":" }))
        case CURLE_URL_MALFORMAT:
            self = .invalidURL(url)
        default:
            self = .transport(code: Int(code.rawValue), message: message)
        }
    }
}
