/// Migration 10: payment files (issue 18, docs/PAYMENT-FILES.md).
///
/// - Danish account references become FI +71 payment ids: 15 digits, the earlier MOD10
///   reference padded with zeros in front (leading zeros leave a MOD10 check digit right).
///   Swedish (OCR, MOD10) and Norwegian (KID MOD10) references are valid as they are.
/// - Accounts are found by their reference.
/// - `payment_file`: one row per import run of a file.
/// - `bank_payment`: every payment, reversal or deduction a file reported, keyed by the bank's
///   own identifiers, so a file imported twice applies each payment once.
/// - `unmatched_payment`: what could not be matched, with the record as read, until a handler
///   matches it to an account or refunds it.
enum PaymentFileMigration {
    static let sql = """
        UPDATE account SET payment_reference = substr('00000000000000' || payment_reference, -15)
          WHERE currency = 'DKK' AND length(payment_reference) < 15;
        CREATE INDEX account_by_reference ON account(payment_reference);
        CREATE TABLE payment_file (
          id TEXT PRIMARY KEY,
          format TEXT NOT NULL,
          bank_file_id TEXT NOT NULL,
          name TEXT NOT NULL,
          digest BLOB NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('APPLYING', 'APPLIED')),
          payments INTEGER NOT NULL,
          amount_minor INTEGER NOT NULL,
          matched INTEGER NOT NULL DEFAULT 0,
          unmatched INTEGER NOT NULL DEFAULT 0,
          skipped INTEGER NOT NULL DEFAULT 0,
          started_at_ms INTEGER NOT NULL,
          started_by TEXT NOT NULL,
          finished_at_ms INTEGER
        ) STRICT;
        CREATE INDEX payment_file_by_digest ON payment_file(digest);
        CREATE TABLE bank_payment (
          bank_id TEXT PRIMARY KEY,
          file_id TEXT NOT NULL REFERENCES payment_file(id),
          kind TEXT NOT NULL CHECK (kind IN ('PAYMENT', 'REVERSAL', 'DEDUCTION')),
          reference TEXT NOT NULL,
          amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
          paid_on INTEGER NOT NULL,
          payment_id TEXT REFERENCES payment(id),
          unmatched_id TEXT
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX bank_payment_by_reference ON bank_payment(reference, amount_minor);
        CREATE TABLE unmatched_payment (
          id TEXT PRIMARY KEY,
          bank_id TEXT NOT NULL UNIQUE,
          file_id TEXT NOT NULL REFERENCES payment_file(id),
          format TEXT NOT NULL,
          kind TEXT NOT NULL,
          reference TEXT NOT NULL,
          currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK', 'DKK')),
          amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
          paid_on INTEGER NOT NULL,
          reason TEXT NOT NULL,
          raw TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('OPEN', 'MATCHED', 'REFUNDED')),
          version INTEGER NOT NULL CHECK (version >= 1),
          resolution TEXT NOT NULL DEFAULT '',
          resolved_by TEXT NOT NULL DEFAULT '',
          resolved_at_ms INTEGER
        ) STRICT;
        CREATE INDEX unmatched_by_status ON unmatched_payment(status, id);
        """
}
