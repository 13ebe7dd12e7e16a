import NIOCore
import NIOHTTP1

/// Answers, on the connection's event loop, the requests the responder can answer at once (a page
/// from the page cache, a static file: `Responder.respondImmediately`), and passes every other
/// request on, unchanged, to the connection's `Exchange`.
///
/// Why: an answer through `Exchange` hops from the event loop to Swift concurrency and back (the
/// async channel's stream, a task resumed on another thread, the writer's hop back), which cost
/// more than everything else a cached page needs. Only GET and HEAD requests without a body are
/// tried: anything with a body needs `Exchange`'s limits.
///
/// Order is kept: NIO's `HTTPServerPipelineHandler`, ahead of this one, hands over one request at
/// a time and holds the next until the response to the current one has ended, whoever answered.
/// Memory is bounded: nothing is answered here while the connection is not writable. Nothing is
/// read after a request that ends the connection (`Connection: close`, HTTP/1.0), wherever it was
/// answered.
final class ImmediateResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Between requests.
        case idle
        /// A GET or HEAD head that declares no body, kept until its end arrives.
        case holding(HTTPRequestHead)
        /// A request handed to `Exchange`: its remaining parts follow it. `closes`: the request
        /// ends the connection (not keep-alive).
        case passing(closes: Bool)
        /// After a request that ends the connection, whoever answered it: nothing more is
        /// answered or passed on (RFC 9112 §9.6), though the client may have sent more.
        case closed
    }

    private let responder: any Responder
    private let accessLog: AccessLog
    private let compress: Bool
    private let remoteAddress: String?
    private var state = State.idle
    /// Inside `answerInTurn`: writing an answer's end makes the pipelining handler hand over the
    /// next buffered request at once, into this handler again. That request waits here and is
    /// answered by the loop, so a long run of pipelined requests never nests one call per request.
    private var answering = false
    private var waiting: HTTPRequestHead?

    init(responder: any Responder, accessLog: AccessLog, compress: Bool, remoteAddress: String?) {
        self.responder = responder
        self.accessLog = accessLog
        self.compress = compress
        self.remoteAddress = remoteAddress
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (state, part) {
        case (.closed, _):
            return
        case (.idle, .head(let head)) where (head.method == .GET || head.method == .HEAD) && !Self.declaresBody(head):
            state = .holding(head)
        case (.holding(let head), .end):
            state = .idle
            if answering {
                waiting = head
            } else {
                answerInTurn(head, context: context)
            }
        case (_, .head(let head)):
            state = .passing(closes: !head.isKeepAlive)
            context.fireChannelRead(data)
        case (.holding(let head), .body):  // not expected: a held head declared no body
            state = .passing(closes: !head.isKeepAlive)
            context.fireChannelRead(wrapInboundOut(.head(head)))
            context.fireChannelRead(data)
        case (.passing(let closes), .end):
            state = closes ? .closed : .idle
            context.fireChannelRead(data)
        case (_, .body), (_, .end):
            context.fireChannelRead(data)
        }
    }

    /// Answers `first` (or passes it on), then each request handed over while doing so, in turn.
    private func answerInTurn(_ first: HTTPRequestHead, context: ChannelHandlerContext) {
        answering = true
        defer { answering = false }
        var next: HTTPRequestHead? = first
        while let head = next {
            if !answer(head, context: context) {
                state = head.isKeepAlive ? .idle : .closed
                context.fireChannelRead(wrapInboundOut(.head(head)))
                context.fireChannelRead(wrapInboundOut(.end(nil)))
            }
            next = waiting
            waiting = nil
        }
    }

    /// Whether a head announces a body (then `Exchange` takes it at once: its limits apply from
    /// the head on, and a client waiting on `Expect: 100-continue` is not kept waiting).
    private static func declaresBody(_ head: HTTPRequestHead) -> Bool {
        if let length = head.headers.first(name: "content-length") { return length != "0" }
        return head.headers.contains(name: "transfer-encoding")
    }

    /// Writes the responder's immediate answer, if it has one; returns whether it did.
    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) -> Bool {
        // A client that sends requests without reading the answers would otherwise have them
        // all queued in memory: an answer given at once ends the response, and the pipelining
        // handler reads the next request straight away. Once the socket is full, the request
        // goes to `Exchange`, whose writer waits until the client reads, and reading stops
        // meanwhile.
        guard context.channel.isWritable else { return false }
        let started = ContinuousClock.now
        // An unparsable target is answered (400) by `Exchange`, like any other error page.
        guard let request = try? Request(method: head.method, uri: head.uri, headers: head.headers, remoteAddress: remoteAddress),
              let response = responder.respondImmediately(to: request) else { return false }
        let keepAlive = head.isKeepAlive
        let parts = ResponseParts.make(response, for: head, keepAlive: keepAlive, compress: compress)
        for part in parts.dropLast() { context.write(wrapOutboundOut(part), promise: nil) }
        // Before the last write: ending the response may hand over the next request at once.
        accessLog.record(head, response.status, since: started, requestID: response.headers.first(name: "x-request-id"))
        if !keepAlive { state = .closed }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
        }
        return true
    }
}
