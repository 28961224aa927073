/// The two messages of `grpc.health.v1.Health/Check`, in protobuf encoding, by hand:
/// `HealthCheckRequest { string service = 1; }` and
/// `HealthCheckResponse { ServingStatus status = 1; }`.
public enum HealthMessages {
    /// `HealthCheckResponse.ServingStatus`.
    public enum ServingStatus: Int, Sendable {
        case unknown = 0
        case serving = 1
        case notServing = 2
        case serviceUnknown = 3
    }

    /// Longest service name accepted in a request.
    public static let maxServiceNameBytes = 1024

    /// Encodes a request for `service` ("" asks about the whole server).
    public static func encodeRequest(service: String) -> [UInt8] {
        if service.isEmpty { return [] }
        var bytes: [UInt8] = [0x0A]
        appendVarint(UInt64(service.utf8.count), to: &bytes)
        bytes.append(contentsOf: service.utf8)
        return bytes
    }

    /// Decodes a request's service name; unknown fields are skipped; nil when malformed.
    public static func decodeRequest(_ bytes: [UInt8]) -> String? {
        var service = ""
        var index = 0
        while index < bytes.count {
            guard let key = readVarint(bytes, &index) else { return nil }
            let field = key >> 3
            switch key & 7 {
            case 0: guard readVarint(bytes, &index) != nil else { return nil }
            case 1: index += 8
            case 5: index += 4
            case 2:
                guard let length = readVarint(bytes, &index), length <= UInt64(bytes.count - index) else { return nil }
                let end = index + Int(length)
                if field == 1 {
                    guard length <= UInt64(maxServiceNameBytes) else { return nil }
                    guard let name = String(validating: bytes[index..<end], as: UTF8.self) else { return nil }
                    service = name
                }
                index = end
            default: return nil
            }
            if index > bytes.count { return nil }
        }
        return service
    }

    /// Encodes a response.
    public static func encodeResponse(_ status: ServingStatus) -> [UInt8] {
        status == .unknown ? [] : [0x08, UInt8(status.rawValue)]
    }

    /// Decodes a response's status; nil when malformed.
    public static func decodeResponse(_ bytes: [UInt8]) -> ServingStatus? {
        var status = ServingStatus.unknown
        var index = 0
        while index < bytes.count {
            guard let key = readVarint(bytes, &index) else { return nil }
            guard key & 7 == 0, let value = readVarint(bytes, &index) else { return nil }
            if key >> 3 == 1 { status = ServingStatus(rawValue: Int(truncatingIfNeeded: value)) ?? .unknown }
        }
        return status
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    static func readVarint(_ bytes: [UInt8], _ index: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }
}
