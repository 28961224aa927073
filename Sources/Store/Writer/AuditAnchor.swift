import Crypto
import Glibc

/// The audit chain's head kept outside the database: its last row's number and hash, with a MAC
/// under the audit key. Written next to the database after checkpoints and at a clean stop, so
/// rows removed from the end of the table (which leave a chain that verifies on its own) show.
/// It may lag the table by the last second or so of commits (checkpoints run at most once a
/// second), never lead it.
public struct AuditAnchor: Sendable, Equatable {
    public var sequence: Int64
    public var hash: [UInt8]

    /// The anchor file of the database at `databasePath`.
    public static func path(forDatabase databasePath: String) -> String { databasePath + "-audit-anchor" }

    static let magic = "collect-audit-anchor v1"

    /// The file's one line: magic, row number, hash and MAC in hex.
    func line(key: AuditKey) -> String {
        "\(Self.magic) \(sequence) \(Digest.hex(hash)) \(Digest.hex(mac(key: key)))\n"
    }

    func mac(key: AuditKey) -> [UInt8] { key.mac(Array("anchor \(sequence) ".utf8) + hash) }

    /// Reads the anchor at `path`: nil when there is no file; throws when it is unreadable or its
    /// MAC does not match (someone wrote it without the key).
    public static func read(path: String, key: AuditKey) throws -> AuditAnchor? {
        guard let file = fopen(path, "r") else {
            if errno == ENOENT { return nil }
            throw StoreError.storageUnavailable(code: errno, message: "cannot read \(path)")
        }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 512)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { throw AnchorError("\(path) is empty") }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 5, "\(parts[0]) \(parts[1])" == magic, let sequence = Int64(parts[2]),
              let hash = Digest.bytes(hex: String(parts[3])), let mac = Digest.bytes(hex: String(parts[4])) else {
            throw AnchorError("\(path) is not an audit anchor")
        }
        let anchor = AuditAnchor(sequence: sequence, hash: hash)
        guard anchor.mac(key: key) == mac else { throw AnchorError("\(path) was not written with this data folder's key") }
        return anchor
    }

    /// Replaces the anchor at `path` durably: a temporary file, fsync, rename, fsync of the folder.
    func write(path: String, key: AuditKey) throws {
        let temporary = path + ".tmp"
        let bytes = Array(line(key: key).utf8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError.storageUnavailable(code: errno, message: "cannot write \(temporary)") }
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0, rename(temporary, path) == 0 else {
            throw StoreError.storageUnavailable(code: errno, message: "cannot write \(path)")
        }
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}

/// An anchor file that cannot be trusted.
public struct AnchorError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
