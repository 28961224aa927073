/// Bounds a decoder enforces on hostile input. See `schema/WIRE.md`, "Limits".
public struct WireLimits: Sendable, Hashable {
    /// Largest encoded message, in bytes.
    public var maxMessageBytes: Int
    /// Deepest nesting of messages; the outermost message is depth 1.
    public var maxDepth: Int
    /// Most elements in one repeated field.
    public var maxListCount: Int
    /// Longest string or bytes value, in bytes.
    public var maxStringBytes: Int

    /// Creates limits; each must be positive.
    public init(maxMessageBytes: Int = 4 * 1024 * 1024, maxDepth: Int = 32, maxListCount: Int = 100_000,
                maxStringBytes: Int = 1024 * 1024) {
        precondition(maxMessageBytes > 0 && maxDepth > 0 && maxListCount > 0 && maxStringBytes > 0,
                     "wire limits must be positive")
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
        self.maxListCount = maxListCount
        self.maxStringBytes = maxStringBytes
    }

    /// The defaults: 4 MiB messages, depth 32, 100 000 list elements, 1 MiB strings.
    public static let `default` = WireLimits()
}
