import Foundation
import Protocol
import Testing

/// `collectctl version`: the client's version and schema fingerprint always (no token, no
/// server needed), the server's when it can be reached, and a clear sentence when it cannot.
@Suite(.serialized) struct VersionCommandEndToEndTests {
    @Test func versionNamesClientAndServerAndTheirSchemas() throws {
        let server = try ServerProcess(customers: 1)
        let both = try server.collectctl(["version"])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("collectctl 0.1.0"), "\(both.stdout)")
        #expect(both.stdout.contains("collect-server 0.1.0"), "\(both.stdout)")
        #expect(both.stdout.components(separatedBy: SchemaInfo.fingerprint).count == 3, "both fingerprints: \(both.stdout)")

        let json = try server.json(["version"])
        #expect(json.at("client.version") as? String == "0.1.0")
        #expect(json.at("client.schema_fingerprint") as? String == SchemaInfo.fingerprint)
        #expect(json.at("server.version") as? String == "0.1.0")
        #expect(json.at("server.schema_fingerprint") as? String == SchemaInfo.fingerprint)
    }

    @Test func versionWithoutTokenOrServerStillNamesTheClient() throws {
        let server = try ServerProcess(customers: 1)
        // No server configured at all: the client part, success.
        let alone = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["version"], environment: ["HOME": server.directory])
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(alone.stdout.contains("collectctl 0.1.0") && alone.stdout.contains(SchemaInfo.fingerprint), "\(alone.stdout)")
        #expect(alone.stdout.contains("no server configured"), "\(alone.stdout)")

        // A server but no token: the client part, and what the server part needs.
        let noToken = try server.collectctl(["version"], token: nil)
        #expect(noToken.stdout.contains("collectctl 0.1.0"), "\(noToken.stdout)")
        #expect(noToken.status == 26, "\(noToken.stderr)")
        #expect(noToken.stderr.contains("token"), "\(noToken.stderr)")

        // The server does not answer (stopped with SIGSTOP: the kernel still accepts): DEADLINE
        // after --timeout, exit 14.
        kill(server.process.processIdentifier, SIGSTOP)
        let started = Date()
        let stalled = try server.collectctl(["version", "--timeout", "1"])
        kill(server.process.processIdentifier, SIGCONT)
        #expect(stalled.stdout.contains("collectctl 0.1.0"), "\(stalled.stdout)")
        #expect(stalled.status == 14, "\(stalled.stderr)")
        #expect(stalled.stderr.contains("server unreachable") && stalled.stderr.contains("did not answer within 1 s"), "\(stalled.stderr)")
        #expect(Date().timeIntervalSince(started) < 4)

        // The server is gone: the client part, then why the server part is missing.
        server.stop()
        let gone = try server.collectctl(["version", "--timeout", "1"])
        #expect(gone.stdout.contains("collectctl 0.1.0"), "\(gone.stdout)")
        #expect(gone.status == 24, "\(gone.stderr)")
        #expect(gone.stderr.contains("server unreachable") && gone.stderr.contains("connection refused"), "\(gone.stderr)")
    }
}
