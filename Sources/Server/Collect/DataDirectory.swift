import Crypto
import Foundation
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
}

struct DataDirectoryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
