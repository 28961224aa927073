/// gRPC's length-prefixed message framing: 1 byte compressed-flag, 4 bytes big-endian length,
/// then the message. See `schema/WIRE.md`, "Message framing".
public enum GRPCFrame {
    /// Size of the prefix before every message.
    public static let prefixBytes = 5

    /// Appends `message` to `output` with its 5-byte prefix (never compressed).
    public static func append(_ message: [UInt8], to output: inout [UInt8]) {
        precondition(message.count <= Int(UInt32.max), "a message over 4 GiB cannot be framed")
        let length = UInt32(message.count)
        output.reserveCapacity(output.count + prefixBytes + message.count)
        output.append(0)
        output.append(UInt8(truncatingIfNeeded: length >> 24))
        output.append(UInt8(truncatingIfNeeded: length >> 16))
        output.append(UInt8(truncatingIfNeeded: length >> 8))
        output.append(UInt8(truncatingIfNeeded: length))
        output.append(contentsOf: message)
    }

    /// `message` with its 5-byte prefix.
    public static func framed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        append(message, to: &output)
        return output
    }
}

/// Why a stream of gRPC frames was refused.
public enum GRPCFrameError: Error, Sendable, Equatable {
    /// A message longer than the receiver's limit was announced; nothing of it was buffered.
    case messageTooLarge(announcedBytes: UInt32, limitBytes: Int)
    /// The compressed flag was set, and no compression is supported on this call.
    case compressedMessage
    /// The flag byte was neither 0 nor 1.
    case invalidFlag(UInt8)
}

/// Reassembles gRPC messages from DATA frames that may split them at any byte.
///
/// It buffers at most one message and refuses one whose announced length is over the limit
/// before buffering any of it, so a peer cannot grow memory past `maxMessageBytes + 5`.
public struct GRPCDeframer: Sendable {
    /// Largest message accepted.
    public let maxMessageBytes: Int
    private var buffer: [UInt8] = []
    private var expectedLength: Int? = nil
    /// Complete messages are returned by ``append(_:)``; this many have been returned so far.
    public private(set) var messagesReturned = 0

    /// Creates a deframer refusing messages over `maxMessageBytes`.
    public init(maxMessageBytes: Int) {
        precondition(maxMessageBytes >= 0)
        self.maxMessageBytes = maxMessageBytes
    }

    /// True when bytes of an unfinished message (or prefix) are buffered.
    public var hasPartialMessage: Bool { !buffer.isEmpty || expectedLength != nil }

    /// Feeds received bytes; returns each message completed by them.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) throws(GRPCFrameError) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        try append(bytes) { messages.append($0) }
        return messages
    }

    /// Feeds received bytes; calls `onMessage` with each message completed by them, in order
    /// (no array of messages is built).
    public mutating func append(_ bytes: UnsafeRawBufferPointer, onMessage: ([UInt8]) -> Void) throws(GRPCFrameError) {
        // The usual case: exactly one whole uncompressed message, nothing buffered.
        if buffer.isEmpty, expectedLength == nil, bytes.count >= GRPCFrame.prefixBytes, bytes[0] == 0 {
            let length = Int(UInt32(bytes[1]) << 24 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 8 | UInt32(bytes[4]))
            if length <= maxMessageBytes, bytes.count == GRPCFrame.prefixBytes + length {
                messagesReturned += 1
                onMessage(Array(UnsafeRawBufferPointer(rebasing: bytes[GRPCFrame.prefixBytes...])))
                return
            }
        }
        var index = 0
        while index < bytes.count {
            if let length = expectedLength {
                let take = min(length - buffer.count, bytes.count - index)
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                if buffer.count == length {
                    onMessage(buffer)
                    messagesReturned += 1
                    buffer = []
                    expectedLength = nil
                }
            } else {
                let take = min(GRPCFrame.prefixBytes - buffer.count, bytes.count - index)
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                if buffer.count == GRPCFrame.prefixBytes {
                    let flag = buffer[0]
                    if flag == 1 { throw .compressedMessage }
                    if flag != 0 { throw .invalidFlag(flag) }
                    let length = UInt32(buffer[1]) << 24 | UInt32(buffer[2]) << 16 | UInt32(buffer[3]) << 8 | UInt32(buffer[4])
                    if Int(length) > maxMessageBytes {
                        throw .messageTooLarge(announcedBytes: length, limitBytes: maxMessageBytes)
                    }
                    buffer = []
                    buffer.reserveCapacity(Int(length))
                    if length == 0 {
                        onMessage([])
                        messagesReturned += 1
                    } else {
                        expectedLength = Int(length)
                    }
                }
            }
        }
    }

    /// Feeds received bytes from an array.
    public mutating func append(_ bytes: [UInt8]) throws(GRPCFrameError) -> [[UInt8]] {
        do {
            return try bytes.withUnsafeBytes { raw in try self.append(raw) }
        } catch let error as GRPCFrameError {
            throw error
        } catch {
            preconditionFailure("unreachable: \(error)")
        }
    }
}
