import NIOCore

/// A body made of kept buffers and small pieces, as few parts as possible: a buffer of at least
/// `sharedMinimum` bytes is sent as it is (shared, never copied); whatever lies between two of
/// them — a visitor's token, a few bytes of markup, a gzip header — is copied into one small
/// buffer. Each part is one trip through the channel pipeline's handlers, which costs more than
/// copying a few kilobytes: so only large pieces (a page's first 8 KB and more) are shared.
public struct BodyParts {
    public static let sharedMinimum = 8_192
    private var parts: [ByteBuffer] = []
    private var small: [UInt8] = []

    public init() {}

    public mutating func append(shared buffer: ByteBuffer) {
        guard buffer.readableBytes >= BodyParts.sharedMinimum else {
            small.append(contentsOf: buffer.readableBytesView)
            return
        }
        flushSmall()
        parts.append(buffer)
    }

    // Concrete overloads, not one generic over `Sequence`: called from another module, a
    // generic would run unspecialized, one witness call per byte.
    public mutating func append(bytes: [UInt8]) {
        small.append(contentsOf: bytes)
    }

    public mutating func append(bytes: ArraySlice<UInt8>) {
        small.append(contentsOf: bytes)
    }

    /// The parts, in order.
    public mutating func finish() -> [ByteBuffer] {
        flushSmall()
        return parts
    }

    private mutating func flushSmall() {
        guard !small.isEmpty else { return }
        parts.append(ByteBuffer(bytes: small))
        small.removeAll(keepingCapacity: true)
    }
}
