import Foundation
import Protocol
import Testing
@testable import Transport

/// Which failed calls a client retries, and how long it waits (issue 13, the client).
@Suite struct RetryPolicyTests {
    func detail(_ code: String) -> [UInt8] {
        ErrorDetail(code: code, fieldPath: "", message: "m", facts: []).encoded()
    }

    @Test func waitsGrowJitteredAndCapped() {
        let policy = RetryPolicy(firstDelay: .milliseconds(50), maxDelay: .seconds(1))
        var random = SystemRandomNumberGenerator()
        for retry in 1...12 {
            let full = min(50 << (retry - 1), 1_000)
            var seen: Set<Int64> = []
            for _ in 0..<50 {
                let wait = policy.delay(retry: retry, using: &random).nanosecondsClamped / 1_000_000
                #expect(wait >= Int64(full / 2) && wait <= Int64(full), "retry \(retry): \(wait) ms of \(full)")
                seen.insert(wait)
            }
            if full >= 100 { #expect(seen.count > 1, "jittered: retry \(retry)") }
        }
    }

    @Test func retriesWhatIsSafe() {
        // Never sent (refused connection, GOAWAY before the stream, REFUSED_STREAM): always.
        let refused = GRPCCallResult(status: .unavailable, message: "connect failed: connect: errno 111", neverSent: true)
        #expect(RetryPolicy.isRetryable(refused, idempotent: false))
        let reset = GRPCCallResult.fromClosedStream(headers: [], trailers: [], response: nil, resetCode: HTTP2ErrorCode.refusedStream)
        #expect(reset.neverSent && RetryPolicy.isRetryable(reset, idempotent: false))
        // Lost mid-call: only when repeating is safe.
        let lost = GRPCCallResult(status: .unavailable, message: "connection closed by the server")
        #expect(RetryPolicy.isRetryable(lost, idempotent: true))
        #expect(!RetryPolicy.isRetryable(lost, idempotent: false))
        // The server's own refusals.
        let busy = GRPCCallResult(status: .resourceExhausted, message: "", errorDetail: detail("WRITER_OVERLOADED"), headers: [HeaderField(":status", "200")])
        #expect(RetryPolicy.isRetryable(busy, idempotent: true))
        let buffers = GRPCCallResult(status: .resourceExhausted, message: "", errorDetail: detail("REQUEST_BUFFERS_FULL"), headers: [HeaderField(":status", "200")])
        #expect(RetryPolicy.isRetryable(buffers, idempotent: true))
        let tooBig = GRPCCallResult(status: .resourceExhausted, message: "", errorDetail: detail("WIRE_MESSAGE_TOO_LARGE"), headers: [HeaderField(":status", "200")])
        #expect(!RetryPolicy.isRetryable(tooBig, idempotent: true))
        let storageLost = GRPCCallResult(status: .unavailable, message: "", errorDetail: detail("STORAGE_FILE_LOST"), headers: [HeaderField(":status", "200")])
        #expect(!RetryPolicy.isRetryable(storageLost, idempotent: true))
        for status in [GRPCStatusCode.deadlineExceeded, .notFound, .aborted, .internal, .unauthenticated, .failedPrecondition] {
            #expect(!RetryPolicy.isRetryable(GRPCCallResult(status: status, message: ""), idempotent: true), "\(status.name)")
        }
        // A server shutting down closes connections its kernel had accepted: transient.
        let closedInHandshake = GRPCCallResult(status: .unavailable, message: "connection closed during TLS handshake", neverSent: true)
        #expect(RetryPolicy.isRetryable(closedInHandshake, idempotent: false))
        let eof = GRPCCallResult(status: .unavailable, message: "TLS handshake failed: TLS: handshake failed: error:0A000126:SSL routines::unexpected eof while reading", neverSent: true)
        #expect(RetryPolicy.isRetryable(eof, idempotent: false))
        // Failures a new connection would repeat.
        for message in ["getaddrinfo(x) failed", "TLS handshake failed: certificate verify failed", "server did not select ALPN h2", "connect timeout"] {
            #expect(!RetryPolicy.isRetryable(GRPCCallResult(status: .unavailable, message: message, neverSent: true), idempotent: true), "\(message)")
        }
    }

    /// A call made while the server restarts on its port waits for it and succeeds on a new
    /// connection; a plain connection that saw the GOAWAY refuses new calls as never sent.
    @Test func callSurvivesAServerRestartOnTheSamePort() throws {
        let first = try TestServer(tls: true)
        let port = first.port
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let connection = try Self.reconnecting(to: port, loop: loop)
        let plain = try first.client(loop: loop)
        #expect(Self.call(connection, deadline: .seconds(5)).result.status == .ok)
        #expect(Self.blocking(plain, TestRoutes.echo).status == .ok)

        // A slow call keeps the server draining after its GOAWAY.
        let slow = Thread { _ = Self.blocking(plain, TestRoutes.slow, [50]) }
        slow.start()
        usleep(100_000)
        let stopping = Thread { first.shutdown() }
        stopping.start()
        usleep(150_000)
        let afterGoAway = Self.blocking(plain, TestRoutes.echo)
        #expect(afterGoAway.status == .unavailable && afterGoAway.neverSent, "\(afterGoAway)")

        let second = Holder()
        let restart = Thread {
            usleep(1_200_000)
            second.server = try? TestServer(tls: true) { $0.port = port }
        }
        restart.start()
        let outcome = Self.call(connection, deadline: .seconds(8))
        #expect(outcome.result.status == .ok, "\(outcome.result)")
        #expect(outcome.retries >= 1 && outcome.retries < 30, "backed off: \(outcome.retries) retries")
        connection.close()
        plain.close()
        while second.server == nil && !restart.isFinished { usleep(10_000) }
        second.server?.shutdown()
    }

    /// A server that is shutting down closes connections its kernel had already accepted, in the
    /// middle of the TLS handshake: the call is retried on a new connection, not failed (and the
    /// closed connection is not kept for later calls to fail on at once).
    @Test func aConnectionClosedDuringTheHandshakeIsRetried() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        Glibc.listen(listener, 8)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let second = Holder()
        // Accepts and closes the first two connections, then the real server takes the port.
        let closer = Thread {
            for _ in 0..<2 { Glibc.close(accept(listener, nil, nil)) }
            Glibc.close(listener)
            second.server = try? TestServer(tls: true) { $0.port = port }
        }
        closer.start()
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let connection = try Self.reconnecting(to: port, loop: loop)
        let outcome = Self.call(connection, deadline: .seconds(8))
        #expect(outcome.result.status == .ok, "\(outcome.result)")
        #expect(outcome.retries >= 2, "\(outcome.retries)")
        connection.close()
        while second.server == nil && !closer.isFinished { usleep(10_000) }
        second.server?.shutdown()
    }

