import NIOCore
import NIOHTTP1

/// Cuts slow or stalled clients. Counted from the moment the connection is ready for a request
/// (opened, or the previous response sent), a client has `headTimeout` to send a complete head
/// and `timeout` to send the whole request. A head that is not complete in time (a slow-loris
/// trickle, a socket opened and left silent, an idle keep-alive connection) is simply closed; a
/// body that stalls gets 408. While the application works on a request the clock is stopped:
/// slowness there is not the client's.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State { case awaitingHead, receivingBody, processing }

    private let timeout: TimeAmount
    private let headTimeout: TimeAmount
    private var state = State.awaitingHead
    /// The moment the client's time runs out; nil while the application works on a request.
    private var deadline: NIODeadline?
    /// One timer per connection, rescheduled only when it fires early: moving the deadline on
    /// every request costs nothing then (scheduling and cancelling a task per request was a
    /// visible part of a cached page). When it fires it checks `deadline` again.
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    /// When the request under way must be complete, head and body.
    private var requestDeadline = NIODeadline.distantFuture
    private var responsesPending = 0

    init(timeout: TimeAmount, headTimeout: TimeAmount) {
        self.timeout = timeout
        self.headTimeout = min(headTimeout, timeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armForNextRequest(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armForNextRequest(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancelTimer() }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            state = .receivingBody
            // The head is in: from now on only the whole-request deadline applies.
            arm(context, at: requestDeadline)
        case .body:
            break
        case .end:
            state = .processing
            responsesPending += 1
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            responsesPending = max(0, responsesPending - 1)
            if responsesPending == 0 {
                state = .awaitingHead
                armForNextRequest(context)
            }
        }
        context.write(data, promise: promise)
    }

    private func armForNextRequest(_ context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        requestDeadline = now + timeout
        arm(context, at: now + headTimeout)
    }

    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        self.deadline = deadline
        // A timer that fires at or before the new deadline will find it and wait again.
        if let scheduled = timerDeadline, scheduled <= deadline { return }
        schedule(context, at: deadline)
    }

    private func schedule(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer?.cancel()
        timerDeadline = deadline
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.fired(context)
        }
    }

    /// No deadline while the application works (the timer, if any, fires and finds none).
    private func disarm() { deadline = nil }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        deadline = nil
    }

    private func fired(_ context: ChannelHandlerContext) {
        timer = nil
        timerDeadline = nil
        guard let deadline else { return }
        if NIODeadline.now() < deadline {
            schedule(context, at: deadline)
            return
        }
        self.deadline = nil
        expired(context)
    }

    private func expired(_ context: ChannelHandlerContext) {
        switch state {
        case .processing:
            return
        case .awaitingHead:
            context.close(promise: nil)
        case .receivingBody:
            let body = context.channel.allocator.buffer(string: BareErrorPage.html(.requestTimeout))
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "text/html; charset=utf-8")
            headers.add(name: "content-length", value: "\(body.readableBytes)")
            headers.add(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .requestTimeout, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }
}
