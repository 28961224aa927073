import Protocol
import Testing
@testable import Transport

@Suite struct ServerCallStateMachineTests {
    func feed(_ machine: inout ServerCallStateMachine, _ bytes: [UInt8]) -> ServerCallStateMachine.Action {
        bytes.withUnsafeBytes { machine.receive($0) }
    }

    @Test func messageSplitAtEveryByteBoundaryRunsTheHandlerOnce() {
        let message = Array((0..<40).map { UInt8($0) })
        let framed = GRPCFrame.framed(message)
        for first in 0...framed.count {
            for second in first...framed.count {
                var machine = ServerCallStateMachine(maxMessageBytes: 100)
                #expect(feed(&machine, Array(framed[0..<first])) == .none)
                #expect(feed(&machine, Array(framed[first..<second])) == .none)
                #expect(feed(&machine, Array(framed[second...])) == .none)
                #expect(machine.receiveEnd(deadlinePassed: false) == .runHandler(message))
            }
        }
    }

    @Test func secondMessageIsUnimplemented() {
        var machine = ServerCallStateMachine(maxMessageBytes: 100)
        guard case .fail(let code, _, _) = feed(&machine, GRPCFrame.framed([1]) + GRPCFrame.framed([2])) else {
            Issue.record("expected failure"); return
        }
        #expect(code == .unimplemented)
    }

    @Test func sizeLimitEdge() {
        var atLimit = ServerCallStateMachine(maxMessageBytes: 10)
        #expect(feed(&atLimit, GRPCFrame.framed([UInt8](repeating: 1, count: 10))) == .none)
        var over = ServerCallStateMachine(maxMessageBytes: 10)
        guard case .fail(let code, _, _) = feed(&over, [0, 0, 0, 0, 11]) else { Issue.record("expected failure"); return }
        #expect(code == .resourceExhausted)
    }

    @Test func compressedFlagIsInternal() {
        var machine = ServerCallStateMachine(maxMessageBytes: 10)
        guard case .fail(let code, _, _) = feed(&machine, [1, 0, 0, 0, 1, 9]) else { Issue.record("expected failure"); return }
        #expect(code == .internal)
    }

    @Test func deadlineBeforeStartAbandonsTheHandler() {
        var machine = ServerCallStateMachine(maxMessageBytes: 10)
        _ = feed(&machine, GRPCFrame.framed([1]))
        guard case .fail(let code, _, _) = machine.receiveEnd(deadlinePassed: true) else { Issue.record("expected failure"); return }
        #expect(code == .deadlineExceeded)
        #expect(machine.deadlineExpired() == .none)
    }

    @Test func completionAfterDeadlineIsDropped() {
        var machine = ServerCallStateMachine(maxMessageBytes: 10)
        _ = feed(&machine, GRPCFrame.framed([1]))
        #expect(machine.receiveEnd(deadlinePassed: false) == .runHandler([1]))
        guard case .fail(.deadlineExceeded, _, _) = machine.deadlineExpired() else { Issue.record("expected deadline"); return }
        #expect(machine.handlerCompleted() == false)
    }

    @Test func endWithoutMessageOrInsideOne() {
        var empty = ServerCallStateMachine(maxMessageBytes: 10)
        guard case .fail(.unimplemented, _, _) = empty.receiveEnd(deadlinePassed: false) else { Issue.record("expected failure"); return }
        var partial = ServerCallStateMachine(maxMessageBytes: 10)
        _ = feed(&partial, [0, 0, 0])
        guard case .fail(.internal, _, _) = partial.receiveEnd(deadlinePassed: false) else { Issue.record("expected failure"); return }
    }
}
