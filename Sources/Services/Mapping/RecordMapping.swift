import Domain
import Protocol
import Store
import Crypto

/// Store records to protocol messages. Enumerations are stored by their schema names.
enum RecordMapping {
    static func currency(_ code: String) -> Protocol.Currency { Protocol.Currency(name: code) ?? .unspecified }

    static func money(_ minor: Int64, _ currency: String) -> Protocol.Money {
        Protocol.Money(minorUnits: minor, currency: self.currency(currency))
    }

    static func date(_ days: Int32) -> CalendarDate { CalendarDate(daysSinceEpoch: days) ?? .epoch }

    static func country(_ code: String) -> Protocol.Country { Protocol.Country(name: code) ?? .unspecified }

    static func daysPastDue(oldest: Int32?, today: Int32) -> UInt32 {
        guard let oldest, today > oldest else { return 0 }
        return UInt32(today - oldest)
    }

    static func bucket(_ daysPastDue: UInt32) -> String { BucketScheme.standard.bucket(forDaysPastDue: Int(daysPastDue)) }

    static func customer(_ record: CustomerRecord, principal: Principal, sealer: Sealer?) -> Customer {
        let contactDetails = principal.may(.viewContactDetails)
        var nationalID = record.nationalIDMasked
        if principal.may(.viewNationalID), let sealer, let opened = try? sealer.open(record.nationalIDSealed) { nationalID = opened }
        return Customer(customerId: record.id, country: country(record.country), fullName: record.fullName, nationalId: nationalID,
                        phone: contactDetails ? record.phone : Masking.phone(record.phone),
                        email: contactDetails ? record.email : Masking.email(record.email),
                        language: Language(name: record.language) ?? .unspecified,
                        mandate: MandateStatus(name: record.mandate) ?? .unspecified, addressLine: record.addressLine,
                        postalCode: record.postalCode, city: record.city,
                        personalDataMasked: !(contactDetails && principal.may(.viewNationalID)))
    }

    static func account(_ record: AccountRecord, today: Int32) -> Account {
        let dpd = daysPastDue(oldest: record.oldestUnpaidDue, today: today)
        return Account(accountNumber: record.number, product: record.product, balance: money(record.balanceMinor, record.currency),
                       overdue: money(record.overdueMinor, record.currency), oldestUnpaidDueDate: record.oldestUnpaidDue.map(date),
                       daysPastDue: dpd, bucket: bucket(dpd), creditLimit: money(record.creditLimitMinor, record.currency),
                       paymentReference: record.paymentReference, credit: money(record.creditMinor, record.currency))
    }

    static func installmentStatus(_ item: InstallmentRecord, today: Int32) -> InstallmentStatus {
        if item.paidMinor >= item.amountMinor { return .paid }
        if item.dueOn < today { return .missed }
        return item.paidMinor > 0 ? .partiallyPaid : .open
    }

    static func plan(_ record: PlanRecord, today: Int32) -> Plan {
        Plan(planId: record.id, caseId: record.caseID, kind: Protocol.PlanKind(name: record.kind.rawValue) ?? .unspecified,
             status: Protocol.PlanStatus(name: record.status.rawValue) ?? .unspecified, total: money(record.totalMinor, record.currency),
             paid: money(record.paidMinor, record.currency), frequency: PlanFrequency(name: record.frequency) ?? .unspecified,
             installments: record.installments.map { item in
                 Installment(sequence: UInt32(item.sequence), dueDate: date(item.dueOn), amount: money(item.amountMinor, record.currency),
                             paid: money(item.paidMinor, record.currency), status: installmentStatus(item, today: today),
                             requestedDueDate: item.requestedDueOn != item.dueOn ? date(item.requestedDueOn) : nil,
                             paidInFullOn: item.paidInFullOn.map(date))
             },
             version: UInt64(record.version), createdAtMs: record.createdAtMs, createdBy: record.createdBy,
             cancelReason: record.cancelReason, brokenOn: record.status == .broken ? record.statusOn.map(date) : nil,
             amendments: UInt32(record.amendments))
    }

