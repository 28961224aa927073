import Foundation
import SQLiteDriver
import Store
import Testing

/// Migration 10 (issue 18): Danish accounts get FI +71 references (15 digits, still MOD10-valid),
/// Swedish and Norwegian ones keep theirs, and the payment-file tables are there.
@Suite struct PaymentFileMigrationTests {
    @Test func danishReferencesBecomeFifteenDigitsAndTheRestIsKept() throws {
        let database = TemporaryDatabase()
        let connection = try Connection(path: database.path, readOnly: false)
        try connection.transaction {
            for sql in Migrations.all.prefix(7) { try connection.execute(sql) }
            try connection.execute("PRAGMA user_version = 7")
            try connection.execute("""
                INSERT INTO customer VALUES ('CU-1', 'DK', 'Kunde En', 'kunde en', x'01', x'02', '010185-****', '', '', 'DA', 'NONE',
                  'Gade 1', '1000', 'By');
                INSERT INTO collection_case (id, customer_id, country, status, assigned_handler, segment, version, opened_on)
                  VALUES ('C-1', 'CU-1', 'DK', 'OPEN', 'anna', 'early', 1, 20000);
                INSERT INTO account (case_id, number, customer_id, product, currency, balance_minor, overdue_minor, oldest_unpaid_due,
                                     credit_limit_minor, payment_reference)
                  VALUES ('C-1', 'A-DK', 'CU-1', 'Classic', 'DKK', 100, 0, NULL, 1000, '1234567897'),
                         ('C-1', 'A-SE', 'CU-1', 'Classic', 'SEK', 100, 0, NULL, 1000, '1234567905'),
                         ('C-1', 'A-DK15', 'CU-1', 'Classic', 'DKK', 100, 0, NULL, 1000, '000000030000012');
                """)
        }
        try StoreWriter(path: database.path, auditKey: .unkeyed, nationalIDs: NationalIDRehashMigrationTests.digitsOnly).stop()
        let reader = try Connection(path: database.path, readOnly: true)
        #expect(try reader.scalarInt("PRAGMA user_version") == Int64(Migrations.all.count))
        let statement = try reader.statement("SELECT number, payment_reference FROM account ORDER BY number")
        var references: [String: String] = [:]
        while try statement.step() { references[statement.text(0)] = statement.text(1) }
        statement.reset()
        #expect(references == ["A-DK": "000001234567897", "A-DK15": "000000030000012", "A-SE": "1234567905"])
        #expect(try reader.accountNumbers(paymentReference: "000001234567897") == ["A-DK"])
        for table in ["payment_file", "bank_payment", "unmatched_payment"] {
            #expect(try reader.scalarInt("SELECT count(*) FROM \(table)") == 0)
        }
    }
}
