import Protocol
import Store

/// What the strategy does next on a case, derived from its state (the treatment rules of
/// `../shared/docs/MISSION.md`): nothing while paused; a reminder before the next installment of
/// a kept plan; an SMS (or e-mail without a phone) asking a customer with no direct-debit mandate
/// and a short delay to get in touch; personal contact by a handler for longer delays.
enum NextActionPlanner {
    static let reminderLeadDays: Int32 = 3
    static let personalContactFromDaysPastDue: UInt32 = 30

    static func next(for snapshot: CaseSnapshot, today: Int32) -> NextAction? {
        if RecordMapping.pauseInForce(snapshot.flags, today: today) { return nil }
        let hasPhone = !snapshot.customer.phone.isEmpty
        let textChannel: ContactChannel = hasPhone ? .sms : .email
        if let plan = snapshot.plans.first(where: { $0.status == "ACTIVE" }),
           let next = plan.installments.first(where: { $0.paidMinor < $0.amountMinor }) {
            let reminderDay = max(today, next.dueOn - reminderLeadDays)
            return NextAction(channel: textChannel, dueOn: RecordMapping.date(reminderDay),
                              description: "Reminder before installment \(next.sequence) of plan \(plan.id)")
        }
        guard let oldest = snapshot.accounts.compactMap(\.oldestUnpaidDue).min() else { return nil }
        let dpd = RecordMapping.daysPastDue(oldest: oldest, today: today)
        if dpd == 0 { return nil }
        let callOptOut = snapshot.flags.contains { $0.kind == "CALL_OPT_OUT" }
        let vulnerable = snapshot.flags.contains { $0.kind == "VULNERABLE" }
        if vulnerable || (dpd >= personalContactFromDaysPastDue && hasPhone && !callOptOut) {
            return NextAction(channel: .phone, dueOn: RecordMapping.date(today),
                              description: vulnerable ? "Personal contact by a handler (vulnerable customer)" : "Call: agree a payment plan")
        }
        if snapshot.customer.mandate != "ACTIVE" && dpd < personalContactFromDaysPastDue {
            return NextAction(channel: textChannel, dueOn: RecordMapping.date(today),
                              description: "Ask the customer to get in touch and set up direct debit")
        }
        return NextAction(channel: textChannel, dueOn: RecordMapping.date(today), description: "Payment reminder")
    }
}
