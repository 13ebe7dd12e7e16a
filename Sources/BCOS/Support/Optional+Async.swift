extension Optional {
    /// `map` for an async transform (`Optional.map` takes only synchronous ones).
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
