import Domain
import Foundation
import SQLiteDriver
import Store
import Testing

/// A database made by an earlier build is brought up to date with every row and rule intact.
@Suite struct MigrationTests {
    /// A version-1 database with one case's worth of rows in every table migrations 2 and 3 rebuild.
    private func versionOneDatabase() throws -> TemporaryDatabase {
        let database = TemporaryDatabase()
        let connection = try Connection(path: database.path, readOnly: false)
        try connection.transaction {
            try connection.execute(Migrations.all[0])
            try connection.execute("PRAGMA user_version = 1")
            try connection.execute("""
                INSERT INTO customer VALUES ('CU-1', 'SE', 'Kund Ett', 'kund ett', x'01', x'02', '198503-****', '+46701234567',
                  'kund@example.se', 'SV', 'NONE', 'Gata 1', '111 11', 'Stad');
                INSERT INTO collection_case VALUES ('C-1', 'CU-1', 'SE', 'OPEN', 'anna', 'early', 3, 20000);
                INSERT INTO customer VALUES ('CU-2', 'NO', 'Kunde To', 'kunde to', x'03', x'04', '010190-****', '+4791234567',
                  'kunde@example.no', 'NB', 'NONE', 'Gate 2', '0150', 'Oslo');
                INSERT INTO collection_case VALUES ('C-2', 'CU-2', 'NO', 'OPEN', 'ola', 'early', 1, 20001);
                INSERT INTO account VALUES ('A-1', 'CU-1', 'C-1', 'Classic', 'SEK', 500000, 100000, 20000, 1000000, '1234567897');
                INSERT INTO plan VALUES ('PL-1', 'C-1', 'PAYMENT_PLAN', 'ACTIVE', NULL, '', 'SEK', 100000, 'MONTHLY', 1, 0, 1, 'anna');
                INSERT INTO installment VALUES ('PL-1', 1, 20100, 20100, 100000, 5000);
                INSERT INTO payment VALUES ('PM-1', 'A-1', 'C-1', 'SEK', 5000, 20050, 'ref', 'BANKGIRO', 1, 'anna');
                INSERT INTO payment VALUES ('PM-2', 'A-1', 'C-1', 'SEK', 7000, 20040, 'ref', 'BANKGIRO', 2, 'anna');
                INSERT INTO allocation VALUES ('PM-1', 'PL-1', 1, 5000);
                INSERT INTO contact_event VALUES ('CE-1', 'C-1', 'PHONE', 'OUTBOUND', 'REACHED', 10, 'called', 'anna');
                INSERT INTO contact_event VALUES ('CE-2', 'C-1', 'SMS', 'OUTBOUND', 'SENT', 20, 'reminder', 'dialer');
                INSERT INTO note VALUES ('N-1', 'C-1', 'will pay Friday', 'anna', 30);
                """)
        }
        return database
    }

