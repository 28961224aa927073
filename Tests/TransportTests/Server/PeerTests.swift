import Foundation
import Protocol
import Testing
@testable import Transport

/// Independent HTTP/2 implementations against ours.
@Suite(.serialized) struct PeerTests {
    func requestFile() throws -> String {
        let path = NSTemporaryDirectory() + "collect-health-\(getpid()).bin"
        try Data(GRPCFrame.framed(HealthMessages.encodeRequest(service: ""))).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func nghttpHealthCheckAndUnknownPath() throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let body = try requestFile()
        let base = ["-v", "-H", ":method: POST", "-H", "content-type: application/grpc", "-H", "te: trailers", "-d", body]
        let ok = try Tool.run("nghttp", base + ["https://127.0.0.1:\(server.port)\(HealthService.checkPath)"])
        #expect(ok.stdout.contains("grpc-status: 0"), "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains(":status: 200"))
        let unknown = try Tool.run("nghttp", base + ["https://127.0.0.1:\(server.port)/no.Such/Method"])
        #expect(unknown.stdout.contains("grpc-status: 12"), "\(unknown.stdout)")
    }

    @Test func curlHealthCheck415AndUnknownPath() throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let body = try requestFile()
        let url = "https://localhost:\(server.port)"
        let common = ["-sS", "--http2", "--cacert", TLSFixture.shared.caPath, "-X", "POST", "-D", "-", "-o", "/dev/null"]
        let ok = try Tool.run("curl", common + ["-H", "content-type: application/grpc", "-H", "te: trailers",
                                                "--data-binary", "@\(body)", url + HealthService.checkPath])
        #expect(ok.stdout.contains("HTTP/2 200"), "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("grpc-status: 0"))
        // An empty body ends the stream with the request headers, so curl has finished sending when
        // the 415 arrives (with a body still in flight, the server's RST_STREAM(NO_ERROR) after its
        // answer races curl's upload, which curl 7.88 reports as error 92).
        let wrongType = try Tool.run("curl", common + ["-H", "content-type: application/json", "--data-binary", "", url + HealthService.checkPath])
        #expect(wrongType.stdout.contains("HTTP/2 415"), "exit \(wrongType.status): \(wrongType.stdout)\(wrongType.stderr)")
        // The same race for an unknown method: it is answered from the headers alone, so no body.
        let unknown = try Tool.run("curl", common + ["-H", "content-type: application/grpc", "--data-binary", "", url + "/no.Such/Method"])
        #expect(unknown.stdout.contains("grpc-status: 12"), "exit \(unknown.status): \(unknown.stdout)\(unknown.stderr)")
    }

    @Test func ourClientAgainstNghttpdMapsMissingGRPCStatus() async throws {
        let fixture = TLSFixture.shared
        let docroot = fixture.directory + "/docroot"
        try FileManager.default.createDirectory(atPath: docroot, withIntermediateDirectories: true)
        try Data(repeating: 65, count: 600).write(to: URL(fileURLWithPath: docroot + "/file"))
        let port = Int.random(in: 20_000...40_000)
        let nghttpd = Process()
        nghttpd.executableURL = URL(fileURLWithPath: try Tool.path("nghttpd"))
        nghttpd.arguments = ["-d", docroot, "--address=127.0.0.1", String(port), fixture.serverKeyPath, fixture.serverCertPath]
        nghttpd.standardOutput = FileHandle.nullDevice
        nghttpd.standardError = FileHandle.nullDevice
        try nghttpd.run()
        defer { kill(nghttpd.processIdentifier, SIGKILL); nghttpd.waitUntilExit() }
        usleep(300_000)
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try GRPCClientConnection(
            configuration: ClientConfiguration(host: "127.0.0.1", port: port, security: .tls(ClientTLSConfiguration(trustedCAPath: fixture.caPath))),
            loop: loop)
        let missing = await client.call("/no/such", message: [])
        #expect(missing.status == .unimplemented, "404 without grpc-status: \(missing)")
        let file = await client.call("/file", message: [])
        #expect(file.httpStatus == 200)
        #expect(file.status == .unknown || file.status == .internal, "200 without grpc-status: \(file)")
        #expect(file.status != .ok)
    }
}
