import Foundation
import Glibc
import Logging
import Store

/// A graceful stop with a time bound: when storage hangs (a frozen or dead file system), waiting
/// for the last commit would wait forever and leave only SIGKILL. Past the bound the server says
/// what it could not flush and exits with 75 (EX_TEMPFAIL); what was not acknowledged was never
/// promised, and what was is already durable.
struct GracefulStop {
    /// Default bound: calls in flight get their deadline's worth, the last commit a few fsyncs.
    static let timeoutMsDefault = 15_000
    /// Accepted bounds.
    static let timeoutMsRange = 100...600_000
    /// The exit status of a stop that ran out of time.
    static let timedOutExitStatus: Int32 = 75

    let timeoutMs: Int
    let logger: Logger

    /// Runs `stop` on its own thread and waits for it at most `timeoutMs`.
    func run(writer: StoreWriter, stop: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            stop()
            done.signal()
        }
        thread.name = "collect-stop"
        thread.start()
        guard done.wait(timeout: .now() + .milliseconds(timeoutMs)) == .timedOut else { return }
        logger.critical("the graceful stop ran out of time: storage does not answer; exiting without the last flush", metadata: [
            "timeout_ms": "\(timeoutMs)", "queued_not_flushed": "\(writer.queueDepth)",
            "note": "mutations queued or in the batch being committed were not acknowledged",
        ])
        _exit(Self.timedOutExitStatus)
    }
}
