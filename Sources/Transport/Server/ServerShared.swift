import Logging
import Synchronization

/// What all loops of one server share: configuration, routes, TLS context and the connection
/// count. Immutable apart from the atomic counter.
final class ServerShared: Sendable {
    let configuration: ServerConfiguration
    let router: GRPCRouter
    let tls: TLSContext?
    let openConnections = Atomic<Int>(0)
    /// Highest output buffered by any one connection so far (observability and tests).
    let peakOutputBufferBytes = Atomic<Int>(0)
    /// Request bytes received and not yet released, all connections together.
    let bufferedRequestBytes = Atomic<Int>(0)
    /// The most `bufferedRequestBytes` has been.
    let peakBufferedRequestBytes = Atomic<Int>(0)
    let logger: Logger
    /// Series of the server's metrics, when it keeps them.
    let metrics: TransportMetrics?

    init(configuration: ServerConfiguration, router: GRPCRouter, tls: TLSContext?) {
        self.configuration = configuration
        self.router = router
        self.tls = tls
        self.logger = configuration.logger
        metrics = configuration.metrics.map { TransportMetrics(registry: $0, paths: router.paths) }
    }

    /// Registers the values the server reads when rendered: open connections, buffered request bytes.
    func registerComputedMetrics() {
        guard let registry = configuration.metrics else { return }
        registry.computed("collect_connections_open", help: "Client connections open.", type: "gauge") { [self] in
            Int64(openConnections.load(ordering: .relaxed))
        }
        registry.computed("collect_request_buffered_bytes", help: "Request bytes received and not yet handed to a handler.",
                          type: "gauge") { [self] in
            Int64(bufferedRequestBytes.load(ordering: .relaxed))
        }
    }

    /// Takes a connection slot; false when the server is at ``TransportLimits/maxConnections``.
    func reserveConnection() -> Bool {
        let limit = configuration.limits.maxConnections
        var current = openConnections.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = openConnections.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func notePeakOutput(_ bytes: Int) {
        if bytes > peakOutputBufferBytes.load(ordering: .relaxed) {
            _ = peakOutputBufferBytes.max(bytes, ordering: .relaxed)
        }
    }

    /// Counts `count` more buffered request bytes; false (nothing counted) when that would go
    /// over ``TransportLimits/maxBufferedRequestBytesPerServer``.
    func holdRequestBytes(_ count: Int) -> Bool {
        let total = bufferedRequestBytes.add(count, ordering: .relaxed).newValue
        if total > configuration.limits.maxBufferedRequestBytesPerServer {
            bufferedRequestBytes.subtract(count, ordering: .relaxed)
            return false
        }
        if total > peakBufferedRequestBytes.load(ordering: .relaxed) {
            _ = peakBufferedRequestBytes.max(total, ordering: .relaxed)
        }
        return true
    }

    /// Buffered request bytes were handed on or dropped.
    func releaseRequestBytes(_ count: Int) {
        bufferedRequestBytes.subtract(count, ordering: .relaxed)
    }

    /// The detail bytes of a transport refusal, when the server installed an encoder.
    func refusalDetail(_ code: String, _ message: String) -> [UInt8]? {
        configuration.refusalDetail?(code, message)
    }

    func releaseConnection() {
        let previous = openConnections.subtract(1, ordering: .acquiringAndReleasing).oldValue
        precondition(previous > 0, "connection count went below zero")
    }
}
