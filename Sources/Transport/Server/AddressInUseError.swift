/// The address a server was asked to listen on is taken by another listener.
public struct AddressInUseError: Error, Sendable, CustomStringConvertible {
    /// The host and port asked for.
    public let host: String
    public let port: Int

    public var description: String {
        "\(host):\(port) is already in use by another listener (another server?); stop it or choose another port"
    }
}
