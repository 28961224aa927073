import Glibc
import Services
import Store

/// Per-thread memory of tokens checked in the last `ttlMs` milliseconds, so a busy connection does
/// not hash and look up its token on every call. A revoked or expired token is refused at most
/// `ttlMs` after the change (documented in docs/ACCESS.md). Bounded per thread.
final class TokenCache: @unchecked Sendable {
    // Each thread touches only its own table (a pthread key), like ReaderPool.
    final class Table {
        var entries: [String: (principal: Principal, checkedAtMs: Int64)] = [:]
    }

    static let ttlMs: Int64 = 2_000
    static let capacity = 1_024
    private var key = pthread_key_t()

    init() {
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<Table>.fromOpaque(pointer).release() }
        }
    }

    private func table() -> Table {
        if let pointer = pthread_getspecific(key) { return Unmanaged<Table>.fromOpaque(pointer).takeUnretainedValue() }
        let table = Table()
        pthread_setspecific(key, Unmanaged.passRetained(table).toOpaque())
        return table
    }

    /// The caller behind `header`, from this thread's memory or the store.
    func authenticate(_ header: String?, connection: Connection, nowMs: Int64) throws(ServiceFailure) -> Principal {
        let table = table()
        if let header, let entry = table.entries[header], nowMs - entry.checkedAtMs < Self.ttlMs { return entry.principal }
        let principal = try TokenAuthority.authenticate(header, connection: connection, nowMs: nowMs)
        if let header {
            if table.entries.count >= Self.capacity { table.entries.removeAll(keepingCapacity: true) }
            table.entries[header] = (principal, nowMs)
        }
        return principal
    }
}
