import Protocol

/// Handles one call: runs on the loop thread; completes `responder` now or later from any thread.
public typealias GRPCHandler = @Sendable (GRPCRequest, GRPCResponder) -> Void

/// Maps a call's `:path` to its handler. Built before the server starts, read-only afterwards.
public struct GRPCRouter: Sendable {
    private var routes: [String: GRPCHandler] = [:]
    /// Consulted for every routed request when its head has arrived, before its body is read;
    /// nil: every request is allowed. It sees the path, so it can leave some (health) open.
    public var authorizer: GRPCAuthorizer?

    /// An empty router.
    public init() {}

    /// Registers `handler` for `path` (e.g. `/collect.v1.Cases/GetCase`), replacing any other.
    public mutating func register(_ path: String, _ handler: @escaping GRPCHandler) {
        precondition(path.hasPrefix("/") && path.dropFirst().contains("/"), "a gRPC path is /service/method: \(path)")
        routes[path] = handler
    }

    /// Registers `handler` for a method of the Protocol module's table.
    public mutating func register(_ method: MethodInfo, _ handler: @escaping GRPCHandler) {
        register(method.path, handler)
    }

    /// The handler for `path`, if any.
    public func handler(for path: String) -> GRPCHandler? { routes[path] }

    /// Every registered path, sorted.
    public var paths: [String] { routes.keys.sorted() }
}
