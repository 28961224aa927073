import Store

/// One read-only `StoreReader` per thread, made on first use: each loop thread reads through its
/// own SQLite connection and statement cache, with no lock between loops.
final class ReaderPool: Sendable {
    private let readers: ThreadLocal<StoreReader>

    init(path: String, answerCapacity: Int) {
        readers = ThreadLocal { try StoreReader(path: path, answerCapacity: answerCapacity) }
    }

    /// The calling thread's reader.
    func reader() throws -> StoreReader { try readers.value() }
}
