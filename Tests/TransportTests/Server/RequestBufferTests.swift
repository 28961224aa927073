import Foundation
import Glibc
import Protocol
import Testing
@testable import Transport

/// Issue 13, defect 1: request bodies a client sends but never finishes must not grow the
/// server's memory. The attack: 100 streams on one connection, each announcing a 4 MiB message
/// and sending all of it but the last byte, as fast as flow control allows.
@Suite(.serialized) struct RequestBufferTests {
    static let declared = 4 << 20

    /// Opens 100 streams on a new connection and pushes their bodies until the server stops
    /// granting window.
    static func attack(port: Int, withToken: Bool) throws -> (peer: RawHTTP2, outcome: RawHTTP2.WindowedOutcome) {
        let peer = try RawHTTP2(port: port, receiveTimeoutMs: 100)
        peer.handshake()
        let streams = (0..<100).map { UInt32(2 * $0 + 1) }
        let extra = withToken ? [(TestRoutes.token.name, TestRoutes.token.value)] : []
        for id in streams { peer.send(RawHTTP2.grpcHeaders(stream: id, path: TestRoutes.echo, extra: extra)) }
        let outcome = peer.sendWithinWindows(streams: streams, prefix: RawHTTP2.messagePrefix(length: declared),
                                             length: declared + 5 - 1, quietMs: 1_000)
        return (peer, outcome)
    }

