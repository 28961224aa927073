import Domain
import Protocol
import Store

/// A refused or failed call: the gRPC status and the detail scripts branch on.
public struct ServiceFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: GRPCStatusCode
    public var detail: ErrorDetail

    public init(_ status: GRPCStatusCode, _ code: String, _ message: String, field: String = "", facts: [ErrorFact] = []) {
        self.status = status
        detail = ErrorDetail(code: code, fieldPath: field, message: message, facts: facts)
    }

    public var description: String { "\(status.name) \(detail.code): \(detail.message)" }

    static func invalid(_ code: String, _ message: String, field: String) -> ServiceFailure {
        ServiceFailure(.invalidArgument, code, message, field: field)
    }

    static func notFound(_ code: String, _ message: String, field: String = "") -> ServiceFailure {
        ServiceFailure(.notFound, code, message, field: field)
    }

    static func denied(_ message: String) -> ServiceFailure {
        ServiceFailure(.permissionDenied, "PERMISSION_DENIED", message)
    }

    /// The failure for a domain refusal.
    init(_ error: DomainError) {
        self.init(.failedPrecondition, error.code, error.message, field: error.fieldPath)
        if error.code.hasPrefix("AMOUNT_") || error.code.hasPrefix("MONEY_") || error.code.hasPrefix("DATE_") { status = .invalidArgument }
        if error.code.hasPrefix("PLAN_") && !error.code.hasPrefix("PLAN_NOT_") { status = .invalidArgument }
    }

    /// The failure for a store error.
    init(_ error: StoreError) {
        switch error {
        case .versionConflict(_, _, let expected, let current):
            self.init(.aborted, error.code, error.description, field: "expected_version",
                      facts: [ErrorFact(key: "expected_version", value: String(expected)),
                              ErrorFact(key: "current_version", value: String(current))])
        case .notFound: self.init(.notFound, error.code, error.description)
        case .idempotencyKeyReused: self.init(.failedPrecondition, error.code, error.description, field: "idempotency-key")
        case .writerOverloaded: self.init(.resourceExhausted, error.code, error.description)
        case .writerStopped: self.init(.unavailable, error.code, error.description)
        case .abandoned: self.init(.deadlineExceeded, error.code, error.description)
        case .rejected(let code, let field, let message): self.init(.failedPrecondition, code, message, field: field)
        case .storageFull: self.init(.resourceExhausted, error.code, error.description)
        case .storageUnavailable, .storageLost: self.init(.unavailable, error.code, error.description)
        case .storageCorrupt: self.init(.dataLoss, error.code, error.description)
        case .databaseTooNew, .database: self.init(.internal, error.code, "the database failed (\(error.description))")
        }
    }

    /// The failure for a request that did not decode.
    init(_ error: WireError) {
        self.init(.invalidArgument, error.code, "the request message is malformed: \(error)")
        if error.kind == .messageTooLarge { status = .resourceExhausted }
    }
}
