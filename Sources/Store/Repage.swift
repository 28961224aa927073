import Glibc
import SQLiteDriver

/// Rewrites a book's database with another page size. A database keeps the page size it was made
/// with (new ones get `Connection.newDatabasePageSize`); changing it means copying every row into
/// a new file (`VACUUM INTO`), checking the copy, and putting it in the old one's place.
///
/// The caller must hold the data folder's exclusive lock: no server or seed may have the file
/// open, since the file is replaced under its name. Needs free space for a second copy of the
/// database. Interrupted at any point, the old file is left whole in its place (the copy is
/// written beside it and renamed over it only once checked; a copy left by an interrupted run is
/// removed by the next one).
public enum Repage {
    /// What was done: the page size and file size before and after (equal when nothing had to be
    /// done).
    public struct Outcome: Equatable, Sendable {
        public let pageSizeBefore: Int
        public let pageSizeAfter: Int
        public let bytesBefore: Int64
        public let bytesAfter: Int64
    }

    /// Page sizes SQLite supports.
    public static let pageSizes = [512, 1_024, 2_048, 4_096, 8_192, 16_384, 32_768, 65_536]

    /// The copy's name while it is written and checked.
    public static func temporaryPath(forDatabase path: String) -> String { path + ".repage" }

    /// Rewrites the database at `path` with pages of `pageSize` bytes, keeping every row, the
    /// schema version and the audit chain (the audit anchor beside it stays valid: the chain's
    /// head is the same). Refuses a page size SQLite does not support (`PAGE_SIZE_INVALID`)
    /// before touching anything.
    public static func convert(databaseAt path: String, pageSize: Int = Connection.newDatabasePageSize) throws -> Outcome {
        guard pageSizes.contains(pageSize) else {
            throw StoreError.rejected(code: "PAGE_SIZE_INVALID", fieldPath: "page_size",
                                      message: "page size must be one of \(pageSizes.map(String.init).joined(separator: ", ")) bytes, not \(pageSize)")
        }
        let before = try settle(path)
        let bytesBefore = fileSize(path)
        guard before.pageSize != pageSize else {
            return Outcome(pageSizeBefore: before.pageSize, pageSizeAfter: before.pageSize, bytesBefore: bytesBefore, bytesAfter: bytesBefore)
        }
        let copy = temporaryPath(forDatabase: path)
        removeCopy(copy)
        do {
            let source = try Connection(path: path, readOnly: true)
            try source.execute("PRAGMA page_size=\(pageSize)")  // VACUUM INTO's copy takes it
            try source.statement("VACUUM INTO ?").run([.text(copy)])
        }
        let after = try settle(copy)  // the copy in WAL mode, as the server keeps a book
        guard after.pageSize == pageSize, after.userVersion == before.userVersion, after.auditHead == before.auditHead else {
            removeCopy(copy)
            throw StoreError.database(code: 1, message: "the copy of \(path) does not match it (page size \(after.pageSize), "
                                      + "schema \(after.userVersion) against \(before.userVersion), audit rows \(after.auditHead.sequence) "
                                      + "against \(before.auditHead.sequence)); the database was left as it was")
        }
        let problems = try IntegrityCheck.run(databaseAt: copy)
        guard problems.isEmpty else {
            removeCopy(copy)
            throw StoreError.storageCorrupt(code: 11, message: "the copy of \(path) failed its integrity check (\(problems[0])); the database was left as it was")
        }
        try durable(copy)
        guard rename(copy, path) == 0 else {
            let reason = String(cString: strerror(errno))
            removeCopy(copy)
            throw StoreError.storageUnavailable(code: 10, message: "cannot put the copy in place of \(path): \(reason); the database was left as it was")
        }
        try durable(directory(of: path))
        return Outcome(pageSizeBefore: before.pageSize, pageSizeAfter: pageSize, bytesBefore: bytesBefore, bytesAfter: fileSize(path))
    }

    private struct State: Equatable {
        let pageSize: Int
        let userVersion: Int64
        let auditHead: AuditAnchor
    }

    /// Opens the database for writing (which puts it in WAL mode), moves the whole WAL into the
    /// file and closes it, so that no WAL is left beside it: a WAL left next to a file that is
    /// then replaced would be read as the new file's. Returns what identifies its contents.
    private static func settle(_ path: String) throws -> State {
        let state: State
        do {
            let connection = try Connection(path: path, readOnly: false)
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            state = State(pageSize: Int(try connection.scalarInt("PRAGMA page_size") ?? 0),
                          userVersion: try connection.scalarInt("PRAGMA user_version") ?? 0,
                          auditHead: try AuditChain.head(connection: connection))
        }
        if fileSize(path + "-wal") > 0 {
            throw StoreError.storageUnavailable(code: 5, message: "\(path)-wal is still there after a full checkpoint: is a server using the database?")
        }
        return state
    }

    private static func removeCopy(_ copy: String) {
        for file in [copy, copy + "-wal", copy + "-shm", copy + "-journal"] { unlink(file) }
    }

    private static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// fsyncs a file or directory, so that a rename is not undone by a crash right after it.
    private static func durable(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.storageUnavailable(code: 10, message: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.storageUnavailable(code: 10, message: "cannot fsync \(path): \(String(cString: strerror(errno)))") }
    }
}
