import SQLiteDriver
/// Reads and writes of payment-file imports (docs/PAYMENT-FILES.md). Every SQL string of the
/// import and the unmatched list is here.
extension Connection {
    /// The open accounts whose reference is `reference` (normally one; more is ambiguous).
    public func accountNumbers(paymentReference reference: String, limit: Int = 2) throws -> [String] {
        let statement = try statement("SELECT number FROM account WHERE payment_reference = ? ORDER BY number LIMIT ?")
        try statement.bind([.text(reference), .integer(Int64(limit))])
        defer { statement.reset() }
        var numbers: [String] = []
        while try statement.step() { numbers.append(statement.text(0)) }
        return numbers
    }

    /// Starts an import run.
    public func insert(_ record: PaymentFileRecord) throws {
        try statement("""
            INSERT INTO payment_file (id, format, bank_file_id, name, digest, status, payments, amount_minor, matched, unmatched, skipped,
                                      started_at_ms, started_by, finished_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(record.id), .text(record.format), .text(record.bankFileID), .text(record.name), .blob(record.digest),
                      .text(record.status), .integer(record.payments), .integer(record.amountMinor), .integer(record.matched),
                      .integer(record.unmatched), .integer(record.skipped), .integer(record.startedAtMs), .text(record.startedBy),
                      record.finishedAtMs.map(SQLValue.integer) ?? .null])
    }

    /// An import run by id.
    public func paymentFileRecord(id: String) throws -> PaymentFileRecord? {
        try paymentFileRecords(where: "id = ?", [.text(id)], limit: 1).first
    }

    /// The newest run of the file with this digest that has not finished, to resume it.
    public func unfinishedPaymentFile(digest: [UInt8]) throws -> PaymentFileRecord? {
        try paymentFileRecords(where: "digest = ? AND status = 'APPLYING'", [.blob(digest)], limit: 1).first
    }

    /// Runs that have not finished, oldest first.
    public func unfinishedPaymentFiles(limit: Int) throws -> [PaymentFileRecord] {
        try paymentFileRecords(where: "status = 'APPLYING'", [], limit: limit)
    }

    private func paymentFileRecords(where condition: String, _ values: [SQLValue], limit: Int) throws -> [PaymentFileRecord] {
        let statement = try statement("""
            SELECT id, format, bank_file_id, name, digest, status, payments, amount_minor, matched, unmatched, skipped,
                   started_at_ms, started_by, finished_at_ms FROM payment_file WHERE \(condition) ORDER BY started_at_ms, id LIMIT ?
            """)
        try statement.bind(values + [.integer(Int64(limit))])
        defer { statement.reset() }
        var rows: [PaymentFileRecord] = []
        while try statement.step() {
            rows.append(PaymentFileRecord(id: statement.text(0), format: statement.text(1), bankFileID: statement.text(2), name: statement.text(3),
                                          digest: statement.blob(4), status: statement.text(5), payments: statement.int64(6),
                                          amountMinor: statement.int64(7), matched: statement.int64(8), unmatched: statement.int64(9),
                                          skipped: statement.int64(10), startedAtMs: statement.int64(11), startedBy: statement.text(12),
                                          finishedAtMs: statement.optionalInt64(13)))
        }
        return rows
    }

    /// Adds a chunk's outcome to a run's counts.
    public func countPaymentFile(id: String, matched: Int64, unmatched: Int64, skipped: Int64) throws {
        try statement("UPDATE payment_file SET matched = matched + ?, unmatched = unmatched + ?, skipped = skipped + ? WHERE id = ?")
            .run([.integer(matched), .integer(unmatched), .integer(skipped), .text(id)])
    }

    /// Marks a run applied.
    public func finishPaymentFile(id: String, atMs: Int64) throws {
        try statement("UPDATE payment_file SET status = 'APPLIED', finished_at_ms = ? WHERE id = ?").run([.integer(atMs), .text(id)])
    }

    /// True when a payment with the bank's identifiers `bankID` has been imported before.
    public func bankPaymentExists(bankID: String) throws -> Bool {
        try singleText("SELECT bank_id FROM bank_payment WHERE bank_id = ?", [.text(bankID)]) != nil
    }

    /// Records a payment a file reported.
    public func insert(_ record: BankPaymentRecord) throws {
        try statement("""
            INSERT INTO bank_payment (bank_id, file_id, kind, reference, amount_minor, paid_on, payment_id, unmatched_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(record.bankID), .text(record.fileID), .text(record.kind), .text(record.reference), .integer(record.amountMinor),
                      .integer(Int64(record.paidOn)), record.paymentID.map(SQLValue.text) ?? .null, record.unmatchedID.map(SQLValue.text) ?? .null])
    }

    /// The payment a reversal takes back: the newest payment applied from a file of `format`
    /// with the same reference and amount that is not reversed yet.
    public func reversedPaymentID(format: String, reference: String, amountMinor: Int64) throws -> String? {
        try singleText("""
            SELECT b.payment_id FROM bank_payment b JOIN payment_file f ON f.id = b.file_id
            WHERE b.reference = ? AND b.amount_minor = ? AND b.kind = 'PAYMENT' AND b.payment_id IS NOT NULL AND f.format = ?
              AND NOT EXISTS (SELECT 1 FROM payment_reversal r WHERE r.payment_id = b.payment_id)
            ORDER BY b.paid_on DESC, b.bank_id DESC LIMIT 1
            """, [.text(reference), .integer(amountMinor), .text(format)])
    }

