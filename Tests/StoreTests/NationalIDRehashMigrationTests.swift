import Crypto
import Foundation
import SQLiteDriver
import Store
import Testing

/// Migration 5 gives every national ID look-up hash the one written form look-ups use (issue 12,
/// defect 2). Written against `latest` so later migrations need no change here.
@Suite struct NationalIDRehashMigrationTests {
    static let sealer = Sealer(masterKey: [UInt8](repeating: 5, count: 32))
    static let latest = Int64(Migrations.all.count)
    /// Digits only: the rule's shape, without Domain (Store does not know the countries' rules).
    static let digitsOnly = NationalIDRehash(sealer: sealer) { _, number in number.filter(\.isNumber) }

    /// A database at the version before the rehash, with a Swedish and a Danish customer whose
    /// hashes were made of the number with its dash, as earlier seeds did.
    func databaseBeforeTheRehash() throws -> TemporaryDatabase {
        let database = TemporaryDatabase()
        let connection = try Connection(path: database.path, readOnly: false)
        try connection.transaction {
            for sql in Migrations.all.prefix(Migrations.nationalIDRehashVersion - 1) { try connection.execute(sql) }
            try connection.execute("PRAGMA user_version = \(Migrations.nationalIDRehashVersion - 1)")
            for (id, country, number) in [("CU-1", "SE", "19811218-9876"), ("CU-2", "DK", "010190-1234")] {
                try connection.statement("""
                    INSERT INTO customer (id, country, full_name, name_key, national_id_lookup, national_id_sealed, national_id_masked,
                      phone, email, language, mandate, address_line, postal_code, city)
                    VALUES (?, ?, 'Kund', 'kund', ?, ?, '******-****', '', '', 'SV', 'NONE', '', '', '')
                    """).run([.text(id), .text(country), .blob(Self.sealer.lookupHash(number)), .blob(Self.sealer.seal(number))])
            }
        }
        return database
    }

    func lookup(_ connection: Connection, _ id: String) throws -> [UInt8] {
        let statement = try connection.statement("SELECT national_id_lookup FROM customer WHERE id = ?")
        try statement.bind([.text(id)])
        defer { statement.reset() }
        #expect(try statement.step())
        return statement.blob(0)
    }

    @Test func everyHashIsMadeOfTheLookUpForm() throws {
        let database = try databaseBeforeTheRehash()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed, nationalIDs: Self.digitsOnly)
        writer.stop()
        let connection = try Connection(path: database.path, readOnly: true)
        #expect(try connection.scalarInt("PRAGMA user_version") == Self.latest)
        #expect(try lookup(connection, "CU-1") == Self.sealer.lookupHash("198112189876"))
        #expect(try lookup(connection, "CU-2") == Self.sealer.lookupHash("0101901234"))
        #expect(try connection.caseID(nationalIDLookup: Self.sealer.lookupHash("19811218-9876")) == nil, "no case has the old hash")
    }

    @Test func withoutTheMasterKeyNothingChanges() throws {
        let database = try databaseBeforeTheRehash()
        let before = try lookup(try Connection(path: database.path, readOnly: true), "CU-1")
        do {
            _ = try StoreWriter(path: database.path, auditKey: .unkeyed)
            Issue.record("migrated without the master key")
        } catch let error as StoreError {
            #expect(error.code == "MIGRATION_NEEDS_MASTER_KEY")
        }
        let connection = try Connection(path: database.path, readOnly: true)
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(Migrations.nationalIDRehashVersion - 1))
        #expect(try lookup(connection, "CU-1") == before)
    }

    @Test func aNewDatabaseNeedsNoKey() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        writer.stop()
        #expect(try Connection(path: database.path, readOnly: true).scalarInt("PRAGMA user_version") == Self.latest)
    }
}
