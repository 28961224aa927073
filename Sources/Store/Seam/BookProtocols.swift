/// The store as Services and Server see it: four protocols, in the manner of GRDB's
/// `DatabaseReader`/`DatabaseWriter` and `Database`. Everything behind them (SQL, SQLite's
/// connection, statements and errors) belongs to the implementation: today the SQLite book
/// (`StoreReader`, `StoreWriter`, `WriteContext` over `SQLiteDriver`); a PostgreSQL book
/// implements the same four without touching Services. Errors leave the store as `StoreError`.

/// Record reads inside one consistent snapshot (a reader's read transaction, or the writer's
/// open transaction, which also sees the mutation's own changes).
public protocol RecordReading {
    /// A case by id.
    func caseRecord(id: String) throws -> CaseRecord?
    /// A case by id with what kinds of rows it holds.
    func caseRecordWithContents(id: String) throws -> (CaseRecord, CaseContents)?
    /// A customer by id.
    func customerRecord(id: String) throws -> CustomerRecord?
    /// The case of a customer.
    func caseID(customerID: String) throws -> String?
    /// The case an account belongs to.
    func caseID(accountNumber: String) throws -> String?
    /// The case of the customer with this national-ID lookup hash.
    func caseID(nationalIDLookup: [UInt8]) throws -> String?
    /// Accounts of a case, by number.
    func accountRecords(caseID: String) throws -> [AccountRecord]
    /// An account by number.
    func accountRecord(number: String) throws -> AccountRecord?
    /// A plan by id, with its installments.
    func planRecord(id: String) throws -> PlanRecord?
    /// Plans of a case, newest first.
    func planRecords(caseID: String) throws -> [PlanRecord]
    /// The earlier versions of a plan, newest first, ending with `current`.
    func planHistory(id: String, current: PlanRecord) throws -> [PlanRecord]
    /// The newest contacts of a case.
    func contactRecords(caseID: String, limit: Int) throws -> [ContactRecord]
    /// The newest notes of a case.
    func noteRecords(caseID: String, limit: Int) throws -> [NoteRecord]
    /// Notes of a case older than the `before` cursor (created time, id), newest first.
    func noteRecords(caseID: String, before: (createdAtMs: Int64, id: String)?, limit: Int) throws -> [NoteRecord]
    /// Flags of a case.
    func flagRecords(caseID: String) throws -> [FlagRecord]
    /// Payments of a case (or of one account), newest first, with allocations; `before` is a
    /// keyset cursor (paid_on, id) for the next page.
    func paymentRecords(caseID: String?, accountNumber: String?, limit: Int, before: (paidOn: Int32, id: String)?) throws -> [PaymentRecord]
    /// Audit rows after `afterSequence`, oldest first, in the caller's countries (see
    /// `SQLite` implementation for the scoping rule).
    func auditRecords(entity: String?, entityID: String?, afterSequence: Int64, limit: Int,
                      countries: Set<String>, includeTokens: Bool) throws -> [AuditRecord]
    /// The API token whose secret hashes to `secretHash`.
    func tokenRecord(secretHash: [UInt8]) throws -> TokenRecord?
    /// Every API token, by name.
    func tokenRecords() throws -> [TokenRecord]
    /// Up to `limit` case ids of `country` after `afterID`, by id (the daily cycle's pages).
    func caseIDs(country: String, after afterID: String, limit: Int) throws -> [String]
    /// Up to `limit` cases of `country` after `afterID`, by id, with what the daily cycle reads of
    /// each (flags, open plans with installments, accounts, last bucket; with `history`, what a
    /// strategy reads too).
    func cycleCases(country: String, after afterID: String, limit: Int, history: CycleHistory?) throws -> [CycleCase]
    /// The versions activated from `day` or earlier, latest activation first, at most `limit`.
    func strategyActivations(onOrBefore day: Int32, limit: Int) throws -> [StrategyRecord]
    /// A case's treatment.
    func treatmentRecord(caseID: String) throws -> TreatmentRecord?
    /// A page of the outbox matching `filter`, after `cursor`.
    func outboxRecords(_ filter: OutboxFilter, after cursor: OutboxCursor?, limit: Int) throws -> [OutboxRecord]
    /// The latest day the daily cycle completed for `country`.
    func latestDailyRun(country: String) throws -> DailyRunRecord?
    /// Every stored strategy version, oldest first.
    func strategyRecords() throws -> [StrategyRecord]
    /// A stored strategy version by number.
    func strategyRecord(number: Int64) throws -> StrategyRecord?
    /// The strategy version stored with exactly these bytes.
    func strategyRecord(sha256: [UInt8]) throws -> StrategyRecord?
    /// Accounts whose payment reference is `reference` (at most `limit`).
    func accountNumbers(paymentReference reference: String, limit: Int) throws -> [String]
    /// A payment file's import run.
    func paymentFileRecord(id: String) throws -> PaymentFileRecord?
    /// The unfinished import run of the file with this digest.
    func unfinishedPaymentFile(digest: [UInt8]) throws -> PaymentFileRecord?
    /// Unfinished import runs, oldest first.
    func unfinishedPaymentFiles(limit: Int) throws -> [PaymentFileRecord]
    /// Whether the bank's payment `bankID` was applied or listed before.
    func bankPaymentExists(bankID: String) throws -> Bool
    /// The payment a reversal in a `format` file of `reference` and `amountMinor` undoes: the
    /// newest applied from such a file and not reversed yet.
    func reversedPaymentID(format: String, reference: String, amountMinor: Int64) throws -> String?
    /// A payment by id, with its allocations and parts.
    func paymentRecord(id: String) throws -> PaymentRecord?
    /// The bank's id of the reversal that undid a payment, nil when none did.
    func paymentReversal(paymentID: String) throws -> String?
    /// An unmatched payment.
    func unmatchedPaymentRecord(id: String) throws -> UnmatchedPaymentRecord?
    /// A page of the unmatched list.
    func unmatchedPaymentRecords(status: String?, formats: [String], afterID: String, limit: Int) throws -> [UnmatchedPaymentRecord]
    /// The intake batch applied under `batchID`.
    func intakeBatchRecord(batchID: String) throws -> IntakeBatchRecord?
}

