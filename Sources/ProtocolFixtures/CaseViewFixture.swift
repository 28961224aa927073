import Protocol

/// A realistic case view (a customer, 3 accounts, 2 plans of 12 installments, 20 contacts,
/// 5 notes), shared by the Protocol tests and the codec benchmark so both measure the same thing.
public enum CaseViewFixture {
    static func sek(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .sek) }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        guard let value = CalendarDate(year: year, month: month, day: day) else { preconditionFailure("fixture date") }
        return value
    }

    static func installment(_ sequence: Int) -> Installment {
        let isPaid = sequence <= 3
        var item = Installment()
        item.sequence = UInt32(sequence)
        item.dueDate = CalendarDate(daysSinceEpoch: Int32(20_400 + 30 * sequence)) ?? .epoch
        item.amount = sek(102_880)
        item.paid = isPaid ? sek(102_880) : Money(minorUnits: 0, currency: .sek)
        item.status = isPaid ? .paid : .open
        return item
    }

    static func plan(_ index: Int) -> Plan {
        var plan = Plan()
        plan.planId = "P-\(index)"
        plan.caseId = "C-SE-000123"
        plan.kind = .paymentPlan
        plan.status = index == 0 ? .active : .broken
        plan.total = sek(1_234_560)
        plan.paid = sek(308_640)
        plan.frequency = .monthly
        plan.installments = (1...12).map(installment)
        plan.version = 3
        plan.createdAtMs = 1_793_000_000_000
        plan.createdBy = "anna.handler"
        return plan
    }

    static func account(_ index: Int) -> Account {
        var account = Account()
        account.accountNumber = "5500-0000-001\(index)"
        account.product = "Guldkort"
        account.balance = sek(2_500_000)
        account.overdue = sek(411_516)
        account.oldestUnpaidDueDate = date(2026, 10, 13)
        account.daysPastDue = 47
        account.bucket = "30-59"
        account.creditLimit = sek(5_000_000)
        account.paymentReference = "1234567890\(index)"
        return account
    }

    static func contact(_ index: Int) -> ContactEvent {
        var contact = ContactEvent()
        contact.contactId = "K-\(index)"
        contact.channel = index % 3 == 0 ? .phone : .sms
        contact.direction = .outbound
        contact.outcome = index % 4 == 0 ? .rightPartyContact : .noAnswer
        contact.occurredAtMs = 1_792_000_000_000 + Int64(index) * 86_400_000
        contact.summary = "Reminder about the overdue amount"
        contact.recordedBy = "dialer"
        return contact
    }

    static func note(_ index: Int) -> Note {
        var note = Note()
        note.noteId = "N-\(index)"
        note.text = "Kunden har nytt jobb från januari och vill betala av skulden."
        note.author = "anna.handler"
        note.createdAtMs = 1_792_990_500_000 + Int64(index)
        return note
    }

    /// The fixture.
    public static func caseView() -> CaseView {
        var summary = CaseSummary()
        summary.caseId = "C-SE-000123"
        summary.customerId = "CU-SE-000123"
        summary.country = .se
        summary.status = .inPlan
        summary.daysPastDue = 47
        summary.bucket = "30-59"
        summary.totalOverdue = sek(1_234_550)
        summary.assignedHandler = "anna.handler"
        summary.hasActivePlan = true
        summary.version = 7
        summary.customerName = "Åsa Lindström"
        summary.segment = "long-term-difficulty"

        var customer = Customer()
        customer.customerId = "CU-SE-000123"
        customer.country = .se
        customer.fullName = "Åsa Lindström"
        customer.nationalId = "19850312-2386"
        customer.phone = "+46701234567"
        customer.email = "asa.lindstrom@example.se"
        customer.language = .sv
        customer.mandate = .none
        customer.addressLine = "Storgatan 12"
        customer.postalCode = "411 38"
        customer.city = "Göteborg"

        var flag = Flag()
        flag.kind = .hardshipPause
        flag.until = date(2026, 12, 31)
        flag.reason = "Sjukskriven"
        flag.setOn = date(2026, 11, 1)
        flag.setBy = "coord.erik"

        var view = CaseView()
        view.summary = summary
        view.customer = customer
        view.accounts = (0..<3).map(account)
        view.plans = (0..<2).map(plan)
        view.contacts = (0..<20).map(contact)
        view.notes = (0..<5).map(note)
        view.flags = [flag]
        view.nextAction = NextAction(channel: .sms, dueOn: date(2026, 12, 21), description: "Reminder before installment 4")
        return view
    }
}
