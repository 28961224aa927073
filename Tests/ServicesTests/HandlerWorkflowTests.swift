import Protocol
import Services
import Store
import Testing

/// A handler's workflow through the services, each step checked as the handler would see it.
@Suite struct HandlerWorkflowTests {
    static func sek(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .sek) }

    static func terms(total: Int64 = 600_000, count: UInt32 = 6, first: CalendarDate = CalendarDate(year: 2026, month: 12, day: 27)!) -> PlanTerms {
        PlanTerms(total: sek(total), installmentCount: count, frequency: .monthly, firstDueDate: first)
    }

    @Test func lookUpPreviewCreatePayAmendAndRetry() throws {
        let harness = try ServiceHarness()
        // Look up: the whole picture in one call.
        let view = harness.view("C-SE-1")
        #expect(view.summary.daysPastDue == 45)
        #expect(view.summary.bucket == "30-59")
        #expect(view.customer.phone == "+46701234567")
        #expect(view.customer.nationalId == "198503122387")
        #expect(view.accounts.count == 1)
        #expect(view.nextAction?.channel == .phone)
        let version = view.summary.version

        // Preview changes nothing.
        let preview = try harness.call(PlansService.previewPlan, PreviewPlanRequest(caseId: "C-SE-1", terms: Self.terms())).get()
        #expect(preview.problems.isEmpty)
        #expect(preview.installments.count == 6)
        #expect(preview.installments.reduce(0) { $0 + $1.amount.minorUnits } == 600_000)
        // 27 December 2026 is a Sunday: the first installment moves to Monday the 28th.
        #expect(preview.installments[0].dueDate.description == "2026-12-28")
        #expect(preview.installments[0].requestedDueDate?.description == "2026-12-27")
        #expect(harness.count("plan") == 0)

        // Create.
        let created = try harness.call(PlansService.createPlan, CreatePlanRequest(caseId: "C-SE-1", terms: Self.terms(), expectedCaseVersion: version),
                                       key: "create-1").get()
        #expect(created.plan.status == .active)
        #expect(created.plan.installments.count == 6)
        #expect(created.caseVersion == version + 1)
        #expect(harness.view("C-SE-1").summary.status == .inPlan)

        // Record a payment: it goes to the oldest open installment.
        let payment = try harness.call(PaymentsService.recordPayment,
                                       RecordPaymentRequest(accountNumber: "A-SE-1", amount: Self.sek(150_000), paidOn: ServiceHarness.today,
                                                            reference: "1234567897", source: .bankgiro), key: "pay-1").get()
        #expect(payment.payment.allocations.map(\.installmentSequence) == [1, 2])
        #expect(payment.payment.allocations.map(\.amount.minorUnits) == [100_000, 50_000])
        let progressed = harness.view("C-SE-1").plans[0]
        #expect(progressed.paid.minorUnits == 150_000)
        #expect(progressed.installments[0].status == .paid)
        #expect(progressed.installments[1].status == .partiallyPaid)

        // Amend with the version from before the payment: refused, nothing changed.
        let stale = harness.call(PlansService.amendPlan, AmendPlanRequest(planId: created.plan.planId, expectedVersion: created.plan.version,
                                                                          terms: Self.terms(total: 450_000, count: 3), reason: "lower installments"))
        #expect(stale.failure?.status == .aborted)
        #expect(stale.failure?.detail.code == "VERSION_CONFLICT")
        #expect(stale.failure?.detail.facts.contains(ErrorFact(key: "current_version", value: "2")) == true)
        #expect(harness.view("C-SE-1").plans[0].version == 2)

        // Retry the payment with the same key: the first answer, and no second payment.
        let retried = try harness.call(PaymentsService.recordPayment,
                                       RecordPaymentRequest(accountNumber: "A-SE-1", amount: Self.sek(150_000), paidOn: ServiceHarness.today,
                                                            reference: "1234567897", source: .bankgiro), key: "pay-1").get()
        #expect(retried == payment)
        #expect(harness.count("payment") == 1)
        // The same key for another request is refused.
        let reused = harness.call(PaymentsService.recordPayment,
                                  RecordPaymentRequest(accountNumber: "A-SE-1", amount: Self.sek(1), paidOn: ServiceHarness.today,
                                                       reference: "x", source: .bankgiro), key: "pay-1")
        #expect(reused.failure?.detail.code == "IDEMPOTENCY_KEY_REUSED")
        #expect(harness.count("payment") == 1)
    }

    @Test func aCaseLookUpThatMatchesNothingNamesTheKeyItWasGiven() throws {
        let harness = try ServiceHarness()
        let keys: [(GetCaseRequest, String)] = [
            (GetCaseRequest(caseId: "C-SE-404"), "case_id"),
            (GetCaseRequest(customerId: "CU-SE-404"), "customer_id"),
            (GetCaseRequest(accountNumber: "A-SE-404"), "account_number"),
            (GetCaseRequest(nationalId: "199001011239"), "national_id"),
        ]
        for (request, field) in keys {
            let result = harness.call(CasesService.getCase, request)
            #expect(result.failure?.status == .notFound, "\(field)")
            #expect(result.failure?.detail.code == "CASE_NOT_FOUND", "\(field)")
            #expect(result.failure?.detail.fieldPath == field)
        }
    }

    @Test func invalidPlansAreRefusedWithTheirCodeAndChangeNothing() throws {
        let harness = try ServiceHarness()
        let version = harness.view("C-SE-1").summary.version
        let cases: [(PlanTerms, String, String)] = [
            (Self.terms(total: 600_000, count: 600), "PLAN_TOO_MANY_INSTALLMENTS", "terms.installment_count"),
            (Self.terms(total: 3_000, count: 6), "PLAN_INSTALLMENT_TOO_SMALL", "terms.total"),
            (Self.terms(first: CalendarDate(year: 2026, month: 11, day: 1)!), "PLAN_FIRST_DUE_IN_PAST", "terms.first_due_date"),
            (PlanTerms(total: Money(minorUnits: 600_000, currency: .nok), installmentCount: 6, frequency: .monthly,
                       firstDueDate: CalendarDate(year: 2026, month: 12, day: 27)!), "PLAN_CURRENCY_MISMATCH", "terms.total"),
            (PlanTerms(total: Self.sek(600_000), installmentCount: 6, frequency: .unspecified,
                       firstDueDate: CalendarDate(year: 2026, month: 12, day: 27)!), "PLAN_FREQUENCY_REQUIRED", "terms.frequency"),
            (Self.terms(total: 90_000_000), "PLAN_TOTAL_EXCEEDS_DEBT", "terms.total"),
        ]
        for (terms, code, field) in cases {
            let result = harness.call(PlansService.createPlan, CreatePlanRequest(caseId: "C-SE-1", terms: terms, expectedCaseVersion: version))
            #expect(result.failure?.detail.code == code, "\(code)")
            #expect(result.failure?.status == .invalidArgument, "\(code)")
            #expect(result.failure?.detail.fieldPath.hasPrefix(field) == true, "\(code): \(result.failure?.detail.fieldPath ?? "-")")
        }
        #expect(harness.count("plan") == 0)
        #expect(harness.count("audit") == 0)
        #expect(harness.view("C-SE-1").summary.version == version)
    }

    @Test func notesContactsAndFlags() throws {
        let harness = try ServiceHarness()
        var version = harness.view("C-NO-1").summary.version
        let note = try harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-NO-1", text: "Kunden ringer tilbake", expectedVersion: version)).get()
        #expect(note.caseVersion == version + 1)
        version = note.caseVersion
        let contact = try harness.call(CasesService.recordContact,
                                       RecordContactRequest(caseId: "C-NO-1", channel: .phone, direction: .outbound, outcome: .noAnswer,
                                                            expectedVersion: version), as: ServiceHarness.automation).get()
        version = contact.caseVersion
        let paused = try harness.call(CasesService.setFlag,
                                      SetFlagRequest(caseId: "C-NO-1", kind: .hardshipPause, until: CalendarDate(year: 2027, month: 1, day: 31),
                                                     reason: "sykemeldt", expectedVersion: version)).get()
        #expect(paused.status == .paused)
        let view = harness.view("C-NO-1")
        #expect(view.notes.map(\.text) == ["Kunden ringer tilbake"])
        #expect(view.contacts.map(\.outcome) == [.noAnswer])
        #expect(view.summary.status == .paused)
        let next = try #require(view.nextAction, "a paused case's next contact waits for the pause to end")
        #expect(next.dueOn > CalendarDate(year: 2027, month: 1, day: 31)!)
        let cleared = try harness.call(CasesService.clearFlag, ClearFlagRequest(caseId: "C-NO-1", kind: .hardshipPause, reason: "frisk",
                                                                                expectedVersion: paused.caseVersion)).get()
        #expect(cleared.status == .open)
        let again = harness.call(CasesService.clearFlag, ClearFlagRequest(caseId: "C-NO-1", kind: .hardshipPause, reason: "frisk",
                                                                          expectedVersion: cleared.caseVersion))
        #expect(again.failure?.detail.code == "FLAG_NOT_SET")
        #expect(harness.view("C-NO-1").customer.email == "kund.no-1@example.com", "reachable by e-mail only")
        #expect(harness.view("C-NO-1").nextAction?.channel == .email)
        #expect(try StoreWriter.verifyAudit(path: harness.path).isIntact)
    }

    @Test func searchFindsCasesByBucketAndHandler() throws {
        let harness = try ServiceHarness()
        let all = try harness.call(CasesService.searchCases, SearchCasesRequest()).get()
        #expect(all.cases.count == 3)
        let late = try harness.call(CasesService.searchCases, SearchCasesRequest(bucket: "90+")).get()
        #expect(late.cases.map(\.caseId) == ["C-DK-1"])
        let swedish = try harness.call(CasesService.searchCases, SearchCasesRequest(), as: ServiceHarness.swedishHandler).get()
        #expect(swedish.cases.map(\.caseId) == ["C-SE-1"])
        let paged = try harness.call(CasesService.searchCases, SearchCasesRequest(page: PageRequest(pageSize: 2))).get()
        #expect(paged.cases.count == 2)
        let rest = try harness.call(CasesService.searchCases, SearchCasesRequest(page: PageRequest(pageSize: 2, cursor: paged.nextCursor))).get()
        #expect(rest.cases.count == 1)
        #expect(rest.nextCursor.isEmpty)
        #expect(harness.call(CasesService.searchCases, SearchCasesRequest(bucket: "soon")).failure?.detail.code == "BUCKET_UNKNOWN")
        #expect(harness.call(CasesService.searchCases, SearchCasesRequest(page: PageRequest(pageSize: 1_000))).failure?.detail.code == "PAGE_SIZE_TOO_LARGE")
    }
}

