import Foundation

/// A unit of blocking libcurl work. `run` receives the worker's own easy handle; `fail` is
/// called instead when no handle can be had (curl init failure, pool shut down), so that every
/// submitted job completes exactly once — continuations depend on it.
struct CurlJob: Sendable {
    let run: @Sendable (CurlEasyHandle) -> Void
    let fail: @Sendable (OutboundError) -> Void
}

/// A small pool of dedicated OS threads for blocking `curl_easy_perform` calls.
///
/// Why not the Swift concurrency pool: it has one thread per core (2 here), and a transfer can
/// block for up to its timeout; a handful of slow webhooks would freeze every task in the
/// process. Why not a concurrent DispatchQueue: each blocked block makes Dispatch spawn another
/// thread, without bound. Here the thread count is fixed (`maxWorkers`), extra jobs wait in a
/// FIFO queue, and each thread keeps one easy handle for connection reuse.
///
/// Threads are started on demand, up to `maxWorkers`, and live until `shutdown()`.
final class CurlWorkerPool: @unchecked Sendable {
    // @unchecked: every mutable property below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [CurlJob] = []
    private var queueHead = 0
    private var workerCount = 0
    private var idleWorkers = 0
    private var isShutDown = false
    private var submitted = 0

    let name: String
    let maxWorkers: Int

    init(name: String, maxWorkers: Int) {
        self.name = name
        self.maxWorkers = max(1, maxWorkers)
    }

    /// Jobs accepted so far (for tests: proves a refused request never reached libcurl).
    var submittedJobs: Int {
        condition.lock()
        defer { condition.unlock() }
        return submitted
    }

    var threadCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return workerCount
    }

    func submit(_ job: CurlJob) {
        condition.lock()
        guard !isShutDown else {
            condition.unlock()
            job.fail(.transport(code: -1, message: "the outbound client has been shut down"))
            return
        }
        submitted += 1
        queue.append(job)
        let pending = queue.count - queueHead
        let mustSpawn = pending > idleWorkers && workerCount < maxWorkers
        if mustSpawn { workerCount += 1 }
        let index = workerCount
        condition.signal()
        condition.unlock()

        if mustSpawn {
            let thread = Thread { [self] in workerLoop() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Lets queued jobs finish, then ends the threads. Does not wait for them.
    func shutdown() {
        condition.lock()
        isShutDown = true
        condition.broadcast()
        condition.unlock()
    }

    private func nextJob() -> CurlJob? {
        condition.lock()
        defer { condition.unlock() }
        while queueHead == queue.count {
            if isShutDown {
                workerCount -= 1
                return nil
            }
            idleWorkers += 1
            condition.wait()
            idleWorkers -= 1
        }
        let job = queue[queueHead]
        queueHead += 1
        // Compact now and then instead of removeFirst on every job (O(n) each).
        if queueHead > 64 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return job
    }

    private func workerLoop() {
        var handle: CurlEasyHandle?
        while let job = nextJob() {
            // Created lazily and retried, so a transient init failure fails one job only.
            if handle == nil {
                do throws(OutboundError) {
                    handle = try CurlEasyHandle()
                } catch {
                    job.fail(error)
                    continue
                }
            }
            if let handle {
                job.run(handle)
            }
        }
        // `handle` is released here: curl_easy_cleanup closes its cached connections.
    }
}

extension CurlWorkerPool {
    /// Runs `work` on a worker thread's easy handle and returns its result. Cancelling the calling
    /// task skips a still-queued job, and aborts a running one through `CancellationFlag` (libcurl
    /// notices it at the next data callback); either way this throws `CancellationError`.
    func perform<Result: Sendable>(
        _ work: @escaping @Sendable (CurlEasyHandle, CancellationFlag) throws(OutboundError) -> Result
    ) async throws -> Result {
        try Task.checkCancellation()
        let cancel = CancellationFlag()
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                    submit(CurlJob(
                        run: { handle in
                            guard !cancel.isSet else {
                                continuation.resume(throwing: CancellationError())
                                return
                            }
                            do throws(OutboundError) {
                                continuation.resume(returning: try work(handle, cancel))
                            } catch {
                                continuation.resume(throwing: error)
                            }
                        },
                        fail: { continuation.resume(throwing: $0) }
                    ))
                }
            } onCancel: {
                cancel.set()
            }
        } catch {
            // A transfer aborted by our own cancellation surfaces as a curl error; report it the
            // way Swift code expects.
            if cancel.isSet { throw CancellationError() }
            throw error
        }
    }
}
