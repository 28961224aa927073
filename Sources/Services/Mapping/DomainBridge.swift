import Domain
import Protocol
import Store

/// Conversions between protocol messages, store records and domain values.
enum DomainBridge {
    static func day(_ date: CalendarDate) -> Day { day(date.daysSinceEpoch) }

    /// Days since the epoch as a domain day; both ranges are 0001-01-01 ... 9999-12-31.
    static func day(_ days: Int32) -> Day {
        guard let value = Day(daysSinceEpoch: Int(days)) else { preconditionFailure("day out of range: \(days)") }
        return value
    }

    static func days(_ day: Day) -> Int32 { Int32(day.daysSinceEpoch) }

    static func currency(_ currency: Protocol.Currency, field: String) throws(ServiceFailure) -> Domain.Currency {
        guard let value = Domain.Currency(rawValue: currency.name) else {
            throw ServiceFailure.invalid("CURRENCY_REQUIRED", "currency must be SEK, NOK or DKK", field: field)
        }
        return value
    }

    /// An amount from a request: its currency known and its size within `MoneyLimits`, refused
    /// (`AMOUNT_OVER_LIMIT`) before any arithmetic touches it.
    static func money(_ money: Protocol.Money, field: String) throws(ServiceFailure) -> Domain.Money {
        let value = Domain.Money(minorUnits: money.minorUnits, currency: try currency(money.currency, field: field + ".currency"))
        do {
            return try MoneyLimits.checked(value, fieldPath: field + ".minor_units")
        } catch {
            throw ServiceFailure(error)
        }
    }

    static func frequency(_ frequency: Protocol.PlanFrequency) -> Domain.PlanFrequency? {
        switch frequency {
        case .weekly: .weekly
        case .biweekly: .biweekly
        case .monthly: .monthly
        default: nil
        }
    }

    static func frequencyName(_ frequency: Domain.PlanFrequency?) -> String {
        switch frequency {
        case .weekly: "WEEKLY"
        case .biweekly: "BIWEEKLY"
        case .monthly: "MONTHLY"
        case nil: "UNSPECIFIED"
        }
    }

    /// Refuses terms whose amounts are out of bounds, before anything else is looked at: bad
    /// input is named as such whatever the state of the case.
    static func checkAmounts(_ terms: Protocol.PlanTerms) throws(ServiceFailure) {
        _ = try money(terms.total, field: "terms.total")
        for (index, item) in terms.explicitInstallments.enumerated() {
            _ = try money(item.amount, field: "terms.explicit_installments[\(index)].amount")
        }
    }

    /// The schedule the terms describe, in the customer's country; refuses malformed terms.
    static func schedule(_ terms: Protocol.PlanTerms, country: Domain.Country) throws -> (schedule: [ScheduledInstallment], total: Domain.Money, frequency: Domain.PlanFrequency?) {
        let total = try money(terms.total, field: "terms.total")
        if !terms.explicitInstallments.isEmpty {
            guard terms.explicitInstallments.count <= 120 else {
                throw ServiceFailure.invalid("PLAN_TOO_MANY_INSTALLMENTS", "an explicit schedule has at most 120 installments", field: "terms.explicit_installments")
            }
            var items: [(Day, Domain.Money)] = []
            for (index, item) in terms.explicitInstallments.enumerated() {
                items.append((day(item.dueDate), try money(item.amount, field: "terms.explicit_installments[\(index)].amount")))
            }
            return (try PlanScheduler.explicit(items, country: country), total, nil)
        }
        guard let frequency = frequency(terms.frequency) else {
            throw ServiceFailure.invalid("PLAN_FREQUENCY_REQUIRED", "frequency must be WEEKLY, BIWEEKLY or MONTHLY", field: "terms.frequency")
        }
        guard terms.installmentCount >= 1 else {
            throw ServiceFailure.invalid("PLAN_EMPTY", "installment_count must be at least 1", field: "terms.installment_count")
        }
        guard terms.installmentCount <= 1_000 else {
            throw ServiceFailure.invalid("PLAN_TOO_MANY_INSTALLMENTS", "installment_count is far over any policy", field: "terms.installment_count")
        }
        guard terms.firstDueDate != .epoch else {
            throw ServiceFailure.invalid("PLAN_FIRST_DUE_REQUIRED", "first_due_date is required", field: "terms.first_due_date")
        }
        let domainTerms = Domain.PlanTerms(total: total, installmentCount: Int(terms.installmentCount), frequency: frequency,
                                           firstDueDate: day(terms.firstDueDate))
        return (try PlanScheduler.schedule(domainTerms, country: country), total, frequency)
    }

