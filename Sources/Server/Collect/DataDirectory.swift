import Crypto
import Domain
import Foundation
import Glibc
import Seed
import Store

/// The server's data directory: the SQLite database and the master key that seals national ID
/// numbers (created with mode 0600 on first use; losing it loses those numbers).
struct DataDirectory {
    let path: String
    var databasePath: String { path + "/collect.sqlite" }
    var masterKeyPath: String { path + "/master.key" }
    var lockPath: String { path + "/collect.lock" }

    init(_ path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
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

    /// The directory's master key, creating it if there is none.
    func masterKey() throws -> [UInt8] {
        if let data = FileManager.default.contents(atPath: masterKeyPath) {
            guard data.count == 32 else { throw DataDirectoryError("\(masterKeyPath) must hold exactly 32 bytes") }
            return Array(data)
        }
        let key = Digest.randomBytes(32)
        guard FileManager.default.createFile(atPath: masterKeyPath, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw DataDirectoryError("cannot create \(masterKeyPath)")
        }
        return key
    }

    /// The sealer under the directory's master key.
    func sealer() throws -> Sealer { Sealer(masterKey: try masterKey()) }

    /// The key of the directory's audit chain, derived from its master key.
    func auditKey() throws -> AuditKey { AuditKey(masterKey: try masterKey()) }
    /// A writer on the directory's database, migrated with its master key (migration 5 rehashes
    /// national ID look-ups) and keeping its audit chain under the directory's audit key.
    func writer(limits: StoreWriter.Limits = .init(), clockMs: @escaping @Sendable () -> Int64 = StoreWriter.wallClockMs,
                onFault: @escaping @Sendable (StoreError) -> Void = { _ in }) throws -> StoreWriter {
        let today = Day(daysSinceEpoch: Int(clockMs() / 86_400_000))!
        return try StoreWriter(path: databasePath, auditKey: try auditKey(), limits: limits, clockMs: clockMs,
                               nationalIDs: .standard(sealer: try sealer(), today: today), onFault: onFault)
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
