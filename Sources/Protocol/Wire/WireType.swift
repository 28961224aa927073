/// The two wire types of a field key. See `schema/WIRE.md`, "Fields".
public enum WireType: UInt8, Sendable {
    /// A varint: bool, integers, enums, dates.
    case varint = 0
    /// A varint length, then that many bytes: strings, bytes, messages.
    case lengthDelimited = 2
}

/// A decoded field key.
public struct FieldKey: Sendable, Hashable {
    /// Field number, 1 ... 2^29 − 1.
    public let number: UInt32
    /// Wire type.
    public let wireType: WireType
    /// Offset of the key's first byte.
    public let offset: Int
}
