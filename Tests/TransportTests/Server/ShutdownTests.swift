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
        let inFlight = Task { await client.call(TestRoutes.slow, message: [100]) }  // 1 s: the shutdown starts well before it ends
        try await Task.sleep(for: .milliseconds(100))
        let started = Date()
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            server.shutdown()
            stopped.signal()
        }
        let result = await inFlight.value
        #expect(result.status == .ok)
        #expect(result.response == [100])
        // Once the shutdown is done, new calls are refused. (While it drains, HTTP/2's two-step
        // GOAWAY may still admit a call that was already on its way.)
        // Waited for on a thread of its own: a blocked Dispatch worker can starve the two-thread
        // pools of a loaded 2-core machine for tens of seconds.
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                stopped.wait()
                continuation.resume()
            }
        }
        let late = await client.call(TestRoutes.echo, message: [2])
        #expect(late.status != .ok)
        #expect(server.server.health.status(of: "") == .notServing)
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func gracePeriodBoundsSlowCalls() async throws {
        let server = try TestServer { $0.limits.shutdownGracePeriod = .milliseconds(200) }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop)
        let inFlight = Task { await client.call(TestRoutes.slow, message: [200]) }  // 2 s
        try await Task.sleep(for: .milliseconds(100))
        let started = Date()
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                server.shutdown()
                continuation.resume()
            }
        }
        #expect(Date().timeIntervalSince(started) < 1.5)
        #expect(await inFlight.value.status == .unavailable)
    }
}
