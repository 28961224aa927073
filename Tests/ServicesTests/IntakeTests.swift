import Domain
import Foundation
import Protocol
import Services
import SQLiteDriver
import Store
import Testing

/// The card ledger's intake (docs/INTAKE.md) through `Intake.SubmitAccountStates`, as the server's
/// router calls it: cases opened by the entry rule, updated, cured and reopened; batches applied
/// all or nothing, once per batch id; audited as the caller's token.
@Suite struct IntakeTests {
    static let ledger = Principal(name: "card.ledger", role: .automation, countries: ["SE", "NO", "DK"])
    /// 2026-11-30, the harness's today.
    static let today = Day(year: 2026, month: 11, day: 30)!

    /// A valid personnummer for customer `serial`.
    static func personnummer(_ serial: Int) -> String {
        NationalID.makePersonnummer(birth: Day(year: 1970, month: 1, day: 1)!.adding(days: serial / 900), serial: serial % 900 + 10)!
    }

    static func sek(_ minor: Int64) -> Protocol.Money { Protocol.Money(minorUnits: minor, currency: .sek) }

    /// A Swedish account state; `daysPastDue` nil when nothing is overdue.
    static func state(_ customer: Int, account: String, overdue: Int64, daysPastDue: Int?, balance: Int64 = 2_000_000,
                      phone: String = "+46701112233") -> AccountState {
        AccountState(country: .se, nationalId: personnummer(customer), fullName: "Kund \(customer)", language: .sv, phone: phone,
                     email: "kund\(customer)@example.se", addressLine: "Gata 1", postalCode: "111 11", city: "Stockholm",
                     accountNumber: account, product: "Classic", balance: sek(balance), overdue: sek(overdue),
                     oldestUnpaidDueDate: daysPastDue.map { CalendarDate(daysSinceEpoch: Int32(today.adding(days: -$0).daysSinceEpoch))! },
                     creditLimit: sek(5_000_000), directDebitMandate: false)
    }

    static func submit(_ harness: ServiceHarness, _ id: String, _ states: [AccountState],
                       as principal: Principal = ledger) -> Result<SubmitAccountStatesResponse, ServiceFailure> {
        harness.call(IntakeService.submitAccountStates, SubmitAccountStatesRequest(batchId: id, states: states), as: principal)
    }

    /// Every table an intake writes, counted: equal before and after means nothing changed.
    static func footprint(_ harness: ServiceHarness) -> [Int64] {
        ["customer", "collection_case", "account", "audit", "intake_batch"].map(harness.count)
    }

    static func audit(_ harness: ServiceHarness, entityID: String) -> [(actor: String, action: String, detail: String)] {
        let connection = try! Connection(path: harness.path, readOnly: true)
        let statement = try! connection.statement("SELECT actor, action, detail FROM audit WHERE entity_id = ? ORDER BY seq")
        try! statement.bind([.text(entityID)])
        var rows: [(String, String, String)] = []
        while try! statement.step() { rows.append((statement.text(0), statement.text(1), statement.text(2))) }
        return rows
    }

    @Test func anAccountThatEntersCollectionsOpensACaseWithAValidPaymentReference() throws {
        let harness = try ServiceHarness()
        let answer = try Self.submit(harness, "b-1", [Self.state(1, account: "4571-1", overdue: 50_000, daysPastDue: 30)]).get()
        #expect(answer.casesOpened == 1 && answer.states == 1 && !answer.replayed)
        let caseID = try #require(answer.openedCaseIds.first)
        let view = harness.view(caseID)
        #expect(view.summary.status == .open)
        #expect(view.customer.fullName == "Kund 1" && view.customer.nationalId == Self.personnummer(1))
        let account = try #require(view.accounts.first)
        #expect(account.overdue.minorUnits == 50_000 && account.daysPastDue == 30)
        #expect(AccountReference.isValid(account.paymentReference, scheme: .swedishOCR))
        let audit = Self.audit(harness, entityID: caseID)
        #expect(audit.map(\.action) == ["case.opened"])
        #expect(audit.allSatisfy { $0.actor == "card.ledger" }, "audited as the token that sent the batch")
        #expect(!audit.contains { $0.detail.contains(Self.personnummer(1)) })
        #expect(Self.audit(harness, entityID: "b-1").map(\.action) == ["intake.batch"])
    }

