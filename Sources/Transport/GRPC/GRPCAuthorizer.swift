import Protocol

/// What the transport knows of a request once its HEADERS have arrived, before any of its body.
public struct GRPCRequestHead: Sendable {
    /// The `:path`, e.g. `/collect.v1.Cases/GetCase`.
    public let path: String
    /// Request metadata: every header field except pseudo-headers, names lowercase, in order.
    public let metadata: [HeaderField]
    /// The caller.
    public let peer: PeerInfo
    /// The call's id (see ``GRPCRequest/requestID``), for the authoriser's log lines.
    public let requestID: String
}

/// An authoriser's verdict on a request head.
public enum GRPCAuthorization: Sendable {
    /// Read the body and run the handler; `context` reaches it as ``GRPCRequest/context``.
    case allow(context: (any Sendable)?)
    /// Answer at once (trailers-only) with this status and opaque `collect-error-bin` detail;
    /// the body is never buffered and the handler never runs.
    case refuse(GRPCStatusCode, message: String, detail: [UInt8]?)
}

/// Decides on a request from its head alone, on the loop thread, before the transport buffers
/// any of the request's body (so an unauthenticated caller cannot make the server hold memory).
/// It must not block for long: every connection of the loop waits while it runs.
public typealias GRPCAuthorizer = @Sendable (GRPCRequestHead) -> GRPCAuthorization
