import Glibc
import Store

/// One read-only `StoreReader` per thread, made on first use: each loop thread reads through its
/// own SQLite connection and statement cache, with no lock between loops.
final class ReaderPool: @unchecked Sendable {
    // The key is created once and only read afterwards; each thread touches only its own slot.
    private let path: String
    private var key = pthread_key_t()

    init(path: String) {
        self.path = path
        pthread_key_create(&key) { pointer in
            // Thread exit: drop the thread's reader (and close its connection).
            if let pointer { Unmanaged<StoreReader>.fromOpaque(pointer).release() }
        }
    }

    /// The calling thread's reader.
    func reader() throws -> StoreReader {
        if let pointer = pthread_getspecific(key) { return Unmanaged<StoreReader>.fromOpaque(pointer).takeUnretainedValue() }
        let reader = try StoreReader(path: path)
        pthread_setspecific(key, Unmanaged.passRetained(reader).toOpaque())
        return reader
    }
}
