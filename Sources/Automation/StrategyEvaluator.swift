import Domain

/// Evaluates a validated strategy for a case as of a day: the segment (first match), the arm
/// (`ArmAssignment`), the skip rules, the steps due (those whose day offset equals the days since
/// the case entered its segment, and whose condition holds), and for each an action intent.
/// Every contact goes through Domain's `ContactGate` as automation: it is placed at the first
/// allowed local time on or after the start of the day, or held when none will come. Pure:
/// re-evaluating the same facts on the same day gives the same decision.
public struct StrategyEvaluator: Sendable {
    /// The strategy.
    public let strategy: Strategy
    /// Country rules by date (contact policy, reminder fees).
    public let rules: RuleBook
    /// The delinquency buckets.
    public let buckets: BucketScheme

    /// Codes of `HeldStep`.
    public enum Code {
        /// An SMS or dialer step for a customer without a phone number.
        public static let noPhone = "ACTION_NO_PHONE"
        /// An e-mail step for a customer without an e-mail address.
        public static let noEmail = "ACTION_NO_EMAIL"
        /// Sweden: no reminder fee unless agreed when the debt arose.
        public static let feeNotAgreed = "FEE_NOT_AGREED"
        /// The country's most reminder fees for a claim are charged already.
        public static let feeMaxReminders = "FEE_MAX_REMINDERS"
        /// Too few days past due for a reminder.
        public static let feeTooEarly = "FEE_TOO_EARLY"
        /// Too few days since the last reminder fee.
        public static let feeTooSoon = "FEE_TOO_SOON"
        /// A fee step with no amount in the case's currency (a strategy not checked by `StrategyFile`).
        public static let feeNoAmount = "FEE_NO_AMOUNT"
        /// Every code a held step can have besides the contact gate's.
        public static let all = [noPhone, noEmail, feeNotAgreed, feeMaxReminders, feeTooEarly, feeTooSoon, feeNoAmount]
    }

    /// An evaluator for a strategy that `StrategyFile.load` accepted.
    public init(strategy: Strategy, rules: RuleBook = .standard, buckets: BucketScheme = .standard) {
        self.strategy = strategy
        self.rules = rules
        self.buckets = buckets
    }

    /// The decision for `facts` on `day`; contacts are placed at or after local minute
    /// `fromMinute` of that day (the time the cycle runs in the case's country, 0 for the whole day).
    public func evaluate(_ facts: CaseFacts, on day: Day, fromMinute: Int = 0) -> CaseDecision {
        precondition((0..<LocalDateTime.minutesPerDay).contains(fromMinute), "a minute of the day: \(fromMinute)")
        var decision = CaseDecision(caseID: facts.caseID, segment: nil, arm: nil, entry: nil, stepIndex: nil, stepLabel: nil,
                                    status: .noSegment, actions: [], held: [])
        guard strategy.countries.contains(facts.country) else {
            decision.status = .outOfScope
            return decision
        }
        let view = CaseView(facts, on: day, buckets: buckets)
        guard let segment = strategy.segments.first(where: { $0.predicate.matches(view) }) else { return decision }
        let position = ArmAssignment.position(caseID: facts.caseID, strategy: strategy.name, version: strategy.version)
        let arm = segment.arms[ArmAssignment.armIndex(position: position, arms: segment.arms)]
        let entry = facts.segmentEntry.flatMap { $0.segment == segment.name ? $0 : nil } ?? SegmentEntry(segment: segment.name, day: day)
        decision.segment = segment.name
        decision.arm = arm.name
        decision.entry = entry
        let daysIn = day.days(since: entry.day)
        // The case is at the latest day of its treatment that has come; several steps may share it.
        if let last = arm.treatment.last(where: { $0.day <= daysIn }) {
            decision.stepIndex = arm.treatment.firstIndex { $0.day == last.day }
            decision.stepLabel = arm.treatment.filter { $0.day == last.day }.map(\.label).joined(separator: " + ")
        }
        // Dedupe keys: equal on every re-run of the day (see docs/STRATEGIES.md); built only for actions.
        func key(_ tail: String) -> String { "\(facts.caseID)/\(strategy.name)@\(strategy.version)/\(segment.name)/\(arm.name)/\(tail)/\(entry.day)" }

        if let reason = skipReason(facts, on: day) {
            switch action(for: reason) {
            case .skip:
                decision.status = .skipped(reason)
            case .handler:
                decision.status = .handedToHandler(reason)
                decision.actions = [ActionIntent(caseID: facts.caseID, kind: .handlerTask(template: "skip-\(reason.rawValue.lowercased())", day: day),
                                                 dedupeKey: key("handler/\(reason.rawValue)"))]
            }
            return decision
        }
        let due = arm.treatment.indices.filter { arm.treatment[$0].day == daysIn }
        guard !due.isEmpty else {
            decision.status = (arm.treatment.last.map { daysIn > $0.day } ?? true) ? .finished : .waiting
            return decision
        }
        decision.status = .due
        let countryRules = rules.rules(for: facts.country, on: day)
        // Contacts placed by earlier steps of the day count against the limits of later ones.
        var history = facts.history
        for index in due {
            let step = arm.treatment[index]
            if let condition = step.condition, !condition.matches(view) { continue }
            switch perform(step, view: view, history: history, rules: countryRules, fromMinute: fromMinute) {
            case .success(let kind):
                if case .contact(let contact) = kind {
                    if contact.channel.isCall { history.calls.append(contact.earliest) }
                    if contact.channel.isMessage { history.messages.append(contact.earliest) }
                }
                decision.actions.append(ActionIntent(caseID: facts.caseID, kind: kind, dedupeKey: key("\(index)")))
            case .failure(let error): decision.held.append(error.held)
            case nil: break
            }
        }
        return decision
    }

