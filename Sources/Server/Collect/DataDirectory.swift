import Crypto
import Domain
import Foundation
import Glibc
import Seed
import Store

/// The server's data directory: the SQLite database (the book) and the master key that seals
/// national ID numbers and keys the audit chain. The two belong together: a folder with one and
/// not the other is refused, never completed with a new empty database or a new key (which would
/// silently lose the book or make every sealed number unreadable). A new book is made only on
/// purpose (`init`, `seed`, `demo`), in a folder that holds no part of one.
struct DataDirectory {
    let path: String
    var databasePath: String { path + "/collect.sqlite" }
    var masterKeyPath: String { path + "/master.key" }
    var lockPath: String { path + "/collect.lock" }

    /// The files that make up a book, besides the database and the key: SQLite's log and index,
    /// and the audit anchor.
    var companionPaths: [String] {
        [databasePath + "-wal", databasePath + "-shm", AuditAnchor.path(forDatabase: databasePath)]
    }

    /// The directory at `path`, as it is (nothing created); see `requireBook` and `prepareBook`.
    init(_ path: String) {
        self.path = path
    }

    /// What the folder holds.
    enum BookState: Equatable {
        /// No part of a book (the folder may not exist).
        case none
        /// Database and key.
        case complete
        /// The key or SQLite's files without the database.
        case databaseMissing(found: [String])
        /// The database without the key.
        case keyMissing
    }

    var bookState: BookState {
        let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
        switch (exists(databasePath), exists(masterKeyPath)) {
        case (true, true): return .complete
        case (true, false): return .keyMissing
        case (false, _):
            let found = ([masterKeyPath] + companionPaths).filter(exists).map { String($0.split(separator: "/").last ?? "") }
            return found.isEmpty ? .none : .databaseMissing(found: found)
        }
    }

    /// Refuses unless the folder holds a whole book: `serve`, `token` and `audit` work on one.
    func requireBook() throws {
        switch bookState {
        case .complete: return
        case .none:
            throw DataDirectoryError("there is no book in \(path): make one with `collect-server init --data \(path)` "
                                     + "(or `collect-server seed` for demo data), or give the folder that holds it")
        case .databaseMissing(let found):
            throw DataDirectoryError(Self.databaseMissingMessage(path, found))
        case .keyMissing:
            throw DataDirectoryError(Self.keyMissingMessage(databasePath, masterKeyPath))
        }
    }

    /// Makes the folder ready for a new book, or accepts a whole one (`seed` adds to it): creates
    /// the folder and a new master key only when no part of a book is there.
    func prepareBook() throws {
        switch bookState {
        case .complete: return
        case .databaseMissing(let found): throw DataDirectoryError(Self.databaseMissingMessage(path, found))
        case .keyMissing: throw DataDirectoryError(Self.keyMissingMessage(databasePath, masterKeyPath))
        case .none:
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let key = Digest.randomBytes(32)
            guard FileManager.default.createFile(atPath: masterKeyPath, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
                throw DataDirectoryError("cannot create \(masterKeyPath)")
            }
        }
    }

    static func databaseMissingMessage(_ path: String, _ found: [String]) -> String {
        "\(path) holds \(found.joined(separator: ", ")) but no collect.sqlite: the book is missing. Restore collect.sqlite "
            + "(with master.key) from a backup; a new book is made only in a folder with no part of one"
    }

    static func keyMissingMessage(_ databasePath: String, _ keyPath: String) -> String {
        "\(databasePath) exists but \(keyPath) is missing: without it no sealed national ID can be read and the audit "
            + "chain cannot be checked. Restore master.key from its backup; a new key is never made beside an existing book"
    }

    /// Takes the directory for this process: an exclusive `flock` on `collect.lock`, which then
    /// holds this process's id. The lock lasts while the returned value lives (the process's
    /// life for `serve`), and the kernel drops it when the process dies, however it dies.
    /// A second server or seed on the same directory is refused, naming the holder.
    func lockExclusively() throws -> DataDirectoryLock {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DataDirectoryError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            var bytes = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &bytes, bytes.count, 0)
            close(fd)
            guard code == EWOULDBLOCK else { throw DataDirectoryError("cannot lock \(lockPath): \(String(cString: strerror(code)))") }
            let holder = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DataDirectoryError("the data folder \(path) is in use by process \(holder.isEmpty ? "?" : holder) "
                                     + "(another collect-server or seed); stop it first")
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
        return DataDirectoryLock(fd: fd)
    }

    /// The directory's master key (made only by `prepareBook`).
    func masterKey() throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: masterKeyPath) else {
            throw DataDirectoryError("cannot read \(masterKeyPath)")
        }
        guard data.count == 32 else { throw DataDirectoryError("\(masterKeyPath) must hold exactly 32 bytes") }
        return Array(data)
    }

    /// The sealer under the directory's master key.
    func sealer() throws -> Sealer { Sealer(masterKey: try masterKey()) }

    /// The key of the directory's audit chain, derived from its master key.
    func auditKey() throws -> AuditKey { AuditKey(masterKey: try masterKey()) }

    /// A writer on the directory's database, migrated with its master key (migration 5 rehashes
    /// national ID look-ups) and keeping its audit chain under the directory's audit key.
    func writer(limits: StoreWriter.Limits = .init(), clockMs: @escaping @Sendable () -> Int64 = StoreWriter.wallClockMs,
                startupCheckBudgetMs: Int64 = StoreWriter.startupCheckBudgetMs,
                onFault: @escaping @Sendable (StoreError) -> Void = { _ in }) throws -> StoreWriter {
        let today = Day(daysSinceEpoch: Int(clockMs() / 86_400_000))!
        return try StoreWriter(path: databasePath, auditKey: try auditKey(), limits: limits, clockMs: clockMs,
                               nationalIDs: .standard(sealer: try sealer(), today: today), startupCheckBudgetMs: startupCheckBudgetMs,
                               onFault: onFault)
    }
}

/// An exclusive lock on a data directory, released when this is released (or the process ends).
final class DataDirectoryLock {
    private let fd: Int32
    init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }
}

struct DataDirectoryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
