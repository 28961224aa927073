import ArgumentParser
import Foundation
import Store

/// `collect-server backup`: a consistent copy of a live book's database, taken while it serves.
/// The master key is never put into the same file: it is copied only to where `--key-to` says,
/// so that the database's backups can be kept apart from the key that unlocks them.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database consistently while the server runs (and, with --key-to, the master key).")

    @Option(help: "Data directory of the book.") var data = "collect-data"
    @Option(help: "File to write the database copy to (must not exist).") var to: String
    @Option(name: .customLong("key-to"), help: "Also copy master.key to this file (mode 0600; must not exist). Keep it apart from the database copy.")
    var keyTo: String?

    func run() throws {
        let directory = DataDirectory(data)
        try directory.requireBook()
        for path in [to] + (keyTo.map { [$0] } ?? []) where FileManager.default.fileExists(atPath: path) {
            throw DataDirectoryError("\(path) exists; a backup never overwrites a file")
        }
        let head = try Backup.copy(databaseAt: directory.databasePath, to: to)
        if let keyTo {
            guard FileManager.default.createFile(atPath: keyTo, contents: Data(try directory.masterKey()),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw DataDirectoryError("cannot write \(keyTo)")
            }
        }
        print("backed up \(directory.databasePath) to \(to): \(head.rows) audit rows"
              + (keyTo.map { "; master key to \($0)" } ?? "; master.key NOT included: back it up separately (--key-to)"))
    }
}

/// `collect-server restore`: a backup into an empty data folder, with its master key, checked
/// before it is accepted: the audit chain must verify under the key, then it is anchored anew.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup and its master key into an empty data folder, verifying the audit chain.")

    @Option(help: "Data directory to restore into (must hold no part of a book).") var data: String
    @Option(help: "The database copy made by backup.") var from: String
    @Option(help: "The master key belonging to that copy.") var key: String

    func run() throws {
        let directory = DataDirectory(data)
        guard directory.bookState == .none else { throw DataDirectoryError("\(data) already holds a book (or part of one); restore never replaces one") }
        guard let keyBytes = FileManager.default.contents(atPath: key), keyBytes.count == 32 else {
            throw DataDirectoryError("\(key) is not a master key (32 bytes)")
        }
        let auditKey = AuditKey(masterKey: Array(keyBytes))
        let check = try StoreWriter.verifyAudit(path: from, key: auditKey)
        let problems = check.problems.filter { !$0.hasPrefix("the anchor file is missing") }
        guard check.firstBrokenSequence == nil, problems.isEmpty else {
            throw DataDirectoryError("\(from) does not verify under \(key): "
                                     + (check.firstBrokenSequence.map { ["row \($0) is broken"] } ?? []).joined() + problems.joined(separator: "; "))
        }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = try directory.lockExclusively()
        defer { withExtendedLifetime(lock) {} }
        try FileManager.default.copyItem(atPath: from, toPath: directory.databasePath)
        guard FileManager.default.createFile(atPath: directory.masterKeyPath, contents: keyBytes, attributes: [.posixPermissions: 0o600]) else {
            throw DataDirectoryError("cannot write \(directory.masterKeyPath)")
        }
        try Backup.anchor(databaseAt: directory.databasePath, key: auditKey)
        print("restored \(from) into \(data): audit chain intact (\(check.rows) rows, \(check.entitiesCompared) entities match their audited state)")
    }
}
