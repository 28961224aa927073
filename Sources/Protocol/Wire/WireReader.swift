/// Reads fields from untrusted bytes. Every read is bounds-checked against the current message's
/// end; no allocation is larger than the bytes it is made from; every failure is a ``WireError``
/// with the offset of the item at fault. Generated `init(from:)` drives it.
public struct WireReader: Sendable {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline var position: Int
    @usableFromInline var end: Int
    @usableFromInline var depth = 0
    /// The limits in force.
    public let limits: WireLimits

    /// A reader over a whole message; refuses one over `limits.maxMessageBytes` at once.
    public init(_ bytes: [UInt8], limits: WireLimits = .default) throws(WireError) {
        guard bytes.count <= limits.maxMessageBytes else { throw WireError(.messageTooLarge, offset: 0) }
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
        self.limits = limits
    }

    /// Offset of the next byte to be read.
    public var offset: Int { position }

    /// Counts one level of nesting; the outermost message is level 1.
    public mutating func enterMessage(at offset: Int = 0, field: UInt32 = 0) throws(WireError) {
        depth += 1
        if depth > limits.maxDepth { throw WireError(.depthExceeded, offset: offset, fieldNumber: field) }
    }

    /// Leaves a level of nesting.
    public mutating func leaveMessage() { depth -= 1 }

    @inline(__always)
    mutating func readVarint(field: UInt32) throws(WireError) -> UInt64 {
        // Most varints (keys, small numbers, lengths) are one byte.
        if position < end, bytes[position] < 0x80 {
            position += 1
            return UInt64(bytes[position - 1])
        }
        return try readLongVarint(field: field)
    }

