import Foundation
import Testing

/// A handler's day through real TLS: `collect-server` as a process, `collectctl` as a
/// subprocess, exactly as the README tells people to use them.
@Suite(.serialized) struct HandlerWorkflowEndToEndTests {
    /// A case with no active plan and no pausing flag, in Sweden.
    func freeSwedishCase(_ server: ServerProcess) throws -> (caseID: String, account: String, overdue: Int64) {
        let search = try server.json(["case", "search", "--country", "se", "--has-plan", "no", "--status", "open", "--page-size", "20"])
        let cases = search["cases"] as? [[String: Any]] ?? []
        for item in cases {
            let caseID = item["case_id"] as! String
            let view = try server.json(["case", "show", caseID])
            let accounts = view.at("view.accounts") as? [[String: Any]] ?? []
            let overdue = Int64((accounts.first?["overdue"] as? [String: Any])?["minor_units"] as? String ?? "0") ?? 0
            if overdue >= 300_000 { return (caseID, accounts[0]["account_number"] as! String, overdue) }
        }
        Issue.record("no open Swedish case with 3 000 SEK overdue among \(cases.count)")
        return ("", "", 0)
    }

    @Test func lookUpPreviewCreatePayAmendRetry() throws {
        let server = try ServerProcess()
        let health = try server.collectctl(["health"])
        #expect(health.status == 0)
        #expect(health.stdout.hasPrefix("SERVING"))
        let (caseID, account, _) = try freeSwedishCase(server)

        // Preview: a schedule and no problems; nothing stored.
        let preview = try server.collectctl(["plan", "preview", caseID, "--total", "3 000,00", "--count", "3", "--first-due", Self.inDays(14)])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("acceptable as a payment plan"))
        #expect((try server.json(["plan", "list", caseID])["plans"] as? [Any])?.isEmpty == true)

        // Create, with the script's own idempotency key.
        let created = try server.json(["plan", "create", caseID, "--total", "3000", "--count", "3", "--first-due", Self.inDays(14),
                                       "--idempotency-key", "e2e-create-1"])
        let planID = try #require(created.at("plan.plan_id") as? String)
        #expect(created.at("plan.total.amount") as? String == "3000.00")
        #expect((created.at("plan.installments") as? [Any])?.count == 3)

        // Record a payment: it goes to installment 1, then 2.
        let paid = try server.json(["payment", "record", account, "--amount", "1500", "--currency", "SEK", "--date", Self.today(), "--source", "bankgiro",
                                    "--reference", "123455"])
        #expect((paid.at("payment.allocations") as? [Any])?.count == 2)
        let view = try server.json(["case", "show", caseID])
        #expect(view.at("view.plans.0.paid.amount") as? String == "1500.00")
        #expect(view.at("view.plans.0.installments.0.status") as? String == "PAID")
        #expect(view.at("view.plans.0.installments.1.status") as? String == "PARTIALLY_PAID")

        // Amend with the version from before the payment: VERSION_CONFLICT, exit 20, nothing changed.
        let stale = try server.collectctl(["plan", "amend", planID, "--expected-version", "1", "--total", "3000", "--count", "2",
                                           "--first-due", Self.inDays(14), "--reason", "customer asked"])
        #expect(stale.status == 20)
        #expect(stale.stderr.contains("VERSION_CONFLICT"))
        #expect(stale.stderr.contains("current_version: 2"))
        #expect(try server.json(["plan", "show", planID]).at("plan.version") as? String == "2")

