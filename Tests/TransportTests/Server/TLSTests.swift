import Foundation
import Protocol
import Testing
@testable import Transport

@Suite(.serialized) struct TLSTests {
    @Test func handshakeTimeoutClosesSilentConnections() throws {
        let server = try TestServer { $0.limits.tlsHandshakeTimeout = .milliseconds(300) }
        defer { server.shutdown() }
        let raw = try RawHTTP2(port: server.port, receiveTimeoutMs: 3000)
        let started = Date()
        #expect(raw.waitForClose())
        #expect(Date().timeIntervalSince(started) >= 0.25)
    }

    @Test func plaintextHTTP2ToTheTLSPortIsRefused() throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let raw = try RawHTTP2(port: server.port)
        raw.handshake()
        #expect(raw.readFrame() == nil)
        #expect(raw.waitForClose())
    }

    @Test func tls11AndMissingALPNAreRefused() throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let ca = TLSFixture.shared.caPath
        let old = try Tool.run("openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_1", "-alpn", "h2", "-CAfile", ca],
                               stdin: Data(), timeoutSeconds: 10)
        // s_client names the attempted version even on failure; no cipher means no session.
        #expect(old.stdout.contains("Cipher is (NONE)"), "\(old.stdout)")
        let wrongALPN = try Tool.run("openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", "-alpn", "http/1.1", "-CAfile", ca],
                                     stdin: Data(), timeoutSeconds: 10)
        #expect(wrongALPN.status != 0 || wrongALPN.stdout.contains("Cipher is (NONE)"))
        // No ALPN at all: the handshake may finish, but the server closes without HTTP/2.
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let none = try Tool.run("openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", "-CAfile", ca, "-ign_eof"],
                                stdin: Data("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8), timeoutSeconds: 10)
        #expect(!none.stdout.contains("ALPN protocol: h2"))
        // And TLS 1.3 with h2 works.
        let good = try Tool.run("openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", "-alpn", "h2", "-CAfile", ca],
                                stdin: Data(), timeoutSeconds: 10)
        #expect(good.stdout.contains("ALPN protocol: h2"))
        #expect(good.stdout.contains("TLSv1.3"))
    }

    @Test func clientCertificateRequiredWhenConfigured() async throws {
        let server = try TestServer(clientCA: true)
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let anonymous = try server.client(loop: loop)
        #expect(await anonymous.call(HealthService.checkPath, message: []).status == .unavailable)
        let fixture = TLSFixture.shared
        let identified = try server.client(loop: loop) {
            $0.security = .tls(ClientTLSConfiguration(trustedCAPath: fixture.caPath, certificateChainPath: fixture.clientCertPath,
                                                      privateKeyPath: fixture.clientKeyPath))
        }
        #expect(await identified.call(HealthService.checkPath, message: []).status == .ok)
    }

    @Test func clientVerifiesTheServerName() async throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let wrongName = try server.client(loop: loop) {
            $0.security = .tls(ClientTLSConfiguration(trustedCAPath: TLSFixture.shared.caPath, serverName: "not-this-host.example"))
        }
        let result = await wrongName.call(HealthService.checkPath, message: [])
        #expect(result.status == .unavailable)
        // The verification failure is reported as such, unless a loaded machine closes first.
        #expect(result.message.contains("TLS") || result.message.contains("closed"), "\(result.message)")
        let systemStore = try server.client(loop: loop) { $0.security = .tls(ClientTLSConfiguration()) }
        #expect(await systemStore.call(HealthService.checkPath, message: []).status == .unavailable)
    }
}