extension RecordReading {
    /// The newest payments of a case (or of one account), with allocations.
    public func paymentRecords(caseID: String?, accountNumber: String?, limit: Int) throws -> [PaymentRecord] {
        try paymentRecords(caseID: caseID, accountNumber: accountNumber, limit: limit, before: nil)
    }
}

/// One mutation's view of the book: it reads what it is about to change and writes inside the
/// writer's transaction (its own savepoint); the audit rows it records are chained in the same
/// transaction. Nothing it does is visible to readers, or acknowledged, before the batch commits.
public protocol WriteTransaction: RecordReading {
    /// Who is writing.
    var actor: String { get }
    /// Milliseconds since the Unix epoch when the batch started.
    var nowMs: Int64 { get }
    /// The next id of a sequence, e.g. `nextID("plan", prefix: "PL")` → `PL-000042`.
    func nextID(_ sequence: String, prefix: String) throws -> String
    /// Records an audit row for the current mutation.
    func audit(action: String, entity: String, entityID: String, versionBefore: Int64?, versionAfter: Int64?, detail: String) throws

    func insert(_ record: CustomerRecord) throws
    func insert(_ record: CaseRecord) throws
    func insert(_ record: AccountRecord) throws
    func insert(_ record: PlanRecord) throws
    func insert(_ record: PaymentRecord) throws
    func insert(_ record: ContactRecord) throws
    func insert(_ record: NoteRecord) throws
    func insert(_ record: TokenRecord) throws
    /// Writes an account's balances (version-checked by its case).
    func update(_ record: AccountRecord) throws
    /// Writes a plan whose stored version is `expectedVersion` (else `versionConflict`).
    func update(_ record: PlanRecord, expectedVersion: Int64) throws
    /// Writes a case whose stored version is `expectedVersion` (else `versionConflict`).
    func update(_ record: CaseRecord, expectedVersion: Int64) throws
    /// Keeps the version of a plan that is about to be replaced.
    func recordHistory(of plan: PlanRecord, replacedAtMs: Int64, by actor: String, reason: String) throws
    /// Sets a flag (replacing one of the same kind).
    func upsert(_ record: FlagRecord) throws
    /// Clears a flag; false when the case had none of that kind.
    func deleteFlag(caseID: String, kind: String) throws -> Bool
    /// Marks the live token named `name` revoked at `atMs`; its id, or nil when there is none.
    func revokeToken(name: String, atMs: Int64) throws -> String?
    /// Records the start of a case's bucket.
    func insert(_ record: BucketRecord) throws
    /// Records a completed daily run.
    func insert(_ record: DailyRunRecord) throws
    /// Writes a case's treatment.
    func upsert(_ record: TreatmentRecord) throws
    /// Ends a case's treatment; false when it had none.
    func deleteTreatment(caseID: String) throws -> Bool
    /// Adds an action unless the case has one with its key; false when it had.
    func insert(_ record: OutboxRecord) throws -> Bool
    /// Stores a new strategy version; its number.
    func insertStrategy(name: String, version: String, sha256: [UInt8], text: String, segments: Int, atMs: Int64, by actor: String) throws -> Int64
    /// Puts strategy version `number` in force from `day`.
    func activateStrategy(number: Int64, from day: Int32, atMs: Int64, by actor: String) throws
    /// Starts a payment file's import run.
    func insert(_ record: PaymentFileRecord) throws
    /// Adds to an import run's counts.
    func countPaymentFile(id: String, matched: Int64, unmatched: Int64, skipped: Int64) throws
    /// Marks an import run applied.
    func finishPaymentFile(id: String, atMs: Int64) throws
    /// Records the bank's payment (applied or listed).
    func insert(_ record: BankPaymentRecord) throws
    /// Records that payment `paymentID` was undone by the bank's reversal `bankID`.
    func insertReversal(paymentID: String, bankID: String, atMs: Int64, by actor: String) throws
    /// Lists a payment that could not be matched.
    func insert(_ record: UnmatchedPaymentRecord) throws
    /// Resolves an unmatched payment still at `expectedVersion`; false when it is not.
    func resolveUnmatched(id: String, status: String, resolution: String, by actor: String, atMs: Int64, expectedVersion: Int64) throws -> Bool
    /// Records an applied intake batch.
    func insert(_ record: IntakeBatchRecord) throws
    /// Writes what the card ledger says of an account (product, balances, due date, limit).
    func updateLedgerState(_ record: AccountRecord) throws
    /// Writes a customer's name, contact details, language and mandate.
    func updateContactDetails(_ record: CustomerRecord) throws
}

