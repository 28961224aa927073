import Domain
import SQLiteDriver
/// Reads and writes of records on one connection: used by the readers (inside a read
/// transaction) and by mutations (inside the writer's transaction).
extension Connection {
    // MARK: Reads

    /// A case by id.
    public func caseRecord(id: String) throws -> CaseRecord? {
        try caseRecordWithContents(id: id)?.0
    }

    /// A case by id with what kinds of rows it holds.
    public func caseRecordWithContents(id: String) throws -> (CaseRecord, CaseContents)? {
        let statement = try statement(SQL.caseByID)
        try statement.bind([.text(id)])
        defer { statement.reset() }
        return try statement.step() ? (CaseRecord(statement), CaseContents(rawValue: statement.int64(8))) : nil
    }

    /// A customer by id.
    public func customerRecord(id: String) throws -> CustomerRecord? {
        let statement = try statement(SQL.customerByID)
        try statement.bind([.text(id)])
        defer { statement.reset() }
        return try statement.step() ? CustomerRecord(statement) : nil
    }

    /// The case of a customer.
    public func caseID(customerID: String) throws -> String? {
        try singleText("SELECT id FROM collection_case WHERE customer_id = ?", [.text(customerID)])
    }

    /// The case an account belongs to.
    public func caseID(accountNumber: String) throws -> String? {
        try singleText("SELECT case_id FROM account WHERE number = ?", [.text(accountNumber)])
    }

    /// The case of the customer with this national-ID lookup hash.
    public func caseID(nationalIDLookup: [UInt8]) throws -> String? {
        try singleText("SELECT c.id FROM customer u JOIN collection_case c ON c.customer_id = u.id WHERE u.national_id_lookup = ?",
                       [.blob(nationalIDLookup)])
    }

    func singleText(_ sql: String, _ values: [SQLValue]) throws -> String? {
        let statement = try statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? statement.text(0) : nil
    }

    /// Accounts of a case, by number.
    public func accountRecords(caseID: String) throws -> [AccountRecord] {
        let statement = try statement(SQL.accountsOfCase)
        try statement.bind([.text(caseID)])
        defer { statement.reset() }
        var rows: [AccountRecord] = []
        while try statement.step() { rows.append(try AccountRecord(statement)) }
        return rows
    }

    /// An account by number.
    public func accountRecord(number: String) throws -> AccountRecord? {
        let statement = try statement(SQL.accountByNumber)
        try statement.bind([.text(number)])
        defer { statement.reset() }
        return try statement.step() ? AccountRecord(statement) : nil
    }

    /// A plan with its installments.
    public func planRecord(id: String) throws -> PlanRecord? {
        let statement = try statement(SQL.planByID)
        try statement.bind([.text(id)])
        guard try statement.step() else {
            statement.reset()
            return nil
        }
        var plan = try PlanRecord(statement)
        statement.reset()
        plan.installments = try installmentRecords(planID: id)
        return plan
    }

    func installmentRecords(planID: String) throws -> [InstallmentRecord] {
        let statement = try statement(SQL.installmentsOfPlan)
        try statement.bind([.text(planID)])
        defer { statement.reset() }
        var rows: [InstallmentRecord] = []
        while try statement.step() { rows.append(try InstallmentRecord(statement)) }
        return rows
    }

    /// Plans of a case with their installments, newest first, in two queries.
    public func planRecords(caseID: String) throws -> [PlanRecord] {
        let statement = try statement(SQL.plansOfCase)
        try statement.bind([.text(caseID)])
        var plans: [PlanRecord] = []
        while try statement.step() { plans.append(try PlanRecord(statement)) }
        statement.reset()
        guard !plans.isEmpty else { return [] }
        let installments = try self.statement("""
            SELECT i.plan_id, i.sequence, i.due_on, i.requested_due_on, i.amount_minor, i.paid_minor, i.paid_in_full_on
            FROM plan p JOIN installment i ON i.plan_id = p.id WHERE p.case_id = ? ORDER BY i.plan_id, i.sequence
            """)
        try installments.bind([.text(caseID)])
        defer { installments.reset() }
        var byPlan: [String: [InstallmentRecord]] = [:]
        while try installments.step() { byPlan[installments.text(0), default: []].append(InstallmentRecord(installments, at: 1)) }
        for index in plans.indices { plans[index].installments = byPlan[plans[index].id] ?? [] }
        return plans
    }

