import Protocol

/// A validated gRPC request head: what the handler needs from the HEADERS frame.
struct CallHead: Sendable, Equatable {
    /// The `:path`, e.g. `/collect.v1.Cases/GetCase`.
    var path: String
    /// Request content-type, echoed in the response (`application/grpc` or a `+subtype`).
    var contentType: String
    /// Non-pseudo header fields, in arrival order, names lowercase.
    var metadata: [HeaderField]
    /// When the call must be answered by, from `grpc-timeout`.
    var deadline: MonotonicInstant?
}

/// An answer given before any handler runs.
enum EarlyResponse: Error, Sendable, Equatable {
    /// A plain HTTP status without gRPC semantics (the request is not gRPC).
    case http(status: Int)
    /// A trailers-only gRPC response: status, message and a stable detail code.
    case grpc(GRPCStatusCode, String, detailCode: String)
}