/// A loop thread's reader: consistent snapshots, the case picture in one call, search, and the
/// thread's cache of encoded answers. Confined to the thread that owns it.
public protocol BookReader: AnyObject, Sendable {
    /// How many contacts, notes and payments a case snapshot holds at most.
    var historyLimit: Int { get }
    /// Encoded answers of this thread, valid while their entity's version is unchanged.
    var answers: AnswerCache { get }
    /// Runs `body` inside one consistent snapshot.
    func read<T>(_ body: (any RecordReading) throws -> T) throws -> T
    /// A case by id, in a snapshot of its own (one keyed read; the cached answer's version check).
    func caseRecord(id: String) throws -> CaseRecord?
    /// The whole customer picture of a case, or nil when there is no such case.
    func caseSnapshot(caseID: String) throws -> CaseSnapshot?
    /// One page of cases matching `filter`, by id after `afterID`.
    func searchCases(_ filter: CaseSearchFilter, afterID: String?, limit: Int) throws -> [CaseSearchRow]
}

/// The single writer: mutations queue to it and complete after their batch is durable.
public protocol BookWriter: AnyObject, Sendable {
    /// Queues a mutation; false (and the mutation completed with the reason) when refused.
    @discardableResult func submit(_ mutation: Mutation) -> Bool
    /// The storage fault that stopped writes, or nil while the book is healthy.
    var fault: StoreError? { get }
    /// A reader found damage or lost its file: the whole server enters the storage fault.
    func reportReadFault(_ error: StoreError)
    /// Increases with every committed batch (readers' cached answers compare against it).
    var commitGeneration: UInt64 { get }
    /// Mutations queued and not yet applied.
    var queueDepth: Int { get }
    /// Stops after the queued mutations; returns when the writer has ended.
    func stop()
}
