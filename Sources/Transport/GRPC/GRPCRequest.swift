import Protocol

/// Who is calling: the socket peer and, when the server verifies client certificates, the
/// verified certificate's subject.
public struct PeerInfo: Sendable, Hashable {
    /// `address:port` of the remote end.
    public let address: String
    /// One-line subject (`/CN=...`) of the verified client certificate, if one was presented.
    public let certificateSubject: String?

    /// Creates peer information.
    public init(address: String, certificateSubject: String?) {
        self.address = address
        self.certificateSubject = certificateSubject
    }
}

/// One unary request as a handler sees it. The transport decodes nothing of the message.
public struct GRPCRequest: Sendable {
    /// The `:path`, e.g. `/collect.v1.Cases/GetCase`.
    public let path: String
    /// Request metadata: every header field except pseudo-headers, names lowercase, in order.
    public let metadata: [HeaderField]
    /// The request message bytes (without the 5-byte gRPC prefix).
    public let message: [UInt8]
    /// The absolute deadline from `grpc-timeout`, if the client sent one.
    public let deadline: MonotonicInstant?
    /// The caller.
    public let peer: PeerInfo
    /// What the router's authoriser returned with `.allow` (e.g. the authenticated caller).
    public let context: (any Sendable)?
    /// The call's id, made by the server: returned to the client in the `collect-request-id`
    /// trailer and meant for every log line about the call, so an operator can find them.
    public let requestID: String

    /// Creates a request (the transport does; tests of handlers may too).
    public init(path: String, metadata: [HeaderField], message: [UInt8], deadline: MonotonicInstant?, peer: PeerInfo,
                context: (any Sendable)? = nil, requestID: String = "") {
        self.requestID = requestID
        self.path = path
        self.metadata = metadata
        self.message = message
        self.deadline = deadline
        self.peer = peer
        self.context = context
    }
}

/// How a call ended, as the handler decided.
public enum GRPCCompletion: Sendable, Equatable {
    /// A response message, plus metadata to add to the trailers.
    case success(message: [UInt8], trailers: [HeaderField])
    /// A failure: status, human message, and an opaque encoded error detail for the
    /// `collect-error-bin` trailer.
    case failure(code: GRPCStatusCode, message: String, detail: [UInt8]?)
}
