import Domain
import Foundation
import SQLiteDriver
import Testing

/// The card ledger's intake through the real binaries (issue 15, docs/INTAKE.md): `collectctl
/// intake FILE` checks the whole file, sends it in batches, applies nothing twice, and the new
/// case is there for `collectctl case show`.
@Suite(.serialized) struct IntakeEndToEndTests {
    static let header = "country,national_id,full_name,language,phone,email,address_line,postal_code,city,account_number,product,currency,"
        + "balance,overdue,oldest_unpaid_due_date,credit_limit,direct_debit_mandate"

    /// Born in 1935: before every seeded customer (1940–2004), so no number is taken.
    static let born = Day(year: 1935, month: 6, day: 1)!
    static let swedish = NationalID.makePersonnummer(birth: born, serial: 123)!
    static let norwegian = NationalID.makeFodselsnummer(birth: born, serial: (0...499).first { NationalID.makeFodselsnummer(birth: born, serial: $0) != nil }!)!
    static let danish = NationalID.makeCPR(birth: born, serial: 1234)!

    static func daysAgo(_ days: Int) -> String { HandlerWorkflowEndToEndTests.inDays(-days) }

    /// Four states: a Swedish customer with one account in arrears and one without (one case of
    /// two accounts), a Norwegian customer below the entry rule, a Danish customer in arrears.
    static var goodFile: String {
        [header,
         "SE,\(swedish),Astrid Lind,SV,+46701230001,astrid@example.se,Storgatan 1,111 22,Stockholm,E2E-SE-1,Classic,SEK,12 000.00,1 500.50,\(daysAgo(40)),20000,no",
         "NO,\(norwegian),Ola Nordmann,NB,,ola@example.no,Karl Johans gate 2,0154,Oslo,E2E-NO-1,Classic,NOK,8000,50.00,\(daysAgo(40)),10000,yes",
         "SE,\(swedish),Astrid Lind,SV,+46701230001,astrid@example.se,Storgatan 1,111 22,Stockholm,E2E-SE-2,Guld,SEK,3000,,,10000,no",
         "DK,\(danish),Mette Hansen,DA,+4520123001,,Vestergade 3,1456,København,E2E-DK-1,Classic,DKK,\"4 000,00\",900,\(daysAgo(10)),5000,no",
        ].joined(separator: "\n") + "\n"
    }

    static func count(_ server: ServerProcess, _ table: String) throws -> Int64 {
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        return try connection.scalarInt("SELECT count(*) FROM \(table)") ?? -1
    }

    static func footprint(_ server: ServerProcess) throws -> [Int64] {
        try ["customer", "collection_case", "account", "audit", "intake_batch"].map { try count(server, $0) }
    }

    static func json(_ outcome: ServerProcess.Outcome) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func aGoodFileOpensCasesOnceAndTheCaseIsThereToShow() throws {
        let server = try ServerProcess(customers: 10)
        let ledger = try server.createToken(name: "card.ledger", role: "automation", countries: "SE,NO,DK")
        let file = server.directory + "/ledger.csv"
        try Self.goodFile.write(toFile: file, atomically: true, encoding: .utf8)

        let first = try server.collectctl(["intake", file, "--delta", "-o", "json"], secret: ledger)
        #expect(first.status == 0, "\(first.stderr)")
        let answer = Self.json(first)
        #expect(PaymentFileEndToEndTests.number(answer["states"]) == 4)
        #expect(PaymentFileEndToEndTests.number(answer["cases_opened"]) == 2)
        #expect(PaymentFileEndToEndTests.number(answer["not_in_collections"]) == 1)
        let opened = answer["opened_case_ids"] as? [String] ?? []
        #expect(opened.count == 2)

        let swedishCase = try server.json(["case", "show", "--national-id", Self.swedish])
        let caseID = swedishCase.at("view.summary.case_id") as? String ?? ""
        #expect(opened.contains(caseID))
        #expect(swedishCase.at("view.summary.status") as? String == "OPEN")
        #expect(PaymentFileEndToEndTests.number(swedishCase.at("view.summary.total_overdue.minor_units")) == 150_050)
        #expect((swedishCase.at("view.accounts") as? [Any])?.count == 2)
        let shown = try server.collectctl(["case", "show", caseID])
        #expect(shown.status == 0 && shown.stdout.contains("Astrid Lind") && shown.stdout.contains("E2E-SE-2"), "\(shown.stderr)")
        let danish = try server.json(["case", "show", "--national-id", Self.danish])
        #expect(PaymentFileEndToEndTests.number(danish.at("view.summary.total_overdue.minor_units")) == 90_000)

        // The same file again: every batch answered as before, nothing applied twice.
        let before = try Self.footprint(server)
        let again = try server.collectctl(["intake", file, "-o", "json"], secret: ledger)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.json(again)["replayed"] as? Bool == true)
        #expect(PaymentFileEndToEndTests.number(Self.json(again)["cases_opened"]) == 2, "the first answer")
        #expect(try Self.footprint(server) == before)

