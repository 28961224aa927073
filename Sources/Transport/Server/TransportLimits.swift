/// Every bound the server enforces on a connection. Each is checked at start-up and tested at
/// its edge (see docs/TRANSPORT.md, "Defences").
public struct TransportLimits: Sendable, Equatable {
    /// Time from accept to a finished TLS handshake (and ALPN h2).
    public var tlsHandshakeTimeout: Duration = .seconds(10)
    /// Time for the client to acknowledge the server's SETTINGS.
    public var settingsAckTimeout: Duration = .seconds(10)
    /// Time a connection may stay open without any stream before it is closed.
    public var idleTimeout: Duration = .seconds(300)
    /// Open connections across all loops; one more is closed at once.
    public var maxConnections: Int = 10_000
    /// Bytes of output buffered per connection; at this level the server stops reading from
    /// (and producing for) the connection until the client reads.
    public var maxOutputBufferBytes: Int = 1 << 20
    /// Largest request message accepted (RESOURCE_EXHAUSTED above).
    public var maxRequestMessageBytes: Int = 4 << 20
    /// Request bytes one connection may have received and not yet handed to a handler. This is
    /// the connection's HTTP/2 flow-control window: it is granted again only as the buffered
    /// bytes are released, so a client that stops mid-message stalls instead of growing memory.
    /// At least ``maxRequestMessageBytes`` + 5, so that one largest message always fits. Below
    /// 65 535 bytes (HTTP/2's initial window, which can only grow) the server withholds
    /// WINDOW_UPDATE until the difference is consumed, so the first requests may go past it.
    public var maxBufferedRequestBytesPerConnection: Int = 16 << 20
    /// Request bytes all connections together may have buffered; a DATA frame that would go
    /// over it ends its call with RESOURCE_EXHAUSTED (`REQUEST_BUFFERS_FULL`).
    public var maxBufferedRequestBytesPerServer: Int = 128 << 20
    /// Time from a stream's first HEADERS frame to the end of its request (END_STREAM), and the
    /// longest a connection may sit in the middle of a frame, whatever the client sends or its
    /// `grpc-timeout` says. Over it: DEADLINE_EXCEEDED (`REQUEST_READ_TIMEOUT`), or GOAWAY and
    /// close when the connection is stuck inside a frame or a header block. Checked by a sweep
    /// every quarter of it, so a request is ended between 1 and 1.25 times this after it began.
    public var requestReadTimeout: Duration = .seconds(20)
    /// RST_STREAM frames a client may send per ``floodWindow`` (above: GOAWAY ENHANCE_YOUR_CALM).
    public var maxStreamResetsPerWindow: Int = 200
    /// PING frames a client may send per ``floodWindow``.
    public var maxPingsPerWindow: Int = 100
    /// SETTINGS frames a client may send per ``floodWindow``.
    public var maxSettingsPerWindow: Int = 100
    /// The window the three flood counters above use.
    public var floodWindow: Duration = .seconds(10)
    /// How long in-flight calls may run after shutdown starts.
    public var shutdownGracePeriod: Duration = .seconds(10)

    /// The defaults.
    public init() {}

    /// Throws when a limit is not usable.
    public func validate() throws(ConfigurationError) {
        for (name, value) in [("tlsHandshakeTimeout", tlsHandshakeTimeout), ("settingsAckTimeout", settingsAckTimeout),
                              ("idleTimeout", idleTimeout), ("floodWindow", floodWindow),
                              ("requestReadTimeout", requestReadTimeout)] where value <= .zero {
            throw ConfigurationError(name, value)
        }
        if shutdownGracePeriod < .zero { throw ConfigurationError("shutdownGracePeriod", shutdownGracePeriod) }
        if maxConnections < 1 { throw ConfigurationError("maxConnections", maxConnections) }
        if maxOutputBufferBytes < 16 * 1024 { throw ConfigurationError("maxOutputBufferBytes", maxOutputBufferBytes) }
        if maxRequestMessageBytes < 0 { throw ConfigurationError("maxRequestMessageBytes", maxRequestMessageBytes) }
        if maxRequestMessageBytes > maxBufferedRequestBytesPerConnection - 5 || maxBufferedRequestBytesPerConnection > Int(Int32.max) {
            throw ConfigurationError("maxBufferedRequestBytesPerConnection", maxBufferedRequestBytesPerConnection)
        }
        if maxBufferedRequestBytesPerServer < maxBufferedRequestBytesPerConnection {
            throw ConfigurationError("maxBufferedRequestBytesPerServer", maxBufferedRequestBytesPerServer)
        }
        if maxStreamResetsPerWindow < 1 { throw ConfigurationError("maxStreamResetsPerWindow", maxStreamResetsPerWindow) }
        if maxPingsPerWindow < 1 { throw ConfigurationError("maxPingsPerWindow", maxPingsPerWindow) }
        if maxSettingsPerWindow < 1 { throw ConfigurationError("maxSettingsPerWindow", maxSettingsPerWindow) }
    }
}
