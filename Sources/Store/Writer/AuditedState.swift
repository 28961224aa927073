import SQLiteDriver
import Crypto

/// What the audit log remembers of an entity's state: a digest over the columns that matter for
/// it, taken after each audited change. `audit verify` recomputes it from the tables, so a row
/// changed behind the server's back (a payment's amount edited in the file) shows.
///
/// The column lists are the contract: a migration may add columns without breaking old digests;
/// covering a new column is a new `version`. Digests are compared only when made under the
/// current version.
enum AuditedState {
    /// The digest format; stored with each digest.
    static let version: UInt8 = 1

    /// The statements whose rows make up an entity's state, by entity kind; each takes the
    /// entity's id as `?1`.
    static let queries: [String: [String]] = [
        "case": [
            "SELECT id, customer_id, country, assigned_handler FROM collection_case WHERE id = ?1",
            "SELECT id, text, author, created_at_ms FROM note WHERE case_id = ?1 ORDER BY id",
            "SELECT id, channel, direction, outcome, occurred_at_ms, summary, recorded_by FROM contact_event WHERE case_id = ?1 ORDER BY id",
            "SELECT kind, until_day, reason, set_on, set_by FROM case_flag WHERE case_id = ?1 ORDER BY kind",
        ],
        "plan": [
            "SELECT id, case_id, kind, status, cancel_reason, currency, total_minor, frequency, version FROM plan WHERE id = ?1",
            "SELECT sequence, due_on, amount_minor, paid_minor FROM installment WHERE plan_id = ?1 ORDER BY sequence",
        ],
        "account": [
            "SELECT number, case_id, currency, balance_minor, overdue_minor FROM account WHERE number = ?1",
            // Through the account's case: payments have no index by account (migration 11).
            // The same rows in the same order as before, so earlier digests still compare.
            """
            SELECT id, currency, amount_minor, paid_on, reference, source, recorded_by FROM payment
            WHERE case_id = (\(SQL.caseOfAccount)) AND account_number = ?1 ORDER BY id
            """,
            """
            SELECT a.payment_id, a.plan_id, a.installment_sequence, a.amount_minor FROM allocation a
            JOIN payment p ON p.id = a.payment_id WHERE p.case_id = (\(SQL.caseOfAccount)) AND p.account_number = ?1 ORDER BY 1, 2, 3
            """,
        ],
        "unmatched_payment": [
            "SELECT id, bank_id, currency, amount_minor, paid_on, reference, status, resolution, resolved_by, version FROM unmatched_payment WHERE id = ?1",
        ],
        "intake_batch": [
            "SELECT batch_id, digest, states, response, received_at_ms, received_by FROM intake_batch WHERE batch_id = ?1",
        ],
        "payment_file": [
            "SELECT id, format, bank_file_id, digest, status, payments, amount_minor FROM payment_file WHERE id = ?1",
        ],
        "token": [
            "SELECT id, name, role, countries, secret_hash, expires_at_ms, revoked_at_ms FROM api_token WHERE id = ?1 OR name = ?1",
        ],
        "strategy": [
            "SELECT number, name, version, sha256, text, applied_by FROM strategy_version WHERE number = ?1",
            "SELECT active_from, activated_by FROM strategy_activation WHERE number = ?1 ORDER BY seq",
        ],
    ]

    /// The digest of entity `entity` `id` as the tables hold it now, nil for a kind not covered.
    /// Version byte, then SHA-256 over every row's values with their types and lengths.
    static func digest(entity: String, id: String, connection: Connection) throws -> [UInt8]? {
        guard let statements = queries[entity] else { return nil }
        var bytes: [UInt8] = []
        for sql in statements {
            let statement = try connection.statement(sql)
            defer { statement.reset() }
            try statement.bind([.text(id)])
            bytes.append(0x1E)  // statement separator
            while try statement.step() {
                bytes.append(0x1F)  // row separator
                for column in 0..<statement.columnCount { append(statement.value(column), to: &bytes) }
            }
        }
        return [version] + Digest.sha256(bytes)
    }

    private static func append(_ value: SQLValue, to bytes: inout [UInt8]) {
        func length(_ count: Int) { bytes += Array(String(count).utf8) + [0x3A] }
        switch value {
        case .null: bytes.append(0x4E)
        case .integer(let number): bytes.append(0x49); bytes += Array(String(number).utf8); bytes.append(0x3B)
        case .text(let text): bytes.append(0x54); length(text.utf8.count); bytes += Array(text.utf8)
        case .blob(let blob): bytes.append(0x42); length(blob.count); bytes += blob
        }
    }
}
