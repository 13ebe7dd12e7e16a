import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into one call of `onSignal` (a graceful shutdown). A second signal
/// while draining exits at once.
// Unchecked: the sources are created once and only cancelled afterwards, which Dispatch allows from any thread.
final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () async -> Void) {
        let queue = DispatchQueue(label: "bcos.signals")
        let fired = Atomic()
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if fired.setOnce() {
                    Task { await onSignal() }
                } else {
                    exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }

    private final class Atomic: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        /// True the first time only.
        func setOnce() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            if value { return false }
            value = true
            return true
        }
    }
}
