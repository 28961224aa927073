import Foundation
import Glibc
import Protocol
import Testing
@testable import Transport

/// Each connection defence at its edge, with a hand-written misbehaving client.
@Suite(.serialized) struct DefenceTests {
    @Test func resetFloodGetsEnhanceYourCalm() throws {
        let server = try TestServer(tls: false) { $0.limits.maxStreamResetsPerWindow = 20 }
        defer { server.shutdown() }
        // At the limit: still served.
        let polite = try RawHTTP2(port: server.port)
        polite.handshake()
        var stream: UInt32 = 1
        for _ in 0..<20 {
            polite.send(RawHTTP2.grpcHeaders(stream: stream, path: TestRoutes.slow) + RawHTTP2.reset(stream: stream))
            stream += 2
        }
        polite.send(RawHTTP2.grpcHeaders(stream: stream, path: TestRoutes.echo) + RawHTTP2.data(stream: stream, GRPCFrame.framed([1]), endStream: true))
        #expect(polite.readUntil { $0.type == 0 && $0.stream == stream } != nil)
        // One over: GOAWAY(ENHANCE_YOUR_CALM).
        let flooder = try RawHTTP2(port: server.port)
        flooder.handshake()
        stream = 1
        for _ in 0..<21 {
            flooder.send(RawHTTP2.grpcHeaders(stream: stream, path: TestRoutes.slow) + RawHTTP2.reset(stream: stream))
            stream += 2
        }
        #expect(flooder.readUntil { $0.type == 7 }?.goAwayCode == HTTP2ErrorCode.enhanceYourCalm)
        #expect(flooder.waitForClose())
    }

    @Test func pingFloodGetsEnhanceYourCalm() throws {
        let server = try TestServer(tls: false) { $0.limits.maxPingsPerWindow = 10 }
        defer { server.shutdown() }
        let polite = try RawHTTP2(port: server.port)
        polite.handshake()
        for _ in 0..<10 { polite.send(RawHTTP2.ping()) }
        var acks = 0
        while acks < 10, let frame = polite.readFrame() {
            #expect(frame.type != 7)
            if frame.type == 6 { acks += 1 }
        }
        #expect(acks == 10)
        let flooder = try RawHTTP2(port: server.port)
        flooder.handshake()
        for _ in 0..<11 { flooder.send(RawHTTP2.ping()) }
        #expect(flooder.readUntil { $0.type == 7 }?.goAwayCode == HTTP2ErrorCode.enhanceYourCalm)
    }

    @Test func settingsFloodGetsEnhanceYourCalm() throws {
        let server = try TestServer(tls: false) { $0.limits.maxSettingsPerWindow = 10 }
        defer { server.shutdown() }
        let polite = try RawHTTP2(port: server.port)
        polite.handshake()  // 1 SETTINGS
        for _ in 0..<9 { polite.send(RawHTTP2.settings([])) }
        polite.send(RawHTTP2.grpcHeaders(stream: 1, path: TestRoutes.echo) + RawHTTP2.data(stream: 1, GRPCFrame.framed([1]), endStream: true))
        #expect(polite.readUntil { $0.type == 0 || $0.type == 7 }?.type == 0)
        let flooder = try RawHTTP2(port: server.port)
        flooder.handshake()
        for _ in 0..<10 { flooder.send(RawHTTP2.settings([])) }
        #expect(flooder.readUntil { $0.type == 7 }?.goAwayCode == HTTP2ErrorCode.enhanceYourCalm)
    }

    @Test func settingsAckTimeout() throws {
        let server = try TestServer(tls: false) { $0.limits.settingsAckTimeout = .milliseconds(300) }
        defer { server.shutdown() }
        let acking = try RawHTTP2(port: server.port, receiveTimeoutMs: 700)
        acking.handshake(ack: true)
        #expect(acking.readUntil { $0.type == 7 } == nil)  // nothing but a timeout within 700 ms
        let silent = try RawHTTP2(port: server.port)
        silent.handshake(ack: false)
        #expect(silent.readUntil { $0.type == 7 }?.goAwayCode == HTTP2ErrorCode.settingsTimeout)
    }

    @Test func idleConnectionIsClosed() throws {
        let server = try TestServer(tls: false) { $0.limits.idleTimeout = .milliseconds(300) }
        defer { server.shutdown() }
        let raw = try RawHTTP2(port: server.port)
        raw.handshake()
        let started = Date()
        #expect(raw.readUntil { $0.type == 7 }?.goAwayCode == HTTP2ErrorCode.noError)
        #expect(raw.waitForClose())
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.25 && elapsed < 2)
    }

    @Test func maxConnectionsClosesTheOneOver() throws {
        let server = try TestServer(tls: false) { $0.limits.maxConnections = 3 }
        defer { server.shutdown() }
        var open: [RawHTTP2] = []
        for _ in 0..<3 {
            let raw = try RawHTTP2(port: server.port)
            raw.handshake()
            #expect(raw.readFrame()?.type == 4)  // served: the server's SETTINGS
            open.append(raw)
        }
        let over = try RawHTTP2(port: server.port, receiveTimeoutMs: 2000)
        #expect(over.waitForClose())
        open.removeAll()
        usleep(200_000)
        let again = try RawHTTP2(port: server.port)
        again.handshake()
        #expect(again.readFrame()?.type == 4)
    }

    @Test func clientThatDoesNotReadCannotGrowServerMemory() throws {
        let limit = 64 * 1024
        let server = try TestServer(tls: false) { $0.limits.maxOutputBufferBytes = limit }
        defer { server.shutdown() }
        let raw = try RawHTTP2(port: server.port)
        // A huge window so flow control does not hold the server back; only the buffer bound does.
        raw.handshake(settings: [(0x4, 0x7FFF_FFFF), (0x3, 1000)])
        raw.send(RawHTTP2.frame(type: 8, flags: 0, stream: 0, payload: [0x7F, 0xFF, 0x00, 0x00]))
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(raw.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var stream: UInt32 = 1
        var blocked = false
        // Up to 2000 requests of 16 KiB, each asking for 256 KiB, if nobody pushed back.
        let padding = [UInt8](repeating: 0, count: 16_000)
        for _ in 0..<2000 {
            let request = RawHTTP2.grpcHeaders(stream: stream, path: TestRoutes.big)
                + RawHTTP2.data(stream: stream, GRPCFrame.framed(padding), endStream: true)
            if !raw.send(request) { blocked = true; break }
            stream += 2
        }
        #expect(blocked, "the server kept reading from a client that does not read")
        #expect(raw.lastSendErrno == EAGAIN, "the connection should stall, not fail (errno \(raw.lastSendErrno))")
        #expect(server.server.peakOutputBufferBytes <= limit + 64 * 1024)
    }
}
