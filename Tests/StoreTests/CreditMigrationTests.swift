import Foundation
import SQLiteDriver
import Store
import Testing

/// Migration 6 (issue 12, defects 3 and 4): money beyond the debt becomes credit instead of a
/// negative balance, payments and installments gain their new columns, and nothing else moves.
@Suite struct CreditMigrationTests {
    /// A database at version 4 with an over-paid account, a normal one and a paid installment.
    private func versionFourDatabase() throws -> TemporaryDatabase {
        let database = TemporaryDatabase()
        let connection = try Connection(path: database.path, readOnly: false)
        try connection.transaction {
            for sql in Migrations.all.prefix(4) { try connection.execute(sql) }
            try connection.execute("PRAGMA user_version = 4")
            try connection.execute("""
                INSERT INTO customer VALUES ('CU-1', 'SE', 'Kund Ett', 'kund ett', x'01', x'02', '198503-****', '+46701234567',
                  'kund@example.se', 'SV', 'NONE', 'Gata 1', '111 11', 'Stad');
                INSERT INTO collection_case (id, customer_id, country, status, assigned_handler, segment, version, opened_on)
                  VALUES ('C-1', 'CU-1', 'SE', 'OPEN', 'anna', 'early', 3, 20000);
                INSERT INTO account (case_id, number, customer_id, product, currency, balance_minor, overdue_minor, oldest_unpaid_due,
                                     credit_limit_minor, payment_reference)
                  VALUES ('C-1', 'A-1', 'CU-1', 'Classic', 'SEK', -12345, 0, NULL, 1000000, '1234567897'),
                         ('C-1', 'A-2', 'CU-1', 'Guld', 'SEK', 500000, 100000, 20000, 1000000, '1234567905');
                INSERT INTO plan (case_id, created_at_ms, id, kind, status, status_on, cancel_reason, currency, total_minor, frequency,
                                  version, amendments, created_by)
                  VALUES ('C-1', 1, 'PL-1', 'PAYMENT_PLAN', 'ACTIVE', NULL, '', 'SEK', 100000, 'MONTHLY', 1, 0, 'anna');
                INSERT INTO installment VALUES ('PL-1', 1, 20100, 20100, 100000, 100000);
                INSERT INTO payment (case_id, paid_on, id, account_number, currency, amount_minor, reference, source, recorded_at_ms, recorded_by)
                  VALUES ('C-1', 20050, 'PM-1', 'A-1', 'SEK', 5000, 'ref', 'BANKGIRO', 1, 'anna');
                """)
        }
        return database
    }

    /// A reader after the writer has brought `database` up to date.
    private func migrated(_ database: TemporaryDatabase) throws -> StoreReader {
        try StoreWriter(path: database.path, auditKey: .unkeyed, nationalIDs: NationalIDRehashMigrationTests.digitsOnly).stop()
        return try StoreReader(path: database.path)
    }

    @Test func negativeBalancesBecomeCreditAndTheRestIsKept() throws {
        let database = try versionFourDatabase()
        let reader = try migrated(database)
        #expect(try reader.connection.scalarInt("PRAGMA user_version") == Int64(Migrations.all.count))
        let snapshot = try #require(try reader.caseSnapshot(caseID: "C-1"))
        let accounts = snapshot.accounts.map { ($0.number, $0.balanceMinor, $0.overdueMinor, $0.creditMinor) }
        #expect(accounts.count == 2)
        #expect(accounts.first { $0.0 == "A-1" }.map { [$0.1, $0.2, $0.3] } == [0, 0, 12345], "the over-payment is credit")
        #expect(accounts.first { $0.0 == "A-2" }.map { [$0.1, $0.2, $0.3] } == [500000, 100000, 0], "other accounts as they were")
        #expect(snapshot.payments.map(\.creditMinor) == [0])
        #expect(snapshot.plans.first?.installments.map(\.paidInFullOn) == [nil], "the day is not known for older payments")
        // Credit can never be negative.
        let connection = try Connection(path: database.path, readOnly: false)
        #expect(throws: (any Error).self) { try connection.execute("UPDATE account SET credit_minor = -1 WHERE number = 'A-1'") }
    }
}