    /// The Swedish entry rule at its edges: 100.00 SEK and 5 days past due enter; 99.99 SEK or 4 days do not.
    @Test func theEntryRuleIsAppliedAtItsEdges() throws {
        let harness = try ServiceHarness()
        let before = Self.footprint(harness)
        let below = try Self.submit(harness, "b-below", [Self.state(2, account: "4571-2", overdue: 9_999, daysPastDue: 40),
                                                          Self.state(3, account: "4571-3", overdue: 500_000, daysPastDue: 4),
                                                          Self.state(4, account: "4571-4", overdue: 0, daysPastDue: nil)]).get()
        #expect(below.notInCollections == 3 && below.casesOpened == 0)
        #expect(Array(Self.footprint(harness).prefix(3)) == Array(before.prefix(3)), "no customer, case or account stored")
        let at = try Self.submit(harness, "b-at", [Self.state(2, account: "4571-2", overdue: 10_000, daysPastDue: 5)]).get()
        #expect(at.casesOpened == 1)
    }

    /// A customer's accounts open one case together, whatever their order in the batch.
    @Test func aCustomersAccountsOpenOneCaseTogether() throws {
        let harness = try ServiceHarness()
        let answer = try Self.submit(harness, "b-2", [Self.state(5, account: "4571-5a", overdue: 0, daysPastDue: nil),
                                                      Self.state(5, account: "4571-5b", overdue: 80_000, daysPastDue: 12)]).get()
        #expect(answer.casesOpened == 1 && answer.notInCollections == 0)
        #expect(harness.view(answer.openedCaseIds[0]).accounts.map(\.accountNumber).sorted() == ["4571-5a", "4571-5b"])
    }

