import CCurl

/// Process-wide libcurl initialisation.
enum CurlGlobal {
    /// curl_global_init must run once, before any other libcurl call, and never concurrently
    /// with itself. A static `let` gives exactly that: Swift initialises it lazily, once, under
    /// a lock (swift_once), on first access from any thread. curl_global_cleanup is never
    /// called: the process is the lifetime.
    private static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    static func ensureInitialized() throws(OutboundError) {
        let code = initResult
        guard code == CURLE_OK else {
            throw .transport(code: Int(code.rawValue), message: "curl_global_init failed: \(CurlEasyHandle.describe(code))")
        }
    }
}
