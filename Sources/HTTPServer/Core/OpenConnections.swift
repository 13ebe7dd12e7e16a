import NIOCore

/// The server's open connections, in total and per peer address. Kept under the server's lock;
/// a value type so the bookkeeping is testable on its own.
struct OpenConnections {
    enum Admission: Equatable { case admitted, overTotal, overPerAddress }

    private(set) var channels: [ObjectIdentifier: any Channel] = [:]
    private(set) var perAddress: [String: Int] = [:]

    /// Admits `channel` unless the server is full or its address already holds `perAddress`
    /// connections. A connection without a known address (a Unix socket) counts only in the total.
    mutating func admit(_ channel: any Channel, id: ObjectIdentifier, address: String?, limit: Int, perAddress limitPerAddress: Int) -> Admission {
        guard channels.count < limit else { return .overTotal }
        if let address {
            let count = perAddress[address, default: 0]
            guard count < limitPerAddress else { return .overPerAddress }
            perAddress[address] = count + 1
        }
        channels[id] = channel
        return .admitted
    }

    mutating func remove(_ id: ObjectIdentifier, address: String?) {
        guard channels.removeValue(forKey: id) != nil, let address else { return }
        let remaining = perAddress[address, default: 1] - 1
        perAddress[address] = remaining > 0 ? remaining : nil
    }
}
