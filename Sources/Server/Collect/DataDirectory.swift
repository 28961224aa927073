import Crypto
import Domain
import Foundation
import Seed
import Store

/// The server's data directory: the SQLite database and the master key that seals national ID
/// numbers (created with mode 0600 on first use; losing it loses those numbers).
struct DataDirectory {
    let path: String
    var databasePath: String { path + "/collect.sqlite" }
    var masterKeyPath: String { path + "/master.key" }

    init(_ path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
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

struct DataDirectoryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
