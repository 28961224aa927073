import Metrics

/// A small per-thread cache of encoded answers keyed by a string and validated by the version of
/// the entity they were made from: an entry is used only while the stored version is unchanged.
/// Bounded: at most `capacity` entries (0 keeps none). When full, each new entry replaces one old
/// one chosen by the CLOCK algorithm (the oldest not used since the hand last passed it), so no
/// single call pays for a large clear-out: dropping half the cache at once, with a sort, used to
/// stall the loop thread for milliseconds under random look-ups.
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

    private var entries: [String: (entry: Entry, slot: Int)] = [:]
    /// The keys in the order their slots were filled, with a bit set on use; `hand` is the
    /// next slot to consider for replacement.
    private var ring: [(key: String, used: Bool)] = []
    private var hand = 0
    /// Most entries kept.
    public let capacity: Int
    /// Hits and misses so far.
    public private(set) var hits = 0, misses = 0
    /// The server's hit and miss counters (shared by every thread's cache), when it keeps metrics.
    public var sharedCounters: (hits: Counter, misses: Counter)?

    public init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
    }

    /// The entry for `key`, current or not (the caller checks `generation` or `version`).
    public func entry(_ key: String) -> Entry? { entries[key]?.entry }

    /// Counts a use of the entry for `key` and marks it used; `generation`, when given, records
    /// that its version was just checked.
    public func used(_ key: String, checkedAt generation: UInt64? = nil) {
        hits += 1
        sharedCounters?.hits.increment()
        guard let index = entries.index(forKey: key) else { return }
        ring[entries.values[index].slot].used = true
        if let generation { entries.values[index].entry.generation = generation }
    }

    /// Counts a miss.
    public func missed() {
        misses += 1
        sharedCounters?.misses.increment()
    }

    /// Remembers `entry` for `key`, replacing one old entry when full.
    public func store(_ key: String, _ entry: Entry) {
        guard capacity > 0 else { return }
        if let slot = entries[key]?.slot {
            entries[key] = (entry, slot)
            ring[slot].used = true
            return
        }
        let slot: Int
        if ring.count < capacity {
            slot = ring.count
            ring.append((key, false))
        } else {
            // Ends within one turn: every used bit passed is cleared.
            while ring[hand].used {
                ring[hand].used = false
                hand = (hand + 1) % capacity
            }
            slot = hand
            entries[ring[slot].key] = nil
            ring[slot] = (key, false)
            hand = (hand + 1) % capacity
        }
        entries[key] = (entry, slot)
    }

    /// Entries held.
    public var count: Int { entries.count }
}
