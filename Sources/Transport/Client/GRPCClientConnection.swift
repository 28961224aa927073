import Protocol

/// One HTTP/2 connection to a gRPC server carrying many concurrent unary calls.
///
/// It connects at once on its ``EventLoop``; calls made before the connection is ready wait for
/// it, and fail with UNAVAILABLE if it cannot be made. Completions run on the loop thread, so a
/// load tool can drive many connections from a few loops; ``call(_:message:metadata:timeout:)``
/// is the async/await convenience for one-shot commands.
public final class GRPCClientConnection: Sendable {
    private let core: ClientConnectionCore
    /// The loop this connection runs on.
    public let loop: EventLoop

    /// Starts connecting to `configuration.host:port` on `loop`.
    public init(configuration: ClientConfiguration, loop: EventLoop) throws {
        let tls: TLSContext?
        switch configuration.security {
        case .tls(let settings): tls = try TLSContext(client: settings)
        case .plaintext: tls = nil
        }
        let serverName: String?
        if case .tls(let settings) = configuration.security { serverName = settings.serverName ?? configuration.host } else { serverName = nil }
        self.loop = loop
        core = ClientConnectionCore(configuration: configuration, loop: loop, tls: tls, serverName: serverName)
        let core = self.core
        loop.execute { core.start() }
    }

    /// Starts a call; `completion` runs once on the connection's loop thread.
    ///
    /// - Parameters:
    ///   - path: `/service/method`.
    ///   - message: the encoded request message (framed by the transport).
    ///   - metadata: extra request header fields (lowercase names).
    ///   - timeout: sent as `grpc-timeout` and enforced locally (DEADLINE_EXCEEDED).
    public func call(_ path: String, message: [UInt8], metadata: [HeaderField] = [], timeout: Duration? = nil,
                     completion: @escaping @Sendable (GRPCCallResult) -> Void) {
        let core = self.core
        loop.execute {
            core.start(ClientStream(path: path, message: message, metadata: metadata, timeout: timeout,
                                    maxResponseBytes: core.configuration.maxResponseMessageBytes, completion: completion))
        }
    }

    /// Makes a call and waits for its result.
    public func call(_ path: String, message: [UInt8], metadata: [HeaderField] = [], timeout: Duration? = nil) async -> GRPCCallResult {
        await withCheckedContinuation { continuation in
            call(path, message: message, metadata: metadata, timeout: timeout) { continuation.resume(returning: $0) }
        }
    }

    /// Sends GOAWAY and closes once in-flight calls are done; calls made afterwards fail.
    public func close() {
        let core = self.core
        loop.execute { core.closeGracefully() }
    }
}
