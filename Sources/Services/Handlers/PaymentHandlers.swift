import Domain
import Protocol
import Store

/// Payments: recording (with allocation to the active plan) and listing.
extension CollectService {
    /// Payment files whose reference is an OCR/KID with a MOD10 check digit.
    static let structuredReferenceSources: Set<PaymentSource> = [.bankgiro, .autogiro, .kid, .avtalegiro, .betalingsservice]

    func recordPayment(_ request: RecordPaymentRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> RecordPaymentResponse {
        try require(.recordPayments, principal)
        try requireID(request.accountNumber, field: "account_number", code: "ACCOUNT_NUMBER")
        let amount = try DomainBridge.money(request.amount, field: "amount")
        guard amount.minorUnits > 0 else {
            throw ServiceFailure.invalid("PAYMENT_NOT_POSITIVE", "amount must be more than zero", field: "amount.minor_units")
        }
        guard PaymentSource.allKnown.contains(request.source), request.source != .unspecified else {
            throw ServiceFailure.invalid("PAYMENT_SOURCE_REQUIRED", "source must be a known payment source", field: "source")
        }
        try requireText(request.reference, field: "reference", code: "PAYMENT_REFERENCE", max: Limits.referenceMaxCharacters, required: false)
        do {
            try PaymentReference.check(request.reference, structured: Self.structuredReferenceSources.contains(request.source))
        } catch {
            throw ServiceFailure.invalid(error.code, error.message, field: error.fieldPath)
        }
        guard let account = try context.accountRecord(number: request.accountNumber) else {
            throw ServiceFailure.notFound("ACCOUNT_NOT_FOUND", "no account \(request.accountNumber)", field: "account_number")
        }
        let caseRecord = try scopedCase(account.caseID, principal, context)
        guard amount.currency.rawValue == account.currency else {
            throw ServiceFailure.invalid("PAYMENT_CURRENCY_MISMATCH", "account \(account.number) is in \(account.currency)", field: "amount.currency")
        }
        let today = self.today(caseRecord.country)
        let paidOn = request.paidOn.daysSinceEpoch
        guard request.paidOn != .epoch else {
            throw ServiceFailure.invalid("PAYMENT_DATE_REQUIRED", "paid_on is required", field: "paid_on")
        }
        if let failure = PaymentDateWindow.failure(paidOn: DomainBridge.day(paidOn), today: DomainBridge.day(today)) {
            throw ServiceFailure.invalid("PAYMENT_DATE_OUT_OF_RANGE", "paid_on must be \(PaymentDateWindow.rule) (it is \(failure == .future ? "after today" : "older"))",
                                         field: "paid_on")
        }
        let applied = try applyPayment(amount, into: account, of: caseRecord, paidOn: paidOn, reference: request.reference,
                                       source: request.source.name, recordedBy: principal.name, context: context)
        return RecordPaymentResponse(payment: RecordMapping.payment(applied.payment), caseVersion: UInt64(applied.caseVersion), plans: applied.plans)
    }

    /// Applies a payment of `amount` into `account` as of `paidOn` (the value date), whoever
    /// recorded it (a handler, a bank's file): the case's one allocation rule, the plan's facts,
    /// the payment row, its audit and the case's new version. The caller has checked rights,
    /// currency and date.
    func applyPayment(_ amount: Domain.Money, into account: AccountRecord, of caseRecord: CaseRecord, paidOn: Int32, reference: String,
                      source: String, recordedBy: String, context: any WriteTransaction) throws -> (payment: PaymentRecord, plans: [Plan], caseVersion: Int64) {
        let today = self.today(caseRecord.country)
        let paymentID = try context.nextID("payment", prefix: "PM")
        let accounts = try context.accountRecords(caseID: caseRecord.id)
        let planRecord = try payablePlan(caseID: caseRecord.id, connection: context)
        let country = country(caseRecord.country)
        let valueDay = DomainBridge.day(paidOn)
        let flags = try context.flagRecords(caseID: caseRecord.id)
        // One rule for the whole case (docs/DOMAIN.md): the debt oldest first, the same amount to
        // the plan as it stood on the value date, the rest as credit on this account.
        let application = try CaseAllocator.apply(amount, paidInto: account.number, on: valueDay,
                                                  accounts: accounts.map(DomainBridge.accountPosition),
                                                  plan: planRecord.map(DomainBridge.paymentPlan)?
                                                      .asOf(valueDay, country: country, graceBankingDays: graceBankingDays(country, on: valueDay),
                                                           pauses: ContactFacts.pauses(flags)))
        for (record, position) in zip(accounts, application.accounts) {
            let next = DomainBridge.accountRecord(position, over: record)
            if next != record { try context.update(next) }
        }
        var allocations: [AllocationRecord] = []
        var affected: [Plan] = []
        if let planRecord, let plan = application.plan {
            allocations = application.planAllocations.map {
                AllocationRecord(planID: planRecord.id, installmentSequence: $0.installmentSequence, amountMinor: $0.amount.minorUnits)
            }
            let now = try storePaid(plan, over: planRecord, paymentID: paymentID, valueDay: valueDay, country: caseRecord.country,
                                    flags: flags, context: context)
            affected.append(RecordMapping.plan(now, today: today))
        }
        let payment = PaymentRecord(id: paymentID, accountNumber: account.number, caseID: caseRecord.id,
                                    currency: account.currency, amountMinor: amount.minorUnits, paidOn: paidOn, reference: reference,
                                    source: source, recordedAtMs: context.nowMs, recordedBy: recordedBy,
                                    allocations: allocations, creditMinor: application.credit.minorUnits,
                                    parts: application.parts.map(DomainBridge.paymentPart))
        try context.insert(payment)
        try context.audit(action: "payment.record", entity: "account", entityID: account.number, versionBefore: nil, versionAfter: nil,
                          detail: "\(payment.id) \(amount.minorUnits) \(account.currency) \(source) credit \(payment.creditMinor)")
        let next = try bumpCase(caseRecord, context: context, action: "case.payment", detail: payment.id)
        return (payment, affected, next.version)
    }

    /// Undoes `original` for the bank's reversal `bankID`, through the allocation's inverse
    /// (`CaseAllocator.reverse`) from what the payment recorded: the accounts' debt and credit
    /// back, the plan's installments without what it paid, the reversal recorded, audited
    /// (`payment.reverse`, `plan.reversal`, the case's new version). Nil when done; else why it
    /// cannot be undone automatically (nothing written), for the unmatched list.
    func reversePayment(_ original: PaymentRecord, bankID: String, context: any WriteTransaction) throws -> String? {
        guard let caseRecord = try context.caseRecord(id: original.caseID) else { return "the case \(original.caseID) of \(original.id) is gone" }
        guard original.amountMinor == original.creditMinor || !original.parts.isEmpty else {
            return "\(original.id) was recorded before Collect kept which debt a payment paid; undo it by hand"
        }
        let planIDs = Set(original.allocations.map(\.planID))
        guard planIDs.count <= 1 else { return "\(original.id) paid installments of more than one plan; undo it by hand" }
        let planRecord = try planIDs.first.flatMap { try context.planRecord(id: $0) }
        // Only the case's newest plan is given back what it was paid: an older one (completed,
        // then followed by a new agreement) must not become active beside it.
        if let planRecord, try context.planRecords(caseID: caseRecord.id).first?.id != planRecord.id {
            return "plan \(planRecord.id), which \(original.id) paid into, has been followed by a newer plan; undo it by hand"
        }
        // An amendment renumbers and closes installments: which of them the payment's allocations
        // name is no longer certain, whether the amendment came before the payment or after it.
        if let planRecord, planRecord.amendments > 0 {
            return "plan \(planRecord.id), which \(original.id) paid into, has been amended; undo it by hand"
        }
        let currency = Domain.Currency(rawValue: original.currency) ?? .sek
        func money(_ minor: Int64) -> Domain.Money { Domain.Money(minorUnits: minor, currency: currency) }
        let accounts = try context.accountRecords(caseID: caseRecord.id)
        let result = try CaseAllocator.reverse(
            money(original.amountMinor), paidInto: original.accountNumber, on: DomainBridge.day(original.paidOn),
            parts: original.parts.map { DomainBridge.accountPart($0, currency: currency) }, credit: money(original.creditMinor),
            allocations: original.allocations.map { Allocation(installmentSequence: $0.installmentSequence, amount: money($0.amountMinor)) },
            accounts: accounts.map(DomainBridge.accountPosition), plan: planRecord.map(DomainBridge.paymentPlan))
        let undone: PaymentApplication
        switch result {
        case .failure(.accountGone(let number)):
            return "account \(number), which \(original.id) paid, is no longer the case's in \(original.currency); undo it by hand"
        case .failure(.planChanged):
            return "plan \(planIDs.first ?? "") has changed since \(original.id) paid into it (cancelled, broken, or its installments no longer hold what it paid); undo it by hand"
        case .success(let value):
            undone = value
        }
        for (record, position) in zip(accounts, undone.accounts) {
            let next = DomainBridge.accountRecord(position, over: record)
            if next != record { try context.update(next) }
        }
        if let planRecord, let plan = undone.plan {
            var next = DomainBridge.planRecord(plan, over: planRecord)
            next.version = planRecord.version + 1
            try context.update(next, expectedVersion: planRecord.version)
            try context.audit(action: "plan.reversal", entity: "plan", entityID: planRecord.id, versionBefore: planRecord.version,
                              versionAfter: next.version, detail: "\(original.id) reversed by \(bankID): paid \(next.paidMinor) of \(next.totalMinor) \(next.status)")
        }
        try context.insertReversal(paymentID: original.id, bankID: bankID, atMs: context.nowMs, by: context.actor)
        try context.audit(action: "payment.reverse", entity: "account", entityID: original.accountNumber, versionBefore: nil, versionAfter: nil,
                          detail: "\(original.id) \(original.amountMinor) \(original.currency) reversed by \(bankID)")
        _ = try bumpCase(caseRecord, context: context, action: "case.payment_reversed", detail: original.id)
        return nil
    }

    /// The newest plan of a case when it can still take payments: active, or broken as stored (a
    /// break is drawn again from the facts as of each payment's value date). Only the newest: a
    /// new plan is agreed only once the last one has ended.
    func payablePlan(caseID: String, connection: any RecordReading) throws -> PlanRecord? {
        guard let newest = try connection.planRecords(caseID: caseID).first else { return nil }
        return newest.status == .active || newest.status == .broken ? newest : nil
    }

    /// Stores `plan` after a payment over `record`: facts only (what is paid, the value dates that
    /// paid installments in full, completion once all is paid), never a break. Audits the payment,
    /// and the plan's restoration when it read as broken today and no longer does. Returns the
    /// plan as of today.
    func storePaid(_ plan: PaymentPlan, over record: PlanRecord, paymentID: String, valueDay: Day, country: String,
                   flags: [FlagRecord], context: any WriteTransaction) throws -> PlanRecord {
        let before = evaluated(record, country: country, flags: flags)
        var next = DomainBridge.planRecord(plan, over: record)
        next.version = record.version + 1
        try context.update(next, expectedVersion: record.version)
        try context.audit(action: "plan.payment", entity: "plan", entityID: record.id, versionBefore: record.version,
                          versionAfter: next.version, detail: "\(paymentID) paid \(next.paidMinor) of \(next.totalMinor) \(next.status)")
        let now = evaluated(next, country: country, flags: flags)
        if before.status == .broken, now.status != .broken {
            try context.audit(action: "plan.restored", entity: "plan", entityID: record.id, versionBefore: next.version, versionAfter: next.version,
                              detail: "\(paymentID) paid on \(valueDay) within the grace rule; read as broken until now")
        }
        return now
    }

    func listPayments(_ request: ListPaymentsRequest, _ call: Call) throws -> ListPaymentsResponse {
        try require(.readCases, call.principal)
        guard request.accountNumber.isEmpty != request.caseId.isEmpty else {
            throw ServiceFailure.invalid("PAYMENT_FILTER_REQUIRED", "give exactly one of account_number and case_id", field: "account_number")
        }
        let pageSize = request.page.pageSize == 0 ? Limits.paymentPageMax : Int(request.page.pageSize)
        guard pageSize <= Limits.paymentPageMax else {
            throw ServiceFailure.invalid("PAGE_SIZE_TOO_LARGE", "page_size is at most \(Limits.paymentPageMax)", field: "page.page_size")
        }
        var before: (paidOn: Int32, id: String)?
        if !request.page.cursor.isEmpty {
            let parts = request.page.cursor.split(separator: "/", maxSplits: 1)
            guard parts.count == 2, let day = Int32(parts[0]), parts[1].count <= Limits.idMaxCharacters else {
                throw ServiceFailure.invalid("PAGE_CURSOR_INVALID", "cursor must be a next_cursor from an earlier page", field: "page.cursor")
            }
            before = (day, String(parts[1]))
        }
        return try call.reader.read { connection in
            let caseID: String
            if !request.accountNumber.isEmpty {
                try requireID(request.accountNumber, field: "account_number", code: "ACCOUNT_NUMBER")
                guard let account = try connection.accountRecord(number: request.accountNumber) else {
                    throw ServiceFailure.notFound("ACCOUNT_NOT_FOUND", "no account \(request.accountNumber)", field: "account_number")
                }
                caseID = account.caseID
            } else {
                caseID = request.caseId
            }
            _ = try scopedCase(caseID, call.principal, connection)
            let rows = try connection.paymentRecords(caseID: caseID, accountNumber: request.accountNumber.isEmpty ? nil : request.accountNumber,
                                                     limit: pageSize + 1, before: before)
            let page = Array(rows.prefix(pageSize))
            let cursor = rows.count > pageSize ? page.last.map { "\($0.paidOn)/\($0.id)" } ?? "" : ""
            return ListPaymentsResponse(payments: page.map(RecordMapping.payment), nextCursor: cursor)
        }
    }
}
