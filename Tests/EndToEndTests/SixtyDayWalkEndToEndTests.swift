import Domain
import Foundation
import SQLiteDriver
import Testing

/// Issue 15, done when: sixty simulated days over a seeded book with a moved clock, each
/// country's strategy in force, the daily cycle run by `collect-server run-daily` for every day
/// and then run again: buckets roll, a promise breaks, a pause expires, a payment cures a case,
/// cases change segment; every action the cycle ever wrote is inside the contact rules (checked
/// against Domain's contact gate with everything else the case was sent); a day run again changes
/// nothing.
@Suite(.serialized) struct SixtyDayWalkEndToEndTests {
    static let realToday = Country.se.localDateTime(unixSeconds: Int64(Date().timeIntervalSince1970)).day
    static let days = 60
    static let startDay = realToday.adding(days: -(days + 1))
    static let coordinator = "erik.coordinator"
    static let fixtures = ServerProcess.repositoryRoot + "/Tests/AutomationTests/Fixtures/"

    func rows(_ server: ServerProcess, _ sql: String) throws -> [[String]] {
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        let statement = try connection.statement(sql)
        var rows: [[String]] = []
        while try statement.step() { rows.append((0..<statement.columnCount).map { statement.text($0) }) }
        statement.reset()
        return rows
    }

    func count(_ server: ServerProcess, _ sql: String) throws -> Int { Int(try rows(server, sql).first?.first ?? "") ?? -1 }

