import SQLiteDriver
/// Numbered schema migrations, applied in order; `PRAGMA user_version` records the last applied.
/// Every table is STRICT; money is an INTEGER of minor units beside a currency; dates are INTEGER
/// days since 1970-01-01; instants are INTEGER milliseconds since the Unix epoch.
public enum Migrations {
    /// The migrations, index 0 being version 1. Never edit one that has shipped: append.
    public static let all: [String] = [
        // 1: the collection domain, idempotency, audit.
        """
        CREATE TABLE customer (
          id TEXT PRIMARY KEY,
          country TEXT NOT NULL CHECK (country IN ('SE', 'NO', 'DK')),
          full_name TEXT NOT NULL,
          name_key TEXT NOT NULL,
          national_id_lookup BLOB NOT NULL UNIQUE,
          national_id_sealed BLOB NOT NULL,
          national_id_masked TEXT NOT NULL,
          phone TEXT NOT NULL,
          email TEXT NOT NULL,
          language TEXT NOT NULL,
          mandate TEXT NOT NULL,
          address_line TEXT NOT NULL,
          postal_code TEXT NOT NULL,
          city TEXT NOT NULL
        ) STRICT;
        CREATE INDEX customer_by_name ON customer(name_key);
        CREATE INDEX customer_by_phone ON customer(phone);
        CREATE INDEX customer_by_email ON customer(email COLLATE NOCASE);
        CREATE TABLE collection_case (
          id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL UNIQUE REFERENCES customer(id),
          country TEXT NOT NULL CHECK (country IN ('SE', 'NO', 'DK')),
          status TEXT NOT NULL,
          assigned_handler TEXT NOT NULL,
          segment TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          opened_on INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX case_by_country_status ON collection_case(country, status);
        CREATE INDEX case_by_handler ON collection_case(assigned_handler);
        CREATE TABLE account (
          number TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL REFERENCES customer(id),
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          product TEXT NOT NULL,
          currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK', 'DKK')),
          balance_minor INTEGER NOT NULL,
          overdue_minor INTEGER NOT NULL CHECK (overdue_minor >= 0),
          oldest_unpaid_due INTEGER,
          credit_limit_minor INTEGER NOT NULL,
          payment_reference TEXT NOT NULL
        ) STRICT;
        CREATE INDEX account_by_case ON account(case_id);
        CREATE INDEX account_by_customer ON account(customer_id);
        CREATE TABLE plan (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          kind TEXT NOT NULL,
          status TEXT NOT NULL,
          status_on INTEGER,
          cancel_reason TEXT NOT NULL,
          currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK', 'DKK')),
          total_minor INTEGER NOT NULL CHECK (total_minor > 0),
          frequency TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          amendments INTEGER NOT NULL,
          created_at_ms INTEGER NOT NULL,
          created_by TEXT NOT NULL
        ) STRICT;
        CREATE INDEX plan_by_case ON plan(case_id, created_at_ms);
        CREATE TABLE installment (
          plan_id TEXT NOT NULL REFERENCES plan(id),
          sequence INTEGER NOT NULL,
          due_on INTEGER NOT NULL,
          requested_due_on INTEGER NOT NULL,
          amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
          paid_minor INTEGER NOT NULL CHECK (paid_minor >= 0 AND paid_minor <= amount_minor),
          PRIMARY KEY (plan_id, sequence)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE plan_history (
          plan_id TEXT NOT NULL REFERENCES plan(id),
          version INTEGER NOT NULL,
          status TEXT NOT NULL,
          total_minor INTEGER NOT NULL,
          frequency TEXT NOT NULL,
          replaced_at_ms INTEGER NOT NULL,
          replaced_by TEXT NOT NULL,
          reason TEXT NOT NULL,
          installments TEXT NOT NULL,
          PRIMARY KEY (plan_id, version)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE payment (
          id TEXT PRIMARY KEY,
          account_number TEXT NOT NULL REFERENCES account(number),
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK', 'DKK')),
          amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
          paid_on INTEGER NOT NULL,
          reference TEXT NOT NULL,
          source TEXT NOT NULL,
          recorded_at_ms INTEGER NOT NULL,
          recorded_by TEXT NOT NULL
        ) STRICT;
        CREATE INDEX payment_by_case ON payment(case_id, paid_on);
        CREATE INDEX payment_by_account ON payment(account_number, paid_on);
        CREATE TABLE allocation (
          payment_id TEXT NOT NULL REFERENCES payment(id),
          plan_id TEXT NOT NULL REFERENCES plan(id),
          installment_sequence INTEGER NOT NULL,
          amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
          PRIMARY KEY (payment_id, plan_id, installment_sequence)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE contact_event (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          channel TEXT NOT NULL,
          direction TEXT NOT NULL,
          outcome TEXT NOT NULL,
          occurred_at_ms INTEGER NOT NULL,
          summary TEXT NOT NULL,
          recorded_by TEXT NOT NULL
        ) STRICT;
        CREATE INDEX contact_by_case ON contact_event(case_id, occurred_at_ms);
        CREATE TABLE note (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          text TEXT NOT NULL,
          author TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX note_by_case ON note(case_id, created_at_ms);
        CREATE TABLE case_flag (
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          kind TEXT NOT NULL,
          until_day INTEGER,
          reason TEXT NOT NULL,
          set_on INTEGER NOT NULL,
          set_by TEXT NOT NULL,
          PRIMARY KEY (case_id, kind)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE idempotency (
          principal TEXT NOT NULL,
          key TEXT NOT NULL,
          method TEXT NOT NULL,
          request_hash BLOB NOT NULL,
          response BLOB NOT NULL,
          created_at_ms INTEGER NOT NULL,
          PRIMARY KEY (principal, key)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE audit (
          seq INTEGER PRIMARY KEY,
          at_ms INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          entity TEXT NOT NULL,
          entity_id TEXT NOT NULL,
          version_before INTEGER,
          version_after INTEGER,
          detail TEXT NOT NULL,
          prev_hash BLOB NOT NULL,
          hash BLOB NOT NULL
        ) STRICT;
        CREATE INDEX audit_by_entity ON audit(entity, entity_id);
        CREATE TABLE api_token (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          role TEXT NOT NULL,
          countries TEXT NOT NULL,
          secret_hash BLOB NOT NULL UNIQUE,
          created_at_ms INTEGER NOT NULL,
          expires_at_ms INTEGER NOT NULL,
          revoked_at_ms INTEGER
        ) STRICT;
        CREATE TABLE id_sequence (
          name TEXT PRIMARY KEY,
          next INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        """,
        // 2: the rows a case look-up reads, stored together. Customers and cases keyed by their id
        // alone (one B-tree descent instead of index + table); payments, contacts and notes
        // clustered by case in the order GetCase reads them (one descent and a few adjacent rows
        // instead of one descent per row). Ids stay unique through an index. Key columns come
        // first (SQLite 3.40's integrity_check misreads NOT NULL columns of a WITHOUT ROWID
        // table whose key columns are declared after others).
        """
        CREATE TABLE customer_v2 (
          id TEXT PRIMARY KEY,
          country TEXT NOT NULL CHECK (country IN ('SE', 'NO', 'DK')),
          full_name TEXT NOT NULL,
          name_key TEXT NOT NULL,
          national_id_lookup BLOB NOT NULL UNIQUE,
          national_id_sealed BLOB NOT NULL,
          national_id_masked TEXT NOT NULL,
          phone TEXT NOT NULL,
          email TEXT NOT NULL,
          language TEXT NOT NULL,
          mandate TEXT NOT NULL,
          address_line TEXT NOT NULL,
          postal_code TEXT NOT NULL,
          city TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        INSERT INTO customer_v2 SELECT * FROM customer;
        DROP TABLE customer;
        ALTER TABLE customer_v2 RENAME TO customer;
        CREATE INDEX customer_by_name ON customer(name_key);
        CREATE INDEX customer_by_phone ON customer(phone);
        CREATE INDEX customer_by_email ON customer(email COLLATE NOCASE);
        CREATE TABLE collection_case_v2 (
          id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL UNIQUE REFERENCES customer(id),
          country TEXT NOT NULL CHECK (country IN ('SE', 'NO', 'DK')),
          status TEXT NOT NULL,
          assigned_handler TEXT NOT NULL,
          segment TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          opened_on INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        INSERT INTO collection_case_v2 SELECT * FROM collection_case;
        DROP TABLE collection_case;
        ALTER TABLE collection_case_v2 RENAME TO collection_case;
        CREATE INDEX case_by_country_status ON collection_case(country, status);
        CREATE INDEX case_by_handler ON collection_case(assigned_handler);
        CREATE TABLE payment_v2 (
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          paid_on INTEGER NOT NULL,
          id TEXT NOT NULL,
          account_number TEXT NOT NULL REFERENCES account(number),
          currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK', 'DKK')),
          amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
          reference TEXT NOT NULL,
          source TEXT NOT NULL,
          recorded_at_ms INTEGER NOT NULL,
          recorded_by TEXT NOT NULL,
          PRIMARY KEY (case_id, paid_on, id)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO payment_v2 (case_id, paid_on, id, account_number, currency, amount_minor, reference, source, recorded_at_ms, recorded_by)
          SELECT case_id, paid_on, id, account_number, currency, amount_minor, reference, source, recorded_at_ms, recorded_by FROM payment;
        DROP TABLE payment;
        ALTER TABLE payment_v2 RENAME TO payment;
        CREATE UNIQUE INDEX payment_by_id ON payment(id);
        CREATE INDEX payment_by_account ON payment(account_number, paid_on);
        CREATE TABLE contact_event_v2 (
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          occurred_at_ms INTEGER NOT NULL,
          id TEXT NOT NULL,
          channel TEXT NOT NULL,
          direction TEXT NOT NULL,
          outcome TEXT NOT NULL,
          summary TEXT NOT NULL,
          recorded_by TEXT NOT NULL,
          PRIMARY KEY (case_id, occurred_at_ms, id)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO contact_event_v2 (case_id, occurred_at_ms, id, channel, direction, outcome, summary, recorded_by)
          SELECT case_id, occurred_at_ms, id, channel, direction, outcome, summary, recorded_by FROM contact_event;
        DROP TABLE contact_event;
        ALTER TABLE contact_event_v2 RENAME TO contact_event;
        CREATE UNIQUE INDEX contact_by_id ON contact_event(id);
        CREATE TABLE note_v2 (
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          created_at_ms INTEGER NOT NULL,
          id TEXT NOT NULL,
          text TEXT NOT NULL,
          author TEXT NOT NULL,
          PRIMARY KEY (case_id, created_at_ms, id)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO note_v2 (case_id, created_at_ms, id, text, author) SELECT case_id, created_at_ms, id, text, author FROM note;
        DROP TABLE note;
        ALTER TABLE note_v2 RENAME TO note;
        CREATE UNIQUE INDEX note_by_id ON note(id);
        """,
        // 3: a case's accounts and plans stored together under the case, like its payments (one
        // B-tree descent per look-up instead of index + table). Account numbers and plan ids stay
        // unique, and stay the parent keys of payments, installments and allocations, through a
        // unique index. Key columns first, as in 2.
        """
        CREATE TABLE account_v3 (
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          number TEXT NOT NULL,
          customer_id TEXT NOT NULL REFERENCES customer(id),
          product TEXT NOT NULL,
          currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK', 'DKK')),
          balance_minor INTEGER NOT NULL,
          overdue_minor INTEGER NOT NULL CHECK (overdue_minor >= 0),
          oldest_unpaid_due INTEGER,
          credit_limit_minor INTEGER NOT NULL,
          payment_reference TEXT NOT NULL,
          PRIMARY KEY (case_id, number)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO account_v3 (case_id, number, customer_id, product, currency, balance_minor, overdue_minor, oldest_unpaid_due,
                                credit_limit_minor, payment_reference)
          SELECT case_id, number, customer_id, product, currency, balance_minor, overdue_minor, oldest_unpaid_due,
                 credit_limit_minor, payment_reference FROM account;
        DROP TABLE account;
        ALTER TABLE account_v3 RENAME TO account;
        CREATE UNIQUE INDEX account_by_number ON account(number);
        CREATE INDEX account_by_customer ON account(customer_id);
        CREATE TABLE plan_v3 (
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          created_at_ms INTEGER NOT NULL,
          id TEXT NOT NULL,
          kind TEXT NOT NULL,
          status TEXT NOT NULL,
          status_on INTEGER,
          cancel_reason TEXT NOT NULL,
          currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK', 'DKK')),
          total_minor INTEGER NOT NULL CHECK (total_minor > 0),
          frequency TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          amendments INTEGER NOT NULL,
          created_by TEXT NOT NULL,
          PRIMARY KEY (case_id, created_at_ms, id)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO plan_v3 (case_id, created_at_ms, id, kind, status, status_on, cancel_reason, currency, total_minor, frequency,
                             version, amendments, created_by)
          SELECT case_id, created_at_ms, id, kind, status, status_on, cancel_reason, currency, total_minor, frequency,
                 version, amendments, created_by FROM plan;
        DROP TABLE plan;
        ALTER TABLE plan_v3 RENAME TO plan;
        CREATE UNIQUE INDEX plan_by_id ON plan(id);
        """,
        // 4: what a case holds, as bits on its row (CaseContents: 1 plans, 2 payments, 4 contacts,
        // 8 notes, 16 flags), so a look-up reads only the kinds a case has. A descent that finds
        // nothing still reads a leaf page, and on a large database most cases have no plan, flag,
        // payment or note. Triggers keep the bits in the same transaction as the rows, whoever
        // inserts them; removing a case's last flag clears its bit. A migration that rebuilds one of
        // these tables must create its trigger again; one that rebuilds collection_case must keep
        // `contents`.
        """
        ALTER TABLE collection_case ADD COLUMN contents INTEGER NOT NULL DEFAULT 0;
        UPDATE collection_case SET contents =
            (CASE WHEN EXISTS (SELECT 1 FROM plan WHERE plan.case_id = collection_case.id) THEN 1 ELSE 0 END)
          | (CASE WHEN EXISTS (SELECT 1 FROM payment WHERE payment.case_id = collection_case.id) THEN 2 ELSE 0 END)
          | (CASE WHEN EXISTS (SELECT 1 FROM contact_event WHERE contact_event.case_id = collection_case.id) THEN 4 ELSE 0 END)
          | (CASE WHEN EXISTS (SELECT 1 FROM note WHERE note.case_id = collection_case.id) THEN 8 ELSE 0 END)
          | (CASE WHEN EXISTS (SELECT 1 FROM case_flag WHERE case_flag.case_id = collection_case.id) THEN 16 ELSE 0 END);
        CREATE TRIGGER plan_marks_case AFTER INSERT ON plan BEGIN
          UPDATE collection_case SET contents = contents | 1 WHERE id = NEW.case_id AND contents & 1 = 0;
        END;
        CREATE TRIGGER payment_marks_case AFTER INSERT ON payment BEGIN
          UPDATE collection_case SET contents = contents | 2 WHERE id = NEW.case_id AND contents & 2 = 0;
        END;
        CREATE TRIGGER contact_marks_case AFTER INSERT ON contact_event BEGIN
          UPDATE collection_case SET contents = contents | 4 WHERE id = NEW.case_id AND contents & 4 = 0;
        END;
        CREATE TRIGGER note_marks_case AFTER INSERT ON note BEGIN
          UPDATE collection_case SET contents = contents | 8 WHERE id = NEW.case_id AND contents & 8 = 0;
        END;
        CREATE TRIGGER flag_marks_case AFTER INSERT ON case_flag BEGIN
          UPDATE collection_case SET contents = contents | 16 WHERE id = NEW.case_id AND contents & 16 = 0;
        END;
        CREATE TRIGGER flag_unmarks_case AFTER DELETE ON case_flag BEGIN
          UPDATE collection_case SET contents = contents & ~16
          WHERE id = OLD.case_id AND NOT EXISTS (SELECT 1 FROM case_flag WHERE case_id = OLD.case_id);
        END;
        """,
        // 5: national ID look-up hashes of one written form (NationalID.lookupForm): earlier seeds
        // hashed Swedish and Danish numbers with their dash, look-ups hashed digits only. No SQL:
        // the rows are rehashed in Swift (NationalIDRehash), which needs the master key.
        """
        -- 5: national ID look-up hashes rehashed by NationalIDRehash.
        """,
        // 6: money that has a place (issue 12, defects 3 and 4). An account keeps money received
        // beyond everything owed as `credit_minor` instead of a negative balance (existing
        // negative balances move there); a payment records the part of it that became credit; an
        // installment keeps the value date of the payment that paid it in full, so a plan can be
        // evaluated as of any day from facts instead of a stored verdict.
        """
        ALTER TABLE account ADD COLUMN credit_minor INTEGER NOT NULL DEFAULT 0 CHECK (credit_minor >= 0);
        UPDATE account SET credit_minor = -balance_minor, balance_minor = 0 WHERE balance_minor < 0;
        ALTER TABLE payment ADD COLUMN credit_minor INTEGER NOT NULL DEFAULT 0 CHECK (credit_minor >= 0);
        ALTER TABLE installment ADD COLUMN paid_in_full_on INTEGER;
        """,
        // 7: the keyed audit chain: how each row's hash was made (0 plain SHA-256, 1 HMAC under the
        // data folder's audit key) and the digest of its entity's state after the change.
        """
        ALTER TABLE audit ADD COLUMN scheme INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE audit ADD COLUMN state_digest BLOB;
        """,
        // 8: the daily cycle (issue 15). `daily_run` records each country's completed runs, so a
        // server that was down catches up the days it missed and a day run again is known;
        // `bucket_history` keeps each case's delinquency bucket as runs of days (a row only when
        // the bucket changes), enough for roll rates between buckets per day.
        """
        CREATE TABLE daily_run (
          country TEXT NOT NULL CHECK (country IN ('SE', 'NO', 'DK')),
          as_of INTEGER NOT NULL,
          finished_at_ms INTEGER NOT NULL,
          cases INTEGER NOT NULL,
          changes INTEGER NOT NULL,
          PRIMARY KEY (country, as_of)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE bucket_history (
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          since INTEGER NOT NULL,
          bucket TEXT NOT NULL,
          days_past_due INTEGER NOT NULL,
          PRIMARY KEY (case_id, since)
        ) STRICT, WITHOUT ROWID;
        """,
        // 9: strategies as versioned data (issue 15): every applied file kept whole, never edited;
        // an activation puts a version in force from a day (the latest activation on or before a
        // day wins; a later activation of the same day replaces none, it is another row).
        """
        CREATE TABLE strategy_version (
          number INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          version TEXT NOT NULL,
          sha256 BLOB NOT NULL UNIQUE,
          text TEXT NOT NULL,
          segments INTEGER NOT NULL,
          applied_at_ms INTEGER NOT NULL,
          applied_by TEXT NOT NULL
        ) STRICT;
        CREATE TABLE strategy_activation (
          seq INTEGER PRIMARY KEY,
          number INTEGER NOT NULL REFERENCES strategy_version(number),
          active_from INTEGER NOT NULL,
          activated_at_ms INTEGER NOT NULL,
          activated_by TEXT NOT NULL
        ) STRICT;
        CREATE INDEX strategy_activation_by_day ON strategy_activation(active_from, seq);
        """,
        // 10: payment files (issue 18); see PaymentFileMigration.
        PaymentFileMigration.sql,
        // 11: no index of payments by account (issue 13, bytes per payment). Every payment wrote a
        // random leaf of it, 0.9 of the 4.3 pages a payment put in the WAL. An account's payments
        // are read through its case instead: the account's row gives its case, and the payment
        // table is keyed by case, so they are a range of one case's rows (few: a case has a few
        // accounts). Accounts are never deleted or renumbered, so the foreign key from payment
        // to account never needs to look payments up by account either. Freeing the index's
        // pages took 0.4 s on 200 000 customers (165 000 payments): about 2 s on a million.
        """
        DROP INDEX payment_by_account;
        """,
        // 12: what the strategy in force did with each case (issue 15). `case_treatment` keeps a
        // case's segment, arm, the day it entered the segment (day 0 of its treatment) and the step
        // it is at; `outbox` keeps the contact actions, handler tasks and reminder fees the daily
        // cycle decided, one row per dedupe key (a day run again adds nothing), clustered by case
        // like the other case tables, with an index of pending actions by their earliest instant
        // for the delivery worker. The case's contents bits (migration 4) gain 32 (a treatment)
        // and 64 (actions), so a case look-up reads these tables only for cases that have rows.
        """
        CREATE TABLE case_treatment (
          case_id TEXT PRIMARY KEY REFERENCES collection_case(id),
          strategy_number INTEGER NOT NULL REFERENCES strategy_version(number),
          strategy TEXT NOT NULL,
          segment TEXT NOT NULL,
          arm TEXT NOT NULL,
          segment_since INTEGER NOT NULL,
          step TEXT NOT NULL,
          decided_on INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE outbox (
          case_id TEXT NOT NULL REFERENCES collection_case(id),
          dedupe_key TEXT NOT NULL,
          kind TEXT NOT NULL,
          template TEXT NOT NULL,
          language TEXT NOT NULL,
          decided_on INTEGER NOT NULL,
          earliest_ms INTEGER NOT NULL,
          latest_ms INTEGER NOT NULL CHECK (latest_ms >= earliest_ms),
          amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
          currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK', 'DKK')),
          status TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL,
          PRIMARY KEY (case_id, dedupe_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX outbox_by_due ON outbox(status, earliest_ms);
        CREATE TRIGGER treatment_marks_case AFTER INSERT ON case_treatment BEGIN
          UPDATE collection_case SET contents = contents | 32 WHERE id = NEW.case_id AND contents & 32 = 0;
        END;
        CREATE TRIGGER treatment_unmarks_case AFTER DELETE ON case_treatment BEGIN
          UPDATE collection_case SET contents = contents & ~32 WHERE id = OLD.case_id;
        END;
        CREATE TRIGGER outbox_marks_case AFTER INSERT ON outbox BEGIN
          UPDATE collection_case SET contents = contents | 64 WHERE id = NEW.case_id AND contents & 64 = 0;
        END;
        """,
        // 13: the card ledger's intake batches (issue 15, docs/INTAKE.md): one row per batch id,
        // with the digest of its request and the answer it got, so a batch sent again answers
        // the first result and one sent with other states under the same id is refused.
        """
        CREATE TABLE intake_batch (
          batch_id TEXT PRIMARY KEY,
          digest BLOB NOT NULL,
          states INTEGER NOT NULL,
          response BLOB NOT NULL,
          received_at_ms INTEGER NOT NULL,
          received_by TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        """,
        // 14: reversals (issue 18); see PaymentReversalMigration.
        PaymentReversalMigration.sql,
    ]

