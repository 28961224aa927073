/// A batch of the card ledger's account states that was applied (docs/INTAKE.md).
public struct IntakeBatchRecord: Sendable, Hashable {
    /// The sender's id for the batch.
    public var batchID: String
    /// SHA-256 of the request, to tell a batch sent again from another one under the same id.
    public var digest: [UInt8]
    public var states: Int64
    /// The encoded answer the batch got, answered again to a repeat.
    public var response: [UInt8]
    public var receivedAtMs: Int64
    public var receivedBy: String

    public init(batchID: String, digest: [UInt8], states: Int64, response: [UInt8], receivedAtMs: Int64, receivedBy: String) {
        self.batchID = batchID
        self.digest = digest
        self.states = states
        self.response = response
        self.receivedAtMs = receivedAtMs
        self.receivedBy = receivedBy
    }
}