    static func payment(_ record: PaymentRecord) -> Payment {
        Payment(paymentId: record.id, accountNumber: record.accountNumber, amount: money(record.amountMinor, record.currency),
                paidOn: date(record.paidOn), reference: record.reference, source: PaymentSource(name: record.source) ?? .unspecified,
                recordedAtMs: record.recordedAtMs, recordedBy: record.recordedBy,
                allocations: record.allocations.map {
                    Allocation(planId: $0.planID, installmentSequence: UInt32($0.installmentSequence), amount: money($0.amountMinor, record.currency))
                }, credit: money(record.creditMinor, record.currency))
    }

    static func contact(_ record: ContactRecord) -> ContactEvent {
        ContactEvent(contactId: record.id, channel: ContactChannel(name: record.channel) ?? .unspecified,
                     direction: record.direction == .inbound ? .inbound : .outbound,
                     outcome: ContactOutcome(name: record.outcome) ?? .unspecified, occurredAtMs: record.occurredAtMs,
                     summary: record.summary, recordedBy: record.recordedBy)
    }

    static func note(_ record: NoteRecord) -> Note {
        Note(noteId: record.id, text: record.text, author: record.author, createdAtMs: record.createdAtMs)
    }

    static func flag(_ record: FlagRecord) -> Flag {
        Flag(kind: FlagKind(name: record.kind) ?? .unspecified, until: record.untilDay.map(date), reason: record.reason,
             setOn: date(record.setOn), setBy: record.setBy)
    }

    /// True when a dispute or hardship pause is in force on `today` (set by then, and open-ended
    /// or until today or later).
    static func pauseInForce(_ flags: [FlagRecord], today: Int32) -> Bool {
        ContactFacts.pauses(flags).pause(on: DomainBridge.day(today)) != nil
    }

    static func summary(_ record: CaseRecord, customerName: String, oldest: Int32?, overdueMinor: Int64, currency: String,
                        hasActivePlan: Bool, today: Int32) -> CaseSummary {
        let dpd = daysPastDue(oldest: oldest, today: today)
        return CaseSummary(caseId: record.id, customerId: record.customerID, country: country(record.country),
                           status: CaseStatus(name: record.status.rawValue) ?? .unspecified, daysPastDue: dpd, bucket: bucket(dpd),
                           totalOverdue: money(overdueMinor, currency), assignedHandler: record.assignedHandler,
                           hasActivePlan: hasActivePlan, version: UInt64(record.version), customerName: customerName,
                           segment: record.segment)
    }

    static func caseView(_ snapshot: CaseSnapshot, principal: Principal, sealer: Sealer?, today: Int32,
                         ruleBook: RuleBook) -> CaseView {
        let oldest = snapshot.accounts.compactMap(\.oldestUnpaidDue).min()
        let overdue = Domain.Money.clampedSum(snapshot.accounts.map(\.overdueMinor))
        let currency = snapshot.accounts.first?.currency ?? (Domain.Country(rawValue: snapshot.caseRecord.country)?.currency.rawValue ?? "")
        let hasActivePlan = snapshot.plans.contains { $0.status == .active }
        // The status shown is derived as of today from the same facts as the rest of the view (the
        // plans come evaluated as of today), so the view agrees with itself on any day, whatever
        // the stored status was derived on.
        var caseRecord = snapshot.caseRecord
        caseRecord.status = CaseState.asOf(pauseInForce: pauseInForce(snapshot.flags, today: today), planInForce: hasActivePlan,
                                           overdueMinorUnits: overdue)
        return CaseView(
            summary: summary(caseRecord, customerName: snapshot.customer.fullName, oldest: oldest, overdueMinor: overdue,
                             currency: currency, hasActivePlan: hasActivePlan, today: today),
            customer: customer(snapshot.customer, principal: principal, sealer: sealer),
            accounts: snapshot.accounts.map { account($0, today: today) },
            plans: snapshot.plans.map { plan($0, today: today) },
            contacts: snapshot.contacts.map(contact),
            notes: snapshot.notes.map(note),
            flags: snapshot.flags.map(flag),
            nextAction: NextActionPlanner.next(for: snapshot, today: today, ruleBook: ruleBook),
            recentPayments: snapshot.payments.map(payment),
            treatment: snapshot.treatment.map(treatment),
            scheduledActions: snapshot.actions.map(outboxAction))
    }
}
