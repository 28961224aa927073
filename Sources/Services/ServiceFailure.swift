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

    /// The failure for a domain refusal, with the status `ErrorCatalogue` lists for its code
    /// (FAILED_PRECONDITION for a code it lacks, which the catalogue's tests do not let ship).
    init(_ error: DomainError) {
        self.init(ErrorCatalogue.status(of: error.code) ?? .failedPrecondition, error.code, error.message, field: error.fieldPath)
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
        case .rejected(let code, let field, let message):
            self.init(ErrorCatalogue.status(of: code) ?? .failedPrecondition, code, message, field: field)
        case .storageFull: self.init(.resourceExhausted, error.code, error.description)
        case .storageUnavailable, .storageLost: self.init(.unavailable, error.code, error.description)
        case .storageCorrupt: self.init(.dataLoss, error.code, error.description)
        case .databaseTooNew, .database: self.init(.internal, error.code, "the database failed (\(error.description))")
        }
    }

    /// The failure for a request that did not decode: the byte offset (and the field, when one was
    /// being read) as facts, so that a caller need not parse the message.
    init(_ error: WireError) {
        var facts = [ErrorFact(key: "offset", value: String(error.offset))]
        if error.fieldNumber != 0 { facts.append(ErrorFact(key: "field_number", value: String(error.fieldNumber))) }
        self.init(ErrorCatalogue.status(of: error.code) ?? .invalidArgument, error.code, "the request message is malformed: \(error)", facts: facts)
    }
}