/// Broken-promise detection: a missed installment past its grace period breaks the plan, the
/// case returns to treatment, a late payment does not revive it, and a new plan may be agreed.
@Suite struct BrokenPlanTests {
    @Test func missedInstallmentBreaksThePlan() throws {
        let harness = try ServiceHarness()
        let done = Blocking<Void>()
        harness.writer.submit(Mutation(actor: "seed", idempotency: nil, apply: { context in
            try context.insert(PlanRecord(
                id: "PL-OLD", caseID: "C-SE-1", kind: .paymentPlan, status: .active, statusOn: nil, cancelReason: "", currency: "SEK",
                totalMinor: 200_000, frequency: "MONTHLY", version: 1, amendments: 0, createdAtMs: 0, createdBy: "anna.handler",
                installments: [
                    InstallmentRecord(sequence: 1, dueOn: CalendarDate(year: 2026, month: 11, day: 2)!.daysSinceEpoch,
                                      requestedDueOn: CalendarDate(year: 2026, month: 11, day: 2)!.daysSinceEpoch, amountMinor: 100_000, paidMinor: 0),
                    InstallmentRecord(sequence: 2, dueOn: CalendarDate(year: 2026, month: 12, day: 2)!.daysSinceEpoch,
                                      requestedDueOn: CalendarDate(year: 2026, month: 12, day: 2)!.daysSinceEpoch, amountMinor: 100_000, paidMinor: 0),
                ]))
            return []
        }, completion: { result in done.finish(result.map { _ in () }.mapError { $0 as any Error }) }))
        try done.wait()

        let view = harness.view("C-SE-1")
        #expect(view.plans.first?.status == .broken)
        #expect(view.plans.first?.brokenOn != nil)
        #expect(!view.summary.hasActivePlan)

        let payment = try harness.call(PaymentsService.recordPayment,
                                       RecordPaymentRequest(accountNumber: "A-SE-1", amount: Money(minorUnits: 100_000, currency: .sek),
                                                            paidOn: ServiceHarness.today, source: .bankgiro)).get()
        #expect(payment.payment.allocations.isEmpty, "a late payment does not revive a broken plan")
        #expect(harness.view("C-SE-1").summary.status == .open, "the case is back in treatment, not in a plan")
        let stored = try harness.call(PlansService.getPlan, GetPlanRequest(planId: "PL-OLD")).get().plan
        #expect(stored.status == .broken)
        #expect(stored.version == 1, "a payment stores facts, not a verdict as of its day (issue 12, defect 3)")
        func auditActions() throws -> [String] {
            try harness.call(SystemService.listAudit, ListAuditRequest(entity: "plan", entityId: "PL-OLD"), as: ServiceHarness.auditor).get().rows.map(\.action)
        }
        #expect(try auditActions() == [])

        let version = harness.view("C-SE-1").summary.version
        let created = harness.call(PlansService.createPlan, CreatePlanRequest(caseId: "C-SE-1", terms: HandlerWorkflowTests.terms(total: 300_000, count: 3),
                                                                              expectedCaseVersion: version))
        #expect(created.failure == nil, "\(String(describing: created.failure))")
        // The new plan replaces the broken one, which is then broken for good, audited.
        #expect(try harness.call(PlansService.getPlan, GetPlanRequest(planId: "PL-OLD")).get().plan.version == 2)
        #expect(try auditActions() == ["plan.broken"])
    }
}
