import Foundation
import Glibc

/// A deliberately misbehaving HTTP/2 client over plain TCP: it writes frames by hand (HPACK
/// literals, no Huffman) and reads frames back, for the defence tests.
final class RawHTTP2 {
    struct Frame {
        let type: UInt8
        let flags: UInt8
        let stream: UInt32
        let payload: [UInt8]
        /// GOAWAY's error code.
        var goAwayCode: UInt32? {
            guard type == 7, payload.count >= 8 else { return nil }
            return UInt32(payload[4]) << 24 | UInt32(payload[5]) << 16 | UInt32(payload[6]) << 8 | UInt32(payload[7])
        }
    }

    let fd: Int32
    private var pending: [UInt8] = []
    /// errno of the last failed send.
    private(set) var lastSendErrno: Int32 = 0
    /// True once a read found the connection closed (not merely a timeout).
    private(set) var isClosed = false

    init(port: Int, receiveTimeoutMs: Int = 3000) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { throw Tool.Failure(description: "connect failed: errno \(errno)") }
        var timeout = timeval(tv_sec: receiveTimeoutMs / 1000, tv_usec: (receiveTimeoutMs % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    /// Writes all of `bytes`; false when the connection is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 {
                lastSendErrno = errno
                return false
            }
            offset += written
        }
        return true
    }

    /// Client preface plus an empty SETTINGS frame (optionally with entries).
    func handshake(settings: [(UInt16, UInt32)] = [], ack: Bool = true) {
        send(Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + RawHTTP2.settings(settings))
        if ack { send(RawHTTP2.frame(type: 4, flags: 1, stream: 0, payload: [])) }
    }

    /// Reads the next frame; nil on close or timeout.
    func readFrame() -> Frame? {
        while true {
            if pending.count >= 9 {
                let length = Int(pending[0]) << 16 | Int(pending[1]) << 8 | Int(pending[2])
                if pending.count >= 9 + length {
                    let stream = (UInt32(pending[5]) << 24 | UInt32(pending[6]) << 16 | UInt32(pending[7]) << 8 | UInt32(pending[8])) & 0x7FFF_FFFF
                    let frame = Frame(type: pending[3], flags: pending[4], stream: stream, payload: Array(pending[9..<(9 + length)]))
                    pending.removeFirst(9 + length)
                    return frame
                }
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = Glibc.recv(fd, &buffer, buffer.count, 0)
            if count == 0 || (count < 0 && errno == ECONNRESET) { isClosed = true }
            if count <= 0 { return nil }
            pending.append(contentsOf: buffer[0..<count])
        }
    }

    /// Reads frames until `match` accepts one or the connection ends; returns the match.
    func readUntil(_ match: (Frame) -> Bool) -> Frame? {
        while let frame = readFrame() {
            if match(frame) { return frame }
        }
        return nil
    }

    /// Reads until the server closes the connection; true when it did (not a timeout).
    func waitForClose() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    // MARK: Frame builders

    static func frame(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8]) -> [UInt8] {
        let length = payload.count
        return [UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags,
                UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)] + payload
    }

    static func settings(_ entries: [(UInt16, UInt32)]) -> [UInt8] {
        var payload: [UInt8] = []
        for (id, value) in entries {
            payload += [UInt8(id >> 8), UInt8(id & 0xFF), UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        return frame(type: 4, flags: 0, stream: 0, payload: payload)
    }

    static func ping() -> [UInt8] { frame(type: 6, flags: 0, stream: 0, payload: [UInt8](repeating: 1, count: 8)) }

    static func reset(stream: UInt32, code: UInt32 = 8) -> [UInt8] {
        frame(type: 3, flags: 0, stream: stream, payload: [UInt8(code >> 24), UInt8(code >> 16 & 0xFF), UInt8(code >> 8 & 0xFF), UInt8(code & 0xFF)])
    }

    static func data(stream: UInt32, _ bytes: [UInt8], endStream: Bool) -> [UInt8] {
        frame(type: 0, flags: endStream ? 1 : 0, stream: stream, payload: bytes)
    }

    /// HEADERS (END_HEADERS) with HPACK literal fields "without indexing".
    static func headers(stream: UInt32, _ fields: [(String, String)], endStream: Bool = false) -> [UInt8] {
        var block: [UInt8] = []
        for (name, value) in fields {
            block.append(0)
            appendString(name, to: &block)
            appendString(value, to: &block)
        }
        return frame(type: 1, flags: 0x4 | (endStream ? 1 : 0), stream: stream, payload: block)
    }

    /// A gRPC request's headers for `path`.
    static func grpcHeaders(stream: UInt32, path: String, extra: [(String, String)] = []) -> [UInt8] {
        headers(stream: stream, [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
                                 ("content-type", "application/grpc"), ("te", "trailers")] + extra)
    }

    private static func appendString(_ string: String, to block: inout [UInt8]) {
        let bytes = Array(string.utf8)
        var length = bytes.count
        if length < 127 {
            block.append(UInt8(length))
        } else {
            block.append(127)
            length -= 127
            while length >= 128 {
                block.append(UInt8(length & 0x7F) | 0x80)
                length >>= 7
            }
            block.append(UInt8(length))
        }
        block += bytes
    }
}
