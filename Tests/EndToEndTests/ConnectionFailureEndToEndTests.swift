import Foundation
import Glibc
import Testing

/// Each way a connection fails has its own one-line message and the README's exit code
/// (issue 12, defect 12: all of them said "connection is closed", a missing CA file printed
/// OpenSSL's error stack).
@Suite(.serialized) struct ConnectionFailureEndToEndTests {
    /// A TCP socket on 127.0.0.1 that listens (connections complete in the kernel) but never
    /// accepts or answers; closed when the value goes.
    final class StalledListener {
        let fd: Int32
        let port: Int
        init(listening: Bool) throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            if listening { Glibc.listen(fd, 8) }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            port = Int(UInt16(bigEndian: address.sin_port))
        }
        deinit { Glibc.close(fd) }
    }

    func run(_ server: ServerProcess, _ arguments: [String]) throws -> ServerProcess.Outcome {
        try server.collectctl(["case", "show", "C-0000001", "--timeout", "2"] + arguments, secret: server.tokens["anna.handler"])
    }

    @Test func everyFailureSaysWhatWentWrongInOneLine() throws {
        let server = try ServerProcess(customers: 1)
        let otherCA = server.directory + "/other-tls"
        _ = try ServerProcess.run(ServerProcess.repositoryRoot + "/scripts/dev-tls", [otherCA])
        let unused = try StalledListener(listening: false)  // bound, not listening: connections are refused
        let stalled = try StalledListener(listening: true)
        let cases: [(name: String, arguments: [String], exit: Int32, says: String)] = [
            ("refused", ["--server", "127.0.0.1:\(unused.port)"], 24, "connection refused"),
            ("unknown host", ["--server", "no-such-host.invalid:8443"], 24, "cannot resolve no-such-host.invalid"),
            ("wrong CA", ["--ca", otherCA + "/ca.pem"], 24, "not signed by the CA in \(otherCA)/ca.pem"),
            ("missing CA", ["--ca", server.directory + "/missing/ca.pem"], 64, "cannot read the CA file \(server.directory)/missing/ca.pem"),
            ("not a CA", ["--ca", server.directory + "/tls/server.key"], 64, "holds no PEM certificate"),
            ("stalled", ["--server", "127.0.0.1:\(stalled.port)"], 14, "did not answer within 2 s"),
        ]
        var messages: Set<String> = []
        for item in cases {
            let started = Date()
            let outcome = try run(server, item.arguments)
            #expect(outcome.status == item.exit, "\(item.name): \(outcome.stderr)")
            #expect(outcome.stderr.contains(item.says), "\(item.name): \(outcome.stderr)")
            #expect(outcome.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(item.name): \(outcome.stderr)")
            #expect(!outcome.stderr.contains("error:0"), "\(item.name): no OpenSSL error stack")
            #expect(Date().timeIntervalSince(started) < 9, "\(item.name): a deadline is not retried")
            messages.insert(outcome.stderr)
        }
        #expect(messages.count == cases.count, "each failure has its own message")
        // And the right CA still works.
        #expect(try run(server, []).status == 0)
    }
}
