import Domain

/// A coordinator's strategy: which cases fall in which segment (first match wins), what each
/// segment's treatment is, when treatment is skipped, and how a segment splits into
/// champion/challenger arms. Read from a file by `StrategyParser`; see `docs/STRATEGIES.md`.
public struct Strategy: Sendable, Hashable {
    /// The strategy's name, e.g. `se-standard`.
    public var name: String
    /// The version label, e.g. `2026-12a`; with the name it seeds the arm hash.
    public var version: String
    /// The countries the strategy applies to.
    public var countries: [Country]
    /// What happens to cases with a kept plan, a pause, a dispute or a vulnerable customer.
    public var skipRules: SkipRules
    /// The segments in the order they are tried: a case belongs to the first that matches.
    public var segments: [Segment]

    /// A strategy.
    public init(name: String, version: String, countries: [Country], skipRules: SkipRules = .standard, segments: [Segment]) {
        self.name = name
        self.version = version
        self.countries = countries
        self.skipRules = skipRules
        self.segments = segments
    }
}

/// One segment: a predicate over case facts and its treatment, split into arms.
public struct Segment: Sendable, Hashable {
    /// The segment's name, unique in its strategy (`no-mandate`, `early-arrears`).
    public var name: String
    /// Which cases belong to it (among those no earlier segment took).
    public var predicate: SegmentPredicate
    /// The arms; a segment without a split has one arm, `champion`, at 100 %.
    public var arms: [Arm]
    /// The line of the segment in its file, for messages (0: not from a file).
    public var line: Int
    /// Its column.
    public var column: Int

    /// A segment.
    public init(name: String, predicate: SegmentPredicate, arms: [Arm], line: Int = 0, column: Int = 0) {
        self.name = name
        self.predicate = predicate
        self.arms = arms
        self.line = line
        self.column = column
    }
}

/// One arm of a champion/challenger split: a share of the segment's cases and their treatment.
public struct Arm: Sendable, Hashable {
    /// The name of the arm used when a segment has no split.
    public static let championName = "champion"

    /// The arm's name, unique in its segment.
    public var name: String
    /// Its share of the segment's cases in whole percent; the arms of a segment sum to 100.
    public var percent: Int
    /// The steps, in order of their day offsets.
    public var treatment: [TreatmentStep]
    /// The arm's line in its file (the segment's for an implicit champion), for messages.
    public var line: Int
    /// Its column.
    public var column: Int

    /// An arm.
    public init(name: String, percent: Int, treatment: [TreatmentStep], line: Int = 0, column: Int = 0) {
        self.name = name
        self.percent = percent
        self.treatment = treatment
        self.line = line
        self.column = column
    }
}
