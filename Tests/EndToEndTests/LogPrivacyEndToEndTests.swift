import Foundation
import Testing

/// The server's log never holds personal data or a token (issue 13, observability): a whole
/// handler's session at trace level, successes and failures, and its log grepped for every
/// national ID (in every written form), phone number, e-mail address and token secret touched.
@Suite(.serialized) struct LogPrivacyEndToEndTests {
    /// National IDs (every form a handler might type), phones and e-mails of the seeded cases read.
    struct Personal {
        var nationalIDs: [String] = []
        var phones: [String] = []
        var emails: [String] = []
    }

    /// The written forms of a national ID that must not appear: as stored, digits only, and
    /// without the century (long enough to be unmistakable, so no false alarm on timestamps).
    static func forms(_ number: String) -> [String] {
        let digits = number.filter(\.isNumber)
        var forms = [number, digits]
        if digits.count == 12 { forms.append(String(digits.dropFirst(2))) }
        return forms
    }

    @Test func aWholeSessionAtTraceLevelLogsNoPersonalDataAndNoToken() throws {
        let log = NSTemporaryDirectory() + "collect-log-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let server = try ServerProcess(customers: 30, serveArguments: ["--log-format", "json", "--log-level", "trace"], standardErrorPath: log)
        var personal = Personal()
        var caseIDs: [String] = []
        for country in ["SE", "NO", "DK"] {
            let search = try server.json(["case", "search", "--country", country, "--page-size", "4"])
            for item in search["cases"] as? [[String: Any]] ?? [] {
                let caseID = try #require(item["case_id"] as? String)
                caseIDs.append(caseID)
                let view = try server.json(["case", "show", caseID])
                if let number = view.at("view.customer.national_id") as? String, !number.isEmpty { personal.nationalIDs.append(number) }
                if let phone = view.at("view.customer.phone") as? String, !phone.isEmpty { personal.phones.append(phone) }
                if let email = view.at("view.customer.email") as? String, !email.isEmpty { personal.emails.append(email) }
            }
        }
        #expect(personal.nationalIDs.count >= 6 && !personal.phones.isEmpty && !personal.emails.isEmpty, "too little seeded data read")

        // Look-ups and searches by personal data, found and not found, by every role.
        for number in personal.nationalIDs.prefix(6) {
            for form in Self.forms(number) { _ = try server.collectctl(["case", "show", "--national-id", form]) }
            _ = try server.collectctl(["case", "search", "--text", number])
            _ = try server.collectctl(["case", "search", "--text", number], token: "erik.coordinator")  // refused
            _ = try server.collectctl(["case", "show", "--national-id", number], token: "sven.handler")  // maybe out of scope
        }
        for contact in personal.phones.prefix(4) + personal.emails.prefix(4) {
            _ = try server.collectctl(["case", "search", "--text", contact])
            _ = try server.collectctl(["case", "search", "--text", contact], token: "ida.auditor")
        }
        // A number that is nobody's, and malformed ones.
        for wrong in ["19121212-1212", "0101019999", "not-a-number-\(personal.phones.first ?? "")"] {
            _ = try server.collectctl(["case", "show", "--national-id", wrong])
        }
        // Notes, contacts, payments, and failures of each.
        let first = caseIDs[0]
        let view = try server.json(["case", "show", first])
        let account = (view.at("view.accounts.0.account_number") as? String) ?? ""
        let currency = (view.at("view.accounts.0.overdue.currency") as? String) ?? "SEK"
        _ = try server.collectctl(["case", "note", first, "called, promised to pay"])
        _ = try server.collectctl(["case", "note", first, "customer gave \(personal.emails.first ?? "") as new address"])
        _ = try server.collectctl(["case", "note", first, "x"], token: "ida.auditor")  // refused
        _ = try server.collectctl(["payment", "record", account, "--amount", "100", "--currency", currency, "--date", Self.today(),
                                   "--source", "bankgiro", "--reference", "123455"])
        _ = try server.collectctl(["payment", "record", account, "--amount", "-5", "--currency", currency, "--date", Self.today(),
                                   "--source", "bankgiro"])
        _ = try server.collectctl(["payment", "record", "NO-SUCH-ACCOUNT", "--amount", "100", "--currency", "SEK", "--date", Self.today(),
                                   "--source", "bankgiro"])
        _ = try server.collectctl(["audit", "list"], token: "ida.auditor")
        _ = try server.collectctl(["metrics"], token: "ida.auditor")
        // Bad and missing tokens, including one that is a real token with a byte changed.
        _ = try server.collectctl(["case", "show", first], token: nil)
        var environment = ["COLLECT_SERVER": "localhost:\(server.port)", "COLLECT_CA": server.directory + "/tls/ca.pem", "HOME": server.directory]
        let tampered = String((server.tokens["anna.handler"] ?? "x").dropLast()) + "Q"
        environment["COLLECT_TOKEN"] = tampered
        let refused = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["case", "show", first], environment: environment)
        #expect(refused.status == 26, "\(refused.stderr)")
        let requestID = refused.stderr.range(of: #"request id: [0-9a-z]{12}"#, options: .regularExpression).map { String(refused.stderr[$0].suffix(12)) }
        #expect(requestID != nil, "\(refused.stderr)")
        #expect(server.stop() == 0)

        let text = try String(contentsOfFile: log, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count > 50, "the trace log is suspiciously short: \(lines.count) lines")
        for line in lines {
            let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(parsed != nil, "not a JSON object: \(line.prefix(200))")
        }
        // The refused call can be found by the id the caller was given.
        if let requestID { #expect(lines.contains { $0.contains(#""request_id":"\#(requestID)""#) }, "request id \(requestID) not in the log") }

        var secrets: [(what: String, value: String)] = []
        for number in personal.nationalIDs { for form in Self.forms(number) { secrets.append(("national ID", form)) } }
        for phone in personal.phones { secrets.append(("phone", phone)); secrets.append(("phone", phone.filter(\.isNumber))) }
        for email in personal.emails { secrets.append(("e-mail", email)); secrets.append(("e-mail", email.lowercased())) }
        for (name, token) in server.tokens { secrets.append(("token of \(name)", token)) }
        secrets.append(("tampered token", tampered))
        for (what, value) in secrets where value.count >= 6 {
            let leaks = lines.filter { $0.contains(value) }
            // Reported masked: the failure message must not leak what the log must not hold.
            #expect(leaks.isEmpty, "a \(what) (\(value.prefix(2))…, \(value.count) characters) is in \(leaks.count) log lines, e.g. \(leaks.first.map { String($0.prefix(120)) } ?? "")")
        }
    }

    /// Today in Sweden, as YYYY-MM-DD.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        return formatter.string(from: Date())
    }
}
