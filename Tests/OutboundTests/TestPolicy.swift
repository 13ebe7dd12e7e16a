import Outbound

extension OutboundAddressPolicy {
    /// The fake servers listen on 127.0.0.1, which the default policy refuses: tests that talk to
    /// them allow exactly that address, the way a deployment lists a local receiver in OUTBOUND_ALLOW.
    static let testLoopback = OutboundAddressPolicy(allowedRanges: IPRange("127.0.0.1/32").map { [$0] } ?? [])
}
