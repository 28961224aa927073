/// The address a server was asked to listen on is taken by another listener.
public struct AddressInUseError: Error, Sendable, CustomStringConvertible {
    /// The host and port asked for.
    public let host: String
    public let port: Int

    /// The error for `host:port` (also used by the server's metrics listener).
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String {
        "\(host):\(port) is already in use by another listener (another server?); stop it or choose another port"
    }
}
