import CCurl

/// Runs one HTTP exchange on a worker thread's easy handle. Synchronous and blocking: only
/// ever called from `CurlWorkerPool` threads.
enum HTTPTransfer {
    static let userAgent = "BCOS/1.0"
    /// Total size of the final response's header section. libcurl caps a single header line
    /// (100 KB) but, in 7.88, not their number.
    static let maxHeaderBytes = 256 * 1024

    static func perform(
        _ request: OutboundRequest, on handle: CurlEasyHandle, cancel: CancellationFlag,
        policy: OutboundAddressPolicy = .refuseInternal, host: String = ""
    ) throws(OutboundError) -> OutboundResponse {
        defer { handle.clearOptions() }
        try handle.prepare(protocols: "http,https", timeout: request.timeout, connectTimeout: request.connectTimeout)
        let connectGuard = ConnectGuard(policy: policy, host: host)
        try connectGuard.install(on: handle)
        try handle.set(CURLOPT_URL, request.url)
        try handle.set(CURLOPT_USERAGENT, userAgent)
        // Rejects up front a response whose Content-Length is already too big (CURLE_FILESIZE_EXCEEDED);
        // the write callback enforces the same cap on chunked or lying responses. 0 would mean "no limit".
        if request.maxResponseBytes > 0 {
            try handle.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(request.maxResponseBytes))
        }

        let sendsBody = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method)
        let headerList = try makeHeaderList(request.headers, sendsBody: sendsBody)
        try handle.set(CURLOPT_HTTPHEADER, list: headerList.pointer)

        if request.method == "GET" && !sendsBody {
            try handle.set(CURLOPT_HTTPGET, 1)
        } else {
            // Validated against allowedMethods, so nothing odd can reach the request line.
            try handle.set(CURLOPT_CUSTOMREQUEST, request.method)
        }

        let state = TransferState(maxBodyBytes: max(0, request.maxResponseBytes), cancel: cancel)
        let context = Unmanaged.passUnretained(state).toOpaque()
        try handle.set(CURLOPT_WRITEFUNCTION, callback: writeCallback)
        try handle.set(CURLOPT_WRITEDATA, pointer: context)
        try handle.set(CURLOPT_HEADERFUNCTION, callback: headerCallback)
        try handle.set(CURLOPT_HEADERDATA, pointer: context)

        // Swift may release a local right after its last use, and libcurl holds only raw
        // pointers to these three: pin them until perform has returned.
        let code: CURLcode = try withExtendedLifetime((state, headerList, connectGuard)) { () throws(OutboundError) -> CURLcode in
            guard sendsBody else { return handle.perform() }
            // CURLOPT_POSTFIELDS is not copied: the bytes must stay put until perform returns,
            // hence perform runs inside the buffer's scope.
            return try withBodyPointer(request.body) { (pointer, count) -> Result<CURLcode, OutboundError> in
                Result { () throws(OutboundError) -> CURLcode in
                    try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(count))
                    try handle.set(CURLOPT_POSTFIELDS, pointer: pointer)
                    return handle.perform()
                }
            }.get()
        }

        guard code == CURLE_OK else {
            if state.cancelled { throw .transport(code: Int(code.rawValue), message: "cancelled by the caller") }
            if let refusal = connectGuard.refusal() { throw refusal }
            if state.exceededBodyLimit || code == CURLE_FILESIZE_EXCEEDED {
                throw .responseTooLarge(limit: request.maxResponseBytes)
            }
            if state.exceededHeaderLimit { throw .responseTooLarge(limit: maxHeaderBytes) }
            throw OutboundError(curlCode: code, message: handle.message(for: code), url: request.url)
        }
        return OutboundResponse(status: handle.getLong(CURLINFO_RESPONSE_CODE), headers: state.headers, body: state.body)
    }

    private static func makeHeaderList(_ headers: [OutboundHeader], sendsBody: Bool) throws(OutboundError) -> CurlStringList {
        let list = CurlStringList()
        var names = Set<String>()
        for header in headers {
            names.insert(header.name.lowercased())
            // "Name:" with nothing after it tells libcurl to remove the header; "Name;" is its
            // syntax for sending an empty value.
            try list.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        // libcurl adds "Expect: 100-continue" to large bodies and then waits up to 1 s for a
        // "100 Continue" many servers never send.
        if !names.contains("expect") {
            try list.append("Expect:")
        }
        // Without this libcurl labels every body application/x-www-form-urlencoded.
        if sendsBody && !names.contains("content-type") {
            try list.append("Content-Type:")
        }
        return list
    }

    /// Calls `body` with a stable pointer to the bytes, and a valid one-byte sentinel for an
    /// empty body (a NULL CURLOPT_POSTFIELDS would make libcurl read the body from stdin).
    private static func withBodyPointer<R>(_ bytes: [UInt8], _ body: (UnsafeMutableRawPointer, Int) -> R) -> R {
        var sentinel: UInt8 = 0
        return withUnsafeMutablePointer(to: &sentinel) { sentinelPointer in
            bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, !raw.isEmpty else {
                    return body(UnsafeMutableRawPointer(sentinelPointer), 0)
                }
                return body(UnsafeMutableRawPointer(mutating: base), raw.count)
            }
        }
    }
}

