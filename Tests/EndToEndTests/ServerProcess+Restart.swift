import Foundation
import Testing

extension ServerProcess {
    /// Stops the server with SIGTERM, waits `pause` seconds, and starts it again on the same data
    /// folder and the same port, as an operator's restart does.
    func restartOnSamePort(after pause: TimeInterval = 0.5) throws {
        let port = self.port
        stop()
        usleep(UInt32(pause * 1_000_000))
        try start(onPort: port)
    }

    /// Starts the (stopped) server on `port`; a later `--port` wins over the first one.
    func start(onPort port: Int) throws {
        if let index = serveArguments.firstIndex(of: "--port") { serveArguments.removeSubrange(index...index + 1) }
        serveArguments += ["--port", String(port)]
        try start()
        #expect(self.port == port, "restarted on \(self.port), not \(port)")
    }

    /// Starts `collectctl` with `arguments` as the token `secret` without waiting for it; stdout
    /// is collected in the returned pipe, stderr is dropped.
    func launchCollectctl(_ arguments: [String], secret: String?) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binDirectory + "/collectctl")
        process.arguments = arguments
        var environment = ["COLLECT_SERVER": "localhost:\(port)", "COLLECT_CA": directory + "/tls/ca.pem", "HOME": directory,
                           "PATH": "/usr/bin:/bin"]
        if let secret { environment["COLLECT_TOKEN"] = secret }
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return (process, stdout)
    }
}