    /// A payment by id with its allocations and parts.
    public func paymentRecord(id: String) throws -> PaymentRecord? {
        let statement = try statement("SELECT \(PaymentRecord.columns) FROM payment WHERE id = ?")
        try statement.bind([.text(id)])
        guard try statement.step() else {
            statement.reset()
            return nil
        }
        var record = PaymentRecord(statement)
        statement.reset()
        let allocations = try self.statement("SELECT plan_id, installment_sequence, amount_minor FROM allocation WHERE payment_id = ? ORDER BY plan_id, installment_sequence")
        try allocations.bind([.text(id)])
        while try allocations.step() {
            record.allocations.append(AllocationRecord(planID: allocations.text(0), installmentSequence: Int(allocations.int64(1)), amountMinor: allocations.int64(2)))
        }
        allocations.reset()
        let parts = try self.statement("""
            SELECT account_number, overdue_minor, not_yet_due_minor, oldest_unpaid_due_before FROM payment_part WHERE payment_id = ? ORDER BY account_number
            """)
        try parts.bind([.text(id)])
        defer { parts.reset() }
        while try parts.step() {
            record.parts.append(PaymentPartRecord(accountNumber: parts.text(0), overdueMinor: parts.int64(1), notYetDueMinor: parts.int64(2),
                                                  oldestUnpaidDueBefore: parts.optionalInt64(3).map { Int32($0) }))
        }
        return record
    }

    /// The reversal that undid a payment, if any: the bank's id of the reversal.
    public func paymentReversal(paymentID: String) throws -> String? {
        try singleText("SELECT bank_id FROM payment_reversal WHERE payment_id = ?", [.text(paymentID)])
    }

    /// Records that a payment was undone by the bank's reversal `bankID`.
    public func insertReversal(paymentID: String, bankID: String, atMs: Int64, by actor: String) throws {
        try statement("INSERT INTO payment_reversal (payment_id, bank_id, reversed_at_ms, reversed_by) VALUES (?, ?, ?, ?)")
            .run([.text(paymentID), .text(bankID), .integer(atMs), .text(actor)])
    }

    /// Puts a payment on the unmatched list.
    public func insert(_ record: UnmatchedPaymentRecord) throws {
        try statement("""
            INSERT INTO unmatched_payment (id, bank_id, file_id, format, kind, reference, currency, amount_minor, paid_on, reason, raw,
                                           status, version, resolution, resolved_by, resolved_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(record.id), .text(record.bankID), .text(record.fileID), .text(record.format), .text(record.kind),
                      .text(record.reference), .text(record.currency), .integer(record.amountMinor), .integer(Int64(record.paidOn)),
                      .text(record.reason), .text(record.raw), .text(record.status), .integer(record.version), .text(record.resolution),
                      .text(record.resolvedBy), record.resolvedAtMs.map(SQLValue.integer) ?? .null])
    }

    /// An unmatched payment by id.
    public func unmatchedPaymentRecord(id: String) throws -> UnmatchedPaymentRecord? {
        try unmatchedPaymentRecords(where: "id = ?", [.text(id)], limit: 1).first
    }

    /// Unmatched payments in `status` (all when nil) from files of `formats`, after `afterID`, by id.
    public func unmatchedPaymentRecords(status: String?, formats: [String], afterID: String, limit: Int) throws -> [UnmatchedPaymentRecord] {
        guard !formats.isEmpty else { return [] }
        let formatList = Array(repeating: "?", count: formats.count).joined(separator: ", ")
        var condition = "format IN (\(formatList)) AND id > ?"
        var values = formats.map(SQLValue.text) + [.text(afterID)]
        if let status {
            condition += " AND status = ?"
            values.append(.text(status))
        }
        return try unmatchedPaymentRecords(where: condition, values, limit: limit)
    }

    private func unmatchedPaymentRecords(where condition: String, _ values: [SQLValue], limit: Int) throws -> [UnmatchedPaymentRecord] {
        let statement = try statement("""
            SELECT id, bank_id, file_id, format, kind, reference, currency, amount_minor, paid_on, reason, raw, status, version,
                   resolution, resolved_by, resolved_at_ms FROM unmatched_payment WHERE \(condition) ORDER BY id LIMIT ?
            """)
        try statement.bind(values + [.integer(Int64(limit))])
        defer { statement.reset() }
        var rows: [UnmatchedPaymentRecord] = []
        while try statement.step() {
            rows.append(UnmatchedPaymentRecord(id: statement.text(0), bankID: statement.text(1), fileID: statement.text(2), format: statement.text(3),
                                               kind: statement.text(4), reference: statement.text(5), currency: statement.text(6),
                                               amountMinor: statement.int64(7), paidOn: Int32(truncatingIfNeeded: statement.int64(8)),
                                               reason: statement.text(9), raw: statement.text(10), status: statement.text(11),
                                               version: statement.int64(12), resolution: statement.text(13), resolvedBy: statement.text(14),
                                               resolvedAtMs: statement.optionalInt64(15)))
        }
        return rows
    }

    /// Resolves an unmatched payment if it is still at `expectedVersion`; false when it is not.
    public func resolveUnmatched(id: String, status: String, resolution: String, by actor: String, atMs: Int64,
                                 expectedVersion: Int64) throws -> Bool {
        let statement = try statement("""
            UPDATE unmatched_payment SET status = ?, resolution = ?, resolved_by = ?, resolved_at_ms = ?, version = version + 1
            WHERE id = ? AND version = ?
            """)
        try statement.run([.text(status), .text(resolution), .text(actor), .integer(atMs), .text(id), .integer(expectedVersion)])
        return try scalarInt("SELECT changes()") == 1
    }
}
