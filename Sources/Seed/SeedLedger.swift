import Domain
import Store

/// A seeded case's accounts, plan and payments, moved by the rules the server applies to a
/// recorded payment (`docs/DOMAIN.md`, "One allocation rule"): each payment, in value-date order,
/// pays the debt oldest first through `CaseAllocator` against the plan as of its value date (with
/// the case's pauses), the rest kept as credit; the plan's status is then drawn as of today. So
/// seeded payments reduce overdue, fully paid plans are completed, and every paid installment
/// knows the day it was paid in full.
struct SeedLedger {
    private(set) var accounts: [AccountRecord]
    private(set) var plan: PaymentPlan?
    private(set) var payments: [PaymentRecord] = []
    let country: Country
    let pauses: CaseFlags

    init(accounts: [AccountRecord], plan: PaymentPlan?, country: Country, pauses: CaseFlags) {
        self.accounts = accounts
        self.plan = plan
        self.country = country
        self.pauses = pauses
    }

    private func grace(on day: Day) -> Int { RuleBook.standard.rules(for: country, on: day).planPolicy.graceBankingDays }

    /// Records a payment of `minorUnits` into the first account with value date `day`.
    mutating func pay(_ minorUnits: Int64, on day: Day, id: String, source: String) throws {
        let currency = country.currency
        let positions = accounts.map {
            AccountPosition(number: $0.number, balance: Money(minorUnits: $0.balanceMinor, currency: currency),
                            overdue: Money(minorUnits: $0.overdueMinor, currency: currency),
                            oldestUnpaidDue: $0.oldestUnpaidDue.flatMap { Day(daysSinceEpoch: Int($0)) },
                            credit: Money(minorUnits: $0.creditMinor, currency: currency))
        }
        let application = try CaseAllocator.apply(Money(minorUnits: minorUnits, currency: currency), paidInto: accounts[0].number, on: day,
                                                  accounts: positions,
                                                  plan: plan?.asOf(day, country: country, graceBankingDays: grace(on: day), pauses: pauses))
        for (index, position) in application.accounts.enumerated() {
            accounts[index].balanceMinor = position.balance.minorUnits
            accounts[index].overdueMinor = position.overdue.minorUnits
            accounts[index].oldestUnpaidDue = position.oldestUnpaidDue.map { Int32($0.daysSinceEpoch) }
            accounts[index].creditMinor = position.credit.minorUnits
        }
        if let paid = application.plan { plan = paid }
        let valueDay = Int32(day.daysSinceEpoch)
        payments.append(PaymentRecord(
            id: id, accountNumber: accounts[0].number, caseID: accounts[0].caseID, currency: currency.rawValue, amountMinor: minorUnits,
            paidOn: valueDay, reference: accounts[0].paymentReference, source: source, recordedAtMs: Int64(valueDay + 1) * 86_400_000,
            recordedBy: "payments",
            allocations: application.planAllocations.map {
                AllocationRecord(planID: plan?.id ?? "", installmentSequence: $0.installmentSequence, amountMinor: $0.amount.minorUnits)
            },
            creditMinor: application.credit.minorUnits))
    }

    /// The plan as of `today`, as a record created on `createdOn`.
    func planRecord(asOf today: Day, createdOn: Day) -> PlanRecord? {
        guard let plan else { return nil }
        let evaluated = plan.asOf(today, country: country, graceBankingDays: grace(on: today), pauses: pauses)
        let days = { (day: Day) in Int32(day.daysSinceEpoch) }
        return PlanRecord(
            id: plan.id, caseID: plan.caseId, kind: plan.kind, status: evaluated.status.stage,
            statusOn: evaluated.status.endedOn.map(days), cancelReason: "", currency: country.currency.rawValue, totalMinor: plan.total.minorUnits,
            frequency: "MONTHLY", version: 1, amendments: 0, createdAtMs: Int64(createdOn.daysSinceEpoch) * 86_400_000, createdBy: "handler",
            installments: evaluated.installments.map {
                InstallmentRecord(sequence: $0.sequence, dueOn: days($0.dueDate), requestedDueOn: days($0.requestedDueDate),
                                  amountMinor: $0.amount.minorUnits, paidMinor: $0.paid.minorUnits, paidInFullOn: $0.paidInFullOn.map(days))
            })
    }
}