    static func installmentRecords(_ schedule: [ScheduledInstallment]) -> [InstallmentRecord] {
        schedule.map {
            InstallmentRecord(sequence: $0.sequence, dueOn: days($0.dueDate), requestedDueOn: days($0.requestedDueDate),
                              amountMinor: $0.amount.minorUnits, paidMinor: 0)
        }
    }

    static func installments(_ schedule: [ScheduledInstallment], currency: Protocol.Currency) -> [Installment] {
        schedule.map {
            Installment(sequence: UInt32($0.sequence), dueDate: CalendarDate(daysSinceEpoch: days($0.dueDate)) ?? .epoch,
                        amount: Protocol.Money(minorUnits: $0.amount.minorUnits, currency: currency),
                        paid: Protocol.Money(minorUnits: 0, currency: currency), status: .open,
                        requestedDueDate: $0.requestedDueDate == $0.dueDate ? nil : CalendarDate(daysSinceEpoch: days($0.requestedDueDate)))
        }
    }

    /// A stored plan as a domain plan.
    static func paymentPlan(_ record: PlanRecord) -> PaymentPlan {
        let currency = Domain.Currency(rawValue: record.currency) ?? .sek
        let status: Domain.PlanStatus = switch record.status {
        case .completed: .completed(on: day(record.statusOn ?? 0))
        case .broken: .broken(on: day(record.statusOn ?? 0))
        case .cancelled: .cancelled(on: day(record.statusOn ?? 0), reason: record.cancelReason)
        case .active: .active
        }
        return PaymentPlan(
            id: record.id, caseId: record.caseID, status: status,
            installments: record.installments.map {
                PlanInstallment(sequence: $0.sequence, dueDate: day($0.dueOn), requestedDueDate: day($0.requestedDueOn),
                                amount: Domain.Money(minorUnits: $0.amountMinor, currency: currency),
                                paid: Domain.Money(minorUnits: $0.paidMinor, currency: currency),
                                paidInFullOn: $0.paidMinor == $0.amountMinor ? $0.paidInFullOn.map(day) : nil)
            },
            version: record.version, amendments: record.amendments)
    }

    /// A domain plan written back over its record.
    static func planRecord(_ plan: PaymentPlan, over record: PlanRecord) -> PlanRecord {
        var next = record
        next.status = plan.status.stage
        next.statusOn = plan.status.endedOn.map(days)
        if case .cancelled(_, let reason) = plan.status { next.cancelReason = reason }
        next.kind = plan.kind
        next.installments = plan.installments.map {
            InstallmentRecord(sequence: $0.sequence, dueOn: days($0.dueDate), requestedDueOn: days($0.requestedDueDate),
                              amountMinor: $0.amount.minorUnits, paidMinor: $0.paid.minorUnits, paidInFullOn: $0.paidInFullOn.map(days))
        }
        next.totalMinor = plan.total.minorUnits
        next.version = plan.version
        next.amendments = plan.amendments
        return next
    }

    /// A payment's part on one account, as stored.
    static func paymentPart(_ part: AccountPart) -> PaymentPartRecord {
        PaymentPartRecord(accountNumber: part.number, overdueMinor: part.overdue.minorUnits, notYetDueMinor: part.notYetDue.minorUnits,
                          oldestUnpaidDueBefore: part.oldestUnpaidDueBefore.map { Int32($0.daysSinceEpoch) })
    }

    /// A stored part of a payment in `currency`.
    static func accountPart(_ record: PaymentPartRecord, currency: Domain.Currency) -> AccountPart {
        AccountPart(number: record.accountNumber, overdue: Domain.Money(minorUnits: record.overdueMinor, currency: currency),
                    notYetDue: Domain.Money(minorUnits: record.notYetDueMinor, currency: currency),
                    oldestUnpaidDueBefore: record.oldestUnpaidDueBefore.map(day))
    }
}
