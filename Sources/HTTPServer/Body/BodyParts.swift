import NIOCore

/// A body made of kept buffers and small pieces, as few parts as possible: a buffer of at least
/// `sharedMinimum` bytes is sent as it is (shared, never copied); everything between two of
/// them — a page's kept pieces, a visitor's token, a gzip header — is copied (memcpy) into one
/// buffer. Each part is one trip through the channel pipeline's five outbound handlers, which
/// costs more than copying a few dozen kilobytes: a course page (15–40 KB) goes out as one part.
public struct BodyParts {
    public static let sharedMinimum = 64 * 1024
    private var parts: [ByteBuffer] = []
    private var small: ByteBuffer

    /// `capacity`: the bytes expected, so the copy is one allocation.
    public init(capacity: Int = 0) {
        small = ByteBuffer()
        small.reserveCapacity(min(capacity, BodyParts.sharedMinimum))
    }

    public mutating func append(shared buffer: ByteBuffer) {
        guard buffer.readableBytes >= BodyParts.sharedMinimum else {
            small.writeImmutableBuffer(buffer)
            return
        }
        flushSmall()
        parts.append(buffer)
    }

    // Concrete overloads, not one generic over `Sequence`: called from another module, a
    // generic would run unspecialized, one witness call per byte.
    public mutating func append(bytes: [UInt8]) {
        small.writeBytes(bytes)
    }

    public mutating func append(bytes: ArraySlice<UInt8>) {
        small.writeBytes(bytes)
    }

    /// The parts, in order.
    public mutating func finish() -> [ByteBuffer] {
        flushSmall()
        return parts
    }

    private mutating func flushSmall() {
        guard small.readableBytes > 0 else { return }
        parts.append(small)
        small = ByteBuffer()
    }
}
