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

    /// A TLS HTTP/2 peer in Python that writes records and frames by hand (each `tls.write` is one
    /// record; `pump()` sends what is written so far in one TCP write) and reads frames back with
    /// `frames()`. Arguments: port, CA file, then the test's own.
    private static let pythonPeer = #"""
        import socket, ssl, struct, sys, time
        port, ca = int(sys.argv[1]), sys.argv[2]
        context = ssl.create_default_context(cafile=ca)
        context.set_alpn_protocols(["h2"])
        raw = socket.socket()
        if RECEIVE_BUFFER: raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        raw.settimeout(10)
        raw.connect(("127.0.0.1", port))
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
        def pump():
            data = outgoing.read()
            if data: raw.sendall(data)
        while True:
            try:
                tls.do_handshake(); break
            except ssl.SSLWantReadError:
                pump(); incoming.write(raw.recv(65536))
        pump()
        assert tls.selected_alpn_protocol() == "h2", tls.selected_alpn_protocol()
        def frame(kind, flags, stream, payload):
            return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload
        def frames():
            buffer = b""
            while True:
                try:
                    buffer += tls.read(65536)
                except ssl.SSLWantReadError:
                    chunk = raw.recv(65536)
                    if not chunk: sys.exit("closed early")
                    incoming.write(chunk); continue
                while len(buffer) >= 9:
                    length = int.from_bytes(buffer[:3], "big")
                    if len(buffer) < 9 + length: break
                    kind, flags, stream, payload = buffer[3], buffer[4], int.from_bytes(buffer[5:9], "big"), buffer[9:9 + length]
                    buffer = buffer[9 + length:]
                    if kind == 7: sys.exit("GOAWAY " + payload.hex())
                    if kind == 3: sys.exit("RST_STREAM on %d" % stream)
                    yield kind, flags, stream, payload

        """#

    /// Runs `pythonPeer` followed by `body` against `server`.
    private func runPythonPeer(_ body: String, server: TestServer, receiveBuffer: Int = 0, arguments: [String] = []) throws -> Tool.Output {
        let script = Self.pythonPeer.replacingOccurrences(of: "RECEIVE_BUFFER", with: "\(receiveBuffer)") + body
        return try Tool.run("python3", ["-c", script, "\(server.port)", TLSFixture.shared.caPath] + arguments, timeoutSeconds: 30)
    }

    /// The server reads TLS ahead (one read(2) takes many records), so records can wait inside
    /// OpenSSL where epoll cannot see them. A peer that sends 300 tiny records in one TCP write,
    /// more than one pass of the read loop takes, then a PING, still gets its PING answered.
    @Test func recordsReadAheadPastOnePassAreStillServed() throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let output = try runPythonPeer(#"""
            tls.write(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0, b""))
            tls.write(frame(4, 1, 0, b""))
            for _ in range(300):  # one TLS record each: WINDOW_UPDATE +1 on the connection
                tls.write(frame(8, 0, 0, struct.pack(">I", 1)))
            tls.write(frame(6, 0, 0, b"readahd!"))
            pump()  # every record in one TCP write
            for kind, flags, stream, payload in frames():
                if kind == 6 and flags & 1 and payload == b"readahd!":
                    print("ping answered"); break
            """#, server: server)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("ping answered"))
    }

    /// Reading pauses while output is full. A peer that sends six 256 KiB requests and a PING in
    /// one TCP write, then does not read for a while, fills the server's output with the first
    /// answers while the rest of its records wait inside OpenSSL; once the peer reads, every
    /// answer and the PING's must still come (the drain must resume reading them).
    @Test func recordsReadAheadWhileOutputIsFullAreServedOnceItDrains() throws {
        let server = try TestServer { $0.limits.maxOutputBufferBytes = 64 * 1024 }
        defer { server.shutdown() }
        let output = try runPythonPeer(#"""
            path = sys.argv[3]
            def literal(name, value):
                return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value
            fields = [(b":method", b"POST"), (b":scheme", b"https"), (b":path", path.encode()), (b":authority", b"localhost"),
                      (b"content-type", b"application/grpc"), (b"te", b"trailers")]
            block = b"".join(literal(n, v) for n, v in fields)
            big = 0x7fffffff
            tls.write(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0, struct.pack(">HI", 4, big)))
            tls.write(frame(4, 1, 0, b""))
            tls.write(frame(8, 0, 0, struct.pack(">I", big - 65535)))
            streams = [1, 3, 5, 7, 9, 11]
            for stream in streams:  # one TLS record per frame
                tls.write(frame(1, 4, stream, block))
                tls.write(frame(0, 1, stream, b"\x00\x00\x00\x00\x00"))
            tls.write(frame(6, 0, 0, b"drained!"))
            pump()  # every record in one TCP write
            time.sleep(1)  # not reading: the server's output fills
            ended, body, pinged = set(), 0, False
            for kind, flags, stream, payload in frames():
                if kind == 0: body += len(payload)
                if kind == 1 and flags & 1: ended.add(stream)
                if kind == 6 and flags & 1 and payload == b"drained!": pinged = True
                if pinged and ended == set(streams): break
            print("answered", len(ended), "streams,", body, "bytes of DATA; ping answered")
            """#, server: server, receiveBuffer: 4096, arguments: [TestRoutes.big])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("answered 6 streams"), "\(output.stdout)")
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
