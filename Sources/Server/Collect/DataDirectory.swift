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

    /// The sealer under the directory's master key, creating the key if there is none.
    func sealer() throws -> Sealer {
        if let data = FileManager.default.contents(atPath: masterKeyPath) {
            guard data.count == 32 else { throw DataDirectoryError("\(masterKeyPath) must hold exactly 32 bytes") }
            return Sealer(masterKey: Array(data))
        }
        let key = Digest.randomBytes(32)
        guard FileManager.default.createFile(atPath: masterKeyPath, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw DataDirectoryError("cannot create \(masterKeyPath)")
        }
        return Sealer(masterKey: key)
    }

    /// A writer on the directory's database, migrated with its master key (migration 5 rehashes
    /// national ID look-ups).
    func writer(limits: StoreWriter.Limits = .init()) throws -> StoreWriter {
        let today = Day(daysSinceEpoch: Int(StoreWriter.wallClockMs() / 86_400_000))!
        return try StoreWriter(path: databasePath, limits: limits, nationalIDs: .standard(sealer: try sealer(), today: today))
    }
}

struct DataDirectoryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
