import Domain
import Foundation
import SQLiteDriver
import Store
import Testing

/// The seeded book obeys every rule the server enforces (issue 12, defect 14), read back from the
/// database: every outbound contact passes the contact gate given the flags and the contacts
/// before it; every pause ends within its country's longest pause; plans are as their facts say
/// as of today (none fully paid and still active, none broken while a pause holds it, none agreed
/// during a dispute); payments land by the allocation rule; case status is drawn from the facts.
@Suite struct SeedRulesTests {
    static let today = SeedGeneratorTests.today

    struct Book {
        var violations: [String] = []
        var contacts = 0, calls = 0, pauses = 0, plans = 0, completed = 0, broken = 0, payments = 0, paidInstallments = 0

        mutating func check(_ condition: Bool, _ what: @autoclosure () -> String) {
            if !condition && violations.count < 20 { violations.append(what()) }
            if !condition && violations.count == 20 { violations.append("…") }
        }
    }

    @Test func aSeededBookOfThousandsObeysEveryRule() throws {
        let (path, report) = try SeedGeneratorTests.generate(3_000, seed: 2026)
        #expect(report.customers == 3_000)
        let connection = try Connection(path: path, readOnly: true)
        let cases = try connection.statement("SELECT id, country, status FROM collection_case ORDER BY id")
        var rows: [(id: String, country: Country, status: String)] = []
        while try cases.step() { rows.append((cases.text(0), Country(rawValue: cases.text(1))!, cases.text(2))) }
        cases.reset()
        var book = Book()
        for row in rows {
            let flagRecords = try connection.flagRecords(caseID: row.id)
            let flags = CaseFlags(flagRecords.map {
                CaseFlag(CaseFlagKind(rawValue: $0.kind)!, until: $0.untilDay.map(day), from: day($0.setOn))
            })
            try checkPauses(flagRecords, country: row.country, book: &book)
            // The gate reads a flag for any contact up to its last day, whenever it was set.
            try checkContacts(row.id, country: row.country, flags: CaseFlags(flags.all.map { CaseFlag($0.kind, until: $0.until) }),
                              connection: connection, book: &book)
            let accounts = try connection.accountRecords(caseID: row.id)
            let plans = try connection.planRecords(caseID: row.id)
            try checkPlans(plans, flags: flags, country: row.country, book: &book)
            try checkPayments(row.id, accounts: accounts, plans: plans, connection: connection, book: &book)
            let overdue = accounts.reduce(0) { $0 + $1.overdueMinor }
            let status = CaseState.asOf(pauseInForce: flags.pause(on: Self.today) != nil, planInForce: plans.contains { $0.status == .active },
                                        overdueMinorUnits: overdue)
            book.check(row.status == status.rawValue, "\(row.id) is stored \(row.status), its facts say \(status.rawValue)")
        }
        #expect(book.violations.isEmpty, "\(book.violations.joined(separator: "\n"))")
        // Not vacuous: a real book of each kind of fact.
        #expect(book.contacts > 5_000 && book.calls > 1_000 && book.pauses > 50)
        #expect(book.plans > 500 && book.completed > 50 && book.broken > 50 && book.payments > 1_000 && book.paidInstallments > 1_000)
    }

    func day(_ days: Int32) -> Day { Day(daysSinceEpoch: Int(days))! }

    func checkPauses(_ flags: [FlagRecord], country: Country, book: inout Book) throws {
        let policy = RuleBook.standard.rules(for: country, on: Self.today).pausePolicy
        for flag in flags {
            guard let kind = CaseFlagKind(rawValue: flag.kind), let longest = policy.maxDays(for: kind) else { continue }
            book.pauses += 1
            guard let until = flag.untilDay else {
                book.check(false, "\(flag.caseID): \(flag.kind) without an end")
                continue
            }
            book.check(until >= flag.setOn && Int(until - flag.setOn) <= longest,
                       "\(flag.caseID): \(flag.kind) from \(day(flag.setOn)) until \(day(until)), longest \(longest) days")
        }
    }

