import Logging
import NIOHTTP1

/// One access line per answered request, at info level: method, path (no query), status and time.
///
/// The line carries the response's `X-Request-Id` (set by the application's first middleware) as
/// `request_id`, like every other line of that request. An answer the server makes itself,
/// before the responder (413, 400), has none.
struct AccessLog: Sendable {
    let logger: Logger

    func record(_ head: HTTPRequestHead, _ status: HTTPResponseStatus, since started: ContinuousClock.Instant, requestID: String? = nil) {
        guard logger.logLevel <= .info else { return }  // the line is built only when it is written
        let elapsed = ContinuousClock.now - started
        let tenthsOfMs = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        // Path and method come from the client: escaped, so a CR/LF cannot start a forged line.
        // The id too: a responder that is not ours may have put anything in that header.
        let metadata: Logger.Metadata? = requestID.map { ["request_id": .string(LogSafe.escape($0, limit: 128))] }
        logger.info("\(LogSafe.escape(head.method.rawValue)) \(LogSafe.escape(path, limit: 300)) \(status.code) \(tenthsOfMs / 10).\(tenthsOfMs % 10)ms",
                    metadata: metadata)
    }
}
