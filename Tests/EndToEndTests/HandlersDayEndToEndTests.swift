import Foundation
import Testing

/// A collections department's days, scripted against the real binaries over a seeded book with
/// the server's clock moved by `serve --today` (issue 12, "Done when"): notes in Swedish,
/// Norwegian and Danish, a plan agreed, a payment made in time but recorded late, a pause set and
/// lifted by its date, an over-payment kept as credit, contacts at forbidden hours refused, and
/// every role doing what it may and refused what it may not (docs/ACCESS.md).
@Suite(.serialized) struct HandlersDayEndToEndTests {
    typealias Money = PaymentAllocationEndToEndTests

    /// An open case in `country` without a plan, contacts or flags (nothing seeded limits today's
    /// contacts), owing at least `overdue` minor units on its first account.
    func quietCase(_ server: ServerProcess, country: String, overdue: Int64) throws -> (caseID: String, account: String) {
        let search = try server.json(["case", "search", "--country", country, "--has-plan", "no", "--status", "open", "--page-size", "200"])
        for item in search["cases"] as? [[String: Any]] ?? [] {
            let caseID = item["case_id"] as! String
            let view = try server.json(["case", "show", caseID])
            let accounts = Money.accounts(view)
            guard (view.at("view.contacts") as? [Any] ?? []).isEmpty, (view.at("view.flags") as? [Any] ?? []).isEmpty,
                  let first = accounts.first, Money.minor(first["overdue"]) >= overdue else { continue }
            return (caseID, first["account_number"] as! String)
        }
        Issue.record("no quiet \(country) case owing \(overdue)")
        return ("", "")
    }

    func restart(_ server: ServerProcess, today: String) throws {
        #expect(server.stop() == 0)
        server.serveArguments = ["--today", today]
        try server.start()
    }

    func expectRefused(_ outcome: ServerProcess.Outcome, exit: Int32, code: String, _ what: String) {
        #expect(outcome.status == exit, "\(what): \(outcome.stderr)")
        #expect(outcome.stderr.contains(code), "\(what): \(outcome.stderr)")
    }

