import Foundation
import SQLiteDriver
import Store
import Testing

/// Payment files through the real binaries: `collectctl payment import`, the unmatched list
/// worked by hand, and the server's payment inbox killed with SIGKILL mid-import (issue 18).
@Suite(.serialized) struct PaymentFileEndToEndTests {
    /// References of the seeded Swedish accounts (read from the database, as a bank would have
    /// them on its slips).
    static func swedishReferences(_ server: ServerProcess) throws -> [String] {
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        let statement = try connection.statement("SELECT payment_reference FROM account WHERE currency = 'SEK' ORDER BY number")
        defer { statement.reset() }
        var references: [String] = []
        while try statement.step() { references.append(statement.text(0)) }
        return references
    }

    static func count(_ server: ServerProcess, _ sql: String) throws -> Int64 {
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        return try connection.scalarInt(sql) ?? -1
    }

    /// A BgMax file (CR LF, ISO-8859-1) of one section dated today, paying `references` in turn
    /// `count` payments of `amountMinor` each, with its control records right.
    static func bgMax(references: [String], count: Int, amountMinor: Int64 = 100, serialBase: Int = 1) -> Data {
        func pad(_ text: String, _ width: Int, _ fill: Character = "0") -> String {
            String(repeating: fill, count: max(0, width - text.count)) + text
        }
        func line(_ text: String) -> String { text + String(repeating: " ", count: 80 - text.count) + "\r\n" }
        let today = HandlerWorkflowEndToEndTests.today().replacingOccurrences(of: "-", with: "")
        var text = line("01BGMAX               01\(today)103015123456P")
        text += line("050009912346          SEK")
        for index in 0..<count {
            let reference = references[index % references.count]
            text += line("20" + pad("3783511", 10) + reference + String(repeating: " ", count: 25 - reference.count) + pad(String(amountMinor), 18)
                         + "21" + pad(String(serialBase + index), 12) + "0")
        }
        text += line("15" + pad("", 35, " ") + today + "00001" + pad(String(amountMinor * Int64(count)), 18) + "SEK" + pad(String(count), 8) + " ")
        text += line("70" + pad(String(count), 8) + pad("0", 8) + pad("0", 8) + pad("1", 8))
        return Data(text.utf8)
    }

    static func number(_ value: Any?) -> Int {
        if let number = value as? Int { return number }
        if let text = value as? String, let number = Int(text) { return number }
        return -1
    }

