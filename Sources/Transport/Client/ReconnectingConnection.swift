import Protocol
import Synchronization

/// A client connection that outlives its server's restarts: when a call finds the connection
/// gone (GOAWAY, a reset, refused while the server restarts) the next try runs on a new one, and
/// failed calls that are safe to repeat (``RetryPolicy``) are tried again after a jittered,
/// growing wait, all within the call's deadline.
public final class ReconnectingConnection: Sendable {
    /// The loop the connections and the completions run on.
    public let loop: EventLoop
    private let configuration: ClientConfiguration
    private let policy: RetryPolicy
    private let current: Mutex<GRPCClientConnection>

    /// Starts connecting; throws when the TLS configuration cannot be used (a bad CA file).
    public init(configuration: ClientConfiguration, loop: EventLoop, policy: RetryPolicy = RetryPolicy()) throws {
        self.loop = loop
        self.configuration = configuration
        self.policy = policy
        current = Mutex(try GRPCClientConnection(configuration: configuration, loop: loop))
    }

    /// Makes a call, retried as ``RetryPolicy`` allows until `deadline` from now; `completion`
    /// runs once on the loop thread with the final result and how many retries it took. A call
    /// that runs out of time while waiting to retry ends with its last failure, which says why.
    ///
    /// - Parameters:
    ///   - idempotent: repeating the request is safe (a read, or a mutation that carries its
    ///     idempotency key in `metadata`).
    ///   - keepTrying: asked before each retry; false ends the call with its last failure (a
    ///     load run that is over stops retrying its reads).
    public func call(_ path: String, message: [UInt8], metadata: [HeaderField] = [], deadline: Duration, idempotent: Bool,
                     keepTrying: (@Sendable () -> Bool)? = nil,
                     completion: @escaping @Sendable (GRPCCallResult, _ retries: Int) -> Void) {
        let once = Once(completion, loop: loop)
        let attempt = Attempt(path: path, message: message, metadata: metadata, endsAt: .now().advanced(by: deadline),
                              idempotent: idempotent, keepTrying: keepTrying, once: once)
        // The deadline holds whatever a try is waiting for (a new connection's connect timeout
        // may end later). A moment of grace lets a try's own timer say why first (CONNECT_TIMEOUT).
        let loop = self.loop
        let overdue = attempt.endsAt.advanced(by: .milliseconds(100))
        let arm: @Sendable () -> Void = {
            once.armed(loop.schedule(at: overdue) { once.finish(GRPCCallResult(status: .deadlineExceeded, message: "deadline exceeded")) })
        }
        if loop.inEventLoop { arm() } else { loop.execute(arm) }
        start(attempt, retries: 0)
    }

    /// Closes the current connection gracefully (calls in flight finish).
    public func close() {
        current.withLock { $0 }.close()
    }

    /// Calls a completion once, with the final result or with DEADLINE_EXCEEDED when the
    /// deadline passes first, and the retries made.
    private final class Once: Sendable {
        private struct State {
            var completion: (@Sendable (GRPCCallResult, Int) -> Void)?
            var retries = 0
            var timer: TimerID?
        }
        private let state: Mutex<State>
        private let loop: EventLoop

        init(_ completion: @escaping @Sendable (GRPCCallResult, Int) -> Void, loop: EventLoop) {
            state = Mutex(State(completion: completion))
            self.loop = loop
        }

        /// Counts a retry.
        func retried() { state.withLock { $0.retries += 1 } }

        /// False once the call has ended (its deadline may end it while a try is still running:
        /// that try's result is then dropped, and no retry follows).
        var isOpen: Bool { state.withLock { $0.completion != nil } }

        /// Keeps the deadline's timer so that an earlier end cancels it (on the loop thread);
        /// cancels it at once if the call has ended already.
        func armed(_ timer: TimerID) {
            let ended = state.withLock { state -> Bool in
                state.timer = timer
                return state.completion == nil
            }
            if ended { loop.cancel(timer) }
        }

        func finish(_ result: GRPCCallResult) {
            let (completion, retries, timer) = state.withLock { state in
                defer { state.completion = nil; state.timer = nil }
                return (state.completion, state.retries, state.completion == nil ? nil : state.timer)
            }
            guard let completion else { return }
            // A load run makes thousands of calls a second: their deadline timers must not pile up.
            if let timer {
                let loop = self.loop
                if loop.inEventLoop { loop.cancel(timer) } else { loop.execute { loop.cancel(timer) } }
            }
            completion(result, retries)
        }
    }

    private struct Attempt: Sendable {
        let path: String
        let message: [UInt8]
        let metadata: [HeaderField]
        let endsAt: MonotonicInstant
        let idempotent: Bool
        let keepTrying: (@Sendable () -> Bool)?
        let once: Once
    }

    private func start(_ attempt: Attempt, retries: Int) {
        guard attempt.once.isOpen else { return }
        let connection = current.withLock { $0 }
        let remaining = attempt.endsAt.nanosecondsFromNow
        guard remaining > 0 else {
            attempt.once.finish(GRPCCallResult(status: .deadlineExceeded, message: "deadline exceeded"))
            return
        }
        connection.call(attempt.path, message: attempt.message, metadata: attempt.metadata, timeout: .nanoseconds(remaining)) { [self] result in
            finished(attempt, retries: retries, on: connection, result)
        }
    }

    private func finished(_ attempt: Attempt, retries: Int, on connection: GRPCClientConnection, _ result: GRPCCallResult) {
        // No answer from the server at all (other than our own deadline): this connection is
        // gone or going. The first call to see it replaces it, retried or not, so that later
        // calls do not fail at once on a dead connection; the others retry on the replacement.
        if result.status != .ok, result.status != .deadlineExceeded, result.headers.isEmpty { replace(connection) }
        guard attempt.once.isOpen else { return }
        guard result.status != .ok, RetryPolicy.isRetryable(result, idempotent: attempt.idempotent), attempt.keepTrying?() ?? true else {
            attempt.once.finish(result)
            return
        }
        var random = SystemRandomNumberGenerator()
        let wait = policy.delay(retry: retries + 1, using: &random)
        let retryAt = MonotonicInstant.now().advanced(by: wait)
        guard retryAt < attempt.endsAt else {
            attempt.once.finish(result)
            return
        }
        attempt.once.retried()
        let loop = self.loop
        loop.execute { [self] in
            _ = loop.schedule(at: retryAt) { [self] in start(attempt, retries: retries + 1) }
        }
    }

    private func replace(_ failed: GRPCClientConnection) {
        let replaced = current.withLock { connection -> Bool in
            guard connection === failed, let fresh = try? GRPCClientConnection(configuration: configuration, loop: loop) else { return false }
            connection = fresh
            return true
        }
        if replaced { failed.close() }
    }
}
