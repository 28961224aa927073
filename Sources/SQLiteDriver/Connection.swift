import CSQLite
import Glibc

/// One SQLite connection, used by one thread at a time (a loop thread's reader, or the writer).
/// Prepared statements are cached by their SQL text.
public final class Connection: @unchecked Sendable {
    // Not shared between threads: each owner (a loop thread or the writer thread) has its own.
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]
    /// The instant (monotonic ms) `setDeadline` stops statements at; read by SQLite's progress
    /// handler through a stable pointer.
    private let deadline = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    /// True for connections opened read-only.
    public let isReadOnly: Bool

    /// Opens `path`. A writable connection creates the file and sets WAL and `synchronous=FULL`;
    /// every connection sets foreign keys and a busy timeout; the writer gets a 64 MiB page cache,
    /// read-only ones an 8 MiB one and keep temporary storage in memory.
    public init(path: String, readOnly: Bool) throws(SQLiteError) {
        _ = Connection.configured
        var pointer: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let error = SQLiteError(code: code, operation: "open \(path)", connection: pointer)
            sqlite3_close_v2(pointer)
            throw error
        }
        handle = pointer
        isReadOnly = readOnly
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 5_000)
        if !readOnly {
            // Only a new, empty file takes it (before WAL mode writes the header); a database
            // that has pages keeps the size it was made with.
            try execute("PRAGMA page_size=\(Connection.newDatabasePageSize)")
            try execute("PRAGMA journal_mode=WAL")
            try execute("PRAGMA synchronous=FULL")
        }
        try execute("PRAGMA foreign_keys=ON")
        // The writer's page cache holds a whole batch's dirty pages, which would otherwise be
        // spilled to the WAL mid-transaction and read back. A reader's is smaller: SQLite empties
        // a connection's whole cache when a read transaction starts after another connection
        // committed, and emptying a full 64 MiB cache made such a look-up on 1 M customers cost
        // 284 µs against 142 µs with 8 MiB; between commits the larger one gained nothing
        // (random look-ups: 80 against 73 µs). Pages are memory only once used.
        try execute("PRAGMA cache_size=-\(readOnly ? Connection.readerCacheKiB : Connection.writerCacheKiB)")
        if readOnly { try useMemoryForTemporaryStorage() }
    }

    /// Keeps temporary B-trees and the statement journal in memory. The writer opens a savepoint
    /// per mutation, and SQLite copies each page that the mutation changes into the statement
    /// journal first; held in a file, past 64 KiB, that was two system calls per page. (Not set
    /// while migrating: a table rebuild's statement journal can be as large as the table.)
    public func useMemoryForTemporaryStorage() throws(SQLiteError) {
        try execute("PRAGMA temp_store=MEMORY")
    }

    /// The page size of a database this connection creates, in bytes. 2 KiB rather than SQLite's
    /// 4 KiB: a durable payment changes a handful of rows that each sit on a random page (the
    /// payment's leaf, the account, the case, the audit index), and the WAL and the checkpoints
    /// write whole pages, so the bytes written per payment are nearly proportional to the page
    /// size (issue 13; bench/RESULTS.md, sixth session). An existing book is converted with
    /// `collect-server repage` (docs/OPERATIONS.md).
    public static let newDatabasePageSize = 2_048

    /// Page cache of the writer's connection, in KiB.
    static let writerCacheKiB = 65_536
    /// Page cache of each read-only connection, in KiB.
    static let readerCacheKiB = 8_192

    /// Process-wide settings, applied once before the first connection opens.
    private static let configured: Bool = {
        csqlite_disable_memory_statistics() == SQLITE_OK
    }()

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
        deadline.deallocate()
    }

    /// Runs SQL that returns no rows (several statements allowed).
    public func execute(_ sql: String) throws(SQLiteError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw SQLiteError(code: code, operation: "exec", connection: handle) }
    }

    /// Runs one statement without parameters or rows (BEGIN, COMMIT, SAVEPOINT…) through the
    /// statement cache, so it is parsed once per connection rather than on every call.
    public func run(_ sql: String) throws(SQLiteError) {
        try statement(sql).run([])
    }

    /// The cached prepared statement for `sql`, reset and with bindings cleared.
    public func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        let statement = try Statement(connection: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Makes statements on this connection stop with SQLITE_INTERRUPT once `afterMs` milliseconds
    /// have passed (checked every few thousand virtual-machine steps), until `clearDeadline`.
    package func setDeadline(afterMs: Int64) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        deadline.pointee = Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000 + afterMs
        sqlite3_progress_handler(handle, 10_000, { context in
            guard let context else { return 0 }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let nowMs = Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
            return nowMs > context.load(as: Int64.self) ? 1 : 0
        }, UnsafeMutableRawPointer(deadline))
    }

    /// Removes the deadline of `setDeadline`.
    package func clearDeadline() { sqlite3_progress_handler(handle, 0, nil, nil) }

    /// True inside a transaction; false once SQLite has ended one by itself (it rolls the whole
    /// transaction back on some errors, such as a full disk, whatever savepoints were open).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction (BEGIN IMMEDIATE for writers), committing on success.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try run(isReadOnly ? "BEGIN" : "BEGIN IMMEDIATE")
        do {
            let value = try body()
            try run("COMMIT")
            return value
        } catch {
            try? run("ROLLBACK")
            throw error
        }
    }

    /// One value of the first row of a query, or nil.
    public func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> Int64? {
        let statement = try self.statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }
}