    @Test func importTwiceThenWorkTheUnmatchedList() throws {
        let server = try ServerProcess(customers: 30)
        let references = try Self.swedishReferences(server)
        try #require(!references.isEmpty)
        // Three payments to real references and one whose last digit is off by one.
        let typo = String(references[0].dropLast()) + String((Int(String(references[0].last!))! + 1) % 10)
        let file = server.directory + "/bgmax.txt"
        try Self.bgMax(references: [references[0], references[1 % references.count], references[2 % references.count], typo], count: 4)
            .write(to: URL(fileURLWithPath: file))
        let first = try server.json(["payment", "import", file])
        #expect(Self.number(first["matched"]) == 3, "\(first)")
        #expect(Self.number(first["unmatched"]) == 1, "\(first)")
        let second = try server.json(["payment", "import", file])
        #expect(Self.number(second["skipped"]) == 4, "\(second)")
        #expect(Self.number(second["matched"]) == 0 && Self.number(second["unmatched"]) == 0, "\(second)")
        #expect(try Self.count(server, "SELECT count(*) FROM payment WHERE source = 'BANKGIRO' AND recorded_by = 'anna.handler'") == 3)

        let list = try server.json(["payment", "unmatched", "list"])
        let entries = list["payments"] as? [[String: Any]] ?? []
        #expect(entries.count == 1)
        #expect(entries.first?["reason"] as? String == "REFERENCE_CHECK_DIGIT")
        let id = try #require(entries.first?["unmatched_id"] as? String)
        let account = try #require(try server.json(["case", "search", "--country", "se", "--page-size", "1"]).at("cases.0.case_id") as? String)
        let accountNumber = try #require(try server.json(["case", "show", account]).at("view.accounts.0.account_number") as? String)
        let stale = try server.collectctl(["payment", "unmatched", "match", id, "--account", accountNumber, "--expected-version", "7"])
        #expect(stale.status == 10 + 10, "ABORTED: \(stale.stderr)")
        let matched = try server.json(["payment", "unmatched", "match", id, "--account", accountNumber, "--expected-version", "1"])
        #expect(matched.at("unmatched.status") as? String == "MATCHED")
        #expect((try server.json(["payment", "unmatched", "list"])["payments"] as? [[String: Any]] ?? []).isEmpty)

        // A file whose deposit total lies is refused with line and field; nothing is applied.
        var lying = String(decoding: Self.bgMax(references: references, count: 2, serialBase: 100), as: UTF8.self)
        lying = lying.replacingOccurrences(of: "000000000000000200SEK", with: "000000000000000300SEK")
        try Data(lying.utf8).write(to: URL(fileURLWithPath: file))
        let refused = try server.collectctl(["payment", "import", file])
        #expect(refused.status == 13, "INVALID_ARGUMENT: \(refused.stderr)")
        #expect(refused.stderr.contains("PAYMENT_FILE_SUM_MISMATCH") && refused.stderr.contains("line 5: deposit amount 51-68"), "\(refused.stderr)")
        #expect(try Self.count(server, "SELECT count(*) FROM bank_payment") == 4)

        // The upload's bound, at and one past its edge: 1 MiB is sent (and refused by the server as
        // no payment file), one byte more is refused by collectctl before anything is sent.
        try Data(repeating: UInt8(ascii: "x"), count: 1_048_576).write(to: URL(fileURLWithPath: file))
        let atEdge = try server.collectctl(["payment", "import", file])
        #expect(atEdge.stderr.contains("PAYMENT_FILE_FORMAT_UNKNOWN"), "\(atEdge.stderr)")
        try Data(repeating: UInt8(ascii: "x"), count: 1_048_577).write(to: URL(fileURLWithPath: file))
        let past = try server.collectctl(["payment", "import", file])
        #expect(past.status == 64 && past.stderr.contains("payment inbox"), "\(past.stderr)")
        #expect(try Self.count(server, "SELECT count(*) FROM payment_file") == 2)
    }

