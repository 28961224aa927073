/// A message of the schema: a value that encodes canonically and decodes hostile input safely.
public protocol WireMessage: Sendable, Equatable {
    /// Fully qualified schema name, e.g. `collect.v1.Money`.
    static var schemaName: String { get }
    /// The value with every field at its default.
    init()
    /// Appends the message's fields (without a length prefix).
    func encode(to writer: inout WireWriter)
    /// Reads fields until the reader's current end.
    init(from reader: inout WireReader) throws(WireError)
}

extension WireMessage {
    /// The canonical encoding of this message.
    public func encoded() -> [UInt8] {
        var writer = WireWriter()
        encode(to: &writer)
        return writer.bytes
    }

    /// Decodes a whole message from `bytes`, enforcing `limits`.
    public init(decoding bytes: [UInt8], limits: WireLimits = .default) throws(WireError) {
        var reader = try WireReader(bytes, limits: limits)
        try reader.enterMessage()
        try self.init(from: &reader)
        reader.leaveMessage()
    }
}
