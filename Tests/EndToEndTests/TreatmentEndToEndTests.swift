import Domain
import Foundation
import SQLiteDriver
import Testing

/// Issue 15, the strategy in force applied by the daily cycle: each case's segment, arm and step
/// recorded; the day's contact actions, handler tasks and reminder fees written to the outbox
/// within the contact rules, audited as `automation`; the simulation of the same file as of the
/// same day predicts exactly what the cycle does; a day run again writes nothing; the actions
/// are listed by `collectctl outbox list` and shown in the case view.
@Suite(.serialized) struct TreatmentEndToEndTests {
    static let realToday = Country.se.localDateTime(unixSeconds: Int64(Date().timeIntervalSince1970)).day
    /// The book's day: three weeks ago (a Monday to Friday is not assumed; the rules place contacts).
    static let startDay = realToday.adding(days: -21)
    static let coordinator = "erik.coordinator"

    func runDaily(_ server: ServerProcess, _ day: Day) throws -> ServerProcess.Outcome {
        try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                              ["run-daily", "--data", server.directory + "/data", "--as-of", "\(day)", "--country", "SE", "--today", "\(day)"])
    }

    func rows(_ server: ServerProcess, _ sql: String) throws -> [[String]] {
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        let statement = try connection.statement(sql)
        var rows: [[String]] = []
        while try statement.step() { rows.append((0..<statement.columnCount).map { statement.text($0) }) }
        statement.reset()
        return rows
    }

    /// A Swedish book as of `startDay` with the golden Swedish strategy applied and in force from it.
    func bookWithTheStrategyInForce(customers: Int = 200) throws -> ServerProcess {
        let day = "\(Self.startDay)"
        // The cycle on (a simulation runs on its thread), due late: the server's own run of the
        // day at start is waited for, so the strategy is applied only by the runs the tests make.
        let server = try ServerProcess(customers: customers, serveArguments: ["--today", day, "--daily-cycle", "on", "--daily-at", "23:59"],
                                       seedArguments: ["--today", day])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try server.json(["automation", "status"], token: Self.coordinator)["latest"] as? [Any] ?? []).count < 3 {
            usleep(100_000)
        }
        #expect(try server.collectctl(["strategy", "apply", "-f", StrategyEndToEndTests.golden], token: Self.coordinator).status == 0)
        let activated = try server.collectctl(["strategy", "activate", "1", "--from", day], token: Self.coordinator)
        #expect(activated.status == 0, "\(activated.stderr)")
        return server
    }

    @Test func theCycleTreatsEveryCaseAsTheSimulationSaidAndADayRunAgainWritesNothing() throws {
        let server = try bookWithTheStrategyInForce()
        let simulated = try server.json(["strategy", "simulate", "-f", StrategyEndToEndTests.golden, "--as-of", "\(Self.startDay)"],
                                        token: Self.coordinator)
        let predicted = (simulated["actions_by_kind"] as? [[String: Any]] ?? []).reduce(0) { $0 + (Int($1["count"] as? String ?? "0") ?? 0) }
        let predictedTreated = (simulated["rows"] as? [[String: Any]] ?? []).reduce(0) { $0 + (Int($1["cases"] as? String ?? "0") ?? 0) }
        #expect(predicted > 0, "\(simulated)")
        #expect(server.stop() == 0)

        let first = try runDaily(server, Self.startDay)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("strategy se-standard@2026-12a"), "\(first.stdout)")
        let scheduled = first.stdout.firstMatch(of: /(\d+) actions scheduled/).map { Int($0.1) ?? -1 } ?? -1
        #expect(scheduled == predicted, "the simulation predicted \(predicted) actions: \(first.stdout)")
        #expect(try rows(server, "SELECT count(*) FROM outbox") == [["\(predicted)"]])
        #expect(try rows(server, "SELECT count(*) FROM case_treatment") == [["\(predictedTreated)"]])
        // The case carries the segment its treatment is in.
        #expect(try rows(server, "SELECT count(*) FROM case_treatment t JOIN collection_case c ON c.id = t.case_id WHERE c.segment <> t.segment")
                == [["0"]])

        // Every contact is inside the Swedish hours of its day, at or after the day's start.
        let policy = RuleBook.standard.rules(for: .se, on: Self.startDay).contactPolicy
        for row in try rows(server, "SELECT kind, earliest_ms, latest_ms, case_id FROM outbox WHERE kind IN ('SMS', 'EMAIL', 'DIALER')") {
            let earliest = Country.se.localDateTime(unixSeconds: Int64(row[1])! / 1_000)
            let latest = Country.se.localDateTime(unixSeconds: Int64(row[2])! / 1_000)
            let window = try #require(policy.window(on: earliest.day.weekday), "\(row): a contact on a day without hours")
            #expect(window.contains(earliest.minuteOfDay) && window.contains(latest.minuteOfDay) && earliest.day == latest.day, "\(row)")
            #expect(earliest.day >= Self.startDay, "\(row)")
        }
        // Both arms of early arrears got cases; all decided by the automation, audited.
        let arms = Set(try rows(server, "SELECT DISTINCT arm FROM case_treatment WHERE segment = 'early-arrears'").map { $0[0] })
        #expect(arms == ["champion", "email-first"], "\(arms)")
        let audited = try rows(server, "SELECT actor, count(*) FROM audit WHERE detail LIKE '%scheduled %' GROUP BY actor")
        #expect(audited == [["automation", try rows(server, "SELECT count(DISTINCT case_id) FROM outbox")[0][0]]], "\(audited)")

        let audit = try rows(server, "SELECT count(*) FROM audit")
        let again = try runDaily(server, Self.startDay)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 treatments changed, 0 actions scheduled"), "\(again.stdout)")
        #expect(try rows(server, "SELECT count(*) FROM outbox") == [["\(predicted)"]])
        #expect(try rows(server, "SELECT count(*) FROM audit") == audit, "a day run again changed the book")

        // The next day: nothing new is due for most cases (the next steps come on day 3, 5, 7, 10 …).
        let next = try runDaily(server, Self.startDay.adding(days: 1))
        #expect(next.status == 0, "\(next.stderr)")
        let verified = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
    }

    @Test func actionsAreListedAndShownInTheCaseViewAndBadListingsAreRefused() throws {
        let server = try bookWithTheStrategyInForce(customers: 60)
        #expect(server.stop() == 0)
        #expect(try runDaily(server, Self.startDay).status == 0)
        try server.start()
        let total = Int(try rows(server, "SELECT count(*) FROM outbox")[0][0])!
        #expect(total > 0)

        // Paged through, every action once, by earliest time.
        var listed: [[String: Any]] = []
        var cursor: String?
        repeat {
            let page = try server.json(["outbox", "list", "--page-size", "7"] + (cursor.map { ["--cursor", $0] } ?? []), token: Self.coordinator)
            listed += page["actions"] as? [[String: Any]] ?? []
            cursor = (page["next_cursor"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        } while cursor != nil
        #expect(listed.count == total)
        #expect(Set(listed.compactMap { $0["dedupe_key"] as? String }).count == total)
        let earliest = listed.compactMap { Int64($0["earliest_ms"] as? String ?? "") }
        #expect(earliest == earliest.sorted())
        #expect(listed.allSatisfy { $0["status"] as? String == "PENDING" })
        // No contact details travel with an action.
        let text = try server.collectctl(["outbox", "list", "--page-size", "100"], token: Self.coordinator).stdout
        #expect(!text.contains("@") && !text.contains("+46"), "\(text)")

        let fees = try server.json(["outbox", "list", "--kind", "reminder-fee"], token: Self.coordinator)["actions"] as? [[String: Any]] ?? []
        #expect(fees.count == Int(try rows(server, "SELECT count(*) FROM outbox WHERE kind = 'REMINDER_FEE'")[0][0]))

        // The case view of a treated case shows its treatment and its actions, to a handler too.
        let caseID = try #require(try rows(server, "SELECT case_id FROM outbox ORDER BY case_id LIMIT 1").first?[0])
        let view = try server.json(["case", "show", caseID])
        let segment = try rows(server, "SELECT segment, arm FROM case_treatment WHERE case_id = '\(caseID)'")[0]
        #expect(view.at("view.treatment.segment") as? String == segment[0])
        #expect(view.at("view.treatment.arm") as? String == segment[1])
        #expect(view.at("view.treatment.strategy") as? String == "se-standard@2026-12a")
        #expect(((view.at("view.scheduled_actions") as? [Any]) ?? []).count
                == Int(try rows(server, "SELECT count(*) FROM outbox WHERE case_id = '\(caseID)'")[0][0]))
        let shown = try server.collectctl(["case", "show", caseID]).stdout
        #expect(shown.contains("Treatment se-standard@2026-12a: segment \(segment[0])  arm \(segment[1])"), "\(shown)")
        #expect(shown.contains("SCHEDULED"), "\(shown)")
        let ofCase = try server.json(["outbox", "list", "--case", caseID.lowercased()])["actions"] as? [[String: Any]] ?? []
        #expect(!ofCase.isEmpty && ofCase.allSatisfy { $0["case_id"] as? String == caseID })

        // Bad listings: a clear refusal each.
        let at = "2026-12-07T09:00+01:00"
        for (arguments, expected) in [(["--from", at, "--before", at], "OUTBOX_TIME_RANGE_EMPTY"),
                                      (["--cursor", "nonsense"], "PAGE_CURSOR_INVALID"),
                                      (["--cursor", "12/C-1/" + String(repeating: "k", count: 600)], "PAGE_CURSOR_INVALID"),
                                      (["--case", "C-9999999"], "CASE_NOT_FOUND"),
                                      (["--page-size", "201"], "PAGE_SIZE_TOO_LARGE"),
                                      (["--kind", "pigeon"], "--kind"),
                                      (["--from", "2026-12-07"], "--from")] {
            let refused = try server.collectctl(["outbox", "list"] + arguments, token: Self.coordinator)
            #expect(refused.status != 0, "\(arguments)")
            #expect(refused.stderr.contains(expected), "\(arguments): \(refused.stderr)")
        }
        #expect(try server.collectctl(["outbox", "list", "--page-size", "200"], token: Self.coordinator).status == 0)
        let unauthenticated = try server.collectctl(["outbox", "list"], token: nil)
        #expect(unauthenticated.status != 0)
    }

    /// Champion/challenger: a segment split 50/30/20 over every overdue case of a book of
    /// 12 000 customers; the arms the cycle records are within two points of their percentages,
    /// and a day run again moves no case to another arm.
    @Test func armsSplitTheSegmentWithinTwoPointsOfTheirPercentages() throws {
        let day = "\(Self.startDay)"
        let server = try ServerProcess(customers: 12_000, serveArguments: ["--today", day], seedArguments: ["--today", day])
        let file = server.directory + "/split.yaml"
        try """
            strategy: split-test
            version: "1"
            countries: [SE, NO, DK]
            segments:
              - name: overdue
                when:
                  dpd: {min: 0}
                arms:
                  - name: champion
                    percent: 50
                    treatment:
                      - {day: 0, action: letter, template: reminder-1}
                  - name: challenger-a
                    percent: 30
                    treatment:
                      - {day: 0, action: letter, template: reminder-1a}
                  - name: challenger-b
                    percent: 20
                    treatment:
                      - {day: 0, action: letter, template: reminder-1b}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try server.collectctl(["strategy", "apply", "-f", file], token: Self.coordinator).status == 0)
        #expect(try server.collectctl(["strategy", "activate", "1", "--from", day], token: Self.coordinator).status == 0)
        #expect(server.stop() == 0)
        let run = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                        ["run-daily", "--data", server.directory + "/data", "--as-of", day, "--today", day])
        #expect(run.status == 0, "\(run.stderr)")
        let arms = Dictionary(uniqueKeysWithValues: try rows(server, "SELECT arm, count(*) FROM case_treatment GROUP BY arm").map { ($0[0], Double($0[1])!) })
        let total = arms.values.reduce(0, +)
        #expect(total >= 10_000, "\(arms)")
        for (arm, percent) in [("champion", 50.0), ("challenger-a", 30.0), ("challenger-b", 20.0)] {
            let share = 100 * (arms[arm] ?? 0) / total
            #expect(abs(share - percent) <= 2, "\(arm): \(share) % of \(Int(total)) cases, \(percent) % asked")
        }
        // Each case's letter is its arm's (vulnerable cases go to a handler instead, by the default skip rule).
        #expect(try rows(server, """
            SELECT count(*) FROM outbox o JOIN case_treatment t ON t.case_id = o.case_id
            WHERE o.kind = 'LETTER' AND (t.arm = 'champion') <> (o.template = 'reminder-1')
            """) == [["0"]])
        #expect(try rows(server, "SELECT DISTINCT template FROM outbox WHERE kind = 'LETTER' ORDER BY 1") == [["reminder-1"], ["reminder-1a"], ["reminder-1b"]])
        let before = try rows(server, "SELECT case_id, arm FROM case_treatment ORDER BY case_id")
        let again = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                          ["run-daily", "--data", server.directory + "/data", "--as-of", day, "--today", day])
        #expect(again.status == 0)
        #expect(try rows(server, "SELECT case_id, arm FROM case_treatment ORDER BY case_id") == before)
    }
}
