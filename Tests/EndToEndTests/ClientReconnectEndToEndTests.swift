import Foundation
import SQLiteDriver
import Store
import Testing

/// Issue 13, the client: `collectctl` and the load tool reconnect after the server goes away
/// (GOAWAY on SIGTERM, a refused connection while it restarts) with backoff inside the call's
/// `--timeout`, and retry what is safe. Before: a restart 4 s into an 8 s run gave 23 700 OK and
/// 934 239 UNAVAILABLE, and a stopped server was hit 165 000 times a second.
@Suite(.serialized) struct ClientReconnectEndToEndTests {
    /// A command started while the server is down succeeds once it is back within `--timeout`;
    /// a change made across the restart is applied once.
    @Test func collectctlWaitsForARestartingServer() throws {
        let server = try ServerProcess(customers: 5)
        let secret = server.tokens["anna.handler"]
        let port = server.port
        let notesBefore = (try server.json(["case", "show", "C-0000001"]).at("view.notes") as? [Any])?.count ?? 0
        server.stop()
        let (read, readOutput) = try server.launchCollectctl(["case", "show", "C-0000001", "--timeout", "15", "-o", "json"], secret: secret)
        let (note, _) = try server.launchCollectctl(["case", "note", "C-0000001", "skrivet under omstarten", "--timeout", "15"], secret: secret)
        usleep(1_500_000)
        try server.start(onPort: port)
        let shown = readOutput.fileHandleForReading.readDataToEndOfFile()
        read.waitUntilExit()
        note.waitUntilExit()
        #expect(read.terminationStatus == 0, "a read waits for the server within --timeout")
        #expect(String(decoding: shown, as: UTF8.self).contains("C-0000001"))
        #expect(note.terminationStatus == 0, "a change with its idempotency key is retried")
        let notes = try #require(try server.json(["case", "show", "C-0000001"]).at("view.notes") as? [[String: Any]])
        #expect(notes.count == notesBefore + 1, "applied once")
        #expect(notes.filter { ($0["text"] as? String) == "skrivet under omstarten" }.count == 1)
    }

    /// A server that stays away: the command gives up at its deadline with the cause, not at once
    /// and not later.
    @Test func collectctlGivesUpAtItsDeadline() throws {
        let server = try ServerProcess(customers: 1)
        server.stop()
        let started = Date()
        let outcome = try server.collectctl(["case", "show", "C-0000001", "--timeout", "3"])
        let seconds = Date().timeIntervalSince(started)
        #expect(outcome.status == 24, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("connection refused"), "\(outcome.stderr)")
        #expect(seconds > 2 && seconds < 6, "retried until the deadline, then stopped: \(seconds) s")
    }

    static func ackLines(_ path: String) -> [Substring] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    /// The payment ids the ack log lists as acknowledged (`payment PM-… VERSION`).
    static func acknowledgedPayments(_ path: String) -> Set<String> {
        Set(ackLines(path).compactMap { line -> String? in
            let parts = line.split(separator: " ")
            return parts.count == 3 && parts[0] == "payment" ? String(parts[1]) : nil
        })
    }

    /// The ids of the payments the token `name` recorded, read from the stopped server's database.
    static func storedPayments(_ server: ServerProcess, recordedBy name: String) throws -> Set<String> {
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        var stored: Set<String> = []
        let payments = try connection.statement("SELECT id FROM payment WHERE recorded_by = ?1")
        try payments.bind([.text(name)])
        while try payments.step() { stored.insert(payments.text(0)) }
        payments.reset()
        return stored
    }