    /// The version whose migration rehashes national ID look-ups (see `NationalIDRehash`).
    public static let nationalIDRehashVersion = 5

    /// Applies every migration past the database's `user_version`, each in its own transaction.
    /// Refuses a database newer than this build.
    ///
    /// Foreign keys are off while migrations rebuild tables (SQLite's procedure for changing a
    /// table); each migration must leave every reference intact, checked before it commits.
    ///
    /// Migration 5 rehashes national ID look-ups with `nationalIDs`; without it, it refuses a
    /// database that has customers (`MIGRATION_NEEDS_MASTER_KEY`) rather than leave them
    /// unfindable.
    public static func apply(to connection: Connection, nationalIDs: NationalIDRehash? = nil) throws {
        let current = try connection.scalarInt("PRAGMA user_version") ?? 0
        guard current <= Int64(all.count) else { throw StoreError.databaseTooNew(version: Int(current), supported: all.count) }
        guard current < Int64(all.count) else { return }
        try connection.execute("PRAGMA foreign_keys=OFF")
        defer { try? connection.execute("PRAGMA foreign_keys=ON") }
        for (index, sql) in all.enumerated() where Int64(index + 1) > current {
            try connection.transaction {
                try connection.execute(sql)
                if index + 1 == nationalIDRehashVersion { try rehash(connection, nationalIDs) }
                if let broken = try connection.scalarInt("SELECT count(*) FROM pragma_foreign_key_check") , broken > 0 {
                    throw StoreError.database(code: 19, message: "migration \(index + 1) would leave \(broken) broken references")
                }
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    private static func rehash(_ connection: Connection, _ nationalIDs: NationalIDRehash?) throws {
        if let nationalIDs {
            _ = try nationalIDs.apply(to: connection)
        } else if let customers = try connection.scalarInt("SELECT count(*) FROM customer"), customers > 0 {
            throw StoreError.rejected(code: "MIGRATION_NEEDS_MASTER_KEY", fieldPath: "",
                                      message: "migration \(nationalIDRehashVersion) rehashes national ID look-ups: open the database with its master key (collect-server serve or seed)")
        }
    }
}
