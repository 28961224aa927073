/// A small per-thread cache of encoded answers keyed by a string and validated by the version of
/// the entity they were made from: an entry is used only while the stored version is unchanged.
/// Bounded: at most `capacity` entries; when full, the oldest half is dropped.
public final class AnswerCache: @unchecked Sendable {
    // Confined to the reader's thread, like the reader.
    private var entries: [String: (version: Int64, bytes: [UInt8], stamp: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// Most entries kept.
    public let capacity: Int
    /// Hits and misses so far.
    public private(set) var hits = 0, misses = 0

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// The cached answer for `key`, if it was made at `version`.
    public func answer(_ key: String, version: Int64) -> [UInt8]? {
        guard let entry = entries[key], entry.version == version else {
            misses += 1
            return nil
        }
        hits += 1
        clock += 1
        entries[key]?.stamp = clock
        return entry.bytes
    }

    /// Remembers `bytes` as the answer for `key` at `version`.
    public func store(_ key: String, version: Int64, bytes: [UInt8]) {
        if entries.count >= capacity && entries[key] == nil {
            let cutoff = entries.values.map(\.stamp).sorted()[entries.count / 2]
            entries = entries.filter { $0.value.stamp > cutoff }
        }
        clock += 1
        entries[key] = (version, bytes, clock)
    }

    /// Entries held.
    public var count: Int { entries.count }
}
