import Crypto
import Foundation
import SQLiteDriver
import Store
import Testing

/// A handler finds a customer by national ID however the number is written, in every country
/// (issue 12, defect 2: the seed hashed Swedish and Danish numbers with their dash).
@Suite(.serialized) struct NationalIDLookupEndToEndTests {
    /// The first case of `country` and its customer's full national ID as a handler sees it.
    func someCase(_ server: ServerProcess, country: String) throws -> (caseID: String, nationalID: String) {
        let search = try server.json(["case", "search", "--country", country, "--page-size", "1"])
        let caseID = try #require((search["cases"] as? [[String: Any]])?.first?["case_id"] as? String)
        let view = try server.json(["case", "show", caseID])
        return (caseID, try #require(view.at("view.customer.national_id") as? String))
    }

    /// The other ways people write `number`.
    func writtenForms(_ number: String, country: String) -> [String] {
        let digits = number.filter(\.isNumber)
        switch country {
        case "SE":  // YYYYMMDD-NNNC as stored
            let short = String(digits.dropFirst(2))
            return [number, digits, String(short.prefix(6)) + "-" + String(short.suffix(4)), short]
        case "NO":
            return [number, String(digits.prefix(6)) + " " + String(digits.suffix(5))]
        default:  // DDMMYY-SSSS as stored
            return [number, digits]
        }
    }

    @Test func everyCountrysNumberIsFoundInEveryWrittenForm() throws {
        let server = try ServerProcess()
        for country in ["SE", "NO", "DK"] {
            let (caseID, number) = try someCase(server, country: country)
            for form in writtenForms(number, country: country) {
                let found = try server.collectctl(["case", "show", "--national-id", form, "-o", "json"])
                #expect(found.status == 0, "\(country) \(NationalIDMask.mask(form)): \(found.stderr)")
                #expect(found.stdout.contains("\"case_id\": \"\(caseID)\"") || found.stdout.contains("\"case_id\":\"\(caseID)\""),
                        "\(country) \(NationalIDMask.mask(form)) found another case")
            }
        }
    }

    @Test func aSearchByNationalIDFindsTheCustomerInEveryWrittenForm() throws {
        let server = try ServerProcess()
        for country in ["SE", "NO", "DK"] {
            let (caseID, number) = try someCase(server, country: country)
            for form in writtenForms(number, country: country) {
                let found = try server.json(["case", "search", "--text", form])
                let ids = (found["cases"] as? [[String: Any]] ?? []).compactMap { $0["case_id"] as? String }
                #expect(ids.contains(caseID), "\(country) \(NationalIDMask.mask(form))")
            }
            // A role that may not see national IDs may not search by them either.
            let refused = try server.collectctl(["case", "search", "--text", number], token: "erik.coordinator")
            #expect(refused.status == 17, "\(refused.stderr)")
        }
    }

    @Test func aNumberThatIsNoCountrysIsRefusedClearly() throws {
        let server = try ServerProcess(customers: 5)
        let outcome = try server.collectctl(["case", "show", "--national-id", "811218-9875"])
        #expect(outcome.status == 13, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("NATIONAL_ID_INVALID"))
    }
}

/// Test names and failure messages never carry a whole national ID.
enum NationalIDMask {
    static func mask(_ text: String) -> String { String(text.prefix(6)) + "…" }
}

/// A database seeded by an earlier build (hashes of the number as written, with its dash) is
/// rehashed by migration 5 when the server opens it, and its customers are found again.
@Suite(.serialized) struct NationalIDRehashEndToEndTests {
    @Test func anEarlierBuildsDatabaseIsFoundAfterTheServerMigratesIt() throws {
        let server = try ServerProcess(customers: 12)
        let lookups = NationalIDLookupEndToEndTests()
        let cases = try ["SE", "DK"].map { try lookups.someCase(server, country: $0) }
        server.stop()
        // Back to the state the issue found: hashes of the number with its dash, schema version 4.
        let path = server.directory + "/data/collect.sqlite"
        let sealer = Sealer(masterKey: Array(try #require(FileManager.default.contents(atPath: server.directory + "/data/master.key"))))
        let connection = try Connection(path: path, readOnly: false)
        let rows = try connection.statement("SELECT id, national_id_sealed FROM customer")
        var old: [(String, [UInt8])] = []
        while try rows.step() { old.append((rows.text(0), sealer.lookupHash(try sealer.open(rows.blob(1))))) }
        rows.reset()
        for (id, hash) in old {
            try connection.statement("UPDATE customer SET national_id_lookup = ? WHERE id = ?").run([.blob(hash), .text(id)])
        }
        // A database of version 4 has none of the columns later migrations add, and still has
        // the index migration 11 drops.
        try connection.execute("""
            CREATE INDEX payment_by_account ON payment(account_number, paid_on);
            ALTER TABLE account DROP COLUMN credit_minor;
            ALTER TABLE payment DROP COLUMN credit_minor;
            ALTER TABLE installment DROP COLUMN paid_in_full_on;
            ALTER TABLE audit DROP COLUMN scheme;
            ALTER TABLE audit DROP COLUMN state_digest;
            DROP TABLE unmatched_payment;
            DROP TABLE bank_payment;
            DROP TABLE payment_file;
            DROP INDEX account_by_reference;
            DROP TABLE daily_run;
            DROP TABLE bucket_history;
            DROP TABLE outbox;
            DROP TABLE case_treatment;
            DROP TABLE strategy_activation;
            DROP TABLE strategy_version;
            DROP TABLE intake_batch;
            DROP TABLE payment_reversal;
            DROP TABLE payment_part;
            DELETE FROM audit;
            PRAGMA user_version = \(Migrations.nationalIDRehashVersion - 1);
            """)

        try server.start()
        for (caseID, number) in cases {
            let found = try server.json(["case", "show", "--national-id", number])
            #expect(found.at("view.summary.case_id") as? String == caseID, "\(NationalIDMask.mask(number))")
        }
    }
}