    /// The first skip situation that applies, in the order vulnerable, dispute, pause, kept plan.
    func skipReason(_ facts: CaseFacts, on day: Day) -> SkipReason? {
        if facts.flags.has(.vulnerable, on: day) { return .vulnerable }
        if facts.flags.has(.dispute, on: day) { return .disputed }
        if facts.flags.has(.hardshipPause, on: day) { return .paused }
        if facts.planKept { return .planKept }
        return nil
    }

    private func action(for reason: SkipReason) -> SkipAction {
        switch reason {
        case .vulnerable: strategy.skipRules.vulnerable
        case .disputed: strategy.skipRules.disputed
        case .paused: strategy.skipRules.paused
        case .planKept: strategy.skipRules.planKept
        }
    }

    /// What a due step produces: an action, a held step, or nothing (a wait).
    private func perform(_ step: TreatmentStep, view: CaseView, history: ContactHistory, rules: CountryRules,
                         fromMinute: Int) -> Result<ActionKind, HeldStepError>? {
        let facts = view.facts
        func held(_ code: String, _ message: String) -> Result<ActionKind, HeldStepError> {
            .failure(HeldStepError(held: HeldStep(step: step.label, code: code, message: message)))
        }
        switch step.action {
        case .wait:
            return nil
        case .handlerTask:
            return .success(.handlerTask(template: step.template ?? "handler", day: view.day))
        case .reminderFee:
            guard let fee = step.fee[facts.country.currency] else {
                return held(Code.feeNoAmount, "no fee in \(facts.country.currency) in this step")
            }
            if rules.reminderFeeRequiresPriorAgreement && !facts.reminderFeeAgreed {
                return held(Code.feeNotAgreed, "\(facts.country) allows a reminder fee only if agreed when the debt arose")
            }
            if facts.remindersCharged >= rules.maxReminders {
                return held(Code.feeMaxReminders, "\(facts.remindersCharged) of at most \(rules.maxReminders) reminder fees charged already")
            }
            if view.daysPastDue < rules.minDaysAfterDueBeforeReminder {
                return held(Code.feeTooEarly, "\(view.daysPastDue) days past due; a reminder needs \(rules.minDaysAfterDueBeforeReminder)")
            }
            if let last = facts.lastReminderFeeDay, view.day.days(since: last) < rules.minDaysBetweenReminders {
                return held(Code.feeTooSoon, "the last reminder fee was \(view.day.days(since: last)) days ago; at least \(rules.minDaysBetweenReminders) between reminders")
            }
            // The cap in force on the day wins over the file's figure if the rules changed since validation.
            let amount = fee.minorUnits > rules.reminderFeeCap.minorUnits ? rules.reminderFeeCap : fee
            return .success(.reminderFee(amount, day: view.day))
        case .sms, .email, .dialerCall, .letter:
            let channel = step.action.channel!  // every contact action has a channel
            if channel == .sms || channel == .dialer, !facts.hasPhone { return held(Code.noPhone, "no phone number on file") }
            if channel == .email, !facts.hasEmail { return held(Code.noEmail, "no e-mail address on file") }
            let start = LocalDateTime(day: view.day, minuteOfDay: fromMinute)
            let policy = rules.contactPolicy
            guard let earliest = ContactGate.nextAllowed(channel, by: .automation, onOrAfter: start, country: facts.country,
                                                         flags: facts.flags, history: history, rules: policy) else {
                let decision = ContactGate.mayContact(channel, by: .automation, at: start, country: facts.country,
                                                      flags: facts.flags, history: history, rules: policy)
                if case .refused(let code, let message) = decision { return held(code, message) }
                return held(ContactRules.Code.outsideHours, "no allowed time within \(ContactGate.searchStepsMax) steps")
            }
            let lastMinute = channel == .letter ? LocalDateTime.minutesPerDay - 1
                : (policy.window(on: earliest.day.weekday)?.upperBound ?? LocalDateTime.minutesPerDay) - 1
            let latest = LocalDateTime(day: earliest.day, minuteOfDay: Swift.max(earliest.minuteOfDay, lastMinute))
            return .success(.contact(ContactIntent(channel: channel, template: step.template ?? step.action.rawValue,
                                                   language: facts.language, earliest: earliest, latest: latest)))
        }
    }
}

/// A held step carried through `Result`.
struct HeldStepError: Error {
    let held: HeldStep
}
