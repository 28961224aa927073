import SQLiteDriver
/// Why the store refused or failed a request. Each case has a stable `UPPER_SNAKE` code that the
/// services turn into a gRPC status and an error detail.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The entity was changed since the caller read it.
    case versionConflict(entity: String, id: String, expected: Int64, current: Int64)
    /// No such entity.
    case notFound(entity: String, id: String)
    /// The idempotency key was used before with a different request.
    case idempotencyKeyReused(key: String)
    /// The writer's queue is full; try again shortly.
    case writerOverloaded(capacity: Int)
    /// The writer is shutting down.
    case writerStopped
    /// The call's deadline passed before the writer got to it; nothing was done.
    case abandoned
    /// A domain rule refused the mutation.
    case rejected(code: String, fieldPath: String, message: String)
    /// The database file is from a newer build.
    case databaseTooNew(version: Int, supported: Int)
    /// The disk (or the database's size limit) is full: retry once space is freed; nothing was
    /// written. Keeps SQLite's extended result code.
    case storageFull(code: Int32)
    /// Reading or writing the file failed (an I/O error, a locked or unreachable file): retry
    /// later; nothing was written.
    case storageUnavailable(code: Int32, message: String)
    /// The file is damaged: an operator must restore it; the server refuses writes.
    case storageCorrupt(code: Int32, message: String)
    /// The database file the server opened is gone or was replaced by another file: nothing more
    /// is acknowledged, since it would not be in the file the next start opens.
    case storageLost(reason: String)
    /// SQLite failed.
    case database(code: Int32, message: String)

    /// The stable detail code.
    public var code: String {
        switch self {
        case .versionConflict: "VERSION_CONFLICT"
        case .notFound(let entity, _): "\(entity.uppercased())_NOT_FOUND"
        case .idempotencyKeyReused: "IDEMPOTENCY_KEY_REUSED"
        case .writerOverloaded: "WRITER_OVERLOADED"
        case .writerStopped: "SERVER_SHUTTING_DOWN"
        case .abandoned: "DEADLINE_EXCEEDED"
        case .rejected(let code, _, _): code
        case .databaseTooNew: "DATABASE_TOO_NEW"
        case .storageFull: "STORAGE_FULL"
        case .storageUnavailable: "STORAGE_UNAVAILABLE"
        case .storageCorrupt: "STORAGE_CORRUPT"
        case .storageLost: "STORAGE_FILE_LOST"
        case .database: "DATABASE_ERROR"
        }
    }

    public var description: String {
        switch self {
        case .versionConflict(let entity, let id, let expected, let current):
            "\(entity) \(id) is at version \(current), not \(expected): it was changed by someone else; reload it"
        case .notFound(let entity, let id): "no \(entity) \(id)"
        case .idempotencyKeyReused(let key): "idempotency key \(key) was already used for a different request"
        case .writerOverloaded(let capacity): "the server has \(capacity) writes queued; try again shortly"
        case .writerStopped: "the server is shutting down"
        case .abandoned: "the deadline passed before the write started; nothing was changed"
        case .rejected(_, _, let message): message
        case .databaseTooNew(let version, let supported): "the database is at schema version \(version); this build knows up to \(supported)"
        case .storageFull(let code): "the database's disk is full (SQLite \(code)); nothing was written; retry once space is freed"
        case .storageUnavailable(let code, let message): "the database file could not be read or written (SQLite \(code): \(message)); retry later"
        case .storageCorrupt(let code, let message): "the database file is damaged (SQLite \(code): \(message)); an operator must restore it"
        case .storageLost(let reason): "the database file \(reason); the server acknowledges no more writes and must be restarted by an operator"
        case .database(let code, let message): "database error \(code): \(message)"
        }
    }

    /// SQLite's error by what it means for the caller: full, unavailable, damaged, or other.
    public init(_ error: SQLiteError) {
        switch error.primaryCode {
        case 13: self = .storageFull(code: error.code)  // SQLITE_FULL
        case 10, 14, 5, 6: self = .storageUnavailable(code: error.code, message: error.message)  // IOERR, CANTOPEN, BUSY, LOCKED
        case 11, 26: self = .storageCorrupt(code: error.code, message: error.message)  // CORRUPT, NOTADB
        default: self = .database(code: error.code, message: error.message)
        }
    }

    /// True for errors that say the storage itself is in trouble (full, unreachable, damaged).
    public var isStorageFault: Bool {
        switch self {
        case .storageFull, .storageUnavailable, .storageCorrupt, .storageLost: true
        default: false
        }
    }
}
