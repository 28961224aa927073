import Domain
import Foundation
import SQLiteDriver
import Testing

/// Issue 15, the daily cycle: as of a day, every plan is evaluated (broken, completed), every
/// case's state is derived again (a pause that ended, a plan that broke) and its bucket kept as
/// history; all audited as `automation`; a day run again changes nothing; a day not yet come is
/// refused; the server runs it on its own and catches up the days it missed.
@Suite(.serialized) struct DailyCycleEndToEndTests {
    /// Days since the epoch of the real today in Sweden.
    static let realToday = Country.se.localDateTime(unixSeconds: Int64(Date().timeIntervalSince1970)).day
    /// The book's first day: fifty days ago, so that every day the tests run as of has come.
    static let startDay = realToday.adding(days: -50)

    /// A book seeded and served as of `startDay`, with a plan whose first installment (due ten
    /// days later) is never paid, and a hardship pause that ends five days later on another case.
    func bookWithAPlanAndAPause() throws -> (server: ServerProcess, planID: String, planCase: String, pausedCase: String) {
        let day = "\(Self.startDay)"
        let server = try ServerProcess(customers: 40, serveArguments: ["--today", day], seedArguments: ["--today", day])
        let (planCase, _, _) = try HandlerWorkflowEndToEndTests().freeSwedishCase(server)
        let created = try server.json(["plan", "create", planCase, "--total", "3000", "--count", "3",
                                       "--first-due", "\(Self.startDay.adding(days: 10))"])
        let planID = try #require(created.at("plan.plan_id") as? String)
        let search = try server.json(["case", "search", "--country", "se", "--has-plan", "no", "--status", "open", "--page-size", "20"])
        let pausedCase = try #require((search["cases"] as? [[String: Any]])?.compactMap { $0["case_id"] as? String }.first { $0 != planCase })
        let paused = try server.collectctl(["case", "flag", "set", pausedCase, "hardship_pause", "--until", "\(Self.startDay.adding(days: 5))",
                                            "--reason", "Sjukskriven"])
        #expect(paused.status == 0, "\(paused.stderr)")
        #expect(try server.json(["case", "show", pausedCase]).at("view.summary.status") as? String == "PAUSED")
        return (server, planID, planCase, pausedCase)
    }

