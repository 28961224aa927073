/// Migration 14: reversals in payment files undo the payment they reverse (issue 18,
/// docs/PAYMENT-FILES.md "Reversals").
///
/// - `payment_part`: what each payment took off each account's debt (overdue, not yet due) and
///   the account's oldest unpaid due date before it: with the payment's allocations and credit,
///   exactly what a reversal gives back. Payments recorded before this migration have none; a
///   reversal of one that paid debt goes to a handler.
/// - `payment_reversal`: a payment undone, by which bank reversal, when and by whom (a payment
///   is reversed at most once; the payment row itself stays, as the bank reported it).
enum PaymentReversalMigration {
    static let sql = """
        CREATE TABLE payment_part (
          payment_id TEXT NOT NULL REFERENCES payment(id),
          account_number TEXT NOT NULL REFERENCES account(number),
          overdue_minor INTEGER NOT NULL CHECK (overdue_minor >= 0),
          not_yet_due_minor INTEGER NOT NULL CHECK (not_yet_due_minor >= 0),
          oldest_unpaid_due_before INTEGER,
          PRIMARY KEY (payment_id, account_number)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE payment_reversal (
          payment_id TEXT PRIMARY KEY REFERENCES payment(id),
          bank_id TEXT NOT NULL UNIQUE,
          reversed_at_ms INTEGER NOT NULL,
          reversed_by TEXT NOT NULL
        ) STRICT;
        """
}
