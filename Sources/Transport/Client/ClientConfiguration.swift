/// How the client secures its connection.
public enum ClientSecurity: Sendable {
    /// TLS with certificate and host-name verification, SNI and ALPN h2.
    case tls(ClientTLSConfiguration)
    /// Plain HTTP/2 with prior knowledge (local load tests against `--plaintext` servers).
    case plaintext
}

/// Where and how a ``GRPCClientConnection`` connects.
public struct ClientConfiguration: Sendable {
    /// Host name or address to connect to (also the TLS name checked, unless overridden).
    public var host: String
    /// Port to connect to.
    public var port: Int
    /// TLS (default, trusting the system store) or plaintext.
    public var security: ClientSecurity
    /// SETTINGS announced to the server.
    public var http2 = HTTP2Settings()
    /// Time allowed for TCP connect plus TLS handshake.
    public var connectTimeout: Duration = .seconds(10)
    /// Largest response message accepted.
    public var maxResponseMessageBytes = 4 << 20
    /// Output buffered before the client stops reading, in bytes.
    public var maxOutputBufferBytes = 1 << 20

    /// Creates a configuration.
    public init(host: String, port: Int, security: ClientSecurity = .tls(ClientTLSConfiguration())) {
        self.host = host
        self.port = port
        self.security = security
    }
}
