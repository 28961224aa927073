import Foundation
import Protocol
import Synchronization
import Testing
@testable import Transport

/// Our client against our server over TLS.
@Suite(.serialized) struct CallTests {
    @Test func healthCheckAndEchoWithTrailers() async throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        let health = await client.call(HealthService.checkPath, message: HealthMessages.encodeRequest(service: ""))
        #expect(health.status == .ok)
        #expect(health.response.flatMap(HealthMessages.decodeResponse) == .serving)
        let echo = await client.call(TestRoutes.echo, message: [1, 2, 3], metadata: [HeaderField("x-request", "r1")])
        #expect(echo.status == .ok)
        #expect(echo.response == [1, 2, 3])
        #expect(echo.trailers.first(named: "x-echo") == "1")
        let elsewhere = await client.call(TestRoutes.elsewhere, message: [9])
        #expect(elsewhere.response == [9])
        client.close()
    }

    /// The server reuses header strings a connection repeats; each call must still see exactly
    /// its own path and values, whether a value changes in place, moves, or disappears.
    @Test func eachCallSeesItsOwnHeadersOnAConnectionThatRepeatsThem() async throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        let calls: [(String, [HeaderField])] = [
            (TestRoutes.metadata, [HeaderField("authorization", "Bearer a"), HeaderField("x-id", "1")]),
            (TestRoutes.metadata, [HeaderField("authorization", "Bearer a"), HeaderField("x-id", "1")]),
            (TestRoutes.metadata, [HeaderField("authorization", "Bearer b"), HeaderField("x-id", "1")]),
            (TestRoutes.metadataOther, [HeaderField("x-id", "1"), HeaderField("authorization", "Bearer b")]),
            (TestRoutes.metadata, [HeaderField("x-id", "2")]),
            (TestRoutes.metadata, [HeaderField("authorization", "Bearer a"), HeaderField("x-id", "1")]),
        ]
        for (path, metadata) in calls {
            let result = await client.call(path, message: [], metadata: metadata)
            #expect(result.status == .ok)
            let lines = String(decoding: result.response ?? [], as: UTF8.self).split(separator: "\n").map(String.init)
            #expect(lines.first == path)
            let sent = metadata.map { "\($0.name): \($0.value)" }
            // The client adds its own fields (content-type, te, ...); ours come in the order sent.
            #expect(lines.filter { $0.hasPrefix("authorization") || $0.hasPrefix("x-id") } == sent)
        }
        client.close()
    }

    /// Streams are reused on a connection once closed: a stream that ended by deadline, by
    /// failure or by success must leave nothing behind for the call that reuses it.
    @Test func callsOnReusedStreamsKeepNothingOfTheCallBefore() async throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        for round in 0..<40 {
            switch round % 4 {
            case 0:
                let late = await client.call(TestRoutes.slow, message: [20], timeout: .milliseconds(30))
                #expect(late.status == .deadlineExceeded)
            case 1:
                let failed = await client.call(TestRoutes.fail, message: [], timeout: .seconds(2))
                #expect(failed.status == .failedPrecondition)
                #expect(failed.errorDetail == [1, 2, 3, 0xFF])
            case 2:
                let echo = await client.call(TestRoutes.echo, message: [UInt8(round)], metadata: [HeaderField("x-round", String(round))],
                                             timeout: .seconds(2))
                #expect(echo.status == .ok)
                #expect(echo.response == [UInt8(round)])
                #expect(echo.trailers.first(named: "x-echo") == "1")
                #expect(echo.errorDetail == nil)
            default:
                let metadata = await client.call(TestRoutes.metadata, message: [], timeout: .seconds(2))
                #expect(metadata.status == .ok)
                let lines = String(decoding: metadata.response ?? [], as: UTF8.self).split(separator: "\n")
                #expect(!lines.contains { $0.hasPrefix("x-round") }, "no header of an earlier call")
            }
        }
        client.close()
    }

    @Test func failureCarriesStatusMessageAndDetail() async throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        let result = await client.call(TestRoutes.fail, message: [])
        #expect(result.status == .failedPrecondition)
        #expect(result.message == "plan is closed — ünïcode 100%")
        #expect(result.errorDetail == [1, 2, 3, 0xFF])
        let unknown = await client.call("/nope.Service/Method", message: [])
        #expect(unknown.status == .unimplemented)
    }

    @Test func hundredsOfConcurrentStreamsOnOneConnection() async throws {
        let server = try TestServer { $0.http2.maxConcurrentStreams = 100 }
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<500 {
                group.addTask {
                    let payload = [UInt8(index & 0xFF), UInt8(index >> 8)]
                    let route = index % 5 == 0 ? TestRoutes.elsewhere : TestRoutes.echo
                    let result = await client.call(route, message: payload)
                    return result.status == .ok && result.response == payload
                }
            }
            var ok = 0
            for await success in group where success { ok += 1 }
            return ok
        }
        #expect(results == 500)
    }

    @Test func messageSizeLimitEdgeOverTheWire() async throws {
        let server = try TestServer { $0.limits.maxRequestMessageBytes = 1000 }
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        let atLimit = await client.call(TestRoutes.echo, message: [UInt8](repeating: 1, count: 1000))
        #expect(atLimit.status == .ok)
        let over = await client.call(TestRoutes.echo, message: [UInt8](repeating: 1, count: 1001))
        #expect(over.status == .resourceExhausted)
    }

    @Test func oversizedHeadersAreRefusedWithResourceExhausted() async throws {
        let server = try TestServer { $0.http2.maxHeaderListBytes = 2048 }
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        let small = await client.call(TestRoutes.echo, message: [1], metadata: [HeaderField("x-pad", String(repeating: "a", count: 1500))])
        #expect(small.status == .ok)
        let big = await client.call(TestRoutes.echo, message: [1], metadata: [HeaderField("x-pad", String(repeating: "a", count: 2100))])
        #expect(big.status == .resourceExhausted)
        // The connection survives for the next call.
        #expect(await client.call(TestRoutes.echo, message: [2]).status == .ok)
    }

    @Test func deadlineExpiresAndQueuedWorkSeesCancellation() async throws {
        let server = try TestServer()
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        // The handler answers after 300 ms; the client allows 100 ms.
        let started = MonotonicInstant.now()
        let result = await client.call(TestRoutes.slow, message: [30], timeout: .milliseconds(100))
        #expect(result.status == .deadlineExceeded)
        #expect(started.nanosecondsFromNow > -250_000_000)
        try await Task.sleep(for: .milliseconds(400))
        #expect(server.observed.cancelled.load(ordering: .relaxed) == 1)
        // A generous deadline is met.
        #expect(await client.call(TestRoutes.slow, message: [1], timeout: .seconds(2)).status == .ok)
    }

    @Test func serverEnforcesDeadlineWithoutClientHelp() throws {
        let server = try TestServer(tls: false)
        defer { server.shutdown() }
        let raw = try RawHTTP2(port: server.port)
        raw.handshake()
        // The handler would answer after 500 ms; the deadline is 50 ms.
        let started = Date()
        raw.send(RawHTTP2.grpcHeaders(stream: 1, path: TestRoutes.slow, extra: [("grpc-timeout", "50m")])
                 + RawHTTP2.data(stream: 1, GRPCFrame.framed([50]), endStream: true))
        let reply = raw.readUntil { ($0.type == 1 || $0.type == 0) && $0.stream == 1 }
        // A trailers-only answer (HEADERS with END_STREAM, no DATA) well before the handler's.
        #expect(reply?.type == 1)
        #expect(reply.map { $0.flags & 1 == 1 } == true)
        #expect(Date().timeIntervalSince(started) < 0.4)
    }

    @Test func clientVanishingMidCallCancelsTheResponder() throws {
        let server = try TestServer(tls: false)
        defer { server.shutdown() }
        do {
            let raw = try RawHTTP2(port: server.port)
            raw.handshake()
            raw.send(RawHTTP2.grpcHeaders(stream: 1, path: TestRoutes.slow) + RawHTTP2.data(stream: 1, GRPCFrame.framed([20]), endStream: true))
            let deadline = Date().addingTimeInterval(2)
            while server.observed.started.load(ordering: .relaxed) == 0, Date() < deadline { usleep(5_000) }
        }  // the socket closes here, mid-call
        usleep(400_000)
        #expect(server.observed.started.load(ordering: .relaxed) == 1)
        #expect(server.observed.cancelled.load(ordering: .relaxed) == 1)
        #expect(server.server.connectionCount == 0)
    }

    @Test func messageSplitOverManyDataFramesAtEveryBoundary() throws {
        let server = try TestServer(tls: false)
        defer { server.shutdown() }
        let raw = try RawHTTP2(port: server.port)
        raw.handshake(settings: [(0x4, 1 << 20)])
        let message = Array("split me anywhere".utf8)
        let framed = GRPCFrame.framed(message)
        var stream: UInt32 = 1
        for cut in 0...framed.count {
            raw.send(RawHTTP2.grpcHeaders(stream: stream, path: TestRoutes.echo)
                     + RawHTTP2.data(stream: stream, Array(framed[0..<cut]), endStream: false)
                     + RawHTTP2.data(stream: stream, Array(framed[cut...]), endStream: true))
            let data = raw.readUntil { $0.type == 0 && $0.stream == stream }
            #expect(data?.payload == framed, "cut at \(cut)")
            stream += 2
        }
    }

    @Test func earlyErrorResetsAStreamTheClientIsStillSending() throws {
        let server = try TestServer(tls: false)
        defer { server.shutdown() }
        let raw = try RawHTTP2(port: server.port)
        raw.handshake()
        raw.send(RawHTTP2.grpcHeaders(stream: 1, path: "/unknown.S/M"))
        let headers = raw.readUntil { $0.type == 1 && $0.stream == 1 }
        #expect(headers.map { $0.flags & 1 == 1 } == true)  // trailers-only: END_STREAM on HEADERS
        let reset = raw.readUntil { $0.type == 3 && $0.stream == 1 }
        #expect(reset?.payload == [0, 0, 0, 0])  // RST_STREAM(NO_ERROR)
    }
}
