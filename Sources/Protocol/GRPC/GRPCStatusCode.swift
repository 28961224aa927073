/// A gRPC status code, as carried in the `grpc-status` trailer.
///
/// The numbers are gRPC's and never change; an unrecognised number from a peer is kept as
/// ``unknownCode(_:)`` so that nothing is lost on the way to a script.
public enum GRPCStatusCode: Sendable, Hashable, CustomStringConvertible {
    case ok
    case cancelled
    case unknown
    case invalidArgument
    case deadlineExceeded
    case notFound
    case alreadyExists
    case permissionDenied
    case resourceExhausted
    case failedPrecondition
    case aborted
    case outOfRange
    case unimplemented
    case `internal`
    case unavailable
    case dataLoss
    case unauthenticated
    /// A number outside 0...16 received from a peer.
    case unknownCode(Int)

    /// Creates a code from its wire number.
    public init(rawValue: Int) {
        switch rawValue {
        case 0: self = .ok
        case 1: self = .cancelled
        case 2: self = .unknown
        case 3: self = .invalidArgument
        case 4: self = .deadlineExceeded
        case 5: self = .notFound
        case 6: self = .alreadyExists
        case 7: self = .permissionDenied
        case 8: self = .resourceExhausted
        case 9: self = .failedPrecondition
        case 10: self = .aborted
        case 11: self = .outOfRange
        case 12: self = .unimplemented
        case 13: self = .internal
        case 14: self = .unavailable
        case 15: self = .dataLoss
        case 16: self = .unauthenticated
        default: self = .unknownCode(rawValue)
        }
    }

    /// The wire number.
    public var rawValue: Int {
        switch self {
        case .ok: 0
        case .cancelled: 1
        case .unknown: 2
        case .invalidArgument: 3
        case .deadlineExceeded: 4
        case .notFound: 5
        case .alreadyExists: 6
        case .permissionDenied: 7
        case .resourceExhausted: 8
        case .failedPrecondition: 9
        case .aborted: 10
        case .outOfRange: 11
        case .unimplemented: 12
        case .internal: 13
        case .unavailable: 14
        case .dataLoss: 15
        case .unauthenticated: 16
        case .unknownCode(let value): value
        }
    }

    /// gRPC's canonical name, e.g. `NOT_FOUND`.
    public var name: String {
        switch self {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        case .unknownCode(let value): "CODE_\(value)"
        }
    }

    public var description: String { name }

    /// The status gRPC prescribes when a response ends without `grpc-status`, from its HTTP status
    /// (gRPC's "HTTP to gRPC status code mapping").
    public init(httpStatus: Int) {
        switch httpStatus {
        case 400: self = .internal
        case 401: self = .unauthenticated
        case 403: self = .permissionDenied
        case 404: self = .unimplemented
        case 429, 502, 503, 504: self = .unavailable
        default: self = .unknown
        }
    }

    /// The status gRPC prescribes for a stream reset by the peer with an HTTP/2 error code.
    public init(http2ErrorCode: UInt32) {
        switch http2ErrorCode {
        case 0x0, 0x1, 0x2, 0x3, 0x4, 0x6, 0x9, 0xC, 0xD: self = .internal  // NO_ERROR … HTTP_1_1_REQUIRED
        case 0x7: self = .unavailable  // REFUSED_STREAM
        case 0x8: self = .cancelled  // CANCEL
        case 0xB: self = .resourceExhausted  // ENHANCE_YOUR_CALM
        default: self = .internal
        }
    }
}