/// What the C callbacks accumulate; reached through CURLOPT_WRITEDATA/HEADERDATA as an
/// unretained pointer (`perform` keeps it alive across curl_easy_perform).
final class TransferState {
    let maxBodyBytes: Int
    let cancel: CancellationFlag
    var body: [UInt8] = []
    var headers: [OutboundHeader] = []
    var headerBytes = 0
    var exceededBodyLimit = false
    var exceededHeaderLimit = false
    var cancelled = false

    init(maxBodyBytes: Int, cancel: CancellationFlag) {
        self.maxBodyBytes = maxBodyBytes
        self.cancel = cancel
    }

    /// One raw header line as libcurl hands it over: status lines, headers, the blank line,
    /// for every response of the exchange (1xx interim responses included).
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // Strip the line ending on bytes, not Characters: in Swift "\r\n" is one Character,
        // so `line.last == "\n"` would never match.
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = Substring(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self))
        if line.hasPrefix("HTTP/") {
            // A new response begins (after a 100 Continue, say): only the last one counts.
            headers.removeAll()
            headerBytes = 0
            return true
        }
        headerBytes += bytes.count
        if headerBytes > HTTPTransfer.maxHeaderBytes {
            exceededHeaderLimit = true
            return false
        }
        if line.isEmpty { return true }
        if let first = line.first, first == " " || first == "\t" {
            // Obsolete line folding: continuation of the previous value.
            if let lastIndex = headers.indices.last {
                headers[lastIndex].value += " " + Self.trimmed(line)
            }
            return true
        }
        guard let colon = line.firstIndex(of: ":") else { return true }
        headers.append(OutboundHeader(String(line[..<colon]), Self.trimmed(line[line.index(after: colon)...])))
        return true
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= maxBodyBytes - body.count else {
            exceededBodyLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    private static func trimmed(_ text: Substring) -> String {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}

/// C entry points. Returning anything other than the byte count makes libcurl abort the
/// transfer with CURLE_WRITE_ERROR; `TransferState` records why, for the error mapping.
private let writeCallback: bcos_curl_data_callback = { data, size, count, context in
    dataCallback(data, size, count, context) { $0.receiveBody($1) }
}

private let headerCallback: bcos_curl_data_callback = { data, size, count, context in
    dataCallback(data, size, count, context) { $0.receiveHeaderLine($1) }
}

private func dataCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?,
    _ handler: (TransferState, UnsafeRawBufferPointer) -> Bool
) -> Int {
    guard let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    if state.cancel.isSet {
        state.cancelled = true
        return 0
    }
    let total = size * count
    guard total > 0, let data else { return total }
    return handler(state, UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
}
