import Crypto

/// The key of the audit chain: HMAC-SHA-256 over each row, so that nobody without the data
/// folder's `master.key` can rewrite the chain so that it verifies. Derived from the master key
/// by HMAC with a fixed label, so the sealing key and this one never coincide.
public struct AuditKey: Sendable, Hashable {
    let bytes: [UInt8]?

    /// The key for the chain of a data folder whose master key is `masterKey`.
    public init(masterKey: [UInt8]) {
        precondition(masterKey.count >= 32, "the master key has 32 bytes")
        bytes = Digest.hmacSHA256(key: masterKey, Array("collect audit chain v1".utf8))
    }

    private init(unkeyed: Void) { bytes = nil }

    /// Plain SHA-256, as before keys: for tests and tools that handle no master key. A chain a
    /// keyed writer has written to refuses rows from an unkeyed one (`verify` reports it).
    public static let unkeyed = AuditKey(unkeyed: ())

    /// The scheme number stored with each row: 0 plain SHA-256, 1 HMAC-SHA-256.
    var scheme: Int64 { bytes == nil ? 0 : 1 }

    /// The row hash under this key.
    func mac(_ bytes: [UInt8]) -> [UInt8] {
        guard let key = self.bytes else { return Digest.sha256(bytes) }
        return Digest.hmacSHA256(key: key, bytes)
    }
}