    mutating func readLongVarint(field: UInt32) throws(WireError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw WireError(.truncated, offset: start, fieldNumber: field) }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw WireError(.varintOverflow, offset: start, fieldNumber: field) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                if byte == 0 && shift > 0 { throw WireError(.overlongVarint, offset: start, fieldNumber: field) }
                return result
            }
            shift += 7
        }
    }

    /// The next field's key, or nil at the end of the current message.
    public mutating func nextKey() throws(WireError) -> FieldKey? {
        guard position < end else { return nil }
        let start = position
        let raw = try readVarint(field: 0)
        let number = raw >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else { throw WireError(.invalidFieldNumber, offset: start) }
        guard let wireType = WireType(rawValue: UInt8(raw & 7)) else {
            throw WireError(.invalidWireType, offset: start, fieldNumber: UInt32(number))
        }
        return FieldKey(number: UInt32(number), wireType: wireType, offset: start)
    }

    /// Enforces ascending field order: a number may repeat only for a repeated (or unknown) field.
    public func checkOrder(_ key: FieldKey, last: inout UInt32, repeatable: Bool) throws(WireError) {
        if key.number < last { throw WireError(.fieldOrder, offset: key.offset, fieldNumber: key.number) }
        if key.number == last && !repeatable {
            throw WireError(.duplicateField, offset: key.offset, fieldNumber: key.number)
        }
        last = key.number
    }

    /// Refuses a repeated field's element past the list limit.
    public func checkListCount(_ count: Int, _ key: FieldKey) throws(WireError) {
        if count >= limits.maxListCount { throw WireError(.listTooLong, offset: key.offset, fieldNumber: key.number) }
    }

    @inline(__always)
    func expect(_ key: FieldKey, _ wireType: WireType) throws(WireError) {
        if key.wireType != wireType { throw WireError(.wireTypeMismatch, offset: key.offset, fieldNumber: key.number) }
    }

    /// Reads a bool.
    public mutating func readBool(_ key: FieldKey) throws(WireError) -> Bool {
        try expect(key, .varint)
        let start = position
        let value = try readVarint(field: key.number)
        guard value <= 1 else { throw WireError(.invalidBool, offset: start, fieldNumber: key.number) }
        return value == 1
    }

    @inline(__always)
    mutating func readZigzag(_ key: FieldKey) throws(WireError) -> Int64 {
        try expect(key, .varint)
        let raw = try readVarint(field: key.number)
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads an int64 (zigzag).
    public mutating func readInt64(_ key: FieldKey) throws(WireError) -> Int64 { try readZigzag(key) }

    /// Reads an int32 (zigzag); refuses values outside Int32.
    public mutating func readInt32(_ key: FieldKey) throws(WireError) -> Int32 {
        let start = position
        let value = try readZigzag(key)
        guard let narrow = Int32(exactly: value) else {
            throw WireError(.integerOverflow, offset: start, fieldNumber: key.number)
        }
        return narrow
    }

    /// Reads a uint64.
    public mutating func readUInt64(_ key: FieldKey) throws(WireError) -> UInt64 {
        try expect(key, .varint)
        return try readVarint(field: key.number)
    }

    /// Reads a uint32 or an enum's raw value; refuses values outside UInt32.
    public mutating func readUInt32(_ key: FieldKey) throws(WireError) -> UInt32 {
        try expect(key, .varint)
        let start = position
        let value = try readVarint(field: key.number)
        guard let narrow = UInt32(exactly: value) else {
            throw WireError(.integerOverflow, offset: start, fieldNumber: key.number)
        }
        return narrow
    }

    /// Reads a date; refuses days outside 0001-01-01 ... 9999-12-31.
    public mutating func readDate(_ key: FieldKey) throws(WireError) -> CalendarDate {
        let start = position
        let days = try readZigzag(key)
        guard let narrow = Int32(exactly: days), let date = CalendarDate(daysSinceEpoch: narrow) else {
            throw WireError(.invalidDate, offset: start, fieldNumber: key.number)
        }
        return date
    }

    /// Reads a length prefix and returns the value's range, checked against limit and input.
    @inline(__always)
    mutating func readLength(_ key: FieldKey, limit: Int) throws(WireError) -> Range<Int> {
        try expect(key, .lengthDelimited)
        let start = position
        let length = try readVarint(field: key.number)
        guard length <= UInt64(end - position) else { throw WireError(.truncated, offset: start, fieldNumber: key.number) }
        guard length <= UInt64(limit) else { throw WireError(.stringTooLong, offset: start, fieldNumber: key.number) }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// Reads a UTF-8 string.
    public mutating func readString(_ key: FieldKey) throws(WireError) -> String {
        let range = try readLength(key, limit: limits.maxStringBytes)
        let string: String? = bytes.withUnsafeBufferPointer { all in
            let slice = UnsafeBufferPointer(rebasing: all[range])
            return UTF8Validation.isValid(slice) ? String(decoding: slice, as: UTF8.self) : nil
        }
        guard let string else { throw WireError(.invalidUTF8, offset: range.lowerBound, fieldNumber: key.number) }
        return string
    }

    /// Reads a bytes value.
    public mutating func readBytes(_ key: FieldKey) throws(WireError) -> [UInt8] {
        let range = try readLength(key, limit: limits.maxStringBytes)
        return Array(bytes[range])
    }

    /// Reads a nested message.
    public mutating func readMessage<M: WireMessage>(_ key: FieldKey, as type: M.Type) throws(WireError) -> M {
        try readNested(key) { (reader: inout WireReader) throws(WireError) -> M in try M(from: &reader) }
    }

    /// Reads a nested message with `body`, which must read fields until ``nextKey()`` gives nil.
    public mutating func readNested<T>(_ key: FieldKey, _ body: (inout WireReader) throws(WireError) -> T) throws(WireError) -> T {
        let range = try readLength(key, limit: Int.max)
        try enterMessage(at: key.offset, field: key.number)
        let outerEnd = end
        position = range.lowerBound
        end = range.upperBound
        let value = try body(&self)
        precondition(position == end, "a nested decoder stopped before the end of its message")
        end = outerEnd
        leaveMessage()
        return value
    }

    /// Skips a field this schema version does not know.
    public mutating func skip(_ key: FieldKey) throws(WireError) {
        switch key.wireType {
        case .varint: _ = try readVarint(field: key.number)
        case .lengthDelimited: _ = try readLength(key, limit: Int.max)
        }
    }
}
