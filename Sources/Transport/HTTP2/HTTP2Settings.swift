/// The HTTP/2 SETTINGS this side announces at once, and nghttp2's own protective options.
public struct HTTP2Settings: Sendable, Equatable {
    /// SETTINGS_MAX_CONCURRENT_STREAMS.
    public var maxConcurrentStreams: Int = 100
    /// SETTINGS_MAX_HEADER_LIST_SIZE, in bytes (also enforced on receipt).
    public var maxHeaderListBytes: Int = 8 * 1024
    /// SETTINGS_INITIAL_WINDOW_SIZE, in bytes.
    public var initialWindowBytes: Int = 1 << 20
    /// SETTINGS_MAX_FRAME_SIZE, in bytes.
    public var maxFrameBytes: Int = 16 * 1024
    /// Most CONTINUATION frames accepted for one header block (nghttp2 option).
    public var maxContinuations: Int = 8
    /// Most SETTINGS entries accepted in one frame (nghttp2 option).
    public var maxSettingsEntries: Int = 32
    /// Most queued outbound SETTINGS/PING acks before nghttp2 considers the peer a flooder.
    public var maxOutboundAcks: Int = 100

    /// The defaults.
    public init() {}

    /// Throws when a value is outside what HTTP/2 allows.
    public func validate() throws(ConfigurationError) {
        guard (1...1_000_000).contains(maxConcurrentStreams) else { throw ConfigurationError("maxConcurrentStreams", maxConcurrentStreams) }
        guard (512...1 << 20).contains(maxHeaderListBytes) else { throw ConfigurationError("maxHeaderListBytes", maxHeaderListBytes) }
        guard (65_535...Int(Int32.max)).contains(initialWindowBytes) else { throw ConfigurationError("initialWindowBytes", initialWindowBytes) }
        guard (16_384...16_777_215).contains(maxFrameBytes) else { throw ConfigurationError("maxFrameBytes", maxFrameBytes) }
        guard maxContinuations >= 1, maxSettingsEntries >= 8, maxOutboundAcks >= 1 else {
            throw ConfigurationError("nghttp2 options", maxContinuations)
        }
    }
}

/// A configuration value out of its allowed range, found at start-up.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Name of the setting.
    public let setting: String
    /// The refused value, as text.
    public let value: String

    init(_ setting: String, _ value: some CustomStringConvertible) {
        self.setting = setting
        self.value = value.description
    }

    public var description: String { "configuration: \(setting) = \(value) is out of range" }
}
