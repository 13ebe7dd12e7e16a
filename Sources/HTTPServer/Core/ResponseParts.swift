import NIOCore
import NIOHTTP1

/// A response as the HTTP parts written to the connection, for the request it answers: gzipped
/// when that is worth it and accepted (`Compression`), with its `Content-Length`, `Connection:
/// close` when the connection ends after it, and no body for HEAD, 204 and 304. The one place
/// both ways of answering (`Exchange`, `ImmediateResponseHandler`) turn a response into bytes.
enum ResponseParts {
    static func make(_ response: Response, for head: HTTPRequestHead, keepAlive: Bool, compress: Bool) -> [HTTPServerResponsePart] {
        var response = response
        if compress {
            Compression.apply(to: &response, acceptEncoding: head.headers.first(name: "accept-encoding"), head: head.method == .HEAD)
        }
        var headers = response.headers
        let length = response.bodyLength
        if !headers.contains(name: "content-length"), response.status.mayHaveResponseBody {
            headers.add(name: "content-length", value: String(length))
        }
        if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
        let responseHead = HTTPResponseHead(version: head.version, status: response.status, headers: headers)
        if head.method == .HEAD || !response.status.mayHaveResponseBody || length == 0 {
            return [.head(responseHead), .end(nil)]
        }
        if response.bodyParts.isEmpty {
            return [.head(responseHead), .body(.byteBuffer(response.body)), .end(nil)]
        }
        // Every part, in order: written together, NIO sends them with one writev.
        return [.head(responseHead)] + response.bodyParts.map { .body(.byteBuffer($0)) } + [.end(nil)]
    }
}
