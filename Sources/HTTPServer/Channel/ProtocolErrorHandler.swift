import NIOCore
import NIOHTTP1

/// Answers requests that NIO could not parse: 431 when the header block is over the limit,
/// 400 for anything else (garbage, bad request line, bad chunked encoding), then closes.
/// Stands where NIO's own `HTTPServerProtocolErrorHandler` would, which always says 400.
final class ProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var responseInProgress = false
    /// A complete request that ends the connection (`Connection: close`, HTTP/1.0) has been
    /// read. NIO's parser calls whatever the client sent behind it an error; that is not a request
    /// to answer (RFC 9112 §9.6): its 400 would reach the client as the answer to its next
    /// request, and closing now would cut the answer still being made.
    private var closingRequestRead = false
    private var closingRequestStarted = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): closingRequestStarted = !head.isKeepAlive
        case .end: closingRequestRead = closingRequestRead || closingRequestStarted
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard error is HTTPParserError, !closingRequestRead else {
            // After a closing request, the connection closes once its answer is written.
            context.fireErrorCaught(error)
            return
        }
        // A response already started cannot be replaced: closing is all we can do.
        if !responseInProgress {
            let status: HTTPResponseStatus = (error as? HTTPParserError) == .headerOverflow
                ? .requestHeaderFieldsTooLarge : .badRequest
            let body = context.channel.allocator.buffer(string: BareErrorPage.html(status))
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "text/html; charset=utf-8")
            headers.add(name: "content-length", value: "\(body.readableBytes)")
            headers.add(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            responseInProgress = false
        }
        context.close(promise: nil)
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responseInProgress = true
        case .end: responseInProgress = false
        case .body: break
        }
        context.write(data, promise: promise)
    }
}

/// A tiny bilingual page for errors raised below the application (no template, no language yet).
enum BareErrorPage {
    static func html(_ status: HTTPResponseStatus) -> String {
        let code = status.code
        return """
        <!doctype html><html lang="fr"><head><meta charset="utf-8"><title>\(code)</title></head>\
        <body><h1>\(code) – \(status.reasonPhrase)</h1><p>La requête n’a pas pu être traitée.</p>\
        <p lang="ar" dir="rtl">تعذّرت معالجة الطلب.</p></body></html>
        """
    }
}