    /// Every acknowledged payment is stored; every stored one was acknowledged or is among the
    /// `unresolved` mutations (answer lost).
    static func expectAccounted(_ acknowledged: Set<String>, stored: Set<String>, unresolved: Int) {
        #expect(acknowledged.subtracting(stored).isEmpty, "acknowledged but not stored: \(acknowledged.subtracting(stored).sorted().prefix(5))")
        #expect(stored.subtracting(acknowledged).count <= unresolved,
                "stored but never acknowledged: \(stored.subtracting(acknowledged).count), unresolved: \(unresolved)")
    }

    /// Parses the load tool's JSON report.
    func report(_ pipe: Pipe) -> [String: Any] {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// A load run across a restart (SIGTERM, then the server again on the same port): almost
    /// every request succeeds, the retries are counted and bounded, every acknowledged payment is
    /// stored and every stored payment of the tool's token was acknowledged or is reported as
    /// unresolved.
    @Test func loadRunSurvivesARestart() throws {
        let server = try ServerProcess(customers: 200)
        let secret = try server.createToken(name: "bench.load", role: "handler", countries: "SE,NO,DK")
        let acks = server.directory + "/acks.txt"
        let (load, output) = try server.launchCollectctl(["bench", "mix", "--mix", "get-case=70,record-payment=30", "--cases", "200",
                                                          "--connections", "4", "--streams", "8", "--duration", "5", "--warmup", "0",
                                                          "--ack-log", acks, "-o", "json"], secret: secret)
        usleep(2_000_000)
        try server.restartOnSamePort(after: 0.5)
        let figures = report(output)
        load.waitUntilExit()
        let requests = try #require(figures["requests"] as? Int, "report: \(figures)")
        let statuses = figures["statuses"] as? [String: Int] ?? [:]
        let failed = requests - (statuses["OK"] ?? 0)
        #expect(requests > 500, "\(figures)")
        #expect(failed * 1_000 <= requests, "at most 0.1 % failed: \(statuses)")
        let retries = try #require(figures["retries"] as? Int, "retries are counted: \(figures)")
        #expect(retries > 0, "the restart cost retries: \(figures)")
        #expect(retries < 5_000, "backed off, not spun: \(figures)")
        let unresolved = try #require(figures["unresolved_mutations"] as? Int, "\(figures)")

        let acknowledged = Self.acknowledgedPayments(acks)
        server.stop()
        #expect(acknowledged.count > 50, "\(figures)")
        Self.expectAccounted(acknowledged, stored: try Self.storedPayments(server, recordedBy: "bench.load"), unresolved: unresolved)
    }

    /// The server is killed (SIGKILL, no restart) under payments: every payment stored was either
    /// acknowledged in the ack log or is listed there as unresolved (answer lost), and every
    /// acknowledged one is stored.
    @Test func everyStoredPaymentIsAcknowledgedOrUnresolvedAfterAKill() throws {
        let server = try ServerProcess(customers: 100)
        let secret = try server.createToken(name: "bench.kill", role: "handler", countries: "SE,NO,DK")
        let acks = server.directory + "/acks.txt"
        let (load, output) = try server.launchCollectctl(["bench", "record-payment", "--cases", "100", "--connections", "4", "--streams", "8",
                                                          "--duration", "3", "--warmup", "0", "--timeout", "2", "--ack-log", acks, "-o", "json"],
                                                         secret: secret)
        usleep(1_500_000)
        server.kill9()
        let figures = report(output)
        load.waitUntilExit()
        let acknowledged = Self.acknowledgedPayments(acks)
        let unresolved = Self.ackLines(acks).filter { $0.hasPrefix("unresolved record-payment bench-") }.count
        #expect(figures["unresolved_mutations"] as? Int == unresolved, "the report and the log agree: \(figures)")
        try server.start()  // recovers the WAL, as a restarted server would
        server.stop()
        #expect(acknowledged.count > 20, "\(figures)")
        Self.expectAccounted(acknowledged, stored: try Self.storedPayments(server, recordedBy: "bench.kill"), unresolved: unresolved)
    }

    /// The server goes away for good: the load tool's failed calls back off (no spinning), are
    /// counted, and the tool ends soon after its duration plus one call deadline.
    @Test func loadToolBacksOffWhenTheServerIsGone() throws {
        let server = try ServerProcess(customers: 5)
        let (load, output) = try server.launchCollectctl(["bench", "health", "--connections", "4", "--streams", "16", "--duration", "3",
                                                          "--warmup", "0", "--timeout", "2", "-o", "json"], secret: nil)
        let started = Date()
        usleep(700_000)
        server.stop()
        let figures = report(output)
        load.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        #expect(load.terminationStatus == 1, "errors make the run fail")
        let statuses = figures["statuses"] as? [String: Int] ?? [:]
        #expect(statuses["UNAVAILABLE", default: 0] > 0, "the failures are counted: \(figures)")
        // 64 streams for about 2.3 s with the server gone, at least 25 ms apart: a few thousand
        // tries at most (before: 166 593 failed calls in those seconds).
        let failed = (figures["errors"] as? Int) ?? 0
        #expect(failed < 1_000, "failed calls back off: \(figures)")
        let retries = try #require(figures["retries"] as? Int, "\(figures)")
        #expect(retries + failed < 6_000, "failed calls back off: \(figures)")
        #expect(seconds < 3 + 2 + 4, "ended after its duration and one deadline: \(seconds) s")
    }
}
