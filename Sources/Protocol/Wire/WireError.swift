/// Why bytes could not be decoded as a message. Every case has a stable `UPPER_SNAKE` code
/// (listed in `schema/WIRE.md`, "Errors") and the byte offset at which the problem was found.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The input ended inside a key, a varint or a length-delimited value.
        case truncated = "WIRE_TRUNCATED"
        /// A varint ran past 10 bytes or past 64 bits.
        case varintOverflow = "WIRE_VARINT_OVERFLOW"
        /// A varint used more bytes than needed (a final 0x00 byte); encodings are canonical.
        case overlongVarint = "WIRE_OVERLONG_VARINT"
        /// A key carried field number 0 or one past 2^29 − 1 (typical of trailing garbage).
        case invalidFieldNumber = "WIRE_INVALID_FIELD_NUMBER"
        /// A key carried a wire type other than 0 (varint) or 2 (length-delimited).
        case invalidWireType = "WIRE_INVALID_WIRE_TYPE"
        /// A known field arrived with the other wire type than its schema type uses.
        case wireTypeMismatch = "WIRE_WIRE_TYPE_MISMATCH"
        /// A field came after a field with a higher number; fields are in ascending order.
        case fieldOrder = "WIRE_FIELD_ORDER"
        /// A field that is not `repeated` appeared twice.
        case duplicateField = "WIRE_DUPLICATE_FIELD"
        /// A value did not fit its declared integer type.
        case integerOverflow = "WIRE_INTEGER_OVERFLOW"
        /// A bool was not 0 or 1.
        case invalidBool = "WIRE_INVALID_BOOL"
        /// A date was outside 0001-01-01 ... 9999-12-31.
        case invalidDate = "WIRE_INVALID_DATE"
        /// A string was not valid UTF-8.
        case invalidUTF8 = "WIRE_INVALID_UTF8"
        /// The message was longer than the receiver's limit.
        case messageTooLarge = "WIRE_MESSAGE_TOO_LARGE"
        /// Messages were nested deeper than the receiver's limit.
        case depthExceeded = "WIRE_DEPTH_EXCEEDED"
        /// A repeated field held more elements than the receiver's limit.
        case listTooLong = "WIRE_LIST_TOO_LONG"
        /// A string or bytes value was longer than the receiver's limit.
        case stringTooLong = "WIRE_STRING_TOO_LONG"
    }

    /// What went wrong.
    public let kind: Kind
    /// Byte offset, from the start of the outermost message, of the item at fault.
    public let offset: Int
    /// Number of the field being read when the problem was found, 0 when none.
    public let fieldNumber: UInt32

    /// Creates an error.
    public init(_ kind: Kind, offset: Int, fieldNumber: UInt32 = 0) {
        self.kind = kind
        self.offset = offset
        self.fieldNumber = fieldNumber
    }

    /// The stable code, e.g. `WIRE_TRUNCATED`.
    public var code: String { kind.rawValue }

    public var description: String {
        fieldNumber == 0 ? "\(code) at byte \(offset)" : "\(code) at byte \(offset) (field \(fieldNumber))"
    }
}
