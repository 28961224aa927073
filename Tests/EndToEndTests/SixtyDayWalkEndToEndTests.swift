import Domain
import Foundation
import Testing

/// Issue 15, done when: sixty simulated days over a seeded book with a moved clock, each
/// country's strategy in force, the daily cycle run by `collect-server run-daily` for every day
/// and then run again: the card ledger's intake opens a case, cures one and reopens it later;
/// buckets roll, a promise breaks, a pause expires, a payment cures a case, cases change segment; every action the cycle ever wrote is inside the contact rules (checked
/// against Domain's contact gate with everything else the case was sent); a day run again changes
/// nothing.
@Suite(.serialized) struct SixtyDayWalkEndToEndTests {
    static let realToday = Country.se.localDateTime(unixSeconds: Int64(Date().timeIntervalSince1970)).day
    static let days = 60
    static let startDay = realToday.adding(days: -(days + 1))
    static let coordinator = "erik.coordinator"
    static let fixtures = ServerProcess.repositoryRoot + "/Tests/AutomationTests/Fixtures/"


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
        let found = try server.rows("""
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
        let fed = try freeCase(server, "SE", not: [promised.caseID, paused.caseID, cured.caseID])
        let fedView = try server.json(["case", "show", fed.caseID])
        let ledger = try server.createToken(name: "card.ledger", role: "automation", countries: "SE,NO,DK")
        #expect(server.stop() == 0)
        let newcomer = NationalID.makePersonnummer(birth: Day(year: 1935, month: 6, day: 1)!, serial: 321)!
        /// The ledger's file on `day`: a new customer entering collections, and `fed`'s account
        /// with `overdue` (0: paid up, cured; more: a new delinquency, reopened).
        func feed(on day: Day, overdue: Int64) throws {
            let customer = fedView.at("view.customer") as? [String: Any] ?? [:]
            let text = [IntakeEndToEndTests.header,
                        "SE,\(newcomer),Walk Newcomer,SV,+46701239999,,Storgatan 9,111 22,Stockholm,WALK-SE-1,Classic,SEK,9000,1500,\(day.adding(days: -12)),10000,no",
                        "SE,\(customer["national_id"] as? String ?? ""),\(customer["full_name"] as? String ?? ""),SV,,,,,,\(fed.account),Classic,SEK,"
                            + "\(Self.amount(fed.overdue + 50_000)),\(Self.amount(overdue)),\(overdue > 0 ? "\(day.adding(days: -8))" : ""),100000,no",
                       ].joined(separator: "\n") + "\n"
            let file = server.directory + "/ledger-\(day).csv"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            try serve(server, on: day)
            let sent = try server.collectctl(["intake", file], secret: ledger)
            #expect(sent.status == 0, "intake on \(day): \(sent.stderr)")
            #expect(server.stop() == 0)
        }

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
            if offset == 15 { try feed(on: day, overdue: 0) }          // the newcomer's case opens; `fed` is paid up
            if offset == 30 { try feed(on: day, overdue: 120_000) }    // `fed` falls behind again
            let run = try runDaily(server, day)
            #expect(run.status == 0, "day \(offset): \(run.stderr)")
            #expect(run.stdout.components(separatedBy: "\n").filter { $0.contains(" as of \(day):") }.count == 3, "day \(offset): \(run.stdout)")
            let audit = try server.count("SELECT count(*) FROM audit")
            let outbox = try server.count("SELECT count(*) FROM outbox")
            let again = try runDaily(server, day)
            #expect(again.status == 0, "day \(offset) again: \(again.stderr)")
            for line in again.stdout.components(separatedBy: "\n") where line.contains(" as of ") {
                #expect(line.contains("0 plans settled, 0 statuses changed, 0 bucket moves")
                        && line.contains("0 treatments changed, 0 actions scheduled"), "day \(offset) run again: \(line)")
            }
            #expect(try server.count("SELECT count(*) FROM audit") == audit, "day \(offset) run again wrote audit rows")
            #expect(try server.count("SELECT count(*) FROM outbox") == outbox, "day \(offset) run again wrote actions")
            for caseID in [promised.caseID, paused.caseID, cured.caseID, fed.caseID] {
                statuses[caseID, default: []].append(try server.rows("SELECT status FROM collection_case WHERE id = '\(caseID)'")[0][0])
            }
        }

        // The promise broke (after its grace in banking days) and its case went back to treatment.
        #expect(try server.rows("SELECT status FROM plan WHERE id = '\(planID)'") == [["BROKEN"]])
        #expect(statuses[promised.caseID]?.first == "IN_PLAN" && statuses[promised.caseID]?.last == "OPEN", "\(statuses[promised.caseID] ?? [])")
        // The pause held the case ten days and then ended by itself; no action was written while it held.
        let pausedDays = statuses[paused.caseID] ?? []
        #expect(pausedDays.prefix(11).allSatisfy { $0 == "PAUSED" } && pausedDays.dropFirst(11).allSatisfy { $0 == "OPEN" }, "\(pausedDays)")
        #expect(try server.count("SELECT count(*) FROM outbox WHERE case_id = '\(paused.caseID)' AND decided_on <= \(Self.startDay.adding(days: 10).daysSinceEpoch)") == 0)
        #expect(try server.count("SELECT count(*) FROM outbox WHERE case_id = '\(paused.caseID)'") > 0, "treated once the pause ended")
        // The payment cured its case: closed from day 20, treatment ended, nothing decided after.
        #expect(statuses[cured.caseID]?[20] == "CLOSED" && statuses[cured.caseID]?.last == "CLOSED", "\(statuses[cured.caseID] ?? [])")
        #expect(try server.count("SELECT count(*) FROM case_treatment WHERE case_id = '\(cured.caseID)'") == 0)
        #expect(try server.count("SELECT count(*) FROM outbox WHERE case_id = '\(cured.caseID)' AND decided_on >= \(Self.startDay.adding(days: 20).daysSinceEpoch)") == 0)

        // Intake: the newcomer's case opened on day 15 and went into treatment that day; `fed`
        // was cured by the ledger on day 15 (closed, its treatment ended) and reopened on day 30.
        let newcomerCase = try #require(try server.rows("""
            SELECT c.id FROM collection_case c JOIN account a ON a.case_id = c.id WHERE a.number = 'WALK-SE-1'
            """).first?[0])
        #expect(try server.count("SELECT count(*) FROM outbox WHERE case_id = '\(newcomerCase)' AND decided_on = \(Self.startDay.adding(days: 15).daysSinceEpoch)") > 0)
        let fedDays = statuses[fed.caseID] ?? []
        #expect(fedDays[15..<30].allSatisfy { $0 == "CLOSED" } && fedDays[30] == "OPEN", "\(fedDays)")
        #expect(try server.count("SELECT count(*) FROM outbox WHERE case_id = '\(fed.caseID)' AND decided_on BETWEEN \(Self.startDay.adding(days: 15).daysSinceEpoch) AND \(Self.startDay.adding(days: 29).daysSinceEpoch)") == 0)
        #expect(try server.count("SELECT count(*) FROM case_treatment WHERE case_id = '\(fed.caseID)'") == 1, "treated again after reopening")
        #expect(Set(try server.rows("SELECT action FROM audit WHERE entity_id = '\(fed.caseID)' AND actor = 'card.ledger'").map { $0[0] })
                .isSuperset(of: ["case.cured", "case.reopened"]))

        // Buckets rolled: cases moved between buckets, kept as history a row per move.
        #expect(try server.count("SELECT count(*) FROM (SELECT case_id FROM bucket_history GROUP BY case_id HAVING count(*) > 1)") > 100)
        // Cases changed segment (early arrears rolling into long-term difficulty, no-mandate into early arrears).
        let moves = try server.rows("SELECT detail FROM audit WHERE actor = 'automation' AND detail LIKE '%: segment %'")
        let segmentsByCase = Dictionary(grouping: try server.rows("""
            SELECT entity_id, detail FROM audit WHERE actor = 'automation' AND detail LIKE '%: segment %'
            """), by: { $0[0] }).mapValues { Set($0.compactMap { $0[1].firstMatch(of: /segment (\S+) arm/).map { String($0.1) } }) }
        #expect(segmentsByCase.values.filter { $0.count > 1 }.count > 10, "\(moves.count) treatment changes")
        // Every country's strategy acted.
        #expect(Set(try server.rows("SELECT DISTINCT c.country FROM outbox o JOIN collection_case c ON c.id = o.case_id").map { $0[0] })
                == ["SE", "NO", "DK"])

        // Every contact the cycle ever decided is inside the contact rules, given the case's flags
        // and everything else it was sent or called before, in its country's local time.
        let actions = try server.rows("""
            SELECT o.case_id, c.country, o.kind, o.earliest_ms, o.latest_ms FROM outbox o JOIN collection_case c ON c.id = o.case_id
            WHERE o.kind IN ('SMS', 'EMAIL', 'DIALER') ORDER BY o.case_id, o.earliest_ms
            """)
        #expect(actions.count > 500, "\(actions.count) contacts in sixty days")
        let flags = Dictionary(grouping: try server.rows("SELECT case_id, kind, IFNULL(until_day, ''), set_on FROM case_flag"), by: { $0[0] })
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