    @Test func aChangedStateUpdatesTheAccountAndAnUnchangedOneWritesNothing() throws {
        let harness = try ServiceHarness()
        let caseID = try Self.submit(harness, "b-1", [Self.state(6, account: "4571-6", overdue: 50_000, daysPastDue: 30)]).get().openedCaseIds[0]
        let version = harness.view(caseID).summary.version
        let changed = try Self.submit(harness, "b-2", [Self.state(6, account: "4571-6", overdue: 70_000, daysPastDue: 30, balance: 2_100_000,
                                                                  phone: "+46709998877")]).get()
        #expect(changed.accountsUpdated == 1 && changed.customersUpdated == 1 && changed.casesOpened == 0)
        let view = harness.view(caseID)
        #expect(view.accounts[0].overdue.minorUnits == 70_000 && view.accounts[0].balance.minorUnits == 2_100_000)
        #expect(view.customer.phone == "+46709998877")
        #expect(view.summary.version == version + 1)
        #expect(Self.audit(harness, entityID: "4571-6").map(\.action) == ["account.updated"])
        let caseAudit = Self.audit(harness, entityID: caseID)
        #expect(caseAudit.map(\.action) == ["case.opened", "case.updated"])
        #expect(caseAudit[1].detail.contains("phone") && !caseAudit[1].detail.contains("+46709998877"), "field names, never the values")

        let before = Self.footprint(harness)
        let same = try Self.submit(harness, "b-3", [Self.state(6, account: "4571-6", overdue: 70_000, daysPastDue: 30, balance: 2_100_000,
                                                               phone: "+46709998877")]).get()
        #expect(same.accountsUnchanged == 1 && same.accountsUpdated == 0 && same.customersUpdated == 0)
        #expect(harness.view(caseID).summary.version == version + 1, "no write when nothing changed")
        #expect(Self.footprint(harness) == before.enumerated().map { $0.offset >= 3 ? $0.element + 1 : $0.element },
                "only the batch's own record and its audit row")
    }

    @Test func aCaseWithNothingOverdueIsCuredAndReopensOnANewDelinquency() throws {
        let harness = try ServiceHarness()
        let caseID = try Self.submit(harness, "b-1", [Self.state(7, account: "4571-7", overdue: 50_000, daysPastDue: 30)]).get().openedCaseIds[0]
        let cured = try Self.submit(harness, "b-2", [Self.state(7, account: "4571-7", overdue: 0, daysPastDue: nil)]).get()
        #expect(cured.casesCured == 1)
        #expect(harness.view(caseID).summary.status == .closed)
        let reopened = try Self.submit(harness, "b-3", [Self.state(7, account: "4571-7", overdue: 20_000, daysPastDue: 2)]).get()
        #expect(reopened.casesReopened == 1 && reopened.casesOpened == 0, "the customer's case comes back, no second case")
        #expect(harness.view(caseID).summary.status == .open)
        #expect(Self.audit(harness, entityID: caseID).map(\.action) == ["case.opened", "case.cured", "case.reopened"])
    }

    @Test func theSameBatchAgainAnswersTheFirstResultAndChangesNothing() throws {
        let harness = try ServiceHarness()
        let batch = [Self.state(8, account: "4571-8", overdue: 50_000, daysPastDue: 30)]
        let first = try Self.submit(harness, "b-1", batch).get()
        let before = Self.footprint(harness)
        let again = try Self.submit(harness, "b-1", batch).get()
        #expect(again.replayed)
        #expect(again.openedCaseIds == first.openedCaseIds && again.casesOpened == 1)
        #expect(Self.footprint(harness) == before)
    }

    @Test func theSameBatchIDWithOtherStatesIsRefusedAndChangesNothing() throws {
        let harness = try ServiceHarness()
        _ = try Self.submit(harness, "b-1", [Self.state(9, account: "4571-9", overdue: 50_000, daysPastDue: 30)]).get()
        let before = Self.footprint(harness)
        let refused = Self.submit(harness, "b-1", [Self.state(9, account: "4571-9", overdue: 0, daysPastDue: nil)]).failure
        #expect(refused?.status == .failedPrecondition && refused?.detail.code == "INTAKE_BATCH_ID_REUSED")
        #expect(Self.footprint(harness) == before)
    }

    /// 500 states in a batch are accepted, 501 refused, none refused empty.
    @Test func theBatchIsBoundedAtItsEdge() throws {
        let harness = try ServiceHarness()
        let max = IntakeLimits.statesPerBatchMax
        #expect(max == 500)
        let states = (0...max).map { Self.state(100 + $0, account: "4571-B\($0)", overdue: 50_000, daysPastDue: 30) }
        let before = Self.footprint(harness)
        let over = Self.submit(harness, "b-over", states).failure
        #expect(over?.status == .invalidArgument && over?.detail.code == "INTAKE_BATCH_TOO_LARGE")
        #expect(Self.footprint(harness) == before)
        let at = try Self.submit(harness, "b-at", Array(states.prefix(max))).get()
        #expect(at.casesOpened == UInt32(max))
        #expect(Self.submit(harness, "b-empty", []).failure?.detail.code == "INTAKE_BATCH_EMPTY")
    }

    @Test func badStatesRefuseTheWholeBatchWithEachIndexAndReason() throws {
        let harness = try ServiceHarness()
        var badID = Self.state(11, account: "4571-11", overdue: 50_000, daysPastDue: 30)
        badID.nationalId = "19700101-0000"
        var overBalance = Self.state(12, account: "4571-12", overdue: 50_000, daysPastDue: 30)
        overBalance.balance = Self.sek(40_000)
        var noDate = Self.state(13, account: "4571-13", overdue: 50_000, daysPastDue: nil)
        var wrongCurrency = Self.state(14, account: "4571-14", overdue: 50_000, daysPastDue: 30)
        wrongCurrency.overdue = Protocol.Money(minorUnits: 50_000, currency: .nok)
        let before = Self.footprint(harness)
        let refused = Self.submit(harness, "b-bad", [Self.state(10, account: "4571-10", overdue: 50_000, daysPastDue: 30), badID, overBalance,
                                                     noDate, wrongCurrency, Self.state(15, account: "4571-10", overdue: 50_000, daysPastDue: 30)]).failure
        #expect(refused?.status == .invalidArgument && refused?.detail.code == "INTAKE_ROWS_INVALID")
        #expect(refused?.detail.fieldPath == "states[1].national_id")
        let facts = refused?.detail.facts.map(\.value) ?? []
        #expect(facts.contains { $0.hasPrefix("1 INTAKE_NATIONAL_ID_INVALID (national_id)") })
        #expect(facts.contains { $0.hasPrefix("2 INTAKE_OVERDUE_OVER_BALANCE (overdue)") })
        #expect(facts.contains { $0.hasPrefix("3 INTAKE_DUE_DATE_MISSING (oldest_unpaid_due_date)") })
        #expect(facts.contains { $0.hasPrefix("4 INTAKE_CURRENCY_MISMATCH (overdue)") })
        #expect(facts.contains { $0.hasPrefix("5 INTAKE_ACCOUNT_DUPLICATE (account_number)") })
        #expect(!facts.contains { $0.hasPrefix("0 ") }, "the good state is not named")
        #expect(Self.footprint(harness) == before, "the good state was not applied either")
    }

    /// A state the book refuses (the account is another customer's) undoes the whole batch.
    @Test func aStateTheBookRefusesUndoesTheBatch() throws {
        let harness = try ServiceHarness()
        let before = Self.footprint(harness)
        let refused = Self.submit(harness, "b-other", [Self.state(16, account: "4571-16", overdue: 50_000, daysPastDue: 30),
                                                       Self.state(17, account: "A-SE-1", overdue: 50_000, daysPastDue: 30)]).failure
        #expect(refused?.detail.code == "INTAKE_ROWS_INVALID")
        #expect(refused?.detail.facts.first?.value.hasPrefix("1 INTAKE_ACCOUNT_OTHER_CUSTOMER") == true)
        #expect(Self.footprint(harness) == before, "the first state's new case was rolled back")
    }

    @Test func onlyTheAutomationRoleInItsCountriesMaySubmit() throws {
        let harness = try ServiceHarness()
        let before = Self.footprint(harness)
        let batch = [Self.state(18, account: "4571-18", overdue: 50_000, daysPastDue: 30)]
        for principal in [ServiceHarness.handler, ServiceHarness.coordinator, Principal(name: "ops", role: .admin, countries: ["SE", "NO", "DK"])] {
            let refused = Self.submit(harness, "b-1", batch, as: principal).failure
            #expect(refused?.status == .permissionDenied && refused?.detail.code == "PERMISSION_DENIED", "\(principal.role)")
        }
        let norwegian = Principal(name: "ledger.no", role: .automation, countries: ["NO"])
        #expect(Self.submit(harness, "b-1", batch, as: norwegian).failure?.detail.code == "COUNTRY_OUT_OF_SCOPE")
        #expect(Self.footprint(harness) == before)
    }

    /// A customer with a case: a new account joins it, and the mandate follows what the ledger
    /// knows (in force or not), leaving a pending one alone.
    @Test func aNewAccountJoinsTheCustomersCaseAndTheMandateFollowsTheLedger() throws {
        let harness = try ServiceHarness()
        var first = Self.state(20, account: "4571-20a", overdue: 50_000, daysPastDue: 30)
        first.directDebitMandate = true
        let caseID = try Self.submit(harness, "b-1", [first]).get().openedCaseIds[0]
        #expect(harness.view(caseID).customer.mandate == .active)
        let version = harness.view(caseID).summary.version
        let added = try Self.submit(harness, "b-2", [Self.state(20, account: "4571-20b", overdue: 0, daysPastDue: nil)]).get()
        #expect(added.accountsAdded == 1 && added.customersUpdated == 1 && added.casesOpened == 0)
        let view = harness.view(caseID)
        #expect(view.accounts.map(\.accountNumber).sorted() == ["4571-20a", "4571-20b"])
        #expect(AccountReference.isValid(view.accounts[1].paymentReference, scheme: .swedishOCR))
        #expect(view.accounts[0].paymentReference != view.accounts[1].paymentReference)
        #expect(view.customer.mandate == .none, "the ledger says no mandate is in force any more")
        #expect(view.summary.version == version + 1 && view.summary.status == .open)
        #expect(Self.audit(harness, entityID: "4571-20b").map(\.action) == ["account.added"])

        let connection = try Connection(path: harness.path, readOnly: false)
        try connection.execute("UPDATE customer SET mandate = 'PENDING' WHERE id = (SELECT customer_id FROM collection_case WHERE id = '\(caseID)')")
        let pending = try Self.submit(harness, "b-3", [Self.state(20, account: "4571-20b", overdue: 0, daysPastDue: nil)]).get()
        #expect(pending.customersUpdated == 0 && pending.accountsUnchanged == 1, "a pending mandate is not the ledger's to end")
        // Read from the table: the case's cached answer is keyed by its version, which the edit above did not move.
        #expect(try connection.scalarInt("SELECT count(*) FROM customer WHERE mandate = 'PENDING' AND id = (SELECT customer_id FROM collection_case WHERE id = '\(caseID)')") == 1)
    }

    /// A refusal lists the first 100 refused states one by one and counts the rest.
    @Test func aRefusalListsAHundredStatesAndCountsTheRest() throws {
        let harness = try ServiceHarness()
        let states = (0..<150).map { index -> AccountState in
            var state = Self.state(300 + index, account: "4571-M\(index)", overdue: 50_000, daysPastDue: 30)
            state.language = .unspecified
            return state
        }
        let refused = Self.submit(harness, "b-many", states).failure
        let facts = refused?.detail.facts ?? []
        #expect(facts.filter { $0.key == "state" }.count == IntakeLimits.problemsListedMax)
        #expect(facts.last?.key == "more" && facts.last?.value == "50")
    }

    @Test func aBatchIDMustBePrintableAndBounded() throws {
        let harness = try ServiceHarness()
        let batch = [Self.state(19, account: "4571-19", overdue: 50_000, daysPastDue: 30)]
        for id in ["", "has space", String(repeating: "x", count: 129)] {
            #expect(Self.submit(harness, id, batch).failure?.detail.code == "INTAKE_BATCH_ID_INVALID", "\(id.prefix(10))")
        }
        #expect(try Self.submit(harness, String(repeating: "x", count: 128), batch).get().casesOpened == 1)
    }
}
