import SQLiteDriver

// The SQLite book's side of the seam: a connection answers record reads (inside whatever
// transaction its owner opened), `WriteContext` is the write transaction, `StoreReader` and
// `StoreWriter` the reader and writer. SQLite's errors become `StoreError` here, at the edge.

extension Connection: RecordReading {}

extension StoreReader: BookReader {}

extension StoreWriter: BookWriter {}

extension WriteContext: WriteTransaction {
    public func caseRecord(id: String) throws -> CaseRecord? { try connection.caseRecord(id: id) }
    public func caseRecordWithContents(id: String) throws -> (CaseRecord, CaseContents)? { try connection.caseRecordWithContents(id: id) }
    public func customerRecord(id: String) throws -> CustomerRecord? { try connection.customerRecord(id: id) }
    public func caseID(customerID: String) throws -> String? { try connection.caseID(customerID: customerID) }
    public func caseID(accountNumber: String) throws -> String? { try connection.caseID(accountNumber: accountNumber) }
    public func caseID(nationalIDLookup: [UInt8]) throws -> String? { try connection.caseID(nationalIDLookup: nationalIDLookup) }
    public func accountRecords(caseID: String) throws -> [AccountRecord] { try connection.accountRecords(caseID: caseID) }
    public func accountRecord(number: String) throws -> AccountRecord? { try connection.accountRecord(number: number) }
    public func planRecord(id: String) throws -> PlanRecord? { try connection.planRecord(id: id) }
    public func planRecords(caseID: String) throws -> [PlanRecord] { try connection.planRecords(caseID: caseID) }
    public func planHistory(id: String, current: PlanRecord) throws -> [PlanRecord] { try connection.planHistory(id: id, current: current) }
    public func contactRecords(caseID: String, limit: Int) throws -> [ContactRecord] { try connection.contactRecords(caseID: caseID, limit: limit) }
    public func noteRecords(caseID: String, limit: Int) throws -> [NoteRecord] { try connection.noteRecords(caseID: caseID, limit: limit) }
    public func noteRecords(caseID: String, before: (createdAtMs: Int64, id: String)?, limit: Int) throws -> [NoteRecord] {
        try connection.noteRecords(caseID: caseID, before: before, limit: limit)
    }
    public func flagRecords(caseID: String) throws -> [FlagRecord] { try connection.flagRecords(caseID: caseID) }
    public func paymentRecords(caseID: String?, accountNumber: String?, limit: Int, before: (paidOn: Int32, id: String)?) throws -> [PaymentRecord] {
        try connection.paymentRecords(caseID: caseID, accountNumber: accountNumber, limit: limit, before: before)
    }
    public func auditRecords(entity: String?, entityID: String?, afterSequence: Int64, limit: Int,
                             countries: Set<String>, includeTokens: Bool) throws -> [AuditRecord] {
        try connection.auditRecords(entity: entity, entityID: entityID, afterSequence: afterSequence, limit: limit,
                                    countries: countries, includeTokens: includeTokens)
    }
    public func tokenRecord(secretHash: [UInt8]) throws -> TokenRecord? { try connection.tokenRecord(secretHash: secretHash) }
    public func tokenRecords() throws -> [TokenRecord] { try connection.tokenRecords() }
    public func caseIDs(country: String, after afterID: String, limit: Int) throws -> [String] {
        try connection.caseIDs(country: country, after: afterID, limit: limit)
    }
    public func cycleCases(country: String, after afterID: String, limit: Int, history: CycleHistory?) throws -> [CycleCase] {
        try connection.cycleCases(country: country, after: afterID, limit: limit, history: history)
    }
    public func strategyActivations(onOrBefore day: Int32, limit: Int) throws -> [StrategyRecord] {
        try connection.strategyActivations(onOrBefore: day, limit: limit)
    }
    public func treatmentRecord(caseID: String) throws -> TreatmentRecord? { try connection.treatmentRecord(caseID: caseID) }
    public func outboxRecords(_ filter: OutboxFilter, after cursor: OutboxCursor?, limit: Int) throws -> [OutboxRecord] {
        try connection.outboxRecords(filter, after: cursor, limit: limit)
    }
    public func upsert(_ record: TreatmentRecord) throws { try connection.upsert(record) }
    public func deleteTreatment(caseID: String) throws -> Bool { try connection.deleteTreatment(caseID: caseID) }
    public func insert(_ record: OutboxRecord) throws -> Bool { try connection.insert(record) }
    public func latestDailyRun(country: String) throws -> DailyRunRecord? { try connection.latestDailyRun(country: country) }
    public func strategyRecords() throws -> [StrategyRecord] { try connection.strategyRecords() }
    public func strategyRecord(number: Int64) throws -> StrategyRecord? { try connection.strategyRecord(number: number) }
    public func strategyRecord(sha256: [UInt8]) throws -> StrategyRecord? { try connection.strategyRecord(sha256: sha256) }
    public func accountNumbers(paymentReference reference: String, limit: Int) throws -> [String] {
        try connection.accountNumbers(paymentReference: reference, limit: limit)
    }
    public func paymentFileRecord(id: String) throws -> PaymentFileRecord? { try connection.paymentFileRecord(id: id) }
    public func unfinishedPaymentFile(digest: [UInt8]) throws -> PaymentFileRecord? { try connection.unfinishedPaymentFile(digest: digest) }
    public func unfinishedPaymentFiles(limit: Int) throws -> [PaymentFileRecord] { try connection.unfinishedPaymentFiles(limit: limit) }
    public func bankPaymentExists(bankID: String) throws -> Bool { try connection.bankPaymentExists(bankID: bankID) }
    public func reversedPaymentID(format: String, reference: String, amountMinor: Int64) throws -> String? {
        try connection.reversedPaymentID(format: format, reference: reference, amountMinor: amountMinor)
    }
    public func paymentRecord(id: String) throws -> PaymentRecord? { try connection.paymentRecord(id: id) }
    public func paymentReversal(paymentID: String) throws -> String? { try connection.paymentReversal(paymentID: paymentID) }
    public func unmatchedPaymentRecord(id: String) throws -> UnmatchedPaymentRecord? { try connection.unmatchedPaymentRecord(id: id) }
    public func unmatchedPaymentRecords(status: String?, formats: [String], afterID: String, limit: Int) throws -> [UnmatchedPaymentRecord] {
        try connection.unmatchedPaymentRecords(status: status, formats: formats, afterID: afterID, limit: limit)
    }

