import Foundation
import Protocol
import Synchronization
import Testing
@testable import Transport

@Suite(.serialized) struct ShutdownTests {
    @Test func gracefulShutdownFinishesCallsInFlight() async throws {
        let server = try TestServer()
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        #expect(await client.call(TestRoutes.echo, message: [1]).status == .ok)
        let inFlight = Task { await client.call(TestRoutes.slow, message: [30]) }  // 300 ms
        try await Task.sleep(for: .milliseconds(100))
        let started = Date()
        Thread.detachNewThread { server.shutdown() }
        let result = await inFlight.value
        #expect(result.status == .ok)
        #expect(result.response == [30])
        // New calls on the draining connection are refused.
        let late = await client.call(TestRoutes.echo, message: [2])
        #expect(late.status != .ok)
        #expect(server.server.health.status(of: "") == .notServing)
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func gracePeriodBoundsSlowCalls() async throws {
        let server = try TestServer { $0.limits.shutdownGracePeriod = .milliseconds(200) }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        let inFlight = Task { await client.call(TestRoutes.slow, message: [200]) }  // 2 s
        try await Task.sleep(for: .milliseconds(100))
        let started = Date()
        server.shutdown()
        #expect(Date().timeIntervalSince(started) < 1.5)
        #expect(await inFlight.value.status == .unavailable)
    }
}
