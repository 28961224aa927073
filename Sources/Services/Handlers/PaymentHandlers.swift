import Domain
import Protocol
import Store

/// Payments: recording (with allocation to the active plan) and listing.
extension CollectService {
    func recordPayment(_ request: RecordPaymentRequest, _ principal: Principal, _ context: WriteContext) throws -> RecordPaymentResponse {
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
        guard let account = try context.connection.accountRecord(number: request.accountNumber) else {
            throw ServiceFailure.notFound("ACCOUNT_NOT_FOUND", "no account \(request.accountNumber)", field: "account_number")
        }
        let caseRecord = try scopedCase(account.caseID, principal, context.connection)
        guard amount.currency.rawValue == account.currency else {
            throw ServiceFailure.invalid("PAYMENT_CURRENCY_MISMATCH", "account \(account.number) is in \(account.currency)", field: "amount.currency")
        }
        let today = self.today(caseRecord.country)
        let paidOn = request.paidOn.daysSinceEpoch
        guard request.paidOn != .epoch else {
            throw ServiceFailure.invalid("PAYMENT_DATE_REQUIRED", "paid_on is required", field: "paid_on")
        }
        guard paidOn <= today, paidOn >= today - Limits.paymentMaxAgeDays else {
            throw ServiceFailure.invalid("PAYMENT_DATE_OUT_OF_RANGE", "paid_on must be today or within the last \(Limits.paymentMaxAgeDays) days", field: "paid_on")
        }
        let paymentID = try context.nextID("payment", prefix: "PM")
        let accounts = try context.connection.accountRecords(caseID: caseRecord.id)
        // Only the newest plan can take payments (a new plan is agreed only once the last one
        // ended); a stored break is drawn again from the facts as of the payment's value date.
        let planRecord = try context.connection.planRecords(caseID: caseRecord.id).first
            .flatMap { $0.status == "ACTIVE" || $0.status == "BROKEN" ? $0 : nil }
        let country = country(caseRecord.country)
        let valueDay = DomainBridge.day(paidOn), todayDay = DomainBridge.day(today)
        let storedPlan = planRecord.map(DomainBridge.paymentPlan)
        let seenToday = storedPlan?.asOf(todayDay, country: country, graceBankingDays: graceBankingDays(country, on: todayDay))
        // One rule for the whole case (docs/DOMAIN.md): the debt oldest first, the same amount to
        // the plan as it stood on the value date, the rest as credit on this account.
        let application = try CaseAllocator.apply(amount, paidInto: account.number, on: valueDay,
                                                  accounts: accounts.map(DomainBridge.accountPosition),
                                                  plan: storedPlan?.asOf(valueDay, country: country,
                                                                         graceBankingDays: graceBankingDays(country, on: valueDay)))
        for (record, position) in zip(accounts, application.accounts) {
            let next = DomainBridge.accountRecord(position, over: record)
            if next != record { try context.connection.update(next) }
        }
        var allocations: [AllocationRecord] = []
        var affected: [Plan] = []
        if let planRecord, let plan = application.plan {
            allocations = application.planAllocations.map {
                AllocationRecord(planID: planRecord.id, installmentSequence: $0.installmentSequence, amountMinor: $0.amount.minorUnits)
            }
            // Stored: the facts (what is paid, on which value date; completion when all is paid).
            var next = DomainBridge.planRecord(plan, over: planRecord)
            next.version = planRecord.version + 1
            try context.connection.update(next, expectedVersion: planRecord.version)
            try context.audit(action: "plan.payment", entity: "plan", entityID: planRecord.id, versionBefore: planRecord.version,
                              versionAfter: next.version, detail: "\(paymentID) \(application.debtPaid.minorUnits) \(next.status)")
            let now = evaluated(next, country: caseRecord.country, asOf: today)
            if seenToday?.status.name == "BROKEN", now.status != "BROKEN" {
                try context.audit(action: "plan.restored", entity: "plan", entityID: planRecord.id, versionBefore: next.version,
                                  versionAfter: next.version,
                                  detail: "\(paymentID) paid on \(valueDay) within the grace rule; was broken as of \(todayDay)")
            }
            affected.append(RecordMapping.plan(now, today: today))
        }
        let payment = PaymentRecord(id: paymentID, accountNumber: account.number, caseID: caseRecord.id,
                                    currency: account.currency, amountMinor: amount.minorUnits, paidOn: paidOn, reference: request.reference,
                                    source: request.source.name, recordedAtMs: context.nowMs, recordedBy: principal.name,
                                    allocations: allocations, creditMinor: application.credit.minorUnits)
        try context.connection.insert(payment)
        try context.audit(action: "payment.record", entity: "account", entityID: account.number, versionBefore: nil, versionAfter: nil,
                          detail: "\(payment.id) \(amount.minorUnits) \(account.currency) \(request.source.name) credit \(payment.creditMinor)")
        let next = try bumpCase(caseRecord, context: context, action: "case.payment", detail: payment.id)
        return RecordPaymentResponse(payment: RecordMapping.payment(payment), caseVersion: UInt64(next.version), plans: affected)
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
