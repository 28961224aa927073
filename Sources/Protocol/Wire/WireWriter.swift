/// Appends the canonical encoding of fields. Generated code calls it in ascending field order
/// and skips fields at their default, so one value has exactly one encoding.
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    @inline(__always)
    mutating func appendKey(_ number: UInt32, _ wireType: WireType) {
        appendVarint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// Writes a bool field (1 for true).
    public mutating func write(bool value: Bool, field: UInt32) {
        appendKey(field, .varint)
        bytes.append(value ? 1 : 0)
    }

    /// Writes an int32 or int64 field, zigzag-encoded.
    public mutating func write(sint value: Int64, field: UInt32) {
        appendKey(field, .varint)
        appendVarint(Self.zigzag(value))
    }

    /// Writes a uint32, uint64 or enum field.
    public mutating func write(uint value: UInt64, field: UInt32) {
        appendKey(field, .varint)
        appendVarint(value)
    }

    /// Writes a date field as zigzag days since 1970-01-01.
    public mutating func write(date value: CalendarDate, field: UInt32) {
        write(sint: Int64(value.daysSinceEpoch), field: field)
    }

    /// Writes a string field as its UTF-8 bytes.
    public mutating func write(string value: String, field: UInt32) {
        appendKey(field, .lengthDelimited)
        var value = value
        value.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Writes a bytes field.
    public mutating func write(bytes value: [UInt8], field: UInt32) {
        appendKey(field, .lengthDelimited)
        appendVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a nested message field. With `omitIfEmpty` (a singular, non-optional field) a message
    /// whose encoding is empty is left out, which is how its default value is written.
    public mutating func write<M: WireMessage>(message value: M, field: UInt32, omitIfEmpty: Bool) {
        let mark = bytes.count
        appendKey(field, .lengthDelimited)
        // Most nested messages are under 128 bytes: reserve one length byte and widen afterwards.
        let lengthAt = bytes.count
        bytes.append(0)
        value.encode(to: &self)
        let length = bytes.count - lengthAt - 1
        if length == 0 && omitIfEmpty {
            bytes.removeSubrange(mark...)
            return
        }
        if length < 0x80 {
            bytes[lengthAt] = UInt8(length)
        } else {
            var prefix: [UInt8] = []
            var rest = UInt64(length)
            while rest >= 0x80 {
                prefix.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            prefix.append(UInt8(rest))
            bytes.replaceSubrange(lengthAt...lengthAt, with: prefix)
        }
    }
}
