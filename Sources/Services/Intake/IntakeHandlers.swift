import Crypto
import Domain
import Protocol
import Store

/// A batch of the card ledger's account states, checked on the calling thread: every state
/// valid on its own, no account twice, every country in the caller's scope. Grouped by customer
/// (the national ID's look-up hash) in the order customers first appear.
struct IntakeBatch: Sendable {
    struct Row: Sendable {
        /// The state's index in the request.
        var index: Int
        var state: LedgerAccountState
    }

    struct Customer: Sendable {
        var lookupHash: [UInt8]
        var country: Domain.Country
        var today: Day
        var rows: [Row]
        /// The customer's details as the last of their states gives them.
        var latest: LedgerAccountState { rows[rows.count - 1].state }
    }

    var batchID: String
    /// SHA-256 of the request message: the same batch sent again has the same digest.
    var digest: [UInt8]
    var count: Int
    var customers: [Customer]
}

/// `Intake.SubmitAccountStates` (docs/INTAKE.md): the batch is checked whole on the calling
/// thread, then applied as one mutation (all or nothing) by the writer, audited as the caller's
/// token. A customer without a case whose account enters collections by the country's entry rule
/// gets a customer, a case and accounts; a customer with a case has their details and accounts
/// updated and the case's state derived again (cured when nothing is overdue, reopened when
/// something is again).
extension CollectService {
    func submitAccountStates(_ call: Call) {
        if let fault = call.storageFault() { return call.completion(.failure(fault)) }
        let batch: IntakeBatch
        do {
            let request = try call.decode(SubmitAccountStatesRequest.self)
            try require(.submitIntake, call.principal)
            batch = try checkedIntake(request, bytes: call.request, principal: call.principal)
        } catch {
            return call.completion(.failure(Call.failure(error)))
        }
        let completion = call.completion
        writer.submit(Mutation(
            actor: call.principal.name, idempotency: nil, isWanted: call.environment.isWanted,
            apply: { context in try self.applyIntake(batch, context: context) },
            completion: { result in
                switch result {
                case .success(let outcome): completion(.success(outcome.response))
                case .failure(.store(let error)): completion(.failure(ServiceFailure(error)))
                case .failure(.refused(let error)): completion(.failure(Call.failure(error)))
                }
            }))
    }

