import Domain

/// What a treatment step does. The raw values are the names written in strategy files.
public enum StepAction: String, Sendable, Hashable, CaseIterable {
    /// A text message, by automation.
    case sms
    /// An e-mail, by automation.
    case email
    /// A call placed by the automatic dialer.
    case dialerCall = "dialer_call"
    /// A letter by post.
    case letter
    /// A task for a handler (the template names the task's text).
    case handlerTask = "handler_task"
    /// A reminder fee, within the country's rules on the day.
    case reminderFee = "reminder_fee"
    /// No action: the case waits in this step (counted as such by the simulation).
    case wait

    /// The channel a contact step uses, nil for steps that contact nobody.
    public var channel: OutboundChannel? {
        switch self {
        case .sms: .sms
        case .email: .email
        case .dialerCall: .dialer
        case .letter: .letter
        case .handlerTask, .reminderFee, .wait: nil
        }
    }
}

/// One step of a treatment: on day `day` after the case entered its segment, if `condition`
/// holds on that day, do `action`.
public struct TreatmentStep: Sendable, Hashable {
    /// Days after entering the segment, `0...StrategyLimits.dayOffsetMax`.
    public var day: Int
    /// What to do.
    public var action: StepAction
    /// The message template for contact steps and the task text's name for handler tasks.
    public var template: String?
    /// The reminder fee per currency, for `reminder_fee` steps; each within its country's cap.
    public var fee: [Currency: Money]
    /// A condition on the case on the step's day; nil: always.
    public var condition: SegmentPredicate?
    /// The step's line in its file, for messages (0: not from a file).
    public var line: Int
    /// Its column.
    public var column: Int

    /// A step.
    public init(day: Int, action: StepAction, template: String? = nil, fee: [Currency: Money] = [:],
                condition: SegmentPredicate? = nil, line: Int = 0, column: Int = 0) {
        self.day = day
        self.action = action
        self.template = template
        self.fee = fee
        self.condition = condition
        self.line = line
        self.column = column
    }

    /// `d3 sms reminder-1`: how simulations and messages name a step.
    public var label: String {
        "d\(day) \(action.rawValue)" + (template.map { " \($0)" } ?? "")
    }
}
