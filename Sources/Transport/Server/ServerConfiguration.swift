import Logging
import Metrics

/// How the server's connections are secured.
public enum TransportSecurity: Sendable {
    /// TLS (1.2 minimum, ALPN h2 required).
    case tls(ServerTLSConfiguration)
    /// Plain HTTP/2 with prior knowledge: only for local load tests, never the default.
    case plaintext
}

/// Everything a ``GRPCServer`` needs to listen and serve.
public struct ServerConfiguration: Sendable {
    /// Address to bind (`127.0.0.1`, `0.0.0.0`, `::`, a host name).
    public var host: String
    /// Port to bind; 0 picks a free one (see ``GRPCServer/port``).
    public var port: Int
    /// Loop threads, each with its own epoll set and SO_REUSEPORT listener.
    public var threads: Int
    /// TLS or (explicitly) plaintext.
    public var security: TransportSecurity
    /// SETTINGS announced to clients.
    public var http2: HTTP2Settings = HTTP2Settings()
    /// Connection and call bounds.
    public var limits: TransportLimits = TransportLimits()
    /// Logger for connection-level events (debug) and start/stop (info).
    public var logger: Logger
    /// Encodes the `collect-error-bin` detail of the transport's own refusals (message too
    /// large, request-read timeout, …) from a stable UPPER_SNAKE code and the human message.
    /// The transport knows no detail format; nil: its refusals carry no detail.
    public var refusalDetail: (@Sendable (_ code: String, _ message: String) -> [UInt8])?
    /// Reads the stable detail code back out of a handler's encoded detail, for the request
    /// counts by detail code (failures only); nil: failures are counted by status alone.
    public var detailCode: (@Sendable (_ detail: [UInt8]) -> String?)?
    /// Where the server registers its metrics (calls, latency, connections, streams, buffered
    /// request bytes); nil: none are kept.
    public var metrics: MetricsRegistry?

    /// Creates a configuration.
    public init(host: String, port: Int, threads: Int, security: TransportSecurity,
                logger: Logger = Logger(label: "collect.transport")) {
        self.host = host
        self.port = port
        self.threads = threads
        self.security = security
        self.logger = logger
    }

    /// Throws when something is out of range.
    public func validate() throws(ConfigurationError) {
        guard (0...65_535).contains(port) else { throw ConfigurationError("port", port) }
        guard (1...256).contains(threads) else { throw ConfigurationError("threads", threads) }
        try http2.validate()
        try limits.validate()
    }
}