    @Test func aScriptedDayOfEveryRole() throws {
        let server = try ServerProcess(customers: 200, serveArguments: ["--today", "2026-11-23"])
        let admin = try server.createToken(name: "olle.admin", role: "admin", countries: "SE,NO,DK")
        let automation = try server.createToken(name: "dialer.bot", role: "automation", countries: "SE,NO,DK")

        // Monday 23 November.
        let (se, account) = try quietCase(server, country: "se", overdue: 300_000)
        let no = try quietCase(server, country: "no", overdue: 1).caseID
        let dk = try quietCase(server, country: "dk", overdue: 1).caseID
        let notes = [(se, "Kunden ringde: lönen är försenad, betalar på fredag. Önskar delbetalning – tre månader."),
                     (no, "Kunden sier økonomien er trang etter permittering; ønsker avtale på få måneder. Blåbær og ærlig."),
                     (dk, "Kunden har mistet sit job i Århus; ønsker en afdragsordning på kr. 500 – går på kompromis, ærligt.")]
        for (caseID, text) in notes {
            let added = try server.collectctl(["case", "note", caseID, text])
            #expect(added.status == 0, "\(added.stderr)")
            let stored = try server.json(["case", "show", caseID]).at("view.notes") as? [[String: Any]] ?? []
            #expect(stored.contains { $0["text"] as? String == text }, "stored and read back unchanged")
            #expect(try server.collectctl(["case", "show", caseID]).stdout.contains(text), "printed as written")
        }
        let coordinatorNote = try server.collectctl(["case", "note", no, "Överlämnad till teamet i Oslo; språk: bokmål."], token: "erik.coordinator")
        #expect(coordinatorNote.status == 0, "\(coordinatorNote.stderr)")
        expectRefused(try server.collectctl(["case", "show", no], token: "sven.handler"), exit: 17, code: "COUNTRY_OUT_OF_SCOPE", "an SE-only handler on a NO case")

        // Contacts (recorded for last Friday, so never in the server's future whatever the time of
        // day): 04:00 and 21:30 are outside the hours, 10:00 is not; a second call that day is over the limit.
        expectRefused(try server.collectctl(["case", "contact", se, "--channel", "phone", "--outcome", "no_answer", "--at", "2026-11-20T04:00+01:00"]),
                      exit: 19, code: "CONTACT_OUTSIDE_HOURS", "a call at 04:00")
        expectRefused(try server.collectctl(["case", "contact", se, "--channel", "sms", "--outcome", "delivered", "--at", "2026-11-20T21:30+01:00"],
                                            secret: automation), exit: 19, code: "CONTACT_OUTSIDE_HOURS", "an automated SMS at 21:30")
        let call = try server.collectctl(["case", "contact", se, "--channel", "phone", "--outcome", "right_party_contact", "--at", "2026-11-20T10:00+01:00"])
        #expect(call.status == 0, "\(call.stderr)")
        expectRefused(try server.collectctl(["case", "contact", se, "--channel", "phone", "--outcome", "no_answer", "--at", "2026-11-20T10:30+01:00"]),
                      exit: 19, code: "CONTACT_LIMIT_DAY", "a second call the same day")
        let sms = try server.collectctl(["case", "contact", se, "--channel", "sms", "--outcome", "delivered", "--at", "2026-11-20T09:15+01:00"],
                                        secret: automation)
        #expect(sms.status == 0, "automation sends a reminder in hours: \(sms.stderr)")
        #expect((try server.json(["case", "show", se]).at("view.contacts") as? [Any])?.count == 2, "only the allowed contacts were recorded")

        // The plan the customer asked for: 3 × 1 000 SEK from 4 December.
        let created = try server.json(["plan", "create", se, "--total", "3000", "--count", "3", "--first-due", "2026-12-04"])
        let planID = try #require(created.at("plan.plan_id") as? String)

        // What each role may not do, and that nothing changed.
        let version = try server.json(["case", "show", se]).at("view.summary.version") as? String
        expectRefused(try server.collectctl(["case", "note", se, "granskad"], token: "ida.auditor"), exit: 17, code: "PERMISSION_DENIED", "an auditor's note")
        expectRefused(try server.collectctl(["payment", "record", account, "--amount", "10", "--currency", "SEK", "--date", "2026-11-23"],
                                            token: "erik.coordinator"), exit: 17, code: "PERMISSION_DENIED", "a coordinator's payment")
        expectRefused(try server.collectctl(["case", "contact", se, "--channel", "email", "--outcome", "delivered", "--at", "2026-11-20T11:00+01:00"],
                                            token: "erik.coordinator"), exit: 17, code: "PERMISSION_DENIED", "a coordinator's contact")
        expectRefused(try server.collectctl(["case", "note", se, "admin här"], secret: admin), exit: 17, code: "PERMISSION_DENIED", "an admin's note")
        expectRefused(try server.collectctl(["case", "flag", "set", se, "vulnerable", "--reason", "bot"], secret: automation),
                      exit: 17, code: "PERMISSION_DENIED", "automation setting a flag")
        expectRefused(try server.collectctl(["case", "note", se, "bot"], secret: automation), exit: 17, code: "PERMISSION_DENIED", "automation's note")
        expectRefused(try server.collectctl(["audit", "list", "--entity", "plan", "--id", planID]), exit: 17, code: "PERMISSION_DENIED", "a handler reading the audit log")
        #expect(try server.json(["case", "show", se]).at("view.summary.version") as? String == version, "nothing changed")
        // And what they may.
        for (name, secret) in [("auditor", server.tokens["ida.auditor"]), ("admin", admin)] {
            let audit = try server.collectctl(["audit", "list", "--entity", "plan", "--id", planID, "-o", "json"], secret: secret)
            #expect(audit.status == 0 && audit.stdout.contains("plan.create"), "\(name) reads the audit log: \(audit.stderr)")
        }
        for secret in [server.tokens["ida.auditor"], admin, automation] {
            #expect(try server.collectctl(["case", "show", se], secret: secret).status == 0, "every role reads cases")
        }

        // Saturday 12 December: installment 1 (due 4 Dec) reads as broken; the bank file brings
        // the customer's payment of 3 December, recorded late by automation.
        try restart(server, today: "2026-12-12")
        #expect(try server.json(["plan", "show", planID]).at("plan.status") as? String == "BROKEN")
        let late = try server.collectctl(["payment", "record", account, "--amount", "1000", "--currency", "SEK", "--date", "2026-12-03",
                                          "--source", "manual", "-o", "json"], secret: automation)
        #expect(late.status == 0, "\(late.stderr)")
        let restored = try server.json(["plan", "show", planID])
        #expect(restored.at("plan.status") as? String == "ACTIVE", "paid in time, recorded late: the plan stands")
        #expect(restored.at("plan.installments.0.paid_in_full_on") as? String == "2026-12-03")
        // A hardship pause, set by the coordinator, holds contacts until its last day.
        let paused = try server.collectctl(["case", "flag", "set", se, "hardship_pause", "--reason", "sjukskriven till jul", "--until", "2026-12-20"],
                                           token: "erik.coordinator")
        #expect(paused.status == 0, "\(paused.stderr)")
        #expect(try server.json(["case", "show", se]).at("view.summary.status") as? String == "PAUSED")
        expectRefused(try server.collectctl(["case", "contact", se, "--channel", "sms", "--outcome", "delivered", "--at", "2026-12-12T00:30+01:00"],
                                            secret: automation), exit: 19, code: "CONTACT_CASE_PAUSED", "a reminder during the pause")

        // Tuesday 22 December: the pause lifted on 21 December; a call in hours that day went
        // through, and the customer pays everything and 100 SEK more, kept as credit.
        try restart(server, today: "2026-12-22")
        let view = try server.json(["case", "show", se])
        #expect(view.at("view.summary.status") as? String == "IN_PLAN")
        let again = try server.collectctl(["case", "contact", se, "--channel", "phone", "--outcome", "promise_made", "--at", "2026-12-21T09:00+01:00"])
        #expect(again.status == 0, "\(again.stderr)")
        let owed = Money.accounts(view).reduce(0) { $0 + Money.minor($1["balance"]) }
        let all = try server.json(["payment", "record", account, "--amount", Money.amount(owed + 10_000), "--currency", "SEK", "--date", "2026-12-22"])
        #expect(Money.minor(all.at("payment.credit")) == 10_000, "the over-payment is kept")
        let settled = try server.json(["case", "show", se])
        #expect(settled.at("view.summary.status") as? String == "CLOSED")
        #expect(settled.at("view.plans.0.status") as? String == "COMPLETED")
        #expect(Money.accounts(settled).first { $0["account_number"] as? String == account }.map { Money.minor($0["credit"]) } == 10_000)
        #expect(server.stop() == 0)
    }
}
