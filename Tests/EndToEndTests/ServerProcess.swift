import Foundation
import Testing

/// A real `collect-server` in a temporary directory on 127.0.0.1 with a free port, with dev TLS
/// material, a seeded database and tokens; `collectctl` runs against it as a subprocess.
final class ServerProcess {
    static let binDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    let directory: String
    private(set) var process = Process()
    private(set) var port = 0
    private(set) var tokens: [String: String] = [:]
    private var output = Pipe()
    /// Extra `serve` arguments.
    var serveArguments: [String]
    /// Where the server's standard error (its log) goes; nil: discarded.
    let standardErrorPath: String?
    /// What the server printed on standard output up to its listening line.
    private(set) var startupOutput = ""

    init(customers: Int = 60, serveArguments: [String] = [], seedArguments: [String] = [], standardErrorPath: String? = nil) throws {
        self.serveArguments = serveArguments
        self.standardErrorPath = standardErrorPath
        directory = NSTemporaryDirectory() + "collect-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try Self.run(Self.repositoryRoot + "/scripts/dev-tls", [directory + "/tls"])
        let seeded = try Self.run(Self.binDirectory + "/collect-server", ["seed", "--data", directory + "/data", "--customers", String(customers), "--seed", "7"] + seedArguments)
        #expect(seeded.status == 0, "seed failed: \(seeded.stderr)")
        for (name, role, countries) in [("anna.handler", "handler", "SE,NO,DK"), ("sven.handler", "handler", "SE"),
                                        ("erik.coordinator", "coordinator", "SE,NO,DK"), ("ida.auditor", "auditor", "SE,NO,DK")] {
            let created = try Self.run(Self.binDirectory + "/collect-server", ["token", "create", "--data", directory + "/data", "--name", name,
                                                                               "--role", role, "--countries", countries])
            #expect(created.status == 0, "token create failed: \(created.stderr)")
            tokens[name] = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try start()
    }

    /// Starts the server (again) on the same data directory and waits for its port.
    func start() throws {
        process = Process()
        output = Pipe()
        port = 0
        process.executableURL = URL(fileURLWithPath: Self.binDirectory + "/collect-server")
        process.arguments = ["serve", "--data", directory + "/data", "--cert", directory + "/tls/server.pem", "--key", directory + "/tls/server.key",
                             "--host", "127.0.0.1", "--port", "0", "--threads", "2"]
            // The daily cycle changes cases on its own (as of the server's day): off unless a test asks for it.
            + (serveArguments.contains("--daily-cycle") ? [] : ["--daily-cycle", "off"]) + serveArguments
        process.standardOutput = output
        if let standardErrorPath { FileManager.default.createFile(atPath: standardErrorPath, contents: nil) }
        process.standardError = FileHandle(forWritingAtPath: standardErrorPath ?? "/dev/null")
        try process.run()
        var buffer = ""
        let deadline = Date().addingTimeInterval(20)
        while port == 0 && Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            buffer += String(decoding: data, as: UTF8.self)
            if let range = buffer.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(buffer[range].split(separator: ":").last!)!
            }
        }
        startupOutput = buffer
        #expect(port > 0, "the server did not report its port: \(buffer)")
    }

    /// Kills the server with SIGKILL, as a power cut would.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the server with SIGTERM; returns its exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `collectctl` with `arguments` as the token named `token` (nil: none).
    func collectctl(_ arguments: [String], token: String? = "anna.handler") throws -> Outcome {
        var environment = ["COLLECT_SERVER": "localhost:\(port)", "COLLECT_CA": directory + "/tls/ca.pem", "HOME": directory]
        if let token { environment["COLLECT_TOKEN"] = tokens[token] }
        let outcome = try Self.run(Self.binDirectory + "/collectctl", arguments, environment: environment)
        CatalogueCheck.verify(collectctlStderr: outcome.stderr)
        return outcome
    }

    /// `collectctl … -o json` parsed.
    func json(_ arguments: [String], token: String? = "anna.handler") throws -> [String: Any] {
        let outcome = try collectctl(arguments + ["-o", "json"], token: token)
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a } }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The value at a dotted path (`view.summary.version`).
    func at(_ path: String) -> Any? {
        var current: Any? = self
        for part in path.split(separator: ".") {
            if let index = Int(part), let list = current as? [Any] { current = index < list.count ? list[index] : nil; continue }
            current = (current as? [String: Any])?[String(part)]
        }
        return current
    }
}