    /// The latest contacts of a case.
    public func contactRecords(caseID: String, limit: Int) throws -> [ContactRecord] {
        let statement = try statement(SQL.contactsOfCase)
        try statement.bind([.text(caseID), .integer(Int64(limit))])
        defer { statement.reset() }
        var rows: [ContactRecord] = []
        while try statement.step() { rows.append(try ContactRecord(statement)) }
        return rows
    }

    /// The latest notes of a case.
    public func noteRecords(caseID: String, limit: Int) throws -> [NoteRecord] {
        let statement = try statement(SQL.notesOfCase)
        try statement.bind([.text(caseID), .integer(Int64(limit))])
        defer { statement.reset() }
        var rows: [NoteRecord] = []
        while try statement.step() { rows.append(try NoteRecord(statement)) }
        return rows
    }

    /// The flags of a case.
    public func flagRecords(caseID: String) throws -> [FlagRecord] {
        let statement = try statement(SQL.flagsOfCase)
        try statement.bind([.text(caseID)])
        defer { statement.reset() }
        var rows: [FlagRecord] = []
        while try statement.step() { rows.append(try FlagRecord(statement)) }
        return rows
    }

    /// Payments of a case (or of one account), newest first, with allocations; `before` is a
    /// keyset cursor (paid_on, id) for the next page.
    public func paymentRecords(caseID: String?, accountNumber: String?, limit: Int,
                               before: (paidOn: Int32, id: String)? = nil) throws -> [PaymentRecord] {
        let key = accountNumber ?? caseID ?? ""
        let statement = try statement(SQL.payments[accountNumber != nil ? 1 : 0][before != nil ? 1 : 0])
        var values: [SQLValue] = [.text(key)]
        if let before { values += [.integer(Int64(before.paidOn)), .integer(Int64(before.paidOn)), .text(before.id)] }
        values.append(.integer(Int64(limit)))
        try statement.bind(values)
        var rows: [PaymentRecord] = []
        while try statement.step() { rows.append(try PaymentRecord(statement)) }
        statement.reset()
        guard !rows.isEmpty else { return [] }
        // The page's allocations in one query, not one per payment.
        let allocations = try self.statement(SQL.allocations(of: rows.count))
        try allocations.bind(rows.map { .text($0.id) })
        defer { allocations.reset() }
        var byPayment: [String: [AllocationRecord]] = [:]
        while try allocations.step() {
            byPayment[allocations.text(0), default: []].append(
                AllocationRecord(planID: allocations.text(1), installmentSequence: Int(allocations.int64(2)), amountMinor: allocations.int64(3)))
        }
        for index in rows.indices { rows[index].allocations = byPayment[rows[index].id] ?? [] }
        return rows
    }

    // MARK: Writes

    /// Inserts a customer.
    public func insert(_ record: CustomerRecord) throws {
        try statement(SQL.insertCustomer).run(record.values)
    }

    /// Inserts a case.
    public func insert(_ record: CaseRecord) throws {
        try statement(SQL.insertCase).run(record.values)
    }

    /// Inserts an account.
    public func insert(_ record: AccountRecord) throws {
        try statement(SQL.insertAccount).run(record.values)
    }

    /// Replaces an account's balances (after a payment).
    public func update(_ record: AccountRecord) throws {
        // By the whole key (the table is clustered by case): one descent, not index then table.
        try statement("UPDATE account SET balance_minor = ?, overdue_minor = ?, oldest_unpaid_due = ?, credit_minor = ? WHERE case_id = ? AND number = ?")
            .run([.integer(record.balanceMinor), .integer(record.overdueMinor),
                  record.oldestUnpaidDue.map { .integer(Int64($0)) } ?? .null, .integer(record.creditMinor),
                  .text(record.caseID), .text(record.number)])
        guard changes == 1 else { throw StoreError.notFound(entity: "account", id: record.number) }
    }

    /// Inserts a plan and its installments.
    public func insert(_ record: PlanRecord) throws {
        try statement(SQL.insertPlan).run(record.values)
        try insertInstallments(record)
    }

    func insertInstallments(_ record: PlanRecord) throws {
        let insert = try statement(SQL.insertInstallment)
        for item in record.installments {
            try insert.run([.text(record.id), .integer(Int64(item.sequence)), .integer(Int64(item.dueOn)),
                            .integer(Int64(item.requestedDueOn)), .integer(item.amountMinor), .integer(item.paidMinor),
                            item.paidInFullOn.map { .integer(Int64($0)) } ?? .null])
        }
    }

