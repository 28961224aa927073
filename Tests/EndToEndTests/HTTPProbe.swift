import Foundation

/// A raw HTTP/1.1 exchange over plain TCP on 127.0.0.1: sends bytes as given (hostile ones
/// included) and reads until the server closes or the time is up.
enum HTTPProbe {
    struct Exchange {
        /// Everything the server sent.
        var response: String
        /// True when the server closed the connection (rather than the time running out).
        var closed: Bool
        /// Seconds from connecting to the close (or to giving up).
        var seconds: Double
    }

    /// Connects, sends `pieces` with `pause` seconds between them, then reads for at most `timeout` seconds.
    static func exchange(port: Int, _ pieces: [[UInt8]], pause: Double = 0, timeout: Double = 5) throws -> Exchange {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let started = Date()
        for (index, piece) in pieces.enumerated() {
            if index > 0 && pause > 0 { Thread.sleep(forTimeInterval: pause) }
            _ = piece.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var closed = false
        while Date().timeIntervalSince(started) < timeout {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 {
                closed = true
                break
            }
            response += buffer[0..<count]
        }
        return Exchange(response: String(decoding: response, as: UTF8.self), closed: closed, seconds: Date().timeIntervalSince(started))
    }

    /// `GET target` with the headers a scraper sends.
    static func get(port: Int, _ target: String) throws -> Exchange {
        try exchange(port: port, [Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\nConnection: close\r\n\r\n".utf8)])
    }

    /// The body of an HTTP response (after the blank line).
    static func body(_ response: String) -> String {
        guard let range = response.range(of: "\r\n\r\n") else { return "" }
        return String(response[range.upperBound...])
    }
}
