import Foundation
import Glibc
import Protocol
import Testing
@testable import Transport

/// Issue 13, defect 2: a request the client never finishes sending is ended by the server's
/// request-read timeout, whatever it sent and whether or not it sent `grpc-timeout`. The idle
/// timeout (3 s here) is longer, so it is not what ends them.
@Suite(.serialized) struct RequestReadTimeoutTests {
    static let readTimeoutMs = 400

    static func server() throws -> TestServer {
        try TestServer(tls: false) {
            $0.limits.idleTimeout = .milliseconds(3_000)
            $0.limits.requestReadTimeout = .milliseconds(readTimeoutMs)
            $0.refusalDetail = { code, _ in Array(code.utf8) }
        }
    }

    /// Seconds until the server closes `peer`'s connection (nil: still open after 2.5 s).
    static func secondsUntilClosed(_ peer: RawHTTP2, sawGoAway: inout Bool) -> Double? {
        let started = Date()
        while Date().timeIntervalSince(started) < 2.5 {
            guard let frame = peer.readFrame() else {
                if peer.isClosed { return Date().timeIntervalSince(started) }
                continue
            }
            if frame.type == 7 { sawGoAway = true }
        }
        return nil
    }

    @Test func headersCutAfterThreeBytesCloseTheConnection() throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let peer = try RawHTTP2(port: server.port, receiveTimeoutMs: 200)
        peer.handshake()
        peer.send(Array(RawHTTP2.grpcHeaders(stream: 1, path: TestRoutes.echo).prefix(3)))
        var goAway = false
        let closedAfter = Self.secondsUntilClosed(peer, sawGoAway: &goAway)
        #expect(closedAfter != nil, "still open: the idle timeout would take 3 s")
        #expect(goAway)
    }

    @Test func headersWithoutEndHeadersCloseTheConnection() throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let peer = try RawHTTP2(port: server.port, receiveTimeoutMs: 200)
        peer.handshake()
        var headers = RawHTTP2.grpcHeaders(stream: 1, path: TestRoutes.echo)
        headers[4] = 0  // no END_HEADERS: a CONTINUATION must follow, and never does
        peer.send(headers)
        var goAway = false
        #expect(Self.secondsUntilClosed(peer, sawGoAway: &goAway) != nil)
        #expect(goAway)
    }

    @Test func streamWithoutBodyAndPartialMessageGetDeadlineExceeded() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let peer = try RawHTTP2(port: server.port, receiveTimeoutMs: 200)
        peer.handshake()
        let started = Date()
        peer.send(RawHTTP2.grpcHeaders(stream: 1, path: TestRoutes.echo))  // no body, no END_STREAM
        peer.send(RawHTTP2.grpcHeaders(stream: 3, path: TestRoutes.echo, extra: [("grpc-timeout", "60S")])
            + RawHTTP2.data(stream: 3, [0, 0, 0, 0, 10, 1, 2, 3], endStream: false))  // 3 of 10 bytes
        var answered: Set<UInt32> = []
        while answered.count < 2, Date().timeIntervalSince(started) < 2.5 {
            guard let frame = peer.readFrame() else { continue }
            if frame.type == 1, frame.flags & 1 != 0 { answered.insert(frame.stream) }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(answered == [1, 3])
        #expect(elapsed >= Double(Self.readTimeoutMs) / 1000 && elapsed < 1.5, "answered after \(elapsed) s")
        // The same connection still serves a complete request.
        peer.send(RawHTTP2.grpcHeaders(stream: 5, path: TestRoutes.echo) + RawHTTP2.data(stream: 5, GRPCFrame.framed([4]), endStream: true))
        #expect(peer.readUntil { $0.type == 0 && $0.stream == 5 } != nil)
        // A well-behaved call with a large body is unaffected.
        let client = try server.client(loop: loop, tls: false)
        let slowButInTime = await client.call(TestRoutes.echo, message: [UInt8](repeating: 2, count: 100_000))
        #expect(slowButInTime.status == .ok)
        client.close()
    }

    @Test func detailNamesTheTimeout() throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let peer = try RawHTTP2(port: server.port, receiveTimeoutMs: 2_000)
        peer.handshake()
        peer.send(RawHTTP2.grpcHeaders(stream: 1, path: TestRoutes.echo))
        let answer = peer.readUntil { $0.type == 1 && $0.flags & 1 != 0 }
        let fields = try HPACKDecoder().decode(answer?.payload ?? [])
        #expect(fields.first(named: "grpc-status") == "4", "\(fields)")
        #expect(fields.first(named: "collect-error-bin").flatMap(GRPCBinaryHeader.decode) == Array("REQUEST_READ_TIMEOUT".utf8))
    }
}
