import Services
import Store

/// Per-thread memory of tokens checked in the last `ttlMs` milliseconds, so a busy connection does
/// not hash and look up its token on every call. A revoked or expired token is refused at most
/// `ttlMs` after the change (documented in docs/ACCESS.md). Bounded per thread.
final class TokenCache: Sendable {
    final class Table {
        var entries: [String: (principal: Principal, checkedAtMs: Int64)] = [:]
    }

    static let ttlMs: Int64 = 2_000
    static let capacity = 1_024
    private let tables = ThreadLocal { Table() }

    /// The caller behind `header`, from this thread's memory or the store.
    func authenticate(_ header: String?, reader: any BookReader, nowMs: Int64) throws(ServiceFailure) -> Principal {
        let table = try! tables.value()  // making a Table cannot fail
        if let header, let entry = table.entries[header], nowMs - entry.checkedAtMs < Self.ttlMs { return entry.principal }
        let principal = try TokenAuthority.authenticate(header, reader: reader, nowMs: nowMs)
        if let header {
            if table.entries.count >= Self.capacity { table.entries.removeAll(keepingCapacity: true) }
            table.entries[header] = (principal, nowMs)
        }
        return principal
    }
}