    @Test func versionOneIsMigratedWithEveryRow() throws {
        let database = try versionOneDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed, nationalIDs: NationalIDRehashMigrationTests.digitsOnly)
        writer.stop()
        let reader = try StoreReader(path: database.path)
        let connection = reader.connection
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(Migrations.all.count))
        #expect(try connection.scalarInt("SELECT count(*) FROM pragma_foreign_key_check") == 0)
        let check = try connection.statement("PRAGMA integrity_check")
        #expect(try check.step())
        #expect(check.text(0) == "ok")
        check.reset()
        let snapshot = try #require(try reader.caseSnapshot(caseID: "C-1"))
        #expect(snapshot.caseRecord.version == 3)
        #expect(snapshot.customer.fullName == "Kund Ett")
        #expect(snapshot.accounts.map(\.number) == ["A-1"])
        #expect(snapshot.payments.map(\.id) == ["PM-1", "PM-2"], "newest first")
        #expect(snapshot.payments.first?.allocations.map(\.amountMinor) == [5000])
        #expect(snapshot.contacts.map(\.id) == ["CE-2", "CE-1"], "newest first")
        #expect(snapshot.notes.map(\.text) == ["will pay Friday"])
        #expect(snapshot.plans.first?.installments.count == 1)
        let account = try #require(snapshot.accounts.first)
        #expect((account.customerID, account.balanceMinor, account.overdueMinor, account.oldestUnpaidDue) == ("CU-1", 500000, 100000, 20000))
        #expect(account.paymentReference == "1234567897")
        let plan = try #require(snapshot.plans.first)
        #expect((plan.id, plan.status, plan.totalMinor, plan.version, plan.createdBy) == ("PL-1", PlanStage.active, 100000, 1, "anna"))
        // Every column lands in its own place (two of the same type swapped would pass the checks above).
        #expect((account.product, account.currency, account.creditLimitMinor, account.caseID) == ("Classic", "SEK", 1000000, "C-1"))
        #expect((plan.caseID, plan.kind, plan.statusOn, plan.cancelReason, plan.currency) == ("C-1", PlanKind.paymentPlan, nil, "", "SEK"))
        #expect((plan.frequency, plan.amendments, plan.createdAtMs) == ("MONTHLY", 0, 1))
    }

    @Test func idsStayUniqueAndReferencesStayCheckedAfterTheMigration() throws {
        let database = try versionOneDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed, nationalIDs: NationalIDRehashMigrationTests.digitsOnly)
        writer.stop()
        let connection = try Connection(path: database.path, readOnly: false)
        // Same id, different case order key: still refused.
        #expect(throws: SQLiteError.self) {
            try connection.execute("INSERT INTO contact_event (id, case_id, channel, direction, outcome, occurred_at_ms, summary, recorded_by) VALUES ('CE-1', 'C-1', 'PHONE', 'OUTBOUND', 'REACHED', 99, 'again', 'anna')")
        }
        #expect(throws: SQLiteError.self) {
            try connection.execute("INSERT INTO payment (id, account_number, case_id, currency, amount_minor, paid_on, reference, source, recorded_at_ms, recorded_by) VALUES ('PM-1', 'A-1', 'C-1', 'SEK', 1, 20060, 'ref', 'BANKGIRO', 3, 'anna')")
        }
        #expect(throws: SQLiteError.self) {
            try connection.execute("INSERT INTO note (id, case_id, text, author, created_at_ms) VALUES ('N-1', 'C-1', 'again', 'anna', 99)")
        }
        // Account numbers and plan ids stay unique across cases though their tables are keyed by
        // case (migration 3): refused by the unique index (2067), not by the key.
        #expect(sqliteCode {
            try connection.execute("INSERT INTO account (number, customer_id, case_id, product, currency, balance_minor, overdue_minor, credit_limit_minor, payment_reference) VALUES ('A-1', 'CU-2', 'C-2', 'Gold', 'NOK', 1, 0, 1, '1')")
        } == 2067)
        #expect(sqliteCode {
            try connection.execute("INSERT INTO plan (id, case_id, kind, status, cancel_reason, currency, total_minor, frequency, version, amendments, created_at_ms, created_by) VALUES ('PL-1', 'C-2', 'PAYMENT_PLAN', 'ACTIVE', '', 'NOK', 1, 'MONTHLY', 1, 0, 1, 'ola')")
        } == 2067)
        // Foreign keys are enforced again once migrations are done, also towards the rebuilt
        // tables (787: a foreign key), and the rebuilt tables are still usable parents.
        #expect(sqliteCode {
            try connection.execute("INSERT INTO installment (plan_id, sequence, due_on, requested_due_on, amount_minor, paid_minor) VALUES ('PL-404', 1, 20100, 20100, 1, 0)")
        } == 787)
        #expect(sqliteCode {
            try connection.execute("INSERT INTO payment (id, account_number, case_id, currency, amount_minor, paid_on, reference, source, recorded_at_ms, recorded_by) VALUES ('PM-9', 'A-404', 'C-1', 'SEK', 1, 20060, 'ref', 'BANKGIRO', 3, 'anna')")
        } == 787)
        try connection.execute("INSERT INTO installment (plan_id, sequence, due_on, requested_due_on, amount_minor, paid_minor) VALUES ('PL-1', 2, 20130, 20130, 1, 0)")
        try connection.execute("INSERT INTO payment (id, account_number, case_id, currency, amount_minor, paid_on, reference, source, recorded_at_ms, recorded_by) VALUES ('PM-3', 'A-1', 'C-1', 'SEK', 1, 20060, 'ref', 'BANKGIRO', 3, 'anna')")
        #expect(try connection.scalarInt("SELECT count(*) FROM account") == 1)
        #expect(try connection.scalarInt("SELECT count(*) FROM plan") == 1)
        #expect(try connection.scalarInt("SELECT count(*) FROM payment") == 3)
        #expect(throws: SQLiteError.self) {
            try connection.execute("INSERT INTO note (id, case_id, text, author, created_at_ms) VALUES ('N-2', 'C-404', 'nobody', 'anna', 99)")
        }
        #expect(try connection.scalarInt("SELECT count(*) FROM note") == 1)
    }

    /// Migration 4 marks what each case holds; triggers keep the marks as rows come and go, and a
    /// look-up shows a kind of row only where its mark says the case has it.
    @Test func caseContentsFollowTheRows() throws {
        let database = try versionOneDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed, nationalIDs: NationalIDRehashMigrationTests.digitsOnly)
        writer.stop()
        let connection = try Connection(path: database.path, readOnly: false)
        func contents(_ caseID: String) throws -> Int64? {
            try connection.scalarInt("SELECT contents FROM collection_case WHERE id = ?", [.text(caseID)])
        }
        let all: CaseContents = [.plans, .payments, .contacts, .notes]
        #expect(try contents("C-1") == all.rawValue, "computed from the rows by the migration: no flags")
        #expect(try contents("C-2") == 0)
        let reader = try StoreReader(path: database.path)
        #expect(try reader.caseSnapshot(caseID: "C-2")?.notes == [])

        try connection.insert(NoteRecord(id: "N-2", caseID: "C-2", text: "ring back", author: "ola", createdAtMs: 40))
        #expect(try contents("C-2") == CaseContents.notes.rawValue)
        #expect(try reader.caseSnapshot(caseID: "C-2")?.notes.map(\.id) == ["N-2"])
        try connection.insert(ContactRecord(id: "CE-3", caseID: "C-2", channel: "SMS", direction: .outbound, outcome: "DELIVERED",
                                            occurredAtMs: 50, summary: "reminder", recordedBy: "dialer"))
        #expect(try contents("C-2") == CaseContents([.notes, .contacts]).rawValue)

        // Flags: set twice (a replace), a second kind, one removed (still flagged), the last removed.
        let flag = FlagRecord(caseID: "C-2", kind: "DISPUTE", untilDay: nil, reason: "disputes a purchase", setOn: 20_400, setBy: "ola")
        try connection.upsert(flag)
        try connection.upsert(flag)
        try connection.upsert(FlagRecord(caseID: "C-2", kind: "VULNERABLE", untilDay: nil, reason: "noted", setOn: 20_400, setBy: "ola"))
        #expect(try contents("C-2") == CaseContents([.notes, .contacts, .flags]).rawValue)
        #expect(try connection.deleteFlag(caseID: "C-2", kind: "DISPUTE"))
        #expect(try contents("C-2") == CaseContents([.notes, .contacts, .flags]).rawValue)
        #expect(try reader.caseSnapshot(caseID: "C-2")?.flags.map(\.kind) == ["VULNERABLE"])
        #expect(try connection.deleteFlag(caseID: "C-2", kind: "VULNERABLE"))
        #expect(try contents("C-2") == CaseContents([.notes, .contacts]).rawValue)
        #expect(try reader.caseSnapshot(caseID: "C-2")?.flags == [])
        #expect(try contents("C-1") == all.rawValue, "another case's marks are untouched")

        // Plans and payments, however they are inserted.
        try connection.execute("""
            INSERT INTO account (number, customer_id, case_id, product, currency, balance_minor, overdue_minor, credit_limit_minor, payment_reference)
              VALUES ('A-2', 'CU-2', 'C-2', 'Gold', 'NOK', 1000, 500, 5000, '2');
            INSERT INTO plan (id, case_id, kind, status, cancel_reason, currency, total_minor, frequency, version, amendments, created_at_ms, created_by)
              VALUES ('PL-2', 'C-2', 'PAYMENT_PLAN', 'ACTIVE', '', 'NOK', 500, 'MONTHLY', 1, 0, 60, 'ola');
            """)
        #expect(try contents("C-2") == CaseContents([.notes, .contacts, .plans]).rawValue)
        try connection.execute("""
            INSERT INTO payment (id, account_number, case_id, currency, amount_minor, paid_on, reference, source, recorded_at_ms, recorded_by)
              VALUES ('PM-9', 'A-2', 'C-2', 'NOK', 100, 20400, 'ref', 'BANKGIRO', 70, 'ola')
            """)
        #expect(try contents("C-2") == CaseContents([.notes, .contacts, .plans, .payments]).rawValue)
        #expect(try reader.caseSnapshot(caseID: "C-2").map { ($0.plans.map(\.id), $0.payments.map(\.id)) }! == (["PL-2"], ["PM-9"]))
    }

    /// The extended SQLite result code `body` failed with, or nil when it succeeded.
    private func sqliteCode(_ body: () throws -> Void) -> Int32? {
        do {
            try body()
            return nil
        } catch let error as SQLiteError {
            return error.code
        } catch {
            return -1
        }
    }
}
