import Foundation
import Testing

/// Where a payment's money goes, through the real binaries (issue 12, defects 4 and 5): the
/// case's accounts and its plan move by the same amount, and nothing beyond the debt vanishes.
@Suite(.serialized) struct PaymentAllocationEndToEndTests {
    static func minor(_ money: Any?) -> Int64 { Int64((money as? [String: Any])?["minor_units"] as? String ?? "") ?? -1 }

    static func amount(_ minor: Int64) -> String { String(format: "%lld.%02lld", minor / 100, minor % 100) }

    static func accounts(_ view: [String: Any]) -> [[String: Any]] { view.at("view.accounts") as? [[String: Any]] ?? [] }

    /// A Swedish case without a plan whose first account owes less overdue than the case, and
    /// whose debt covers a plan of three times (that overdue + 100 SEK).
    func twoAccountCase(_ server: ServerProcess) throws -> (caseID: String, account: String, payment: Int64)? {
        let search = try server.json(["case", "search", "--country", "se", "--has-plan", "no", "--status", "open", "--page-size", "50"])
        for item in search["cases"] as? [[String: Any]] ?? [] {
            let caseID = item["case_id"] as! String
            let view = try server.json(["case", "show", caseID])
            let accounts = Self.accounts(view)
            guard accounts.count >= 2 else { continue }
            let payment = Self.minor(accounts[0]["overdue"]) + 10_000
            let owed = accounts.reduce(0) { $0 + Self.minor($1["balance"]) }
            if Self.minor(view.at("view.summary.total_overdue")) >= payment, owed >= 3 * payment {
                return (caseID, accounts[0]["account_number"] as! String, payment)
            }
        }
        return nil
    }

    /// The case: a payment into an account whose overdue is smaller than the payment paid
    /// installment 1, yet the case's overdue fell only by that account's overdue.
    @Test func overdueAndPlanFallByTheSameAmount() throws {
        let server = try ServerProcess()
        let found = try #require(try twoAccountCase(server), "no Swedish case with two accounts fits")
        let before = try server.json(["case", "show", found.caseID])
        let created = try server.json(["plan", "create", found.caseID, "--total", Self.amount(3 * found.payment), "--count", "3",
                                       "--first-due", HandlerWorkflowEndToEndTests.inDays(14)])
        #expect(created.at("plan.plan_id") is String)

        let paid = try server.json(["payment", "record", found.account, "--amount", Self.amount(found.payment), "--currency", "SEK",
                                    "--date", HandlerWorkflowEndToEndTests.today()])
        let allocated = (paid.at("payment.allocations") as? [[String: Any]] ?? []).reduce(0) { $0 + Self.minor($1["amount"]) }
        #expect(allocated == found.payment)

        let after = try server.json(["case", "show", found.caseID])
        let overdueFell = Self.minor(before.at("view.summary.total_overdue")) - Self.minor(after.at("view.summary.total_overdue"))
        #expect(overdueFell == found.payment, "the case's overdue must fall by the payment, as the plan's paid rose")
        #expect(Self.minor(after.at("view.plans.0.paid")) == found.payment)
        #expect(after.at("view.plans.0.installments.0.status") as? String == "PAID")
        let owedBefore = Self.accounts(before).reduce(0) { $0 + Self.minor($1["balance"]) }
        let owedAfter = Self.accounts(after).reduce(0) { $0 + Self.minor($1["balance"]) }
        #expect(owedBefore - owedAfter == found.payment)
        #expect(server.stop() == 0)
    }

    /// Paying more than the case owes: the rest is credit on the account, in the case view, the
    /// payment and the text output; a later payment adds to it.
    @Test func overPaymentIsKeptAsCredit() throws {
        let server = try ServerProcess()
        let (caseID, account, _) = try HandlerWorkflowEndToEndTests().freeSwedishCase(server)
        let owed = Self.accounts(try server.json(["case", "show", caseID])).reduce(0) { $0 + Self.minor($1["balance"]) }
        let paid = try server.json(["payment", "record", account, "--amount", Self.amount(owed + 50_000), "--currency", "SEK",
                                    "--date", HandlerWorkflowEndToEndTests.today()])
        #expect(Self.minor(paid.at("payment.credit")) == 50_000)

        let view = try server.json(["case", "show", caseID])
        #expect(Self.accounts(view).allSatisfy { Self.minor($0["balance"]) == 0 && Self.minor($0["overdue"]) == 0 })
        #expect(Self.minor(view.at("view.summary.total_overdue")) == 0)
        let credits = Self.accounts(view).map { ($0["account_number"] as! String, Self.minor($0["credit"])) }
        #expect(credits.first { $0.0 == account }?.1 == 50_000)
        #expect(credits.filter { $0.0 != account }.allSatisfy { $0.1 == 0 })
        let text = try server.collectctl(["case", "show", caseID])
        #expect(text.stdout.contains("CREDIT") && text.stdout.contains("500,00 SEK"), "\(text.stdout)")

        let more = try server.json(["payment", "record", account, "--amount", "100", "--currency", "SEK", "--date", HandlerWorkflowEndToEndTests.today()])
        #expect(Self.minor(more.at("payment.credit")) == 10_000)
        let again = try server.json(["case", "show", caseID])
        #expect(Self.accounts(again).first { $0["account_number"] as? String == account }.map { Self.minor($0["credit"]) } == 60_000)
        #expect(server.stop() == 0)
    }
}
