import Crypto
import Domain
import Foundation
import Seed
import SQLiteDriver
import Store
import Testing

/// The demo and test data: deterministic, valid, and spread like a real collections book.
@Suite struct SeedGeneratorTests {
    static let sealer = Sealer(masterKey: [UInt8](repeating: 9, count: 32))
    static let today = Day(year: 2026, month: 11, day: 30)!

    static func generate(_ customers: Int, seed: UInt64) throws -> (String, SeedGenerator.Report) {
        let directory = NSTemporaryDirectory() + "collect-seed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/collect.sqlite"
        let report = try SeedGenerator(sealer: sealer, today: today).generate(path: path, customers: customers, seed: seed)
        return (path, report)
    }

    /// Every row of the tables that matter, as text, without the sealed national IDs (their nonces are random).
    static func dump(_ path: String) throws -> [String] {
        let connection = try Connection(path: path, readOnly: true)
        var rows: [String] = []
        for (table, columns) in [("customer", "id, country, full_name, national_id_lookup, national_id_masked, phone, email, language, mandate, address_line, postal_code, city"),
                                 ("collection_case", "*"), ("account", "*"), ("plan", "*"), ("installment", "*"), ("payment", "*"),
                                 ("contact_event", "*"), ("note", "*"), ("case_flag", "*")] {
            let statement = try connection.statement("SELECT \(columns) FROM \(table) ORDER BY 1, 2")
            while try statement.step() {
                var values: [String] = []
                for index in 0..<12 { values.append(statement.isNull(Int32(index)) ? "-" : statement.text(Int32(index))) }
                rows.append(table + ":" + values.joined(separator: "|"))
            }
            statement.reset()
        }
        return rows
    }

    @Test func sameSeedSameData() throws {
        let (first, report) = try Self.generate(150, seed: 42)
        let (second, _) = try Self.generate(150, seed: 42)
        let (other, _) = try Self.generate(150, seed: 43)
        #expect(report.customers == 150)
        #expect(try Self.dump(first) == Self.dump(second))
        #expect(try Self.dump(first) != Self.dump(other))
    }

    /// Every seeded case's contents marks (kept by triggers, read by every look-up) match the
    /// rows it has: a case whose mark were missing would show its plans or payments as absent.
    @Test func caseContentsMatchTheRows() throws {
        let (path, report) = try Self.generate(300, seed: 11)
        #expect(report.plans > 0 && report.payments > 0 && report.notes > 0 && report.flags > 0)
        let connection = try Connection(path: path, readOnly: true)
        let exact = """
            (EXISTS (SELECT 1 FROM plan p WHERE p.case_id = c.id)) + 2 * (EXISTS (SELECT 1 FROM payment p WHERE p.case_id = c.id))
            + 4 * (EXISTS (SELECT 1 FROM contact_event e WHERE e.case_id = c.id)) + 8 * (EXISTS (SELECT 1 FROM note n WHERE n.case_id = c.id))
            + 16 * (EXISTS (SELECT 1 FROM case_flag f WHERE f.case_id = c.id))
            """
        #expect(try connection.scalarInt("SELECT count(*) FROM collection_case c WHERE contents != (\(exact))") == 0)
        // Not vacuous: the seed gives cases with and without each kind.
        for bit in [1, 2, 4, 8, 16] {
            #expect(try connection.scalarInt("SELECT count(*) FROM collection_case WHERE contents & \(bit) != 0") ?? 0 > 0)
            #expect(try connection.scalarInt("SELECT count(*) FROM collection_case WHERE contents & \(bit) = 0") ?? 0 > 0)
        }
    }

    @Test func customersAreValidAndVaried() throws {
        let (path, report) = try Self.generate(400, seed: 7)
        #expect(report.accounts >= 400)
        #expect(report.plans > 50)
        #expect(report.payments > 0)
        let connection = try Connection(path: path, readOnly: true)
        let customers = try connection.statement("SELECT country, national_id_sealed, phone, email, language FROM customer")
        var countries: Set<String> = []
        var emailOnly = 0
        while try customers.step() {
            let country = customers.text(0)
            countries.insert(country)
            let nationalID = try Self.sealer.open(customers.blob(1))
            switch country {
            case "SE": #expect(NationalID.isValidPersonnummer(nationalID), "\(nationalID)")
            case "NO": #expect(NationalID.isValidFodselsnummer(nationalID), "\(nationalID)")
            default: #expect(NationalID.isPlausibleCPR(nationalID), "\(nationalID)")
            }
            let phone = customers.text(2)
            let prefix = ["SE": "+46", "NO": "+47", "DK": "+45"][country]!
            if phone.isEmpty { emailOnly += 1 } else { #expect(phone.hasPrefix(prefix) && phone.count >= 11 && phone.dropFirst().allSatisfy(\.isNumber)) }
            #expect(customers.text(3).contains("@"))
        }
        customers.reset()
        #expect(countries == ["SE", "NO", "DK"])
        #expect(emailOnly > 10, "some customers are reachable by e-mail only")
        // Every bucket is represented.
        let days = try connection.statement("SELECT min(oldest_unpaid_due) FROM account GROUP BY case_id")
        var buckets: Set<String> = []
        while try days.step() {
            buckets.insert(BucketScheme.standard.bucket(forDaysPastDue: Self.today.daysSinceEpoch - Int(days.int64(0))))
        }
        days.reset()
        #expect(buckets.isSuperset(of: ["1-29", "30-59", "60-89", "90+"]))
        // Plans were kept, broken and are active; installments sum to their plan's total.
        #expect(try connection.scalarInt("SELECT count(DISTINCT status) FROM plan WHERE status IN ('ACTIVE', 'COMPLETED', 'BROKEN')") == 3)
        #expect(try connection.scalarInt("""
            SELECT count(*) FROM plan p WHERE p.total_minor != (SELECT sum(amount_minor) FROM installment i WHERE i.plan_id = p.id)
            """) == 0)
        #expect(try connection.scalarInt("PRAGMA foreign_key_check") == nil)
        #expect(try StoreWriter.verifyAudit(path: path).isIntact)
    }
}