    @Test func killedMidImportEachPaymentIsPresentExactlyOnce() throws {
        let inbox = NSTemporaryDirectory() + "collect-inbox-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        let server = try ServerProcess(customers: 400, serveArguments: ["--payment-inbox", inbox])
        let references = try Self.swedishReferences(server)
        let payments = 8_000
        // Written under a hidden name and renamed, as bank integrations are told to.
        try Self.bgMax(references: references, count: payments).write(to: URL(fileURLWithPath: inbox + "/.incoming"))
        try FileManager.default.moveItem(atPath: inbox + "/.incoming", toPath: inbox + "/bgmax-big.txt")
        let deadline = Date().addingTimeInterval(60)
        var applied: Int64 = 0
        while Date() < deadline {
            applied = (try? Self.count(server, "SELECT count(*) FROM bank_payment")) ?? 0
            if applied > 0 { break }
            usleep(20_000)
        }
        server.kill9()
        #expect(applied > 0 && applied < Int64(payments), "killed with \(applied) of \(payments) applied")
        try server.start()
        let finished = Date().addingTimeInterval(120)
        while Date() < finished && !FileManager.default.fileExists(atPath: inbox + "/done/bgmax-big.txt.report") { usleep(100_000) }
        let report = (try? String(contentsOfFile: inbox + "/done/bgmax-big.txt.report", encoding: .utf8)) ?? ""
        #expect(!report.isEmpty, "the file was not finished after the restart")
        #expect(try Self.count(server, "SELECT count(*) FROM bank_payment") == Int64(payments))
        // Every bank payment once: applied as one payment row, or on the unmatched list (a closed case's account).
        let matched = try Self.count(server, "SELECT count(*) FROM bank_payment WHERE payment_id IS NOT NULL")
        #expect(matched > Int64(payments) / 2)
        #expect(try Self.count(server, "SELECT count(*) FROM payment WHERE source = 'BANKGIRO' AND recorded_by = 'payment-inbox'") == matched)
        #expect(try Self.count(server, "SELECT count(DISTINCT payment_id) FROM bank_payment WHERE payment_id IS NOT NULL") == matched)
        #expect(try Self.count(server, "SELECT count(*) FROM unmatched_payment") == Int64(payments) - matched)
        #expect(try Self.count(server, "SELECT count(*) FROM payment_file WHERE status = 'APPLIED'") == 1)
        #expect(FileManager.default.fileExists(atPath: inbox + "/done/bgmax-big.txt"))

        // A refused file goes to failed/ with its line, field and reason beside it.
        var lying = String(decoding: Self.bgMax(references: references, count: 2, serialBase: 900_000), as: UTF8.self)
        lying = lying.replacingOccurrences(of: "000000000000000200SEK", with: "000000000000000300SEK")
        try Data(lying.utf8).write(to: URL(fileURLWithPath: inbox + "/.lying"))
        try FileManager.default.moveItem(atPath: inbox + "/.lying", toPath: inbox + "/lying.txt")
        let refusedBy = Date().addingTimeInterval(30)
        while Date() < refusedBy && !FileManager.default.fileExists(atPath: inbox + "/failed/lying.txt.error") { usleep(100_000) }
        let error = (try? String(contentsOfFile: inbox + "/failed/lying.txt.error", encoding: .utf8)) ?? ""
        #expect(error.contains("PAYMENT_FILE_SUM_MISMATCH at line 5: deposit amount 51-68"), "\(error)")
        #expect(try Self.count(server, "SELECT count(*) FROM bank_payment") == Int64(payments))

        // The audit chain and every audited entity's state still agree after the kill and the resume.
        #expect(server.stop() == 0)
        let verified = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"])
        #expect(verified.status == 0 && verified.stdout.contains("intact"), "\(verified.stdout) \(verified.stderr)")
    }

