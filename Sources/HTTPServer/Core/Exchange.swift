import Logging
import NIOCore
import NIOHTTP1

/// The request/response loop of one connection: gather a request (enforcing its body limit), ask
/// the responder, write the response, log one access line, repeat while the client keeps alive.
///
/// The request is built, and its route's body limit asked for, as soon as the head arrives: a
/// declared `Content-Length` over the limit is refused before a body byte is read, and a chunked
/// body is cut off as soon as it passes the limit.
struct Exchange: Sendable {
    let responder: any Responder
    let errorPages: any ErrorPageRenderer
    let logger: Logger
    /// For routes that declare no limit of their own.
    let maxBodyBytes: Int
    let remoteAddress: String?
    /// Gzip text answers for clients that accept it (`Compression`).
    let compress: Bool

    func run(
        inbound: NIOAsyncChannelInboundStream<HTTPServerRequestPart>,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var head: HTTPRequestHead?
        var request: Result<Request, HTTPError> = .failure(HTTPError(.badRequest))
        var limit = maxBodyBytes
        var body = ByteBuffer()
        for try await part in inbound {
            switch part {
            case .head(let requestHead):
                head = requestHead
                body.clear()
                request = Result { () throws(HTTPError) in
                    try Request(method: requestHead.method, uri: requestHead.uri, headers: requestHead.headers, remoteAddress: remoteAddress)
                }
                // An unparsable target keeps the default limit; it is answered 400 once received.
                limit = (try? request.get()).flatMap(responder.maxBodyBytes(for:)) ?? maxBodyBytes
                if let declared = Self.declaredLength(requestHead.headers), declared > limit {
                    // Refuse before reading: the client may still be sending, so close afterwards.
                    try await reject(.payloadTooLarge, "declared body of \(declared) bytes, limit \(limit)", head: requestHead, outbound: outbound)
                    return
                }
            case .body(var chunk):
                guard let requestHead = head else { continue }
                if chunk.readableBytes > limit - body.readableBytes {
                    try await reject(.payloadTooLarge, "body over \(limit) bytes", head: requestHead, outbound: outbound)
                    return
                }
                body.writeBuffer(&chunk)
            case .end:
                guard let requestHead = head else { continue }
                head = nil
                let complete = request.map { request in
                    var request = request
                    request.body = body
                    return request
                }
                let keepAlive = try await answer(requestHead, complete, outbound: outbound)
                if !keepAlive { return }
            }
        }
    }

    /// `Content-Length` as a number; nil when absent. NIO's parser has already refused malformed
    /// and conflicting values, but this stays total anyway: digits only, saturating at `Int.max`.
    static func declaredLength(_ headers: HTTPHeaders) -> Int? {
        guard let text = headers.first(name: "content-length"), !text.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return Int.max }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return Int.max }
            value = sum
        }
        return value
    }

    /// Returns whether the connection stays open.
    private func answer(
        _ head: HTTPRequestHead, _ parsed: Result<Request, HTTPError>,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        let started = ContinuousClock.now
        var response: Response
        switch parsed {
        case .success(let request):
            do {
                response = try await responder.respond(to: request)
            } catch let error as HTTPError {
                response = errorPages.response(for: error, request: request)
            } catch {
                logger.error("unhandled error on \(LogSafe.escape(head.method.rawValue)) \(LogSafe.escape(request.path, limit: 300)): \(error)")
                response = errorPages.response(for: HTTPError(.internalServerError), request: request)
            }
        case .failure(let error):
            response = errorPages.response(for: error, request: nil)
        }
        try await write(response, for: head, keepAlive: head.isKeepAlive, outbound: outbound)
        logAccess(head, response.status, since: started, requestID: response.headers.first(name: "x-request-id"))
        return head.isKeepAlive
    }

    private func reject(
        _ status: HTTPResponseStatus, _ reason: String, head: HTTPRequestHead,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let started = ContinuousClock.now
        logger.notice("\(status.code) for \(LogSafe.escape(head.method.rawValue)) \(LogSafe.escape(head.uri, limit: 300)): \(reason)")
        let request = try? Request(method: head.method, uri: head.uri, headers: head.headers, remoteAddress: remoteAddress)
        let response = errorPages.response(for: HTTPError(status, reason), request: request)
        try await write(response, for: head, keepAlive: false, outbound: outbound)
        logAccess(head, status, since: started)
    }

    private func write(
        _ response: Response, for head: HTTPRequestHead, keepAlive: Bool,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        // One write of every part: NIO sends them with one writev.
        try await outbound.write(contentsOf: ResponseParts.make(response, for: head, keepAlive: keepAlive, compress: compress))
    }

    private func logAccess(_ head: HTTPRequestHead, _ status: HTTPResponseStatus, since started: ContinuousClock.Instant, requestID: String? = nil) {
        AccessLog(logger: logger).record(head, status, since: started, requestID: requestID)
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
