/// One HTTP/2 header or trailer field, as carried on the wire (names lowercase).
public struct HeaderField: Sendable, Hashable, CustomStringConvertible {
    /// Lowercase field name.
    public var name: String
    /// Field value (`-bin` values are base64, see `GRPCBinaryHeader`).
    public var value: String

    /// Creates a field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Size as HTTP/2 counts it for SETTINGS_MAX_HEADER_LIST_SIZE: name + value + 32.
    public var http2Size: Int { name.utf8.count + value.utf8.count + 32 }

    public var description: String { "\(name): \(value)" }
}

extension Array where Element == HeaderField {
    /// The value of the first field named `name`.
    public func first(named name: String) -> String? {
        first { $0.name == name }?.value
    }
}