        // Retry the create with the same key: the first answer, no second plan.
        let retried = try server.json(["plan", "create", caseID, "--total", "3000", "--count", "3", "--first-due", Self.inDays(14),
                                       "--idempotency-key", "e2e-create-1", "--expected-version", String(Int(created.at("case_version") as! String)! - 1)])
        #expect(retried.at("plan.plan_id") as? String == planID)
        #expect(retried.at("plan.version") as? String == "1", "the first answer, as first sent")
        #expect((try server.json(["plan", "list", caseID])["plans"] as? [Any])?.count == 1)
        #expect(server.stop() == 0, "SIGTERM stops the server cleanly")
        let audit = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"])
        #expect(audit.status == 0, "\(audit.stdout)")
    }

    @Test func accessRulesAndBadInput() throws {
        let server = try ServerProcess()
        let (caseID, _, _) = try freeSwedishCase(server)
        // No token, and an unknown one.
        let anonymous = try server.collectctl(["case", "show", caseID], token: nil)
        #expect(anonymous.status == 26)
        #expect(anonymous.stderr.contains("TOKEN_MISSING"))
        // A coordinator sees masked personal data; a handler the real values.
        let masked = try server.json(["case", "show", caseID], token: "erik.coordinator")
        #expect((masked.at("view.customer.national_id") as? String)?.contains("*") == true)
        #expect(masked.at("view.customer.personal_data_masked") as? Bool == true)
        let clear = try server.json(["case", "show", caseID])
        #expect((clear.at("view.customer.national_id") as? String)?.contains("*") == false)
        // An auditor cannot change anything.
        let note = try server.collectctl(["case", "note", caseID, "hello"], token: "ida.auditor")
        #expect(note.status == 17)
        #expect(note.stderr.contains("PERMISSION_DENIED"))
        // A Swedish-only handler cannot see a Norwegian case.
        let search = try server.json(["case", "search", "--country", "no", "--page-size", "1"])
        if let norwegian = (search["cases"] as? [[String: Any]])?.first?["case_id"] as? String {
            let refused = try server.collectctl(["case", "show", norwegian], token: "sven.handler")
            #expect(refused.status == 17)
            #expect(refused.stderr.contains("COUNTRY_OUT_OF_SCOPE"))
        }
        // Ambiguous amounts and malformed dates are refused before anything is sent.
        let version = try server.json(["case", "show", caseID]).at("view.summary.version") as? String
        for (arguments, expected) in [(["--total", "3,000.00"], "AMOUNT_AMBIGUOUS"), (["--total", "1.234"], "AMOUNT_AMBIGUOUS"),
                                      (["--total", "12.345"], "AMOUNT_AMBIGUOUS"), (["--total", "10.001"], "AMOUNT_AMBIGUOUS"),
                                      (["--total", "100.0055"], "AMOUNT_TOO_PRECISE"), (["--total", "3000", "--first-due", "15/01/2027"], "YYYY-MM-DD")] {
            var command = ["plan", "create", caseID, "--count", "3", "--first-due", Self.inDays(14)] + arguments
            if arguments.contains("--first-due") { command = ["plan", "create", caseID, "--count", "3"] + arguments }
            let refused = try server.collectctl(command)
            #expect(refused.status == 64, "\(arguments)")
            #expect(refused.stderr.contains(expected), "\(arguments): \(refused.stderr)")
        }
        // A plan the policy refuses: the server's code and field, exit 13, nothing stored.
        let tooSmall = try server.collectctl(["plan", "create", caseID, "--total", "10", "--count", "3", "--first-due", Self.inDays(14)])
        #expect(tooSmall.status == 13)
        #expect(tooSmall.stderr.contains("PLAN_INSTALLMENT_TOO_SMALL"))
        #expect(try server.json(["case", "show", caseID]).at("view.summary.version") as? String == version)
        #expect((try server.json(["plan", "list", caseID])["plans"] as? [Any])?.isEmpty == true)
    }

    @Test func revokedTokenIsRefusedWhileTheServerRuns() throws {
        let server = try ServerProcess(customers: 20)
        #expect(try server.collectctl(["health"], token: "sven.handler").status == 0)
        let revoked = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                            ["token", "revoke", "--data", server.directory + "/data", "--name", "sven.handler"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        usleep(2_200_000)  // the server remembers a checked token for at most 2 s
        let refused = try server.collectctl(["case", "search", "--page-size", "1"], token: "sven.handler")
        #expect(refused.status == 26)
        #expect(refused.stderr.contains("TOKEN_REVOKED"))
        #expect(try server.collectctl(["case", "search", "--page-size", "1"]).status == 0, "other tokens keep working")
        let audit = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"])
        #expect(audit.status == 0, "token changes from another process keep the chain intact: \(audit.stdout)")
    }

    @Test func loadToolReportsRatesStatusesAndPercentiles() throws {
        let server = try ServerProcess(customers: 50)
        let report = try server.json(["bench", "mix", "--mix", "get-case=80,search=10,record-payment=10", "--cases", "50",
                                      "--connections", "2", "--streams", "4", "--requests", "200", "--warmup", "0"])
        #expect((report["requests"] as? Int ?? 0) >= 200)
        #expect(report["errors"] as? Int == 0)
        #expect((report["statuses"] as? [String: Int])?["OK"] == report["requests"] as? Int)
        let latency = report["latency_ms"] as? [String: Double] ?? [:]
        #expect((latency["p50"] ?? 0) > 0)
        #expect((latency["p50"] ?? 0) <= (latency["p99"] ?? 0))
        #expect((latency["p99"] ?? 0) <= (latency["max"] ?? 0))
        // The transport-only reference: the health check, paced, answered OK without a token.
        let health = try server.json(["bench", "health", "--connections", "1", "--streams", "2", "--requests", "50", "--warmup", "0",
                                      "--rate", "500"], token: nil)
        #expect((health["requests"] as? Int ?? 0) >= 50)
        #expect((health["statuses"] as? [String: Int])?["OK"] == health["requests"] as? Int)
        #expect(health["workload"] as? String == "health=1")
        // A workload it does not know is a usage error.
        let unknown = try server.collectctl(["bench", "delete-everything"])
        #expect(unknown.status == 64)
    }

    static func today() -> String { inDays(0) }

    /// The date `days` from today in Sweden, as YYYY-MM-DD.
    static func inDays(_ days: Int) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        return formatter.string(from: Date().addingTimeInterval(TimeInterval(days * 86_400)))
    }
}
