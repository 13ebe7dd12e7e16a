import Foundation

/// Converts an `Encodable` view model straight into a `TemplateValue` — one pass, no JSON text.
/// Dates become ISO 8601 strings, decimals their plain digits, URLs their absolute string, UUIDs
/// lowercase text; nil optionals become null (falsy in sections).
public struct TemplateEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> TemplateValue {
        if let special = TemplateEncoder.special(value) { return special }
        let encoder = ValueEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.storage.value
    }

    static func special(_ value: Any) -> TemplateValue? {
        switch value {
        case let value as TemplateValue: return value
        case let value as String: return .string(value)
        case let value as Decimal: return .string(NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX")))
        case let value as Date: return .string(ISO8601DateFormatter().string(from: value))
        case let value as URL: return .string(value.absoluteString)
        case let value as UUID: return .string(value.uuidString.lowercased())
        default: return nil
        }
    }
}

/// Where a container writes. A nested container's box is linked to its parent's and copies
/// itself in on each change (nested containers are rare; synthesized `Encodable` never uses them).
final class ValueBox {
    var value: TemplateValue {
        didSet { if let parent, let key { parent.setMember(key, value) } }
    }
    private let parent: ValueBox?
    private let key: String?

    init(_ value: TemplateValue, parent: ValueBox? = nil, key: String? = nil) {
        self.value = value
        self.parent = parent
        self.key = key
        if let parent, let key { parent.setMember(key, value) }
    }

    func setMember(_ key: String, _ member: TemplateValue) {
        guard case .object(var members) = value else { return }
        value = .null // drop the second reference so the dictionary is mutated in place
        members[key] = member
        value = .object(members)
    }
}

private final class ValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let storage = ValueBox(.null)

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = storage.value {} else { storage.value = .object([:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = storage.value {} else { storage.value = .array([]) }
        return UnkeyedContainer(box: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(box: storage, codingPath: codingPath)
    }

    static func encodeNested<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> TemplateValue {
        if let special = TemplateEncoder.special(value) { return special }
        let encoder = ValueEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.storage.value
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ValueBox
    let codingPath: [any CodingKey]

    private func set(_ value: TemplateValue, _ key: Key) { box.setMember(key.stringValue, value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try ValueEncoder.encodeNested(value, codingPath: codingPath + [key]), key)
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return set(.null, key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ValueBox(.object([:]), parent: box, key: key.stringValue)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ValueBox(.array([]), parent: box, key: key.stringValue)
        return UnkeyedContainer(box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(codingPath: codingPath + [key]) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: ValueBox
    let codingPath: [any CodingKey]
    var count: Int {
        if case .array(let items) = box.value { return items.count }
        return 0
    }

    private func append(_ value: TemplateValue) {
        guard case .array(var items) = box.value else { return }
        box.value = .null
        items.append(value)
        box.value = .array(items)
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Float) throws { append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { append(.int(value)) }
    mutating func encode(_ value: Int8) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt8) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { append(.int(Int(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try ValueEncoder.encodeNested(value, codingPath: codingPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let encoder = ValueEncoder(codingPath: codingPath)
        let container = encoder.container(keyedBy: keyType)
        append(encoder.storage.value)
        return container // later writes to this container are not reflected (rare in view models)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let encoder = ValueEncoder(codingPath: codingPath)
        append(.array([]))
        return encoder.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: ValueBox
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.value = .null }
    mutating func encode(_ value: Bool) throws { box.value = .bool(value) }
    mutating func encode(_ value: String) throws { box.value = .string(value) }
    mutating func encode(_ value: Double) throws { box.value = .double(value) }
    mutating func encode(_ value: Float) throws { box.value = .double(Double(value)) }
    mutating func encode(_ value: Int) throws { box.value = .int(value) }
    mutating func encode(_ value: Int8) throws { box.value = .int(Int(value)) }
    mutating func encode(_ value: Int16) throws { box.value = .int(Int(value)) }
    mutating func encode(_ value: Int32) throws { box.value = .int(Int(value)) }
    mutating func encode(_ value: Int64) throws { box.value = .int(Int(value)) }
    mutating func encode(_ value: UInt) throws { box.value = .int(Int(value)) }
    mutating func encode(_ value: UInt8) throws { box.value = .int(Int(value)) }
    mutating func encode(_ value: UInt16) throws { box.value = .int(Int(value)) }
    mutating func encode(_ value: UInt32) throws { box.value = .int(Int(value)) }
    mutating func encode(_ value: UInt64) throws { box.value = .int(Int(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { box.value = try ValueEncoder.encodeNested(value, codingPath: codingPath) }
}