    public func insert(_ record: CustomerRecord) throws { try connection.insert(record) }
    public func insert(_ record: CaseRecord) throws { try connection.insert(record) }
    public func insert(_ record: AccountRecord) throws { try connection.insert(record) }
    public func insert(_ record: PlanRecord) throws { try connection.insert(record) }
    public func insert(_ record: PaymentRecord) throws { try connection.insert(record) }
    public func insert(_ record: ContactRecord) throws { try connection.insert(record) }
    public func insert(_ record: NoteRecord) throws { try connection.insert(record) }
    public func insert(_ record: TokenRecord) throws { try connection.insert(record) }
    public func update(_ record: AccountRecord) throws { try connection.update(record) }
    public func update(_ record: PlanRecord, expectedVersion: Int64) throws { try connection.update(record, expectedVersion: expectedVersion) }
    public func update(_ record: CaseRecord, expectedVersion: Int64) throws { try connection.update(record, expectedVersion: expectedVersion) }
    public func recordHistory(of plan: PlanRecord, replacedAtMs: Int64, by actor: String, reason: String) throws {
        try connection.recordHistory(of: plan, replacedAtMs: replacedAtMs, by: actor, reason: reason)
    }
    public func upsert(_ record: FlagRecord) throws { try connection.upsert(record) }
    public func deleteFlag(caseID: String, kind: String) throws -> Bool { try connection.deleteFlag(caseID: caseID, kind: kind) }
    public func revokeToken(name: String, atMs: Int64) throws -> String? { try connection.revokeToken(name: name, atMs: atMs) }
    public func insert(_ record: BucketRecord) throws { try connection.insert(record) }
    public func insert(_ record: DailyRunRecord) throws { try connection.insert(record) }
    public func insertStrategy(name: String, version: String, sha256: [UInt8], text: String, segments: Int, atMs: Int64, by actor: String) throws -> Int64 {
        try connection.insertStrategy(name: name, version: version, sha256: sha256, text: text, segments: segments, atMs: atMs, by: actor)
    }
    public func activateStrategy(number: Int64, from day: Int32, atMs: Int64, by actor: String) throws {
        try connection.activateStrategy(number: number, from: day, atMs: atMs, by: actor)
    }
    public func insert(_ record: PaymentFileRecord) throws { try connection.insert(record) }
    public func countPaymentFile(id: String, matched: Int64, unmatched: Int64, skipped: Int64) throws {
        try connection.countPaymentFile(id: id, matched: matched, unmatched: unmatched, skipped: skipped)
    }
    public func finishPaymentFile(id: String, atMs: Int64) throws { try connection.finishPaymentFile(id: id, atMs: atMs) }
    public func insert(_ record: BankPaymentRecord) throws { try connection.insert(record) }
    public func insertReversal(paymentID: String, bankID: String, atMs: Int64, by actor: String) throws {
        try connection.insertReversal(paymentID: paymentID, bankID: bankID, atMs: atMs, by: actor)
    }
    public func insert(_ record: UnmatchedPaymentRecord) throws { try connection.insert(record) }
    public func resolveUnmatched(id: String, status: String, resolution: String, by actor: String, atMs: Int64, expectedVersion: Int64) throws -> Bool {
        try connection.resolveUnmatched(id: id, status: status, resolution: resolution, by: actor, atMs: atMs, expectedVersion: expectedVersion)
    }
    public func intakeBatchRecord(batchID: String) throws -> IntakeBatchRecord? { try connection.intakeBatchRecord(batchID: batchID) }
    public func insert(_ record: IntakeBatchRecord) throws { try connection.insert(record) }
    public func updateLedgerState(_ record: AccountRecord) throws { try connection.updateLedgerState(record) }
    public func updateContactDetails(_ record: CustomerRecord) throws { try connection.updateContactDetails(record) }
}
