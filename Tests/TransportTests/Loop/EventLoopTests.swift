import Foundation
import Glibc
import Synchronization
import Testing
@testable import Transport

@Suite struct EventLoopTests {
    /// A handler that completes after its server stopped (a slow call) posts to a loop that has
    /// exited. That must touch nothing: the loop's wake-up descriptor once was closed at exit,
    /// and its number, taken by a new socket, received the 8-byte wake-up — stray bytes on another
    /// connection (TLS "wrong version number") and SIGPIPE when that peer had gone.
    @Test func executeAfterTheLoopExitedWritesNowhere() throws {
        let loop = try EventLoop(name: "test-exited")
        loop.stopAndJoin()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        let ran = TestRoutes.Observed()
        for _ in 0..<3 { loop.execute { ran.started.add(1, ordering: .relaxed) } }
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(read(ends[0], &buffer, buffer.count) == -1, "the exited loop wrote into a descriptor it no longer owns")
        let tasksRun = ran.started.load(ordering: .relaxed)
        #expect(tasksRun == 0)
    }
}