    /// The batch's own checks: its id and size, each state, duplicates, the caller's countries.
    func checkedIntake(_ request: SubmitAccountStatesRequest, bytes: [UInt8], principal: Principal) throws(ServiceFailure) -> IntakeBatch {
        let id = request.batchId
        guard !id.isEmpty, id.utf8.count <= IntakeLimits.batchIDMaxCharacters, id.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw .invalid("INTAKE_BATCH_ID_INVALID", "batch_id must be 1 to \(IntakeLimits.batchIDMaxCharacters) printable ASCII characters without spaces",
                           field: "batch_id")
        }
        guard !request.states.isEmpty else { throw .invalid("INTAKE_BATCH_EMPTY", "the batch has no account states", field: "states") }
        guard request.states.count <= IntakeLimits.statesPerBatchMax else {
            throw .invalid("INTAKE_BATCH_TOO_LARGE", "a batch holds at most \(IntakeLimits.statesPerBatchMax) account states, this one \(request.states.count): send more batches",
                           field: "states")
        }
        var problems: [(index: Int, problem: LedgerAccountState.Problem)] = []
        var seen: [String: Int] = [:]
        var customers: [IntakeBatch.Customer] = []
        var customerIndex: [[UInt8]: Int] = [:]
        var todays: [Domain.Country: Day] = [:]
        for (index, message) in request.states.enumerated() {
            guard let country = Domain.Country(rawValue: message.country.name) else {
                problems.append((index, .init("INTAKE_COUNTRY_UNKNOWN", "country", "country is SE, NO or DK")))
                continue
            }
            try requireCountry(country.rawValue, principal, what: "account state \(index)")
            let today = todays[country] ?? DomainBridge.day(self.today(country.rawValue))
            todays[country] = today
            let state = Self.ledgerState(message, country: country)
            var found = state.problems(today: today)
            if let first = seen[state.accountNumber] {
                found.append(.init("INTAKE_ACCOUNT_DUPLICATE", "account_number", "account \(state.accountNumber) is also state \(first) of the batch"))
            } else {
                seen[state.accountNumber] = index
            }
            guard found.isEmpty, let form = state.nationalIDLookupForm(today: today) else {
                problems += found.map { (index, $0) }
                continue
            }
            let hash = sealer.lookupHash(form)
            let row = IntakeBatch.Row(index: index, state: state)
            if let at = customerIndex[hash] {
                customers[at].rows.append(row)
            } else {
                customerIndex[hash] = customers.count
                customers.append(IntakeBatch.Customer(lookupHash: hash, country: country, today: today, rows: [row]))
            }
        }
        guard problems.isEmpty else { throw Self.intakeRefusal(problems) }
        return IntakeBatch(batchID: id, digest: Digest.sha256(bytes), count: request.states.count, customers: customers)
    }

    /// A protocol state as the domain's; an unknown currency stays unknown to be refused.
    static func ledgerState(_ message: AccountState, country: Domain.Country) -> LedgerAccountState {
        func money(_ value: Protocol.Money) -> Domain.Money {
            // An unknown currency cannot be the country's: refused as INTAKE_CURRENCY_MISMATCH.
            let currency = Domain.Currency(rawValue: value.currency.name) ?? (country == .se ? .nok : .sek)
            return Domain.Money(minorUnits: value.minorUnits, currency: currency)
        }
        return LedgerAccountState(
            country: country, nationalID: message.nationalId, fullName: message.fullName, language: message.language.name,
            phone: message.phone, email: message.email, addressLine: message.addressLine, postalCode: message.postalCode, city: message.city,
            accountNumber: message.accountNumber, product: message.product, balance: money(message.balance), overdue: money(message.overdue),
            oldestUnpaidDue: message.oldestUnpaidDueDate.map(DomainBridge.day), creditLimit: money(message.creditLimit),
            directDebitMandate: message.directDebitMandate)
    }

    /// INVALID_ARGUMENT `INTAKE_ROWS_INVALID`: each refused state a fact `state` =
    /// `index CODE (field): message` (the first `problemsListedMax`, then a count).
    static func intakeRefusal(_ problems: [(index: Int, problem: LedgerAccountState.Problem)]) -> ServiceFailure {
        let first = problems[0]
        var facts = problems.prefix(IntakeLimits.problemsListedMax).map { ErrorFact(key: "state", value: "\($0.index) \($0.problem)") }
        if problems.count > IntakeLimits.problemsListedMax {
            facts.append(ErrorFact(key: "more", value: String(problems.count - IntakeLimits.problemsListedMax)))
        }
        return ServiceFailure(.invalidArgument, "INTAKE_ROWS_INVALID",
                              "\(problems.count) account states are refused, nothing applied; the first: state \(first.index): \(first.problem)",
                              field: "states[\(first.index)].\(first.problem.field)", facts: facts)
    }

    // MARK: On the writer thread

    /// Applies a checked batch inside the writer's transaction, or answers its first result.
    func applyIntake(_ batch: IntakeBatch, context: any WriteTransaction) throws -> [UInt8] {
        if let earlier = try context.intakeBatchRecord(batchID: batch.batchID) {
            guard earlier.digest == batch.digest else {
                throw ServiceFailure(.failedPrecondition, "INTAKE_BATCH_ID_REUSED",
                                     "batch \(batch.batchID) was applied before with other account states; nothing applied: use a new batch id",
                                     field: "batch_id")
            }
            var first = try SubmitAccountStatesResponse(decoding: earlier.response)
            first.replayed = true
            return first.encoded()
        }
        var response = SubmitAccountStatesResponse(batchId: batch.batchID, states: UInt32(batch.count))
        var problems: [(index: Int, problem: LedgerAccountState.Problem)] = []
        for customer in batch.customers {
            let caseID = try context.caseID(nationalIDLookup: customer.lookupHash)
            var accounts: [String: AccountRecord] = [:]
            for row in customer.rows {
                guard let account = try context.accountRecord(number: row.state.accountNumber) else { continue }
                if account.caseID != caseID {
                    problems.append((row.index, .init("INTAKE_ACCOUNT_OTHER_CUSTOMER", "account_number",
                                                      "account \(account.number) belongs to another customer in the book")))
                } else if account.currency != row.state.balance.currency.rawValue {
                    problems.append((row.index, .init("INTAKE_ACCOUNT_CURRENCY_CHANGED", "balance",
                                                      "account \(account.number) is in \(account.currency) in the book")))
                }
                accounts[account.number] = account
            }
            guard problems.isEmpty else { continue }  // refused below; no point changing more
            let rule = ruleBook.rules(for: customer.country, on: customer.today).entryRule
            let enters = customer.rows.contains { $0.state.enters(by: rule, on: customer.today) }
            switch IntakeDecision.decide(hasCase: caseID != nil, anyEnters: enters) {
            case .stayOut:
                response.notInCollections += UInt32(customer.rows.count)
            case .openCase:
                let opened = try openCase(customer, context: context)
                response.casesOpened += 1
                response.openedCaseIds.append(opened)
            case .updateCase:
                guard let caseID else { preconditionFailure("updateCase is decided only for a customer with a case") }
                try updateCase(caseID, customer, accounts: accounts, response: &response, context: context)
            }
        }
        guard problems.isEmpty else { throw Self.intakeRefusal(problems.sorted { $0.index < $1.index }) }
        let encoded = response.encoded()
        try context.insert(IntakeBatchRecord(batchID: batch.batchID, digest: batch.digest, states: Int64(batch.count), response: encoded,
                                             receivedAtMs: context.nowMs, receivedBy: context.actor))
        try context.audit(action: "intake.batch", entity: "intake_batch", entityID: batch.batchID, versionBefore: nil, versionAfter: nil,
                          detail: "\(batch.count) states: \(response.casesOpened) opened, \(response.accountsAdded) accounts added, "
                              + "\(response.accountsUpdated) updated, \(response.accountsUnchanged) unchanged, \(response.notInCollections) not in collections, "
                              + "\(response.casesCured) cured, \(response.casesReopened) reopened")
        return encoded
    }

    /// A new customer, case and accounts; returns the case's id.
    private func openCase(_ customer: IntakeBatch.Customer, context: any WriteTransaction) throws -> String {
        let latest = customer.latest
        let customerID = try context.nextID("customer", prefix: "CU")
        let caseID = try context.nextID("case", prefix: "C")
        try context.insert(CustomerRecord(
            id: customerID, country: customer.country.rawValue, fullName: latest.fullName, nationalIDLookup: customer.lookupHash,
            nationalIDSealed: sealer.seal(latest.nationalID), nationalIDMasked: NationalID.mask(latest.nationalID), phone: latest.phone,
            email: latest.email, language: latest.language, mandate: latest.directDebitMandate ? "ACTIVE" : "NONE",
            addressLine: latest.addressLine, postalCode: latest.postalCode, city: latest.city))
        var accounts: [AccountRecord] = []
        for row in customer.rows {
            var account = Self.accountRecord(row.state, customerID: customerID, caseID: caseID)
            account.paymentReference = try newPaymentReference(customer.country, context: context)
            accounts.append(account)
        }
        let day = DomainBridge.days(customer.today)
        let status = Self.caseState(flags: [], planInForce: false, accounts: accounts, on: day)
        try context.insert(CaseRecord(id: caseID, customerID: customerID, country: customer.country.rawValue, status: status,
                                      assignedHandler: "", segment: "", version: 1, openedOn: day))
        for account in accounts { try context.insert(account) }
        let overdue = Domain.Money(minorUnits: Domain.Money.clampedSum(accounts.map(\.overdueMinor)), currency: customer.country.currency)
        try context.audit(action: "case.opened", entity: "case", entityID: caseID, versionBefore: nil, versionAfter: 1,
                          detail: "from the card ledger: \(accounts.count) accounts, \(overdue.formatted(style: .nordic)) \(overdue.currency) overdue")
        return caseID
    }

    /// The customer's details and accounts brought up to the ledger's states; the case's version
    /// moves and its state is derived again when anything changed.
    private func updateCase(_ caseID: String, _ customer: IntakeBatch.Customer, accounts: [String: AccountRecord],
                            response: inout SubmitAccountStatesResponse, context: any WriteTransaction) throws {
        guard let caseRecord = try context.caseRecord(id: caseID), let stored = try context.customerRecord(id: caseRecord.customerID) else {
            throw StoreError.notFound(entity: "case", id: caseID)
        }
        var changes: [String] = []
        let latest = customer.latest
        var details = stored
        details.fullName = latest.fullName
        details.phone = latest.phone
        details.email = latest.email
        details.language = latest.language
        details.addressLine = latest.addressLine
        details.postalCode = latest.postalCode
        details.city = latest.city
        // The ledger knows only whether a mandate is in force: a pending or cancelled one stays as
        // recorded until the ledger says it is in force.
        details.mandate = latest.directDebitMandate ? "ACTIVE" : (stored.mandate == "ACTIVE" ? "NONE" : stored.mandate)
        if details != stored {
            try context.updateContactDetails(details)
            response.customersUpdated += 1
            // Which fields, never their values: the audit log is read by roles without personal data.
            changes.append("customer " + Self.changedFields(stored, details).joined(separator: ", "))
        }
        for row in customer.rows {
            let sent = Self.accountRecord(row.state, customerID: stored.id, caseID: caseID)
            if let current = accounts[row.state.accountNumber] {
                var next = current
                next.product = sent.product
                next.balanceMinor = sent.balanceMinor
                next.overdueMinor = sent.overdueMinor
                next.oldestUnpaidDue = sent.oldestUnpaidDue
                next.creditLimitMinor = sent.creditLimitMinor
                guard next != current else {
                    response.accountsUnchanged += 1
                    continue
                }
                try context.updateLedgerState(next)
                try context.audit(action: "account.updated", entity: "account", entityID: next.number, versionBefore: nil, versionAfter: nil,
                                  detail: "from the card ledger: " + Self.ledgerChange(current, next))
                response.accountsUpdated += 1
                changes.append("account \(next.number) updated")
            } else {
                var account = sent
                account.paymentReference = try newPaymentReference(customer.country, context: context)
                try context.insert(account)
                try context.audit(action: "account.added", entity: "account", entityID: account.number, versionBefore: nil, versionAfter: nil,
                                  detail: "from the card ledger: overdue \(account.overdueMinor) minor units")
                response.accountsAdded += 1
                changes.append("account \(account.number) added")
            }
        }
        guard !changes.isEmpty else { return }
        var next = caseRecord
        next.version += 1
        next.status = try derivedStatus(caseID: caseID, country: caseRecord.country, connection: context, today: DomainBridge.days(customer.today))
        try context.update(next, expectedVersion: caseRecord.version)
        let transition = IntakeTransition.between(caseRecord.status, next.status)
        switch transition {
        case .cured: response.casesCured += 1
        case .reopened: response.casesReopened += 1
        case .updated: break
        }
        try context.audit(action: transition.rawValue, entity: "case", entityID: caseID, versionBefore: caseRecord.version, versionAfter: next.version,
                          detail: "from the card ledger: " + changes.joined(separator: "; ")
                              + (next.status == caseRecord.status ? "" : "; \(caseRecord.status.rawValue) → \(next.status.rawValue)"))
    }

    /// The account a ledger state describes (its payment reference still to be given).
    static func accountRecord(_ state: LedgerAccountState, customerID: String, caseID: String) -> AccountRecord {
        AccountRecord(number: state.accountNumber, customerID: customerID, caseID: caseID, product: state.product,
                      currency: state.balance.currency.rawValue, balanceMinor: state.balance.minorUnits, overdueMinor: state.overdue.minorUnits,
                      oldestUnpaidDue: state.oldestUnpaidDue.map(DomainBridge.days), creditLimitMinor: state.creditLimit.minorUnits,
                      paymentReference: "")
    }

    /// Names of the customer fields that differ.
    static func changedFields(_ before: CustomerRecord, _ after: CustomerRecord) -> [String] {
        let fields: [(String, KeyPath<CustomerRecord, String>)] = [
            ("name", \.fullName), ("phone", \.phone), ("email", \.email), ("language", \.language), ("mandate", \.mandate),
            ("address", \.addressLine), ("postal code", \.postalCode), ("city", \.city),
        ]
        return fields.filter { before[keyPath: $0.1] != after[keyPath: $0.1] }.map(\.0)
    }

    /// `balance 1000 → 0, overdue …` for the fields of an account that changed, in minor units.
    static func ledgerChange(_ before: AccountRecord, _ after: AccountRecord) -> String {
        var parts: [String] = []
        if before.balanceMinor != after.balanceMinor { parts.append("balance \(before.balanceMinor) → \(after.balanceMinor)") }
        if before.overdueMinor != after.overdueMinor { parts.append("overdue \(before.overdueMinor) → \(after.overdueMinor)") }
        if before.oldestUnpaidDue != after.oldestUnpaidDue {
            let text = { (day: Int32?) in day.map { DomainBridge.day($0).description } ?? "none" }
            parts.append("oldest unpaid due \(text(before.oldestUnpaidDue)) → \(text(after.oldestUnpaidDue))")
        }
        if before.creditLimitMinor != after.creditLimitMinor { parts.append("credit limit \(before.creditLimitMinor) → \(after.creditLimitMinor)") }
        if before.product != after.product { parts.append("product \(before.product) → \(after.product)") }
        return parts.joined(separator: ", ") + " minor units"
    }

    /// A payment reference no account has, under the issuer's scheme for `country`: the serial is
    /// `9` and an eight-digit sequence number, one digit longer than the seeded serials, so the two
    /// never meet; the book is asked all the same.
    func newPaymentReference(_ country: Domain.Country, context: any WriteTransaction) throws -> String {
        for _ in 0..<8 {
            let id = try context.nextID("payment_reference", prefix: "R")
            let digits = String(id.dropFirst(2))
            guard let serial = UInt64("9" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits) else { break }
            let reference = AccountReference.make(serial: serial, scheme: .issuerDefault(country))
            if try context.accountNumbers(paymentReference: reference, limit: 1).isEmpty { return reference }
        }
        throw ServiceFailure(.internal, "INTERNAL", "no free payment reference was found")
    }
}
