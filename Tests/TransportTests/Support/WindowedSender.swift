import Foundation
import Glibc

/// A raw peer that behaves as a careful attacker: it sends request bodies on many streams as
/// fast as the server's HTTP/2 flow-control windows allow (so the server cannot refuse it for
/// breaking flow control), and stops when the server has stopped granting window.
extension RawHTTP2 {
    /// What came back while sending.
    struct WindowedOutcome {
        /// Body bytes sent, all streams together.
        var sent = 0
        /// Streams the server answered or reset (it refused or ended them).
        var ended: Set<UInt32> = []
        /// True when the server sent GOAWAY or closed the connection.
        var goAway = false
    }

    /// Sends `prefix` and then `length - prefix.count` zero bytes on each of `streams` (already
    /// opened with HEADERS), never past the windows the server granted; returns when every
    /// stream is done or nothing was granted for `quietMs` milliseconds. The socket's receive
    /// timeout should be short (e.g. 100 ms).
    func sendWithinWindows(streams: [UInt32], prefix: [UInt8], length: Int, quietMs: Int) -> WindowedOutcome {
        var outcome = WindowedOutcome()
        var connectionWindow = 65_535
        var initialStreamWindow = 65_535
        var streamWindows: [UInt32: Int] = [:]
        var offsets: [UInt32: Int] = Dictionary(uniqueKeysWithValues: streams.map { ($0, 0) })
        let zeros = [UInt8](repeating: 0, count: 16_384)
        var quietSince = Date()
        while !outcome.goAway {
            var progressed = false
            for id in streams where !outcome.ended.contains(id) {
                let offset = offsets[id]!
                let window = min(connectionWindow, streamWindows[id] ?? initialStreamWindow)
                let count = min(length - offset, window, 16_384)
                guard count > 0 else { continue }
                var payload: [UInt8] = []
                if offset < prefix.count {
                    payload = Array(prefix[offset..<min(prefix.count, offset + count)])
                }
                payload += zeros[0..<(count - payload.count)]
                if !send(RawHTTP2.data(stream: id, payload, endStream: false)) {
                    outcome.goAway = true
                    break
                }
                offsets[id] = offset + count
                connectionWindow -= count
                streamWindows[id] = (streamWindows[id] ?? initialStreamWindow) - count
                outcome.sent += count
                progressed = true
            }
            if streams.allSatisfy({ outcome.ended.contains($0) || offsets[$0] == length }) { break }
            if progressed {
                quietSince = Date()
                continue
            }
            guard let frame = readFrame() else {
                if Date().timeIntervalSince(quietSince) * 1000 >= Double(quietMs) { break }
                continue
            }
            switch frame.type {
            case 4 where frame.flags & 1 == 0:  // SETTINGS: INITIAL_WINDOW_SIZE
                var index = 0
                while index + 6 <= frame.payload.count {
                    let id = UInt16(frame.payload[index]) << 8 | UInt16(frame.payload[index + 1])
                    let value = frame.payload[(index + 2)..<(index + 6)].reduce(0) { $0 << 8 | Int($1) }
                    if id == 4 {
                        for stream in streams { streamWindows[stream] = (streamWindows[stream] ?? initialStreamWindow) + value - initialStreamWindow }
                        initialStreamWindow = value
                    }
                    index += 6
                }
            case 8:  // WINDOW_UPDATE
                let increment = frame.payload.reduce(0) { $0 << 8 | Int($1) } & 0x7FFF_FFFF
                if frame.stream == 0 {
                    connectionWindow += increment
                } else {
                    streamWindows[frame.stream] = (streamWindows[frame.stream] ?? initialStreamWindow) + increment
                }
            case 1 where frame.flags & 1 != 0, 3:  // an answer ending the stream, or RST_STREAM
                outcome.ended.insert(frame.stream)
            case 7:
                outcome.goAway = true
            default:
                break
            }
        }
        return outcome
    }

    /// The 5-byte gRPC prefix announcing a message of `length` bytes.
    static func messagePrefix(length: Int) -> [UInt8] {
        [0, UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
    }
}

/// The resident memory of this process, in bytes (`VmRSS` of /proc/self/status).
func residentBytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (Int(line.split(separator: " ")[1]) ?? 0) * 1024
    }
    return 0
}
