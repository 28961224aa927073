import Foundation
import Testing

/// Issue 12, "embedded default": `collect-server` without a certificate serves a usable local
/// instance. It makes development TLS material and, in an empty data folder, a demo book with a
/// token per role, then prints how to connect; the printed commands work as printed.
@Suite(.serialized) struct EmbeddedDefaultEndToEndTests {
    /// A server started with `arguments` only (no --cert/--key), and what it printed.
    final class Embedded {
        let process = Process()
        var printed = ""
        var port = 0

        init(_ arguments: [String], workingDirectory: String) throws {
            process.executableURL = URL(fileURLWithPath: ServerProcess.binDirectory + "/collect-server")
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while !printed.contains("collectctl case show"), Date() < deadline {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                printed += String(decoding: data, as: UTF8.self)
            }
            if let range = printed.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(printed[range].split(separator: ":").last!)!
            }
        }

        /// The value of `NAME=value` in the printed `export` lines.
        func exported(_ name: String) -> String? {
            guard let range = printed.range(of: name + #"=[^ \n]+"#, options: .regularExpression) else { return nil }
            return String(printed[range].dropFirst(name.count + 1))
        }

        /// The file named by the printed `export COLLECT_TOKEN=$(cat FILE)`.
        var tokenFile: String? {
            guard let range = printed.range(of: #"COLLECT_TOKEN=\$\(cat [^)]+\)"#, options: .regularExpression) else { return nil }
            return String(printed[range].dropFirst("COLLECT_TOKEN=$(cat ".count).dropLast())
        }

        /// Runs `collectctl` as the printed instructions say.
        func collectctl(_ arguments: [String]) throws -> ServerProcess.Outcome {
            let token = (try? String(contentsOfFile: tokenFile ?? "", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", arguments, environment: [
                "COLLECT_SERVER": exported("COLLECT_SERVER") ?? "", "COLLECT_CA": exported("COLLECT_CA") ?? "", "COLLECT_TOKEN": token,
            ])
        }

        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "collect-embedded-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func firstStartMakesTLSAndADemoBookAndThePrintedCommandsWork() throws {
        let work = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        // No data folder named: the default one, under the working directory.
        let first = try Embedded(["--port", "0", "--demo-customers", "40"], workingDirectory: work)
        #expect(first.port > 0, "\(first.printed)")
        #expect(first.exported("COLLECT_SERVER") == "localhost:\(first.port)")
        #expect(first.exported("COLLECT_CA") == work + "/collect-data/dev-tls/ca.pem")
        #expect(first.tokenFile == work + "/collect-data/demo-tokens/demo.handler.token")
        let health = try first.collectctl(["health"])
        #expect(health.status == 0 && health.stdout.hasPrefix("SERVING"), "\(health)")
        let shown = try first.collectctl(["case", "show", "C-0000003"])
        #expect(shown.status == 0 && shown.stdout.hasPrefix("Case C-0000003"), "\(shown)")
        for role in ["handler", "coordinator", "auditor", "dialer"] {
            let token = work + "/collect-data/demo-tokens/demo.\(role).token"
            let mode = (try FileManager.default.attributesOfItem(atPath: token)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "\(token) is readable by others")
        }
        #expect(first.stop() == 0)
        let handlerToken = try String(contentsOfFile: work + "/collect-data/demo-tokens/demo.handler.token", encoding: .utf8)
        let certificate = try Data(contentsOf: URL(fileURLWithPath: work + "/collect-data/dev-tls/server.pem"))

        // A second start reuses the book, the TLS material and the tokens.
        let second = try Embedded(["--port", "0", "--demo-customers", "40"], workingDirectory: work)
        #expect(second.port > 0, "\(second.printed)")
        #expect(try String(contentsOfFile: work + "/collect-data/demo-tokens/demo.handler.token", encoding: .utf8) == handlerToken)
        #expect(try Data(contentsOf: URL(fileURLWithPath: work + "/collect-data/dev-tls/server.pem")) == certificate)
        let search = try second.collectctl(["case", "search", "--page-size", "200", "-o", "json"])
        #expect(search.status == 0, "\(search)")
        let cases = ((try? JSONSerialization.jsonObject(with: Data(search.stdout.utf8))) as? [String: Any])?["cases"] as? [Any]
        #expect(cases?.count == 40, "the demo book was seeded again or lost: \(cases?.count ?? -1) cases")
        #expect(second.stop() == 0)
    }

    @Test func anExistingBookIsServedAsItIsWithoutDemoData() throws {
        let work = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let initialised = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["init", "--data", work + "/book"])
        #expect(initialised.status == 0, "\(initialised)")
        let server = try Embedded(["--data", work + "/book", "--port", "0"], workingDirectory: work)
        #expect(server.port > 0, "\(server.printed)")
        #expect(server.printed.contains("collect-server token create --data"), "\(server.printed)")
        #expect(!FileManager.default.fileExists(atPath: work + "/book/demo-tokens"))
        #expect(server.stop() == 0)
    }

    @Test(arguments: [
        (["--cert", "/nonexistent/server.pem"], "--cert and --key go together"),
        (["--key", "/nonexistent/server.key"], "--cert and --key go together"),
        (["--demo-customers", "0"], "--demo-customers is 1 to 1000000"),
        (["--demo-customers", "1000001"], "--demo-customers is 1 to 1000000"),
    ])
    func badArgumentsAreRefusedAndNothingIsMade(arguments: [String], message: String) throws {
        let work = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let outcome = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                            ["--data", work + "/data", "--port", "0"] + arguments)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work + "/data"), "a refused start made the data folder")
    }
}
