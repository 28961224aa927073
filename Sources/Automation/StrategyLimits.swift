/// Bounds on a strategy file: a file is hostile input, so everything it may make us do is capped.
public enum StrategyLimits {
    /// Largest file accepted, in bytes.
    public static let fileBytesMax = 256 * 1024
    /// Deepest nesting of collections (`[`, `{` or indentation) accepted.
    public static let nestingDepthMax = 16
    /// Most segments in a strategy.
    public static let segmentCountMax = 64
    /// Most arms in a segment.
    public static let armCountMax = 8
    /// Most steps in one treatment.
    public static let stepCountMax = 32
    /// Most items in any other list (countries, buckets, languages).
    public static let listCountMax = 32
    /// Longest name, version label, template name or other text value, in characters.
    public static let textLengthMax = 64
    /// Largest day offset of a step (a year).
    public static let dayOffsetMax = 365
    /// Most values (scalars, lists, mappings) in the file once aliases are expanded.
    public static let nodeCountMax = 100_000
    /// Most issues reported for one file; past this the rest are not looked for.
    public static let issueCountMax = 50
    /// Most boxes the reachability check holds while subtracting earlier segments; past this it
    /// stops and takes the segment as reachable (it never refuses what it could not prove).
    public static let coverageBoxesMax = 4096
}
