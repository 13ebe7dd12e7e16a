import CCurl

/// An HTTP/1.1 and HTTP/2 client over libcurl for the app's outbound calls (webhooks, APIs).
///
/// Hardened by default: only http and https URLs are accepted (checked before libcurl sees
/// them, and again by libcurl's protocol restriction); internal addresses are refused when
/// connecting (`OutboundAddressPolicy`, checked on the address actually connected to, so DNS
/// rebinding cannot slip past); TLS certificates and host names are
/// verified; redirects are never followed (a 3xx comes back as a response); environment
/// proxies are ignored; header values with CR/LF are refused; every request has a connect
/// timeout, a total timeout and a response size cap.
///
/// Blocking `curl_easy_perform` calls run on a fixed set of dedicated threads, at most
/// `maxConcurrentRequests`; extra requests wait in a queue (their total timeout starts when a
/// thread picks them up). Each thread keeps its easy handle, so sequential requests to the
/// same host reuse the keep-alive connection. Non-2xx statuses are responses, not errors.
///
/// Cancelling the calling task skips a still-queued request, and aborts a running one when
/// the next bytes arrive (at the latest, at its timeout); it then throws `CancellationError`.
///
///     let client = HTTPClient()
///     let response = try await client.send(OutboundRequest(
///         method: "POST", url: "https://example.org/hook",
///         headers: [OutboundHeader("Content-Type", "application/json")],
///         body: Array(#"{"ok":true}"#.utf8)))
public final class HTTPClient: Sendable {
    private let pool: CurlWorkerPool
    /// Which addresses requests may connect to.
    public let addressPolicy: OutboundAddressPolicy

    /// `addressPolicy` defaults to refusing every internal address; pass
    /// `try OutboundAddressPolicy.fromEnvironment()` to honour `OUTBOUND_ALLOW`.
    public init(maxConcurrentRequests: Int = 8, addressPolicy: OutboundAddressPolicy = .refuseInternal) {
        pool = CurlWorkerPool(name: "bcos-outbound-http", maxWorkers: maxConcurrentRequests)
        self.addressPolicy = addressPolicy
    }

    deinit {
        // No request can be in flight: `send` keeps `self` alive until it returns.
        pool.shutdown()
    }

    /// Requests that passed validation and were handed to libcurl (for tests).
    var transfersStarted: Int { pool.submittedJobs }

    /// Number of worker threads started so far (for tests).
    var workerThreads: Int { pool.threadCount }

    /// Sends `request` and returns the final response, whatever its status.
    /// - Throws: `OutboundError`, or `CancellationError` if the task was cancelled.
    public func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        let url = try request.validate()
        let policy = addressPolicy
        return try await pool.perform { (handle, cancel) throws(OutboundError) in
            try HTTPTransfer.perform(request, on: handle, cancel: cancel, policy: policy, host: url.host)
        }
    }
}
