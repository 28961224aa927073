import Metrics
import Store

/// One read-only `StoreReader` per thread, made on first use: each loop thread reads through its
/// own SQLite connection and statement cache, with no lock between loops.
final class ReaderPool: Sendable {
    private let readers: ThreadLocal<StoreReader>

    /// `answerCounters`: where every thread's answer cache counts its hits and misses.
    init(path: String, answerCapacity: Int, answerCounters: (hits: Counter, misses: Counter)? = nil) {
        readers = ThreadLocal {
            let reader = try StoreReader(path: path, answerCapacity: answerCapacity)
            reader.answers.sharedCounters = answerCounters
            return reader
        }
    }

    /// The calling thread's reader.
    func reader() throws -> StoreReader { try readers.value() }
}
