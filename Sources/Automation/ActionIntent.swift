import Domain

/// Something the daily cycle should do for a case: written to the outbox by the server, in the
/// same transaction as the decision. Contacts have already passed the contact gate.
public struct ActionIntent: Sendable, Hashable {
    /// The case.
    public var caseID: String
    /// What to do.
    public var kind: ActionKind
    /// Equal for the same decision on any re-run of a day: the outbox keeps one row per key.
    public var dedupeKey: String
}

/// What an action intent does.
public enum ActionKind: Sendable, Hashable {
    /// Contact the customer by automation.
    case contact(ContactIntent)
    /// Give the case to a handler, with the task's template name.
    case handlerTask(template: String, day: Day)
    /// Charge a reminder fee, already within the country's rules on `day`.
    case reminderFee(Money, day: Day)
}

/// A contact to send between two local times of the customer's country, both allowed by the
/// contact gate (same day, same window, same limits).
public struct ContactIntent: Sendable, Hashable {
    /// The channel.
    public var channel: OutboundChannel
    /// The message template's name.
    public var template: String
    /// The customer's language, for the template.
    public var language: String
    /// The earliest local time allowed: the decision day's first allowed minute or a later one.
    public var earliest: LocalDateTime
    /// The last minute of the same allowed window (for letters, the end of the day).
    public var latest: LocalDateTime
}

/// A step that was due but produced nothing, and why (a stable code).
public struct HeldStep: Sendable, Hashable {
    /// The step, as `TreatmentStep.label`.
    public var step: String
    /// Why: `ACTION_NO_PHONE`, `ACTION_NO_EMAIL`, a `CONTACT_…` code of the gate, or a `FEE_…` code.
    public var code: String
    /// Text for people.
    public var message: String
}