        // Nothing overdue any more on the Swedish accounts: the case is cured.
        let cured = Self.goodFile.replacingOccurrences(of: "1 500.50,\(Self.daysAgo(40))", with: "0,")
        try cured.write(toFile: file, atomically: true, encoding: .utf8)
        let curing = try server.collectctl(["intake", file, "-o", "json"], secret: ledger)
        #expect(PaymentFileEndToEndTests.number(Self.json(curing)["cases_cured"]) == 1, "\(curing.stderr)")
        #expect(try server.json(["case", "show", caseID]).at("view.summary.status") as? String == "CLOSED")

        // Every row the intake wrote is in the audit chain with its state: intact, and a batch's
        // record changed behind the server's back is found.
        let verify = { try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"]) }
        let intact = try verify()
        #expect(intact.status == 0 && intact.stdout.contains("intact"), "\(intact.stdout)")
        let tampered = try ServerProcess.run("/usr/bin/sqlite3", [server.directory + "/data/collect.sqlite", "UPDATE intake_batch SET states = 1"])
        #expect(tampered.status == 0, "\(tampered.stderr)")
        let found = try verify()
        #expect(found.status == 1 && found.stdout.contains("intake_batch"), "\(found.stdout)")
    }

    @Test func aFileWithBadRecordsIsRefusedWithFileAndLineAndNothingIsApplied() throws {
        let server = try ServerProcess(customers: 10)
        let ledger = try server.createToken(name: "card.ledger", role: "automation", countries: "SE,NO,DK")
        let lines = Self.goodFile.split(separator: "\n").map(String.init)
        let bad = [
            lines[0], lines[1],
            lines[2].replacingOccurrences(of: Self.norwegian, with: "32019912345"),  // line 3: day 32: not a fødselsnummer
            lines[3].replacingOccurrences(of: "3000,,,10000", with: "3000,1.234,\(Self.daysAgo(9)),10000"),  // line 4: ambiguous amount
            "SE,too,few,fields",  // line 5
            lines[4].replacingOccurrences(of: "DKK", with: "SEK"),  // line 6: not Denmark's currency
        ].joined(separator: "\n") + "\n"
        let file = server.directory + "/bad.csv"
        try bad.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try Self.footprint(server)
        let refused = try server.collectctl(["intake", file], secret: ledger)
        #expect(refused.status == 13)
        #expect(refused.stderr.contains("\(file):3: INTAKE_NATIONAL_ID_INVALID (national_id)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(file):4: AMOUNT_AMBIGUOUS (overdue)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(file):5: INTAKE_FILE_COLUMNS"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(file):6: INTAKE_CURRENCY_MISMATCH (currency)"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("\(file):2:"), "the good line is not named")
        #expect(try Self.footprint(server) == before, "nothing sent, nothing applied")
        // The same file as a spreadsheet saves it (byte-order mark, CR LF): the same lines.
        try Data([0xEF, 0xBB, 0xBF] + Array(bad.replacingOccurrences(of: "\n", with: "\r\n").utf8)).write(to: URL(fileURLWithPath: file))
        let crlf = try server.collectctl(["intake", file], secret: ledger)
        #expect(crlf.status == 13 && crlf.stderr.contains("\(file):3: INTAKE_NATIONAL_ID_INVALID") && crlf.stderr.contains("\(file):6: INTAKE_CURRENCY_MISMATCH"),
                "\(crlf.stderr)")
        #expect(!crlf.stderr.contains("INTAKE_FILE_HEADER") && !crlf.stderr.contains("\(file):2:"), "\(crlf.stderr)")

