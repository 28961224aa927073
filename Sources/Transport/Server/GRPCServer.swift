import Glibc
import Logging
import Synchronization

/// A TLS HTTP/2 server carrying unary gRPC calls to the handlers of a ``GRPCRouter``.
///
/// One loop thread per configured thread, each with its own SO_REUSEPORT listener, epoll set
/// and connections. The health service is always registered at ``HealthService/checkPath``.
public final class GRPCServer: Sendable {
    /// The configuration the server was started with.
    public let configuration: ServerConfiguration
    /// The built-in health service; mark it NOT_SERVING to drain traffic.
    public let health: HealthService
    /// The bound port (useful when the configuration asked for port 0).
    public let port: Int
    private let loops: [ServerLoop]
    private let remaining = Mutex<(loops: Int, shutdownStarted: Bool)>((0, false))
    private let stopped = Mutex<Bool>(false)

    /// Binds, starts the loops and begins accepting.
    public init(configuration: ServerConfiguration, router: GRPCRouter, health: HealthService = HealthService()) throws {
        try configuration.validate()
        var router = router
        router.register(HealthService.checkPath, health.handler)
        let tls: TLSContext?
        switch configuration.security {
        case .tls(let settings): tls = try TLSContext(server: settings)
        case .plaintext: tls = nil
        }
        let shared = ServerShared(configuration: configuration, router: router, tls: tls)
        shared.registerComputedMetrics()
        if configuration.port != 0 { try Self.checkPortIsFree(host: configuration.host, port: configuration.port) }
        var fds: [Int32] = []
        var port = configuration.port
        do {
            for _ in 0..<configuration.threads {
                let fd = try Socket.listen(host: configuration.host, port: port, reusePort: true, backlog: 1024)
                fds.append(fd)
                if port == 0 { port = try Socket.localPort(fd) }
            }
        } catch {
            for fd in fds { Glibc.close(fd) }
            throw error
        }
        var loops: [ServerLoop] = []
        for index in 0..<configuration.threads {
            let loop = try EventLoop(name: "collect-io-\(index)")
            loops.append(ServerLoop(loop: loop, shared: shared))
        }
        self.configuration = configuration
        self.health = health
        self.port = port
        self.loops = loops
        remaining.withLock { $0.loops = loops.count }
        for (serverLoop, fd) in zip(loops, fds) {
            let logger = shared.logger
            serverLoop.loop.execute {
                do {
                    try serverLoop.startListening(fd: fd)
                } catch {
                    logger.error("listener registration failed", metadata: ["error": "\(error)"])
                }
            }
        }
        shared.logger.info("listening", metadata: [
            "host": "\(configuration.host)", "port": "\(port)", "threads": "\(configuration.threads)",
            "tls": "\(tls != nil)",
        ])
    }

    /// Throws ``AddressInUseError`` when anything listens on `host:port`. The loops' listeners
    /// share the port through SO_REUSEPORT, which would also let a second server of the same
    /// user join them and silently take a share of the connections; a bind without
    /// SO_REUSEPORT fails while any socket listens there, so it is tried first. (Two servers
    /// started in the same instant can still both pass; the data folder's lock stops one.)
    static func checkPortIsFree(host: String, port: Int) throws {
        do {
            let probe = try Socket.listen(host: host, port: port, reusePort: false, backlog: 1)
            Glibc.close(probe)
        } catch where error.errno == EADDRINUSE {
            throw AddressInUseError(host: host, port: port)
        }
    }

    /// Open connections across all loops.
    public var connectionCount: Int { loops.first?.shared.openConnections.load(ordering: .relaxed) ?? 0 }

    /// The most output bytes any one connection has had buffered at once.
    public var peakOutputBufferBytes: Int { loops.first?.shared.peakOutputBufferBytes.load(ordering: .relaxed) ?? 0 }

    /// Request bytes received and not yet handed to a handler, all connections together.
    public var bufferedRequestBytes: Int { loops.first?.shared.bufferedRequestBytes.load(ordering: .relaxed) ?? 0 }

    /// The most request bytes that have been buffered at once.
    public var peakBufferedRequestBytes: Int { loops.first?.shared.peakBufferedRequestBytes.load(ordering: .relaxed) ?? 0 }

    /// Starts a graceful shutdown: health reports NOT_SERVING, listeners close, every connection
    /// gets GOAWAY, in-flight calls may finish within the grace period, then everything closes.
    /// Safe from any thread; later calls do nothing.
    public func initiateShutdown() {
        let first = remaining.withLock { state -> Bool in
            defer { state.shutdownStarted = true }
            return !state.shutdownStarted
        }
        guard first else { return }
        health.markNotServing()
        let deadline = MonotonicInstant.now().advanced(by: configuration.limits.shutdownGracePeriod)
        for serverLoop in loops {
            serverLoop.loop.execute { [self] in
                serverLoop.beginShutdown(deadline: deadline) { [self] in loopFinished(serverLoop) }
            }
        }
    }

    private func loopFinished(_ serverLoop: ServerLoop) {
        serverLoop.loop.stop()
        let last = remaining.withLock { state -> Bool in
            state.loops -= 1
            return state.loops == 0
        }
        if last { configuration.logger.info("stopped") }
    }

    /// Blocks until every loop has exited (after ``initiateShutdown()``).
    public func wait() {
        for serverLoop in loops { serverLoop.loop.join() }
    }

    /// Shuts down and waits: the one-call stop used by tests and the executable.
    public func shutdown() {
        initiateShutdown()
        wait()
    }
}
