import CLinuxEvents
import Glibc
import Synchronization

/// Something registered with an ``EventLoop`` for readiness events on one descriptor.
protocol EventLoopHandler: AnyObject {
    /// Called on the loop thread with the `epoll` event bits.
    func handleEvent(_ events: UInt32)
}

/// One thread with its own `epoll` instance, timers and task queue.
///
/// Everything registered with a loop is touched only on its thread; other threads reach it through
/// ``execute(_:)``, which queues a task and wakes the loop through an `eventfd`.
public final class EventLoop: @unchecked Sendable {
    // @unchecked: all mutable state except `queue` is confined to the loop thread; `queue` is a Mutex.
    private let epollFD: Int32
    private let wakeFD: Int32
    private let queue = Mutex<(tasks: [@Sendable () -> Void], awake: Bool, exited: Bool)>(([], false, false))
    private var handlers: [Int32: EventLoopHandler] = [:]
    private var timers = TimerHeap<() -> Void>()
    private var running = true
    private var thread: pthread_t? = nil
    private let threadID = Atomic<UInt64>(0)
    private let finished = Mutex<Bool>(false)
    /// A name for logs and the thread.
    public let name: String

    /// Creates a loop and starts its thread.
    public init(name: String) throws(SystemError) {
        self.name = name
        epollFD = try syscallChecked("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        let wake = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        if wake == -1 {
            let code = Glibc.errno
            Glibc.close(epollFD)
            throw SystemError(call: "eventfd", errno: code)
        }
        wakeFD = wake
        var event = epoll_event(events: clinux_epollin(), data: epoll_data_t(fd: wakeFD))
        _ = epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)
        startThread()
    }

    /// True on this loop's thread.
    public var inEventLoop: Bool { threadID.load(ordering: .acquiring) == UInt64(pthread_self()) }

    /// Runs `task` on the loop thread (later, even when called on it). Safe from any thread.
    /// After the loop has exited the task is dropped (e.g. a handler completing after shutdown).
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let wake = queue.withLock { state -> Bool in
            if state.exited { return false }
            state.tasks.append(task)
            if state.awake { return false }
            state.awake = true
            return true
        }
        if wake {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    /// Asks the loop to exit once its current iteration ends. Safe from any thread.
    public func stop() {
        execute { [self] in running = false }
    }

    /// Blocks until the loop thread has exited; must not be called on the loop thread.
    public func join() {
        precondition(!inEventLoop, "a loop cannot wait for itself")
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    // MARK: Loop-thread API

    func register(_ fd: Int32, events: UInt32, handler: EventLoopHandler) throws(SystemError) {
        precondition(inEventLoop)
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        try syscallChecked("epoll_ctl(ADD)") { epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) }
        handlers[fd] = handler
    }

    func modify(_ fd: Int32, events: UInt32) {
        precondition(inEventLoop)
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    func deregister(_ fd: Int32) {
        precondition(inEventLoop)
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        handlers[fd] = nil
    }

    /// Schedules `action` on this loop at `deadline`.
    func schedule(at deadline: MonotonicInstant, _ action: @escaping () -> Void) -> TimerID {
        precondition(inEventLoop)
        return timers.schedule(at: deadline.nanoseconds, action)
    }

    func cancel(_ timer: TimerID?) {
        precondition(inEventLoop)
        if let timer { timers.cancel(timer) }
    }

    // MARK: The loop

    private func startThread() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { argument in
            // The retained loop is handed to the thread, which releases it when the loop ends.
            let loop = Unmanaged<EventLoop>.fromOpaque(argument!).takeRetainedValue()
            loop.run()
            return nil
        }, box)
        precondition(status == 0, "pthread_create failed: \(status)")
        thread = handle
    }

    private func run() {
        threadID.store(UInt64(pthread_self()), ordering: .releasing)
        let prefix = String(name.prefix(15))
        _ = clinux_set_thread_name(prefix)
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while running {
            var timeoutMs: Int32 = -1
            if let next = timers.nextDeadline() {
                let now = MonotonicInstant.now().nanoseconds
                timeoutMs = next <= now ? 0 : Int32(clamping: (next - now + 999_999) / 1_000_000)
            }
            let count = epoll_wait(epollFD, events, Int32(capacity), timeoutMs)
            if count > 0 {
                for index in 0..<Int(count) {
                    let fd = events[index].data.fd
                    if fd == wakeFD {
                        var value: UInt64 = 0
                        _ = Glibc.read(wakeFD, &value, 8)
                        continue
                    }
                    handlers[fd]?.handleEvent(events[index].events)
                }
            }
            runTasks()
            let due = timers.popDue(now: MonotonicInstant.now().nanoseconds)
            for action in due { action() }
        }
        runTasks()
        queue.withLock { state in
            state.exited = true
            state.tasks = []
        }
        handlers.removeAll()
        // The descriptors are closed in deinit, not here: `execute` may still be called from
        // another thread (a late completion), and a wake-up written to a closed descriptor number
        // that a new socket has taken would put 8 stray bytes on that connection (and raise
        // SIGPIPE once its peer is gone).
    }

    deinit {
        Glibc.close(wakeFD)
        Glibc.close(epollFD)
    }

    private func runTasks() {
        while true {
            let tasks = queue.withLock { state -> [@Sendable () -> Void] in
                let tasks = state.tasks
                state.tasks = []
                if tasks.isEmpty { state.awake = false }
                return tasks
            }
            if tasks.isEmpty { return }
            for task in tasks { task() }
        }
    }
}
