/// Percent-encoding of the `grpc-message` trailer, as gRPC's PROTOCOL-HTTP2 prescribes:
/// UTF-8 bytes outside printable ASCII (0x20–0x7E) and `%` itself are sent as `%XX`.
public enum GRPCMessageEncoding {
    /// Encodes a status message for the `grpc-message` trailer.
    public static func percentEncode(_ message: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(message.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in message.utf8 {
            if byte >= 0x20, byte <= 0x7E, byte != UInt8(ascii: "%") {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes a received `grpc-message`; malformed escapes are kept as they are (gRPC says a
    /// receiver must not fail on them), invalid UTF-8 is replaced.
    public static func percentDecode(_ value: String) -> String {
        let bytes = Array(value.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
