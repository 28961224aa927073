import ArgumentParser
import Logging
import Transport

/// Command-line flags for every transport limit (defaults: `TransportLimits()` and `HTTP2Settings()`).
struct LimitOptions: ParsableArguments {
    @Option(help: "Most concurrent streams per connection.")
    var maxConcurrentStreams: Int?
    @Option(help: "Largest request header list, in bytes.")
    var maxHeaderListBytes: Int?
    @Option(help: "Largest request message, in bytes.")
    var maxMessageBytes: Int?
    @Option(help: "Request bytes one connection may have buffered (its flow-control window), in bytes.")
    var maxBufferedRequestBytesPerConnection: Int?
    @Option(help: "Request bytes all connections together may have buffered, in bytes.")
    var maxBufferedRequestBytesPerServer: Int?
    @Option(help: "Time a client has to send a whole request (and any one frame), in milliseconds.")
    var requestReadTimeoutMs: Int?
    @Option(help: "Most open connections.")
    var maxConnections: Int?
    @Option(help: "Output buffered per connection before reading pauses, in bytes.")
    var maxOutputBufferBytes: Int?
    @Option(help: "TLS handshake timeout, in milliseconds.")
    var handshakeTimeoutMs: Int?
    @Option(help: "SETTINGS acknowledgement timeout, in milliseconds.")
    var settingsAckTimeoutMs: Int?
    @Option(help: "Idle connection timeout, in milliseconds.")
    var idleTimeoutMs: Int?
    @Option(help: "Grace period for in-flight calls at shutdown, in milliseconds.")
    var shutdownGraceMs: Int?
    @Option(help: "RST_STREAM frames allowed per flood window.")
    var maxResetsPerWindow: Int?
    @Option(help: "PING frames allowed per flood window.")
    var maxPingsPerWindow: Int?
    @Option(help: "SETTINGS frames allowed per flood window.")
    var maxSettingsPerWindow: Int?

    func apply(to configuration: inout ServerConfiguration) throws {
        if let maxConcurrentStreams { configuration.http2.maxConcurrentStreams = maxConcurrentStreams }
        if let maxHeaderListBytes { configuration.http2.maxHeaderListBytes = maxHeaderListBytes }
        if let maxMessageBytes { configuration.limits.maxRequestMessageBytes = maxMessageBytes }
        if let maxBufferedRequestBytesPerConnection { configuration.limits.maxBufferedRequestBytesPerConnection = maxBufferedRequestBytesPerConnection }
        if let maxBufferedRequestBytesPerServer { configuration.limits.maxBufferedRequestBytesPerServer = maxBufferedRequestBytesPerServer }
        if let requestReadTimeoutMs { configuration.limits.requestReadTimeout = .milliseconds(requestReadTimeoutMs) }
        if let maxConnections { configuration.limits.maxConnections = maxConnections }
        if let maxOutputBufferBytes { configuration.limits.maxOutputBufferBytes = maxOutputBufferBytes }
        if let handshakeTimeoutMs { configuration.limits.tlsHandshakeTimeout = .milliseconds(handshakeTimeoutMs) }
        if let settingsAckTimeoutMs { configuration.limits.settingsAckTimeout = .milliseconds(settingsAckTimeoutMs) }
        if let idleTimeoutMs { configuration.limits.idleTimeout = .milliseconds(idleTimeoutMs) }
        if let shutdownGraceMs { configuration.limits.shutdownGracePeriod = .milliseconds(shutdownGraceMs) }
        if let maxResetsPerWindow { configuration.limits.maxStreamResetsPerWindow = maxResetsPerWindow }
        if let maxPingsPerWindow { configuration.limits.maxPingsPerWindow = maxPingsPerWindow }
        if let maxSettingsPerWindow { configuration.limits.maxSettingsPerWindow = maxSettingsPerWindow }
        try configuration.validate()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
