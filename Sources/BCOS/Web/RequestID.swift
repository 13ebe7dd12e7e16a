/// The id that ties together everything one request causes: the response's `X-Request-Id`, the
/// `request_id` of every log line written for it (the access line included), and of the CRM
/// deliveries an enrollment queues (`crm_logs.request_id`, then the delivery worker's lines).
///
/// A proxy or client may bring its own (`X-Request-Id`, kept when it is 1–128 characters of
/// `A-Z a-z 0-9 . _ -`), so nginx's `$request_id` and ours are the same; anything else is
/// replaced by a new random one. It correlates lines; it proves nothing (a client chooses it).
struct RequestID: Sendable, Hashable, CustomStringConvertible {
    static let header = "X-Request-Id"
    static let maxLength = 128

    let value: String
    var description: String { value }

    /// The sender's id when it is well-formed; nil otherwise (missing, empty, too long, or with
    /// any other character: spaces, quotes, control characters, non-ASCII).
    init?(header: String?) {
        guard let header, (1...Self.maxLength).contains(header.utf8.count),
              header.utf8.allSatisfy({ byte in
                  (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                      || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
              })
        else { return nil }
        value = header
    }

    private init(generated: String) { value = generated }

    /// A new id: 16 random bytes, base64url (22 characters).
    static func make() -> RequestID { RequestID(generated: RandomToken.make(bytes: 16)) }
}
