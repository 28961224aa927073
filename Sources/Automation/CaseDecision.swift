import Domain

/// What a strategy decides for one case on one day.
public struct CaseDecision: Sendable, Hashable {
    /// Where the case stands.
    public enum Status: Sendable, Hashable {
        /// The case's country is not among the strategy's countries.
        case outOfScope
        /// No segment matches the case.
        case noSegment
        /// A skip rule holds the treatment (`skip`).
        case skipped(SkipReason)
        /// A skip rule hands the case to a handler (`handler`).
        case handedToHandler(SkipReason)
        /// One or more steps are due today (some may be held).
        case due
        /// Between steps: nothing due today.
        case waiting
        /// Past the treatment's last step.
        case finished
    }

    /// The case.
    public var caseID: String
    /// The segment the case is in, nil when none.
    public var segment: String?
    /// The arm it is in, nil when no segment.
    public var arm: String?
    /// The segment entry to record: kept when the case stays in its segment, today when it moved.
    public var entry: SegmentEntry?
    /// The index of the step the case is at: the first step of the latest treatment day that has
    /// come; nil before the first step's day.
    public var stepIndex: Int?
    /// The labels of the steps of that day joined by ` + `, nil before the first.
    public var stepLabel: String?
    /// Where the case stands.
    public var status: Status
    /// What to do, contacts already placed at allowed times.
    public var actions: [ActionIntent]
    /// Steps due today that produced nothing, with why.
    public var held: [HeldStep]
}
