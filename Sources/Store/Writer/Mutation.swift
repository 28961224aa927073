/// An idempotency key as the writer records it: who sent it, for which method, and a hash of the
/// request, so that a retry is recognised and a reuse for another request refused.
public struct IdempotencyToken: Sendable, Hashable {
    /// Who sent the request (the token's name): keys are scoped per caller.
    public var principal: String
    /// The client's key.
    public var key: String
    /// The method's path.
    public var method: String
    /// SHA-256 of the request message.
    public var requestHash: [UInt8]

    /// Creates a token.
    public init(principal: String, key: String, method: String, requestHash: [UInt8]) {
        self.principal = principal
        self.key = key
        self.method = method
        self.requestHash = requestHash
    }
}

/// What a committed mutation gave.
public struct MutationOutcome: Sendable, Equatable {
    /// The encoded response, as first sent.
    public var response: [UInt8]
    /// True when this is the stored answer to an earlier request with the same idempotency key.
    public var replayed: Bool

    /// Creates an outcome.
    public init(response: [UInt8], replayed: Bool) {
        self.response = response
        self.replayed = replayed
    }
}

/// Why a mutation was not acknowledged.
public enum MutationFailure: Error, CustomStringConvertible {
    /// The store refused or failed it (version conflict, overload, storage fault, …); nothing of
    /// it was written.
    case store(StoreError)
    /// Its own `apply` refused it by throwing `error` (a rule, a bad input found in the
    /// transaction); its changes were rolled back. The error is the one thrown, unchanged.
    case refused(any Error)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .refused(let error): "\(error)"
        }
    }
}

/// One write, queued to the writer. `apply` runs on the writer thread inside the batch's
/// transaction (in a savepoint of its own) and returns the encoded response; `completion` is
/// called on the writer thread after the batch is durable, or with the error that stopped it.
public struct Mutation: Sendable {
    /// Who is writing, for the audit log.
    public var actor: String
    /// The idempotency key, if the caller sent one.
    public var idempotency: IdempotencyToken?
    /// False when the caller no longer wants the result (deadline passed, client gone): the
    /// writer then skips it without touching the database.
    public var isWanted: @Sendable () -> Bool
    /// The work.
    public var apply: @Sendable (any WriteTransaction) throws -> [UInt8]
    /// Called once with the outcome.
    public var completion: @Sendable (Result<MutationOutcome, MutationFailure>) -> Void

    /// Creates a mutation.
    public init(actor: String, idempotency: IdempotencyToken?, isWanted: @escaping @Sendable () -> Bool = { true },
                apply: @escaping @Sendable (any WriteTransaction) throws -> [UInt8],
                completion: @escaping @Sendable (Result<MutationOutcome, MutationFailure>) -> Void) {
        self.actor = actor
        self.idempotency = idempotency
        self.isWanted = isWanted
        self.apply = apply
        self.completion = completion
    }
}
