import Glibc
import Protocol

/// Which failed calls a client tries again, and how long it waits first.
///
/// Retried: a request that never reached the server (the connection could not be made, was
/// closed before the stream opened, or the server refused the stream unprocessed with GOAWAY
/// or REFUSED_STREAM); and, for a call that is safe to repeat (a read, or a mutation with its
/// idempotency key), UNAVAILABLE and RESOURCE_EXHAUSTED `WRITER_OVERLOADED` /
/// `REQUEST_BUFFERS_FULL`. Not retried: every other status, a deadline, and failures a retry
/// cannot mend (unknown host, a failed TLS handshake such as an untrusted certificate, a server
/// that is not HTTP/2, a connect timeout, a file the server has lost).
public struct RetryPolicy: Sendable {
    /// The wait before the first retry.
    public var firstDelay: Duration
    /// The longest wait between two tries.
    public var maxDelay: Duration

    /// Creates a policy: 50 ms, doubling, at most 1 s by default.
    public init(firstDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(1)) {
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    /// Server detail codes under UNAVAILABLE that stay until an operator acts.
    static let lastingUnavailable: Set<String> = ["STORAGE_FILE_LOST"]
    /// RESOURCE_EXHAUSTED detail codes that mean "busy now", not "too big".
    static let busy: Set<String> = ["WRITER_OVERLOADED", "REQUEST_BUFFERS_FULL"]
    /// Local failures (messages of `ClientConnectionCore`) that a new connection would repeat.
    static let lastingLocal = ["getaddrinfo(", "TLS handshake failed", "ALPN", "connect timeout"]
    /// Handshake failures that are only the peer hanging up: a server that is shutting down
    /// closes connections its kernel had already accepted. These are retried.
    static let peerHungUp = ["unexpected eof", "during TLS handshake", "errno \(ECONNRESET)"]

    /// True for a local failure a new connection would repeat.
    static func isLasting(_ message: String) -> Bool {
        lastingLocal.contains { message.contains($0) } && !peerHungUp.contains { message.contains($0) }
    }

    /// The wait before retry number `retry` (1 for the first): the delay doubles from
    /// `firstDelay` up to `maxDelay`, and a random half of it is dropped, so clients that failed
    /// together do not come back together.
    public func delay<R: RandomNumberGenerator>(retry: Int, using random: inout R) -> Duration {
        let first = firstDelay.nanosecondsClamped
        let cap = maxDelay.nanosecondsClamped
        let full = min(cap, first << min(max(retry - 1, 0), 30))
        let half = full / 2
        return .nanoseconds(half + Int64.random(in: 0...max(half, 0), using: &random))
    }

    /// Whether `result` may be tried again; `idempotent` says whether repeating the request is
    /// safe (a read, or a mutation carrying its idempotency key).
    public static func isRetryable(_ result: GRPCCallResult, idempotent: Bool) -> Bool {
        if result.neverSent { return !isLasting(result.message) }
        guard idempotent else { return false }
        let code = result.errorDetail.flatMap { try? ErrorDetail(decoding: $0) }?.code
        switch result.status {
        case .unavailable:
            if let code { return !lastingUnavailable.contains(code) }
            return !isLasting(result.message)
        case .resourceExhausted:
            return code.map(busy.contains) ?? false
        default:
            return false
        }
    }
}
