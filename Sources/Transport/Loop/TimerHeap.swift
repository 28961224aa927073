/// Identifies a scheduled timer so it can be cancelled.
struct TimerID: Hashable, Sendable {
    let rawValue: UInt64
}

/// A min-heap of deadlines with cancellation, checked by the loop before each `epoll_wait`.
///
/// Cancelled entries stay in the heap until they surface or until stale ones outnumber live ones,
/// when the heap is rebuilt from the live entries; memory stays proportional to live timers.
struct TimerHeap<Action> {
    private struct Entry {
        let deadline: UInt64
        let id: UInt64
    }

    private var heap: [Entry] = []
    private var actions: [UInt64: Action] = [:]
    private var nextID: UInt64 = 1

    /// Number of timers not yet fired or cancelled.
    var count: Int { actions.count }

    /// Schedules `action` at `deadline` (monotonic nanoseconds).
    mutating func schedule(at deadline: UInt64, _ action: Action) -> TimerID {
        let id = nextID
        nextID += 1
        actions[id] = action
        heap.append(Entry(deadline: deadline, id: id))
        siftUp(heap.count - 1)
        return TimerID(rawValue: id)
    }

    /// Cancels a timer; a no-op when it already fired or was cancelled.
    mutating func cancel(_ id: TimerID) {
        guard actions.removeValue(forKey: id.rawValue) != nil else { return }
        if heap.count > 64, heap.count > 2 * actions.count { rebuild() }
    }

    /// The earliest live deadline, if any.
    mutating func nextDeadline() -> UInt64? {
        dropCancelledTop()
        return heap.first?.deadline
    }

    /// Removes and returns the actions due at `now`, earliest first.
    mutating func popDue(now: UInt64) -> [Action] {
        var due: [Action] = []
        while true {
            dropCancelledTop()
            guard let top = heap.first, top.deadline <= now else { break }
            removeTop()
            if let action = actions.removeValue(forKey: top.id) { due.append(action) }
        }
        return due
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, actions[top.id] == nil { removeTop() }
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
    }

    private mutating func rebuild() {
        heap.removeAll { actions[$0.id] == nil }
        var index = heap.count / 2
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count, heap[right].deadline < heap[smallest].deadline { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
