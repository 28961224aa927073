import enum Domain.MoneyLimits
import Foundation
import Protocol
import Testing

/// Every request that carries money, driven with the extreme values a hostile or broken peer can
/// put on the wire: each is refused with a detail code before any arithmetic, the case stays as it
/// was, and the server keeps serving (issue 12, defect 1: a second huge payment trapped on
/// overflow and took the whole process down).
@Suite(.serialized) struct MoneyLimitsEndToEndTests {
    static let limit = MoneyLimits.maximum(.sek).minorUnits
    /// The values of the issue, each with whether it is an acceptable payment.
    static let extremes: [Int64] = [0, 1, limit, limit + 1, .max, .min, -1]

    static func money(_ minor: Int64) -> Protocol.Money { Protocol.Money(minorUnits: minor, currency: .sek) }

    static func day(_ offset: Int) -> CalendarDate { CalendarDate(iso8601: HandlerWorkflowEndToEndTests.inDays(offset))! }

    static func terms(total: Int64, explicit: [Int64] = []) -> Protocol.PlanTerms {
        var terms = Protocol.PlanTerms()
        terms.total = money(total)
        terms.installmentCount = 3
        terms.frequency = .monthly
        terms.firstDueDate = day(14)
        terms.explicitInstallments = explicit.enumerated().map { index, amount in
            var item = ExplicitInstallment()
            item.dueDate = day(14 + 7 * index)
            item.amount = money(amount)
            return item
        }
        return terms
    }

    /// Terms with `value` in every money field a plan request has: the total, or one installment.
    static func hostileTerms(_ value: Int64) -> [Protocol.PlanTerms] {
        [terms(total: value), terms(total: 300_000, explicit: [value, 100_000]), terms(total: value, explicit: [value, value])]
    }

    @Test func extremeAmountsAreRefusedAndChangeNothing() throws {
        let server = try ServerProcess()
        let wire = try WireCaller(server)
        let workflow = HandlerWorkflowEndToEndTests()
        let (caseID, account, _) = try workflow.freeSwedishCase(server)

        // A plan to amend, on the same case.
        let version = try #require(UInt64(try server.json(["case", "show", caseID]).at("view.summary.version") as? String ?? ""))
        var create = CreatePlanRequest()
        create.caseId = caseID
        create.terms = Self.terms(total: 300_000)
        create.expectedCaseVersion = version
        let plan = try #require(wire.call(PlansService.createPlan, create).response?.plan)

        for value in Self.extremes where value != 1 {
            let before = wire.caseBytes(caseID)
            #expect(!before.isEmpty)

            var payment = RecordPaymentRequest()
            payment.accountNumber = account
            payment.amount = Self.money(value)
            payment.paidOn = Self.day(0)
            payment.source = .manual
            if value != Self.limit {
                let refused = wire.call(PaymentsService.recordPayment, payment)
                #expect(refused.status == .invalidArgument, "payment of \(value): \(refused.code)")
                #expect(refused.code == (value == 0 || value == -1 ? "PAYMENT_NOT_POSITIVE" : "AMOUNT_OVER_LIMIT"), "payment of \(value)")
            }

            for terms in Self.hostileTerms(value) {
                var preview = PreviewPlanRequest()
                preview.caseId = caseID
                preview.terms = terms
                let previewed = wire.call(PlansService.previewPlan, preview)
                #expect(previewed.status != .ok || previewed.response?.problems.isEmpty == false,
                        "preview with \(value) must list a problem or refuse it")
                #expect(previewed.status == .ok || previewed.status == .invalidArgument, "preview with \(value): \(previewed.code)")

                var create = CreatePlanRequest()
                create.caseId = caseID
                create.terms = terms
                create.expectedCaseVersion = version + 1
                let created = wire.call(PlansService.createPlan, create)
                #expect(created.status != .ok, "create with \(value)")
                #expect(!created.code.isEmpty && created.code == created.code.uppercased(), "create with \(value): \(created.code)")

                var amend = AmendPlanRequest()
                amend.planId = plan.planId
                amend.expectedVersion = plan.version
                amend.terms = terms
                amend.reason = "limits"
                let amended = wire.call(PlansService.amendPlan, amend)
                #expect(amended.status == .invalidArgument, "amend with \(value): \(amended.code)")
                if value > Self.limit || value < -Self.limit {
                    #expect(amended.code == "AMOUNT_OVER_LIMIT", "amend with \(value)")
                    #expect(created.code == "AMOUNT_OVER_LIMIT", "create with \(value)")
                    #expect(previewed.code == "AMOUNT_OVER_LIMIT", "preview with \(value)")
                }
            }
            let unchanged = wire.caseBytes(caseID) == before
            #expect(unchanged, "a refused call with \(value) changed the case")
        }

        // The largest amount allowed, twice on one account (the second used to trap), then the
        // smallest: all accepted, and the server still serves.
        for value in [Self.limit, Self.limit, 1] {
            var payment = RecordPaymentRequest()
            payment.accountNumber = account
            payment.amount = Self.money(value)
            payment.paidOn = Self.day(0)
            payment.source = .manual
            let paid = wire.call(PaymentsService.recordPayment, payment)
            #expect(paid.status == .ok, "payment of \(value): \(paid.code) \(paid.detail?.message ?? "")")
        }
        // collectctl refuses the issue's amount itself, naming the option; nothing is sent.
        let typed = try server.collectctl(["payment", "record", account, "--amount", "92233720368547758.07", "--currency", "SEK",
                                           "--date", HandlerWorkflowEndToEndTests.today()])
        #expect(typed.status == 64, "\(typed.stderr)")
        #expect(typed.stderr.contains("AMOUNT_OVER_LIMIT") && typed.stderr.contains("--amount"), "\(typed.stderr)")
        let health = try server.collectctl(["health"])
        #expect(health.status == 0, "the server must still serve: \(health.stderr)")
        #expect(server.process.isRunning)
        #expect(server.stop() == 0)
    }
}
