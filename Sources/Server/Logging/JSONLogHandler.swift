import Glibc
import Logging
import Protocol

/// swift-log handler that writes one JSON object per line to standard error:
/// `{"ts":"2026-12-02T08:30:00.123Z","level":"info","label":"collect.server","msg":"…","request_id":"…"}`,
/// metadata as further string fields. One `write(2)` per line, so lines from several threads
/// never interleave. What is logged is the caller's business: no log call in Collect passes
/// personal data or a token (a test greps a whole run's logs for them).
struct JSONLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String
    let fileDescriptor: Int32

    init(label: String, fileDescriptor: Int32 = 2) {
        self.label = label
        self.fileDescriptor = fileDescriptor
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [(String, String)] = [("ts", Self.timestamp()), ("level", event.level.rawValue), ("label", label),
                                          ("msg", "\(event.message)")]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() where !["ts", "level", "label", "msg"].contains(key) {
            fields.append((key, Self.flatten(merged[key]!)))
        }
        let line = "{" + fields.map { JSONWriter.quoted($0) + ":" + JSONWriter.quoted($1) }.joined(separator: ",") + "}\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fileDescriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll()
    }

    /// A metadata value as one string: nested values in a readable, stable form.
    static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let items): "[" + items.map(flatten).joined(separator: ",") + "]"
        case .dictionary(let map): "{" + map.keys.sorted().map { "\($0)=\(flatten(map[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    /// UTC now as ISO 8601 with milliseconds.
    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = Int(spec.tv_nsec / 1_000_000)
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }
}
