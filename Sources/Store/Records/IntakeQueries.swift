import SQLiteDriver

/// Reads and writes of the card ledger's intake (docs/INTAKE.md). Every SQL string of it is here.
extension Connection {
    /// The batch applied under `batchID`.
    public func intakeBatchRecord(batchID: String) throws -> IntakeBatchRecord? {
        let statement = try statement("SELECT batch_id, digest, states, response, received_at_ms, received_by FROM intake_batch WHERE batch_id = ?")
        try statement.bind([.text(batchID)])
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return IntakeBatchRecord(batchID: statement.text(0), digest: statement.blob(1), states: statement.int64(2), response: statement.blob(3),
                                 receivedAtMs: statement.int64(4), receivedBy: statement.text(5))
    }

    /// Records an applied batch.
    public func insert(_ record: IntakeBatchRecord) throws {
        try statement("INSERT INTO intake_batch (batch_id, digest, states, response, received_at_ms, received_by) VALUES (?, ?, ?, ?, ?, ?)")
            .run([.text(record.batchID), .blob(record.digest), .integer(record.states), .blob(record.response),
                  .integer(record.receivedAtMs), .text(record.receivedBy)])
    }

    /// Writes what the ledger says of an account: product, balance, overdue, oldest unpaid due
    /// date and credit limit (the credit held from payments stays).
    public func updateLedgerState(_ record: AccountRecord) throws {
        try statement("""
            UPDATE account SET product = ?, balance_minor = ?, overdue_minor = ?, oldest_unpaid_due = ?, credit_limit_minor = ?
            WHERE case_id = ? AND number = ?
            """).run([.text(record.product), .integer(record.balanceMinor), .integer(record.overdueMinor),
                      record.oldestUnpaidDue.map { .integer(Int64($0)) } ?? .null, .integer(record.creditLimitMinor),
                      .text(record.caseID), .text(record.number)])
        guard changes == 1 else { throw StoreError.notFound(entity: "account", id: record.number) }
    }

    /// Writes a customer's name, contact details, language and mandate (the national ID stays).
    public func updateContactDetails(_ record: CustomerRecord) throws {
        try statement("""
            UPDATE customer SET full_name = ?, name_key = ?, phone = ?, email = ?, language = ?, mandate = ?, address_line = ?,
                                postal_code = ?, city = ?
            WHERE id = ?
            """).run([.text(record.fullName), .text(CustomerRecord.nameKey(record.fullName)), .text(record.phone), .text(record.email),
                      .text(record.language), .text(record.mandate), .text(record.addressLine), .text(record.postalCode), .text(record.city),
                      .text(record.id)])
        guard changes == 1 else { throw StoreError.notFound(entity: "customer", id: record.id) }
    }
}
