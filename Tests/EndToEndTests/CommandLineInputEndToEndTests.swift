import Foundation
import Testing

/// What a handler types is understood or refused with the reason (issue 12, defect 15).
@Suite(.serialized) struct CommandLineInputEndToEndTests {
    typealias Workflow = HandlerWorkflowEndToEndTests

    @Test func aNegativeAmountIsRefusedAsNegativeAndNothingIsRecorded() throws {
        let server = try ServerProcess(customers: 20)
        let (caseID, account, _) = try Workflow().freeSwedishCase(server)
        let before = try server.json(["case", "show", caseID]).at("view.summary.version") as? String
        for amount in [["--amount", "-5"], ["--amount=-5"]] {
            let outcome = try server.collectctl(["payment", "record", account] + amount + ["--currency", "SEK", "--date", Workflow.today()])
            #expect(outcome.status == 64, "\(amount): \(outcome.stderr)")
            #expect(!outcome.stderr.contains("Missing value"), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("--amount \"-5\""), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("negative"), "\(outcome.stderr)")
        }
        let total = try server.collectctl(["plan", "create", caseID, "--total", "-300", "--count", "3", "--first-due", Workflow.inDays(14)])
        #expect(total.status == 64, "\(total.stderr)")
        #expect(total.stderr.contains("negative"), "\(total.stderr)")
        #expect(try server.json(["case", "show", caseID]).at("view.summary.version") as? String == before)
    }

    @Test func aDayThatDoesNotExistIsNamedSo() throws {
        let server = try ServerProcess(customers: 5)
        for (date, says) in [("2026-02-30", "February 2026 has 28 days"), ("2028-02-30", "February 2028 has 29 days"),
                             ("2026-04-31", "April 2026 has 30 days"), ("2026-13-01", "there is no month 13"), ("2026-00-10", "there is no month 0")] {
            let outcome = try server.collectctl(["plan", "preview", "C-0000001", "--total", "3000", "--count", "3", "--first-due", date])
            #expect(outcome.status == 64, "\(date): \(outcome.stderr)")
            #expect(outcome.stderr.contains("\(date) does not exist: \(says)"), "\(date): \(outcome.stderr)")
        }
        let shape = try server.collectctl(["plan", "preview", "C-0000001", "--total", "3000", "--count", "3", "--first-due", "15/01/2027"])
        #expect(shape.stderr.contains("YYYY-MM-DD"))
    }

    @Test func aPreviewWithProblemsExitsNonZeroAndStoresNothing() throws {
        let server = try ServerProcess(customers: 20)
        let (caseID, _, _) = try Workflow().freeSwedishCase(server)
        let preview = try server.collectctl(["plan", "preview", caseID, "--total", "10", "--count", "3", "--first-due", Workflow.inDays(14)])
        #expect(preview.status == 13, "\(preview.stderr)")
        #expect(preview.stdout.contains("problem: PLAN_INSTALLMENT_TOO_SMALL"))
        #expect((try server.json(["plan", "list", caseID])["plans"] as? [Any])?.isEmpty == true)
        let fine = try server.collectctl(["plan", "preview", caseID, "--total", "3000", "--count", "3", "--first-due", Workflow.inDays(14)])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test func globalOptionsWorkBeforeTheCommand() throws {
        let server = try ServerProcess(customers: 3)
        let secret = try #require(server.tokens["anna.handler"])
        let outcome = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl",
                                            ["--server", "localhost:\(server.port)", "--ca=\(server.directory)/tls/ca.pem", "-o", "json",
                                             "--token", secret, "case", "show", "C-0000001"], environment: ["HOME": server.directory])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("{"))
        let unknown = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["--no-such-option", "case", "show", "C-0000001"],
                                            environment: ["HOME": server.directory])
        #expect(unknown.status == 64)
    }

    @Test func planIDsAreFoundInAnyLetterCase() throws {
        let server = try ServerProcess(customers: 20)
        let (caseID, _, _) = try Workflow().freeSwedishCase(server)
        let created = try server.json(["plan", "create", caseID, "--total", "3000", "--count", "3", "--first-due", Workflow.inDays(14)])
        let planID = try #require(created.at("plan.plan_id") as? String)
        let shown = try server.json(["plan", "show", planID.lowercased()])
        #expect(shown.at("plan.plan_id") as? String == planID)
    }

    @Test func caseIDsAreFoundInAnyLetterCase() throws {
        let server = try ServerProcess(customers: 3)
        let shown = try server.json(["case", "show", "c-0000001"])
        #expect(shown.at("view.summary.case_id") as? String == "C-0000001")
        let note = try server.collectctl(["case", "note", "c-0000001", "ringde"])
        #expect(note.status == 0, "\(note.stderr)")
    }
}
