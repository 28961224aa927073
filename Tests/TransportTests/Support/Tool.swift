import Foundation

/// Runs external programs (openssl, nghttp, curl, nghttpd) for tests. A missing program is a
/// test failure with a clear message, never a silent skip.
enum Tool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func path(_ name: String) throws -> String {
        for directory in ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin"] {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "required tool '\(name)' is not installed (apt-get install nghttp2-client nghttp2-server curl openssl python3)")
    }

    /// Runs `name` with `arguments`, killing it after `timeoutSeconds`.
    @discardableResult
    static func run(_ name: String, _ arguments: [String], in directory: String? = nil, stdin: Data? = nil,
                    timeoutSeconds: Double = 20) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(name))
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        // Standard input from a file, not a pipe: a tool that exits before reading a pipe would
        // make the write raise SIGPIPE, which the test process does not ignore (nor should the
        // transport library make it).
        let inputPath = NSTemporaryDirectory() + "tool-stdin-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: inputPath, contents: stdin ?? Data())
        defer { try? FileManager.default.removeItem(atPath: inputPath) }
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        try process.run()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        // Read concurrently so a chatty tool cannot block on a full pipe.
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a tool and throws when it exits non-zero.
    static func require(_ name: String, _ arguments: [String], in directory: String? = nil) throws {
        let output = try run(name, arguments, in: directory)
        if output.status != 0 { throw Failure(description: "\(name) \(arguments.joined(separator: " ")) failed: \(output.stderr)") }
    }
}