        // What only the book knows: the account is a seeded customer's, not this one's.
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        let seeded = try connection.statement("SELECT number FROM account ORDER BY number LIMIT 1")
        try #require(try seeded.step())
        let taken = seeded.text(0)
        seeded.reset()
        let other = server.directory + "/other.csv"
        try [lines[0], lines[4].replacingOccurrences(of: "E2E-DK-1", with: "E2E-DK-9"), lines[1].replacingOccurrences(of: "E2E-SE-1", with: taken)]
            .joined(separator: "\n").write(toFile: other, atomically: true, encoding: .utf8)
        let refusedByTheBook = try server.collectctl(["intake", other], secret: ledger)
        #expect(refusedByTheBook.status == 13)
        #expect(refusedByTheBook.stderr.contains("\(other):3: INTAKE_ACCOUNT_OTHER_CUSTOMER (account_number)"), "\(refusedByTheBook.stderr)")
        #expect(try Self.footprint(server) == before, "the batch's other state was not applied either")

        let header = server.directory + "/header.csv"
        try "country,national_id\nSE,x\n".write(toFile: header, atomically: true, encoding: .utf8)
        let noHeader = try server.collectctl(["intake", header], secret: ledger)
        #expect(noHeader.status == 13 && noHeader.stderr.contains("\(header):1: INTAKE_FILE_HEADER (full_name)"), "\(noHeader.stderr)")
    }

    /// A run that stopped after its first batch (here: the second is refused, the token covering
    /// Sweden only) is finished by running the same file again: the first batch answers as before,
    /// the rest is applied, nothing twice.
    @Test func aRunThatStoppedMidwayIsFinishedByRunningTheSameFileAgain() throws {
        let server = try ServerProcess(customers: 10)
        let swedenOnly = try server.createToken(name: "ledger.se", role: "automation", countries: "SE")
        let everywhere = try server.createToken(name: "card.ledger", role: "automation", countries: "SE,NO,DK")
        let born = Day(year: 1936, month: 1, day: 1)!
        var lines = [Self.header]
        for index in 0...500 {  // 501 Swedish customers: a full batch of 500, then one more with the Norwegian
            let number = NationalID.makePersonnummer(birth: born.adding(days: index / 900), serial: index % 900 + 50)!
            lines.append("SE,\(number),Kund \(index),SV,,k\(index)@example.se,Gata 1,111 22,Stockholm,E2E-R-\(index),Classic,SEK,5000,700,\(Self.daysAgo(20)),9000,no")
        }
        lines.append(Self.goodFile.split(separator: "\n")[2].replacingOccurrences(of: "50.00,", with: "500.00,"))
        let file = server.directory + "/feed.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let customers = try Self.count(server, "customer")

        let stopped = try server.collectctl(["intake", file], secret: swedenOnly)
        #expect(stopped.status == 17 && stopped.stderr.contains("COUNTRY_OUT_OF_SCOPE"), "\(stopped.stderr)")
        #expect(try Self.count(server, "customer") == customers + 500, "the first batch is applied")

        let finished = try server.collectctl(["intake", file, "-o", "json"], secret: everywhere)
        #expect(finished.status == 0, "\(finished.stderr)")
        let answer = Self.json(finished)
        #expect(PaymentFileEndToEndTests.number(answer["states"]) == 502)
        #expect(PaymentFileEndToEndTests.number(answer["cases_opened"]) == 502, "the first batch's first answer and the rest")
        #expect(try Self.count(server, "customer") == customers + 502)
        #expect(try Self.count(server, "intake_batch") == 2)
        let norwegian = try server.json(["case", "show", "--national-id", Self.norwegian])
        #expect(norwegian.at("view.summary.status") as? String == "OPEN")
    }

    @Test func onlyTheAutomationRoleMaySendTheFeed() throws {
        let server = try ServerProcess(customers: 10)
        let file = server.directory + "/ledger.csv"
        try Self.goodFile.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try Self.footprint(server)
        let refused = try server.collectctl(["intake", file], token: "anna.handler")
        #expect(refused.status == 17 && refused.stderr.contains("PERMISSION_DENIED"), "\(refused.stderr)")
        #expect(try Self.footprint(server) == before)

        // The ledger's token, with its own batch-id prefix and a full feed's reminder.
        let ledger = try server.createToken(name: "card.ledger", role: "automation", countries: "SE,NO,DK")
        let badPrefix = try server.collectctl(["intake", file, "--batch-id", "has space"], secret: ledger)
        #expect(badPrefix.status == 64, "\(badPrefix.stderr)")
        let full = try server.collectctl(["intake", file, "--full", "--batch-id", "nightly-2026-12-02"], secret: ledger)
        #expect(full.status == 0 && full.stdout.contains("accounts absent from the file are left as they are"), "\(full.stderr)")
        #expect(try Self.count(server, "intake_batch") == 1)
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        #expect(try connection.scalarInt("SELECT count(*) FROM intake_batch WHERE batch_id = 'nightly-2026-12-02-1'") == 1)
    }
}
