/// One unary RPC: its HTTP/2 path and its request and response message types.
public struct MethodDescriptor<Request: WireMessage, Response: WireMessage>: Sendable {
    /// Fully qualified service name, e.g. `collect.v1.Cases`.
    public let service: String
    /// Method name, e.g. `GetCase`.
    public let method: String
    /// True when the method changes state (it then takes an idempotency key).
    public let isMutation: Bool

    /// Creates a descriptor.
    public init(service: String, method: String, isMutation: Bool) {
        self.service = service
        self.method = method
        self.isMutation = isMutation
    }

    /// The `:path` of the call, `/<service>/<method>`.
    public var path: String { "/\(service)/\(method)" }

    /// The type-erased description of this method.
    public var info: MethodInfo {
        MethodInfo(service: service, method: method, requestType: Request.schemaName,
                   responseType: Response.schemaName, isMutation: isMutation)
    }
}

/// A method's description without its Swift types, for tables and routing.
public struct MethodInfo: Sendable, Hashable {
    /// Fully qualified service name.
    public let service: String
    /// Method name.
    public let method: String
    /// Schema name of the request message.
    public let requestType: String
    /// Schema name of the response message.
    public let responseType: String
    /// True when the method changes state.
    public let isMutation: Bool

    /// The `:path` of the call.
    public var path: String { "/\(service)/\(method)" }
}