    func runDaily(_ server: ServerProcess, _ arguments: [String]) throws -> ServerProcess.Outcome {
        try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["run-daily", "--data", server.directory + "/data"] + arguments)
    }

    /// (actor, action, entity id) of every audit row, oldest first.
    func audit(_ server: ServerProcess) throws -> [[String]] {
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        let statement = try connection.statement("SELECT actor, action, entity_id FROM audit ORDER BY seq")
        var rows: [[String]] = []
        while try statement.step() { rows.append([statement.text(0), statement.text(1), statement.text(2)]) }
        statement.reset()
        return rows
    }

    func scalar(_ server: ServerProcess, _ sql: String) throws -> String? {
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        let statement = try connection.statement(sql)
        defer { statement.reset() }
        return try statement.step() ? statement.text(0) : nil
    }

    @Test func aDayBreaksTheUnpaidPlanEndsThePauseAndADayRunAgainChangesNothing() throws {
        let (server, planID, planCase, pausedCase) = try bookWithAPlanAndAPause()
        #expect(server.stop() == 0)
        let asOf = Self.startDay.adding(days: 30)
        let first = try runDaily(server, ["--as-of", "\(asOf)", "--country", "SE"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("SE as of \(asOf)"), "\(first.stdout)")
        // Our plan and any of the seed's that broke or completed in thirty days.
        let settled = first.stdout.firstMatch(of: /(\d+) plans settled/).map { Int($0.1) ?? 0 } ?? 0
        #expect(settled >= 1, "\(first.stdout)")
        #expect(try scalar(server, "SELECT status FROM plan WHERE id = '\(planID)'") == "BROKEN")
        #expect(try scalar(server, "SELECT status FROM collection_case WHERE id = '\(pausedCase)'") == "OPEN")
        #expect(try scalar(server, "SELECT status FROM collection_case WHERE id = '\(planCase)'") == "OPEN")
        // Every change is the automation's, on the plan and the two cases.
        let rows = try audit(server)
        let automation = rows.filter { $0[0] == "automation" }
        #expect(automation.contains(["automation", "plan.broken", planID]), "\(automation)")
        #expect(automation.contains(["automation", "case.status", pausedCase]), "\(automation)")
        #expect(automation.contains(["automation", "case.status", planCase]), "\(automation)")
        // Each case's bucket is kept from the day on.
        #expect(try scalar(server, "SELECT count(DISTINCT case_id) FROM bucket_history WHERE since = \(asOf.daysSinceEpoch)")
                == (try scalar(server, "SELECT count(*) FROM collection_case WHERE country = 'SE'")))

        let again = try runDaily(server, ["--as-of", "\(asOf)", "--country", "SE"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 plans settled, 0 statuses changed, 0 bucket moves"), "\(again.stdout)")
        #expect(try audit(server) == rows, "a day run again changed the book")

        // The chain still verifies with the automation's rows in it.
        let verified = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
    }

    @Test func aDayNotYetComeAndBadArgumentsAreRefusedChangingNothing() throws {
        let (server, _, _, _) = try bookWithAPlanAndAPause()
        #expect(server.stop() == 0)
        let before = try audit(server)
        let future = try runDaily(server, ["--as-of", "\(Self.realToday.adding(days: 2))"])
        #expect(future.status != 0)
        #expect(future.stderr.contains("has not come yet in SE"), "\(future.stderr)")
        for (arguments, message) in [(["--as-of", "2026-02-30"], "--as-of \"2026-02-30\": expected a day that exists"),
                                     (["--as-of", "\(Self.startDay)", "--country", "SE,XX"], "--country is one or more of SE, NO, DK"),
                                     (["--as-of", "\(Self.startDay)", "--country", ""], "--country is one or more of SE, NO, DK")] {
            let refused = try runDaily(server, arguments)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
        #expect(try audit(server) == before)
        #expect(try scalar(server, "SELECT count(*) FROM daily_run") == "0")
    }

    @Test func theServerRunsTheCycleAndCatchesUpTheDaysItMissed() throws {
        let (server, planID, _, _) = try bookWithAPlanAndAPause()
        #expect(server.stop() == 0)
        let last = Self.startDay.adding(days: 30)
        #expect(try runDaily(server, ["--as-of", "\(last)"]).status == 0)
        // Served on the real clock with the cycle due at midnight: every day since is run.
        server.serveArguments = ["--daily-cycle", "on", "--daily-at", "00:00"]
        try server.start()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline,
              try scalar(server, "SELECT count(*) FROM daily_run WHERE as_of = \(Self.realToday.daysSinceEpoch)") != "3" {
            usleep(200_000)
        }
        for country in ["SE", "NO", "DK"] {
            let days = try scalar(server, "SELECT count(*) FROM daily_run WHERE country = '\(country)' AND as_of > \(last.daysSinceEpoch)")
            #expect(days == "\(Self.realToday.daysSinceEpoch - last.daysSinceEpoch)", "\(country) caught up \(days ?? "no") days")
        }
        #expect(try scalar(server, "SELECT status FROM plan WHERE id = '\(planID)'") == "BROKEN")
        // The runs are in the metrics: one per day caught up, the last day completed.
        let days = Self.realToday.daysSinceEpoch - last.daysSinceEpoch
        var metrics = ""
        let counted = Date().addingTimeInterval(10)
        repeat {
            metrics = try server.collectctl(["metrics"], token: "erik.coordinator").stdout
        } while !metrics.contains("collect_daily_cycle_last_day{country=\"DK\"} \(Self.realToday.daysSinceEpoch)") && Date() < counted
        #expect(metrics.contains("collect_daily_cycle_runs_total{country=\"SE\"} \(days)"), "\(metrics)")
        #expect(metrics.contains("collect_daily_cycle_last_day{country=\"DK\"} \(Self.realToday.daysSinceEpoch)"), "\(metrics)")
        #expect(server.stop() == 0)
    }

    @Test func aCoordinatorRunsADayAndSeesTheRunsOthersAreRefused() throws {
        let (server, planID, _, _) = try bookWithAPlanAndAPause()
        #expect(server.stop() == 0)
        server.serveArguments = ["--daily-cycle", "on", "--daily-at", "23:59"]
        try server.start()
        let asOf = "\(Self.startDay.adding(days: 30))"
        let run = try server.collectctl(["automation", "run", "--country", "se", "--as-of", asOf, "--timeout", "60"], token: "erik.coordinator")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("SE as of \(asOf): "), "\(run.stdout)")
        #expect(try scalar(server, "SELECT status FROM plan WHERE id = '\(planID)'") == "BROKEN")
        let status = try server.json(["automation", "status"], token: "erik.coordinator")
        let latest = status["latest"] as? [[String: Any]] ?? []
        #expect(latest.contains { $0["country"] as? String == "SE" }, "\(status)")
        let again = try server.collectctl(["automation", "run", "--country", "SE", "--as-of", asOf], token: "erik.coordinator")
        #expect(again.stdout.contains("0 plans settled, 0 statuses changed, 0 bucket moves"), "\(again.stdout)")

        let before = try audit(server)
        let handler = try server.collectctl(["automation", "run", "--country", "SE", "--as-of", asOf])
        #expect(handler.status != 0)
        #expect(handler.stderr.contains("PERMISSION_DENIED"), "\(handler.stderr)")
        let future = try server.collectctl(["automation", "run", "--country", "SE", "--as-of", "\(Self.realToday.adding(days: 3))"],
                                           token: "erik.coordinator")
        #expect(future.status != 0)
        #expect(future.stderr.contains("DAILY_CYCLE_DAY_NOT_COME"), "\(future.stderr)")
        let unknown = try server.collectctl(["automation", "run", "--country", "FI", "--as-of", asOf], token: "erik.coordinator")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--country"), "\(unknown.stderr)")
        #expect(try audit(server) == before, "a refused run changed the book")
        #expect(server.stop() == 0)

        server.serveArguments = ["--daily-cycle", "off"]
        try server.start()
        let off = try server.collectctl(["automation", "run", "--country", "SE", "--as-of", asOf], token: "erik.coordinator")
        #expect(off.status != 0)
        #expect(off.stderr.contains("DAILY_CYCLE_OFF"), "\(off.stderr)")
    }

    /// `--daily-at` and `--daily-cycle` are checked before anything is opened: a bad value is
    /// refused with what is expected, and the data folder is not touched.
    @Test(arguments: [
        (["--daily-at", "24:00"], "--daily-at \"24:00\": expected a time of day as HH:MM, 00:00 to 23:59"),
        (["--daily-at", "23:60"], "--daily-at \"23:60\": expected a time of day as HH:MM"),
        (["--daily-at", "2:00"], "--daily-at \"2:00\": expected a time of day as HH:MM"),
        (["--daily-at=-1:00"], "--daily-at \"-1:00\": expected a time of day as HH:MM"),
        (["--daily-cycle", "sometimes"], "--daily-cycle"),
        (["--daily-cycle-yield", "1001"], "--daily-cycle-yield 1001: expected a percent from 0 to 1000"),
        (["--daily-cycle-yield=-1"], "--daily-cycle-yield -1: expected a percent from 0 to 1000"),
        (["--daily-cycle-yield", "half"], "--daily-cycle-yield"),
    ])
    func badScheduleOptionsAreRefusedBeforeTheBookIsOpened(arguments: [String], message: String) throws {
        let directory = NSTemporaryDirectory() + "collect-daily-at-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                            ["serve", "--data", directory, "--plaintext", "--port", "0"] + arguments)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory), "a refused start made the data folder")
    }

    /// The edges of `--daily-at` are accepted: the server starts and serves.
    @Test(arguments: ["00:00", "23:59"])
    func theEdgesOfTheDayAreAccepted(at: String) throws {
        let server = try ServerProcess(customers: 3, serveArguments: ["--daily-cycle", "on", "--daily-at", at])
        #expect(server.port > 0)
        #expect(try server.collectctl(["health"]).status == 0)
        #expect(server.stop() == 0)
    }

    /// The edges of `--daily-cycle-yield` are accepted: 0 (never rest) and 1000 (ten times the page).
    @Test(arguments: ["0", "1000"])
    func theEdgesOfTheYieldAreAccepted(percent: String) throws {
        let server = try ServerProcess(customers: 3, serveArguments: ["--daily-cycle", "on", "--daily-cycle-yield", percent])
        #expect(try server.collectctl(["health"]).status == 0)
        #expect(server.stop() == 0)
    }
}