    /// Replaces a plan and its installments when it is still at `expectedVersion`; the stored
    /// version becomes `record.version`.
    public func update(_ record: PlanRecord, expectedVersion: Int64) throws {
        try statement("""
            UPDATE plan SET status = ?, status_on = ?, cancel_reason = ?, total_minor = ?, frequency = ?, version = ?, amendments = ?, kind = ?
            WHERE case_id = ? AND created_at_ms = ? AND id = ? AND version = ?
            """).run([.text(record.status.rawValue), record.statusOn.map { .integer(Int64($0)) } ?? .null, .text(record.cancelReason),
                      .integer(record.totalMinor), .text(record.frequency), .integer(record.version),
                      .integer(Int64(record.amendments)), .text(record.kind.rawValue), .text(record.caseID), .integer(record.createdAtMs),
                      .text(record.id), .integer(expectedVersion)])
        guard changes == 1 else {
            let current = try scalarInt("SELECT version FROM plan WHERE id = ?", [.text(record.id)])
            guard let current else { throw StoreError.notFound(entity: "plan", id: record.id) }
            // Same version, no row changed: the record's case or creation time is not the stored one.
            guard current != expectedVersion else {
                throw StoreError.database(code: 1, message: "plan \(record.id) is not stored under case \(record.caseID) at \(record.createdAtMs)")
            }
            throw StoreError.versionConflict(entity: "plan", id: record.id, expected: expectedVersion, current: current)
        }
        try statement("DELETE FROM installment WHERE plan_id = ?").run([.text(record.id)])
        try insertInstallments(record)
    }

