/// A key for a typed value that middleware attaches to a request for the handlers after it.
/// Declare one per fact, next to the type it carries:
///
///     enum SignedInAdmin: RequestAttributeKey { typealias Value = AdminIdentity }
///     request.attributes[SignedInAdmin.self] = identity
public protocol RequestAttributeKey {
    associatedtype Value: Sendable
}

/// Typed storage for `RequestAttributeKey`s: a value can only be read back as the type its key
/// names, so handlers never parse strings that middleware wrote.
public struct RequestAttributes: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    public subscript<Key: RequestAttributeKey>(_ key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }
}