    func runDaily(_ server: ServerProcess, _ day: Day) throws -> ServerProcess.Outcome {
        try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                              ["run-daily", "--data", server.directory + "/data", "--as-of", "\(day)", "--today", "\(day)"])
    }

    func serve(_ server: ServerProcess, on day: Day) throws {
        server.serveArguments = ["--today", "\(day)"]
        try server.start()
    }

    /// An open case of `country` with something overdue, no plan and no flag, not among `taken`.
    func freeCase(_ server: ServerProcess, _ country: String, not taken: [String]) throws -> (caseID: String, account: String, overdue: Int64) {
        let found = try rows(server, """
            SELECT c.id, a.number, a.overdue_minor FROM collection_case c JOIN account a ON a.case_id = c.id
            WHERE c.country = '\(country)' AND c.status = 'OPEN' AND a.overdue_minor >= 100000 AND c.contents & 17 = 0
              AND (SELECT count(*) FROM account b WHERE b.case_id = c.id) = 1
            ORDER BY c.id
            """).first { !taken.contains($0[0]) }
        let row = try #require(found, "no free \(country) case")
        return (row[0], row[1], Int64(row[2])!)
    }

    static func amount(_ minor: Int64) -> String { "\(minor / 100).\(String(format: "%02lld", minor % 100))" }

    @Test func sixtyDaysOfTheCycleKeepTheRulesAndADayRunAgainChangesNothing() throws {
        let server = try ServerProcess(customers: 900, serveArguments: ["--today", "\(Self.startDay)"], seedArguments: ["--today", "\(Self.startDay)"])
        for (number, file) in ["se-standard.yaml", "no-standard.yaml", "dk-standard.yaml"].enumerated() {
            let applied = try server.collectctl(["strategy", "apply", "-f", Self.fixtures + file], token: Self.coordinator)
            #expect(applied.status == 0, "\(file): \(applied.stderr)")
            let activated = try server.collectctl(["strategy", "activate", "\(number + 1)", "--from", "\(Self.startDay)"], token: Self.coordinator)
            #expect(activated.status == 0, "\(file): \(activated.stderr)")
        }
        // Day 0: a promise to pay in five days that will not be kept, and a hardship pause for ten days.
        let promised = try freeCase(server, "SE", not: [])
        let plan = try server.json(["plan", "create", promised.caseID, "--total", Self.amount(promised.overdue), "--count", "1",
                                    "--first-due", "\(Self.startDay.adding(days: 5))"])
        let planID = try #require(plan.at("plan.plan_id") as? String, "\(plan)")
        let paused = try freeCase(server, "SE", not: [promised.caseID])
        let pause = try server.collectctl(["case", "flag", "set", paused.caseID, "hardship_pause", "--until", "\(Self.startDay.adding(days: 10))",
                                           "--reason", "Sjukskriven"])
        #expect(pause.status == 0, "\(pause.stderr)")
        let cured = try freeCase(server, "SE", not: [promised.caseID, paused.caseID])
        #expect(server.stop() == 0)

        var statuses: [String: [String]] = [:]
        for offset in 0..<Self.days {
            let day = Self.startDay.adding(days: offset)
            if offset == 20 {
                // Day 20: the customer of `cured` pays everything owed.
                try serve(server, on: day)
                let paid = try server.collectctl(["payment", "record", cured.account, "--amount", Self.amount(cured.overdue), "--currency", "SEK",
                                                  "--date", "\(day)"])
                #expect(paid.status == 0, "\(paid.stderr)")
                #expect(server.stop() == 0)
            }
            let run = try runDaily(server, day)
            #expect(run.status == 0, "day \(offset): \(run.stderr)")
            #expect(run.stdout.components(separatedBy: "\n").filter { $0.contains(" as of \(day):") }.count == 3, "day \(offset): \(run.stdout)")
            let audit = try count(server, "SELECT count(*) FROM audit")
            let outbox = try count(server, "SELECT count(*) FROM outbox")
            let again = try runDaily(server, day)
            #expect(again.status == 0, "day \(offset) again: \(again.stderr)")
            for line in again.stdout.components(separatedBy: "\n") where line.contains(" as of ") {
                #expect(line.contains("0 plans settled, 0 statuses changed, 0 bucket moves")
                        && line.contains("0 treatments changed, 0 actions scheduled"), "day \(offset) run again: \(line)")
            }
            #expect(try count(server, "SELECT count(*) FROM audit") == audit, "day \(offset) run again wrote audit rows")
            #expect(try count(server, "SELECT count(*) FROM outbox") == outbox, "day \(offset) run again wrote actions")
            for caseID in [promised.caseID, paused.caseID, cured.caseID] {
                statuses[caseID, default: []].append(try rows(server, "SELECT status FROM collection_case WHERE id = '\(caseID)'")[0][0])
            }
        }

        // The promise broke (after its grace in banking days) and its case went back to treatment.
        #expect(try rows(server, "SELECT status FROM plan WHERE id = '\(planID)'") == [["BROKEN"]])
        #expect(statuses[promised.caseID]?.first == "IN_PLAN" && statuses[promised.caseID]?.last == "OPEN", "\(statuses[promised.caseID] ?? [])")
        // The pause held the case ten days and then ended by itself; no action was written while it held.
        let pausedDays = statuses[paused.caseID] ?? []
        #expect(pausedDays.prefix(11).allSatisfy { $0 == "PAUSED" } && pausedDays.dropFirst(11).allSatisfy { $0 == "OPEN" }, "\(pausedDays)")
        #expect(try count(server, "SELECT count(*) FROM outbox WHERE case_id = '\(paused.caseID)' AND decided_on <= \(Self.startDay.adding(days: 10).daysSinceEpoch)") == 0)
        #expect(try count(server, "SELECT count(*) FROM outbox WHERE case_id = '\(paused.caseID)'") > 0, "treated once the pause ended")
        // The payment cured its case: closed from day 20, treatment ended, nothing decided after.
        #expect(statuses[cured.caseID]?[20] == "CLOSED" && statuses[cured.caseID]?.last == "CLOSED", "\(statuses[cured.caseID] ?? [])")
        #expect(try count(server, "SELECT count(*) FROM case_treatment WHERE case_id = '\(cured.caseID)'") == 0)
        #expect(try count(server, "SELECT count(*) FROM outbox WHERE case_id = '\(cured.caseID)' AND decided_on >= \(Self.startDay.adding(days: 20).daysSinceEpoch)") == 0)

        // Buckets rolled: cases moved between buckets, kept as history a row per move.
        #expect(try count(server, "SELECT count(*) FROM (SELECT case_id FROM bucket_history GROUP BY case_id HAVING count(*) > 1)") > 100)
        // Cases changed segment (early arrears rolling into long-term difficulty, no-mandate into early arrears).
        let moves = try rows(server, "SELECT detail FROM audit WHERE actor = 'automation' AND detail LIKE '%: segment %'")
        let segmentsByCase = Dictionary(grouping: try rows(server, """
            SELECT entity_id, detail FROM audit WHERE actor = 'automation' AND detail LIKE '%: segment %'
            """), by: { $0[0] }).mapValues { Set($0.compactMap { $0[1].firstMatch(of: /segment (\S+) arm/).map { String($0.1) } }) }
        #expect(segmentsByCase.values.filter { $0.count > 1 }.count > 10, "\(moves.count) treatment changes")
        // Every country's strategy acted.
        #expect(Set(try rows(server, "SELECT DISTINCT c.country FROM outbox o JOIN collection_case c ON c.id = o.case_id").map { $0[0] })
                == ["SE", "NO", "DK"])

        // Every contact the cycle ever decided is inside the contact rules, given the case's flags
        // and everything else it was sent or called before, in its country's local time.
        let actions = try rows(server, """
            SELECT o.case_id, c.country, o.kind, o.earliest_ms, o.latest_ms FROM outbox o JOIN collection_case c ON c.id = o.case_id
            WHERE o.kind IN ('SMS', 'EMAIL', 'DIALER') ORDER BY o.case_id, o.earliest_ms
            """)
        #expect(actions.count > 500, "\(actions.count) contacts in sixty days")
        let flags = Dictionary(grouping: try rows(server, "SELECT case_id, kind, IFNULL(until_day, ''), set_on FROM case_flag"), by: { $0[0] })
        var history: [String: ContactHistory] = [:]
        for action in actions {
            let country = try #require(Country(rawValue: action[1]))
            let channel = try #require(OutboundChannel(rawValue: action[2]))
            let earliest = country.localDateTime(unixSeconds: Int64(action[3])! / 1_000)
            let latest = country.localDateTime(unixSeconds: Int64(action[4])! / 1_000)
            let caseFlags = CaseFlags((flags[action[0]] ?? []).compactMap { row in
                CaseFlagKind(rawValue: row[1]).map { CaseFlag($0, until: Int(row[2]).flatMap { Day(daysSinceEpoch: $0) },
                                                              from: Day(daysSinceEpoch: Int(row[3])!)) }
            })
            let rules = RuleBook.standard.rules(for: country, on: earliest.day).contactPolicy
            let before = history[action[0], default: ContactHistory()]
            for time in [earliest, latest] {
                let decision = ContactGate.mayContact(channel, by: .automation, at: time, country: country, flags: caseFlags, history: before, rules: rules)
                #expect(decision == .allowed, "\(action) at \(time): \(decision)")
            }
            if channel.isCall { history[action[0], default: ContactHistory()].calls.append(earliest) } else {
                history[action[0], default: ContactHistory()].messages.append(earliest)
            }
        }
        let verified = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
    }
}
