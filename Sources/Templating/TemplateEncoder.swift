import Foundation

/// Converts an `Encodable` view model straight into a `TemplateValue` — one pass, no JSON text.
/// Dates become ISO 8601 strings, decimals their plain digits, URLs their absolute string, UUIDs
/// lowercase text; nil optionals become null (falsy in sections).
///
/// Speed matters (it runs for every page): one encoder object per nested struct or array, scalar
/// types recognised with a single protocol check, and no coding paths (they would cost an array per
/// nested value and only serve error messages, which this encoder never produces).
public struct TemplateEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> TemplateValue {
        try ValueEncoder.box(value)
    }
}

/// Types whose template form is known without walking `Encodable`.
protocol TemplateValueConvertible {
    var templateValue: TemplateValue { get }
}

extension TemplateValue: TemplateValueConvertible { var templateValue: TemplateValue { self } }
extension String: TemplateValueConvertible { var templateValue: TemplateValue { .string(self) } }
extension Int: TemplateValueConvertible { var templateValue: TemplateValue { .int(self) } }
extension Bool: TemplateValueConvertible { var templateValue: TemplateValue { .bool(self) } }
extension Double: TemplateValueConvertible { var templateValue: TemplateValue { .double(self) } }
extension Decimal: TemplateValueConvertible {
    var templateValue: TemplateValue { .string(NSDecimalNumber(decimal: self).description(withLocale: Locale(identifier: "en_US_POSIX"))) }
}
extension Date: TemplateValueConvertible { var templateValue: TemplateValue { .string(ISO8601DateFormatter().string(from: self)) } }
extension URL: TemplateValueConvertible { var templateValue: TemplateValue { .string(absoluteString) } }
extension UUID: TemplateValueConvertible { var templateValue: TemplateValue { .string(uuidString.lowercased()) } }

/// Receives one value's encoding: a scalar, the members of a keyed container, or the items of a
/// list, kept in separate stored properties so each write mutates in place. A nested container gets
/// its own encoder that copies itself into its parent on each change (rare: synthesized
/// `Encodable` never asks for one).
final class ValueEncoder: Encoder {
    private enum Mode { case single, keyed, unkeyed }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private var mode = Mode.single
    private var single: TemplateValue = .null
    private var members: [String: TemplateValue] = [:]
    private var items: [TemplateValue] = []
    /// Where a nested encoder's value goes: a member of its parent, or an element of a list.
    enum Link {
        case none
        case member(ValueEncoder, String)
        case element(ValueEncoder, Int)
    }

    private let link: Link

    init(link: Link = .none) { self.link = link }

    var value: TemplateValue {
        switch mode {
        case .single: single
        case .keyed: .object(members)
        case .unkeyed: .array(items)
        }
    }

    static func box<T: Encodable>(_ value: T) throws -> TemplateValue {
        if let known = value as? any TemplateValueConvertible { return known.templateValue }
        let encoder = ValueEncoder()
        try value.encode(to: encoder)
        return encoder.value
    }

    func setSingle(_ value: TemplateValue) {
        mode = .single
        single = value
        changed()
    }

    func setMember(_ key: String, _ member: TemplateValue) {
        members[key] = member
        changed()
    }

    func append(_ item: TemplateValue) {
        items.append(item)
        changed()
    }

    var count: Int { items.count }

    func replace(at index: Int, with item: TemplateValue) {
        items[index] = item
        changed()
    }

    private func changed() {
        switch link {
        case .none: return
        case .member(let parent, let key): parent.setMember(key, value)
        case .element(let list, let index): list.replace(at: index, with: value)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if mode != .keyed {
            mode = .keyed
            members.reserveCapacity(16)
            changed()
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if mode != .unkeyed {
            mode = .unkeyed
            changed()
        }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    private func set(_ value: TemplateValue, _ key: Key) { encoder.setMember(key.stringValue, value) }

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
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(TemplateValue.number(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(TemplateValue.number(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { set(try ValueEncoder.box(value), key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return set(.null, key) }
        set(try ValueEncoder.box(value), key)
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { set(value.map { .string($0) } ?? .null, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { set(value.map { .bool($0) } ?? .null, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { set(value.map { .int($0) } ?? .null, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { set(value.map { .double($0) } ?? .null, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(link: .member(encoder, key.stringValue)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(link: .member(encoder, key.stringValue)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(link: .member(encoder, "super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(link: .member(encoder, key.stringValue)) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { encoder.count }

    mutating func encodeNil() throws { encoder.append(.null) }
    mutating func encode(_ value: Bool) throws { encoder.append(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.append(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.append(.double(value)) }
    mutating func encode(_ value: Float) throws { encoder.append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { encoder.append(.int(value)) }
    mutating func encode(_ value: Int8) throws { encoder.append(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { encoder.append(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { encoder.append(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { encoder.append(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { encoder.append(TemplateValue.number(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.append(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.append(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.append(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { encoder.append(TemplateValue.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.append(try ValueEncoder.box(value)) }

    /// A container inside a list: its own encoder, whose value replaces the list element on each change.
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        elementEncoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { elementEncoder().unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { elementEncoder() }

    private func elementEncoder() -> ValueEncoder {
        let index = encoder.count
        encoder.append(.null)
        return ValueEncoder(link: .element(encoder, index))
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.setSingle(.null) }
    mutating func encode(_ value: Bool) throws { encoder.setSingle(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.setSingle(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.setSingle(.double(value)) }
    mutating func encode(_ value: Float) throws { encoder.setSingle(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { encoder.setSingle(.int(value)) }
    mutating func encode(_ value: Int8) throws { encoder.setSingle(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { encoder.setSingle(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { encoder.setSingle(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { encoder.setSingle(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { encoder.setSingle(TemplateValue.number(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.setSingle(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.setSingle(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.setSingle(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { encoder.setSingle(TemplateValue.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.setSingle(try ValueEncoder.box(value)) }
}

extension TemplateValue {
    /// An unsigned number: an integer when it fits, otherwise a double (never a trap).
    static func number<T: UnsignedInteger>(_ value: T) -> TemplateValue {
        Int(exactly: value).map { .int($0) } ?? .double(Double(value))
    }
}