    /// Keeps a plan's replaced version in its history.
    public func recordHistory(of plan: PlanRecord, replacedAtMs: Int64, by actor: String, reason: String) throws {
        let installments = plan.installments.map {
            "\($0.sequence):\($0.dueOn):\($0.requestedDueOn):\($0.amountMinor):\($0.paidMinor)"
        }.joined(separator: ",")
        try statement("""
            INSERT INTO plan_history (plan_id, version, status, total_minor, frequency, replaced_at_ms, replaced_by, reason, installments)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(plan.id), .integer(plan.version), .text(plan.status.rawValue), .integer(plan.totalMinor), .text(plan.frequency),
                      .integer(replacedAtMs), .text(actor), .text(reason), .text(installments)])
    }

    /// Earlier versions of a plan, newest first.
    public func planHistory(id: String, current: PlanRecord) throws -> [PlanRecord] {
        let statement = try statement("SELECT version, status, total_minor, frequency, installments FROM plan_history WHERE plan_id = ? ORDER BY version DESC")
        try statement.bind([.text(id)])
        defer { statement.reset() }
        var rows: [PlanRecord] = []
        while try statement.step() {
            var plan = current
            plan.version = statement.int64(0)
            plan.status = try statement.named(PlanStage.self, 1, "plan status")
            plan.totalMinor = statement.int64(2)
            plan.frequency = statement.text(3)
            plan.installments = statement.text(4).split(separator: ",").compactMap { item in
                let parts = item.split(separator: ":").compactMap { Int64($0) }
                guard parts.count == 5 else { return nil }
                return InstallmentRecord(sequence: Int(parts[0]), dueOn: Int32(parts[1]), requestedDueOn: Int32(parts[2]),
                                         amountMinor: parts[3], paidMinor: parts[4])
            }
            rows.append(plan)
        }
        return rows
    }

    /// Moves a case to `record.version` (and its status) when it is still at `expectedVersion`.
    ///
    /// Status, handler and segment are written only when they change: SQLite rewrites the index
    /// entries of every column an UPDATE sets, so setting them unchanged on each payment wrote
    /// two index pages (case_by_country_status, case_by_handler) per payment for nothing.
    public func update(_ record: CaseRecord, expectedVersion: Int64) throws {
        try statement("UPDATE collection_case SET version = ? WHERE id = ? AND version = ?")
            .run([.integer(record.version), .text(record.id), .integer(expectedVersion)])
        guard changes == 1 else {
            let current = try scalarInt("SELECT version FROM collection_case WHERE id = ?", [.text(record.id)])
            guard let current else { throw StoreError.notFound(entity: "case", id: record.id) }
            throw StoreError.versionConflict(entity: "case", id: record.id, expected: expectedVersion, current: current)
        }
        try statement("""
            UPDATE collection_case SET status = ?1, assigned_handler = ?2, segment = ?3
            WHERE id = ?4 AND (status IS NOT ?1 OR assigned_handler IS NOT ?2 OR segment IS NOT ?3)
            """).run([.text(record.status.rawValue), .text(record.assignedHandler), .text(record.segment), .text(record.id)])
    }

    /// Inserts a payment and its allocations.
    public func insert(_ record: PaymentRecord) throws {
        try statement(SQL.insertPayment).run(record.values)
        let insert = try statement("INSERT INTO allocation (payment_id, plan_id, installment_sequence, amount_minor) VALUES (?, ?, ?, ?)")
        for allocation in record.allocations {
            try insert.run([.text(record.id), .text(allocation.planID), .integer(Int64(allocation.installmentSequence)),
                            .integer(allocation.amountMinor)])
        }
        guard !record.parts.isEmpty else { return }
        let part = try statement("""
            INSERT INTO payment_part (payment_id, account_number, overdue_minor, not_yet_due_minor, oldest_unpaid_due_before) VALUES (?, ?, ?, ?, ?)
            """)
        for row in record.parts {
            try part.run([.text(record.id), .text(row.accountNumber), .integer(row.overdueMinor), .integer(row.notYetDueMinor),
                          row.oldestUnpaidDueBefore.map { SQLValue.integer(Int64($0)) } ?? .null])
        }
    }

    /// Inserts a contact event.
    public func insert(_ record: ContactRecord) throws {
        try statement(SQL.insertContact).run(record.values)
    }

    /// Inserts a note.
    public func insert(_ record: NoteRecord) throws {
        try statement(SQL.insertNote).run(record.values)
    }

    /// Sets (or replaces) a flag.
    public func upsert(_ record: FlagRecord) throws {
        try statement(SQL.insertFlag).run(record.values)
    }

    /// Removes a flag; returns whether it was set.
    public func deleteFlag(caseID: String, kind: String) throws -> Bool {
        try statement("DELETE FROM case_flag WHERE case_id = ? AND kind = ?").run([.text(caseID), .text(kind)])
        return changes == 1
    }
}

/// A stored audit row.
public struct AuditRecord: Sendable, Hashable {
    public var sequence: Int64
    public var entry: AuditEntry
    public var hash: [UInt8]
}

extension Connection {
    /// Audit rows after `afterSequence`, oldest first, optionally of one entity.
    ///
    /// Only rows about a case, plan or account in `countries` are returned (the country of the
    /// case they belong to), and token, strategy and intake-batch rows (the department's, of no one country)
    /// only when `includeTokens`; rows of any other entity never.
    public func auditRecords(entity: String?, entityID: String?, afterSequence: Int64, limit: Int,
                             countries: Set<String>, includeTokens: Bool) throws -> [AuditRecord] {
        var conditions = ["seq > ?"]
        var values: [SQLValue] = [.integer(afterSequence)]
        let scope = countries.sorted()
        conditions.append("""
            (CASE entity
               WHEN 'case' THEN (SELECT country FROM collection_case WHERE id = audit.entity_id)
               WHEN 'plan' THEN (SELECT c.country FROM plan p JOIN collection_case c ON c.id = p.case_id WHERE p.id = audit.entity_id)
               WHEN 'account' THEN (SELECT c.country FROM account a JOIN collection_case c ON c.id = a.case_id WHERE a.number = audit.entity_id)
             END IN (\(scope.map { _ in "?" }.joined(separator: ", "))) OR (entity IN ('token', 'strategy', 'intake_batch') AND ?))
            """)
        values += scope.map { .text($0) }
        values.append(.integer(includeTokens ? 1 : 0))
        if let entity { conditions.append("entity = ?"); values.append(.text(entity)) }
        if let entityID { conditions.append("entity_id = ?"); values.append(.text(entityID)) }
        values.append(.integer(Int64(limit)))
        let statement = try statement("""
            SELECT seq, at_ms, actor, action, entity, entity_id, version_before, version_after, detail, hash FROM audit
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq LIMIT ?
            """)
        try statement.bind(values)
        defer { statement.reset() }
        var rows: [AuditRecord] = []
        while try statement.step() {
            rows.append(AuditRecord(sequence: statement.int64(0),
                                    entry: AuditEntry(atMs: statement.int64(1), actor: statement.text(2), action: statement.text(3),
                                                      entity: statement.text(4), entityID: statement.text(5),
                                                      versionBefore: statement.optionalInt64(6), versionAfter: statement.optionalInt64(7),
                                                      detail: statement.text(8)),
                                    hash: statement.blob(9)))
        }
        return rows
    }
}

/// The fixed SQL of the queries above, built once (statements are cached by their text).
enum SQL {
    static let caseByID = "SELECT \(CaseRecord.columns), contents FROM collection_case WHERE id = ?"
    static let customerByID = "SELECT \(CustomerRecord.columns) FROM customer WHERE id = ?"
    static let accountsOfCase = "SELECT \(AccountRecord.columns) FROM account WHERE case_id = ? ORDER BY number"
    static let accountByNumber = "SELECT \(AccountRecord.columns) FROM account WHERE number = ?"
    static let planByID = "SELECT \(PlanRecord.columns) FROM plan WHERE id = ?"
    static let installmentsOfPlan = "SELECT \(InstallmentRecord.columns) FROM installment WHERE plan_id = ? ORDER BY sequence"
    static let plansOfCase = "SELECT \(PlanRecord.columns) FROM plan WHERE case_id = ? ORDER BY created_at_ms DESC, id DESC"
    static let contactsOfCase = "SELECT \(ContactRecord.columns) FROM contact_event WHERE case_id = ? ORDER BY occurred_at_ms DESC, id DESC LIMIT ?"
    static let notesOfCase = "SELECT \(NoteRecord.columns) FROM note WHERE case_id = ? ORDER BY created_at_ms DESC, id DESC LIMIT ?"
    static let flagsOfCase = "SELECT \(FlagRecord.columns) FROM case_flag WHERE case_id = ? ORDER BY kind"
    static let insertCustomer = "INSERT INTO customer (\(CustomerRecord.columns)) VALUES (\(placeholders(14)))"
    static let insertCase = "INSERT INTO collection_case (\(CaseRecord.columns)) VALUES (\(placeholders(8)))"
    static let insertAccount = "INSERT INTO account (\(AccountRecord.columns)) VALUES (\(placeholders(11)))"
    static let insertPlan = "INSERT INTO plan (\(PlanRecord.columns)) VALUES (\(placeholders(13)))"
    static let insertInstallment = "INSERT INTO installment (plan_id, \(InstallmentRecord.columns)) VALUES (\(placeholders(7)))"
    static let insertPayment = "INSERT INTO payment (\(PaymentRecord.columns)) VALUES (\(placeholders(11)))"
    static let insertContact = "INSERT INTO contact_event (\(ContactRecord.columns)) VALUES (\(placeholders(8)))"
    static let insertNote = "INSERT INTO note (\(NoteRecord.columns)) VALUES (\(placeholders(5)))"
    /// Payments by [case, account][first page, next page]. An account's payments are found
    /// through its case (the table is keyed by case; there is no index by account, migration 11).
    static let payments: [[String]] = ["case_id = ?1", "case_id = (\(caseOfAccount)) AND account_number = ?1"].map { filter in
        ["", " AND (paid_on < ? OR (paid_on = ? AND id < ?))"].map { cursor in
            "SELECT \(PaymentRecord.columns) FROM payment WHERE \(filter)\(cursor) ORDER BY paid_on DESC, id DESC LIMIT ?"
        }
    }
    /// The case of account `?1`, as a scalar subquery: the key that reaches the account's payments.
    static let caseOfAccount = "SELECT case_id FROM account WHERE number = ?1"
    private static let allocationQueries = (0...64).map(allocationQuery)
    private static func allocationQuery(_ count: Int) -> String {
        """
        SELECT payment_id, plan_id, installment_sequence, amount_minor FROM allocation
        WHERE payment_id IN (\(placeholders(count))) ORDER BY payment_id, plan_id, installment_sequence
        """
    }
    /// Allocations of `count` payments.
    static func allocations(of count: Int) -> String {
        count < allocationQueries.count ? allocationQueries[count] : allocationQuery(count)
    }
    static let insertFlag = "INSERT OR REPLACE INTO case_flag (\(FlagRecord.columns)) VALUES (\(placeholders(6)))"
}