    func checkContacts(_ caseID: String, country: Country, flags: CaseFlags, connection: Connection, book: inout Book) throws {
        let rules = RuleBook.standard.rules(for: country, on: Self.today).contactPolicy
        var history = ContactHistory()
        let contacts = try connection.contactRecords(caseID: caseID, limit: 1_000).sorted { ($0.occurredAtMs, $0.id) < ($1.occurredAtMs, $1.id) }
        for contact in contacts where contact.direction == .outbound {
            let channel = try #require(OutboundChannel(rawValue: contact.channel))
            let local = country.localDateTime(unixSeconds: contact.occurredAtMs / 1_000)
            let initiator: ContactInitiator = contact.recordedBy == "handler" ? .handler : .automation
            let decision = ContactGate.mayContact(channel, by: initiator, at: local, country: country, flags: flags, history: history, rules: rules)
            book.check(decision == .allowed, "\(contact.id): \(channel) at \(local) \(country) local time: \(decision)")
            if channel.isCall { history.calls.append(local); book.calls += 1 } else if channel.isMessage { history.messages.append(local) }
            book.contacts += 1
        }
    }

    func checkPlans(_ plans: [PlanRecord], flags: CaseFlags, country: Country, book: inout Book) throws {
        let grace = RuleBook.standard.rules(for: country, on: Self.today).planPolicy.graceBankingDays
        for plan in plans {
            book.plans += 1
            let created = day(Int32(plan.createdAtMs / 86_400_000))
            book.check(!flags.has(.dispute, on: created), "\(plan.id) agreed on \(created) while disputed")
            book.check(plan.totalMinor == plan.installments.reduce(0) { $0 + $1.amountMinor }, "\(plan.id): total is not its installments")
            var late: Day?
            for installment in plan.installments {
                book.check((installment.paidMinor == installment.amountMinor) == (installment.paidInFullOn != nil),
                           "\(plan.id)#\(installment.sequence): paid \(installment.paidMinor) of \(installment.amountMinor), paid_in_full_on \(String(describing: installment.paidInFullOn))")
                if installment.paidInFullOn != nil { book.paidInstallments += 1 }
                guard let deadline = PaymentPlan.deadline(of: day(installment.dueOn), country: country, graceBankingDays: grace, pauses: flags)
                else { continue }
                let paidInTime = installment.paidInFullOn.map { day($0) <= deadline } ?? false
                if !paidInTime, deadline < Self.today, late == nil { late = deadline.adding(days: 1) }
            }
            let allPaid = plan.installments.allSatisfy { $0.paidMinor == $0.amountMinor }
            switch plan.status {
            case .active:
                book.check(!allPaid, "\(plan.id) is fully paid and still active")
                book.check(late == nil, "\(plan.id) is active but broke on \(String(describing: late))")
            case .completed:
                book.completed += 1
                book.check(allPaid && late == nil, "\(plan.id) is completed but not paid in time")
            case .broken:
                book.broken += 1
                book.check(late.map { Int32($0.daysSinceEpoch) } == plan.statusOn, "\(plan.id) broken on \(String(describing: plan.statusOn)), its facts say \(String(describing: late))")
            default:
                book.check(false, "\(plan.id) has status \(plan.status)")
            }
        }
    }

    func checkPayments(_ caseID: String, accounts: [AccountRecord], plans: [PlanRecord], connection: Connection, book: inout Book) throws {
        let owed = accounts.reduce(0) { $0 + $1.balanceMinor }
        for account in accounts {
            book.check(account.balanceMinor >= 0 && account.overdueMinor >= 0 && account.overdueMinor <= account.balanceMinor,
                       "\(account.number): balance \(account.balanceMinor), overdue \(account.overdueMinor)")
            book.check((account.overdueMinor == 0) == (account.oldestUnpaidDue == nil), "\(account.number): overdue \(account.overdueMinor) and oldest due disagree")
            book.check(account.creditMinor == 0 || owed == 0, "\(account.number): credit while the case still owes \(owed)")
        }
        var allocated: [String: Int64] = [:]
        for payment in try connection.paymentRecords(caseID: caseID, accountNumber: nil, limit: 1_000) {
            book.payments += 1
            let toPlan = payment.allocations.reduce(0) { $0 + $1.amountMinor }
            book.check(payment.creditMinor >= 0 && toPlan + payment.creditMinor <= payment.amountMinor,
                       "\(payment.id): \(payment.amountMinor) paid, \(toPlan) to the plan and \(payment.creditMinor) credit")
            book.check(KID.isValid(payment.reference), "\(payment.id): reference \(payment.reference) fails its check digit")
            for allocation in payment.allocations { allocated["\(allocation.planID)#\(allocation.installmentSequence)", default: 0] += allocation.amountMinor }
        }
        for plan in plans {
            for installment in plan.installments {
                book.check(installment.paidMinor == allocated["\(plan.id)#\(installment.sequence)", default: 0],
                           "\(plan.id)#\(installment.sequence): paid \(installment.paidMinor) but its payments allocated \(allocated["\(plan.id)#\(installment.sequence)", default: 0])")
            }
        }
    }
}