    @Test func unauthenticatedAttackBuffersNothing() async throws {
        let server = try TestServer(tls: false, requireToken: true)
        defer { server.shutdown() }
        let before = residentBytes()
        let (peer, outcome) = try Self.attack(port: server.port, withToken: false)
        // Every stream is refused on its headers; nothing of any body is ever held.
        #expect(outcome.ended.count == 100)
        #expect(server.server.peakBufferedRequestBytes == 0)
        #expect(residentBytes() - before < 64 << 20, "resident memory grew by \((residentBytes() - before) >> 20) MiB")
        // Others are served meanwhile, and the refusal says why.
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop, tls: false)
        let refused = await client.call(TestRoutes.echo, message: [1])
        #expect(refused.status == .unauthenticated)
        #expect(refused.errorDetail == Array("TOKEN_MISSING".utf8))
        let served = await client.call(TestRoutes.echo, message: [1], metadata: [TestRoutes.token])
        #expect(served.status == .ok)
        client.close()
        _ = peer
    }

    @Test func authenticatedAttackIsBoundedByTheConnectionBudget() async throws {
        let server = try TestServer(tls: false, requireToken: true)
        defer { server.shutdown() }
        let budget = server.server.configuration.limits.maxBufferedRequestBytesPerConnection
        let before = residentBytes()
        let (peer, outcome) = try Self.attack(port: server.port, withToken: true)
        // The server stopped granting window at the connection's budget: the peer stalled
        // there (the old server took all 400 MiB).
        #expect(outcome.sent <= budget + 65_535, "sent \(outcome.sent) bytes")
        #expect(outcome.sent >= budget - 65_535, "sent \(outcome.sent) bytes")
        #expect(!outcome.goAway)
        #expect(server.server.peakBufferedRequestBytes <= budget)
        #expect(residentBytes() - before < 96 << 20, "resident memory grew by \((residentBytes() - before) >> 20) MiB")
        // Another caller, on another connection, is served while the attack holds its budget.
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop, tls: false)
        let served = await client.call(TestRoutes.echo, message: [UInt8](repeating: 7, count: 100_000), metadata: [TestRoutes.token])
        #expect(served.status == .ok)
        #expect(served.response?.count == 100_000)
        client.close()
        _ = peer
    }

    /// Many connections together stop at the server's budget: a call whose body does not fit
    /// is refused with RESOURCE_EXHAUSTED `REQUEST_BUFFERS_FULL`, and served once they leave.
    @Test func serverBudgetRefusesWhatDoesNotFit() async throws {
        let perConnection = 512 << 10
        let perServer = 1 << 20
        let server = try TestServer(tls: false, requireToken: true) {
            $0.limits.maxRequestMessageBytes = 256 << 10
            $0.limits.maxBufferedRequestBytesPerConnection = perConnection
            $0.limits.maxBufferedRequestBytesPerServer = perServer
            $0.refusalDetail = { code, _ in Array(code.utf8) }
        }
        defer { server.shutdown() }
        var peers: [RawHTTP2] = []
        for _ in 0..<4 {
            let peer = try RawHTTP2(port: server.port, receiveTimeoutMs: 100)
            peer.handshake()
            let streams = (0..<20).map { UInt32(2 * $0 + 1) }
            for id in streams { peer.send(RawHTTP2.grpcHeaders(stream: id, path: TestRoutes.echo, extra: [(TestRoutes.token.name, TestRoutes.token.value)])) }
            _ = peer.sendWithinWindows(streams: streams, prefix: RawHTTP2.messagePrefix(length: 256 << 10), length: (256 << 10) + 4, quietMs: 300)
            peers.append(peer)
        }
        #expect(server.server.peakBufferedRequestBytes <= perServer)
        #expect(server.server.bufferedRequestBytes > perServer - (64 << 10))
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop, tls: false)
        let refused = await client.call(TestRoutes.echo, message: [UInt8](repeating: 1, count: 200_000), metadata: [TestRoutes.token])
        #expect(refused.status == .resourceExhausted)
        #expect(refused.errorDetail == Array("REQUEST_BUFFERS_FULL".utf8))
        peers.removeAll()  // the attackers leave; their buffers are released
        var waited = 0
        while server.server.bufferedRequestBytes > 0, waited < 100 {
            usleep(20_000)
            waited += 1
        }
        #expect(server.server.bufferedRequestBytes == 0)
        let served = await client.call(TestRoutes.echo, message: [UInt8](repeating: 1, count: 200_000), metadata: [TestRoutes.token])
        #expect(served.status == .ok)
        client.close()
    }

    /// The connection's window is given back as each request completes, padding included: a
    /// budget of one message carries a hundred padded requests in turn (a leak would stall it).
    @Test func windowIsGivenBackAsRequestsComplete() throws {
        let server = try TestServer(tls: false) {
            $0.limits.maxRequestMessageBytes = 1_000
            $0.limits.maxBufferedRequestBytesPerConnection = 1_005
            $0.limits.maxBufferedRequestBytesPerServer = 1_005
        }
        defer { server.shutdown() }
        let peer = try RawHTTP2(port: server.port)
        // Windows wide enough for the answers (this peer never sends WINDOW_UPDATE).
        peer.handshake(settings: [(0x4, 0x7FFF_FFFF)])
        peer.send(RawHTTP2.frame(type: 8, flags: 0, stream: 0, payload: [0x7F, 0xFF, 0x00, 0x00]))
        var stream: UInt32 = 1
        for round in 0..<100 {
            let message = [UInt8](repeating: UInt8(round), count: 700)  // 906 bytes with prefix and padding
            let padding = 200
            let padded = [UInt8(padding)] + GRPCFrame.framed(message) + [UInt8](repeating: 0, count: padding)
            peer.send(RawHTTP2.grpcHeaders(stream: stream, path: TestRoutes.echo)
                + RawHTTP2.frame(type: 0, flags: 0x1 | 0x8, stream: stream, payload: padded))
            let answer = peer.readUntil { $0.type == 0 && $0.stream == stream }
            #expect(answer?.payload == GRPCFrame.framed(message), "round \(round)")
            if answer == nil { break }
            stream += 2
        }
        #expect(server.server.bufferedRequestBytes == 0)
    }

    @Test func bufferLimitsAreValidatedAtTheirEdges() throws {
        var limits = TransportLimits()
        limits.maxRequestMessageBytes = 1_000
        limits.maxBufferedRequestBytesPerConnection = 1_005
        limits.maxBufferedRequestBytesPerServer = 1_005
        #expect(throws: Never.self) { try limits.validate() }
        limits.maxBufferedRequestBytesPerConnection = 1_004
        #expect(throws: ConfigurationError.self) { try limits.validate() }
        limits.maxBufferedRequestBytesPerConnection = 1_005
        limits.maxBufferedRequestBytesPerServer = 1_004
        #expect(throws: ConfigurationError.self) { try limits.validate() }
        limits = TransportLimits()
        limits.maxBufferedRequestBytesPerConnection = Int(Int32.max) + 1
        limits.maxBufferedRequestBytesPerServer = Int(Int32.max) + 1
        #expect(throws: ConfigurationError.self) { try limits.validate() }
        limits = TransportLimits()
        limits.requestReadTimeout = .zero
        #expect(throws: ConfigurationError.self) { try limits.validate() }
    }
}
