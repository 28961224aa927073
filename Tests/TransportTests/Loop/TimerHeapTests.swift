import Testing
@testable import Transport

@Suite struct TimerHeapTests {
    @Test func firesInDeadlineOrderAndSkipsCancelled() {
        var heap = TimerHeap<Int>()
        _ = heap.schedule(at: 30, 3)
        let cancelled = heap.schedule(at: 10, 1)
        _ = heap.schedule(at: 20, 2)
        heap.cancel(cancelled)
        #expect(heap.nextDeadline() == 20)
        #expect(heap.popDue(now: 25) == [2])
        #expect(heap.popDue(now: 100) == [3])
        #expect(heap.count == 0)
        #expect(heap.nextDeadline() == nil)
    }

    @Test func cancellingManyKeepsMemoryBounded() {
        var heap = TimerHeap<Int>()
        var ids: [TimerID] = []
        for index in 0..<10_000 { ids.append(heap.schedule(at: UInt64(1_000_000 + index), index)) }
        for id in ids.dropLast() { heap.cancel(id) }
        #expect(heap.count == 1)
        #expect(heap.popDue(now: .max) == [9_999])
    }
}

@Suite struct RateWindowTests {
    @Test func allowsExactlyTheLimitPerWindow() {
        var window = RateWindow(maxEvents: 3, window: .seconds(1))
        #expect(window.record(now: 0) == false)
        #expect(window.record(now: 1) == false)
        #expect(window.record(now: 2) == false)
        #expect(window.record(now: 3) == true)
        // A new window starts after one second.
        #expect(window.record(now: 1_000_000_010) == false)
    }
}
