import Foundation
import Testing

/// The server's metrics as an operator reads them: scraped over plain HTTP by Prometheus (or by
/// hand), and through `collectctl metrics`; the scrape endpoint survives hostile input.
@Suite(.serialized) struct MetricsEndToEndTests {
    /// A server serving its metrics on a free port, and that port.
    func server() throws -> (ServerProcess, Int) {
        let server = try ServerProcess(customers: 10, serveArguments: ["--metrics-port", "0"])
        let range = try #require(server.startupOutput.range(of: #"metrics on http://127\.0\.0\.1:\d+/metrics"#, options: .regularExpression),
                                 "no metrics line in \(server.startupOutput)")
        let port = Int(server.startupOutput[range].split(separator: ":").last!.split(separator: "/").first!)!
        return (server, port)
    }

    /// The value of the sample `series` (name and labels as rendered), nil when absent.
    func sample(_ text: String, _ series: String) -> Int64? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Int64(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Runs `promtool check metrics` on `text`; its exit status and what it said.
    func promtool(_ text: String) throws -> (Int32, String) {
        let file = NSTemporaryDirectory() + "collect-metrics-\(UUID().uuidString).txt"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let checked = try ServerProcess.run("/bin/sh", ["-c", "/usr/bin/promtool check metrics < '\(file)'"])
        return (checked.status, checked.stdout + checked.stderr)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool")))
    func aScrapeOverHTTPCountsTheCallsAndPromtoolAcceptsIt() throws {
        let (server, port) = try server()
        let before = try HTTPProbe.get(port: port, "/metrics")
        #expect(before.response.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(before.response.prefix(200))")
        #expect(before.response.contains("Content-Type: text/plain; version=0.0.4"))
        let okHealth = #"collect_requests_total{method="/grpc.health.v1.Health/Check",code="OK",detail="none"}"#
        let okInfo = #"collect_requests_total{method="/collect.v1.System/GetServerInfo",code="OK",detail="none"}"#
        let notFound = #"collect_requests_total{method="/collect.v1.Cases/GetCase",code="NOT_FOUND",detail="CASE_NOT_FOUND"}"#
        let body = HTTPProbe.body(before.response)
        #expect(sample(body, okHealth) == 0)
        #expect(sample(body, notFound) == nil)

        for _ in 0..<3 { #expect(try server.collectctl(["health"]).status == 0) }
        let missing = try server.collectctl(["case", "show", "C-NOPE-0"])
        #expect(missing.status == 15, "\(missing.stderr)")
        #expect(try server.collectctl(["case", "show", "C-NOPE-0"], token: nil).status != 0)

        let after = HTTPProbe.body(try HTTPProbe.get(port: port, "/metrics").response)
        #expect(sample(after, okHealth) == 3)
        #expect(sample(after, okInfo) == 3)
        #expect(after.contains(#"collect_requests_total{method="/collect.v1.Cases/GetCase",code="UNAUTHENTICATED""#), "\(after)")
        #expect(sample(after, #"collect_request_duration_seconds_count{method="/collect.v1.System/GetServerInfo"}"#) == 3)
        #expect(sample(after, "collect_connections_open") != nil)
        #expect(sample(after, "collect_writer_queue_depth") == 0)
        #expect(after.contains(#"collect_request_duration_seconds_bucket{method="/grpc.health.v1.Health/Check",le="+Inf"} 3"#))
        // A failure detail the handler gave is counted by its code.
        #expect(after.split(separator: "\n").contains { $0.hasPrefix(#"collect_requests_total{method="/collect.v1.Cases/GetCase",code=""#) && !$0.hasSuffix(" 0") },
                "\(after)")
        // The store's series: a look-up answered twice (the second from the answer cache), then a
        // note committed by the writer.
        let search = try server.json(["case", "search", "--page-size", "1"])
        let caseID = try #require((search["cases"] as? [[String: Any]])?.first?["case_id"] as? String)
        for _ in 0..<3 { #expect(try server.collectctl(["case", "show", caseID]).status == 0) }
        #expect(try server.collectctl(["case", "note", caseID, "metrics test"]).status == 0)
        let store = HTTPProbe.body(try HTTPProbe.get(port: port, "/metrics").response)
        #expect((sample(store, "collect_answer_cache_hits_total") ?? 0) >= 1, "\(store)")
        #expect((sample(store, "collect_answer_cache_misses_total") ?? 0) >= 1)
        #expect(sample(store, "collect_writer_commits_total") == 1)
        #expect(sample(store, "collect_writer_batch_mutations_count") == 1)
        #expect(sample(store, #"collect_writer_batch_mutations_bucket{le="1"}"#) == 1)
        #expect(sample(store, "collect_writer_commit_duration_seconds_count") == 1)
        // The checkpointer runs at most once a second, after the writer nudges it: the commit's
        // checkpoint may come up to a second later than the scrape above.
        var checkpoints = sample(store, "collect_checkpoint_duration_seconds_count") ?? 0
        let deadline = Date().addingTimeInterval(5)
        while checkpoints < 1, Date() < deadline {
            usleep(100_000)
            checkpoints = sample(HTTPProbe.body(try HTTPProbe.get(port: port, "/metrics").response), "collect_checkpoint_duration_seconds_count") ?? 0
        }
        #expect(checkpoints >= 1, "no checkpoint within 5 s of a commit")
        let (status, said) = try promtool(store)
        #expect(status == 0, "promtool: \(said)")
        #expect(!said.contains("error"), "promtool: \(said)")
    }

    @Test func collectctlMetricsIsForAdminsAuditorsAndCoordinators() throws {
        let (server, _) = try server()
        let auditor = try server.collectctl(["metrics"], token: "ida.auditor")
        #expect(auditor.status == 0, "\(auditor.stderr)")
        #expect(auditor.stdout.contains("# TYPE collect_requests_total counter"))
        #expect(try server.collectctl(["metrics"], token: "erik.coordinator").status == 0)
        let handler = try server.collectctl(["metrics"], token: "anna.handler")
        #expect(handler.status == 17, "\(handler.stderr)")
        #expect(handler.stderr.contains("PERMISSION_DENIED"))
        #expect(handler.stdout.isEmpty)
        // The refusal carries the call's request id, as every failure does.
        let id = try #require(handler.stderr.range(of: #"request id: [0-9a-z]{12}"#, options: .regularExpression), "\(handler.stderr)")
        let again = try server.collectctl(["metrics"], token: "anna.handler")
        #expect(!again.stderr.contains(handler.stderr[id]), "request ids repeat")
    }

    @Test func hostileHTTPInputIsAnsweredOrClosedAndTheEndpointStaysUp() throws {
        let (server, port) = try server()
        // A request head past 8 KiB: refused, the rest never read.
        let huge = try HTTPProbe.exchange(port: port, [Array(("GET /metrics HTTP/1.1\r\nX-Pad: " + String(repeating: "a", count: 100_000)).utf8)])
        #expect(huge.response.hasPrefix("HTTP/1.1 431"), "\(huge.response.prefix(100))")
        #expect(huge.closed)
        // Garbage, another path, another method.
        let garbage = try HTTPProbe.exchange(port: port, [[0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]])
        #expect(garbage.response.hasPrefix("HTTP/1.1 400"), "\(garbage.response.prefix(100))")
        #expect(try HTTPProbe.get(port: port, "/../etc/passwd").response.hasPrefix("HTTP/1.1 404"))
        #expect(try HTTPProbe.get(port: port, "/metricsX").response.hasPrefix("HTTP/1.1 404"))
        let post = try HTTPProbe.exchange(port: port, [Array("POST /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello".utf8)])
        #expect(post.response.hasPrefix("HTTP/1.1 405"), "\(post.response.prefix(100))")
        // Slowloris: a head that never ends is cut off after the request timeout (2 s).
        let slow = try HTTPProbe.exchange(port: port, [Array("GET /metrics HTTP/1.1\r\n".utf8), Array("X-A: b\r\n".utf8)], pause: 0.5, timeout: 8)
        #expect(slow.closed)
        #expect(slow.response.hasPrefix("HTTP/1.1 408"), "\(slow.response.prefix(100))")
        #expect(slow.seconds < 4, "slowloris held for \(slow.seconds) s")
        // A client that connects and sends nothing, then closes: nothing to answer.
        #expect(try HTTPProbe.exchange(port: port, [], timeout: 0.2).response.isEmpty)
        // Still answering, and the gRPC side is untouched.
        #expect(try HTTPProbe.get(port: port, "/metrics").response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(try server.collectctl(["health"]).status == 0)
    }

    /// A metrics port that is taken stops the server before it serves anything, with a clear
    /// message, and the first server is untouched.
    @Test func aTakenMetricsPortRefusesToStart() throws {
        let (first, port) = try server()
        let other = NSTemporaryDirectory() + "collect-other-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try ServerStartupTests.runToExit(["init", "--data", other]).status == 0)
        let second = try ServerStartupTests.runToExit(["serve", "--data", other, "--plaintext", "--host", "127.0.0.1", "--port", "0",
                                                       "--metrics-port", String(port)])
        #expect(second.status != 0)
        #expect(second.stderr.contains("127.0.0.1:\(port) is already in use"), "\(second.stderr)")
        #expect(!second.stdout.contains("listening on"), "\(second.stdout)")
        #expect(try HTTPProbe.get(port: port, "/metrics").response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(try first.collectctl(["health"]).status == 0)
    }

    /// A port that cannot be one is refused before anything starts; without the flag there is no
    /// HTTP listener at all.
    @Test func aMetricsPortOutOfRangeIsRefusedAndNoneIsServedByDefault() throws {
        let other = NSTemporaryDirectory() + "collect-other-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: other) }
        for bad in ["65536", "-1"] {
            let refused = try ServerStartupTests.runToExit(["serve", "--data", other, "--plaintext", "--port", "0", "--metrics-port=\(bad)"])
            #expect(refused.status == 64, "\(refused.stderr)")
            #expect(refused.stderr.contains("--metrics-port is 0 to 65535"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: other + "/collect.sqlite"), "a refused start made a database")
        }
        let plain = try ServerProcess(customers: 3)
        #expect(!plain.startupOutput.contains("metrics on"), "\(plain.startupOutput)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus")))
    func aPrometheusServerScrapesIt() throws {
        let (server, port) = try server()
        #expect(try server.collectctl(["health"]).status == 0)
        let directory = server.directory + "/prometheus"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: collect
            static_configs:
              - targets: ["127.0.0.1:\(port)"]
        """.write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        let webPort = try Self.freePort()
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
        prometheus.arguments = ["--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
                                "--web.listen-address=127.0.0.1:\(webPort)"]
        prometheus.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        prometheus.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try prometheus.run()
        defer {
            prometheus.terminate()
            prometheus.waitUntilExit()
        }
        let query = "/api/v1/query?query=collect_requests_total%7Bmethod%3D%22%2Fgrpc.health.v1.Health%2FCheck%22%2Ccode%3D%22OK%22%7D"
        var answer = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let got = try? HTTPProbe.get(port: webPort, query), got.response.contains("\"value\":[") {
                answer = HTTPProbe.body(got.response)
                break
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        #expect(answer.contains(#""job":"collect""#), "Prometheus did not scrape the server: \(answer)")
        #expect(answer.contains(#""1"]"#), "\(answer)")
    }

    /// A port nothing listens on now (the kernel's pick, released at once).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
