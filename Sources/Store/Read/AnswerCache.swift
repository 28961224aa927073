/// A small per-thread cache of encoded answers keyed by a string and validated by the version of
/// the entity they were made from: an entry is used only while the stored version is unchanged.
/// Bounded: at most `capacity` entries (0 keeps none); when full, the oldest half is dropped.
///
/// Each entry also remembers the writer's commit generation (``StoreWriter/commitGeneration``)
/// at which its version was last checked against the database: while no batch has committed
/// since, the entry is still current and the database need not be asked again.
public final class AnswerCache: @unchecked Sendable {
    // Confined to the reader's thread, like the reader.
    /// One remembered answer.
    public struct Entry: Sendable {
        /// Version of the entity the answer was made from.
        public var version: Int64
        /// The encoded answer.
        public var bytes: [UInt8]
        /// What else the answer depends on and the caller must re-check (e.g. the case's country).
        public var scope: String
        /// The local day the answer was made for.
        public var day: Int32
        /// Commit generation at which `version` was last known to be current.
        public var generation: UInt64

        public init(version: Int64, bytes: [UInt8], scope: String, day: Int32, generation: UInt64) {
            self.version = version
            self.bytes = bytes
            self.scope = scope
            self.day = day
            self.generation = generation
        }
    }

    private var entries: [String: (entry: Entry, stamp: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// Most entries kept.
    public let capacity: Int
    /// Hits and misses so far.
    public private(set) var hits = 0, misses = 0

    public init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
    }

    /// The entry for `key`, current or not (the caller checks `generation` or `version`).
    public func entry(_ key: String) -> Entry? { entries[key]?.entry }

    /// Counts a use of the entry for `key` and marks it recently used; `generation`, when given,
    /// records that its version was just checked.
    public func used(_ key: String, checkedAt generation: UInt64? = nil) {
        hits += 1
        clock += 1
        entries[key]?.stamp = clock
        if let generation { entries[key]?.entry.generation = generation }
    }

    /// Counts a miss.
    public func missed() { misses += 1 }

    /// Remembers `entry` for `key`.
    public func store(_ key: String, _ entry: Entry) {
        guard capacity > 0 else { return }
        if entries.count >= capacity && entries[key] == nil {
            let cutoff = entries.values.map(\.stamp).sorted()[entries.count / 2]
            entries = entries.filter { $0.value.stamp > cutoff }
        }
        clock += 1
        entries[key] = (entry, clock)
    }

    /// Entries held.
    public var count: Int { entries.count }
}