    @Test func aServerThatStaysAwayEndsTheCallAtItsDeadline() throws {
        let server = try TestServer(tls: true)
        let port = server.port
        server.shutdown()
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let connection = try Self.reconnecting(to: port, loop: loop)
        let started = MonotonicInstant.now()
        let outcome = Self.call(connection, deadline: .seconds(1))
        let elapsedMs = (MonotonicInstant.now().nanoseconds - started.nanoseconds) / 1_000_000
        #expect(outcome.result.status == .unavailable && outcome.result.message.contains("connect failed"), "\(outcome.result)")
        #expect(outcome.retries >= 3 && outcome.retries < 15, "\(outcome.retries)")
        #expect(elapsedMs >= 400 && elapsedMs <= 1_300, "\(elapsedMs) ms")
        connection.close()
    }

    final class Holder: @unchecked Sendable {
        var server: TestServer?
    }

    final class Box: @unchecked Sendable {
        var result = GRPCCallResult(status: .unknown, message: "")
        var retries = 0
    }

    /// A reconnecting TLS client of 127.0.0.1:`port` trusting the test CA.
    static func reconnecting(to port: Int, loop: EventLoop) throws -> ReconnectingConnection {
        let configuration = ClientConfiguration(host: "127.0.0.1", port: port,
                                                security: .tls(ClientTLSConfiguration(trustedCAPath: TLSFixture.shared.caPath)))
        return try ReconnectingConnection(configuration: configuration, loop: loop)
    }

    static func call(_ connection: ReconnectingConnection, deadline: Duration) -> Box {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        connection.call(TestRoutes.echo, message: [1, 2, 3], deadline: deadline, idempotent: true) { result, retries in
            box.result = result
            box.retries = retries
            done.signal()
        }
        done.wait()
        return box
    }

    static func blocking(_ connection: GRPCClientConnection, _ path: String, _ message: [UInt8] = [1]) -> GRPCCallResult {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        connection.call(path, message: message, timeout: .seconds(5)) { result in
            box.result = result
            done.signal()
        }
        done.wait()
        return box.result
    }
}
