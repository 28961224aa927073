import Foundation
import Testing

/// Issue 15, strategies as versioned data: a coordinator validates, applies, lists, shows, diffs
/// and activates strategy files through `collectctl`; mistakes come back with file:line:column and
/// store nothing; other roles are refused.
@Suite(.serialized) struct StrategyEndToEndTests {
    static let golden = ServerProcess.repositoryRoot + "/Tests/AutomationTests/Fixtures/se-standard.yaml"

    /// The golden Swedish strategy with `change` applied to its text, written to a file in `server`'s folder.
    func variant(_ server: ServerProcess, _ name: String, _ change: (String) -> String) throws -> String {
        let path = server.directory + "/" + name
        try change(try String(contentsOfFile: Self.golden, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aCoordinatorValidatesAppliesAndActivatesVersions() throws {
        let server = try ServerProcess(customers: 10)
        let coordinator = "erik.coordinator"
        let valid = try server.collectctl(["strategy", "validate", "-f", Self.golden], token: coordinator)
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("se-standard.yaml: valid"), "\(valid.stdout)")

        let applied = try server.collectctl(["strategy", "apply", "-f", Self.golden], token: coordinator)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.hasPrefix("stored as version #1"), "\(applied.stdout)")
        let again = try server.collectctl(["strategy", "apply", "-f", Self.golden], token: coordinator)
        #expect(again.stdout.hasPrefix("already stored as version #1; nothing changed"), "\(again.stdout)")
        let shown = try server.collectctl(["strategy", "show", "1"], token: coordinator)
        #expect(shown.stdout == (try String(contentsOfFile: Self.golden, encoding: .utf8)), "show gives the file as applied")

        let changed = try variant(server, "se-v2.yaml") {
            $0.replacingOccurrences(of: "version: \"2026-12a\"", with: "version: \"2026-12b\"")
                .replacingOccurrences(of: "percent: 80", with: "percent: 70").replacingOccurrences(of: "percent: 20", with: "percent: 30")
        }
        #expect(try server.collectctl(["strategy", "apply", "-f", changed], token: coordinator).stdout.hasPrefix("stored as version #2"))
        let diff = try server.collectctl(["strategy", "diff", "1", "2"], token: coordinator)
        #expect(diff.stdout.contains("- version: \"2026-12a\"") && diff.stdout.contains("+ version: \"2026-12b\""), "\(diff.stdout)")
        #expect(diff.stdout.contains("+         percent: 70"), "\(diff.stdout)")

        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "Europe/Stockholm")!, formatOptions: [.withFullDate])
        let activated = try server.collectctl(["strategy", "activate", "2", "--from", today], token: coordinator)
        #expect(activated.status == 0, "\(activated.stderr)")
        // A year ahead at most: day 366 is taken, day 367 refused.
        let day = { (offset: Int) in
            ISO8601DateFormatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400),
                                        timeZone: TimeZone(identifier: "Europe/Stockholm")!, formatOptions: [.withFullDate])
        }
        #expect(try server.collectctl(["strategy", "activate", "1", "--from", day(366)], token: coordinator).status == 0)
        let tooFar = try server.collectctl(["strategy", "activate", "1", "--from", day(367)], token: coordinator)
        #expect(tooFar.stderr.contains("STRATEGY_ACTIVE_FROM_TOO_FAR"), "\(tooFar.stderr)")
        let list = try server.json(["strategy", "list"], token: coordinator)
        let versions = list["versions"] as? [[String: Any]] ?? []
        #expect(versions.count == 2)
        #expect(versions.last?["active_from"] as? String == today, "\(versions)")
        let audit = try server.json(["audit", "list", "--entity", "strategy", "--id", "2"], token: "ida.auditor")  // version 2: apply, activate
        #expect((audit["rows"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String } == ["strategy.apply", "strategy.activate"])
    }

    @Test func mistakesComeBackWithTheirPlaceAndStoreNothing() throws {
        let server = try ServerProcess(customers: 10)
        let coordinator = "erik.coordinator"
        let broken = try variant(server, "broken.yaml") { $0.replacingOccurrences(of: "percent: 20", with: "percent: 10") }
        let validated = try server.collectctl(["strategy", "validate", "-f", broken], token: coordinator)
        #expect(validated.status == 1)
        #expect(validated.stdout.contains("broken.yaml:") && validated.stdout.contains("STRATEGY_ARMS_NOT_100"), "\(validated.stdout)")
        let applied = try server.collectctl(["strategy", "apply", "-f", broken], token: coordinator)
        #expect(applied.status != 0)
        #expect(applied.stderr.contains("STRATEGY_INVALID"), "\(applied.stderr)")
        #expect(applied.stderr.contains("issue: broken.yaml:"), "\(applied.stderr)")
        let unknownField = try variant(server, "unknown.yaml") { $0.replacingOccurrences(of: "version: \"2026-12a\"", with: "version: \"x\"\ncolour: blue") }
        let unknown = try server.collectctl(["strategy", "validate", "-f", unknownField], token: coordinator)
        #expect(unknown.stdout.contains("unknown.yaml:5:"), "\(unknown.stdout)")
        let handler = try server.collectctl(["strategy", "apply", "-f", Self.golden])
        #expect(handler.stderr.contains("PERMISSION_DENIED"), "\(handler.stderr)")
        let big = server.directory + "/big.yaml"
        try String(repeating: "# padding\n", count: 30_000).write(toFile: big, atomically: true, encoding: .utf8)
        let tooBig = try server.collectctl(["strategy", "apply", "-f", big], token: coordinator)
        #expect(tooBig.status == 64)
        #expect(tooBig.stderr.contains("over 256 KiB"), "\(tooBig.stderr)")
        let past = try server.collectctl(["strategy", "activate", "1", "--from", "2020-01-01"], token: coordinator)
        #expect(past.status != 0)
        let missing = try server.collectctl(["strategy", "show", "9"], token: coordinator)
        #expect(missing.stderr.contains("STRATEGY_NOT_FOUND"), "\(missing.stderr)")
        #expect(try server.collectctl(["strategy", "list"], token: coordinator).stdout.hasPrefix("no strategy stored yet"))
    }

    @Test func aSimulationShowsWhereTheCasesWouldBeAndStoresNothing() throws {
        let server = try ServerProcess(customers: 60, serveArguments: ["--daily-cycle", "on", "--daily-at", "23:59"])
        let coordinator = "erik.coordinator"
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "Europe/Stockholm")!, formatOptions: [.withFullDate])
        // The server's own first run of the cycle (at start) is done before the book is compared.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try server.json(["automation", "status"], token: coordinator)["latest"] as? [Any] ?? []).count < 3 { usleep(100_000) }
        let before = try server.json(["audit", "list", "--page-size", "200"], token: "ida.auditor")
        let simulated = try server.json(["strategy", "simulate", "-f", Self.golden, "--as-of", today, "--samples", "2", "--timeout", "60"],
                                        token: coordinator)
        let rows = simulated["rows"] as? [[String: Any]] ?? []
        let swedish = try server.json(["case", "search", "--country", "se", "--page-size", "200"])
        let inRows = rows.reduce(0) { $0 + (Int($1["cases"] as? String ?? "0") ?? 0) }
        let counted = inRows + (Int(simulated["no_segment"] as? String ?? "0") ?? 0) + (Int(simulated["not_overdue"] as? String ?? "0") ?? 0)
        #expect(counted == (swedish["cases"] as? [Any])?.count, "every Swedish case is in a row, in no segment or has nothing overdue: \(simulated)")
        #expect(rows.allSatisfy { ($0["samples"] as? [Any] ?? []).count <= 2 })
        #expect(!rows.isEmpty)
        #expect(Set(rows.compactMap { $0["segment"] as? String }).isSubset(of: ["no-mandate", "long-term-difficulty", "early-arrears"]), "\(rows)")
        let text = try server.collectctl(["strategy", "simulate", "-f", Self.golden, "--as-of", today], token: coordinator)
        #expect(text.stdout.contains("SEGMENT") && text.stdout.contains("nothing was stored"), "\(text.stdout)")
        let after = try server.json(["audit", "list", "--page-size", "200"], token: "ida.auditor")
        #expect((after["rows"] as? [[String: Any]])?.count == (before["rows"] as? [[String: Any]])?.count, "a simulation stored something")
        let future = try server.collectctl(["strategy", "simulate", "-f", Self.golden, "--as-of", "2999-01-01"], token: coordinator)
        #expect(future.stderr.contains("DAILY_CYCLE_DAY_NOT_COME"), "\(future.stderr)")
        let tooMany = try server.collectctl(["strategy", "simulate", "-f", Self.golden, "--as-of", today, "--samples", "6"], token: coordinator)
        #expect(tooMany.stderr.contains("SIMULATION_SAMPLES_OUT_OF_RANGE"), "\(tooMany.stderr)")
        let handler = try server.collectctl(["strategy", "simulate", "-f", Self.golden, "--as-of", today])
        #expect(handler.stderr.contains("PERMISSION_DENIED"), "\(handler.stderr)")
    }
}
