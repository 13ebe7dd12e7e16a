#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CCurl

/// Applies an `OutboundAddressPolicy` to one transfer, at connect time: installed as libcurl's
/// CURLOPT_OPENSOCKETFUNCTION, it sees every address libcurl is about to connect to (after DNS,
/// for each address it tries) and refuses a forbidden one by returning CURL_SOCKET_BAD, before
/// any packet is sent. libcurl then fails the transfer with CURLE_COULDNT_CONNECT, which
/// `outcome(for:)` turns into `OutboundError.addressRefused`.
///
/// Connections libcurl keeps for reuse were checked when they were opened, under the same
/// client's policy and for the same host name (libcurl reuses by name), so reuse needs no check.
final class ConnectGuard {
    let policy: OutboundAddressPolicy
    /// The host name of the request, as the policy's host entries match it.
    let host: String
    /// The last address refused, for the error.
    private(set) var refused: IPAddress?
    /// Sockets opened (addresses allowed): when some were, a failure is not the policy's doing.
    private(set) var opened = 0

    init(policy: OutboundAddressPolicy, host: String) {
        self.policy = policy
        self.host = host
    }

    func install(on handle: CurlEasyHandle) throws(OutboundError) {
        try handle.set(CURLOPT_OPENSOCKETFUNCTION, openSocketCallback: openSocketCallback)
        try handle.set(CURLOPT_OPENSOCKETDATA, pointer: Unmanaged.passUnretained(self).toOpaque())
    }

    /// The refusal to report for a failed transfer, if the policy caused it.
    func refusal() -> OutboundError? {
        guard let refused, opened == 0 else { return nil }
        return .addressRefused(host: host, address: refused.description)
    }

    fileprivate func open(family: Int32, type: Int32, protocol: Int32, address: UnsafeRawBufferPointer) -> curl_socket_t {
        // Anything that is not IPv4 or IPv6 (a Unix socket path, say) is refused too.
        guard let ip = IPAddress(socketAddress: address), policy.permits(ip, host: host) else {
            refused = IPAddress(socketAddress: address) ?? refused
            return bcos_curl_socket_bad
        }
        let socket = socket(family, type, `protocol`)
        if socket >= 0 { opened += 1 }
        return socket
    }
}

private let openSocketCallback: curl_opensocket_callback = { context, purpose, address in
    guard let context, let address, purpose == CURLSOCKTYPE_IPCXN else { return bcos_curl_socket_bad }
    let guardState = Unmanaged<ConnectGuard>.fromOpaque(context).takeUnretainedValue()
    // `addr` is declared as a 16-byte sockaddr, but libcurl's storage behind it holds `addrlen`
    // bytes (28 for IPv6).
    guard let offset = MemoryLayout<curl_sockaddr>.offset(of: \.addr) else { return bcos_curl_socket_bad }
    let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(address) + offset, count: Int(address.pointee.addrlen))
    return guardState.open(family: address.pointee.family, type: address.pointee.socktype, protocol: address.pointee.protocol, address: bytes)
}