    /// Waits up to `seconds` for `path` to exist (a symbolic link counts, even to nothing).
    static func appears(_ path: String, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var status = stat()
            if lstat(path, &status) == 0 { return true }
            usleep(100_000)
        }
        return false
    }

    @Test func anInboxEntryThatCannotBeReadGoesToFailedAndTheOthersGoOn() throws {
        let inbox = NSTemporaryDirectory() + "collect-inbox-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        let server = try ServerProcess(customers: 30, serveArguments: ["--payment-inbox", inbox])
        let references = try Self.swedishReferences(server)
        // Under files' names: a FIFO no one writes to (opening it used to wait for a writer, for
        // ever), a directory, a symbolic link to nothing, and a file whose every read fails with
        // an I/O error (/proc/self/mem at offset 0; the tests run as root, so permissions cannot
        // make an open fail). Then a good file, last by name.
        #expect(mkfifo(inbox + "/a-fifo.txt", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: inbox + "/b-directory.txt", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: inbox + "/c-dangling.txt", withDestinationPath: inbox + "/no-such-file")
        try FileManager.default.createSymbolicLink(atPath: inbox + "/d-io-error.txt", withDestinationPath: "/proc/self/mem")
        try Self.bgMax(references: references, count: 2).write(to: URL(fileURLWithPath: inbox + "/.e-good"))
        try FileManager.default.moveItem(atPath: inbox + "/.e-good", toPath: inbox + "/e-good.txt")

        #expect(Self.appears(inbox + "/done/e-good.txt.report", within: 30), "the good file was not imported behind the unreadable ones")
        for (name, words) in [("a-fifo.txt", ["PAYMENT_FILE_UNREADABLE", "a FIFO"]), ("b-directory.txt", ["PAYMENT_FILE_UNREADABLE", "a directory"]),
                              ("c-dangling.txt", ["PAYMENT_FILE_UNREADABLE", "gone"]),
                              ("d-io-error.txt", ["PAYMENT_FILE_READ_FAILED", "Input/output error", "(3 attempts)"])] {
            #expect(Self.appears(inbox + "/failed/\(name).error", within: 30), "\(name) was not moved to failed/")
            let note = (try? String(contentsOfFile: inbox + "/failed/\(name).error", encoding: .utf8)) ?? ""
            for word in words { #expect(note.contains(word), "\(name): \(note)") }
            #expect(Self.appears(inbox + "/failed/\(name)", within: 1), "\(name) itself is in failed/")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: inbox).sorted()
        #expect(left == ["done", "failed"], "left in the inbox: \(left)")
        // Only the good file was begun; its two payments applied once.
        #expect(try Self.count(server, "SELECT count(*) FROM payment_file") == 1)
        #expect(try Self.count(server, "SELECT count(*) FROM bank_payment") == 2)
        // The server still answers, and stops cleanly (the inbox thread is not stuck in an open).
        #expect(try server.collectctl(["payment", "unmatched", "list"]).status == 0)
        #expect(server.stop() == 0)
    }

    /// A Nets OCR giro file (docs/PAYMENT-FILES.md, "Nets OCR giro") of one assignment dated
    /// today, each transaction (type, KID, amount, serial) as amount items 1 and 2, with its
    /// control records right.
    static func ocrGiro(_ transactions: [(type: String, kid: String, amountMinor: Int64, serial: Int)], transmission: Int) -> Data {
        func num(_ value: Int64, _ width: Int) -> String { let text = String(value); return String(repeating: "0", count: width - text.count) + text }
        func rec(_ text: String) -> String { text + String(repeating: " ", count: 80 - text.count) }
        let parts = HandlerWorkflowEndToEndTests.today().split(separator: "-")
        let date = parts[2] + parts[1] + parts[0].suffix(2)
        var lines = [rec("NY000010" + num(8080, 8) + num(Int64(transmission), 7) + num(55555555, 8)).replacingOccurrences(of: " ", with: "0")]
        var assignment = [rec("NY090020" + num(1234567, 9) + num(Int64(transmission), 7) + num(86011117947, 11)).replacingOccurrences(of: " ", with: "0")]
        for (index, transaction) in transactions.enumerated() {
            let number = num(Int64(index + 1), 7)
            assignment.append(rec("NY09" + transaction.type + "30" + number + date + "01" + "29" + "1" + num(Int64(transaction.serial), 5) + "0"
                                  + num(transaction.amountMinor, 17) + String(repeating: " ", count: 25 - transaction.kid.count) + transaction.kid + "000000"))
            assignment.append(rec("NY09" + transaction.type + "31" + number + num(0, 10) + "000000000" + "0000000" + date + num(12345678902, 11))
                .replacingOccurrences(of: " ", with: "0"))
        }
        let total = transactions.reduce(Int64(0)) { $0 + $1.amountMinor }
        assignment.append(rec("NY090088" + num(Int64(transactions.count), 8) + num(Int64(assignment.count + 1), 8) + num(total, 17) + date + date + date)
            .replacingOccurrences(of: " ", with: "0"))
        lines += assignment
        lines.append(rec("NY000089" + num(Int64(transactions.count), 8) + num(Int64(lines.count + 1), 8) + num(total, 17) + date)
            .replacingOccurrences(of: " ", with: "0"))
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func minor(_ money: Any?) -> Int64 { Int64((money as? [String: Any])?["minor_units"] as? String ?? "") ?? -1 }

    /// A reversal in a later file undoes the payment through the binaries: the plan's installment
    /// is unpaid again, the account owes what it owed, the case's version moves on, and the audit
    /// chain with every entity's state still verifies.
    @Test func aReversalInALaterFileUndoesThePaymentAndItsPlanInstallment() throws {
        let server = try ServerProcess()
        let search = try server.json(["case", "search", "--country", "no", "--has-plan", "no", "--status", "open", "--page-size", "1"])
        let caseID = try #require((search["cases"] as? [[String: Any]])?.first?["case_id"] as? String, "no open Norwegian case without a plan")
        let payment: Int64 = 30_000
        let created = try server.collectctl(["plan", "create", caseID, "--total", "900.00", "--count", "3", "--first-due", HandlerWorkflowEndToEndTests.inDays(14)])
        try #require(created.status == 0, "\(created.stderr)")
        let before = try server.json(["case", "show", caseID])
        let kid = try #require(before.at("view.accounts.0.payment_reference") as? String)
        let file = server.directory + "/ocr.txt"

        try Self.ocrGiro([(type: "10", kid: kid, amountMinor: payment, serial: 1)], transmission: 1).write(to: URL(fileURLWithPath: file))
        let paid = try server.json(["payment", "import", file])
        #expect(Self.number(paid["matched"]) == 1, "\(paid)")
        let afterPayment = try server.json(["case", "show", caseID])
        #expect(Self.minor(afterPayment.at("view.plans.0.paid")) == payment)
        #expect(afterPayment.at("view.plans.0.installments.0.status") as? String == "PAID")
        #expect(Self.minor(afterPayment.at("view.accounts.0.balance")) == Self.minor(before.at("view.accounts.0.balance")) - payment)

        try Self.ocrGiro([(type: "18", kid: kid, amountMinor: payment, serial: 2)], transmission: 2).write(to: URL(fileURLWithPath: file))
        let reversed = try server.json(["payment", "import", file])
        #expect(Self.number(reversed["matched"]) == 1 && Self.number(reversed["unmatched"]) == 0, "\(reversed)")
        let after = try server.json(["case", "show", caseID])
        #expect(Self.minor(after.at("view.plans.0.paid")) == 0)
        #expect(after.at("view.plans.0.installments.0.status") as? String != "PAID")
        for field in ["balance", "overdue", "credit"] {
            #expect(Self.minor(after.at("view.accounts.0.\(field)")) == Self.minor(before.at("view.accounts.0.\(field)")), "\(field)")
        }
        #expect(Self.minor(after.at("view.summary.total_overdue")) == Self.minor(before.at("view.summary.total_overdue")))
        #expect((after.at("view.summary.version") as? String).flatMap { Int($0) } == (before.at("view.summary.version") as? String).flatMap { Int($0) }.map { $0 + 2 })

        // The same reversal again (another file) finds the payment reversed already: listed, nothing changed.
        try Self.ocrGiro([(type: "18", kid: kid, amountMinor: payment, serial: 3)], transmission: 3).write(to: URL(fileURLWithPath: file))
        let again = try server.json(["payment", "import", file])
        #expect(Self.number(again["unmatched"]) == 1, "\(again)")
        let list = try server.json(["payment", "unmatched", "list"])["payments"] as? [[String: Any]] ?? []
        #expect(list.map { $0["reason"] as? String } == ["REVERSAL_ORIGINAL_UNKNOWN"])
        #expect(Self.minor(try server.json(["case", "show", caseID]).at("view.accounts.0.balance")) == Self.minor(before.at("view.accounts.0.balance")))

        #expect(server.stop() == 0)
        let verified = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"])
        #expect(verified.status == 0 && verified.stdout.contains("intact"), "\(verified.stdout) \(verified.stderr)")
    }
}
