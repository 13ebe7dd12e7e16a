import Postgres

/// A running delivery worker (see `Application.startDeliveryWorker`).
public struct DeliveryWorkerHandle: Sendable {
    let task: Task<Void, Never>
    let listener: PostgresListener

    public func stop() async {
        listener.stop()
        task.cancel()
        await task.value
    }
}
