import CZlib

/// Decodes what the server gzips, with zlib itself: tests compare it with the plain answer.
public enum Gunzip {
    /// zlib's inflate of one gzip member; nil unless it ends cleanly (CRC and length checked).
    public static func inflate(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard czlib_inflate_init_gzip(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = bytes
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let status: Int32 = input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = UInt32(input.count)
            var result = Z_OK
            while result == Z_OK {
                result = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
            }
            return result
        }
        return status == Z_STREAM_END && stream.avail_in == 0 ? out : nil
    }
}
