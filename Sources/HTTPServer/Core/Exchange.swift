import Logging
import NIOCore
import NIOHTTP1

/// The request/response loop of one connection: gather a request (enforcing the body limit), ask
/// the responder, write the response, log one access line, repeat while the client keeps alive.
struct Exchange: Sendable {
    let responder: any Responder
    let errorPages: any ErrorPageRenderer
    let logger: Logger
    let maxBodyBytes: Int
    let remoteAddress: String?

    func run(
        inbound: NIOAsyncChannelInboundStream<HTTPServerRequestPart>,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var head: HTTPRequestHead?
        var body = ByteBuffer()
        for try await part in inbound {
            switch part {
            case .head(let requestHead):
                head = requestHead
                body.clear()
                if let declared = requestHead.headers.first(name: "content-length").flatMap(Int.init), declared > maxBodyBytes {
                    // Refuse before reading: the client may still be sending, so close afterwards.
                    try await reject(.payloadTooLarge, "declared body of \(declared) bytes", head: requestHead, outbound: outbound)
                    return
                }
            case .body(var chunk):
                guard let requestHead = head else { continue }
                if body.readableBytes + chunk.readableBytes > maxBodyBytes {
                    try await reject(.payloadTooLarge, "body over \(maxBodyBytes) bytes", head: requestHead, outbound: outbound)
                    return
                }
                body.writeBuffer(&chunk)
            case .end:
                guard let requestHead = head else { continue }
                head = nil
                let keepAlive = try await answer(requestHead, body: body, outbound: outbound)
                if !keepAlive { return }
            }
        }
    }

    /// Returns whether the connection stays open.
    private func answer(
        _ head: HTTPRequestHead, body: ByteBuffer,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        let started = ContinuousClock.now
        var response: Response
        do {
            let request = try Request(method: head.method, uri: head.uri, headers: head.headers, body: body, remoteAddress: remoteAddress)
            do {
                response = try await responder.respond(to: request)
            } catch let error as HTTPError {
                response = errorPages.response(for: error, request: request)
            } catch {
                logger.error("unhandled error on \(head.method) \(request.path): \(error)")
                response = errorPages.response(for: HTTPError(.internalServerError), request: request)
            }
        } catch {
            response = errorPages.response(for: error, request: nil)
        }
        try await write(response, for: head, keepAlive: head.isKeepAlive, outbound: outbound)
        logAccess(head, response.status, since: started)
        return head.isKeepAlive
    }

    private func reject(
        _ status: HTTPResponseStatus, _ reason: String, head: HTTPRequestHead,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let started = ContinuousClock.now
        logger.notice("\(status.code) for \(head.method) \(head.uri): \(reason)")
        let request = try? Request(method: head.method, uri: head.uri, headers: head.headers, remoteAddress: remoteAddress)
        let response = errorPages.response(for: HTTPError(status, reason), request: request)
        try await write(response, for: head, keepAlive: false, outbound: outbound)
        logAccess(head, status, since: started)
    }

    private func write(
        _ response: Response, for head: HTTPRequestHead, keepAlive: Bool,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = response.headers
        if !headers.contains(name: "content-length"), response.status.mayHaveResponseBody {
            headers.replaceOrAdd(name: "content-length", value: "\(response.body.readableBytes)")
        }
        if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
        let responseHead = HTTPResponseHead(version: head.version, status: response.status, headers: headers)
        if head.method == .HEAD || !response.status.mayHaveResponseBody || response.body.readableBytes == 0 {
            try await outbound.write(contentsOf: [.head(responseHead), .end(nil)])
        } else {
            try await outbound.write(contentsOf: [.head(responseHead), .body(.byteBuffer(response.body)), .end(nil)])
        }
    }

    private func logAccess(_ head: HTTPRequestHead, _ status: HTTPResponseStatus, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let tenthsOfMs = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        logger.info("\(head.method) \(path) \(status.code) \(tenthsOfMs / 10).\(tenthsOfMs % 10)ms")
    }
}

extension HTTPResponseStatus {
    var mayHaveResponseBody: Bool {
        switch self {
        case .notModified, .noContent: return false
        default: return code >= 200
        }
    }
}

extension ErrorPageRenderer {
    func response(for error: any Error, request: Request?) -> Response {
        response(for: (error as? HTTPError) ?? HTTPError(.badRequest, "\(error)"), request: request)
    }
}
